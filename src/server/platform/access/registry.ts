import type { OperationNode } from 'kysely';
import type { DB } from '../db/schema.ts';
import { column, cond, id, table, value } from './nodes.ts';

/**
 * Every table the application queries, and how a row reaches its client. The access plugin
 * (plugin.ts) reads this for every query: a table missing here is refused outright, a table holding
 * client data is refused without a scope, and under a client scope it gets its client filter.
 *
 * The type is a record over every table of schema.ts, so a table added there without a rule here does
 * not compile; registry.test.ts checks the migrated database against this list, so a table a migration
 * adds without either does not pass the suite.
 */
export type TableName = keyof DB;

export type TableRule =
  /** The provider's own configuration (no client's data): any query, with or without a scope. */
  | { readonly kind: 'provider' }
  /** Client data for staff and system work only: refused under a client scope. */
  | { readonly kind: 'staff-only' }
  /**
   * A record of what happened, written in the transaction of any change (a contact's too) and read only
   * by staff and system work (the domain events and their effects).
   */
  | { readonly kind: 'outbox' }
  /** Client data with a client column of its own. */
  | {
      readonly kind: 'client';
      readonly column: string;
      /** A further condition a contact's rows must meet (internal notes never reach a contact). */
      readonly contactFilter?: (ref: string) => OperationNode;
    }
  /** Client data reached through a parent row (a message through its ticket). */
  | {
      readonly kind: 'through';
      readonly parent: TableName;
      readonly column: string;
      readonly contactFilter?: (ref: string) => OperationNode;
    }
  /** Client data whose rule needs more than one column (accounts: staff accounts are not a client's). */
  | {
      readonly kind: 'custom';
      readonly filter: (ref: string, clientId: unknown, alias: () => string) => OperationNode;
      /** What a contact's update or delete may touch, when narrower than what they may read. */
      readonly writeFilter?: (ref: string, clientId: unknown, alias: () => string) => OperationNode;
      /** Whether a contact's work may insert rows (the row's owner is then checked by the service). */
      readonly contactInserts: boolean;
    };

/*
 * Every client filter compares `+column = ?`: the unary plus keeps the condition a check on rows the
 * query reaches by its own indexes, never a way in (SQLite and PostgreSQL use no index for `+column`).
 * Without it SQLite let a contact's `clients.id = ?` drive a ticket list, reading every ticket of the
 * client instead of the page's 25 (bench/RESULTS.md, issue 11).
 */
const provider = { kind: 'provider' } as const;
const staffOnly = { kind: 'staff-only' } as const;
const outbox = { kind: 'outbox' } as const;
const ownClient = { kind: 'client', column: 'client_id' } as const;
const notInternal = (ref: string) => cond`${column(ref, 'internal')} = 0`;
const throughTicket = { kind: 'through', parent: 'tickets', column: 'ticket_id' } as const;

/** An account of one of the client's contacts. */
function contactAccountOf(
  ref: string,
  accountColumn: string,
  clientId: unknown,
  alias: () => string,
): OperationNode {
  const a = alias();
  const c = alias();
  return cond`exists (select 1 from ${table('accounts')} as ${id(a)} inner join ${table('contacts')} as ${id(c)} on ${column(c, 'id')} = ${column(a, 'contact_id')} where ${column(a, 'id')} = ${column(ref, accountColumn)} and +${column(c, 'client_id')} = ${value(clientId)})`;
}

function contactOf(
  ref: string,
  contactColumn: string,
  clientId: unknown,
  alias: () => string,
): OperationNode {
  const c = alias();
  return cond`exists (select 1 from ${table('contacts')} as ${id(c)} where ${column(c, 'id')} = ${column(ref, contactColumn)} and +${column(c, 'client_id')} = ${value(clientId)})`;
}

