/**
 * Query counts (issue 5, item 3): every list endpoint a contact or staff member reads daily runs a fixed
 * number of SQL statements whatever the page size or the number of rows. An N+1 (one query per row for
 * its client, requester, attachments, members, ...) grows with the page and fails here.
 *
 * The list endpoints are found in the app's own route table: every GET /api/v1 route whose 200 answer is
 * `{ items: [...] }`. Each must have a case below (or a reason in NOT_MEASURED), so a list added tomorrow
 * fails the coverage test until it is measured.
 *  - Paged lists (`limit` in the query): enough rows are seeded, then limit=2 and limit=50 must run the same
 *    number of statements.
 *  - Unpaged lists (configuration: categories, teams, ...): the count is taken, more rows are added, and
 *    the count must not change.
 * Statements are counted through `database.onQuery` (Kysely's log hook, see platform/db/db.ts), the same
 * mechanism as the tickets test; every request is made once first so caches (settings) are warm.
 * Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { insertStaffUser, prepareStaffUser } from '../modules/staff/staff.service.ts';
import { Client, clientIdByName, createTestApp, OWNER, setUp, type TestApp } from './harness.ts';

type Ctx = {
  t: TestApp;
  owner: Client;
  tech: Client;
  alice: Client;
  acmeId: number;
  /** A ticket of Acme's whose conversation, attachments and watchers grow. */
  ticketId: number;
};

interface Measured {
  queries: number;
  items: number;
  sql: string[];
}

interface Case {
  /** The route as the route table names it, e.g. "GET /api/v1/tickets/:ticketId/messages". */
  route: string;
  /** What differs between cases of one route (a view, a scope, an actor). */
  variant?: string;
  as: (c: Ctx) => Client;
  url: (c: Ctx) => string;
  /** Paged: rows are made (at least 51) before measuring limit=2 against limit=50. */
  paged: boolean;
  /** Unpaged: the first measurement is taken after `prepare`, the second after `grow`. */
  prepare?: (c: Ctx) => Promise<void>;
  grow: (c: Ctx) => Promise<void>;
  /** A known N+1: the finding, named; the case runs as a todo until the endpoint is fixed. */
  todo?: string;
}

const CANARY = '/__query-count-canary';

/** The contract the blocks case reads (made in its `prepare`). */
let prepaidContractId = 0;
async function addBlocks(c: Ctx, n: number) {
  const at = c.t.clock().toISOString();
  await c.t.db
    .insertInto('hour_blocks')
    .values(
      Array.from({ length: n }, (_, i) => ({
        contract_id: prepaidContractId,
        purchased_on: `2026-01-${String(i + 1).padStart(2, '0')}`,
        minutes: 600,
        expires_on: null,
        created_at: at,
      })),
    )
    .execute();
}

/** GET list routes that are deliberately not measured here, and why. */
const NOT_MEASURED: Record<string, string> = {};

