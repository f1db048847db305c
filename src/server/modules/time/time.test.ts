/**
 * Time on tickets (issue 14, points 4 and 5) through the API, on the test database (SQLite, or
 * PostgreSQL with TEST_DATABASE_URL): who may call what; rounding and the rate chain; bad input refused
 * with nothing written; the server-side timer; draft -> submitted -> approved with the lock, reversals
 * and bulk approval that is all or nothing; the timesheet's filters, pages and totals; the portal's view.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PortalTicketTime, TimeEntryPage, TimeEntryResponse } from '../../../shared/schemas/time.ts';
import { Client, clientIdByName, createTestApp, errorOf, setUp, type TestApp } from '../../test/harness.ts';

describe('time', () => {
  let t: TestApp;
  let owner: Client;
  let tech: Client;
  let billing: Client;
  let readOnly: Client;
  let acmeId: number;
  let acmeTicket: number;
  let acmeTicket2: number;
  let closedTicket: number;
  let noorTicket: number;
  let contractId: number;
  let techAccountId: number;

  async function countEntries(): Promise<number> {
    const row = await t.db
      .selectFrom('time_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    tech = new Client(t.app);
    await tech.login('tech@portico.example');
    billing = new Client(t.app);
    await billing.login('billing@portico.example');
    readOnly = new Client(t.app);
    await readOnly.login('readonly@portico.example');
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    const noorId = await clientIdByName(owner, 'النور للتجارة (Al Noor Trading)');
    const tickets = await t.db
      .selectFrom('tickets')
      .select(['id', 'client_id', 'status'])
      .orderBy('id')
      .execute();
    const acme = tickets.filter((r) => r.client_id === acmeId && r.status !== 'closed');
    acmeTicket = acme[0]!.id;
    acmeTicket2 = acme[1]!.id;
    closedTicket = acme[2]!.id;
    noorTicket = tickets.find((r) => r.client_id === noorId)!.id;
    await t.db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', closedTicket).execute();
    // Acme's active contract bills in 15-minute steps, rounded up, 30 minutes at least, 100.00 EUR/h.
    const contract = await t.db
      .selectFrom('contracts')
      .select('id')
      .where('client_id', '=', acmeId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    contractId = contract.id;
    await t.db
      .updateTable('contracts')
      .set({
        currency: 'EUR',
        rate_minor: 10_000,
        rounding_increment: 15,
        rounding_minimum: 30,
        rounding_direction: 'up',
      })
      .where('id', '=', contractId)
      .execute();
    await t.db
      .updateTable('tickets')
      .set({ contract_id: contractId })
      .where('id', 'in', [acmeTicket, acmeTicket2])
      .execute();
    techAccountId = (
      await t.db
        .selectFrom('accounts')
        .select('id')
        .where('email', '=', 'tech@portico.example')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => t.close());

  test('who may call what: 401 without a session, 403 for contacts and for staff without the permission', async () => {
    const before = await countEntries();
    const anon = new Client(t.app);
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const entry = { ticketId: acmeTicket, minutes: 10 };
    assert.equal((await anon.get('/api/v1/time-entries')).statusCode, 401);
    assert.equal((await contact.get('/api/v1/time-entries')).statusCode, 403);
    assert.equal((await contact.post('/api/v1/time-entries', entry)).statusCode, 403);
    assert.equal((await contact.post('/api/v1/timer/start', { ticketId: acmeTicket })).statusCode, 403);
    // Read-only staff read the timesheet but log nothing; billing approves but does not log.
    assert.equal((await readOnly.get('/api/v1/time-entries')).statusCode, 200);
    assert.equal((await readOnly.post('/api/v1/time-entries', entry)).statusCode, 403);
    assert.equal((await billing.post('/api/v1/time-entries', entry)).statusCode, 403);
    // A technician logs but does not approve, nor manage work types.
    assert.equal(
      (
        await tech.post('/api/v1/time-entries/approve', {
          entries: [{ id: 1, updatedAt: new Date().toISOString() }],
        })
      ).statusCode,
      403,
    );
    assert.equal((await tech.post('/api/v1/work-types', { name: 'Mine' })).statusCode, 403);
    assert.equal(await countEntries(), before);
  });

  test('work types: created and changed by settings editors; a rate needs its currency', async () => {
    const bad = await owner.post('/api/v1/work-types', { name: 'Remote', rateMinor: 9000 });
    assert.equal(bad.statusCode, 400);
    assert.ok(errorOf(bad).fields?.currency);
    const made = await owner.post('/api/v1/work-types', { name: 'Remote', rateMinor: 9000, currency: 'EUR' });
    assert.equal(made.statusCode, 201);
    const remote = made.json() as { id: number; rateMinor: number; billable: boolean; active: boolean };
    assert.deepEqual([remote.rateMinor, remote.billable, remote.active], [9000, true, true]);
    const changed = await owner.patch(`/api/v1/work-types/${remote.id}`, { name: 'Remote support' });
    assert.equal(changed.statusCode, 200);
    assert.equal((changed.json() as { name: string }).name, 'Remote support');
    const list = (await tech.get('/api/v1/work-types')).json() as { items: { name: string }[] };
    assert.ok(list.items.some((w) => w.name === 'Remote support'));
    assert.equal((await owner.patch('/api/v1/work-types/999999', { name: 'x' })).statusCode, 404);
  });

  test('a manual entry: rounded by the contract, priced by the first rate of contract, work type, default', async () => {
    const res = await tech.post('/api/v1/time-entries', {
      ticketId: acmeTicket,
      entryDate: '2026-03-01',
      minutes: 10,
      note: 'Reset the VPN',
    });
    assert.equal(res.statusCode, 201, res.body);
    const e = res.json() as TimeEntryResponse;
    assert.deepEqual(
      [e.actualMinutes, e.billedMinutes, e.rateMinor, e.currency, e.amountMinor, e.rateSource, e.status],
      [10, 30, 10_000, 'EUR', 5000, 'contract', 'draft'],
    );
    assert.equal(e.contractId, contractId);
    assert.equal(e.entryDate, '2026-03-01');

    // No contract rate: the work type's (40 min -> 45 billed at 90.00 = 67.50).
    await t.db.updateTable('contracts').set({ rate_minor: null }).where('id', '=', contractId).execute();
    const types = (await owner.get('/api/v1/work-types')).json() as { items: { id: number; name: string }[] };
    const remoteId = types.items.find((w) => w.name === 'Remote support')!.id;
    const byType = (
      await tech.post('/api/v1/time-entries', { ticketId: acmeTicket, minutes: 40, workTypeId: remoteId })
    ).json() as TimeEntryResponse;
    assert.deepEqual([byType.billedMinutes, byType.amountMinor, byType.rateSource], [45, 6750, 'work-type']);

    // Neither: the organisation's default (in its currency, EUR).
    await owner.patch('/api/v1/settings', { defaultHourlyRateMinor: 6000 });
    const byDefault = (
      await tech.post('/api/v1/time-entries', { ticketId: acmeTicket, startTime: '09:00', endTime: '10:07' })
    ).json() as TimeEntryResponse;
    assert.deepEqual(
      [byDefault.actualMinutes, byDefault.billedMinutes, byDefault.amountMinor, byDefault.rateSource],
      [67, 75, 7500, 'default'],
    );
    assert.ok(byDefault.startedAt);

    // Not billable: no minutes billed, no money.
    const free = (
      await tech.post('/api/v1/time-entries', { ticketId: acmeTicket, minutes: 20, billable: false })
    ).json() as TimeEntryResponse;
    assert.deepEqual([free.billedMinutes, free.amountMinor, free.billable], [0, null, false]);
    await t.db.updateTable('contracts').set({ rate_minor: 10_000 }).where('id', '=', contractId).execute();
  });

  test("bad input is refused with a 4xx and nothing written, and the entry date is the organisation's day", async () => {
    const before = await countEntries();
    const cases: [unknown, number][] = [
      [{ ticketId: acmeTicket, minutes: -5 }, 400],
      [{ ticketId: acmeTicket, minutes: 1441 }, 400],
      [{ ticketId: acmeTicket, minutes: 12.5 }, 400],
      [{ ticketId: acmeTicket }, 400],
      [{ ticketId: acmeTicket, startTime: '10:00', endTime: '09:00' }, 400],
      [{ ticketId: acmeTicket, minutes: 10, startTime: '10:00', endTime: '11:00' }, 400],
      [{ ticketId: acmeTicket, minutes: 10, entryDate: '2026-02-30' }, 400],
      [{ ticketId: 999_999, minutes: 10 }, 404],
      [{ ticketId: acmeTicket, minutes: 10, clientId: acmeId }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await tech.post('/api/v1/time-entries', body);
      assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
    }
    // A work type whose rate is in another currency than the contract's.
    const usd = (
      await owner.post('/api/v1/work-types', { name: 'US desk', rateMinor: 5000, currency: 'USD' })
    ).json() as { id: number };
    await t.db.updateTable('contracts').set({ rate_minor: null }).where('id', '=', contractId).execute();
    const mismatch = await tech.post('/api/v1/time-entries', {
      ticketId: acmeTicket,
      minutes: 10,
      workTypeId: usd.id,
    });
    await t.db.updateTable('contracts').set({ rate_minor: 10_000 }).where('id', '=', contractId).execute();
    assert.equal(mismatch.statusCode, 400);
    assert.ok(errorOf(mismatch).fields?.workTypeId);
    // An inactive work type cannot be chosen.
    await owner.patch(`/api/v1/work-types/${usd.id}`, { active: false });
    const inactive = await tech.post('/api/v1/time-entries', {
      ticketId: noorTicket,
      minutes: 5,
      workTypeId: usd.id,
    });
    assert.equal(inactive.statusCode, 400);
    // A client in SAR with a default rate in EUR and no contract: the default's currency is refused.
    const noDefaultMatch = await tech.post('/api/v1/time-entries', { ticketId: noorTicket, minutes: 5 });
    assert.equal(noDefaultMatch.statusCode, 400, noDefaultMatch.body);
    assert.equal(await countEntries(), before);

    // Non-billable time on that ticket needs no rate; its currency is the client's.
    const sar = (
      await tech.post('/api/v1/time-entries', { ticketId: noorTicket, minutes: 5, billable: false })
    ).json() as TimeEntryResponse;
    assert.equal(sar.currency, 'SAR');
    assert.equal(sar.contractId, null);

    // 2 March 09:00 UTC (the test clock) is still 1 March in Pago Pago (UTC-11).
    await owner.patch('/api/v1/settings', { timeZone: 'Pacific/Pago_Pago' });
    t.services.settings.invalidate();
    const late = (
      await tech.post('/api/v1/time-entries', { ticketId: acmeTicket, minutes: 5 })
    ).json() as TimeEntryResponse;
    assert.equal(late.entryDate, '2026-03-01');
    await owner.patch('/api/v1/settings', { timeZone: 'UTC' });
    await tech.request('DELETE', `/api/v1/time-entries/${late.id}`);
  });

  test("a start and end typed on a daylight-saving change day are read in the typist's zone at that time", async () => {
    const span = async (body: Record<string, unknown>) => {
      const res = await tech.post('/api/v1/time-entries', { ticketId: acmeTicket, ...body });
      assert.equal(res.statusCode, 201, res.body);
      const entry = res.json() as TimeEntryResponse;
      await tech.request('DELETE', `/api/v1/time-entries/${entry.id}`);
      return [entry.entryDate, entry.startedAt, entry.actualMinutes];
    };
    // Berlin springs forward at 02:00 on 29 March 2026: 09:00 is CEST (UTC+2), not midnight's CET (+1).
    const berlin = { entryDate: '2026-03-29', timeZone: 'Europe/Berlin' };
    assert.deepEqual(await span({ ...berlin, startTime: '09:00', endTime: '10:00' }), [
      '2026-03-29',
      '2026-03-29T07:00:00.000Z',
      60,
    ]);
    // 01:00 to 04:00 across the change is two hours of work, not three.
    assert.deepEqual(await span({ ...berlin, startTime: '01:00', endTime: '04:00' }), [
      '2026-03-29',
      '2026-03-29T00:00:00.000Z',
      120,
    ]);
    // And back on 25 October: 09:00 is CET (UTC+1) again; 01:00 to 04:00 is four hours.
    const autumn = { entryDate: '2026-10-25', timeZone: 'Europe/Berlin' };
    assert.deepEqual(await span({ ...autumn, startTime: '09:00', endTime: '09:30' }), [
      '2026-10-25',
      '2026-10-25T08:00:00.000Z',
      30,
    ]);
    assert.deepEqual((await span({ ...autumn, startTime: '01:00', endTime: '04:00' }))[2], 240);
    // New York springs forward on 8 March 2026 (EST -5 to EDT -4) and falls back on 1 November.
    assert.deepEqual(
      await span({
        entryDate: '2026-03-08',
        timeZone: 'America/New_York',
        startTime: '09:00',
        endTime: '09:45',
      }),
      ['2026-03-08', '2026-03-08T13:00:00.000Z', 45],
    );
    assert.deepEqual(
      await span({
        entryDate: '2026-11-01',
        timeZone: 'America/New_York',
        startTime: '09:00',
        endTime: '09:45',
      }),
      ['2026-11-01', '2026-11-01T14:00:00.000Z', 45],
    );
    // Without a zone, the organisation's (UTC here); an unknown zone is refused, nothing written.
    assert.deepEqual(
      (await span({ entryDate: '2026-03-29', startTime: '09:00', endTime: '10:00' }))[1],
      '2026-03-29T09:00:00.000Z',
    );
    const before = await countEntries();
    const bad = await tech.post('/api/v1/time-entries', {
      ticketId: acmeTicket,
      startTime: '09:00',
      endTime: '10:00',
      timeZone: 'Mars/Olympus',
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.ok(errorOf(bad).fields?.timeZone);
    // A start inside the spring-forward gap (02:30 does not exist) is read as 03:30: an end at 03:15
    // would be before it, and is refused.
    const gap = await tech.post('/api/v1/time-entries', {
      ticketId: acmeTicket,
      ...berlin,
      startTime: '02:30',
      endTime: '03:15',
    });
    assert.equal(gap.statusCode, 400, gap.body);
    assert.ok(errorOf(gap).fields?.endTime);
    assert.equal(await countEntries(), before);
  });

  test('the timer: one per person, kept on the server, stopped into a draft; refused on a closed ticket', async () => {
    const startedAt = t.clock().toISOString();
    assert.deepEqual((await tech.get('/api/v1/timer')).json(), { timer: null });
    const started = await tech.post('/api/v1/timer/start', { ticketId: acmeTicket, note: 'Printer' });
    assert.equal(started.statusCode, 200, started.body);
    // Another device (or a reload) sees the same timer.
    const other = new Client(t.app);
    await other.login('tech@portico.example');
    const seen = (await other.get('/api/v1/timer')).json() as {
      timer: { ticketId: number; startedAt: string };
    };
    assert.equal(seen.timer.ticketId, acmeTicket);
    assert.equal(seen.timer.startedAt, startedAt);

    // A second timer is refused, unless it replaces the first (which becomes a draft).
    const second = await tech.post('/api/v1/timer/start', { ticketId: acmeTicket2 });
    assert.equal(second.statusCode, 409);
    assert.equal(errorOf(second).reason, 'timer_running');
    t.clock.advance(12 * 60_000 + 5_000);
    const replaced = await tech.post('/api/v1/timer/start', { ticketId: acmeTicket2, replace: true });
    assert.equal(replaced.statusCode, 200);
    const stoppedFirst = (replaced.json() as { stopped: TimeEntryResponse }).stopped;
    assert.deepEqual(
      [stoppedFirst.ticketId, stoppedFirst.actualMinutes, stoppedFirst.note],
      [acmeTicket, 13, 'Printer'],
    );

    t.clock.advance(25 * 60_000);
    const stop = await tech.post('/api/v1/timer/stop', { note: 'Switch replaced' });
    assert.equal(stop.statusCode, 200, stop.body);
    const entry = (stop.json() as { entry: TimeEntryResponse }).entry;
    assert.deepEqual(
      [entry.ticketId, entry.actualMinutes, entry.billedMinutes, entry.status, entry.entryDate],
      [acmeTicket2, 25, 30, 'draft', startedAt.slice(0, 10)],
    );
    assert.equal(errorOf(await tech.post('/api/v1/timer/stop', {})).reason, 'timer_not_running');

    const closed = await tech.post('/api/v1/timer/start', { ticketId: closedTicket });
    assert.equal(closed.statusCode, 409);
    assert.equal(errorOf(closed).reason, 'time_ticket_closed');
    // A timer left running over a day is refused on stop; it can be discarded.
    await tech.post('/api/v1/timer/start', { ticketId: acmeTicket });
    const dayAgo = new Date(t.clock().getTime() - 25 * 3_600_000).toISOString();
    await t.db.updateTable('time_timers').set({ started_at: dayAgo }).execute();
    assert.equal(errorOf(await tech.post('/api/v1/timer/stop', {})).reason, 'timer_too_long');
    assert.equal((await tech.request('DELETE', '/api/v1/timer')).statusCode, 204);
    assert.deepEqual((await tech.get('/api/v1/timer')).json(), { timer: null });
  });

  test('draft -> submitted -> approved; approval locks; a correction reverses once; events in the same transaction', async () => {
    const a = (
      await tech.post('/api/v1/time-entries', { ticketId: acmeTicket, minutes: 50, entryDate: '2026-03-05' })
    ).json() as TimeEntryResponse;
    const b = (
      await tech.post('/api/v1/time-entries', { ticketId: acmeTicket2, minutes: 20, entryDate: '2026-03-05' })
    ).json() as TimeEntryResponse;
    // A draft cannot be approved.
    const early = await owner.post('/api/v1/time-entries/approve', {
      entries: [{ id: a.id, updatedAt: a.updatedAt }],
    });
    assert.equal(early.statusCode, 409);

    const subA = (await tech.post(`/api/v1/time-entries/${a.id}/submit`)).json() as TimeEntryResponse;
    assert.equal(subA.status, 'submitted');
    // A submitted entry is not edited; it can be returned to draft, changed and submitted again.
    assert.equal(
      errorOf(await tech.patch(`/api/v1/time-entries/${a.id}`, { minutes: 55 })).reason,
      'time_entry_status_not_allowed',
    );
    assert.equal((await tech.post(`/api/v1/time-entries/${a.id}/return`)).statusCode, 200);
    const edited = (
      await tech.patch(`/api/v1/time-entries/${a.id}`, { minutes: 55 })
    ).json() as TimeEntryResponse;
    assert.deepEqual([edited.actualMinutes, edited.billedMinutes, edited.amountMinor], [55, 60, 10_000]);
    const subA2 = (await tech.post(`/api/v1/time-entries/${a.id}/submit`)).json() as TimeEntryResponse;
    const subB = (await tech.post(`/api/v1/time-entries/${b.id}/submit`)).json() as TimeEntryResponse;

    // Bulk approval with one stale entry: refused, and nothing approved.
    const events = async () =>
      Number(
        (
          await t.db
            .selectFrom('domain_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('name', 'like', 'time-entry.%')
            .executeTakeFirstOrThrow()
        ).n,
      );
    // B changes after the approver read it (returned, edited, submitted again).
    const seenB = subB;
    t.clock.advance(1000);
    await tech.post(`/api/v1/time-entries/${b.id}/return`);
    await tech.patch(`/api/v1/time-entries/${b.id}`, { minutes: 21 });
    const subB2 = (await tech.post(`/api/v1/time-entries/${b.id}/submit`)).json() as TimeEntryResponse;
    const stale = await owner.post('/api/v1/time-entries/approve', {
      entries: [
        { id: subA2.id, updatedAt: subA2.updatedAt },
        { id: seenB.id, updatedAt: seenB.updatedAt },
      ],
    });
    assert.equal(stale.statusCode, 409);
    assert.equal(errorOf(stale).reason, 'changed_meanwhile');
    const afterStale = (await owner.get(`/api/v1/time-entries/${a.id}`)).json() as TimeEntryResponse;
    assert.equal(afterStale.status, 'submitted');
    assert.equal(await events(), 0);

    const ok = await billing.post('/api/v1/time-entries/approve', {
      entries: [
        { id: subA2.id, updatedAt: subA2.updatedAt },
        { id: subB2.id, updatedAt: subB2.updatedAt },
      ],
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual((ok.json() as { approved: number[] }).approved, [subA2.id, subB2.id]);
    assert.equal(await events(), 2);
    const approved = (await owner.get(`/api/v1/time-entries/${a.id}`)).json() as TimeEntryResponse;
    assert.deepEqual([approved.status, approved.approvedByName], ['approved', 'Beatriz Lopes']);

    // Locked: no edit, no delete, no return.
    const edit = await owner.patch(`/api/v1/time-entries/${a.id}`, { note: 'x' });
    assert.deepEqual([edit.statusCode, errorOf(edit).reason], [409, 'time_entry_locked']);
    const del = await owner.request('DELETE', `/api/v1/time-entries/${a.id}`);
    assert.deepEqual([del.statusCode, errorOf(del).reason], [409, 'time_entry_locked']);
    await t.db.updateTable('time_entries').set({ status: 'invoiced' }).where('id', '=', b.id).execute();
    assert.equal(
      errorOf(await owner.patch(`/api/v1/time-entries/${b.id}`, { note: 'x' })).reason,
      'time_entry_locked',
    );

    // A correction says why: no reason, a blank one, or a bad corrected entry is refused, nothing written.
    const beforeBad = await countEntries();
    for (const body of [
      {},
      { note: '   ' },
      { note: 'Logged twice', corrected: { minutes: -5 } },
      { note: 'Logged twice', corrected: { minutes: 1441 } },
      { note: 'Logged twice', corrected: { minutes: 25, clientId: acmeId } },
    ]) {
      const bad = await owner.post(`/api/v1/time-entries/${a.id}/reverse`, body);
      assert.equal(bad.statusCode, 400, `${JSON.stringify(body)}: ${bad.body}`);
    }
    assert.ok(errorOf(await owner.post(`/api/v1/time-entries/${a.id}/reverse`, {})).fields?.note);
    assert.equal(await countEntries(), beforeBad);
    assert.equal(
      ((await owner.get(`/api/v1/time-entries/${a.id}`)).json() as TimeEntryResponse).reversedById,
      null,
    );

    // A correction: reversed (negative, approved at once) and corrected as a new draft; once only.
    const rev = await owner.post(`/api/v1/time-entries/${a.id}/reverse`, {
      note: 'Logged twice',
      corrected: { minutes: 25 },
    });
    assert.equal(rev.statusCode, 201, rev.body);
    const { reversal, corrected } = rev.json() as {
      reversal: TimeEntryResponse;
      corrected: TimeEntryResponse;
    };
    assert.deepEqual(
      [
        reversal.actualMinutes,
        reversal.billedMinutes,
        reversal.amountMinor,
        reversal.status,
        reversal.reversesId,
      ],
      [-55, -60, -10_000, 'approved', a.id],
    );
    assert.deepEqual([corrected.actualMinutes, corrected.billedMinutes, corrected.status], [25, 30, 'draft']);
    assert.equal(corrected.accountId, techAccountId);
    const again = await owner.post(`/api/v1/time-entries/${a.id}/reverse`, { note: 'Again' });
    assert.deepEqual([again.statusCode, errorOf(again).reason], [409, 'time_entry_already_reversed']);
    assert.equal(
      (await owner.post(`/api/v1/time-entries/${reversal.id}/reverse`, { note: 'Again' })).statusCode,
      409,
    );
    assert.equal(await events(), 3);
    const names = await t.db
      .selectFrom('domain_events')
      .select('name')
      .where('name', 'like', 'time-entry.%')
      .execute();
    assert.deepEqual(names.map((n) => n.name).sort(), [
      'time-entry.approved',
      'time-entry.approved',
      'time-entry.reversed',
    ]);

    // Someone else's draft: a technician may not touch it; an approver may.
    const ownerDraft = (
      await owner.post('/api/v1/time-entries', { ticketId: acmeTicket, minutes: 5 })
    ).json() as TimeEntryResponse;
    assert.equal(
      (await tech.patch(`/api/v1/time-entries/${ownerDraft.id}`, { note: 'mine' })).statusCode,
      403,
    );
    assert.equal((await tech.request('DELETE', `/api/v1/time-entries/${ownerDraft.id}`)).statusCode, 403);
    assert.equal((await owner.request('DELETE', `/api/v1/time-entries/${corrected.id}`)).statusCode, 204);
    assert.equal((await owner.request('DELETE', `/api/v1/time-entries/${ownerDraft.id}`)).statusCode, 204);
  });

  test('the timesheet: by person, status and dates, keyset pages, totals over the whole filter', async () => {
    const all = (
      await owner.get(`/api/v1/time-entries?accountId=${techAccountId}&limit=100`)
    ).json() as TimeEntryPage;
    assert.ok(all.items.length >= 5);
    assert.ok(all.items.every((e) => e.accountId === techAccountId));
    const sum = all.items.reduce((s, e) => s + e.actualMinutes, 0);
    assert.equal(all.totals.actualMinutes, sum);
    // Walk it a page of 2 at a time: the same entries, in the same order.
    const walked: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/time-entries?accountId=${techAccountId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await owner.get(query)).json() as TimeEntryPage;
      assert.equal(page.totals.actualMinutes, sum);
      walked.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      walked,
      all.items.map((e) => e.id),
    );
    for (let i = 1; i < all.items.length; i++) {
      assert.ok(all.items[i - 1]!.entryDate >= all.items[i]!.entryDate);
    }
    const approved = (await owner.get('/api/v1/time-entries?status=approved')).json() as TimeEntryPage;
    assert.ok(approved.items.length > 0 && approved.items.every((e) => e.status === 'approved'));
    const ranged = (
      await owner.get('/api/v1/time-entries?from=2026-03-05&to=2026-03-05')
    ).json() as TimeEntryPage;
    assert.ok(ranged.items.length > 0 && ranged.items.every((e) => e.entryDate === '2026-03-05'));
    assert.equal((await owner.get('/api/v1/time-entries?from=2026-03-06&to=2026-03-05')).statusCode, 400);
    const ticket = (await owner.get(`/api/v1/tickets/${acmeTicket}/time-entries`)).json() as TimeEntryPage;
    assert.ok(ticket.items.every((e) => e.ticketId === acmeTicket));
    assert.equal((await owner.get('/api/v1/tickets/999999/time-entries')).statusCode, 404);
  });

  test('the portal shows approved time only, when the provider shows time, and never another client’s', async () => {
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const hidden = (
      await contact.get(`/api/v1/portal/tickets/${acmeTicket}/time`)
    ).json() as PortalTicketTime;
    assert.equal(hidden.shown, false);
    assert.equal(hidden.items.length, 0);
    await owner.patch('/api/v1/settings', { portalShowTimeLogged: true });
    const shown = (await contact.get(`/api/v1/portal/tickets/${acmeTicket}/time`)).json() as PortalTicketTime;
    assert.equal(shown.shown, true);
    const staffView = (
      await owner.get(`/api/v1/tickets/${acmeTicket}/time-entries?limit=100`)
    ).json() as TimeEntryPage;
    const approvedIds = staffView.items
      .filter((e) => e.status === 'approved' || e.status === 'invoiced')
      .map((e) => e.id)
      .sort();
    assert.ok(approvedIds.length >= 2);
    assert.ok(staffView.items.some((e) => e.status === 'draft'));
    assert.deepEqual(shown.items.map((e) => e.id).sort(), approvedIds);
    assert.equal(
      shown.totals.billedMinutes,
      shown.items.reduce((s, e) => s + e.billedMinutes, 0),
    );
    assert.equal(shown.items.find((e) => e.actualMinutes === 55)?.who, 'Tariq Haddad');
    assert.ok(!('amountMinor' in (shown.items[0] ?? {})));
    // Another client's ticket is not found.
    assert.equal((await contact.get(`/api/v1/portal/tickets/${noorTicket}/time`)).statusCode, 404);
    assert.equal((await owner.get(`/api/v1/portal/tickets/${acmeTicket}/time`)).statusCode, 403);
  });
});