export const tableRules: { readonly [T in TableName]: TableRule } = {
  organisation: provider,
  ticket_categories: provider,
  sla_calendars: provider,
  sla_policies: provider,
  teams: provider,
  team_members: provider,
  jobs: provider,

  clients: {
    kind: 'custom',
    filter: (ref, clientId) => cond`+${column(ref, 'id')} = ${value(clientId)}`,
    contactInserts: false,
  },
  contacts: ownClient,
  client_sites: ownClient,
  invite_links: ownClient,
  tickets: ownClient,
  ticket_attachments: { ...ownClient, contactFilter: notInternal },
  audit_events: ownClient,
  emails: ownClient,
  // A contact sees the provider's people (a ticket's assignee) and the accounts of their own client.
  accounts: {
    kind: 'custom',
    filter: (ref, clientId, alias) =>
      cond`(${column(ref, 'kind')} = 'staff' or ${contactOf(ref, 'contact_id', clientId, alias)})`,
    // ...but changes only the client's own contacts' accounts, never a staff account.
    writeFilter: (ref, clientId, alias) => contactOf(ref, 'contact_id', clientId, alias),
    contactInserts: false,
  },
  sessions: {
    kind: 'custom',
    filter: (ref, clientId, alias) => contactAccountOf(ref, 'account_id', clientId, alias),
    contactInserts: false,
  },
  mfa_backup_codes: {
    kind: 'custom',
    filter: (ref, clientId, alias) => contactAccountOf(ref, 'account_id', clientId, alias),
    contactInserts: true,
  },
  auth_tokens: {
    kind: 'custom',
    filter: (ref, clientId, alias) =>
      cond`(${contactAccountOf(ref, 'account_id', clientId, alias)} or ${contactOf(ref, 'contact_id', clientId, alias)})`,
    contactInserts: true,
  },
  // Rules naming no client apply to every client's tickets.
  assignment_rules: {
    kind: 'custom',
    filter: (ref, clientId) =>
      cond`(${column(ref, 'client_id')} is null or +${column(ref, 'client_id')} = ${value(clientId)})`,
    contactInserts: false,
  },

  ticket_messages: { ...throughTicket, contactFilter: notInternal },
  ticket_status_changes: throughTicket,
  ticket_watchers: throughTicket,
  ticket_email_refs: throughTicket,

  // A contract still being drafted is the provider's work in progress: a contact never sees one.
  contracts: { ...ownClient, contactFilter: (ref) => cond`${column(ref, 'status')} <> 'draft'` },
  contract_sites: { kind: 'through', parent: 'contracts', column: 'contract_id' },
  contract_contacts: { kind: 'through', parent: 'contracts', column: 'contract_id' },
  // A contract's documents: a contact reads those of their client's contracts (never a draft's).
  contract_files: { kind: 'through', parent: 'contracts', column: 'contract_id' },

  // A rating carries its ticket's client (kept for the per-client summary): a contact reads their
  // client's; the service lets only the ticket's requester write one (tickets/ratings.ts).
  ticket_ratings: ownClient,

  // Time: a contact reads only what was approved (what they are billed for), never a draft.
  time_entries: {
    ...ownClient,
    contactFilter: (ref) => cond`${column(ref, 'status')} in ('approved', 'invoiced')`,
  },
  time_timers: staffOnly,
  work_types: provider,
  hour_blocks: { kind: 'through', parent: 'contracts', column: 'contract_id' },
  bank_periods: ownClient,

  // Reports (issue 14): a client's scheduled reports and what was sent; the service lets a contact
  // manage them only with reports:schedule.
  report_schedules: ownClient,
  report_deliveries: ownClient,
  // Consent before overage: reached through the ticket. A contact reads their client's (the estimate
  // too: it is what their request is asked against); the service lets only staff write an estimate or
  // ask, and a contact with overage:approve record a decision (modules/overage).
  ticket_estimates: throughTicket,
  overage_requests: throughTicket,
  // Alerts (issue 14): which alert fired, written and read by system work only.
  alert_deliveries: staffOnly,
  // A notice belongs to one account: under a client's scope, only the client's contacts' notices (a
  // staff member's have no client). The notices service narrows a contact to their own account's.
  notices: {
    kind: 'custom',
    filter: (ref, clientId, alias) => contactAccountOf(ref, 'account_id', clientId, alias),
    contactInserts: false,
  },

  // Orders (issue 15, point 4): a contact reads their client's orders, lines and status history (the
  // service needs orders:view and leaves staff notes out); only staff write them (modules/orders).
  orders: ownClient,
  order_lines: { kind: 'through', parent: 'orders', column: 'order_id' },
  order_status_changes: { kind: 'through', parent: 'orders', column: 'order_id' },
  // Invoices (issue 15): the provider's taxes and number series; a client's invoices, which a contact
  // never sees while still a draft (the services also require invoices:view); lines, their taxes and
  // the time they bill reached through their invoice.
  tax_rates: provider,
  invoice_series: provider,
  invoices: { ...ownClient, contactFilter: (ref) => cond`${column(ref, 'status')} <> 'draft'` },
  invoice_lines: { kind: 'through', parent: 'invoices', column: 'invoice_id' },
  invoice_line_taxes: { kind: 'through', parent: 'invoices', column: 'invoice_id' },
  invoice_line_time_entries: { kind: 'through', parent: 'invoices', column: 'invoice_id' },

  domain_events: outbox,
  domain_event_effects: outbox,

  canned_responses: staffOnly,
  ticket_views: staffOnly,
  // Sign-in throttling: written by sign-in (system work), never read under a client's scope.
  sign_in_throttles: staffOnly,
  inbound_emails: staffOnly,
  // Stored answers to requests sent with an Idempotency-Key (a contact's too): platform work under a
  // system scope only (platform/http/idempotency.ts), never read under a client's scope.
  idempotency_keys: staffOnly,
  // Schedules (platform/schedules.ts): the code-defined ones are the provider's, a stored one may be
  // for a client (a client's report); read and written by staff and system work, never under a
  // client's scope.
  job_schedules: staffOnly,
};

