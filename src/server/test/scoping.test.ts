/**
 * Scoping, proven from the route table. The app is built as it runs; every /api/v1 route it
 * registered is read back from the app itself (printRoutes) and its policy from the route's own
 * config, so a route added tomorrow is walked without anyone editing this file.
 *
 * Client A (Acme, from the demo data) has a contact of every preset; client B is seeded here with
 * contacts of every preset and records of every kind, under ids no other row uses. Each of A's
 * contacts (and a staff preview of A's portal) then:
 *  - calls every staff route: 403, always;
 *  - calls every route with a path parameter, with B's ids in every id-like parameter (and A's own
 *    client id next to B's other ids): 401, 403 or 404, never 2xx, and no B data in the answer;
 *  - reads every list it may read: nothing of B (or any other client) in it.
 * B's rows, in every table that links to a client, contact or account, are compared before and after.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, FastifyRequest, LightMyRequestResponse } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { insertTicket } from '../modules/attachments/attachments.fixtures.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import type { RoutePolicy } from '../platform/actor.ts';
import { sha256Hex } from '../platform/crypto.ts';
import { Client, createTestApp, OWNER, setUp, type TestApp } from './harness.ts';
import { type Method, routesFromTree } from './routes.ts';

interface RouteInfo {
  method: Method;
  url: string;
  params: string[];
  policy?: RoutePolicy;
  schema?: { body?: unknown; querystring?: unknown; params?: unknown };
}

// ---------------------------------------------------------------------------------------------
// Client B: fixed, high ids no other row has, and strings that must never reach a contact of A.

const B = {
  clientId: 9000,
  clientName: 'Zephyr Foreign Holdings',
  notes: 'ZEPHYR-INTERNAL-NOTE do not show',
  phone: '+44 20 7946 0999',
  website: 'https://zephyr-foreign.example',
  site: { id: 9010, label: 'Zephyr HQ', address: '99 Zephyr Quay, Foreignton' },
  contacts: [
    {
      id: 9101,
      account: 9201,
      preset: 'primary',
      name: 'Zara Zephyrine',
      email: 'zara@zephyr-foreign.example',
    },
    {
      id: 9102,
      account: 9202,
      preset: 'billing',
      name: 'Yusuf Zephyrson',
      email: 'yusuf@zephyr-foreign.example',
    },
    {
      id: 9103,
      account: 9203,
      preset: 'technical',
      name: 'Xena Zephyrova',
      email: 'xena@zephyr-foreign.example',
    },
    {
      id: 9104,
      account: 9204,
      preset: 'standard',
      name: 'Walt Zephyrman',
      email: 'walt@zephyr-foreign.example',
    },
    {
      id: 9105,
      account: 9205,
      preset: 'read-only',
      name: 'Vera Zephyrska',
      email: 'vera@zephyr-foreign.example',
    },
  ],
  inviteLinkId: 9020,
  emailId: 9030,
  auditId: 9040,
  backupCodeId: 9050,
  ticket: { id: 9300, messageId: 9310, internalMessageId: 9311, attachmentId: 9320, watcherId: 9330 },
  contract: {
    id: 9400,
    name: 'Zephyr vault maintenance contract',
    scope: 'ZEPHYR-CONTRACT-SCOPE',
    fileId: 9410,
  },
  ratingId: 9500,
  overage: { estimateId: 9600, requestId: 9610 },
  timeEntryId: 9620,
  /** B's hour bank (issue 14): a prepaid block, a closed period and approved time on B's ticket. */
  hours: { blockId: 9700, periodId: 9710, entryId: 9720 },
  noticeId: 9800,
  /** B's order (issue 15, point 4): shipped, with a staff note and tracking no contact of A may read. */
  order: { id: 9900, lineId: 9910, changeId: 9920 },
  /** B's issued invoice (issue 15) with one line and its tax, numbered in a series of the provider's. */
  invoice: { id: 9950, lineId: 9960, lineTaxId: 9970, seriesId: 9980 },
};

/** Every id of B's: whatever an id-like parameter names, one of these is B's record of that kind. */
const bIds = [
  B.clientId,
  B.site.id,
  ...B.contacts.map((c) => c.id),
  ...B.contacts.map((c) => c.account),
  B.inviteLinkId,
  B.emailId,
  B.auditId,
  B.backupCodeId,
  B.ticket.id,
  B.ticket.messageId,
  B.ticket.internalMessageId,
  B.ticket.attachmentId,
  B.ticket.watcherId,
  B.contract.id,
  B.contract.fileId,
  B.ratingId,
  B.overage.estimateId,
  B.overage.requestId,
  B.timeEntryId,
  B.hours.blockId,
  B.hours.periodId,
  B.hours.entryId,
  B.noticeId,
  B.order.id,
  B.order.lineId,
  B.order.changeId,
  B.invoice.id,
  B.invoice.lineId,
  B.invoice.lineTaxId,
];

const B_PASSWORD = 'zephyr-foreign-passphrase';

const A_CONTACTS = [
  'primary@acme.example',
  'billing@acme.example',
  'technical@acme.example',
  'standard@acme.example',
  'readonly@acme.example',
] as const;

