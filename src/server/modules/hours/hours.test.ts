/**
 * Hour banks (issue 14, points 6 and 7) on the test database (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): the service's figures equal the pure module's for real rows; periods close once
 * (two closers at once write each record once) and a later correction never changes a record; billing
 * terms and blocks refuse bad input with nothing written; a contact reaches only their client's banks;
 * the hours page costs the same number of queries however many entries there are.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { portalFigures, runBank } from '../../../shared/hours/index.ts';
import type { ContractResponse } from '../../../shared/schemas/contracts.ts';
import type { HoursPage } from '../../../shared/schemas/hours.ts';
import { Client, clientIdByName, createTestApp, errorOf, setUp, type TestApp } from '../../test/harness.ts';
import { balanceFor } from './hours.service.ts';

describe('hour banks', () => {
  let t: TestApp;
  let owner: Client;
  let acmeId: number;
  let birchwoodId: number;
  let acmeTicket: number;
  let ownerAccount: number;
  let periodicId: number;
  let prepaidId: number;
  let nextEntry = 0;

  async function entry(
    contractId: number,
    date: string,
    billed: number,
    options: {
      reverses?: number;
      approvedAt?: string;
      status?: string;
      billable?: 0 | 1;
      clientId?: number;
    } = {},
  ): Promise<number> {
    nextEntry += 1;
    const at = options.approvedAt ?? t.clock().toISOString();
    const row = await t.db
      .insertInto('time_entries')
      .values({
        ticket_id: acmeTicket,
        client_id: options.clientId ?? acmeId,
        contract_id: contractId,
        account_id: ownerAccount,
        entry_date: date,
        actual_minutes: billed,
        billed_minutes: billed,
        billable: options.billable ?? 1,
        status: options.status ?? 'approved',
        reverses_id: options.reverses ?? null,
        approved_at: at,
        note: `entry ${nextEntry}`,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function createContract(body: Record<string, unknown>): Promise<ContractResponse> {
    const res = await owner.post('/api/v1/contracts', {
      clientId: acmeId,
      name: 'Bank',
      type: 'block-hours',
      startDate: '2026-01-01',
      status: 'active',
      ...body,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as ContractResponse;
  }

  before(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-03-25T10:00:00Z'));
    owner = await setUp(t, { demo: true });
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    birchwoodId = await clientIdByName(owner, 'Birchwood Dental');
    acmeTicket = (
      await t.db
        .selectFrom('tickets')
        .select('id')
        .where('client_id', '=', acmeId)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    ownerAccount = (
      await t.db
        .selectFrom('accounts')
        .select('id')
        .where('email', '=', 'owner@example.com')
        .executeTakeFirstOrThrow()
    ).id;
    // The worked example of docs/hours.md: 4 h a month, rollover capped at 5 h, 120.00 an hour over.
    const periodic = await createContract({
      name: 'Support hours',
      billing: {
        rateMinor: 9000,
        bankKind: 'periodic',
        bankPeriod: 'monthly',
        bankMinutes: 240,
        rolloverKind: 'capped',
        rolloverCapMinutes: 300,
        overageRateMinor: 12000,
      },
    });
    periodicId = periodic.id;
    assert.equal(periodic.billing.bankKind, 'periodic');
    assert.equal(periodic.billing.currency, 'EUR');
    await entry(periodicId, '2026-01-10', 60, { approvedAt: '2026-01-10T12:00:00.000Z' });
    await entry(periodicId, '2026-02-03', 30, { approvedAt: '2026-02-03T12:00:00.000Z' });
    await entry(periodicId, '2026-03-05', 300, { approvedAt: '2026-03-05T12:00:00.000Z' });
    await entry(periodicId, '2026-03-20', 200, { approvedAt: '2026-03-20T12:00:00.000Z' });
    // Not counted: a draft, a non-billable entry, and another contract's time.
    await entry(periodicId, '2026-03-21', 500, { status: 'submitted' });
    await entry(periodicId, '2026-03-21', 500, { billable: 0 });
  });
  after(() => t.close());

  test('the balance and the page are the pure module’s figures for the stored rows', async () => {
    const plan = {
      kind: 'periodic' as const,
      startDate: '2026-01-01',
      period: 'monthly' as const,
      allowanceMinutes: 240,
      rollover: { kind: 'capped' as const, capMinutes: 300 },
    };
    const pure = runBank(
      plan,
      [
        { id: 'a', date: '2026-01-10', billedMinutes: 60 },
        { id: 'b', date: '2026-02-03', billedMinutes: 30 },
        { id: 'c', date: '2026-03-05', billedMinutes: 300 },
        { id: 'd', date: '2026-03-20', billedMinutes: 200 },
      ],
      '2026-03-25',
    );
    const expected = portalFigures(pure.current!.snapshot);
    const balance = await balanceFor(t.db, periodicId, '2026-03-25');
    assert.ok(balance);
    assert.equal(balance.purchasedMinutes, expected.purchasedMinutes);
    assert.equal(balance.usedMinutes, expected.usedMinutes);
    assert.deepEqual(expected.balance, { overMinutes: 20 });
    assert.equal(balance.remainingMinutes, null);
    assert.equal(balance.overMinutes, 20);

    const page = (await owner.get(`/api/v1/contracts/${periodicId}/hours`)).json() as HoursPage;
    assert.deepEqual(page.balance, balance);
    // The 300-minute entry drew 240 rolled-over minutes, then 60 of March's base.
    const big = page.ledger.find((e) => e.billedMinutes === 300)!;
    assert.deepEqual(
      big.draws.map((d) => [d.lot.kind, d.minutes]),
      [
        ['rollover', 240],
        ['allowance', 60],
      ],
    );
    // Two ended periods the close has not reached yet are shown as it will write them.
    assert.deepEqual(
      page.closedPeriods.map((p) => [
        p.periodStart,
        p.usedMinutes,
        p.rolledOverOutMinutes,
        p.expiredMinutes,
        p.closedAt,
      ]),
      [
        ['2026-02-01', 30, 240, 150, null],
        ['2026-01-01', 60, 180, 0, null],
      ],
    );
    assert.deepEqual(page.usageByMonth, [
      { month: '2026-01', minutes: 60 },
      { month: '2026-02', minutes: 30 },
      { month: '2026-03', minutes: 500 },
    ]);
    // Used up: the bank ran out (today, never a day in the past).
    assert.equal(page.runOutOn, '2026-03-25');
    assert.equal(page.ledger.at(-1)?.overageMinutes, 20);
    assert.equal(page.perTicket[0]?.billedMinutes, 590 - 90);

    // A Technical contact of Acme reads the same figures from the same rows.
    const technical = new Client(t.app);
    await technical.login('technical@acme.example');
    const portal = (await technical.get(`/api/v1/portal/hours/${periodicId}`)).json() as HoursPage;
    assert.deepEqual(portal.balance, balance);
    assert.deepEqual(portal.ledger, page.ledger);
  });

  test('ended periods close once, also with two closers at once, and a later correction never changes them', async () => {
    const closers = await Promise.all([
      t.services.hours.closeContract(periodicId, t.clock(), '2026-03-25'),
      t.services.hours.closeContract(periodicId, t.clock(), '2026-03-25'),
    ]);
    assert.equal(
      closers.reduce((a, b) => a + b, 0),
      2,
      `each of January and February closed once (${closers.join(', ')})`,
    );
    // The nightly close finds nothing more to write for this contract (the demo's banks close too).
    await t.services.hours.closeEndedPeriods();
    assert.equal(await t.services.hours.closeContract(periodicId, t.clock(), '2026-03-25'), 0);
    const before = await t.db
      .selectFrom('bank_periods')
      .selectAll()
      .where('contract_id', '=', periodicId)
      .orderBy('period_start')
      .execute();
    assert.deepEqual(
      before.map((p) => [
        p.period_start,
        p.used_minutes,
        p.drawn_minutes,
        p.rolled_over_out_minutes,
        p.expired_minutes,
      ]),
      [
        ['2026-01-01', 60, 60, 180, 0],
        ['2026-02-01', 30, 30, 240, 150],
      ],
    );

    // A correction of January, approved now: the reversal of the 60 minutes and a 30-minute entry.
    const january = (
      await t.db
        .selectFrom('time_entries')
        .select('id')
        .where('contract_id', '=', periodicId)
        .where('entry_date', '=', '2026-01-10')
        .executeTakeFirstOrThrow()
    ).id;
    await entry(periodicId, '2026-01-10', -60, { reverses: january });
    await entry(periodicId, '2026-01-10', 30);
    await t.services.hours.closeEndedPeriods();
    const afterwards = await t.db
      .selectFrom('bank_periods')
      .selectAll()
      .where('contract_id', '=', periodicId)
      .orderBy('period_start')
      .execute();
    assert.deepEqual(afterwards, before, 'the closed records are unchanged');

    // It counts in March: the 30 minutes on March's first day, the 60 minutes credited back.
    const page = (await owner.get(`/api/v1/contracts/${periodicId}/hours`)).json() as HoursPage;
    const late = page.ledger.find((e) => e.countedOn !== null)!;
    assert.equal(late.date, '2026-01-10');
    assert.equal(late.countedOn, '2026-03-01');
    assert.equal(page.balance?.usedMinutes, 500 + 30 - 60);
    assert.equal(page.balance?.remainingMinutes, 480 - 470);
    assert.ok(page.ledger.some((e) => e.billedMinutes === -60));
    assert.deepEqual(
      page.closedPeriods.map((p) => [p.periodStart, p.closedAt !== null]),
      [
        ['2026-02-01', true],
        ['2026-01-01', true],
      ],
    );
  });

  test('overage is never a negative remainder, and prepaid blocks draw first in, first out', async () => {
    const prepaid = await createContract({
      name: 'Prepaid block',
      billing: { bankKind: 'prepaid', bankPeriod: 'monthly', rateMinor: 10000 },
    });
    prepaidId = prepaid.id;
    for (const block of [
      { purchasedOn: '2026-03-01', minutes: 600, expiresOn: '2026-06-30' },
      { purchasedOn: '2026-03-10', minutes: 600, expiresOn: null },
    ]) {
      const res = await owner.post(`/api/v1/contracts/${prepaidId}/blocks`, block);
      assert.equal(res.statusCode, 201, res.body);
    }
    await entry(prepaidId, '2026-03-11', 500);
    await entry(prepaidId, '2026-03-12', 300);
    await entry(prepaidId, '2026-03-24', 500);
    const page = (await owner.get(`/api/v1/contracts/${prepaidId}/hours`)).json() as HoursPage;
    assert.equal(page.balance?.remainingMinutes, null);
    assert.equal(page.balance?.overMinutes, 100);
    const split = page.ledger.find((e) => e.billedMinutes === 300)!;
    assert.deepEqual(
      split.draws.map((d) => [d.lot.kind === 'block' ? d.lot.purchasedOn : '', d.minutes]),
      [
        ['2026-03-01', 100],
        ['2026-03-10', 200],
      ],
    );
    assert.equal(page.ledger.at(-1)?.overageMinutes, 100);
    assert.equal(page.runOutOn, '2026-03-25', 'used up: runs out today');
  });

  test('bad billing terms and blocks are refused with the field named and nothing written', async () => {
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('contracts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const bad: [Record<string, unknown>, string][] = [
      [{ bankKind: 'periodic', bankMinutes: 600, rolloverKind: 'capped' }, 'billing.rolloverCapMinutes'],
      [{ bankKind: 'periodic', bankMinutes: -60 }, 'billing.bankMinutes'],
      [{ bankKind: 'periodic', bankMinutes: 1.5 }, 'billing.bankMinutes'],
      [{ bankKind: 'periodic' }, 'billing.bankMinutes'],
      [{ currency: 'USD', rateMinor: 10000 }, 'billing.currency'],
      [{ rateMinor: -1 }, 'billing.rateMinor'],
      [{ roundingIncrement: 0 }, 'billing.roundingIncrement'],
      [{ roundingMinimum: 2000 }, 'billing.roundingMinimum'],
    ];
    for (const [billing, field] of bad) {
      const res = await owner.post('/api/v1/contracts', {
        clientId: acmeId,
        name: 'Bad',
        type: 'block-hours',
        startDate: '2026-01-01',
        billing,
      });
      assert.equal(res.statusCode, 400, `${JSON.stringify(billing)}: ${res.body}`);
      assert.ok(errorOf(res).fields?.[field], `${JSON.stringify(billing)} names ${field}: ${res.body}`);
    }
    assert.equal(await count(), before);

    const blocks = async () =>
      (await t.db.selectFrom('hour_blocks').select('id').where('contract_id', '=', prepaidId).execute())
        .length;
    const had = await blocks();
    for (const [block, status] of [
      [{ purchasedOn: '2026-03-20', minutes: -60 }, 400],
      [{ purchasedOn: '2026-03-20', minutes: 0 }, 400],
      [{ purchasedOn: '2026-03-20', minutes: 60, expiresOn: '2026-03-01' }, 400],
      [{ purchasedOn: '2025-12-01', minutes: 60 }, 400],
      [{ purchasedOn: '2026-02-30', minutes: 60 }, 400],
    ] as const) {
      const res = await owner.post(`/api/v1/contracts/${prepaidId}/blocks`, block);
      assert.equal(res.statusCode, status, `${JSON.stringify(block)}: ${res.body}`);
    }
    const onPeriodic = await owner.post(`/api/v1/contracts/${periodicId}/blocks`, {
      purchasedOn: '2026-03-20',
      minutes: 60,
    });
    assert.equal(onPeriodic.statusCode, 409);
    assert.equal(errorOf(onPeriodic).reason, 'bank_not_prepaid');
    assert.equal(await blocks(), had);

    // The periodic bank has closed periods: its shape and start are frozen; a rate may still change.
    const reshape = await owner.patch(`/api/v1/contracts/${periodicId}`, {
      billing: { bankKind: 'periodic', bankMinutes: 600, rolloverKind: 'none', rateMinor: 9000 },
    });
    assert.equal(reshape.statusCode, 409, reshape.body);
    assert.equal(errorOf(reshape).reason, 'bank_period_closed');
    const moveStart = await owner.patch(`/api/v1/contracts/${periodicId}`, { startDate: '2026-01-15' });
    assert.equal(moveStart.statusCode, 409);
    const rate = await owner.patch(`/api/v1/contracts/${periodicId}`, {
      billing: {
        bankKind: 'periodic',
        bankMinutes: 240,
        rolloverKind: 'capped',
        rolloverCapMinutes: 300,
        rateMinor: 9500,
        overageRateMinor: 12000,
      },
    });
    assert.equal(rate.statusCode, 200, rate.body);
    assert.equal((rate.json() as ContractResponse).billing.rateMinor, 9500);
    const stored = await t.db
      .selectFrom('contracts')
      .select(['start_date', 'bank_minutes'])
      .where('id', '=', periodicId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { start_date: '2026-01-01', bank_minutes: 240 });

    // A block dated in a closed period of a prepaid bank is refused too.
    await t.services.hours.closeContract(prepaidId, new Date('2026-04-02T10:00:00Z'), '2026-04-02');
    const inClosed = await owner.post(`/api/v1/contracts/${prepaidId}/blocks`, {
      purchasedOn: '2026-03-28',
      minutes: 60,
    });
    assert.equal(inClosed.statusCode, 409, inClosed.body);
    assert.equal(errorOf(inClosed).reason, 'bank_period_closed');
  });

  test("a contact reaches only their own client's banks; staff routes refuse contacts", async () => {
    const foreign = await owner.post('/api/v1/contracts', {
      clientId: birchwoodId,
      name: 'Birchwood bank',
      type: 'block-hours',
      startDate: '2026-01-01',
      status: 'active',
      billing: { bankKind: 'periodic', bankMinutes: 600 },
    });
    assert.equal(foreign.statusCode, 201, foreign.body);
    const foreignId = (foreign.json() as ContractResponse).id;
    const technical = new Client(t.app);
    await technical.login('technical@acme.example');
    assert.equal((await technical.get(`/api/v1/portal/hours/${foreignId}`)).statusCode, 404);
    assert.equal((await technical.get(`/api/v1/contracts/${periodicId}/hours`)).statusCode, 403);
    assert.equal((await technical.get(`/api/v1/contracts/${prepaidId}/blocks`)).statusCode, 403);
    const own = (await technical.get('/api/v1/portal/hours')).json() as HoursPage;
    assert.ok(own.contracts.every((c) => c.id !== foreignId));
    assert.ok(own.contracts.some((c) => c.id === periodicId));
    // Standard contacts have no contracts:view.
    const standard = new Client(t.app);
    await standard.login('standard@acme.example');
    assert.equal((await standard.get('/api/v1/portal/hours')).statusCode, 403);
    // Staff get nothing from a contact's page either.
    assert.equal((await owner.get('/api/v1/portal/hours')).statusCode, 403);
    assert.equal(balanceFor.length, 3);
  });

  test('the hours page costs the same number of queries with 5 or 60 entries', async () => {
    const technical = new Client(t.app);
    await technical.login('technical@acme.example');
    const count = async () => {
      let n = 0;
      t.database.onQuery = () => {
        n += 1;
      };
      try {
        const res = await technical.get(`/api/v1/portal/hours/${periodicId}`);
        assert.equal(res.statusCode, 200);
      } finally {
        t.database.onQuery = undefined;
      }
      return n;
    };
    const few = await count();
    for (let i = 0; i < 55; i += 1)
      await entry(periodicId, `2026-03-${String(1 + (i % 24)).padStart(2, '0')}`, 5);
    const many = await count();
    assert.equal(many, few);
    assert.ok(few <= 16, `${few} queries`);
  });
});