const BOUNDARY = '----portico-query-counts';
function multipart(filename: string, content: string): Buffer {
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: text/plain\r\n\r\n${content}\r\n--${BOUNDARY}--\r\n`,
  );
}

async function ok<T = Record<string, unknown>>(
  res: Promise<{ statusCode: number; body: string; json(): unknown }>,
  what: string,
): Promise<T> {
  const r = await res;
  assert.ok(r.statusCode >= 200 && r.statusCode < 300, `${what}: ${r.statusCode} ${r.body}`);
  return r.json() as T;
}

let serial = 0;
const next = () => {
  serial += 1;
  return serial;
};

async function measure(c: Ctx, client: Client, url: string): Promise<Measured> {
  const warm = await client.get(url);
  assert.equal(warm.statusCode, 200, `${url}: ${warm.body}`);
  // Once is enough: the settings cache runs on the app's clock, which this test never moves, so it
  // cannot lapse between the warm-up and the measured request however slow the machine is.
  return measureOnce(c, client, url);
}

async function measureOnce(c: Ctx, client: Client, url: string): Promise<Measured> {
  const sql: string[] = [];
  c.t.database.onQuery = (event) => {
    sql.push(event.query.sql);
  };
  try {
    const res = await client.get(url);
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return { queries: sql.length, items: (res.json().items as unknown[]).length, sql };
  } finally {
    c.t.database.onQuery = undefined;
  }
}

const withLimit = (url: string, limit: number) => `${url}${url.includes('?') ? '&' : '?'}limit=${limit}`;

// ---------------------------------------------------------------------------------------------------
// Seeding, through the API where a person would do it, directly where rows arrive from outside (mail).

async function uploadAs(client: Client, name: string): Promise<number> {
  const res = await client.request('POST', '/api/v1/uploads', {
    payload: multipart(name, `contents of ${name}\n`),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  });
  return (await ok<{ id: number }>(Promise.resolve(res), `upload ${name}`)).id;
}

let staffHash: Awaited<ReturnType<typeof prepareStaffUser>> | undefined;
async function addStaff(c: Ctx, n: number, role: 'technician' | 'admin' = 'technician'): Promise<number[]> {
  staffHash ??= await prepareStaffUser({
    name: 'x',
    email: 'x@staff.example',
    role,
    password: 'query-count-passphrase',
  });
  const ids: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const k = next();
    ids.push(
      await c.t.db.transaction().execute((trx) =>
        insertStaffUser(trx, c.t.clock, {
          ...staffHash!,
          role,
          name: `Qc Staff ${k}`,
          email: `qc-staff-${k}@portico.example`,
        }),
      ),
    );
  }
  return ids;
}

async function addContacts(c: Ctx, n: number, clientId = c.acmeId): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const k = next();
    const created = await ok<{ id: number }>(
      c.owner.post(`/api/v1/clients/${clientId}/contacts`, {
        name: `Qc Contact ${k}`,
        email: `qc-contact-${k}@acme.example`,
        presets: ['standard'],
      }),
      'add contact',
    );
    ids.push(created.id);
  }
  return ids;
}

async function addTickets(c: Ctx, n: number): Promise<number[]> {
  const categories = await ok<{ items: { id: number; archived: boolean }[] }>(
    c.owner.get('/api/v1/ticket-categories'),
    'categories',
  );
  const live = categories.items.filter((x) => !x.archived);
  const techId = (
    await c.t.db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', 'tech@portico.example')
      .executeTakeFirstOrThrow()
  ).id;
  const ids: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const k = next();
    const created = await ok<{ id: number }>(
      c.alice.post('/api/v1/tickets', {
        subject: `Qc ticket ${k}`,
        description: `Query-count probe ${k}`,
        priority: (['low', 'medium', 'high', 'critical'] as const)[k % 4],
        categoryId: live[k % Math.max(1, live.length)]?.id ?? null,
      }),
      'create ticket',
    );
    ids.push(created.id);
    // Spread them over the queues: some mine (tech), some waiting on the client, some unassigned.
    if (k % 3 === 0) {
      await ok(c.tech.patch(`/api/v1/tickets/${created.id}`, { assigneeAccountId: techId }), 'assign');
    } else if (k % 3 === 1) {
      await ok(c.tech.patch(`/api/v1/tickets/${created.id}`, { status: 'waiting-on-client' }), 'wait');
    }
  }
  return ids;
}

async function addMessages(c: Ctx, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const k = next();
    const withFile = k % 4 === 0;
    if (k % 3 === 0) {
      const attachmentIds = withFile ? [await uploadAs(c.alice, `qc-contact-${k}.txt`)] : [];
      await ok(
        c.alice.post(`/api/v1/tickets/${c.ticketId}/messages`, { body: `Contact reply ${k}`, attachmentIds }),
        'contact reply',
      );
    } else {
      const attachmentIds = withFile ? [await uploadAs(c.tech, `qc-staff-${k}.txt`)] : [];
      await ok(
        c.tech.post(`/api/v1/tickets/${c.ticketId}/messages`, {
          body: `Staff ${k % 3 === 1 ? 'reply' : 'note'} ${k}`,
          internal: k % 3 === 2,
          attachmentIds,
        }),
        'staff message',
      );
    }
  }
}

async function addAttachments(c: Ctx, n: number): Promise<void> {
  const ids: number[] = [];
  for (let i = 0; i < n; i += 1) ids.push(await uploadAs(c.alice, `qc-file-${next()}.txt`));
  for (let i = 0; i < ids.length; i += 20) {
    await ok(
      c.alice.post(`/api/v1/tickets/${c.ticketId}/messages`, {
        body: `Files ${next()}`,
        attachmentIds: ids.slice(i, i + 20),
      }),
      'reply with files',
    );
  }
}

async function addWatchers(c: Ctx, staff: number, contacts: number): Promise<void> {
  for (const accountId of await addStaff(c, staff)) {
    await ok(
      c.tech.post(`/api/v1/tickets/${c.ticketId}/watchers`, { staffAccountId: accountId }),
      'watch (staff)',
    );
  }
  for (const contactId of await addContacts(c, contacts)) {
    await ok(c.tech.post(`/api/v1/tickets/${c.ticketId}/watchers`, { contactId }), 'watch (contact)');
  }
}

async function addEmails(c: Ctx, n: number): Promise<void> {
  const at = c.t.clock().toISOString();
  const rows = Array.from({ length: n }, () => {
    const k = next();
    return {
      to_address: `qc-mail-${k}@acme.example`,
      to_name: `Qc Mail ${k}`,
      subject: `Qc message ${k}`,
      html: `<p>Qc ${k}</p>`,
      text: `Qc ${k}`,
      message_id: `<qc-${k}@portico.example>`,
      status: 'outbox' as const,
      client_id: k % 2 ? c.acmeId : null,
      created_at: at,
    };
  });
  await c.t.db.insertInto('emails').values(rows).execute();
}

async function addInbound(c: Ctx, n: number): Promise<void> {
  const at = c.t.clock().toISOString();
  const reviewer = (
    await c.t.db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', 'tech@portico.example')
      .executeTakeFirstOrThrow()
  ).id;
  const rows = Array.from({ length: n }, () => {
    const k = next();
    const handled = k % 2 === 0;
    return {
      received_via: 'smtp' as const,
      message_id: `<qc-in-${k}@mail.example>`,
      from_address: `qc-sender-${k}@mail.example`,
      from_name: `Qc Sender ${k}`,
      to_address: 'support@portico.example',
      subject: `Qc inbound ${k}`,
      text_body: `Inbound ${k}`,
      raw_key: null,
      status: handled ? ('added' as const) : ('held' as const),
      reason: handled ? null : 'unknown sender',
      ticket_id: handled ? c.ticketId : null,
      reviewed_by: handled ? reviewer : null,
      received_at: at,
      processed_at: handled ? at : null,
    };
  });
  await c.t.db.insertInto('inbound_emails').values(rows).execute();
}

async function accountIdOf(c: Ctx, email: string): Promise<number> {
  return (
    await c.t.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()
  ).id;
}

async function addSignIns(c: Ctx, email: string, n: number): Promise<void> {
  // As the app writes them: a contact's sign-in events carry the contact's client (see auth.service).
  const { id: accountId, client_id: clientId } = await c.t.db
    .selectFrom('accounts as a')
    .leftJoin('contacts as ct', 'ct.id', 'a.contact_id')
    .select(['a.id', 'ct.client_id'])
    .where('a.email', '=', email)
    .executeTakeFirstOrThrow();
  const actions = ['auth.login', 'auth.login_failed', 'auth.mfa_failed', 'auth.locked'];
  const rows = Array.from({ length: n }, (_, i) => ({
    at: c.t.clock().toISOString(),
    actor_kind: 'anonymous' as const,
    actor_account_id: null,
    actor_name: null,
    client_id: clientId,
    action: actions[i % actions.length] ?? 'auth.login',
    target_type: 'account',
    target_id: accountId,
    ip: `192.0.2.${(i % 250) + 1}`,
    user_agent: i % 2 ? 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' : 'curl/8.0',
  }));
  await c.t.db.insertInto('audit_events').values(rows).execute();
}

async function addSessions(c: Ctx, email: string, n: number): Promise<void> {
  const accountId = await accountIdOf(c, email);
  const now = c.t.clock().getTime();
  const rows = Array.from({ length: n }, (_, i) => ({
    id: createHash('sha256').update(`qc-session-${next()}`).digest('hex'),
    account_id: accountId,
    remember: i % 2,
    created_at: new Date(now - i * 60_000).toISOString(),
    last_seen_at: new Date(now - i * 60_000).toISOString(),
    idle_expires_at: new Date(now + 3_600_000).toISOString(),
    absolute_expires_at: new Date(now + 86_400_000).toISOString(),
    ip: `198.51.100.${(i % 250) + 1}`,
    user_agent:
      i % 2 ? 'Mozilla/5.0 (Macintosh) Safari/605.1.15' : 'Mozilla/5.0 (Windows NT 10.0) Chrome/140.0',
    preview_contact_id: null,
  }));
  await c.t.db.insertInto('sessions').values(rows).execute();
}

async function addCanned(c: Ctx, n: number) {
  for (let i = 0; i < n; i += 1) {
    const k = next();
    await ok(
      c.owner.post('/api/v1/canned-responses', { title: `Qc canned ${k}`, body: `Hello **${k}**` }),
      'canned',
    );
  }
}

async function addCategories(c: Ctx, n: number) {
  for (let i = 0; i < n; i += 1) {
    await ok(c.owner.post('/api/v1/ticket-categories', { name: `Qc category ${next()}` }), 'category');
  }
}

async function addCalendars(c: Ctx, n: number): Promise<number[]> {
  const existing = await ok<{ items: { calendar: unknown }[] }>(
    c.owner.get('/api/v1/sla-calendars'),
    'calendars',
  );
  const ids: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const created = await ok<{ id: number }>(
      c.owner.post('/api/v1/sla-calendars', {
        name: `Qc calendar ${next()}`,
        calendar: existing.items[0]?.calendar,
      }),
      'calendar',
    );
    ids.push(created.id);
  }
  return ids;
}

async function addPolicies(c: Ctx, n: number) {
  const existing = await ok<{ items: { targets: unknown; pausingStatuses: string[] }[] }>(
    c.owner.get('/api/v1/sla-policies'),
    'policies',
  );
  const calendars = await addCalendars(c, 2);
  for (let i = 0; i < n; i += 1) {
    await ok(
      c.owner.post('/api/v1/sla-policies', {
        name: `Qc policy ${next()}`,
        calendarId: calendars[i % calendars.length],
        targets: existing.items[0]?.targets,
        pausingStatuses: existing.items[0]?.pausingStatuses,
      }),
      'policy',
    );
  }
}

async function addTeams(c: Ctx, n: number): Promise<number[]> {
  const members = await addStaff(c, 3);
  const ids: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const created = await ok<{ id: number }>(
      c.owner.post('/api/v1/teams', {
        name: `Qc team ${next()}`,
        memberAccountIds: members.slice(0, 1 + (i % members.length)),
      }),
      'team',
    );
    ids.push(created.id);
  }
  return ids;
}

async function addRules(c: Ctx, n: number) {
  const teams = await addTeams(c, 2);
  const [person] = await addStaff(c, 1);
  const categories = await ok<{ items: { id: number }[] }>(c.owner.get('/api/v1/ticket-categories'), 'cats');
  const clients = await ok<{ items: { id: number }[] }>(c.owner.get('/api/v1/clients?limit=20'), 'clients');
  for (let i = 0; i < n; i += 1) {
    await ok(
      c.owner.post('/api/v1/assignment-rules', {
        clientId: clients.items[i % clients.items.length]?.id ?? null,
        categoryId: categories.items[i % categories.items.length]?.id ?? null,
        ...(i % 2 ? { teamId: teams[i % teams.length] } : { assigneeAccountId: person }),
      }),
      'rule',
    );
  }
}

async function addViews(c: Ctx, n: number) {
  for (let i = 0; i < n; i += 1) {
    await ok(
      c.tech.post('/api/v1/ticket-views', { name: `Qc view ${next()}`, filters: { priority: ['high'] } }),
      'view',
    );
  }
}

async function addClients(c: Ctx, n: number) {
  for (let i = 0; i < n; i += 1) {
    const k = next();
    await ok(
      c.owner.post('/api/v1/clients', {
        name: `Qc Client ${String(k).padStart(4, '0')}`,
        sites: k % 2 ? [{ label: `Qc site ${k}`, address: `${k} Probe Street` }] : [],
      }),
      'client',
    );
  }
}

async function addInviteLinks(c: Ctx, n: number) {
  for (let i = 0; i < n; i += 1) {
    await ok(c.owner.post(`/api/v1/clients/${c.acmeId}/invite-links`, { maxUses: 1 + i }), 'invite link');
  }
}

/** Active contracts for Acme, alternately covering all sites and one listed site (both reads run). */
async function addContracts(c: Ctx, n: number) {
  const acme = (await c.owner.get(`/api/v1/clients/${c.acmeId}`)).json() as { sites: { id: number }[] };
  const siteId = acme.sites[0]?.id;
  for (let i = 0; i < n; i += 1) {
    const listed = i % 2 === 1 && siteId !== undefined;
    await ok(
      c.owner.post('/api/v1/contracts', {
        clientId: c.acmeId,
        name: `QC contract ${i}`,
        type: 'managed-services',
        startDate: '2030-01-01',
        status: 'active',
        allSites: !listed,
        siteIds: listed ? [siteId] : [],
      }),
      'contract',
    );
  }
}

/** Orders for Acme (issue 15, point 4), with two lines each, so the lines read for each page runs. */
async function addOrders(c: Ctx, n: number) {
  for (let i = 0; i < n; i += 1) {
    await ok(
      c.owner.post('/api/v1/orders', {
        clientId: c.acmeId,
        lines: [
          { description: `QC laptop ${i}`, quantity: 1, unitPriceMinor: 99_900 },
          { description: `QC dock ${i}`, quantity: 2, unitPriceMinor: 18_900 },
        ],
        carrier: i % 2 === 0 ? 'UPS' : null,
        trackingNumber: i % 2 === 0 ? `1ZQC${i}` : null,
      }),
      'order',
    );
  }
}

/** Ratings of Acme's tickets (rows written directly: the rating rules are ratings.test.ts's), alternately
 * good and bad, for the technician and for no one, so every join of the list runs. */
async function addRatings(c: Ctx, n: number) {
  await seedTickets(c);
  const techId = await accountIdOf(c, 'tech@portico.example');
  const contact = await c.t.db
    .selectFrom('contacts')
    .select('id')
    .where('email', '=', 'primary@acme.example')
    .executeTakeFirstOrThrow();
  const tickets = await c.t.db
    .selectFrom('tickets')
    .select('id')
    .where('client_id', '=', c.acmeId)
    .where('id', 'not in', c.t.db.selectFrom('ticket_ratings').select('ticket_id'))
    .orderBy('id')
    .limit(n)
    .execute();
  assert.equal(tickets.length, n);
  const at = c.t.clock().getTime();
  await c.t.db
    .insertInto('ticket_ratings')
    .values(
      tickets.map((t, i) => ({
        ticket_id: t.id,
        client_id: c.acmeId,
        contact_id: contact.id,
        technician_account_id: i % 2 ? techId : null,
        rating: i % 2 ? 'good' : 'bad',
        comment: i % 3 ? `Qc rating ${i}` : null,
        created_at: new Date(at - (i + 1) * 60_000).toISOString(),
      })),
    )
    .execute();
}

/** Scheduled reports for Acme, sent to its primary contact. */
async function addReportSchedules(c: Ctx, n: number) {
  for (let i = 0; i < n; i += 1) {
    await ok(
      c.owner.post(`/api/v1/clients/${c.acmeId}/report-schedules`, {
        report: i % 2 ? 'activity' : 'summary',
        frequency: (['weekly', 'monthly', 'quarterly'] as const)[i % 3],
        format: i % 2 ? 'csv' : 'pdf',
        recipients: ['primary@acme.example'],
      }),
      'report schedule',
    );
  }
}

/** Notices in a person's bell (rows written directly: alerts.test.ts covers how they are made), half read. */
async function addNotices(c: Ctx, email: string, n: number) {
  const accountId = await accountIdOf(c, email);
  const client = await c.t.db
    .selectFrom('accounts')
    .leftJoin('contacts', 'contacts.id', 'accounts.contact_id')
    .select('contacts.client_id')
    .where('accounts.id', '=', accountId)
    .executeTakeFirstOrThrow();
  const at = c.t.clock().getTime();
  await c.t.db
    .insertInto('notices')
    .values(
      Array.from({ length: n }, (_, i) => ({
        account_id: accountId,
        client_id: client.client_id,
        kind: 'contractEnding',
        params: JSON.stringify({ contract: `Qc contract ${i}`, endDate: '2026-04-01', days: 30 }),
        link: '/contracts',
        created_at: new Date(at - (i + 1) * 60_000).toISOString(),
        read_at: i % 2 ? new Date(at).toISOString() : null,
      })),
    )
    .execute();
}

// ---------------------------------------------------------------------------------------------------
// The cases. Paged ones seed 55 rows the first time a route needs them (`once`).

const done = new Set<string>();
function once(key: string, fn: (c: Ctx) => Promise<void>): (c: Ctx) => Promise<void> {
  return async (c) => {
    if (done.has(key)) return;
    done.add(key);
    await fn(c);
  };
}
const PAGED_ROWS = 55;
const seedTickets = once('tickets', (c) => addTickets(c, PAGED_ROWS).then(() => undefined));
const seedMessages = once('messages', (c) => addMessages(c, PAGED_ROWS));
const seedClients = once('clients', (c) => addClients(c, PAGED_ROWS));
const seedContacts = once('contacts', (c) => addContacts(c, PAGED_ROWS).then(() => undefined));
const seedContracts = once('contracts', (c) => addContracts(c, PAGED_ROWS));
const seedOrders = once('orders', (c) => addOrders(c, PAGED_ROWS));
const seedRatings = once('ratings', (c) => addRatings(c, PAGED_ROWS));

/** Time on the measured ticket (issue 14), in every status, by two people; the portal shows time. */
async function addTime(c: Ctx, n: number) {
  const techId = await accountIdOf(c, 'tech@portico.example');
  const ownerId = await accountIdOf(c, OWNER.email);
  const workType = (
    await c.owner.post('/api/v1/work-types', { name: 'Qc time', rateMinor: 9000, currency: 'EUR' })
  ).json() as { id: number };
  const at = c.t.clock().toISOString();
  const statuses = ['draft', 'submitted', 'approved', 'invoiced'];
  await c.t.db
    .insertInto('time_entries')
    .values(
      Array.from({ length: n * 2 }, (_, i) => ({
        ticket_id: c.ticketId,
        client_id: c.acmeId,
        contract_id: null,
        account_id: i % 2 ? techId : ownerId,
        work_type_id: i % 3 ? workType.id : null,
        entry_date: `2026-02-${String((i % 28) + 1).padStart(2, '0')}`,
        started_at: null,
        actual_minutes: 10 + i,
        billed_minutes: 15 + i,
        billable: 1,
        rate_minor: 9000,
        currency: 'EUR',
        amount_minor: 100 * i,
        rate_source: 'work-type',
        note: `Qc time ${i}`,
        status: i < n ? 'approved' : (statuses[i % 4] ?? 'draft'),
        reverses_id: null,
        submitted_at: null,
        approved_at: i < n ? at : null,
        approved_by: i < n ? ownerId : null,
        invoiced_at: null,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  await c.owner.patch('/api/v1/settings', { portalShowTimeLogged: true });
}
const seedTime = once('time', (c) => addTime(c, PAGED_ROWS));
async function addWorkTypes(c: Ctx, n: number) {
  for (let i = 0; i < n; i++) {
    await c.owner.post('/api/v1/work-types', {
      name: `Qc work type ${i}`,
      rateMinor: 1000 + i,
      currency: 'EUR',
    });
  }
}

const ticketViews = ['all', 'unassigned', 'mine', 'breaching-soon', 'waiting-on-client'] as const;
const ALL_STATUSES = 'new,open,in-progress,waiting-on-client,waiting-on-vendor,resolved,closed';

const cases: Case[] = [
  // Tickets: each staff queue view, filters, a saved view, and both contact scopes.
  ...ticketViews.map(
    (view): Case => ({
      route: 'GET /api/v1/tickets',
      variant: `staff view=${view}`,
      as: (c) => c.tech,
      url: () => `/api/v1/tickets?view=${view}`,
      paged: true,
      grow: seedTickets,
    }),
  ),
  {
    route: 'GET /api/v1/tickets',
    variant: 'staff, every status, search, oldest first',
    as: (c) => c.tech,
    url: () => `/api/v1/tickets?status=${ALL_STATUSES}&q=ticket&sort=created-asc`,
    paged: true,
    grow: seedTickets,
  },
  {
    route: 'GET /api/v1/tickets',
    variant: 'staff, one client',
    as: (c) => c.tech,
    url: (c) => `/api/v1/tickets?status=${ALL_STATUSES}&clientId=${c.acmeId}`,
    paged: true,
    grow: seedTickets,
  },
  {
    route: 'GET /api/v1/tickets',
    variant: 'staff, a saved view',
    as: (c) => c.tech,
    url: () => `/api/v1/tickets?savedViewId=${savedViewId}&status=${ALL_STATUSES}`,
    paged: true,
    grow: async (c) => {
      await seedTickets(c);
      savedViewId ||= (
        await ok<{ id: number }>(
          c.tech.post('/api/v1/ticket-views', { name: 'Qc probes', filters: { q: 'Qc' } }),
          'saved view',
        )
      ).id;
    },
  },
  ...(['mine', 'company'] as const).map(
    (scope): Case => ({
      route: 'GET /api/v1/tickets',
      variant: `contact scope=${scope}`,
      as: (c) => c.alice,
      url: () => `/api/v1/tickets?scope=${scope}&status=${ALL_STATUSES}`,
      paged: true,
      grow: seedTickets,
    }),
  ),
  {
    route: 'GET /api/v1/tickets/:ticketId/messages',
    variant: 'staff (notes, replies, files)',
    as: (c) => c.tech,
    url: (c) => `/api/v1/tickets/${c.ticketId}/messages`,
    paged: true,
    grow: seedMessages,
  },
  {
    route: 'GET /api/v1/tickets/:ticketId/messages',
    variant: 'contact',
    as: (c) => c.alice,
    url: (c) => `/api/v1/tickets/${c.ticketId}/messages`,
    paged: true,
    grow: seedMessages,
  },
  {
    route: 'GET /api/v1/tickets/:ticketId/attachments',
    variant: 'contact',
    as: (c) => c.alice,
    url: (c) => `/api/v1/tickets/${c.ticketId}/attachments`,
    paged: false,
    prepare: (c) => addAttachments(c, 2),
    grow: (c) => addAttachments(c, 25),
  },
  {
    route: 'GET /api/v1/tickets/:ticketId/attachments',
    variant: 'staff',
    as: (c) => c.tech,
    url: (c) => `/api/v1/tickets/${c.ticketId}/attachments`,
    paged: false,
    prepare: (c) => addAttachments(c, 1),
    grow: (c) => addAttachments(c, 21),
  },
  {
    route: 'GET /api/v1/tickets/:ticketId/watchers',
    variant: 'staff',
    as: (c) => c.tech,
    url: (c) => `/api/v1/tickets/${c.ticketId}/watchers`,
    paged: false,
    prepare: (c) => addWatchers(c, 1, 1),
    grow: (c) => addWatchers(c, 8, 8),
  },
  {
    route: 'GET /api/v1/tickets/:ticketId/watchers',
    variant: 'contact',
    as: (c) => c.alice,
    url: (c) => `/api/v1/tickets/${c.ticketId}/watchers`,
    paged: false,
    prepare: (c) => addWatchers(c, 1, 1),
    grow: (c) => addWatchers(c, 2, 10),
  },
  {
    route: 'GET /api/v1/tickets/assignees',
    as: (c) => c.tech,
    url: () => '/api/v1/tickets/assignees',
    paged: false,
    grow: (c) => addStaff(c, 12).then(() => undefined),
  },
  {
    route: 'GET /api/v1/settings/alert-staff',
    as: (c) => c.owner,
    url: () => '/api/v1/settings/alert-staff',
    paged: false,
    grow: (c) => addStaff(c, 12).then(() => undefined),
  },
  {
    route: 'GET /api/v1/ticket-views',
    as: (c) => c.tech,
    url: () => '/api/v1/ticket-views',
    paged: false,
    prepare: (c) => addViews(c, 2),
    grow: (c) => addViews(c, 15),
  },
  {
    route: 'GET /api/v1/clients',
    as: (c) => c.owner,
    url: () => '/api/v1/clients?status=all',
    paged: true,
    grow: seedClients,
  },
  {
    route: 'GET /api/v1/clients/:clientId/contacts',
    as: (c) => c.owner,
    url: (c) => `/api/v1/clients/${c.acmeId}/contacts`,
    paged: true,
    grow: seedContacts,
  },
  {
    route: 'GET /api/v1/clients/:clientId/invite-links',
    as: (c) => c.owner,
    url: (c) => `/api/v1/clients/${c.acmeId}/invite-links`,
    paged: true,
    grow: once('invite-links', (c) => addInviteLinks(c, PAGED_ROWS)),
  },
  {
    route: 'GET /api/v1/contracts',
    as: (c) => c.owner,
    url: () => '/api/v1/contracts',
    paged: true,
    grow: seedContracts,
  },
  {
    route: 'GET /api/v1/portal/contracts',
    as: (c) => c.alice,
    url: () => '/api/v1/portal/contracts',
    paged: true,
    grow: seedContracts,
  },
  // Orders (issue 15, point 4): staff's across clients and a contact's, each page's lines in one read.
  {
    route: 'GET /api/v1/orders',
    as: (c) => c.owner,
    url: () => '/api/v1/orders',
    paged: true,
    grow: seedOrders,
  },
  {
    route: 'GET /api/v1/portal/orders',
    as: (c) => c.alice,
    url: () => '/api/v1/portal/orders',
    paged: true,
    grow: seedOrders,
  },
  // Hour banks (issue 14): a prepaid contract's blocks, one query however many there are.
  {
    route: 'GET /api/v1/contracts/:contractId/blocks',
    as: (c) => c.owner,
    url: () => `/api/v1/contracts/${prepaidContractId}/blocks`,
    paged: false,
    prepare: async (c) => {
      const at = c.t.clock().toISOString();
      const { id } = await c.t.db
        .insertInto('contracts')
        .values({
          client_id: c.acmeId,
          name: 'Qc prepaid hours',
          type: 'block-hours',
          start_date: '2026-01-01',
          status: 'active',
          all_sites: 0,
          currency: 'EUR',
          bank_kind: 'prepaid',
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      prepaidContractId = id;
      await addBlocks(c, 1);
    },
    grow: (c) => addBlocks(c, 6),
  },
  // Reports (issue 14): the activity history merges five sources, each one query per page.
  {
    route: 'GET /api/v1/clients/:clientId/reports/activity',
    as: (c) => c.owner,
    url: (c) => `/api/v1/clients/${c.acmeId}/reports/activity`,
    paged: true,
    grow: async (c) => {
      await seedMessages(c);
      await seedRatings(c);
    },
  },
  {
    route: 'GET /api/v1/portal/reports/activity',
    as: (c) => c.alice,
    url: () => '/api/v1/portal/reports/activity',
    paged: true,
    grow: async (c) => {
      await seedMessages(c);
      await seedRatings(c);
    },
  },
  {
    route: 'GET /api/v1/clients/:clientId/report-schedules',
    as: (c) => c.owner,
    url: (c) => `/api/v1/clients/${c.acmeId}/report-schedules`,
    paged: false,
    prepare: (c) => addReportSchedules(c, 1),
    grow: (c) => addReportSchedules(c, 6),
  },
  {
    route: 'GET /api/v1/portal/report-schedules',
    as: (c) => c.alice,
    url: () => '/api/v1/portal/report-schedules',
    paged: false,
    prepare: (c) => addReportSchedules(c, 1),
    grow: (c) => addReportSchedules(c, 6),
  },
  {
    route: 'GET /api/v1/time-entries',
    as: (c) => c.owner,
    url: () => '/api/v1/time-entries',
    paged: true,
    grow: seedTime,
  },
  {
    route: 'GET /api/v1/time-entries',
    variant: 'approved, a date range',
    as: (c) => c.tech,
    url: () => '/api/v1/time-entries?status=approved&from=2026-02-01&to=2026-02-28',
    paged: true,
    grow: seedTime,
  },
  {
    route: 'GET /api/v1/tickets/:ticketId/time-entries',
    as: (c) => c.tech,
    url: (c) => `/api/v1/tickets/${c.ticketId}/time-entries`,
    paged: true,
    grow: seedTime,
  },
  {
    route: 'GET /api/v1/portal/tickets/:ticketId/time',
    as: (c) => c.alice,
    url: (c) => `/api/v1/portal/tickets/${c.ticketId}/time`,
    paged: false,
    prepare: seedTime,
    grow: async (c) => {
      const ids = await c.t.db
        .selectFrom('time_entries')
        .select('id')
        .where('status', '=', 'submitted')
        .execute();
      await c.t.db
        .updateTable('time_entries')
        .set({ status: 'approved' })
        .where(
          'id',
          'in',
          ids.map((r) => r.id),
        )
        .execute();
    },
  },
  {
    route: 'GET /api/v1/work-types',
    as: (c) => c.tech,
    url: () => '/api/v1/work-types',
    paged: false,
    prepare: (c) => addWorkTypes(c, 2),
    grow: (c) => addWorkTypes(c, 10),
  },
  {
    route: 'GET /api/v1/notices',
    variant: 'contact',
    as: (c) => c.alice,
    url: () => '/api/v1/notices',
    paged: true,
    grow: once('notices-contact', (c) => addNotices(c, 'primary@acme.example', PAGED_ROWS)),
  },
  {
    route: 'GET /api/v1/notices',
    variant: 'staff',
    as: (c) => c.owner,
    url: () => '/api/v1/notices',
    paged: true,
    grow: once('notices-staff', (c) => addNotices(c, OWNER.email, PAGED_ROWS)),
  },
  {
    route: 'GET /api/v1/ratings',
    as: (c) => c.owner,
    url: () => '/api/v1/ratings',
    paged: true,
    grow: seedRatings,
  },
  {
    route: 'GET /api/v1/colleagues',
    as: (c) => c.alice,
    url: () => '/api/v1/colleagues?status=all',
    paged: true,
    grow: seedContacts,
  },
  {
    route: 'GET /api/v1/audit',
    as: (c) => c.owner,
    url: () => '/api/v1/audit',
    paged: true,
    // Everything seeded through the API is audited; make sure of enough rows even if run alone.
    grow: once('audit', (c) => addCategories(c, PAGED_ROWS)),
  },
  {
    route: 'GET /api/v1/audit/people',
    as: (c) => c.owner,
    url: () => '/api/v1/audit/people?q=qc-contact',
    paged: false,
    prepare: (c) => inviteContacts(c, 1),
    grow: (c) => inviteContacts(c, 8),
  },
  {
    route: 'GET /api/v1/audit/clients',
    as: (c) => c.owner,
    url: () => '/api/v1/audit/clients?q=Qc Audit',
    paged: false,
    prepare: (c) => addNamedClients(c, 'Qc Audit', 1),
    grow: (c) => addNamedClients(c, 'Qc Audit', 10),
  },
  {
    route: 'GET /api/v1/outbox',
    as: (c) => c.owner,
    url: () => '/api/v1/outbox',
    paged: true,
    grow: once('outbox', (c) => addEmails(c, PAGED_ROWS)),
  },
  {
    route: 'GET /api/v1/inbound-emails',
    as: (c) => c.owner,
    url: () => '/api/v1/inbound-emails?status=all',
    paged: true,
    grow: once('inbound', (c) => addInbound(c, PAGED_ROWS)),
  },
  {
    route: 'GET /api/v1/canned-responses',
    as: (c) => c.tech,
    url: () => '/api/v1/canned-responses',
    paged: false,
    prepare: (c) => addCanned(c, 2),
    grow: (c) => addCanned(c, 20),
  },
  {
    route: 'GET /api/v1/ticket-categories',
    as: (c) => c.tech,
    url: () => '/api/v1/ticket-categories',
    paged: false,
    grow: (c) => addCategories(c, 20),
  },
  {
    route: 'GET /api/v1/sla-policies',
    as: (c) => c.owner,
    url: () => '/api/v1/sla-policies',
    paged: false,
    grow: (c) => addPolicies(c, 12),
  },
  {
    route: 'GET /api/v1/sla-calendars',
    as: (c) => c.owner,
    url: () => '/api/v1/sla-calendars',
    paged: false,
    grow: async (c) => {
      await addCalendars(c, 6);
      await addPolicies(c, 6);
    },
  },
  {
    route: 'GET /api/v1/teams',
    as: (c) => c.owner,
    url: () => '/api/v1/teams',
    paged: false,
    prepare: (c) => addTeams(c, 2).then(() => undefined),
    grow: (c) => addTeams(c, 12).then(() => undefined),
  },
  {
    route: 'GET /api/v1/assignment-rules',
    as: (c) => c.owner,
    url: () => '/api/v1/assignment-rules',
    paged: false,
    prepare: (c) => addRules(c, 2),
    grow: (c) => addRules(c, 12),
  },
  {
    route: 'GET /api/v1/profile/sessions',
    variant: 'staff',
    as: (c) => c.tech,
    url: () => '/api/v1/profile/sessions',
    paged: false,
    prepare: (c) => addSessions(c, 'tech@portico.example', 2),
    grow: (c) => addSessions(c, 'tech@portico.example', 20),
  },
  {
    route: 'GET /api/v1/profile/sessions',
    variant: 'contact',
    as: (c) => c.alice,
    url: () => '/api/v1/profile/sessions',
    paged: false,
    prepare: (c) => addSessions(c, 'primary@acme.example', 2),
    grow: (c) => addSessions(c, 'primary@acme.example', 20),
  },
  {
    route: 'GET /api/v1/profile/sign-ins',
    variant: 'staff',
    as: (c) => c.tech,
    url: () => '/api/v1/profile/sign-ins',
    paged: true,
    grow: once('sign-ins tech', (c) => addSignIns(c, 'tech@portico.example', PAGED_ROWS)),
  },
  {
    route: 'GET /api/v1/profile/sign-ins',
    variant: 'contact',
    as: (c) => c.alice,
    url: () => '/api/v1/profile/sign-ins',
    paged: true,
    grow: once('sign-ins alice', (c) => addSignIns(c, 'primary@acme.example', PAGED_ROWS)),
  },
];

let savedViewId = 0;

/** Contacts with a portal login (the audit people lookup lists people who can sign in). */
async function inviteContacts(c: Ctx, n: number): Promise<void> {
  const contactIds = await addContacts(c, n);
  await ok(
    c.owner.post(`/api/v1/clients/${c.acmeId}/invitations`, { contactIds, method: 'generated' }),
    'invite',
  );
}

async function addNamedClients(c: Ctx, prefix: string, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    await ok(c.owner.post('/api/v1/clients', { name: `${prefix} ${next()}` }), 'client');
  }
}

// ---------------------------------------------------------------------------------------------------

/** GET /api/v1 routes whose 200 answer is `{ items: [...] }`, read from the app's route table. */
function listRoutesOf(seen: Map<string, unknown>): string[] {
  const out: string[] = [];
  for (const [route, schema] of seen) {
    if (!route.startsWith('GET /api/v1/')) continue;
    const ok200 = (schema as { response?: Record<string, unknown> } | undefined)?.response?.['200'];
    if (ok200 instanceof z.ZodObject && 'items' in ok200.shape) out.push(route);
  }
  return out.sort();
}

/** "METHOD path" pairs from Fastify's route tree (printRoutes with commonPrefix off). */
function routesFromTree(tree: string): { method: string; url: string }[] {
  const out: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at - 1) / 4;
    const match = /^(\S+)(?: \(([^)]*)\))?/.exec(line.slice(at + 3));
    if (!match) continue;
    stack.length = depth;
    stack.push(match[1] ?? '');
    const url = stack.join('').replace(/^\/+/, '/');
    for (const m of (match[2] ?? '').split(',').map((s) => s.trim())) out.push({ method: m, url });
  }
  return out;
}

describe('query counts: list endpoints run a fixed number of statements whatever the page size', () => {
  let c: Ctx;
  const schemas = new Map<string, unknown>();

  before(async () => {
    const t: TestApp = await createTestApp({
      env: { SESSION_REMEMBER_DAYS: '365', LOGIN_MAX_PER_IP: '10000' },
      beforeReady: (app) => {
        // A deliberate N+1 of this test's own, to prove the counting sees one.
        app.get(CANARY, async (request) => {
          const limit = Number((request.query as { limit?: string }).limit ?? 25);
          const rows = await t.db.selectFrom('clients').select(['id']).limit(limit).execute();
          const items = [];
          for (const row of rows) {
            items.push(
              await t.db
                .selectFrom('clients')
                .select(['id', 'name'])
                .where('id', '=', row.id)
                .executeTakeFirst(),
            );
          }
          return { items };
        });
        app.addHook('onResponse', async (request: FastifyRequest) => {
          const options = request.routeOptions;
          if (options.url && request.method === 'GET') schemas.set(`GET ${options.url}`, options.schema);
        });
      },
    });
    const owner = await setUp(t, { demo: true });
    await owner.login(OWNER.email, OWNER.password, true);
    const tech = new Client(t.app);
    await tech.login('tech@portico.example', 'portico-demo', true);
    const alice = new Client(t.app);
    await alice.login('primary@acme.example', 'portico-demo', true);
    const acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    const ticket = await ok<{ id: number }>(
      alice.post('/api/v1/tickets', { subject: 'Qc conversation', description: 'The one that grows.' }),
      'ticket',
    );
    c = { t, owner, tech, alice, acmeId, ticketId: ticket.id };
    // One anonymous call per GET route tells us its schemas (it answers 401 and changes nothing).
    const anon = new Client(t.app);
    for (const r of routesFromTree(t.app.printRoutes({ commonPrefix: false }))) {
      if (r.method === 'GET' && r.url.startsWith('/api/v1/')) await anon.get(r.url.replace(/:(\w+)/g, '1'));
    }
  });
  after(() => c?.t.close());

  test('every list endpoint in the route table is measured here', () => {
    const lists = listRoutesOf(schemas);
    assert.ok(lists.includes('GET /api/v1/tickets'), `found: ${lists.join(', ')}`);
    const measured = new Set(cases.map((x) => x.route));
    const missing = lists.filter((r) => !measured.has(r) && !(r in NOT_MEASURED));
    assert.deepEqual(missing, [], 'list endpoints without a query-count case');
    const stale = [...measured].filter((r) => !lists.includes(r));
    assert.deepEqual(stale, [], 'cases for routes that are not list endpoints (any more)');
  });

  for (const k of cases) {
    const name = `${k.route}${k.variant ? ` (${k.variant})` : ''}`;
    test(name, { ...(k.todo ? { todo: k.todo } : {}) }, async (tt) => {
      const client = k.as(c);
      let small: Measured;
      let large: Measured;
      if (k.paged) {
        await k.grow(c);
        small = await measure(c, client, withLimit(k.url(c), 2));
        large = await measure(c, client, withLimit(k.url(c), 50));
        assert.equal(small.items, 2, `${name}: the small page is full (seeding made too few rows)`);
        assert.ok(large.items > 2 * small.items, `${name}: ${large.items} rows on the large page`);
      } else {
        await k.prepare?.(c);
        small = await measure(c, client, k.url(c));
        await k.grow(c);
        large = await measure(c, client, k.url(c));
        assert.ok(small.items >= 1, `${name}: no rows before growing`);
        assert.ok(large.items >= small.items + 5, `${name}: ${small.items} -> ${large.items} rows`);
      }
      tt.diagnostic(
        `${c.t.database.dialect}: ${small.items} rows: ${small.queries} queries; ${large.items} rows: ${large.queries} queries`,
      );
      assert.equal(
        large.queries,
        small.queries,
        `${name}: ${small.queries} queries for ${small.items} rows, ${large.queries} for ${large.items}\n` +
          `small:\n  ${small.sql.join('\n  ')}\nlarge:\n  ${large.sql.join('\n  ')}`,
      );
    });
  }

  test('the counting is not blind: a deliberate N+1 grows with the page', async () => {
    await seedClients(c);
    const small = await measure(c, c.owner, `${CANARY}?limit=2`);
    const large = await measure(c, c.owner, `${CANARY}?limit=50`);
    assert.equal(small.items, 2);
    assert.ok(large.items > 10, `${large.items} clients`);
    assert.equal(large.queries - small.queries, large.items - small.items);
  });
});
