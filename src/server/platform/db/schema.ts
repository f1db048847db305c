import type { ColumnType, Generated } from 'kysely';

/** Instants are ISO-8601 UTC strings in application code on both dialects (see db.ts type parsers). */
type Instant = string;
/** Booleans are stored as 0/1 integers on both dialects so one code path serves both. */
type Flag = number;

export interface OrganisationTable {
  id: number;
  settings: string;
  logo_key: string | null;
  logo_type: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface ClientTable {
  id: Generated<number>;
  name: string;
  portal_enabled: Flag;
  created_at: Instant;
  updated_at: Instant;
  archived_at: Instant | null;
  phone: string | null;
  website: string | null;
  /** Internal: never sent to a contact. */
  notes: string | null;
  /** JSON array of CIDR ranges; empty means any address. */
  ip_allowlist: Generated<string>;
  require_mfa: Generated<Flag>;
  /** The client's language for its contacts (new contacts start with it); null: the organisation's. */
  language: Generated<string | null>;
  /** IANA time zone; null: the organisation's. */
  time_zone: Generated<string | null>;
  /** ISO 4217: the client's money is in it. */
  currency: Generated<string>;
}

export interface ClientSiteTable {
  id: Generated<number>;
  client_id: number;
  label: string;
  address: string;
  created_at: Instant;
  updated_at: Instant;
}

export interface ContactTable {
  id: Generated<number>;
  client_id: number;
  name: string;
  email: string | null;
  /** JSON array of preset names. */
  presets: string;
  /** JSON object of per-person switches. */
  switches: string;
  title: string | null;
  department: string | null;
  phone: string | null;
  mobile: string | null;
  status: Generated<'active' | 'inactive'>;
  /** The contact's language, time zone and date format; null: their client's, then the organisation's. */
  language: Generated<string | null>;
  time_zone: Generated<string | null>;
  date_format: Generated<string | null>;
  created_at: Instant;
  updated_at: Instant;
}

export interface AccountTable {
  id: Generated<number>;
  kind: 'staff' | 'contact';
  email: string;
  name: string;
  password_hash: string | null;
  staff_role: string | null;
  contact_id: number | null;
  status: 'active' | 'disabled';
  must_change_password: Flag;
  last_login_at: Instant | null;
  /** TOTP secret, encrypted with the instance key (see crypto.ts). */
  mfa_secret: string | null;
  mfa_enabled_at: Instant | null;
  /** The TOTP time step of the last accepted code: a code (or an older one) is never accepted twice. */
  mfa_last_step: number | null;
  /** Unused since sign-in throttling (sign_in_throttles); kept so the previous version runs beside this one. */
  failed_attempts: Generated<number>;
  /** Unused since sign-in throttling (sign_in_throttles); kept so the previous version runs beside this one. */
  locked_until: Instant | null;
  pending_email: string | null;
  password_changed_at: Instant | null;
  notification_prefs: Generated<string>;
  /** Staff: language, time zone and date format; null: the organisation's (contacts keep theirs on the contact). */
  language: Generated<string | null>;
  time_zone: Generated<string | null>;
  date_format: Generated<string | null>;
  /** system | light | dark: the person's colour scheme (system follows the device). */
  colour_scheme: Generated<'system' | 'light' | 'dark'>;
  created_at: Instant;
  updated_at: Instant;
}

export interface SessionTable {
  /** SHA-256 of the session token, hex. The token itself is never stored. */
  id: string;
  account_id: number;
  remember: Flag;
  created_at: Instant;
  last_seen_at: Instant;
  idle_expires_at: Instant;
  absolute_expires_at: Instant;
  ip: string;
  user_agent: string;
  /** Set on a staff preview session: the contact whose portal it shows, read-only. */
  preview_contact_id: number | null;
}

export interface MfaBackupCodeTable {
  id: Generated<number>;
  account_id: number;
  code_hash: string;
  used_at: Instant | null;
  created_at: Instant;
}

export type AuthTokenKind = 'invite' | 'password-reset' | 'email-change' | 'mfa-challenge';

export interface AuthTokenTable {
  /** SHA-256 of the token. */
  id: string;
  kind: AuthTokenKind;
  account_id: number | null;
  contact_id: number | null;
  data: Generated<string>;
  expires_at: Instant;
  used_at: Instant | null;
  created_by: number | null;
  created_at: Instant;
  /** Wrong codes tried against an MFA challenge; it stops working after five. */
  attempts: Generated<number>;
}

/**
 * Failed sign-ins counted per login (the email typed) and network address, and per login across every
 * address (source '*'), with the time further attempts wait until. See modules/auth/auth.throttle.ts.
 */
export interface SignInThrottleTable {
  login: string;
  /** An IPv4 address, an IPv6 /64 ("2001:db8:1:2::/64"), or '*' for every address together. */
  source: string;
  failures: Generated<number>;
  last_failure_at: Instant | null;
  blocked_until: Instant | null;
  last_success_at: Instant | null;
  notified_at: Instant | null;
}

export interface InviteLinkTable {
  id: Generated<number>;
  client_id: number;
  token_hash: string;
  expires_at: Instant;
  max_uses: number | null;
  uses: Generated<number>;
  revoked_at: Instant | null;
  created_by: number | null;
  created_at: Instant;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: Instant;
  actor_kind: 'staff' | 'contact' | 'system' | 'anonymous';
  actor_account_id: number | null;
  actor_name: string | null;
  client_id: number | null;
  action: string;
  target_type: string | null;
  target_id: number | null;
  ip: string | null;
  user_agent: string | null;
  details: Generated<string>;
}

export interface EmailTable {
  id: Generated<number>;
  to_address: string;
  to_name: string | null;
  subject: string;
  html: string;
  text: string;
  message_id: string;
  headers: Generated<string>;
  /** queued: waiting for SMTP; sent: accepted by SMTP; outbox: kept locally (no SMTP configured); failed. */
  status: 'queued' | 'sent' | 'outbox' | 'failed';
  attempts: Generated<number>;
  last_error: string | null;
  client_id: number | null;
  sent_at: Instant | null;
  created_at: Instant;
  /** JSON [{ filename, contentType, content (base64) }] or null (migration 0019: a report's file). */
  attachments: Generated<string | null>;
}

export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload: string;
  run_at: Instant;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Instant | null;
  last_error: string | null;
  done_at: Instant | null;
  failed_at: Instant | null;
  created_at: Instant;
  /** A run's unique key (`schedule:<id>:<instant>`), null for other jobs (migration 0014). */
  unique_key: Generated<string | null>;
}

