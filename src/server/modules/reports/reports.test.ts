/**
 * The client's reports (issue 14, points 10 to 12) through the API, on the test database (SQLite, or
 * PostgreSQL with TEST_DATABASE_URL): the activity history (what a contact and staff see, keyset pages,
 * date range), the monthly summary's figures from known rows, its PDF read back with pdfjs and its CSV,
 * and scheduled delivery (recipient rule, once per period, the attachment, the recipient's language).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type {
  ActivityItem,
  ActivityList,
  MonthlySummary,
  ReportSchedule,
} from '../../../shared/schemas/reports.ts';
import { Client, clientIdByName, createTestApp, errorOf, setUp, type TestApp } from '../../test/harness.ts';
import { visualRuns } from './reports.pdf.ts';
import { periodFor } from './reports.service.ts';

/** The text of every page of a PDF, as pdfjs reads it (what a reader's copy and search see). */
export async function pdfText(data: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(data),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join('\n').normalize('NFKC');
}

interface Fixture {
  acmeId: number;
  otherClientId: number;
  staffId: number;
  primary: { id: number; email: string };
  second: { id: number; email: string };
  tickets: number[];
}

/** Known rows for Acme in February 2025 (Europe/London), and one of another client's. */
export async function seedReportFixture(t: TestApp, owner: Client): Promise<Fixture> {
  const acmeId = await clientIdByName(owner, 'Acme Manufacturing');
  const otherClientId = await clientIdByName(owner, 'Birchwood Dental');
  await t.db
    .updateTable('clients')
    .set({ time_zone: 'Europe/London', language: null })
    .where('id', '=', acmeId)
    .execute();
  const staff = await t.db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', 'owner@example.com')
    .executeTakeFirstOrThrow();
  const contacts = await t.db
    .selectFrom('contacts')
    .select(['id', 'email'])
    .where('client_id', '=', acmeId)
    .where('email', 'in', ['primary@acme.example', 'technical@acme.example'])
    .orderBy('email')
    .execute();
  const primary = contacts.find((c) => c.email === 'primary@acme.example')!;
  const second = contacts.find((c) => c.email === 'technical@acme.example')!;
  const ticket = async (v: {
    client?: number;
    requester: number | null;
    subject: string;
    priority: string;
    created: string;
    resolved?: string;
    response?: 'met' | 'breached' | 'none';
    resolution?: 'met' | 'breached' | 'none';
  }) => {
    const row = await t.db
      .insertInto('tickets')
      .values({
        client_id: v.client ?? acmeId,
        requester_contact_id: v.requester,
        subject: v.subject,
        description: 'From the reports test',
        priority: v.priority,
        status: v.resolved ? 'resolved' : 'open',
        category_id: null,
        assignee_account_id: staff.id,
        created_by_account_id: null,
        source: 'portal',
        sla_policy_id: null,
        response_target_ms: null,
        resolution_target_ms: null,
        first_response_at: null,
        resolved_at: v.resolved ?? null,
        closed_at: null,
        response_due_at: null,
        resolution_due_at: null,
        response_sla: v.response ?? 'none',
        resolution_sla: v.resolution ?? 'none',
        merged_into_id: null,
        updated_at: v.resolved ?? v.created,
        public_updated_at: v.resolved ?? v.created,
        created_at: v.created,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('ticket_status_changes')
      .values({ ticket_id: row.id, status: 'new', at: v.created, actor_account_id: null })
      .execute();
    return row.id;
  };
  const t1 = await ticket({
    requester: primary.id,
    subject: 'Printer offline',
    priority: 'high',
    created: '2025-02-03T10:00:00.000Z',
    resolved: '2025-02-04T10:00:00.000Z',
    response: 'met',
    resolution: 'met',
  });
  const t2 = await ticket({
    requester: second.id,
    subject: 'VPN slow',
    priority: 'low',
    created: '2025-02-10T10:00:00.000Z',
    resolved: '2025-02-12T10:00:00.000Z',
    response: 'met',
    resolution: 'breached',
  });
  const t3 = await ticket({
    requester: primary.id,
    subject: 'New laptop',
    priority: 'high',
    created: '2025-02-20T10:00:00.000Z',
  });
  // 23:30 UTC on 31 January is still January in London: resolved in February, not submitted in it.
  const t4 = await ticket({
    requester: primary.id,
    subject: 'Late January',
    priority: 'medium',
    created: '2025-01-31T23:30:00.000Z',
    resolved: '2025-02-01T09:00:00.000Z',
  });
  await ticket({
    client: otherClientId,
    requester: null,
    subject: 'Other client',
    priority: 'high',
    created: '2025-02-05T10:00:00.000Z',
  });
  await t.db
    .insertInto('ticket_status_changes')
    .values({ ticket_id: t1, status: 'resolved', at: '2025-02-04T10:00:00.000Z', actor_account_id: staff.id })
    .execute();
  const msg = (ticketId: number, at: string, kind: 'staff' | 'contact', internal: number, body: string) =>
    t.db
      .insertInto('ticket_messages')
      .values({
        ticket_id: ticketId,
        author_kind: kind,
        author_account_id: kind === 'staff' ? staff.id : null,
        author_contact_id: kind === 'contact' ? primary.id : null,
        author_name: kind === 'staff' ? 'Olga Owner' : 'Acme Primary',
        body,
        internal,
        source: kind === 'staff' ? 'staff' : 'portal',
        email_message_id: null,
        created_at: at,
      })
      .execute();
  await msg(t1, '2025-02-03T11:00:00.000Z', 'staff', 0, 'On it');
  await msg(t1, '2025-02-03T12:00:00.000Z', 'staff', 1, 'INTERNAL-NOTE');
  await msg(t1, '2025-02-03T13:00:00.000Z', 'contact', 0, 'Thanks');
  const entry = (
    ticketId: number,
    date: string,
    actual: number,
    billed: number,
    status: string,
    billable: number,
  ) =>
    t.db
      .insertInto('time_entries')
      .values({
        ticket_id: ticketId,
        client_id: acmeId,
        contract_id: null,
        account_id: staff.id,
        work_type_id: null,
        entry_date: date,
        started_at: null,
        actual_minutes: actual,
        billed_minutes: billed,
        billable,
        rate_minor: null,
        currency: null,
        amount_minor: null,
        rate_source: null,
        status,
        reverses_id: null,
        submitted_at: null,
        approved_at: null,
        approved_by: null,
        invoiced_at: null,
        created_at: `${date}T16:00:00.000Z`,
        updated_at: `${date}T16:00:00.000Z`,
      })
      .execute();
  await entry(t1, '2025-02-03', 90, 120, 'approved', 1);
  await entry(t1, '2025-02-03', 30, 30, 'draft', 1);
  await entry(t2, '2025-02-11', 60, 60, 'approved', 0);
  await entry(t2, '2025-02-11', 45, 45, 'submitted', 1);
  const rate = (ticketId: number, rating: string, at: string, contactId: number) =>
    t.db
      .insertInto('ticket_ratings')
      .values({
        ticket_id: ticketId,
        client_id: acmeId,
        contact_id: contactId,
        technician_account_id: staff.id,
        rating,
        comment: null,
        created_at: at,
      })
      .execute();
  await rate(t1, 'good', '2025-02-05T09:00:00.000Z', primary.id);
  await rate(t2, 'bad', '2025-02-13T09:00:00.000Z', second.id);
  return {
    acmeId,
    otherClientId,
    staffId: staff.id,
    primary: { id: primary.id, email: primary.email! },
    second: { id: second.id, email: second.email! },
    tickets: [t1, t2, t3, t4],
  };
}

const FEB = { from: '2025-02-01T00:00:00.000Z', to: '2025-03-01T00:00:00.000Z' };

async function walk(client: Client, base: string, limit: number): Promise<ActivityItem[]> {
  const items: ActivityItem[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const url = `${base}${base.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await client.get(url);
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json() as ActivityList;
    assert.ok(page.items.length <= limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('too many pages');
}

describe('reports', () => {
  let t: TestApp;
  let owner: Client;
  let primary: Client;
  let f: Fixture;

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    f = await seedReportFixture(t, owner);
    primary = new Client(t.app);
    await primary.login('primary@acme.example');
  });
  after(() => t.close());

  test('activity: a contact sees the company history without internal notes or unapproved time, newest first', async () => {
    const range = `from=${FEB.from}&to=${FEB.to}`;
    const all = await walk(primary, `/api/v1/portal/reports/activity?${range}`, 100);
    const kinds = all.map((i) => `${i.kind}:${i.ticket.id}`);
    assert.deepEqual(kinds.sort(), [
      `created:${f.tickets[0]}`,
      `created:${f.tickets[1]}`,
      `created:${f.tickets[2]}`,
      `rated:${f.tickets[0]}`,
      `rated:${f.tickets[1]}`,
      `replied:${f.tickets[0]}`,
      `replied:${f.tickets[0]}`,
      `resolved:${f.tickets[0]}`,
      `time:${f.tickets[0]}`,
      `time:${f.tickets[1]}`,
    ]);
    const ordered = (await walk(primary, `/api/v1/portal/reports/activity?${range}`, 100)).map((i) => i.at);
    assert.deepEqual(ordered, [...ordered].sort().reverse());
    assert.ok(!JSON.stringify(all).includes('Other client'));
    assert.ok(all.every((i) => !i.internal));
    const resolved = all.find((i) => i.kind === 'resolved')!;
    assert.equal(resolved.by?.name, 'Olga Owner');
    assert.equal(all.find((i) => i.kind === 'time' && i.ticket.id === f.tickets[0])?.minutes, 120);
    // Pages of three give the same events, each once.
    const paged = await walk(primary, `/api/v1/portal/reports/activity?${range}`, 3);
    assert.deepEqual(
      paged.map((i) => i.id),
      all.map((i) => i.id),
    );
    // Without a range, the January ticket's creation is listed too.
    const everything = await walk(primary, '/api/v1/portal/reports/activity', 4);
    assert.ok(everything.some((i) => i.kind === 'created' && i.ticket.id === f.tickets[3]));
  });

  test('activity: staff see the internal note (marked) and submitted time; a standard contact is refused', async () => {
    const all = await walk(
      owner,
      `/api/v1/clients/${f.acmeId}/reports/activity?from=${FEB.from}&to=${FEB.to}`,
      5,
    );
    assert.equal(all.length, 12);
    assert.equal(all.filter((i) => i.internal).length, 1);
    assert.equal(all.filter((i) => i.kind === 'time').length, 3);
    const standard = new Client(t.app);
    await standard.login('standard@acme.example');
    const refused = await standard.get('/api/v1/portal/reports/activity');
    assert.equal(refused.statusCode, 403);
    const badCursor = await owner.get(`/api/v1/clients/${f.acmeId}/reports/activity?cursor=nope`);
    assert.equal(badCursor.statusCode, 400);
    assert.equal(errorOf(badCursor).code, 'validation_failed');
  });

  test("summary: the month's figures from the rows, in the client's time zone", async () => {
    const res = await primary.get('/api/v1/portal/reports/summary?month=2025-02');
    assert.equal(res.statusCode, 200, res.body);
    const s = res.json() as MonthlySummary;
    assert.equal(s.from, FEB.from);
    assert.equal(s.submitted.total, 3);
    assert.deepEqual(
      s.submitted.byPriority.map((p) => [p.key, p.count]),
      [
        ['high', 2],
        ['low', 1],
      ],
    );
    assert.equal(s.resolved.total, 3);
    assert.deepEqual(s.sla.response, { met: 2, breached: 0, share: 1 });
    assert.deepEqual(s.sla.resolution, { met: 1, breached: 1, share: 0.5 });
    assert.deepEqual(s.satisfaction, { good: 1, bad: 1, share: 0.5 });
    assert.deepEqual(s.hours, { actualMinutes: 90, billedMinutes: 120, entries: 1, bank: null });
    assert.deepEqual(
      s.topRequesters.map((r) => [r.contactId, r.count]),
      [
        [f.primary.id, 2],
        [f.second.id, 1],
      ],
    );
    const staffView = (await owner.get(`/api/v1/clients/${f.acmeId}/reports/summary?month=2025-02`)).json();
    assert.deepEqual(staffView, s);
    const bad = await primary.get('/api/v1/portal/reports/summary?month=2025-13');
    assert.equal(bad.statusCode, 400);
  });

  test('summary PDF: a real document whose text carries the figures (English and Arabic)', async () => {
    const res = await primary.get('/api/v1/portal/reports/summary/export?month=2025-02&format=pdf');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(
      String(res.headers['content-disposition']),
      /attachment; filename="summary-\d+-2025-02-01_2025-02-28\.pdf"/,
    );
    const text = await pdfText(res.rawPayload);
    for (const expected of [
      'Test IT',
      'Service summary',
      'Prepared for Acme Manufacturing',
      'Requests submitted',
      'First response within target',
      '100% (2 of 2)',
      '50% (1 of 2)',
      '50% good (1 good, 1 bad)',
      '1.5 hr',
      '2 hr',
      'Top requesters',
    ]) {
      assert.ok(text.includes(expected), `"${expected}" in: ${text}`);
    }
    // The client in Arabic: the same document in Arabic, its words shaped and readable by search.
    await t.db.updateTable('clients').set({ language: 'ar' }).where('id', '=', f.acmeId).execute();
    try {
      const ar = await owner.get(
        `/api/v1/clients/${f.acmeId}/reports/summary/export?month=2025-02&format=pdf`,
      );
      assert.equal(ar.statusCode, 200);
      const arText = await pdfText(ar.rawPayload);
      assert.ok(arText.includes('Acme Manufacturing'), arText);
      assert.ok(/[\u0600-\u06ff]/.test(arText), arText);
    } finally {
      await t.db.updateTable('clients').set({ language: null }).where('id', '=', f.acmeId).execute();
    }
  });

  test('summary: a fixed number of queries, whatever the month holds', async () => {
    const count = async (url: string) => {
      await primary.get(url); // warm the caches (settings)
      let n = 0;
      t.database.onQuery = () => {
        n += 1;
      };
      try {
        const res = await primary.get(url);
        assert.equal(res.statusCode, 200);
      } finally {
        t.database.onQuery = undefined;
      }
      return n;
    };
    const full = await count('/api/v1/portal/reports/summary?month=2025-02');
    const empty = await count('/api/v1/portal/reports/summary?month=2024-02');
    assert.equal(full, empty);
  });

  test('PDF lines: mixed Arabic and Latin text in visual order', () => {
    const runs = visualRuns('\u200f100\u200e%\u200e (4 من 4)', 'rtl').map((r) => r.text);
    // Right to left: "100%" at the right edge, then the bracket, "4", "من", "4" and the closing bracket.
    assert.deepEqual(runs, ['(', '4', ' ', 'من', ' ', '4', ')', ' ', '100%']);
    assert.deepEqual(
      visualRuns('Acme: سارة أحمد', 'ltr').map((r) => [r.script, r.text]),
      [
        ['latin', 'Acme'],
        ['latin', ':'],
        ['latin', ' '],
        ['arabic', 'سارة أحمد'],
      ],
    );
  });

  test('summary CSV: the figures as rows, formula-safe', async () => {
    const res = await owner.get(
      `/api/v1/clients/${f.acmeId}/reports/summary/export?month=2025-02&format=csv`,
    );
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    const rows = parse(res.body, { bom: true }) as string[][];
    assert.deepEqual(rows[0], ['Section', 'Item', 'Value']);
    const value = (section: string, item: string) => rows.find((r) => r[0] === section && r[1] === item)?.[2];
    assert.equal(value('Requests submitted', 'Total'), '3');
    assert.equal(value('Hours used', 'Time billed (minutes)'), '120');
    assert.equal(value('Satisfaction', 'Bad'), '1');
  });

  test('periods: the week, month or quarter before the run', () => {
    assert.deepEqual(periodFor('monthly', '2026-03-01'), { fromDate: '2026-02-01', toDate: '2026-03-01' });
    assert.deepEqual(periodFor('quarterly', '2026-04-01'), { fromDate: '2026-01-01', toDate: '2026-04-01' });
    assert.deepEqual(periodFor('weekly', '2026-03-02'), { fromDate: '2026-02-23', toDate: '2026-03-02' });
  });

  test('schedules: a contact sends only to the company’s contacts; a run is delivered once, in each recipient’s language', async () => {
    const outsider = await primary.post('/api/v1/portal/report-schedules', {
      report: 'summary',
      frequency: 'monthly',
      format: 'pdf',
      recipients: [f.second.email, 'someone@elsewhere.example'],
    });
    assert.equal(outsider.statusCode, 400);
    assert.ok(errorOf(outsider).fields?.['recipients.1']);
    // Nothing written: Acme keeps only the demo's schedule.
    const kept = await t.db
      .selectFrom('report_schedules')
      .select('id')
      .where('client_id', '=', f.acmeId)
      .execute();
    assert.equal(kept.length, 1);

    await t.db.updateTable('contacts').set({ language: 'de' }).where('id', '=', f.second.id).execute();
    const created = await primary.post('/api/v1/portal/report-schedules', {
      report: 'summary',
      frequency: 'monthly',
      format: 'pdf',
      recipients: [f.primary.email, f.second.email.toUpperCase()],
    });
    assert.equal(created.statusCode, 201, created.body);
    const schedule = created.json() as ReportSchedule;
    assert.deepEqual(schedule.recipients, [f.primary.email, f.second.email]);
    assert.equal(schedule.nextRunAt, '2026-04-01T06:00:00.000Z'); // 07:00 in London (summer time)
    const listed = (await owner.get(`/api/v1/clients/${f.acmeId}/report-schedules`)).json() as {
      items: ReportSchedule[];
    };
    assert.equal(listed.items.length, 2);
    assert.deepEqual(listed.items.at(-1), schedule);

    const run = {
      schedule: `report:${schedule.id}`,
      scheduleId: schedule.id,
      scheduledFor: new Date('2025-03-01T07:00:00.000Z'),
      payload: { scheduleId: schedule.id },
      attempt: 1,
      lastAttempt: false,
    };
    await t.services.reports.deliver(run);
    await t.services.reports.deliver({ ...run, attempt: 2 }); // a retry: nothing more
    const deliveries = await t.db.selectFrom('report_deliveries').selectAll().execute();
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0]!.period_start, '2025-02-01');
    const emails = await t.db
      .selectFrom('emails')
      .select(['to_address', 'subject', 'attachments'])
      .where('attachments', 'is not', null)
      .orderBy('to_address')
      .execute();
    assert.equal(emails.length, 2);
    const german = emails.find((e) => e.to_address === f.second.email)!;
    assert.match(german.subject, /Serviceübersicht für Acme Manufacturing/);
    const english = emails.find((e) => e.to_address === f.primary.email)!;
    assert.match(english.subject, /Service summary for Acme Manufacturing/);
    const [file] = JSON.parse(german.attachments!) as {
      filename: string;
      contentType: string;
      content: string;
    }[];
    assert.equal(file!.contentType, 'application/pdf');
    const text = await pdfText(Buffer.from(file!.content, 'base64'));
    assert.ok(text.includes('Serviceübersicht'), text);
    assert.ok(text.includes('100 % (2 von 2)'), text);

    // Removing it removes its timing too.
    const removed = await primary.request('DELETE', `/api/v1/portal/report-schedules/${schedule.id}`);
    assert.equal(removed.statusCode, 200);
    const timing = await t.db
      .selectFrom('job_schedules')
      .select('id')
      .where('name', '=', `report:${schedule.id}`)
      .execute();
    assert.equal(timing.length, 0);
  });

  test("schedules: another client's schedule is a 404; a contact without reports:schedule is refused", async () => {
    const birch = await owner.post(`/api/v1/clients/${f.otherClientId}/report-schedules`, {
      report: 'activity',
      frequency: 'weekly',
      format: 'csv',
      recipients: ['anyone@example.org'],
    });
    assert.equal(birch.statusCode, 201, birch.body);
    const id = (birch.json() as ReportSchedule).id;
    const res = await primary.request('DELETE', `/api/v1/portal/report-schedules/${id}`);
    assert.equal(res.statusCode, 404);
    const standard = new Client(t.app);
    await standard.login('standard@acme.example');
    assert.equal((await standard.get('/api/v1/portal/report-schedules')).statusCode, 403);
  });

  test('schedules: paused sends nothing and shows no next run; resumed starts from the next period', async () => {
    const created = await primary.post('/api/v1/portal/report-schedules', {
      report: 'activity',
      frequency: 'weekly',
      format: 'csv',
      recipients: [f.primary.email],
    });
    assert.equal(created.statusCode, 201, created.body);
    const schedule = created.json() as ReportSchedule;
    assert.equal(schedule.paused, false);
    assert.ok(schedule.nextRunAt);
    const url = `/api/v1/portal/report-schedules/${schedule.id}`;

    // Bad input: nothing changes.
    for (const body of [{}, { paused: 'yes' }, { paused: true, clientId: f.otherClientId }]) {
      const bad = await primary.request('PATCH', url, { body });
      assert.equal(bad.statusCode, 400, JSON.stringify(body));
    }
    const standard = new Client(t.app);
    await standard.login('standard@acme.example');
    assert.equal((await standard.request('PATCH', url, { body: { paused: true } })).statusCode, 403);

    const paused = await primary.request('PATCH', url, { body: { paused: true } });
    assert.equal(paused.statusCode, 200, paused.body);
    assert.deepEqual(
      { paused: (paused.json() as ReportSchedule).paused, next: (paused.json() as ReportSchedule).nextRunAt },
      { paused: true, next: null },
    );
    const timing = () =>
      t.db
        .selectFrom('job_schedules')
        .select(['enabled', 'next_run_at'])
        .where('name', '=', `report:${schedule.id}`)
        .executeTakeFirstOrThrow();
    assert.equal((await timing()).enabled, 0);
    // Staff see it paused too; a run enqueued before the pause sends nothing.
    const staffList = (await owner.get(`/api/v1/clients/${f.acmeId}/report-schedules`)).json() as {
      items: ReportSchedule[];
    };
    assert.equal(staffList.items.find((s) => s.id === schedule.id)?.paused, true);
    const before = await t.db.selectFrom('report_deliveries').select('id').execute();
    await t.services.reports.deliver({
      schedule: `report:${schedule.id}`,
      scheduleId: schedule.id,
      scheduledFor: new Date('2025-03-03T07:00:00.000Z'),
      payload: { scheduleId: schedule.id },
      attempt: 1,
      lastAttempt: false,
    });
    assert.equal((await t.db.selectFrom('report_deliveries').select('id').execute()).length, before.length);

    // Staff resume it: next run from now on, recorded in the audit log with who.
    const resumed = await owner.request('PATCH', `/api/v1/report-schedules/${schedule.id}`, {
      body: { paused: false },
    });
    assert.equal(resumed.statusCode, 200, resumed.body);
    const again = resumed.json() as ReportSchedule;
    assert.equal(again.paused, false);
    assert.equal(again.nextRunAt, schedule.nextRunAt);
    assert.equal((await timing()).enabled, 1);
    const audit = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', schedule.id)
      .where('action', 'in', ['report_schedule.paused', 'report_schedule.resumed'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['report_schedule.paused', 'report_schedule.resumed'],
    );

    // Another client's schedule is a 404 for a contact, and unknown ids for staff.
    const birch = await owner.post(`/api/v1/clients/${f.otherClientId}/report-schedules`, {
      report: 'summary',
      frequency: 'quarterly',
      format: 'pdf',
      recipients: ['someone@birchwood.example'],
    });
    assert.equal(birch.statusCode, 201, birch.body);
    const birchId = (birch.json() as ReportSchedule).id;
    const foreign = await primary.request('PATCH', `/api/v1/portal/report-schedules/${birchId}`, {
      body: { paused: true },
    });
    assert.equal(foreign.statusCode, 404);
    const missing = await owner.request('PATCH', '/api/v1/report-schedules/999999', {
      body: { paused: true },
    });
    assert.equal(missing.statusCode, 404);
  });

  test("summary: the client's hour bank as of the month's last day, from the hours module", async () => {
    // A contract with a monthly bank of 10 hours since January 2025; February's approved billable
    // entry (120 billed minutes) is put on it.
    const at = '2025-01-01T00:00:00.000Z';
    const { id: contractId } = await t.db
      .insertInto('contracts')
      .values({
        client_id: f.acmeId,
        name: 'Report bank',
        type: 'block-hours',
        start_date: '2025-01-01',
        status: 'active',
        all_sites: 0,
        currency: 'EUR',
        bank_kind: 'periodic',
        bank_period: 'monthly',
        bank_minutes: 600,
        rollover_kind: 'none',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('time_entries')
      .set({ contract_id: contractId })
      .where('client_id', '=', f.acmeId)
      .where('entry_date', '=', '2025-02-03')
      .where('status', '=', 'approved')
      .execute();
    const s = (await (
      await primary.get('/api/v1/portal/reports/summary?month=2025-02')
    ).json()) as MonthlySummary;
    assert.deepEqual(s.hours.bank, { includedMinutes: 600, usedMinutes: 120, remainingMinutes: 480 });
    // A month before the bank began has no bank figure.
    const before = (await (
      await primary.get('/api/v1/portal/reports/summary?month=2024-12')
    ).json()) as MonthlySummary;
    assert.equal(before.hours.bank, null);
  });
});
