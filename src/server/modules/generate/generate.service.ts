/**
 * `portico generate`: fills an empty database with realistic, reproducible data for benchmarks
 * (issue 5, item 1). See README.md in this folder for what is generated and which logins exist.
 *
 * Speed: rows are generated in memory and written in large transactions as multi-row inserts
 * (TableWriter), with ids assigned here so related rows need no read-back; the demo password is
 * hashed once and the hash reused for every account; SLA figures are computed in memory with the
 * same code the app records them with (computeClocks/recordedFields), never a query per ticket.
 */
import { sql } from 'kysely';
import { message } from '../../../shared/i18n/i18n.ts';
import {
  type ContactPreset,
  contactPresets,
  effectivePermissions,
  type StaffRole,
} from '../../../shared/permissions.ts';
import { parseStoredCalendar } from '../../../shared/schemas/sla.ts';
import {
  type TicketPriority,
  type TicketStatus,
  ticketPriorities,
  ticketStatuses,
} from '../../../shared/schemas/tickets.ts';
import type { StatusChange } from '../../../shared/sla-time.ts';
import type { Database, Trx } from '../../platform/db/db.ts';
import { isUniqueViolation } from '../../platform/db/db.ts';
import type { DB } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Storage } from '../../platform/storage.ts';
import { hashPassword } from '../auth/passwords.ts';
import { DEMO_PASSWORD, type DemoLogin, demoOwner } from '../demo/demo.service.ts';
import { todayIn } from '../hours/hours.service.ts';
import { settingsRepository } from '../settings/settings.repository.ts';
import { defaultSettings } from '../settings/settings.service.ts';
import { insertStaffUser } from '../staff/staff.service.ts';
import type { TicketPolicy } from '../tickets/sla-record.ts';
import {
  bankedContract,
  billingRow,
  contractBillingColumns,
  covering,
  GENERATED_INCREMENT,
  type GeneratedContract,
  plainContract,
} from './banks.ts';
import { generateContractExtras } from './contract-extras.ts';
import { sampleFiles } from './files.ts';
import { type Progress, silentProgress } from './progress.ts';
import { Random, Weighted } from './random.ts';
import { type SlaInput, type SlaPolicyData, type SlaRecorded, slaPool } from './sla-pool.ts';
import { timeEntriesFor, timeEntryAt, timeEntryColumns } from './time-entries.ts';
import * as words from './words.ts';
import { type LoadTarget, TableWriter } from './writer.ts';

export const GENERATED_ORGANISATION = 'Portico Bench IT';
export const GENERATED_PASSWORD = DEMO_PASSWORD;
/**
 * Every tenth client from the second speaks German (Berlin, EUR) and every tenth from the third Arabic
 * (Dubai, AED), so generated data has right-to-left and non-English contacts without drawing from the
 * random streams (the same seed still gives the same rows as before). Others follow the organisation.
 */
function clientLocale(index: number): { language: string; timeZone: string; currency: string } | null {
  if (index % 10 === 1) return { language: 'de', timeZone: 'Europe/Berlin', currency: 'EUR' };
  if (index % 10 === 2) return { language: 'ar', timeZone: 'Asia/Dubai', currency: 'AED' };
  return null;
}

/** Contacts with a login: the first five contacts (one per preset) of each of the first 100 clients. */
export const LOGIN_CLIENTS = 100;
export const LOGIN_CONTACTS_PER_CLIENT = contactPresets.length;

export interface GenerateSize {
  clients: number;
  contacts: number;
  tickets: number;
  messages: number;
}

export const generateSizes: Record<'small' | 'large', GenerateSize> = {
  small: { clients: 50, contacts: 1_000, tickets: 20_000, messages: 100_000 },
  large: { clients: 2_000, contacts: 100_000, tickets: 2_000_000, messages: 10_000_000 },
};

export interface GenerateOptions extends GenerateSize {
  /** Files attached to messages (stored through `storage`); a few hundred at most is plenty. */
  attachments: number;
  seed: string;
  /** The instant the data is generated relative to ("now"): pin it for byte-identical output. */
  now: Date;
  storage: Storage;
  progress?: Progress;
  /** Compute SLA figures on a worker thread (default), overlapping with generation and writes. */
  slaThread?: boolean;
}

export type GeneratedLogin = Omit<DemoLogin, 'name'> & { name: string };