/** A recurring job: a cron expression in a time zone (platform/schedules.ts, migration 0014). */
export interface JobScheduleTable {
  id: Generated<number>;
  name: string;
  kind: string;
  cron: string;
  timezone: string;
  payload: string;
  source: 'code' | 'stored';
  client_id: number | null;
  created_by_account_id: number | null;
  enabled: Generated<number>;
  next_run_at: Instant;
  last_run_at: Instant | null;
  created_at: Instant;
  updated_at: Instant;
}

/** Something that happened, written with the change (platform/domain-events.ts). */
export interface DomainEventTable {
  id: Generated<number>;
  name: string;
  payload: string;
  occurred_at: Instant;
}

/** An effect a subscriber made once for an event (its idempotency key). */
export interface DomainEventEffectTable {
  event_id: number;
  subscriber: string;
  effect_key: string;
  created_at: Instant;
}

export interface TicketCategoryTable {
  id: Generated<number>;
  name: string;
  position: Generated<number>;
  archived_at: Instant | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface SlaCalendarTable {
  id: Generated<number>;
  name: string;
  /** JSON BusinessCalendar. */
  definition: string;
  created_at: Instant;
  updated_at: Instant;
}

export interface SlaPolicyTable {
  id: Generated<number>;
  name: string;
  calendar_id: number;
  /** JSON { low|medium|high|critical: { responseMinutes, resolutionMinutes } }. */
  targets: string;
  /** JSON array of statuses that pause the clock. */
  pausing_statuses: string;
  is_default: Generated<Flag>;
  created_at: Instant;
  updated_at: Instant;
}

export interface TeamTable {
  id: Generated<number>;
  name: string;
  created_at: Instant;
  updated_at: Instant;
}

export interface TeamMemberTable {
  team_id: number;
  account_id: number;
}

export interface AssignmentRuleTable {
  id: Generated<number>;
  position: Generated<number>;
  client_id: number | null;
  category_id: number | null;
  team_id: number | null;
  assignee_account_id: number | null;
  last_assigned_account_id: number | null;
  enabled: Generated<Flag>;
  created_at: Instant;
  updated_at: Instant;
}

export interface CannedResponseTable {
  id: Generated<number>;
  title: string;
  body: string;
  created_by: number | null;
  created_at: Instant;
  updated_at: Instant;
}

export type SlaRecordState = 'running' | 'paused' | 'met' | 'breached' | 'none';

export interface TicketTable {
  id: Generated<number>;
  client_id: number;
  requester_contact_id: number | null;
  subject: string;
  description: string;
  priority: string;
  status: string;
  category_id: number | null;
  assignee_account_id: number | null;
  created_by_account_id: number | null;
  source: 'portal' | 'staff' | 'email';
  affected: Generated<string>;
  sla_policy_id: number | null;
  /** The contract the ticket was opened under (its SLA policy came from it); null: none covered it. */
  contract_id: Generated<number | null>;
  /** The client's site the ticket is about (issue 14); null: none named. */
  site_id: Generated<number | null>;
  /** The coverage hours its clocks count on (its contract's calendar); null: the policy's own. */
  sla_calendar_id: Generated<number | null>;
  response_target_ms: number | null;
  resolution_target_ms: number | null;
  first_response_at: Instant | null;
  resolved_at: Instant | null;
  closed_at: Instant | null;
  response_due_at: Instant | null;
  resolution_due_at: Instant | null;
  sla_paused_ms: Generated<number>;
  response_sla: Generated<SlaRecordState>;
  resolution_sla: Generated<SlaRecordState>;
  time_spent_minutes: Generated<number>;
  merged_into_id: number | null;
  updated_at: Instant;
  public_updated_at: Instant;
  created_at: Instant;
}

export interface TicketStatusChangeTable {
  id: Generated<number>;
  ticket_id: number;
  status: string;
  at: Instant;
  actor_account_id: number | null;
}

export interface TicketMessageTable {
  id: Generated<number>;
  ticket_id: number;
  author_kind: 'staff' | 'contact' | 'system';
  author_account_id: number | null;
  author_contact_id: number | null;
  author_name: string;
  body: string;
  /** 1: internal note, never shown or sent to a contact. */
  internal: Generated<Flag>;
  source: 'portal' | 'staff' | 'email';
  time_spent_minutes: Generated<number>;
  email_message_id: string | null;
  created_at: Instant;
}

export interface TicketAttachmentTable {
  id: Generated<number>;
  ticket_id: number | null;
  message_id: number | null;
  client_id: number | null;
  uploaded_by_account_id: number | null;
  storage_key: string;
  thumbnail_key: string | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  internal: Generated<Flag>;
  created_at: Instant;
}

/** A document attached to a contract (issue 14), stored and checked like a ticket attachment. */
export interface ContractFileTable {
  id: Generated<number>;
  contract_id: number;
  uploaded_by_account_id: number | null;
  storage_key: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_at: Instant;
}

export interface TicketWatcherTable {
  id: Generated<number>;
  ticket_id: number;
  staff_account_id: number | null;
  contact_id: number | null;
  created_at: Instant;
}

export interface TicketViewTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  filters: string;
  created_at: Instant;
}

