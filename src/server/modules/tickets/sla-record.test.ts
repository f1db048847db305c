import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { businessCalendar } from '../../../shared/schemas/sla.ts';
import type { TicketListItem } from '../../../shared/schemas/tickets.ts';
import type { BusEvent } from '../../platform/events.ts';
import { Client, OWNER } from '../../test/harness.ts';
import { TICKETS_CHANNEL } from './live.ts';
import {
  computeClocks,
  recordedFields,
  summaryOfClocks,
  summaryOfRecord,
  type TicketPolicy,
} from './sla-record.ts';
import {
  createTicket,
  getTicket,
  patchTicket,
  postMessage,
  type TicketsWorld,
  ticketRow,
  ticketsWorld,
} from './test-helpers.ts';
import { AUTO_CLOSE_JOB, SLA_SWEEP_JOB } from './tickets.jobs.ts';

const HOUR = 3_600_000;
const MIN = 60_000;
const DAY = 24 * HOUR;

const weekday = [{ start: '09:00', end: '17:00' }];
const policy: TicketPolicy = {
  name: 'Test',
  calendar: businessCalendar.parse({
    timeZone: 'UTC',
    weekly: [[], weekday, weekday, weekday, weekday, weekday, []],
  }),
  pausingStatuses: ['waiting-on-client'],
};
const base = {
  created_at: '2026-03-02T09:00:00.000Z', // a Monday
  response_target_ms: 2 * HOUR,
  resolution_target_ms: 8 * HOUR,
  first_response_at: null,
  resolved_at: null,
  closed_at: null,
};

describe('SLA figures (pure)', () => {
  test('pauses while waiting on the client and while resolved; resumes on reopen', () => {
    const history = [
      { status: 'new', at: '2026-03-02T09:00:00.000Z' },
      { status: 'waiting-on-client', at: '2026-03-02T10:00:00.000Z' },
      { status: 'open', at: '2026-03-02T12:00:00.000Z' },
      { status: 'resolved', at: '2026-03-02T13:00:00.000Z' },
      { status: 'open', at: '2026-03-02T15:00:00.000Z' },
    ];
    const clocks = computeClocks(
      policy,
      { ...base, first_response_at: '2026-03-02T10:00:00.000Z' },
      history,
      '2026-03-02T16:00:00.000Z',
    );
    assert.equal(clocks.response?.state, 'met');
    assert.equal(clocks.resolution?.state, 'running');
    assert.equal(clocks.resolution?.elapsedMs, 3 * HOUR); // 09-10, 12-13, 15-16
    assert.equal(clocks.resolution?.pausedMs, 4 * HOUR);
    // 5 business hours left from 16:00 Monday: 1 h today, 4 h Tuesday.
    assert.equal(clocks.resolution?.dueAt, '2026-03-03T13:00:00.000Z');
    const recorded = recordedFields(clocks);
    assert.deepEqual(recorded, {
      response_due_at: '2026-03-02T11:00:00.000Z',
      resolution_due_at: '2026-03-03T13:00:00.000Z',
      sla_paused_ms: 4 * HOUR,
      response_sla: 'met',
      resolution_sla: 'running',
    });
  });

  test('a ticket closed without a response never turns breached afterwards', () => {
    const history = [
      { status: 'new', at: '2026-03-02T09:00:00.000Z' },
      { status: 'closed', at: '2026-03-02T10:00:00.000Z' },
    ];
    const clocks = computeClocks(
      policy,
      { ...base, closed_at: '2026-03-02T10:00:00.000Z' },
      history,
      '2026-03-09T10:00:00.000Z',
    );
    assert.equal(clocks.response?.state, 'paused');
    assert.equal(clocks.resolution?.state, 'met');
  });

  test('no policy: no clocks, recorded as none', () => {
    const clocks = computeClocks(null, base, [], '2026-03-02T10:00:00.000Z');
    assert.deepEqual(recordedFields(clocks), {
      response_due_at: null,
      resolution_due_at: null,
      sla_paused_ms: 0,
      response_sla: 'none',
      resolution_sla: 'none',
    });
    assert.deepEqual(summaryOfClocks(clocks), { state: 'none', clock: null, dueAt: null });
  });

  test('list summary from recorded figures: breached > at-risk > running > paused > met', () => {
    const row = {
      response_sla: 'running' as const,
      resolution_sla: 'running' as const,
      response_due_at: '2026-03-02T11:00:00.000Z',
      resolution_due_at: '2026-03-02T17:00:00.000Z',
      response_target_ms: 2 * HOUR,
      resolution_target_ms: 8 * HOUR,
    };
    const at = (now: string) => summaryOfRecord(row, policy.calendar, now);
    assert.deepEqual(at('2026-03-02T09:30:00.000Z'), {
      state: 'running',
      clock: 'response',
      dueAt: '2026-03-02T11:00:00.000Z',
    });
    // 20 minutes of 2 hours left: under 25 %.
    assert.equal(at('2026-03-02T10:40:00.000Z').state, 'at-risk');
    // Past due but not yet swept: breached all the same.
    assert.deepEqual(at('2026-03-02T11:01:00.000Z'), {
      state: 'breached',
      clock: 'response',
      dueAt: '2026-03-02T11:00:00.000Z',
    });
    // At-risk is measured in business time: Friday 16:50 with a Monday 09:30 deadline is 40 min left.
    const weekend = {
      ...row,
      response_sla: 'met' as const,
      resolution_due_at: '2026-03-09T09:30:00.000Z',
    };
    assert.equal(summaryOfRecord(weekend, policy.calendar, '2026-03-06T16:50:00.000Z').state, 'at-risk');
    assert.equal(summaryOfRecord(weekend, policy.calendar, '2026-03-06T09:00:00.000Z').state, 'running');
    assert.equal(
      summaryOfRecord(
        { ...row, response_sla: 'paused', resolution_sla: 'met' },
        policy.calendar,
        '2026-03-02T10:00:00.000Z',
      ).state,
      'paused',
    );
    assert.equal(
      summaryOfRecord(
        { ...row, response_sla: 'met', resolution_sla: 'met' },
        policy.calendar,
        '2026-03-02T10:00:00.000Z',
      ).state,
      'met',
    );
  });
});