export interface GenerateResult {
  logins: GeneratedLogin[];
  counts: Record<string, number>;
  ms: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** What generated requesters write with a rating (issue 14). */
const goodRatingComments = [
  'Quick and friendly, thank you.',
  'Sorted within the hour, great work.',
  'Clear explanation of what went wrong.',
  'Thanks for staying on until it worked.',
];
const badRatingComments = [
  'It took days before anyone answered.',
  'The problem came back the next morning.',
  'I had to explain the issue three times.',
];
/** Tickets are spread over the last two years, denser towards now. */
const SPAN = 730 * DAY;
const AUTO_CLOSE = 7 * DAY;

const alreadySetUp = () => new AppError('already_set_up', message('errors:generate.notEmpty'));

/** Refuses a database that is set up or holds any directory or ticket data (nothing is changed). */
export async function assertEmpty(database: Database): Promise<void> {
  const { db } = database.system('portico generate: checking the database is empty');
  const [org, client, account, ticket] = await Promise.all([
    db.selectFrom('organisation').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('clients').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('accounts').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('tickets').select('id').limit(1).executeTakeFirst(),
  ]);
  if (org || client || account || ticket) throw alreadySetUp();
}

const demoStaff: { name: string; email: string; role: StaffRole }[] = [
  { name: demoOwner.name, email: demoOwner.email, role: 'owner' },
  { name: 'Adam Achebe', email: 'admin@portico.example', role: 'admin' },
  { name: 'Tariq Haddad', email: 'tech@portico.example', role: 'technician' },
  { name: 'Beatriz Lopes', email: 'billing@portico.example', role: 'billing' },
  { name: 'Ruth Okafor', email: 'readonly@portico.example', role: 'read-only' },
];

/** Preset sets beyond the fixed first five of each client, with their relative frequency. */
const extraPresets = new Weighted<ContactPreset[]>([
  [['standard'], 60],
  [['technical'], 14],
  [['read-only'], 10],
  [['billing'], 8],
  [['billing', 'technical'], 5],
  [['primary'], 3],
]);

const priorityWeights = new Weighted<TicketPriority>([
  ['low', 30],
  ['medium', 45],
  ['high', 20],
  ['critical', 5],
]);

/** Mean wall time to resolution by priority. */
const resolveMean: Record<TicketPriority, number> = {
  critical: 5 * HOUR,
  high: 14 * HOUR,
  medium: 36 * HOUR,
  low: 4 * DAY,
};

const STATUS_FINISHED = 255;
/** Index of response_due_at in a ticket row (the four SLA columns follow it). */
const SLA_COLUMN = 18;

interface ContactInfo {
  clientOf: Int32Array;
  /** First contact index of each client, and how many it has. */
  start: Int32Array;
  count: Int32Array;
  accountOf: Int32Array;
  canCreate: Uint8Array;
  names: string[];
  firstNames: string[];
  baseId: number;
}

export async function generate(database: Database, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const progress = options.progress ?? silentProgress;
  const { clients, contacts, tickets, messages } = options;
  if (!Number.isInteger(clients) || clients < 1)
    throw new RangeError('clients must be a whole number, at least 1');
  if (!Number.isInteger(contacts) || contacts < clients)
    throw new RangeError('contacts must be a whole number, at least one per client');
  if (!Number.isInteger(tickets) || tickets < 0) throw new RangeError('tickets must be a whole number');
  if (!Number.isInteger(messages) || messages < 0) throw new RangeError('messages must be a whole number');
  if (messages > 0 && tickets === 0) throw new RangeError('messages need tickets to belong to');

  await assertEmpty(database);
  const target: LoadTarget = { dialect: database.dialect, ...database.system('portico generate') };
  const restore = await tuneForLoad(target);
  try {
    return await generateInto(target, options, started, progress);
  } finally {
    await restore();
  }
}

/**
 * SQLite, for the load only: WAL without an fsync per commit (a crash mid-load leaves a half-generated
 * database either way) and a larger page cache for the index inserts. Restored afterwards; both are
 * settings of this connection, not of the database.
 */
async function tuneForLoad(database: LoadTarget): Promise<() => Promise<void>> {
  if (database.dialect !== 'sqlite') return async () => {};
  const db = database.db;
  const before = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
  const cache = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
  await sql`pragma synchronous = off`.execute(db);
  await sql`pragma cache_size = -262144`.execute(db);
  // PRAGMA takes no bound parameters: the values db.ts sets (FULL) and SQLite's default cache.
  const synchronous = Number(before.rows[0]?.synchronous ?? 2);
  const cacheSize = Number(cache.rows[0]?.cache_size ?? -2000);
  return async () => {
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
    if (synchronous === 1) await sql`pragma synchronous = normal`.execute(db);
    else if (synchronous === 3) await sql`pragma synchronous = extra`.execute(db);
    else if (synchronous !== 0) await sql`pragma synchronous = full`.execute(db);
    if (cacheSize === -2000) await sql`pragma cache_size = -2000`.execute(db);
  };
}

async function generateInto(
  database: LoadTarget,
  options: GenerateOptions,
  started: number,
  progress: Progress,
): Promise<GenerateResult> {
  const { clients, contacts, tickets, messages } = options;
  const nowMs = options.now.getTime();
  const nowIso = options.now.toISOString();
  const iso = (ms: number) => new Date(ms).toISOString();
  const seed = options.seed;
  // Hashing is slow by design: once, before any transaction, and reused for every generated account.
  const hash = await hashPassword(GENERATED_PASSWORD);

  // ---------------------------------------------------------------------------------------------
  // Organisation, staff and support configuration (as setup and the demo do).
  progress.start('Organisation', 1, 'steps');
  const staffRandom = new Random(seed, 'staff');
  const extraTechnicians = Math.min(30, Math.max(2, Math.round(clients / 100)));
  const staff = [...demoStaff];
  for (let i = 2; i < extraTechnicians + 2; i++) {
    staff.push({
      name: words.personName(staffRandom).name,
      email: `tech${i}@portico.example`,
      role: 'technician',
    });
  }
  const orgCreated = nowMs - SPAN - 400 * DAY;
  const orgTimeZone = defaultSettings(GENERATED_ORGANISATION).timeZone;
  const orgClock = () => new Date(orgCreated);
  let setup: {
    staffIds: Map<string, number>;
    categories: number[];
    policy: {
      id: number;
      data: SlaPolicyData;
      policy: TicketPolicy;
      targets: Record<TicketPriority, { responseMinutes: number; resolutionMinutes: number }>;
    } | null;
  };
  try {
    setup = await database.transaction(async (trx) => {
      await settingsRepository.insert(
        trx,
        JSON.stringify(defaultSettings(GENERATED_ORGANISATION)),
        iso(orgCreated),
      );
      const staffIds = new Map<string, number>();
      for (const s of staff) {
        staffIds.set(
          s.email,
          await insertStaffUser(trx, orgClock, { ...s, password: GENERATED_PASSWORD, hash }),
        );
      }
      const at = iso(orgCreated);
      const team = await trx
        .insertInto('teams')
        .values({ name: 'Service desk', created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const technicians = staff.filter((s) => s.role === 'technician' || s.role === 'admin');
      await trx
        .insertInto('team_members')
        .values(technicians.map((s) => ({ team_id: team.id, account_id: staffIds.get(s.email) as number })))
        .execute();
      // New tickets go round-robin to the service desk, as a provider with twenty technicians would set
      // it up (without a rule, every ticket manager is emailed about every new ticket).
      await trx
        .insertInto('assignment_rules')
        .values({
          position: 0,
          client_id: null,
          category_id: null,
          team_id: team.id,
          assignee_account_id: null,
          last_assigned_account_id: null,
          enabled: 1,
          created_at: at,
          updated_at: at,
        })
        .execute();
      for (const [title, body] of [
        [
          'Ask for a screenshot',
          'Could you send us a screenshot of the message you see? You can paste it straight into your reply in the portal.',
        ],
        [
          'Resolved: check it works',
          'We believe this is fixed now. If anything is still not right, just reply and the ticket reopens.',
        ],
        [
          'Waiting for the vendor',
          'We are waiting for the vendor to come back to us and will update you as soon as we hear.',
        ],
      ] as const) {
        await trx
          .insertInto('canned_responses')
          .values({
            title,
            body,
            created_by: staffIds.get('admin@portico.example') ?? null,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
      const categories = (
        await trx
          .selectFrom('ticket_categories')
          .select('id')
          .where('archived_at', 'is', null)
          .orderBy('position')
          .orderBy('id')
          .execute()
      ).map((c) => c.id);
      const row = await trx
        .selectFrom('sla_policies as sp')
        .innerJoin('sla_calendars as sc', 'sc.id', 'sp.calendar_id')
        .select([
          'sp.id',
          'sp.name',
          'sp.targets',
          'sp.pausing_statuses',
          'sc.id as calendar_id',
          'sc.definition',
          'sc.updated_at',
        ])
        .where('sp.is_default', '=', 1)
        .orderBy('sp.id')
        .executeTakeFirst();
      const policy = row
        ? {
            id: row.id,
            data: {
              name: row.name,
              calendarDefinition: row.definition,
              pausingStatuses: JSON.parse(row.pausing_statuses) as string[],
            },
            policy: {
              name: row.name,
              calendar: parseStoredCalendar(row.definition),
              pausingStatuses: JSON.parse(row.pausing_statuses) as string[],
            },
            targets: JSON.parse(row.targets) as Record<
              TicketPriority,
              { responseMinutes: number; resolutionMinutes: number }
            >,
          }
        : null;
      return { staffIds, categories, policy };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadySetUp();
    throw e;
  }
  progress.end();

  const logins: GeneratedLogin[] = staff.map((s) => ({
    email: s.email,
    kind: 'staff',
    name: s.name,
    role: s.role,
  }));
  const staffIds = setup.staffIds;
  const staffNames = new Map<number, string>(staff.map((s) => [staffIds.get(s.email) as number, s.name]));
  const technicianIds = staff
    .filter((s) => s.role === 'technician' || s.role === 'admin')
    .map((s) => staffIds.get(s.email) as number);
  const allStaffIds = staff.map((s) => staffIds.get(s.email) as number);
  const counts: Record<string, number> = {};

  const maxId = async (table: keyof DB & string): Promise<number> => {
    const row = await database.db
      .selectFrom(table as 'clients')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  };

  // ---------------------------------------------------------------------------------------------
  // Clients and their sites. Sizes follow a skewed (Zipf-like) distribution in a shuffled order, so
  // the first clients (those with logins) include large and small ones.
  const clientRandom = new Random(seed, 'clients');
  const clientBase = await maxId('clients');
  const clientWeights = new Float64Array(clients);
  {
    const ranks = Array.from({ length: clients }, (_, i) => i + 1);
    for (let i = ranks.length - 1; i > 0; i--) {
      const j = clientRandom.int(0, i);
      [ranks[i], ranks[j]] = [ranks[j] as number, ranks[i] as number];
    }
    ranks.forEach((r, i) => {
      clientWeights[i] = 1 / r ** 0.75;
    });
  }
  const clientPicker = new Weighted(Array.from(clientWeights, (w, i) => [i, w] as const));
  const clientNames: string[] = [];
  const clientDomains: string[] = [];
  const clientCreated = new Float64Array(clients);
  // Sites get their ids here too (contracts and tickets name them): a client's are consecutive.
  const siteBase = await maxId('client_sites');
  const siteStart = new Int32Array(clients);
  const siteCount = new Uint8Array(clients);
  progress.start('Clients', clients, 'clients');
  {
    const clientWriter = new TableWriter(database, 'clients', [
      'id',
      'name',
      'portal_enabled',
      'created_at',
      'updated_at',
      'archived_at',
      'phone',
      'website',
      'notes',
      'ip_allowlist',
      'require_mfa',
      'language',
      'time_zone',
      'currency',
    ]);
    const siteWriter = new TableWriter(database, 'client_sites', [
      'id',
      'client_id',
      'label',
      'address',
      'created_at',
      'updated_at',
    ]);
    const usedNames = new Set<string>();
    const usedDomains = new Set<string>();
    for (let i = 0; i < clients; i++) {
      const company = words.companyName(clientRandom);
      const head = words.address(clientRandom);
      let name = company.name;
      for (let n = 2; usedNames.has(name); n++) name = `${company.name} ${n}`;
      usedNames.add(name);
      let domain = `${company.domainStem}.example`;
      for (let n = 2; usedDomains.has(domain); n++) domain = `${company.domainStem}-${n}.example`;
      usedDomains.add(domain);
      clientNames.push(name);
      clientDomains.push(domain);
      const created = orgCreated + clientRandom.next() * (nowMs - SPAN - orgCreated);
      clientCreated[i] = created;
      const at = iso(created);
      clientWriter.add(
        clientBase + i + 1,
        name,
        1,
        at,
        at,
        null,
        words.phone(clientRandom, head.areaCode),
        `https://${domain}`,
        clientRandom.chance(0.3) ? 'Keys to the comms room are with reception.' : null,
        '[]',
        0,
        clientLocale(i)?.language ?? null,
        clientLocale(i)?.timeZone ?? null,
        clientLocale(i)?.currency ?? 'EUR',
      );
      siteStart[i] = siteBase + siteWriter.pendingRows + siteWriter.written + 1;
      siteWriter.add(siteStart[i], clientBase + i + 1, 'Head office', head.text, at, at);
      const more = clientRandom.chance(0.35) ? clientRandom.int(1, 2) : 0;
      siteCount[i] = 1 + more;
      for (let s = 0; s < more; s++) {
        siteWriter.add(
          (siteStart[i] as number) + s + 1,
          clientBase + i + 1,
          words.siteLabel(clientRandom),
          words.address(clientRandom).text,
          at,
          at,
        );
      }
    }
    await database.transaction(async (trx) => {
      await clientWriter.flush(trx, true);
      await siteWriter.flush(trx, true);
    });
    counts.clients = clientWriter.written;
    counts.client_sites = siteWriter.written;
  }
  progress.end();

  // Contracts (issue 14): every client has an active contract covering all its sites under the default
  // policy; some also an expired one before it, and a few a draft for later. Their own random stream,
  // so the rows generated before and after them do not change. Every contract's money is in its client's
  // currency (written, as the contracts service does); the active ones have billing terms and, most of
  // them, an hour bank (banks.ts) whose size is settled once the time is known.
  const contractBase = await maxId('contracts');
  const activeContract: (GeneratedContract | undefined)[] = new Array(clients);
  const previousContract: (GeneratedContract | undefined)[] = new Array(clients);
  const contractSites: [number, number][] = [];
  {
    const contractRandom = new Random(seed, 'contracts');
    const bankRandom = new Random(seed, 'banks');
    const contractWriter = new TableWriter(database, 'contracts', [
      'client_id',
      'name',
      'type',
      'scope',
      'sla_policy_id',
      'sla_calendar_id',
      'all_sites',
      'start_date',
      'end_date',
      'renewal_date',
      'auto_renew',
      'notice_days',
      'status',
      'created_at',
      'updated_at',
      'id',
      ...contractBillingColumns,
    ]);
    const day = (ms: number) => iso(ms).slice(0, 10);
    const policyId = setup.policy?.id ?? null;
    let nextContract = contractBase;
    for (let i = 0; i < clients; i++) {
      const created = clientCreated[i] ?? nowMs;
      const at = iso(created);
      const currency = clientLocale(i)?.currency ?? 'EUR';
      const start = Math.max(created, nowMs - contractRandom.int(30, 330) * DAY);
      const end = start + 365 * DAY;
      if (contractRandom.chance(0.3)) {
        const before = start - 365 * DAY;
        const previous = plainContract(++nextContract, i, currency, day(before), day(start - DAY));
        previous.rateMinor = currency === 'AED' ? 40_000 : 9_000;
        previousContract[i] = previous;
        contractWriter.add(
          clientBase + i + 1,
          'Managed IT support (previous term)',
          'managed-services',
          'Servers, network and workstations.',
          policyId,
          null,
          1,
          day(before),
          day(start - DAY),
          null,
          0,
          30,
          'expired',
          at,
          at,
          previous.id,
          ...billingRow(previous),
        );
      }
      // The second client's is always prepaid, so blocks appear at any size.
      const block = contractRandom.chance(0.25) || i === 1;
      const active = bankedContract(bankRandom, {
        id: ++nextContract,
        clientIndex: i,
        currency,
        startDate: day(start),
        endDate: day(end),
        prepaid: block,
      });
      // A client with several sites sometimes has its contract cover the head office only.
      if ((siteCount[i] as number) > 1 && bankRandom.chance(0.3)) {
        active.siteIds = [siteStart[i] as number];
        contractSites.push([active.id, siteStart[i] as number]);
      }
      activeContract[i] = active;
      contractWriter.add(
        clientBase + i + 1,
        block ? 'Prepaid support hours' : 'Managed IT support',
        block ? 'block-hours' : 'managed-services',
        block ? 'A block of support hours for any IT request.' : 'Servers, network and workstations.',
        policyId,
        null,
        active.siteIds === null ? 1 : 0,
        day(start),
        day(end),
        day(end - 60 * DAY),
        contractRandom.chance(0.6) ? 1 : 0,
        contractRandom.pick([30, 60, 90]),
        'active',
        at,
        at,
        active.id,
        ...billingRow(active),
      );
      if (contractRandom.chance(0.1)) {
        const draft = plainContract(
          ++nextContract,
          i,
          currency,
          day(nowMs + 30 * DAY),
          day(nowMs + 120 * DAY),
        );
        contractWriter.add(
          clientBase + i + 1,
          'Network refresh project',
          'project',
          'Replace the switches and Wi-Fi access points.',
          null,
          null,
          1,
          draft.startDate,
          draft.endDate,
          null,
          0,
          null,
          'draft',
          at,
          at,
          draft.id,
          ...billingRow(draft),
        );
      }
    }
    await database.transaction(async (trx) => {
      await contractWriter.flush(trx, true);
      for (let k = 0; k < contractSites.length; k += 500) {
        await trx
          .insertInto('contract_sites')
          .values(contractSites.slice(k, k + 500).map(([contract_id, site_id]) => ({ contract_id, site_id })))
          .execute();
      }
    });
    counts.contracts = contractWriter.written;
    counts.contract_sites = contractSites.length;
  }

  // Orders (issue 15, point 4): one to four hardware or software orders per client over the last year,
  // the older ones delivered (a few cancelled), the newest still on their way, each with its lines and
  // the status changes that brought it there. Their own random stream, so other rows do not change.
  {
    const orderRandom = new Random(seed, 'orders');
    const orderBase = await maxId('orders');
    const staffId = staffIds.get('admin@portico.example') ?? null;
    const orderWriter = new TableWriter(database, 'orders', [
      'id',
      'client_id',
      'status',
      'currency',
      'total_minor',
      'ordered_by_contact_id',
      'carrier',
      'tracking_number',
      'expected_date',
      'notes',
      'invoice_id',
      'created_by_account_id',
      'created_at',
      'updated_at',
    ]);
    const lineWriter = new TableWriter(database, 'order_lines', [
      'order_id',
      'position',
      'description',
      'quantity',
      'unit_price_minor',
    ]);
    const changeWriter = new TableWriter(database, 'order_status_changes', [
      'order_id',
      'from_status',
      'to_status',
      'actor_account_id',
      'at',
    ]);
    const catalogue = [
      ['Business laptop, 16 GB, 512 GB SSD', 119_900],
      ['24" monitor', 17_900],
      ['USB-C dock', 18_900],
      ['Wireless keyboard and mouse', 5_900],
      ['Office suite, annual licence', 13_680],
      ['Endpoint protection, annual licence', 3_900],
      ['Managed switch, 24 ports', 42_000],
      ['Wi-Fi access point', 16_500],
      ['UPS 1500 VA', 32_500],
      ['Label printer', 11_900],
    ] as const;
    const carriers = ['UPS', 'DHL', 'FedEx', 'DPD', 'Royal Mail', 'Courier Express'] as const;
    const paths: Record<string, string[]> = {
      placed: ['placed'],
      ordered: ['placed', 'ordered'],
      shipped: ['placed', 'ordered', 'shipped'],
      delivered: ['placed', 'ordered', 'shipped', 'delivered'],
      cancelled: ['placed', 'cancelled'],
    };
    let n = 0;
    for (let i = 0; i < clients; i++) {
      const currency = clientLocale(i)?.currency ?? 'EUR';
      const many = orderRandom.int(1, 4);
      for (let k = 0; k < many; k++) {
        n += 1;
        const orderId = orderBase + n;
        const created = Math.max(clientCreated[i] ?? nowMs, nowMs - orderRandom.int(0, 365) * DAY);
        const age = (nowMs - created) / DAY;
        // Every status at every size: the first orders take each in turn, the rest follow their age.
        const status =
          n <= 5
            ? (['placed', 'ordered', 'shipped', 'delivered', 'cancelled'] as const)[n - 1]!
            : age < 2
              ? 'placed'
              : age < 5
                ? orderRandom.pick(['ordered', 'shipped'] as const)
                : orderRandom.chance(0.05)
                  ? 'cancelled'
                  : 'delivered';
        const steps = paths[status]!;
        let total = 0;
        const lines = orderRandom.int(1, 3);
        for (let l = 0; l < lines; l++) {
          const [description, price] = orderRandom.pick(catalogue) as readonly [string, number];
          const quantity = orderRandom.int(1, 10);
          total += quantity * price;
          lineWriter.add(orderId, l + 1, description, quantity, price);
        }
        const shipped = steps.includes('shipped');
        const carrier = shipped ? orderRandom.pick(carriers) : null;
        const stepAt = (j: number) => iso(Math.min(nowMs, created + j * DAY));
        steps.forEach((to, j) => {
          changeWriter.add(orderId, j === 0 ? null : steps[j - 1], to, staffId, stepAt(j));
        });
        orderWriter.add(
          orderId,
          clientBase + i + 1,
          status,
          currency,
          total,
          null,
          carrier,
          carrier ? `${orderRandom.int(100_000_000, 999_999_999)}${orderRandom.int(1000, 9999)}` : null,
          iso(created + 4 * DAY).slice(0, 10),
          '',
          null,
          staffId,
          iso(created),
          stepAt(steps.length - 1),
        );
      }
      if (orderWriter.pendingRows >= 5_000) {
        await database.transaction(async (trx) => {
          await orderWriter.flush(trx, true);
          await lineWriter.flush(trx, true);
          await changeWriter.flush(trx, true);
        });
      }
    }
    await database.transaction(async (trx) => {
      await orderWriter.flush(trx, true);
      await lineWriter.flush(trx, true);
      await changeWriter.flush(trx, true);
    });
    counts.orders = orderWriter.written;
    counts.order_lines = lineWriter.written;
    counts.order_status_changes = changeWriter.written;
  }

  // ---------------------------------------------------------------------------------------------
  // Contacts (every preset) and the documented set of contact logins.
  const contactRandom = new Random(seed, 'contacts');
  const contactBase = await maxId('contacts');
  const accountBase = await maxId('accounts');
  const info: ContactInfo = {
    clientOf: new Int32Array(contacts),
    start: new Int32Array(clients),
    count: new Int32Array(clients),
    accountOf: new Int32Array(contacts),
    canCreate: new Uint8Array(contacts),
    names: new Array<string>(contacts),
    firstNames: new Array<string>(contacts),
    baseId: contactBase,
  };
  {
    const base = Math.min(LOGIN_CONTACTS_PER_CLIENT, Math.floor(contacts / clients));
    const rest = contacts - base * clients;
    const totalWeight = clientWeights.reduce((a, b) => a + b, 0);
    let assigned = 0;
    for (let c = 0; c < clients; c++) {
      const n = base + Math.floor((rest * (clientWeights[c] as number)) / totalWeight);
      info.count[c] = n;
      assigned += n;
    }
    for (; assigned < contacts; assigned++) {
      const c = clientPicker.index(contactRandom);
      info.count[c] = (info.count[c] as number) + 1;
    }
    let next = 0;
    for (let c = 0; c < clients; c++) {
      info.start[c] = next;
      next += info.count[c] as number;
    }
  }
  const contractContacts: { contactId: number; accountId: number | null; name: string; email: string }[][] =
    new Array(clients);
  progress.start('Contacts', contacts, 'contacts');
  {
    const contactWriter = new TableWriter(database, 'contacts', [
      'id',
      'client_id',
      'name',
      'email',
      'presets',
      'switches',
      'title',
      'department',
      'phone',
      'mobile',
      'status',
      'created_at',
      'updated_at',
      'language',
    ]);
    const accountWriter = new TableWriter(database, 'accounts', [
      'id',
      'kind',
      'email',
      'name',
      'password_hash',
      'staff_role',
      'contact_id',
      'status',
      'must_change_password',
      'last_login_at',
      'created_at',
      'updated_at',
    ]);
    const presetJson = new Map<ContactPreset[], string>();
    let accounts = 0;
    for (let c = 0; c < clients; c++) {
      const used = new Set<string>();
      const start = info.start[c] as number;
      const n = info.count[c] as number;
      for (let j = 0; j < n; j++) {
        const k = start + j;
        const person = words.personName(contactRandom);
        const stem = words.slug(`${person.first}.${person.last}`).replace(/-/g, '.');
        let email = `${stem}@${clientDomains[c]}`;
        for (let d = 2; used.has(email); d++) email = `${stem}${d}@${clientDomains[c]}`;
        used.add(email);
        const presets: ContactPreset[] =
          j < LOGIN_CONTACTS_PER_CLIENT
            ? [contactPresets[j] as ContactPreset]
            : extraPresets.pick(contactRandom);
        let json = presetJson.get(presets);
        if (!json) {
          json = JSON.stringify(presets);
          presetJson.set(presets, json);
        }
        const permissions = effectivePermissions(presets);
        const created =
          (clientCreated[c] as number) + contactRandom.next() * (nowMs - SPAN - (clientCreated[c] as number));
        const at = iso(created);
        const area = contactRandom.chance(0.6)
          ? `+44 ${contactRandom.int(113, 191)} 496 ${String(contactRandom.int(0, 9999)).padStart(4, '0')}`
          : null;
        contactWriter.add(
          contactBase + k + 1,
          clientBase + c + 1,
          person.name,
          email,
          json,
          '{}',
          contactRandom.chance(0.7) ? contactRandom.pick(words.titles) : null,
          contactRandom.chance(0.4) ? contactRandom.pick(words.departments) : null,
          area,
          contactRandom.chance(0.3) ? `+44 7700 ${String(contactRandom.int(900000, 900999))}` : null,
          'active',
          at,
          at,
          // A new contact starts in their client's language, as the contacts service does.
          clientLocale(c)?.language ?? null,
        );
        info.clientOf[k] = c;
        info.names[k] = person.name;
        info.firstNames[k] = person.first;
        info.canCreate[k] = permissions.includes('tickets:create') ? 1 : 0;
        const notifies = j === 0 || j === 2;
        if (c < LOGIN_CLIENTS && j < LOGIN_CONTACTS_PER_CLIENT) {
          const accountId = accountBase + ++accounts;
          info.accountOf[k] = accountId;
          accountWriter.add(
            accountId,
            'contact',
            email,
            person.name,
            hash,
            null,
            contactBase + k + 1,
            'active',
            0,
            null,
            at,
            at,
          );
          logins.push({
            email,
            kind: 'contact',
            name: person.name,
            client: clientNames[c] as string,
            presets,
            permissions,
          });
        }
        // A contract notifies its client's primary and technical contacts (the first and third).
        if (notifies) {
          const list = contractContacts[c] ?? [];
          contractContacts[c] = list;
          list.push({
            contactId: contactBase + k + 1,
            accountId: info.accountOf[k] || null,
            name: person.name,
            email,
          });
        }
      }
      if (contactWriter.pendingRows >= 20_000 || c === clients - 1) {
        await database.transaction(async (trx) => {
          await contactWriter.flush(trx, true);
          await accountWriter.flush(trx, true);
        });
        progress.update(contactWriter.written);
      }
    }
    counts.contacts = contactWriter.written;
    counts.accounts = staff.length + accountWriter.written;
  }
  progress.end(`${formatInt(counts.accounts - staff.length)} with a login`);

  // ---------------------------------------------------------------------------------------------
  // Tickets with their status history, conversation, watchers and SLA figures.
  const ticketRandom = new Random(seed, 'tickets');
  const textRandom = new Random(seed, 'text');
  // Ratings draw from a stream of their own, so the same seed still gives the same tickets as before.
  const ratingRandom = new Random(seed, 'ratings');
  const timeRandom = new Random(seed, 'time');
  // Which site a ticket is about: a stream of its own too.
  const siteRandom = new Random(seed, 'sites');
  const pools = words.bodyPools(textRandom);
  const ticketBase = await maxId('tickets');
  const messageBase = await maxId('ticket_messages');

  // Pass 1: when each ticket was opened, its final status, and its share of the messages.
  const created = new Float64Array(tickets);
  const finalStatus = new Uint8Array(tickets);
  const messageCount = new Uint16Array(tickets);
  {
    const weights = new Float64Array(tickets);
    let total = 0;
    for (let i = 0; i < tickets; i++) {
      const f = (tickets - i - ticketRandom.next()) / tickets;
      const age = SPAN * f ** 1.5;
      created[i] = nowMs - age;
      const pOpen =
        age < 2 * DAY ? 0.9 : age < 7 * DAY ? 0.45 : age < 30 * DAY ? 0.12 : age < 180 * DAY ? 0.01 : 0.002;
      let status = STATUS_FINISHED;
      if (ticketRandom.chance(pOpen)) {
        const r = ticketRandom.next() * (age < 2 * DAY ? 10 : 9);
        status = r < 3 ? 1 : r < 6 ? 2 : r < 8 ? 3 : r < 9 ? 4 : 0;
      }
      // The newest tickets take every status and priority in turn, so each appears whatever the size.
      const fromEnd = tickets - 1 - i;
      if (fromEnd < ticketStatuses.length) status = fromEnd;
      finalStatus[i] = status;
      const factor = status === 0 ? 0.25 : status === STATUS_FINISHED ? 1 : 1.3;
      const w = factor * (0.15 + ticketRandom.exp(1));
      weights[i] = w;
      total += w;
    }
    let assigned = 0;
    for (let i = 0; i < tickets; i++) {
      const n = Math.min(60_000, Math.floor((messages * (weights[i] as number)) / total));
      messageCount[i] = n;
      assigned += n;
    }
    const left = messages - assigned;
    for (let k = 0; k < left; k++) {
      const i = Math.floor(((k + 0.5) * tickets) / left);
      messageCount[i] = (messageCount[i] as number) + 1;
    }
  }
  // Which messages carry an attachment: spread evenly over all messages.
  const attachmentTotal = Math.min(options.attachments, messages);
  const attachAt = new Set<number>();
  for (let k = 0; k < attachmentTotal; k++)
    attachAt.add(Math.floor(((k + ticketRandom.next()) * messages) / attachmentTotal));
  const attachmentsPlanned: {
    ticketId: number;
    messageId: number;
    clientId: number;
    accountId: number | null;
    internal: number;
    at: string;
  }[] = [];

  // Tickets are generated and written in chunks. A chunk's SLA figures are computed on a worker thread
  // while the main thread generates the next chunk and writes the previous one (tickets before the
  // rows that refer to them).
  const newChunk = () => ({
    tickets: new TableWriter(database, 'tickets', [
      'id',
      'client_id',
      'requester_contact_id',
      'subject',
      'description',
      'priority',
      'status',
      'category_id',
      'assignee_account_id',
      'created_by_account_id',
      'source',
      'affected',
      'sla_policy_id',
      'response_target_ms',
      'resolution_target_ms',
      'first_response_at',
      'resolved_at',
      'closed_at',
      'response_due_at',
      'resolution_due_at',
      'sla_paused_ms',
      'response_sla',
      'resolution_sla',
      'time_spent_minutes',
      'merged_into_id',
      'updated_at',
      'public_updated_at',
      'created_at',
      'site_id',
      'contract_id',
    ]),
    changes: new TableWriter(database, 'ticket_status_changes', [
      'ticket_id',
      'status',
      'at',
      'actor_account_id',
    ]),
    messages: new TableWriter(database, 'ticket_messages', [
      'id',
      'ticket_id',
      'author_kind',
      'author_account_id',
      'author_contact_id',
      'author_name',
      'body',
      'internal',
      'source',
      'time_spent_minutes',
      'email_message_id',
      'created_at',
    ]),
    watchers: new TableWriter(database, 'ticket_watchers', [
      'ticket_id',
      'staff_account_id',
      'contact_id',
      'created_at',
    ]),
    ratings: new TableWriter(database, 'ticket_ratings', [
      'ticket_id',
      'client_id',
      'contact_id',
      'technician_account_id',
      'rating',
      'comment',
      'created_at',
    ]),
    time: new TableWriter(database, 'time_entries', [...timeEntryColumns]),
    /** Ticket rows with their SLA columns still to fill, and what the SLA figures are computed from. */
    rows: [] as unknown[][],
    sla: [] as SlaInput[],
    recorded: null as Promise<SlaRecorded[]> | null,
    end: 0,
  });
  type Chunk = ReturnType<typeof newChunk>;
  const totals = { tickets: 0, changes: 0, messages: 0, watchers: 0, ratings: 0, time: 0 };
  const pool = slaPool(setup.policy?.data ?? null, { thread: options.slaThread ?? true });
  const writeChunk = async (ch: Chunk) => {
    const recorded = await (ch.recorded as Promise<SlaRecorded[]>);
    ch.rows.forEach((row, k) => {
      const sla = recorded[k] as SlaRecorded;
      row[SLA_COLUMN] = sla.response_due_at;
      row[SLA_COLUMN + 1] = sla.resolution_due_at;
      row[SLA_COLUMN + 2] = sla.sla_paused_ms;
      row[SLA_COLUMN + 3] = sla.response_sla;
      row[SLA_COLUMN + 4] = sla.resolution_sla;
      ch.tickets.add(...row);
    });
    await database.transaction(async (trx) => {
      for (const w of [ch.tickets, ch.changes, ch.messages, ch.watchers, ch.ratings, ch.time])
        await w.flush(trx, true);
    });
    totals.tickets += ch.tickets.written;
    totals.changes += ch.changes.written;
    totals.messages += ch.messages.written;
    totals.watchers += ch.watchers.written;
    totals.ratings += ch.ratings.written;
    totals.time += ch.time.written;
    progress.update(ch.end, `${formatInt(totals.messages)} messages`);
  };
  let current = newChunk();
  let inFlight: Chunk | null = null;

  const policy = setup.policy;
  const chunk = Math.max(500, Math.min(20_000, Math.ceil(tickets / 50)));
  let messageIndex = 0;
  let internalNotes = 0;
  progress.start('Tickets', tickets, 'tickets');
  const times: number[] = [];
  const keyRequesters = [0, 2, 3];
  try {
    for (let i = 0; i < tickets; i++) {
      const r = ticketRandom;
      const ticketId = ticketBase + i + 1;
      const c = created[i] as number;
      const cIso = iso(c);
      const fromEnd = tickets - 1 - i;
      const clientIndex = clientPicker.index(r);
      const clientId = clientBase + clientIndex + 1;
      const cStart = info.start[clientIndex] as number;
      const cCount = info.count[clientIndex] as number;
      // A client's first contacts who may raise tickets (primary, technical, standard) raise a third of
      // its tickets, so the documented logins have tickets of their own; anyone else raises the rest.
      const requester =
        cCount >= 4 && r.chance(0.3)
          ? cStart + (keyRequesters[r.int(0, keyRequesters.length - 1)] as number)
          : cStart + Math.floor(r.next() * cCount);
      const requesterId = contactBase + requester + 1;
      const requesterAccount = info.accountOf[requester] || null;
      const priority: TicketPriority =
        fromEnd < ticketPriorities.length
          ? (ticketPriorities[fromEnd] as TicketPriority)
          : priorityWeights.pick(r);
      let source: 'portal' | 'staff' | 'email';
      if (!info.canCreate[requester] || r.chance(0.08)) source = 'staff';
      else if (requesterAccount === null || r.chance(0.25)) source = 'email';
      else source = 'portal';
      const statusCode = finalStatus[i] as number;
      const isNew = statusCode === 0;
      const assignee = (isNew ? r.chance(0.2) : r.chance(0.93)) ? r.pick(technicianIds) : null;
      const createdBy =
        source === 'portal'
          ? requesterAccount
          : source === 'staff'
            ? (assignee ?? r.pick(technicianIds))
            : null;
      const categoryId = setup.categories.length && r.chance(0.9) ? r.pick(setup.categories) : null;
      const subject = words.ticketSubject(r);
      const description = words.ticketDescription(r);

      // When it was resolved and closed (finished tickets), and the window the conversation fills.
      let final: TicketStatus;
      let resolvedAt: number | null = null;
      let closedAt: number | null = null;
      let closedBy: number | null = null;
      if (statusCode === STATUS_FINISHED || statusCode === 5 || statusCode === 6) {
        const target = policy?.targets[priority];
        const mean = target ? target.resolutionMinutes * MIN * 0.6 : resolveMean[priority];
        let res = c + Math.max(10 * MIN, r.exp(mean));
        if (res > nowMs - MIN) res = c + (nowMs - c) * (0.5 + 0.4 * r.next());
        resolvedAt = res;
        if (statusCode === 5) final = 'resolved';
        else if (res + AUTO_CLOSE <= nowMs && statusCode === STATUS_FINISHED) {
          final = 'closed';
          closedAt = res + AUTO_CLOSE;
        } else if (statusCode === 6 || r.chance(0.15)) {
          final = 'closed';
          closedAt = res + Math.min(r.exp(6 * HOUR), (nowMs - res) * 0.9);
          closedBy = assignee ?? r.pick(technicianIds);
        } else final = 'resolved';
      } else {
        final = ticketStatuses[statusCode] as TicketStatus;
      }
      const windowEnd = resolvedAt ?? Math.max(c, nowMs - MIN);

      // The conversation: times first, then who wrote what. The first message comes within about half
      // the response target; the rest are spread (random gaps, scaled) over the remaining window.
      const n = messageCount[i] as number;
      const responseMean = (policy?.targets[priority]?.responseMinutes ?? 120) * MIN * 0.5;
      const first = c + Math.min((windowEnd - c) * 0.6, r.exp(responseMean));
      times.length = 0;
      times.push(0);
      let sum = 0;
      for (let k = 1; k <= n; k++) {
        sum += r.exp(1);
        times.push(sum);
      }
      const scale = sum > 0 ? (windowEnd - first) / sum : 0;
      const history: StatusChange[] = [{ status: 'new', at: cIso }];
      current.changes.add(ticketId, 'new', cIso, createdBy);
      let status = 'new' as TicketStatus;
      let firstResponse: number | null = null;
      let lastAny = c;
      let lastPublic = c;
      let minutes = 0;
      let previous: 'staff' | 'contact' | null = null;
      const staffAuthor = assignee ?? r.pick(technicianIds);
      const setStatus = (to: TicketStatus, at: number, actor: number | null) => {
        const atIso = iso(at);
        history.push({ status: to, at: atIso });
        current.changes.add(ticketId, to, atIso, actor);
        status = to;
        if (at > lastAny) lastAny = at;
        if (at > lastPublic) lastPublic = at;
      };
      for (let k = 0; k < n; k++) {
        const at = first + (times[k] as number) * scale;
        const atIso = iso(at);
        const messageId = messageBase + messageIndex + 1;
        let kind: 'staff' | 'contact' | 'note';
        const x = r.next();
        if (final === 'new') kind = x < 0.25 ? 'note' : 'contact';
        else if (k === 0) kind = x < 0.72 ? 'staff' : x < 0.85 ? 'note' : 'contact';
        else if (x < 0.15) kind = 'note';
        else if (previous === 'staff') kind = x < 0.78 ? 'contact' : 'staff';
        else kind = x < 0.82 ? 'staff' : 'contact';
        let authorAccount: number | null;
        let authorContact: number | null = null;
        let authorName: string;
        let body: string;
        let msgSource: 'portal' | 'staff' | 'email' = 'staff';
        let spent = 0;
        let emailId: string | null = null;
        if (kind === 'contact') {
          const who = cCount > 1 && r.chance(0.12) ? cStart + Math.floor(r.next() * cCount) : requester;
          authorAccount = info.accountOf[who] || null;
          authorContact = contactBase + who + 1;
          authorName = info.names[who] as string;
          body = r.chance(0.5)
            ? `${pools.contact[r.int(0, pools.contact.length - 1)]}\n\n${info.firstNames[who]}`
            : (pools.contact[r.int(0, pools.contact.length - 1)] as string);
          msgSource = authorAccount === null || (source === 'email' && r.chance(0.6)) ? 'email' : 'portal';
          if (msgSource === 'email')
            emailId = `<${ticketId}.${messageId}@mail.${clientDomains[clientIndex]}>`;
          previous = 'contact';
          if (status === 'waiting-on-client') setStatus('open', at, authorAccount);
        } else {
          authorAccount = kind === 'note' || r.chance(0.85) ? staffAuthor : r.pick(technicianIds);
          authorName = staffNames.get(authorAccount) as string;
          if (kind === 'staff') {
            const text = pools.staff[r.int(0, pools.staff.length - 1)] as string;
            body = r.chance(0.6)
              ? `Hi ${info.firstNames[requester]},\n\n${text}\n\n${authorName.split(' ')[0]}`
              : text;
            previous = 'staff';
          } else {
            body = pools.note[r.int(0, pools.note.length - 1)] as string;
            internalNotes++;
          }
          if (r.chance(0.4)) spent = 5 * r.int(1, 12);
          minutes += spent;
        }
        const internal = kind === 'note' ? 1 : 0;
        current.messages.add(
          messageId,
          ticketId,
          kind === 'contact' ? 'contact' : 'staff',
          authorAccount,
          authorContact,
          authorName,
          body,
          internal,
          msgSource,
          spent,
          emailId,
          atIso,
        );
        if (attachAt.has(messageIndex)) {
          attachmentsPlanned.push({
            ticketId,
            messageId,
            clientId,
            accountId: authorAccount,
            internal,
            at: atIso,
          });
        }
        messageIndex++;
        if (at > lastAny) lastAny = at;
        if (!internal && at > lastPublic) lastPublic = at;
        if (kind === 'staff') {
          if (firstResponse === null) firstResponse = at;
          if (status === 'new') setStatus(r.chance(0.3) ? 'in-progress' : 'open', at, authorAccount);
          else if ((status === 'open' || status === 'in-progress') && k < n - 1 && r.chance(0.2)) {
            setStatus('waiting-on-client', at, authorAccount);
          }
        }
      }
      if (resolvedAt !== null) {
        const at = Math.max(resolvedAt, lastAny);
        resolvedAt = at;
        setStatus('resolved', at, staffAuthor);
        if (closedAt !== null) setStatus('closed', Math.max(closedAt, at), closedBy);
      } else if (status !== final) {
        setStatus(final, lastAny + (nowMs - lastAny) * r.next() * 0.5, staffAuthor);
      }
      if (closedAt !== null) closedAt = Math.max(closedAt, resolvedAt as number);

      // Watchers: a colleague of the requester on some tickets, another member of staff on a few.
      if (cCount > 1 && r.chance(0.08)) {
        let who = cStart + Math.floor(r.next() * (cCount - 1));
        if (who >= requester) who++;
        current.watchers.add(ticketId, null, contactBase + who + 1, cIso);
      }
      if (r.chance(0.04)) {
        const who = r.pick(allStaffIds);
        if (who !== assignee) current.watchers.add(ticketId, who, null, cIso);
      }

      // About a third of finished tickets are rated by their requester, mostly good, some with a comment,
      // within a few days of being resolved (never in the future).
      if (resolvedAt !== null && ratingRandom.chance(0.35)) {
        const good = ratingRandom.chance(0.85);
        const ratedAt = Math.min(resolvedAt + ratingRandom.exp(DAY / 2), nowMs - MIN);
        const comment = ratingRandom.chance(0.4)
          ? ratingRandom.pick(good ? goodRatingComments : badRatingComments)
          : null;
        current.ratings.add(
          ticketId,
          clientId,
          requesterId,
          assignee,
          good ? 'good' : 'bad',
          comment,
          iso(Math.max(ratedAt, resolvedAt)),
        );
      }

      // The site it is about (clients with several sites name one more often) and the contract that
      // covers it: the active one from its start (only at its sites when it names some), else the
      // previous term while it ran.
      const sites = siteCount[clientIndex] as number;
      const siteId = siteRandom.chance(sites > 1 ? 0.6 : 0.3)
        ? (siteStart[clientIndex] as number) + siteRandom.int(0, sites - 1)
        : null;
      const contract =
        covering(activeContract[clientIndex], c, siteId) ??
        covering(previousContract[clientIndex], c, siteId);
      if (contract !== null && contract.bank !== 'none') {
        if (contract.recent.length >= 4) contract.recent.shift();
        contract.recent.push({
          ticketId,
          requesterContactId: requesterId,
          assignee,
          createdMs: c,
          resolved: resolvedAt !== null,
        });
      }

      // Time on the ticket (issue 14), from a stream of its own like the ratings; on a contract's terms.
      timeEntriesFor(
        timeRandom,
        {
          ticketId,
          clientId,
          assignee,
          createdMs: c,
          resolvedMs: resolvedAt,
          nowMs,
          approverId: allStaffIds[0] as number,
          terms:
            contract === null
              ? null
              : {
                  contractId: contract.id,
                  rateMinor: contract.rateMinor,
                  currency: contract.currency,
                  incrementMinutes: GENERATED_INCREMENT,
                },
        },
        (...row) => {
          current.time.add(...row);
          // What the bank will draw: approved (or invoiced) billable minutes, by date.
          const status = row[timeEntryAt.status];
          if (
            contract !== null &&
            contract.bank !== 'none' &&
            row[timeEntryAt.billable] === 1 &&
            (status === 'approved' || status === 'invoiced')
          ) {
            const date = row[timeEntryAt.date] as string;
            contract.usage.set(date, (contract.usage.get(date) ?? 0) + (row[timeEntryAt.billed] as number));
          }
        },
      );

      const targets = policy?.targets[priority] ?? null;
      const fields = {
        created_at: cIso,
        response_target_ms: targets ? targets.responseMinutes * MIN : null,
        resolution_target_ms: targets ? targets.resolutionMinutes * MIN : null,
        first_response_at: firstResponse === null ? null : iso(firstResponse),
        resolved_at: resolvedAt === null ? null : iso(resolvedAt),
        closed_at: closedAt === null ? null : iso(closedAt),
      };
      current.sla.push({ fields, history });
      current.rows.push([
        ticketId,
        clientId,
        requesterId,
        subject,
        description,
        priority,
        final,
        categoryId,
        assignee,
        createdBy,
        source,
        '[]',
        policy?.id ?? null,
        fields.response_target_ms,
        fields.resolution_target_ms,
        fields.first_response_at,
        fields.resolved_at,
        fields.closed_at,
        null,
        null,
        0,
        'none',
        'none',
        minutes,
        null,
        iso(lastAny),
        iso(lastPublic),
        cIso,
        siteId,
        contract?.id ?? null,
      ]);

      if ((i + 1) % chunk === 0 || i === tickets - 1) {
        current.end = i + 1;
        current.recorded = pool.compute(current.sla, nowIso);
        // Awaited when the chunk is written; a failure meanwhile must not count as unhandled.
        current.recorded.catch(() => {});
        if (inFlight) await writeChunk(inFlight);
        inFlight = current;
        current = newChunk();
      }
    }
    if (inFlight) await writeChunk(inFlight);
  } finally {
    await pool.close();
  }
  counts.tickets = totals.tickets;
  counts.ticket_status_changes = totals.changes;
  counts.ticket_messages = totals.messages;
  counts.internal_notes = internalNotes;
  counts.ticket_watchers = totals.watchers;
  counts.ticket_ratings = totals.ratings;
  counts.time_entries = totals.time;
  progress.end(`${formatInt(totals.messages)} messages`);

  // ---------------------------------------------------------------------------------------------
  // Around the contracts (issue 14): banks settled and closed, alerts, overage requests, report
  // schedules and documents. Their own random stream, after every other row is drawn.
  Object.assign(
    counts,
    await generateContractExtras(database, {
      contracts: activeContract.filter((c): c is GeneratedContract => c !== undefined),
      clientId: (i) => clientBase + i + 1,
      clientName: (i) => clientNames[i] as string,
      clientTimeZone: (i) => clientLocale(i)?.timeZone ?? null,
      notify: (i) => contractContacts[i] ?? [],
      loginClients: LOGIN_CLIENTS,
      adminId: staffIds.get('admin@portico.example') as number,
      technicianIds,
      now: options.now,
      today: todayIn(options.now, orgTimeZone),
      orgTimeZone,
      storage: options.storage,
      random: new Random(seed, 'contract-extras'),
      progress,
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // Attachments: small real files through the Storage interface (a few hundred, not millions).
  progress.start('Attachments', attachmentsPlanned.length, 'files');
  {
    const file = sampleFiles();
    const writer = new TableWriter(database, 'ticket_attachments', [
      'ticket_id',
      'message_id',
      'client_id',
      'uploaded_by_account_id',
      'storage_key',
      'thumbnail_key',
      'filename',
      'content_type',
      'size_bytes',
      'sha256',
      'internal',
      'created_at',
    ]);
    let done = 0;
    for (const a of attachmentsPlanned) {
      const f = await file(done, a.ticketId, a.at);
      const key = await options.storage.put('attachments', f.data);
      const thumbnailKey = f.thumbnail ? await options.storage.put('thumbnails', f.thumbnail) : null;
      writer.add(
        a.ticketId,
        a.messageId,
        a.clientId,
        a.accountId,
        key,
        thumbnailKey,
        f.filename,
        f.contentType,
        f.data.length,
        f.sha256,
        a.internal,
        a.at,
      );
      done++;
      if (done % 50 === 0) progress.update(done);
    }
    await database.transaction((trx) => writer.flush(trx, true));
    counts.ticket_attachments = writer.written;
  }
  progress.end();

  // ---------------------------------------------------------------------------------------------
  // PostgreSQL: identity sequences continue after the ids assigned here; statistics for the planner.
  progress.start('Finishing', 1, 'steps');
  if (database.dialect === 'postgres') {
    await database.transaction(async (trx) => {
      for (const table of [
        'clients',
        'client_sites',
        'contracts',
        'contacts',
        'accounts',
        'tickets',
        'ticket_messages',
      ] as const) {
        await resetSequence(trx, table);
      }
    });
    await sql`analyze`.execute(database.db);
  }
  progress.end();

  return { logins, counts, ms: performance.now() - started };
}

async function resetSequence(trx: Trx, table: string): Promise<void> {
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(
    trx,
  );
}

function formatInt(n: number): string {
  return new Intl.NumberFormat('en-GB').format(n);
}