export interface TicketEmailRefTable {
  id: Generated<number>;
  ticket_id: number;
  message_id: string;
  account_id: number | null;
  created_at: Instant;
}

export interface InboundEmailTable {
  id: Generated<number>;
  received_via: 'imap' | 'smtp';
  message_id: string;
  from_address: string;
  from_name: string | null;
  to_address: string | null;
  subject: string;
  text_body: string;
  raw_key: string | null;
  attachment_count: Generated<number>;
  status: 'held' | 'added' | 'created' | 'discarded';
  reason: string | null;
  ticket_id: number | null;
  reviewed_by: number | null;
  received_at: Instant;
  processed_at: Instant | null;
  /** Whether the sender was authenticated; null when never checked (older email, unprocessable email). */
  sender_auth: 'pass' | 'fail' | null;
  /** JSON: SenderAuth (modules/ticket-email/sender-auth.ts). */
  sender_auth_details: string | null;
}

/** The outcome of a creating POST sent with an Idempotency-Key (platform/http/idempotency.ts). */
export interface IdempotencyKeyTable {
  id: Generated<number>;
  /** Whose key: `account:<id>`, or a public route's scope and the anonymous browser that sent it. */
  scope: string;
  /** The signed-in owner; null on public routes. */
  account_id: number | null;
  /** Method and route pattern: `POST /api/v1/tickets`. */
  route: string;
  idempotency_key: string;
  /** HMAC-SHA-256 (hex) of the request's fingerprint (canonical JSON, or a file's digest and fields). */
  request_hash: string;
  /** The request holding the claim (random per request). */
  claim_token: string | null;
  /** When the current claim was taken (a claim unfinished after the lease may be taken over). */
  locked_at: Instant;
  /** Null while the first request with the key is running. */
  response_status: number | null;
  response_type: string | null;
  response_body: string | null;
  created_at: Instant;
  completed_at: Instant | null;
}