describe('SLA on tickets: recorded on change, swept, auto-close, queues', () => {
  let w: TicketsWorld;
  const events: BusEvent[] = [];
  let unsubscribe: () => void;
  before(async () => {
    w = await ticketsWorld();
    unsubscribe = w.t.services.events.subscribe(TICKETS_CHANNEL, (e) => {
      events.push(e);
    });
  });
  after(async () => {
    unsubscribe();
    await w.t.close();
  });

  const row = (id: number) => ticketRow(w, id);

  async function runJob(kind: string) {
    await w.t.services.jobs.enqueue(w.t.db, kind, {});
    await w.t.services.jobs.drain();
  }

  test('every change records due instants, pauses and states; the detail computes both clocks live', async () => {
    w.t.clock.set(new Date('2026-03-02T09:00:00.000Z'));
    w.forgetSessions();
    const alice = await w.as('primary@acme.example');
    const tech = await w.as('tech@portico.example');
    const ticket = await createTicket(alice, { subject: 'SLA walk', priority: 'high' });
    w.t.clock.advance(HOUR);
    await postMessage(tech, ticket.id, { body: 'Which printer?', status: 'waiting-on-client' });
    let r = await row(ticket.id);
    assert.equal(r.response_sla, 'met');
    assert.equal(r.resolution_sla, 'paused');
    assert.equal(r.resolution_due_at, null, 'paused before its deadline: no fixed due instant');
    w.t.clock.advance(3 * HOUR); // 13:00
    await postMessage(alice, ticket.id, { body: 'The big one' });
    r = await row(ticket.id);
    assert.equal(r.status, 'open');
    assert.equal(r.resolution_sla, 'running');
    assert.equal(Number(r.sla_paused_ms), 3 * HOUR);
    // 7 business hours left at 13:00 Monday: 4 today, 3 on Tuesday.
    assert.equal(r.resolution_due_at, '2026-03-03T12:00:00.000Z');
    w.t.clock.advance(30 * MIN);
    const detail = await getTicket(tech, ticket.id);
    assert.equal(detail.sla?.asOf, '2026-03-02T13:30:00.000Z');
    assert.equal(detail.sla?.resolution.elapsedMs, 1.5 * HOUR);
    assert.equal(detail.sla?.resolution.pausedMs, 3 * HOUR);
    assert.equal(detail.sla?.response.state, 'met');
    assert.equal(detail.slaSummary.clock, 'resolution');
  });

  test('the sweep records breaches past due (and publishes ticket.sla); it runs on its schedule, once a minute', async () => {
    const alice = await w.as('primary@acme.example');
    const ticket = await createTicket(alice, { subject: 'Will breach', priority: 'critical' });
    const dueAt = (await row(ticket.id)).response_due_at!;
    w.t.clock.set(new Date(Date.parse(dueAt) + MIN));
    w.forgetSessions();
    // Before the sweep, lists already say breached (computed from the due instant).
    const tech = await w.as('tech@portico.example');
    const listed = (await tech.get(`/api/v1/tickets?q=%23${ticket.id}`)).json().items as TicketListItem[];
    assert.equal(listed[0]?.sla.state, 'breached');
    events.length = 0;
    await runJob(SLA_SWEEP_JOB);
    const r = await row(ticket.id);
    assert.equal(r.response_sla, 'breached');
    assert.ok(
      events.some((e) => e.type === 'ticket.sla' && (e.data as { ticketId: number }).ticketId === ticket.id),
    );
    // The schedule (tickets.jobs.ts): a run every minute, enqueued once however often the scheduler
    // looks, and keyed by its minute.
    const schedules = w.t.services.schedules;
    await schedules.sync();
    const sweepRuns = () =>
      w.t.db
        .selectFrom('jobs')
        .select(['run_at', 'unique_key'])
        .where('kind', '=', SLA_SWEEP_JOB)
        .where('done_at', 'is', null)
        .where('failed_at', 'is', null)
        .execute();
    assert.deepEqual(await sweepRuns(), [], 'nothing due before the next minute');
    w.t.clock.advance(MIN);
    await schedules.tick();
    await schedules.tick();
    const waiting = await sweepRuns();
    assert.equal(waiting.length, 1, 'exactly one next run');
    const minute = new Date(Math.floor(w.t.clock().getTime() / MIN) * MIN).toISOString();
    const schedule = await schedules.find(w.t.db, SLA_SWEEP_JOB);
    assert.equal(waiting[0]!.unique_key, `schedule:${schedule!.id}:${minute}`);
    // The run: nothing new to record; the next one comes a minute later, once.
    events.length = 0;
    await w.t.services.jobs.drain();
    assert.deepEqual(
      events.filter((e) => e.type === 'ticket.sla'),
      [],
    );
    assert.deepEqual(await sweepRuns(), []);
    w.t.clock.advance(MIN);
    await schedules.tick();
    assert.equal((await sweepRuns()).length, 1);
    await w.t.services.jobs.drain();
  });

  test('breaching soon: running clocks due within four hours or at risk, most urgent first', async () => {
    w.t.clock.set(new Date('2026-03-09T09:00:00.000Z')); // Monday
    w.forgetSessions();
    const alice = await w.as('primary@acme.example');
    const tech = await w.as('tech@portico.example');
    const high = await createTicket(alice, { subject: 'Soon high', priority: 'high' }); // response due 11:00
    const low = await createTicket(alice, { subject: 'Soon low', priority: 'low' }); // response due 17:00
    const critical = await createTicket(alice, { subject: 'Soon critical', priority: 'critical' }); // 10:00
    await postMessage(tech, critical.id, { body: 'On it' }); // response met; resolution due 13:00
    const ids = async () =>
      ((await tech.get('/api/v1/tickets?view=breaching-soon&limit=100')).json().items as TicketListItem[])
        .map((i) => i.id)
        .filter((id) => [high.id, low.id, critical.id].includes(id));
    assert.deepEqual(await ids(), [high.id, critical.id]);
    // Paged one at a time, in the same order.
    const first = await tech.get('/api/v1/tickets?view=breaching-soon&limit=1&q=Soon');
    assert.deepEqual(
      first.json().items.map((i: TicketListItem) => i.id),
      [high.id],
    );
    const second = await tech.get(
      `/api/v1/tickets?view=breaching-soon&limit=1&q=Soon&cursor=${first.json().nextCursor}`,
    );
    assert.deepEqual(
      second.json().items.map((i: TicketListItem) => i.id),
      [critical.id],
    );
    // Waiting on the client pauses the clock: not breaching.
    await postMessage(tech, high.id, { body: 'Which one?', status: 'waiting-on-client' });
    assert.deepEqual(await ids(), [critical.id]);
    // At 16:00 the low ticket has an hour of eight left: at risk (and within four hours).
    w.t.clock.set(new Date('2026-03-09T16:00:00.000Z'));
    w.forgetSessions();
    const later = await w.as('tech@portico.example');
    const rows = (await later.get('/api/v1/tickets?view=breaching-soon&limit=100&q=Soon')).json()
      .items as TicketListItem[];
    const lowRow = rows.find((i) => i.id === low.id);
    assert.equal(lowRow?.sla.state, 'at-risk');
  });

  test('auto-close closes resolved tickets after the configured days (0: never), with a status change', async () => {
    w.t.clock.set(new Date('2026-03-16T09:00:00.000Z'));
    w.forgetSessions();
    const alice = await w.as('primary@acme.example');
    const tech = await w.as('tech@portico.example');
    const ticket = await createTicket(alice, { subject: 'Auto close me' });
    await patchTicket(tech, ticket.id, { status: 'resolved' });
    w.t.clock.advance(6 * DAY);
    await runJob(AUTO_CLOSE_JOB);
    assert.equal((await row(ticket.id)).status, 'resolved', 'not yet: 7 days by default');
    w.t.clock.advance(DAY + MIN);
    events.length = 0;
    await runJob(AUTO_CLOSE_JOB);
    const r = await row(ticket.id);
    assert.equal(r.status, 'closed');
    assert.equal(r.closed_at, w.t.clock().toISOString());
    const history = await w.t.db
      .selectFrom('ticket_status_changes')
      .select(['status', 'actor_account_id'])
      .where('ticket_id', '=', ticket.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(history, { status: 'closed', actor_account_id: null });
    assert.ok(events.some((e) => (e.data as { ticketId: number }).ticketId === ticket.id));

    // Set to 0: never.
    w.forgetSessions();
    const owner = new Client(w.t.app);
    await owner.login(OWNER.email, OWNER.password);
    assert.equal((await owner.patch('/api/v1/settings', { ticketAutoCloseDays: 0 })).statusCode, 200);
    const tech2 = await w.as('tech@portico.example');
    const kept = await createTicket(await w.as('primary@acme.example'), { subject: 'Keep me resolved' });
    await patchTicket(tech2, kept.id, { status: 'resolved' });
    w.t.clock.advance(30 * DAY);
    await runJob(AUTO_CLOSE_JOB);
    assert.equal((await row(kept.id)).status, 'resolved');
  });
});