/**
 * The one module that writes each table (scripts/check-modules.ts fails a write from anywhere else);
 * other modules ask the owner's service. `platform` is src/server/platform.
 */
export const tableOwners: { readonly [T in TableName]: string } = {
  organisation: 'settings',
  clients: 'clients',
  client_sites: 'clients',
  contacts: 'contacts',
  accounts: 'identity',
  sessions: 'identity',
  mfa_backup_codes: 'identity',
  auth_tokens: 'identity',
  sign_in_throttles: 'identity',
  invite_links: 'invitations',
  audit_events: 'platform',
  emails: 'platform',
  jobs: 'platform',
  ticket_categories: 'support-config',
  sla_calendars: 'support-config',
  sla_policies: 'support-config',
  teams: 'support-config',
  team_members: 'support-config',
  assignment_rules: 'support-config',
  canned_responses: 'support-config',
  tickets: 'tickets',
  ticket_status_changes: 'tickets',
  ticket_messages: 'tickets',
  ticket_watchers: 'tickets',
  ticket_views: 'tickets',
  ticket_email_refs: 'tickets',
  ticket_attachments: 'attachments',
  inbound_emails: 'ticket-email',
  domain_events: 'platform',
  domain_event_effects: 'platform',
  idempotency_keys: 'platform',
  job_schedules: 'platform',
  contracts: 'contracts',
  contract_sites: 'contracts',
  contract_contacts: 'contracts',
  // Stored files are the attachments module's (the same checks and downloads as ticket files).
  contract_files: 'attachments',
  ticket_ratings: 'tickets',
  work_types: 'time',
  time_entries: 'time',
  time_timers: 'time',
  hour_blocks: 'hours',
  bank_periods: 'hours',
  report_schedules: 'reports',
  report_deliveries: 'reports',
  ticket_estimates: 'overage',
  overage_requests: 'overage',
  alert_deliveries: 'alerts',
  notices: 'notices',
  orders: 'orders',
  order_lines: 'orders',
  order_status_changes: 'orders',
  tax_rates: 'invoices',
  invoice_series: 'invoices',
  invoices: 'invoices',
  invoice_lines: 'invoices',
  invoice_line_taxes: 'invoices',
  invoice_line_time_entries: 'invoices',
};

/** Tables the migrator keeps for itself; only the migrator, which runs below the access layer, uses them. */
export const migratorTables = ['portico_migrations', 'portico_migrations_lock'] as const;

export function ruleFor(table: string): TableRule | undefined {
  return Object.hasOwn(tableRules, table) ? tableRules[table as TableName] : undefined;
}