/** A client's contract (issue 14). Dates are calendar dates, 'YYYY-MM-DD'. */
export interface ContractTable {
  id: Generated<number>;
  client_id: number;
  name: string;
  /** managed-services | block-hours | maintenance | project | time-and-materials */
  type: string;
  /** Markdown. */
  scope: Generated<string>;
  sla_policy_id: number | null;
  /** Coverage hours; null: the SLA policy's own calendar. */
  sla_calendar_id: number | null;
  /** 1: covers every site of the client; 0: the sites in contract_sites. */
  all_sites: Generated<Flag>;
  start_date: string;
  end_date: string | null;
  renewal_date: string | null;
  auto_renew: Generated<Flag>;
  notice_days: number | null;
  /** draft | active | expired | cancelled */
  status: string;
  created_at: Instant;
  updated_at: Instant;
  /** ISO 4217: the contract's money (rates, overage) is in this currency, the client's when it was made. */
  currency: string | null;
  /** Hourly rate in minor units; null: the work type's, then the organisation's default. */
  rate_minor: number | null;
  /** Rounding of each entry's billed minutes (src/shared/hours/rounding.ts). */
  rounding_increment: Generated<number>;
  rounding_minimum: Generated<number>;
  /** up | down | nearest */
  rounding_direction: Generated<string>;
  /** none | periodic | prepaid */
  bank_kind: Generated<string>;
  /** monthly | quarterly | yearly: the bank's periods (a prepaid bank's statement periods). */
  bank_period: Generated<string>;
  /** Periodic banks: minutes bought each period (the base). */
  bank_minutes: number | null;
  /** none | capped | unlimited */
  rollover_kind: Generated<string>;
  rollover_cap_minutes: number | null;
  /** Minor units per hour beyond the bank; null: the contract's rate chain. */
  overage_rate_minor: number | null;
}