async function seedClientB(t: TestApp): Promise<void> {
  const db = t.db;
  const at = t.clock().toISOString();
  const hash = await hashPassword(B_PASSWORD);
  await db
    .insertInto('clients')
    .values({
      id: B.clientId,
      name: B.clientName,
      portal_enabled: 1,
      created_at: at,
      updated_at: at,
      archived_at: null,
      phone: B.phone,
      website: B.website,
      notes: B.notes,
    })
    .execute();
  await db
    .insertInto('client_sites')
    .values({
      id: B.site.id,
      client_id: B.clientId,
      label: B.site.label,
      address: B.site.address,
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const c of B.contacts) {
    await db
      .insertInto('contacts')
      .values({
        id: c.id,
        client_id: B.clientId,
        name: c.name,
        email: c.email,
        presets: JSON.stringify([c.preset]),
        switches: '{}',
        title: 'Zephyr title',
        department: 'Zephyr department',
        phone: B.phone,
        mobile: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('accounts')
      .values({
        id: c.account,
        kind: 'contact',
        email: c.email,
        name: c.name,
        password_hash: hash,
        staff_role: null,
        contact_id: c.id,
        status: 'active',
        must_change_password: 0,
        last_login_at: at,
        mfa_secret: null,
        mfa_enabled_at: null,
        locked_until: null,
        pending_email: null,
        password_changed_at: at,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('sessions')
      .values({
        id: sha256Hex(`zephyr-session-${c.id}`),
        account_id: c.account,
        remember: 0,
        created_at: at,
        last_seen_at: at,
        idle_expires_at: '2099-01-01T00:00:00.000Z',
        absolute_expires_at: '2099-01-01T00:00:00.000Z',
        ip: '198.51.100.7',
        user_agent: 'Zephyr browser',
        preview_contact_id: null,
      })
      .execute();
  }
  await db
    .insertInto('invite_links')
    .values({
      id: B.inviteLinkId,
      client_id: B.clientId,
      token_hash: 'zephyr-invite-link-hash',
      expires_at: '2099-01-01T00:00:00.000Z',
      max_uses: 5,
      revoked_at: null,
      created_by: null,
      created_at: at,
    })
    .execute();
  await db
    .insertInto('auth_tokens')
    .values({
      id: sha256Hex('zephyr-auth-token'),
      kind: 'invite',
      account_id: null,
      contact_id: B.contacts[3]!.id,
      expires_at: '2099-01-01T00:00:00.000Z',
      used_at: null,
      created_by: null,
      created_at: at,
    })
    .execute();
  await db
    .insertInto('mfa_backup_codes')
    .values({
      id: B.backupCodeId,
      account_id: B.contacts[0]!.account,
      code_hash: 'zephyr-code-hash',
      used_at: null,
      created_at: at,
    })
    .execute();
  await db
    .insertInto('emails')
    .values({
      id: B.emailId,
      to_address: B.contacts[0]!.email,
      to_name: B.contacts[0]!.name,
      subject: 'Zephyr invoice reminder',
      html: '<p>Zephyr</p>',
      text: 'Zephyr',
      message_id: '<zephyr@example>',
      status: 'outbox',
      last_error: null,
      client_id: B.clientId,
      sent_at: at,
      created_at: at,
    })
    .execute();
  await db
    .insertInto('audit_events')
    .values({
      id: B.auditId,
      at,
      actor_kind: 'contact',
      actor_account_id: B.contacts[0]!.account,
      actor_name: B.contacts[0]!.name,
      client_id: B.clientId,
      action: 'auth.login',
      target_type: 'account',
      target_id: B.contacts[0]!.account,
      ip: '198.51.100.7',
      user_agent: 'Zephyr browser',
      details: '{}',
    })
    .execute();
  // A ticket of B's with a public reply, an internal note and an attachment.
  const requester = B.contacts[0]!;
  await insertTicket(
    t,
    B.clientId,
    { status: 'open', requesterContactId: requester.id, subject: 'Zephyr vault door jammed' },
    {
      id: B.ticket.id,
      description: 'Zephyr description of the problem',
      priority: 'high',
      created_by_account_id: requester.account,
    },
  );
  await db
    .insertInto('ticket_status_changes')
    .values({ ticket_id: B.ticket.id, status: 'open', at, actor_account_id: requester.account })
    .execute();
  for (const [id, internal, body] of [
    [B.ticket.messageId, 0, 'Zephyr public reply'],
    [B.ticket.internalMessageId, 1, 'ZEPHYR-INTERNAL-NOTE about the vault'],
  ] as const) {
    await db
      .insertInto('ticket_messages')
      .values({
        id,
        ticket_id: B.ticket.id,
        author_kind: 'contact',
        author_account_id: requester.account,
        author_contact_id: requester.id,
        author_name: requester.name,
        body,
        internal,
        source: 'portal',
        email_message_id: null,
        created_at: at,
      })
      .execute();
  }
  await db
    .insertInto('ticket_attachments')
    .values({
      id: B.ticket.attachmentId,
      ticket_id: B.ticket.id,
      message_id: B.ticket.messageId,
      client_id: B.clientId,
      uploaded_by_account_id: requester.account,
      storage_key: 'attachments/zephyrzephyrzephyrzephyr',
      thumbnail_key: null,
      filename: 'zephyr-vault.txt',
      content_type: 'text/plain',
      size_bytes: 6,
      sha256: 'zephyr',
      created_at: at,
    })
    .execute();
  await db
    .insertInto('ticket_watchers')
    .values({
      id: B.ticket.watcherId,
      ticket_id: B.ticket.id,
      staff_account_id: null,
      contact_id: B.contacts[2]!.id,
      created_at: at,
    })
    .execute();
  // An active contract of B's covering its site, notifying its primary contact.
  await db
    .insertInto('contracts')
    .values({
      id: B.contract.id,
      client_id: B.clientId,
      name: B.contract.name,
      type: 'managed-services',
      scope: B.contract.scope,
      sla_policy_id: null,
      sla_calendar_id: null,
      all_sites: 0,
      start_date: '2026-01-01',
      end_date: null,
      renewal_date: '2026-12-01',
      auto_renew: 1,
      notice_days: 30,
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db.insertInto('contract_sites').values({ contract_id: B.contract.id, site_id: B.site.id }).execute();
  await db
    .insertInto('contract_contacts')
    .values({ contract_id: B.contract.id, contact_id: B.contacts[0]!.id })
    .execute();
  // B's hour bank: its contract draws on a prepaid block; a closed period; approved time on B's ticket.
  await db
    .updateTable('contracts')
    .set({ bank_kind: 'prepaid', currency: 'EUR', rate_minor: 10000 })
    .where('id', '=', B.contract.id)
    .execute();
  await db
    .insertInto('hour_blocks')
    .values({
      id: B.hours.blockId,
      contract_id: B.contract.id,
      purchased_on: '2026-01-01',
      minutes: 6000,
      expires_on: null,
      note: 'ZEPHYR-BLOCK-NOTE',
      created_at: at,
    })
    .execute();
  await db
    .insertInto('bank_periods')
    .values({
      id: B.hours.periodId,
      contract_id: B.contract.id,
      client_id: B.clientId,
      period_start: '2026-01-01',
      period_end: '2026-01-31',
      purchased_minutes: 6000,
      rolled_over_in_minutes: 0,
      carried_in_minutes: 0,
      used_minutes: 0,
      drawn_minutes: 0,
      overage_minutes: 0,
      rolled_over_out_minutes: 0,
      carried_out_minutes: 6000,
      expired_minutes: 0,
      overage_amount_minor: 0,
      currency: 'EUR',
      detail: JSON.stringify({
        cutoff: '2026-02-01T00:00:00.000Z',
        closing: {
          periodStart: '2026-02-01',
          rolledOverMinutes: 0,
          rolledOverFrom: null,
          blockMinutes: { [String(B.hours.blockId)]: 6000 },
        },
        allocations: [],
        lots: [],
        unusedCreditMinutes: 0,
      }),
      closed_at: at,
    })
    .execute();
  await db
    .insertInto('time_entries')
    .values({
      id: B.hours.entryId,
      ticket_id: B.ticket.id,
      client_id: B.clientId,
      contract_id: B.contract.id,
      account_id: B.contacts[0]!.account,
      entry_date: '2026-02-02',
      actual_minutes: 90,
      billed_minutes: 90,
      billable: 1,
      note: 'ZEPHYR-TIME-NOTE',
      status: 'approved',
      approved_at: at,
      created_at: at,
      updated_at: at,
    })
    .execute();
  // A notice in B's primary contact's bell (issue 14): a contact of A never reads nor marks it.
  await db
    .insertInto('notices')
    .values({
      id: B.noticeId,
      account_id: B.contacts[0]!.account,
      client_id: B.clientId,
      kind: 'contractEnding',
      params: JSON.stringify({ contract: B.contract.name, endDate: '2026-04-01', days: 30 }),
      link: '/contracts',
      created_at: at,
      read_at: null,
    })
    .execute();
  // B's ticket is at B's site (issue 14).
  await db.updateTable('tickets').set({ site_id: B.site.id }).where('id', '=', B.ticket.id).execute();
  // A document of B's contract (issue 14): no contact of A may list, download or remove it.
  await db
    .insertInto('contract_files')
    .values({
      id: B.contract.fileId,
      contract_id: B.contract.id,
      uploaded_by_account_id: null,
      storage_key: 'attachments/zephyrcontractzephyrcontract',
      filename: 'zephyr-vault-contract.pdf',
      content_type: 'application/pdf',
      size_bytes: 12,
      sha256: 'zephyr-contract',
      created_at: at,
    })
    .execute();
  // B's requester's rating of B's ticket (issue 14): a contact of A never reads it.
  await db
    .insertInto('ticket_ratings')
    .values({
      id: B.ratingId,
      ticket_id: B.ticket.id,
      client_id: B.clientId,
      contact_id: requester.id,
      technician_account_id: null,
      rating: 'bad',
      comment: 'Zephyr rating comment: the vault is still jammed',
      created_at: at,
    })
    .execute();
  // B's ticket has an estimate and a pending overage request (issue 14, point 8): a contact of A never
  // reads or answers it.
  await db
    .insertInto('ticket_estimates')
    .values({
      id: B.overage.estimateId,
      ticket_id: B.ticket.id,
      minutes: 600,
      set_by_account_id: null,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('overage_requests')
    .values({
      id: B.overage.requestId,
      ticket_id: B.ticket.id,
      contract_id: B.contract.id,
      extra_minutes: 120,
      rate_minor: 15000,
      currency: 'EUR',
      trigger: 'manual',
      status: 'pending',
      requested_by_account_id: null,
      requested_at: at,
      decided_by_contact_id: null,
      decided_by_name: 'Zephyr overage decider',
      decided_at: null,
      decided_ip: null,
      comment: 'Zephyr overage comment: the vault needs more hours',
      withdrawn_at: null,
    })
    .execute();
  // Approved time on B's ticket (issue 14): the portal shows it to B's contacts, never to A's.
  await db
    .insertInto('time_entries')
    .values({
      id: B.timeEntryId,
      ticket_id: B.ticket.id,
      client_id: B.clientId,
      contract_id: B.contract.id,
      account_id: requester.account,
      work_type_id: null,
      entry_date: '2026-03-01',
      started_at: null,
      actual_minutes: 42,
      billed_minutes: 45,
      billable: 1,
      rate_minor: 10_000,
      currency: 'EUR',
      amount_minor: 7500,
      rate_source: 'contract',
      note: 'Zephyr time note: vault hinge oiled',
      status: 'approved',
      reverses_id: null,
      submitted_at: at,
      approved_at: at,
      approved_by: null,
      invoiced_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();

  // B's order (issue 15, point 4): its lines, history, staff note and tracking never reach A.
  await db
    .insertInto('orders')
    .values({
      id: B.order.id,
      client_id: B.clientId,
      status: 'shipped',
      currency: 'EUR',
      total_minor: 99_900,
      ordered_by_contact_id: B.contacts[2]!.id,
      carrier: 'UPS',
      tracking_number: 'ZEPHYR-TRACKING-1Z',
      expected_date: '2026-03-05',
      notes: 'ZEPHYR-ORDER-NOTE supplier margin',
      invoice_id: null,
      created_by_account_id: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('order_lines')
    .values({
      id: B.order.lineId,
      order_id: B.order.id,
      position: 1,
      description: 'Zephyr vault door sensor',
      quantity: 1,
      unit_price_minor: 99_900,
    })
    .execute();
  await db
    .insertInto('order_status_changes')
    .values({
      id: B.order.changeId,
      order_id: B.order.id,
      from_status: null,
      to_status: 'shipped',
      actor_account_id: null,
      at,
    })
    .execute();
  // B's issued invoice (issue 15): a contact of A never lists, opens or changes it.
  await db
    .insertInto('invoice_series')
    .values({
      id: B.invoice.seriesId,
      name: 'Zephyr series',
      prefix: 'ZEPHYR-',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('invoices')
    .values({
      id: B.invoice.id,
      client_id: B.clientId,
      series_id: B.invoice.seriesId,
      sequence: 1,
      number: 'ZEPHYR-0001',
      status: 'sent',
      currency: 'EUR',
      rounding: 'document',
      issue_date: '2026-03-02',
      due_date: '2026-03-16',
      terms: 'Zephyr invoice terms: net 14',
      notes: 'Zephyr invoice notes: vault maintenance',
      net_minor: 10_000,
      tax_minor: 1_900,
      total_minor: 11_900,
      balance_minor: 11_900,
      created_by_account_id: null,
      issued_by_account_id: null,
      issued_at: at,
      viewed_at: null,
      voided_at: null,
      void_reason: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('invoice_lines')
    .values({
      id: B.invoice.lineId,
      invoice_id: B.invoice.id,
      sort: 0,
      description: 'Zephyr invoice line: vault hinge service',
      quantity: '1',
      unit_price_minor: 10_000,
      discount_percent: null,
      discount_minor: null,
      bank_period_id: null,
      net_minor: 10_000,
      tax_minor: 1_900,
      total_minor: 11_900,
    })
    .execute();
  await db
    .insertInto('invoice_line_taxes')
    .values({
      id: B.invoice.lineTaxId,
      invoice_id: B.invoice.id,
      line_id: B.invoice.lineId,
      tax_rate_id: null,
      name: 'Zephyr VAT',
      rate: '19',
      sort: 0,
      amount_minor: 1_900,
    })
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Snapshot of everything that belongs to B, found generically from the tables' columns.

async function tablesAndColumns(t: TestApp): Promise<Map<string, string[]>> {
  const db = t.db;
  const rows =
    t.database.dialect === 'postgres'
      ? (
          await sql<{ table_name: string; column_name: string }>`
            select table_name, column_name from information_schema.columns
            where table_schema = current_schema() order by table_name, ordinal_position`.execute(db)
        ).rows
      : (
          await sql<{ table_name: string; column_name: string }>`
            select m.name as table_name, p.name as column_name
            from sqlite_master m join pragma_table_info(m.name) p
            where m.type = 'table' and m.name not like 'sqlite_%' order by m.name, p.cid`.execute(db)
        ).rows;
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.table_name, [...(map.get(r.table_name) ?? []), r.column_name]);
  return map;
}

async function snapshotB(t: TestApp): Promise<Record<string, unknown[]>> {
  const db = t.db;
  const contactIds = B.contacts.map((c) => c.id);
  const accountIds = B.contacts.map((c) => c.account);
  const out: Record<string, unknown[]> = {};
  for (const [table, columns] of await tablesAndColumns(t)) {
    const conditions = [];
    if (table === 'clients') conditions.push(sql`${sql.ref('id')} = ${B.clientId}`);
    if (table === 'contacts') conditions.push(sql`${sql.ref('id')} in (${sql.join(contactIds)})`);
    if (table === 'accounts') conditions.push(sql`${sql.ref('id')} in (${sql.join(accountIds)})`);
    if (columns.includes('client_id')) conditions.push(sql`${sql.ref('client_id')} = ${B.clientId}`);
    if (columns.includes('contact_id'))
      conditions.push(sql`${sql.ref('contact_id')} in (${sql.join(contactIds)})`);
    if (columns.includes('account_id'))
      conditions.push(sql`${sql.ref('account_id')} in (${sql.join(accountIds)})`);
    if (columns.includes('ticket_id')) conditions.push(sql`${sql.ref('ticket_id')} = ${B.ticket.id}`);
    if (columns.includes('contract_id')) conditions.push(sql`${sql.ref('contract_id')} = ${B.contract.id}`);
    if (columns.includes('invoice_id')) conditions.push(sql`${sql.ref('invoice_id')} = ${B.invoice.id}`);
    if (columns.includes('order_id')) conditions.push(sql`${sql.ref('order_id')} = ${B.order.id}`);
    if (!conditions.length) continue;
    const rows = await sql<Record<string, unknown>>`
      select * from ${sql.table(table)} where ${sql.join(conditions, sql` or `)}`.execute(db);
    out[table] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Minimal valid inputs, built from each route's own zod schemas, with B's ids in id-like fields.

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
  $defs?: Record<string, JsonSchema>;
};

function bIdFor(key: string): number {
  if (/^client/i.test(key)) return B.clientId;
  if (/^(into)?ticket/i.test(key)) return B.ticket.id;
  if (/^attachment/i.test(key)) return B.ticket.attachmentId;
  if (/^message/i.test(key)) return B.ticket.messageId;
  if (/^watcher/i.test(key)) return B.ticket.watcherId;
  if (/^site/i.test(key)) return B.site.id;
  if (/^contract/i.test(key)) return B.contract.id;
  if (/^notice/i.test(key)) return B.noticeId;
  if (/^order/i.test(key)) return B.order.id;
  if (/^invoice/i.test(key)) return B.invoice.id;
  if (/^line/i.test(key)) return B.invoice.lineId;
  if (/^file/i.test(key)) return B.contract.fileId;
  if (/^account/i.test(key)) return B.contacts[0]!.account;
  return B.contacts[0]!.id;
}

function sampleJson(schema: JsonSchema, root: JsonSchema, key: string, full: boolean): unknown {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? '';
    return sampleJson(root.$defs?.[name] ?? {}, root, key, full);
  }
  if ('const' in schema) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) {
    const pick = alternatives.find((a) => a.type !== 'null') ?? alternatives[0]!;
    return sampleJson(pick, root, key, full);
  }
  if (schema.allOf?.length) return sampleJson(schema.allOf[0]!, root, key, full);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) {
        if (full || schema.required?.includes(k)) obj[k] = sampleJson(v, root, k, full);
      }
      return obj;
    }
    case 'array': {
      const n = Math.max(schema.minItems ?? 0, full ? 1 : 0);
      return Array.from({ length: n }, () =>
        /ids$/i.test(key) ? bIdFor(key) : sampleJson(schema.items ?? {}, root, key, full),
      );
    }
    case 'integer':
    case 'number':
      if (/id$/i.test(key)) return bIdFor(key);
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'string': {
      if (/id$/i.test(key) && !schema.format && !schema.pattern) return String(bIdFor(key));
      if (schema.format === 'email' || /email/i.test(key)) return 'scoping-probe@acme.example';
      if (schema.format === 'date') return '2026-03-02';
      if (schema.format === 'date-time') return '2026-03-02T09:00:00.000Z';
      if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com';
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (/colou?r/i.test(key)) return '#123456';
      if (/password/i.test(key)) return 'scoping-probe-passphrase-42';
      let text = 'Scoping probe';
      if (schema.minLength && text.length < schema.minLength) text = text.padEnd(schema.minLength, 'x');
      if (schema.maxLength && text.length > schema.maxLength) text = text.slice(0, schema.maxLength);
      return text;
    }
    default:
      return schema.default;
  }
}

/** A value the route's own schema accepts, or the best attempt (then `valid` is false). */
function sampleFor(
  zodSchema: unknown,
  fixed: Record<string, unknown> = {},
): { value: unknown; valid: boolean } {
  if (!(zodSchema instanceof z.ZodType))
    return { value: Object.keys(fixed).length ? fixed : undefined, valid: true };
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(zodSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    json = {};
  }
  let last: unknown;
  for (const full of [false, true]) {
    const base = sampleJson(json, json, '', full);
    const value =
      typeof base === 'object' && base !== null && !Array.isArray(base) ? { ...base, ...fixed } : base;
    last = value;
    if (zodSchema.safeParse(value).success) return { value, valid: true };
  }
  return { value: last, valid: false };
}

// ---------------------------------------------------------------------------------------------

interface Actor {
  label: string;
  client: Client;
  headers: Record<string, string>;
}

const foreignStrings = [
  B.clientName,
  B.notes,
  B.phone,
  B.site.address,
  B.website,
  ...B.contacts.flatMap((c) => [c.name, c.email]),
  'Zephyr',
  'zephyr',
  'ZEPHYR',
];

function leaks(res: LightMyRequestResponse, extra: readonly string[]): string[] {
  const body = res.body;
  return [...foreignStrings, ...extra].filter((s) => body.includes(s));
}

function isIdLike(param: string): boolean {
  return /id$/i.test(param);
}

/** Every value under an id-like key ("id", "contactId", "client_id", ...) anywhere in a JSON answer. */
function harvestIds(value: unknown, into: Set<string>, key = ''): void {
  if (Array.isArray(value)) {
    for (const v of value) harvestIds(v, into, key);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) harvestIds(v, into, k);
  } else if ((typeof value === 'number' || typeof value === 'string') && /(^id$|Id$|_id$)/.test(key)) {
    into.add(String(value));
  }
}

/** Whether the route's params schema accepts `value` for parameter `name` (unknown: assume yes). */
function paramAccepts(schema: unknown, name: string, value: string | number): boolean {
  if (!(schema instanceof z.ZodObject)) return true;
  const field = (schema.shape as Record<string, unknown>)[name];
  return field instanceof z.ZodType ? field.safeParse(String(value)).success : true;
}

const CANARY_PREFIX = '/api/v1/scoping-canary';

/**
 * Two routes that forget to scope, as a careless module might: they read and change any contact by
 * id. They live only in this test's app and are walked separately, expecting to be caught.
 */
function registerCanaryRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ contactId: z.coerce.number().int() }).strict();
  r.get(
    `${CANARY_PREFIX}/:contactId`,
    { config: { policy: { auth: 'contact' } }, schema: { params } },
    async (request) => {
      const db = (app as FastifyInstance & { canaryDb?: TestApp['database']['db'] }).canaryDb;
      return (
        db
          ?.selectFrom('contacts')
          .select(['id', 'name', 'email'])
          .where('id', '=', request.params.contactId)
          .executeTakeFirst() ?? {}
      );
    },
  );
  r.patch(
    `${CANARY_PREFIX}/:contactId`,
    {
      config: { policy: { auth: 'contact' } },
      schema: { params, body: z.object({ title: z.string().max(50).optional() }).strict() },
    },
    async (request) => {
      const db = (app as FastifyInstance & { canaryDb?: TestApp['database']['db'] }).canaryDb;
      await db
        ?.updateTable('contacts')
        .set({ title: request.body.title ?? 'changed by the canary' })
        .where('id', '=', request.params.contactId)
        .execute();
      return { ok: true };
    },
  );
}

describe('scoping, walked over the whole route table', () => {
  let t: TestApp;
  let routes: RouteInfo[] = [];
  let actors: Actor[] = [];
  let acmeId = 0;
  /** Names and emails of every other demo client's contacts: as foreign to Acme as B. */
  let otherClientStrings: string[] = [];
  let snapshotBefore: Record<string, unknown[]> = {};
  /** Ids B's own contacts see in their lists and A's contacts never do (sessions, tickets, ...). */
  let harvested: string[] = [];
  /** Deliberately unscoped routes of this test's own, to prove the walk catches a leak. */
  let canaryRoutes: RouteInfo[] = [];
  const seen = new Map<string, Pick<RouteInfo, 'policy' | 'schema'>>();

  before(async () => {
    t = await createTestApp({
      beforeReady: (app) => {
        registerCanaryRoutes(app);
        // The policy and schemas of whatever route answered, read from the route itself.
        app.addHook('onResponse', async (request: FastifyRequest) => {
          const options = request.routeOptions;
          if (!options.url) return;
          seen.set(`${request.method} ${options.url}`, {
            ...(options.config.policy ? { policy: options.config.policy } : {}),
            schema: (options.schema ?? {}) as RouteInfo['schema'],
          });
        });
      },
    });
    (t.app as FastifyInstance & { canaryDb?: TestApp['database']['db'] }).canaryDb = t.db;
    const owner = await setUp(t, { demo: true });
    await seedClientB(t);
    const clients = await t.db.selectFrom('clients').select(['id', 'name']).execute();
    acmeId = clients.find((c) => c.name === 'Acme Manufacturing')!.id;
    const others = await t.db
      .selectFrom('contacts')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .select(['contacts.name', 'contacts.email', 'clients.name as client'])
      .where('contacts.client_id', 'not in', [acmeId, B.clientId])
      .execute();
    otherClientStrings = [
      ...new Set(others.flatMap((o) => [o.name, o.email ?? '', o.client]).filter(Boolean)),
    ];

    // Every /api/v1 route, from the app's own route table.
    const listed = routesFromTree(t.app.printRoutes({ commonPrefix: false })).filter((r) =>
      r.url.startsWith('/api/v1/'),
    );
    // One unauthenticated call each tells us the route's policy and schemas; it changes nothing
    // (mutations fail the CSRF check, protected reads answer 401).
    const anon = new Client(t.app);
    for (const r of listed) {
      const url = r.url.replace(/:(\w+)/g, '1');
      await anon.request(r.method, url, { csrf: false });
    }
    const described = listed.map((r) => ({
      ...r,
      params: [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!),
      ...seen.get(`${r.method} ${r.url}`),
    }));
    routes = described.filter((r) => !r.url.startsWith(CANARY_PREFIX));
    canaryRoutes = described.filter((r) => r.url.startsWith(CANARY_PREFIX));

    actors = [];
    for (const email of A_CONTACTS) {
      const c = new Client(t.app);
      await c.login(email);
      actors.push({ label: email, client: c, headers: {} });
    }
    // A staff user previewing A's primary contact is a contact actor too, and read-only.
    await owner.login(OWNER.email, OWNER.password);
    const primary = await t.db
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', 'primary@acme.example')
      .executeTakeFirstOrThrow();
    const started = await owner.post(`/api/v1/clients/${acmeId}/contacts/${primary.id}/preview`);
    assert.equal(started.statusCode, 200, started.body);
    actors.push({
      label: 'staff preview of primary@acme.example',
      client: owner,
      headers: { 'x-portico-preview': '1' },
    });
    for (const a of actors) {
      const me = await a.client.request('GET', '/api/v1/me', { headers: a.headers });
      assert.equal(me.json().kind, 'contact', a.label);
      assert.equal(me.json().client.id, acmeId, a.label);
    }

    // What B's contacts see of their own records, by the ids the API gives them; minus anything
    // A's contacts also see (shared things such as knowledge-base articles are not B's).
    const lists = routes.filter(
      (r) => r.method === 'GET' && r.params.length === 0 && r.policy?.auth !== 'staff',
    );
    const fromB = new Set<string>();
    const fromA = new Set<string>();
    for (const c of B.contacts) {
      const client = new Client(t.app);
      await client.login(c.email, B_PASSWORD);
      for (const r of lists) {
        const res = await client.get(r.url);
        if (res.statusCode === 200) harvestIds(res.json(), fromB);
      }
    }
    for (const a of actors) {
      for (const r of lists) {
        const res = await a.client.request('GET', r.url, { headers: a.headers });
        if (res.statusCode === 200) harvestIds(res.json(), fromA);
      }
    }
    harvested = [...fromB].filter((v) => !fromA.has(v));
    snapshotBefore = await snapshotB(t);
  });
  after(() => t?.close());

  test('the route table is read from the app, and every /api/v1 route has a policy', () => {
    assert.ok(routes.length >= 10, `found ${routes.length} routes`);
    const missing = routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(missing, []);
    for (const known of [
      'GET /api/v1/me',
      'GET /api/v1/audit',
      'POST /api/v1/clients/:clientId/contacts/:contactId/preview',
    ]) {
      assert.ok(
        routes.some((r) => `${r.method} ${r.url}` === known),
        `${known} is in the table`,
      );
    }
  });

  test('every staff route answers 403 to every contact', async () => {
    const staffRoutes = routes.filter((r) => r.policy?.auth === 'staff');
    assert.ok(staffRoutes.length > 0);
    const failures: string[] = [];
    for (const actor of actors) {
      for (const r of staffRoutes) {
        const url = r.url.replace(/:(\w+)/g, (_m, p: string) => String(isIdLike(p) ? bIdFor(p) : 'x'));
        const res = await actor.client.request(r.method, url, {
          headers: actor.headers,
          ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { body: {} }),
        });
        if (res.statusCode !== 403) failures.push(`${actor.label}: ${r.method} ${url} -> ${res.statusCode}`);
        const leaked = leaks(res, otherClientStrings);
        if (leaked.length) failures.push(`${actor.label}: ${r.method} ${url} leaked ${leaked.join(', ')}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  /** Calls each route with B's ids as every contact of A; returns what went wrong. */
  async function walkForeignIds(
    list: RouteInfo[],
    diagnostic: (message: string) => void,
  ): Promise<{ failures: string[]; calls: number }> {
    const failures: string[] = [];
    let calls = 0;
    for (const r of list) {
      const idParams = r.params.filter(isIdLike);
      // All of B's ids; and, where a route names the client, A's own client with B's other ids.
      const combos: Record<string, number | string>[] = [];
      const candidates = (p: string): (number | string)[] => {
        if (/^client/i.test(p)) return [B.clientId];
        if (/^contact/i.test(p)) return B.contacts.map((c) => c.id);
        const all = [...new Set<number | string>([...bIds, ...harvested])];
        const accepted = all.filter((v) => paramAccepts(r.schema?.params, p, v));
        return accepted.length ? accepted : bIds;
      };
      const expand = (i: number, acc: Record<string, number | string>) => {
        if (i === r.params.length) {
          combos.push(acc);
          return;
        }
        const p = r.params[i]!;
        const values = isIdLike(p) ? candidates(p) : ['x'];
        for (const v of values) expand(i + 1, { ...acc, [p]: v });
      };
      expand(0, {});
      const clientParam = idParams.find((p) => /^client/i.test(p));
      if (clientParam && idParams.length > 1) {
        combos.push(...combos.map((c) => ({ ...c, [clientParam]: acmeId })));
      }
      for (const actor of actors) {
        for (const combo of combos) {
          const url = r.url.replace(/:(\w+)/g, (_m, p: string) => encodeURIComponent(String(combo[p])));
          const paramsOk = sampleFor(r.schema?.params, combo);
          const query = sampleFor(r.schema?.querystring);
          const body = r.method === 'GET' ? { value: undefined, valid: true } : sampleFor(r.schema?.body);
          const qs =
            query.value && typeof query.value === 'object' && Object.keys(query.value).length
              ? `?${new URLSearchParams(Object.entries(query.value as Record<string, unknown>).map(([k, v]) => [k, String(v)]))}`
              : '';
          const res = await actor.client.request(r.method, url + qs, {
            headers: actor.headers,
            ...(body.value !== undefined ? { body: body.value } : {}),
          });
          calls += 1;
          const where = `${actor.label}: ${r.method} ${url}${qs}`;
          const refusedBeforeData = [401, 403, 404].includes(res.statusCode);
          // A 400 proves nothing only when we could not build an input the route accepts.
          const inputRefused = res.statusCode === 400 && !(paramsOk.valid && query.valid && body.valid);
          if (!refusedBeforeData && !inputRefused)
            failures.push(`${where} -> ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (inputRefused) diagnostic(`${where}: no valid sample input could be built; answered 400`);
          const leaked = leaks(res, otherClientStrings);
          if (leaked.length) failures.push(`${where} leaked ${leaked.join(', ')}`);
        }
      }
    }
    return { failures, calls };
  }

  test("no contact reaches another client's record through any route with an id", async (ctx) => {
    const withParams = routes.filter((r) => r.params.length > 0 && r.policy?.auth !== 'staff');
    ctx.diagnostic(
      `contact-reachable routes with parameters: ${withParams.map((r) => `${r.method} ${r.url}`).join('; ') || 'none'}`,
    );
    ctx.diagnostic(`${harvested.length} ids harvested from B's own lists`);
    const { failures, calls } = await walkForeignIds(withParams, (m) => ctx.diagnostic(m));
    ctx.diagnostic(`${calls} calls with foreign ids`);
    assert.deepEqual(failures, []);
  });

  test('every list a contact may read carries nothing of another client', async (ctx) => {
    const lists = routes.filter(
      (r) => r.method === 'GET' && r.params.length === 0 && r.policy?.auth !== 'staff',
    );
    const failures: string[] = [];
    let ok = 0;
    for (const actor of actors) {
      for (const r of lists) {
        // Plain, and with B's client id offered in the query (it must be refused or ignored).
        for (const qs of ['', `?clientId=${B.clientId}`, `?client_id=${B.clientId}`]) {
          const res = await actor.client.request('GET', r.url + qs, { headers: actor.headers });
          if (res.statusCode >= 200 && res.statusCode < 300) ok += 1;
          const leaked = leaks(res, otherClientStrings);
          if (leaked.length) failures.push(`${actor.label}: GET ${r.url}${qs} leaked ${leaked.join(', ')}`);
        }
      }
    }
    ctx.diagnostic(`${lists.length} list routes, ${ok} answered 2xx`);
    assert.deepEqual(failures, []);
  });

  test('a staff preview changes nothing: every mutation answers 403', async () => {
    const preview = actors.at(-1)!;
    const mutations = routes.filter((r) => r.method !== 'GET' && !r.policy?.previewAllowed);
    const failures: string[] = [];
    for (const r of mutations) {
      const url = r.url.replace(/:(\w+)/g, (_m, p: string) => String(isIdLike(p) ? bIdFor(p) : 'x'));
      const res = await preview.client.request(r.method, url, { headers: preview.headers, body: {} });
      if (
        res.statusCode !== 403 &&
        !(r.policy?.auth === 'public' && res.statusCode < 500 && res.statusCode >= 400)
      ) {
        failures.push(`${r.method} ${url} -> ${res.statusCode}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('nothing of client B changed', async () => {
    const afterSnap = await snapshotB(t);
    assert.deepEqual(afterSnap, snapshotBefore);
    assert.ok(
      Object.keys(snapshotBefore).length >= 8,
      `B has rows in ${Object.keys(snapshotBefore).join(', ')}`,
    );
  });

  test('the walk is not blind: an unscoped route of its own is caught, read and write', async () => {
    assert.equal(canaryRoutes.length, 2);
    const { failures } = await walkForeignIds(canaryRoutes, () => {});
    assert.ok(failures.some((f) => f.includes(`GET ${CANARY_PREFIX}`) && f.includes('-> 200')));
    assert.ok(failures.some((f) => f.includes('leaked Zara Zephyrine') || f.includes('leaked Yusuf')));
    assert.ok(failures.some((f) => f.includes(`PATCH ${CANARY_PREFIX}`)));
    assert.notDeepEqual(await snapshotB(t), snapshotBefore, 'the snapshot sees the unscoped write');
  });
});