/** A kind of work (issue 14), with an optional rate. */
export interface WorkTypeTable {
  id: Generated<number>;
  name: string;
  rate_minor: number | null;
  currency: string | null;
  /** Whether time of this type is billable by default. */
  billable: Generated<Flag>;
  active: Generated<Flag>;
  created_at: Instant;
  updated_at: Instant;
}

/** Time worked on a ticket (issue 14). Approved entries are never edited; corrections reverse them. */
export interface TimeEntryTable {
  id: Generated<number>;
  ticket_id: number;
  client_id: number;
  contract_id: number | null;
  account_id: number;
  work_type_id: number | null;
  /** The calendar day the work counts on ('YYYY-MM-DD', the organisation's time zone). */
  entry_date: string;
  started_at: Instant | null;
  actual_minutes: number;
  billed_minutes: number;
  billable: Flag;
  rate_minor: number | null;
  currency: string | null;
  amount_minor: number | null;
  /** contract | work-type | default */
  rate_source: string | null;
  note: Generated<string>;
  /** draft | submitted | approved | invoiced */
  status: string;
  /** The entry this one reverses (a correction of an approved entry). */
  reverses_id: number | null;
  submitted_at: Instant | null;
  approved_at: Instant | null;
  approved_by: number | null;
  invoiced_at: Instant | null;
  created_at: Instant;
  updated_at: Instant;
}

/** A running timer: one per person. */
export interface TimeTimerTable {
  id: Generated<number>;
  account_id: number;
  ticket_id: number;
  client_id: number;
  work_type_id: number | null;
  note: Generated<string>;
  started_at: Instant;
}

/** A prepaid bank's block of minutes. */
export interface HourBlockTable {
  id: Generated<number>;
  contract_id: number;
  purchased_on: string;
  minutes: number;
  /** The block's last valid day; null: never expires. */
  expires_on: string | null;
  note: Generated<string>;
  created_at: Instant;
}

/** A closed bank period (src/shared/hours PeriodRecord), written once. */
export interface BankPeriodTable {
  id: Generated<number>;
  contract_id: number;
  client_id: number;
  period_start: string;
  period_end: string;
  purchased_minutes: number;
  rolled_over_in_minutes: number;
  carried_in_minutes: number;
  used_minutes: number;
  drawn_minutes: number;
  overage_minutes: number;
  rolled_over_out_minutes: number;
  carried_out_minutes: number;
  expired_minutes: number;
  overage_amount_minor: number;
  currency: string;
  /** JSON: the period's allocations and lots as closed. */
  detail: string;
  closed_at: Instant;
}

export interface ContractSiteTable {
  contract_id: number;
  site_id: number;
}

export interface ContractContactTable {
  contract_id: number;
  contact_id: number;
}

/** A resolved ticket's rating by its requester (issue 14): one per ticket. */
export interface TicketRatingTable {
  id: Generated<number>;
  ticket_id: number;
  client_id: number;
  /** The requester who rated; null once that contact is deleted. */
  contact_id: number | null;
  /** The ticket's assignee when it was rated (for the per-technician summary). */
  technician_account_id: number | null;
  /** good | bad */
  rating: string;
  comment: string | null;
  created_at: Instant;
}

/** A client's report sent on a schedule (issue 14, point 12); its timing is job_schedules `report:<id>`. */
export interface ReportScheduleTable {
  id: Generated<number>;
  client_id: number;
  /** summary | activity */
  report: string;
  /** weekly | monthly | quarterly */
  frequency: string;
  /** pdf | csv */
  format: string;
  /** JSON array of email addresses. */
  recipients: string;
  created_by_account_id: number | null;
  created_at: Instant;
  updated_at: Instant;
}

/** A scheduled report sent for a period: the unique (schedule, period start) key makes it once. */
export interface ReportDeliveryTable {
  id: Generated<number>;
  schedule_id: number;
  client_id: number;
  period_start: string;
  period_end: string;
  recipients: number;
  created_at: Instant;
}

/** A technician's estimate of the work a ticket needs (issue 14, point 8): one per ticket. */
export interface TicketEstimateTable {
  id: Generated<number>;
  ticket_id: number;
  minutes: number;
  set_by_account_id: number | null;
  updated_at: Instant;
}

/** A ticket asking its client to approve hours beyond the bank (issue 14, point 8). */
export interface OverageRequestTable {
  id: Generated<number>;
  ticket_id: number;
  contract_id: number;
  /** A multiple of 15. */
  extra_minutes: number;
  /** Minor units per hour, frozen when asked; null: the contract has no rate. */
  rate_minor: number | null;
  currency: string | null;
  /** estimate | time | manual */
  trigger: string;
  /** pending | approved | refused | withdrawn */
  status: string;
  requested_by_account_id: number | null;
  requested_at: Instant;
  decided_by_contact_id: number | null;
  decided_by_name: string | null;
  decided_at: Instant | null;
  decided_ip: string | null;
  comment: string | null;
  withdrawn_at: Instant | null;
}

/** A tax the provider charges (issue 15): its rate in percent as a decimal string ("19", "9.975"). */
export interface TaxRateTable {
  id: Generated<number>;
  name: string;
  rate: string;
  active: Generated<Flag>;
  created_at: Instant;
  updated_at: Instant;
}

/** An invoice number series: issuing takes `next_number` and advances it in the same transaction. */
export interface InvoiceSeriesTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  next_number: Generated<number>;
  /** Digits a number is padded to (INV-0042: 4). */
  pad: Generated<number>;
  is_default: Generated<Flag>;
  created_at: Instant;
  updated_at: Instant;
}

/** One client's invoice (issue 15, point 1). */
export interface InvoiceTable {
  id: Generated<number>;
  client_id: number;
  series_id: number;
  /** The number within its series, set when issued (unique per series). */
  sequence: number | null;
  /** The number as printed (prefix and padding), set when issued. */
  number: string | null;
  /** draft | sent | viewed | partially_paid | paid | overdue | void */
  status: string;
  currency: string;
  /** line | document (src/shared/billing RoundingMode) */
  rounding: string;
  issue_date: string | null;
  due_date: string | null;
  terms: Generated<string>;
  notes: Generated<string>;
  net_minor: Generated<number>;
  tax_minor: Generated<number>;
  total_minor: Generated<number>;
  /** The total less what has been allocated to it. */
  balance_minor: Generated<number>;
  created_by_account_id: number | null;
  issued_by_account_id: number | null;
  issued_at: Instant | null;
  viewed_at: Instant | null;
  voided_at: Instant | null;
  void_reason: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface InvoiceLineTable {
  id: Generated<number>;
  invoice_id: number;
  sort: number;
  /** item | time | overage | info */
  kind: Generated<string>;
  description: string;
  /** A decimal string, exact. */
  quantity: string;
  unit_price_minor: number;
  discount_percent: string | null;
  discount_minor: number | null;
  prices_include_tax: Generated<Flag>;
  bank_period_id: number | null;
  net_minor: number;
  tax_minor: number;
  total_minor: number;
}

export interface InvoiceLineTaxTable {
  id: Generated<number>;
  invoice_id: number;
  line_id: number;
  tax_rate_id: number | null;
  name: string;
  rate: string;
  sort: number;
  amount_minor: number;
}

/** A time entry billed on an invoice line: the time entry is the key, so it is billed once. */
export interface InvoiceLineTimeEntryTable {
  invoice_id: number;
  line_id: number;
  time_entry_id: number;
}

/** An alert that fired (issue 14): the unique key (kind, subject, threshold, period) makes it once. */
export interface AlertDeliveryTable {
  id: Generated<number>;
  kind: string;
  subject_id: number;
  threshold: number;
  period_key: string;
  client_id: number | null;
  created_at: Instant;
}

/** A notice in a person's bell: a kind and its parameters (JSON), worded in the reader's language. */
export interface NoticeTable {
  id: Generated<number>;
  account_id: number;
  /** The recipient contact's client; null: a staff member's notice. */
  client_id: number | null;
  kind: string;
  params: Generated<string>;
  link: string | null;
  created_at: Instant;
  read_at: Instant | null;
}

/** Orders (issue 15, point 4; migration 0026): hardware and software ordered for a client. */
export interface OrderTable {
  id: Generated<number>;
  client_id: number;
  /** placed | ordered | shipped | delivered | cancelled */
  status: string;
  /** ISO 4217: the client's currency when the order was recorded. */
  currency: string;
  /** The sum of the lines (quantity x unit price), in minor units. */
  total_minor: number;
  ordered_by_contact_id: number | null;
  carrier: string | null;
  tracking_number: string | null;
  /** YYYY-MM-DD */
  expected_date: string | null;
  /** Staff notes: never shown to a contact. */
  notes: Generated<string>;
  /** The invoice it is billed on: no foreign key until the invoices table is merged in. */
  invoice_id: number | null;
  created_by_account_id: number | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface OrderLineTable {
  id: Generated<number>;
  order_id: number;
  position: number;
  description: string;
  quantity: number;
  unit_price_minor: number;
}

export interface OrderStatusChangeTable {
  id: Generated<number>;
  order_id: number;
  /** null: the order was placed. */
  from_status: string | null;
  to_status: string;
  actor_account_id: number | null;
  at: Instant;
}

export interface DB {
  organisation: OrganisationTable;
  clients: ClientTable;
  contacts: ContactTable;
  accounts: AccountTable;
  sessions: SessionTable;
  client_sites: ClientSiteTable;
  mfa_backup_codes: MfaBackupCodeTable;
  auth_tokens: AuthTokenTable;
  sign_in_throttles: SignInThrottleTable;
  invite_links: InviteLinkTable;
  audit_events: AuditEventTable;
  emails: EmailTable;
  jobs: JobTable;
  job_schedules: JobScheduleTable;
  domain_events: DomainEventTable;
  domain_event_effects: DomainEventEffectTable;
  ticket_categories: TicketCategoryTable;
  sla_calendars: SlaCalendarTable;
  sla_policies: SlaPolicyTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  assignment_rules: AssignmentRuleTable;
  canned_responses: CannedResponseTable;
  tickets: TicketTable;
  ticket_status_changes: TicketStatusChangeTable;
  ticket_messages: TicketMessageTable;
  ticket_attachments: TicketAttachmentTable;
  ticket_watchers: TicketWatcherTable;
  ticket_views: TicketViewTable;
  ticket_email_refs: TicketEmailRefTable;
  inbound_emails: InboundEmailTable;
  idempotency_keys: IdempotencyKeyTable;
  contracts: ContractTable;
  contract_sites: ContractSiteTable;
  contract_contacts: ContractContactTable;
  contract_files: ContractFileTable;
  ticket_ratings: TicketRatingTable;
  work_types: WorkTypeTable;
  time_entries: TimeEntryTable;
  time_timers: TimeTimerTable;
  hour_blocks: HourBlockTable;
  bank_periods: BankPeriodTable;
  report_schedules: ReportScheduleTable;
  report_deliveries: ReportDeliveryTable;
  ticket_estimates: TicketEstimateTable;
  overage_requests: OverageRequestTable;
  alert_deliveries: AlertDeliveryTable;
  notices: NoticeTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  order_status_changes: OrderStatusChangeTable;
  tax_rates: TaxRateTable;
  invoice_series: InvoiceSeriesTable;
  invoices: InvoiceTable;
  invoice_lines: InvoiceLineTable;
  invoice_line_taxes: InvoiceLineTaxTable;
  invoice_line_time_entries: InvoiceLineTimeEntryTable;
}

export type Timestamps = ColumnType<Instant, Instant, Instant>;
