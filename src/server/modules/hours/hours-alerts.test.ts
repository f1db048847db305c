/**
 * Hour-bank alerts (issue 14, point 9): approved time that takes a contract's bank past 75, 90 and
 * 100 % of the period's hours, or into overage, tells the contract's contacts by email and bell notice,
 * once per threshold and period; what an approval passes on its way is recorded, not sent. The
 * percentages are the organisation's setting: a changed one fires at its new value once. Runs on
 * SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TimeEntryResponse } from '../../../shared/schemas/time.ts';
import { type Client, errorOf } from '../../test/harness.ts';
import { type CapturedMail, startSmtpSink } from '../../test/smtp.ts';
import { createTicket, type TicketsWorld, ticketsWorld } from '../tickets/test-helpers.ts';

describe('hour-bank alerts', () => {
  let w: TicketsWorld;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let contractId: number;
  let ticketId: number;
  let tech: Client;
  let admin: Client;

  before(async () => {
    sink = await startSmtpSink();
    w = await ticketsWorld({ env: { SMTP_URL: sink.url, LOGIN_MAX_PER_ACCOUNT: '1000' } });
    const ticket = await createTicket(await w.as('technical@acme.example'), { subject: 'Migrate the mail' });
    ticketId = ticket.id;
    const row = await w.t.db
      .selectFrom('tickets')
      .select('contract_id')
      .where('id', '=', ticketId)
      .executeTakeFirstOrThrow();
    assert.ok(row.contract_id !== null);
    contractId = row.contract_id;
    // A plain monthly bank of 10 hours with nothing used yet: the demo's history on it goes.
    await w.t.db
      .updateTable('contracts')
      .set({ bank_kind: 'periodic', bank_period: 'monthly', bank_minutes: 600, rollover_kind: 'none' })
      .where('id', '=', contractId)
      .execute();
    await w.t.db.deleteFrom('bank_periods').where('contract_id', '=', contractId).execute();
    await w.t.db.deleteFrom('time_entries').where('contract_id', '=', contractId).execute();
    tech = await w.as('tech@portico.example');
    admin = await w.as('admin@portico.example');
    await w.t.services.jobs.drain();
  });
  after(async () => {
    await w.t.close();
    await sink.close();
  });

  /** Logs, submits and approves `minutes` of billable time on the ticket, then runs the queue. */
  async function approve(minutes: number) {
    const made = await tech.post('/api/v1/time-entries', { ticketId, minutes, note: 'Mail migration' });
    assert.equal(made.statusCode, 201, made.body);
    const submitted = await tech.post(`/api/v1/time-entries/${(made.json() as TimeEntryResponse).id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    const entry = submitted.json() as TimeEntryResponse;
    const res = await admin.post('/api/v1/time-entries/approve', {
      entries: [{ id: entry.id, updatedAt: entry.updatedAt }],
    });
    assert.equal(res.statusCode, 200, res.body);
    await w.t.services.jobs.drain();
    await w.t.services.jobs.drain();
  }

  /** Logs and submits `count` entries of `minutes` each, then approves them all in one request. */
  async function approveTogether(count: number, minutes: number) {
    const entries: { id: number; updatedAt: string }[] = [];
    for (let i = 0; i < count; i += 1) {
      const made = await tech.post('/api/v1/time-entries', { ticketId, minutes, note: `Mailbox ${i + 1}` });
      assert.equal(made.statusCode, 201, made.body);
      const submitted = await tech.post(
        `/api/v1/time-entries/${(made.json() as TimeEntryResponse).id}/submit`,
      );
      assert.equal(submitted.statusCode, 200, submitted.body);
      const entry = submitted.json() as TimeEntryResponse;
      entries.push({ id: entry.id, updatedAt: entry.updatedAt });
    }
    // What logging the time set off (the ticket's overage request) goes first: only the approval is measured.
    await w.t.services.jobs.drain();
    const res = await admin.post('/api/v1/time-entries/approve', { entries });
    assert.equal(res.statusCode, 200, res.body);
  }

  /** The queries the queue runs until it is empty (the approval's deliveries). */
  async function queriesToDrain(): Promise<number> {
    let n = 0;
    w.t.database.onQuery = () => {
      n += 1;
    };
    try {
      await w.t.services.jobs.drain();
      await w.t.services.jobs.drain();
    } finally {
      w.t.database.onQuery = undefined;
    }
    return n;
  }

  const deliveries = () =>
    w.t.db
      .selectFrom('alert_deliveries')
      .select(['kind', 'threshold'])
      .where('subject_id', '=', contractId)
      .where('kind', 'in', ['bankThreshold', 'bankOverage'])
      .orderBy('id')
      .execute();
  const noticesOf = (kind: string) =>
    w.t.db.selectFrom('notices').select(['account_id', 'params', 'link']).where('kind', '=', kind).execute();
  const mailsAbout = (subject: RegExp): CapturedMail[] =>
    sink.received.filter((m) => subject.test(m.subject));

  test('75 % crossed: one alert, emailed and in the bell; more time within 90 % sends nothing more', async () => {
    await approve(300); // 50 %
    assert.deepEqual(await deliveries(), []);
    await approve(160); // 76.7 %
    assert.deepEqual(await deliveries(), [{ kind: 'bankThreshold', threshold: 75 }]);
    const notices = await noticesOf('bankThreshold');
    assert.ok(notices.length >= 1, 'the contract’s contacts get a notice');
    assert.ok(notices.every((n) => n.link === '/hours' || n.link?.endsWith(`/contracts/${contractId}`)));
    assert.equal(JSON.parse(notices[0]!.params).share, 0.75);
    const mails = mailsAbout(/75\s?%/);
    assert.ok(mails.length >= 1, 'an email names the threshold');
    await approve(20); // 80 %: still past 75 only
    assert.equal((await deliveries()).length, 1);
  });

  /** The organisation's bank alert percentages, as the settings API returns them. */
  async function thresholds(): Promise<number[]> {
    const res = await admin.get('/api/v1/settings');
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { bankAlertThresholds: number[] }).bankAlertThresholds;
  }

  test('invalid percentages are refused with 400 naming the field, and nothing changes', async () => {
    assert.deepEqual(await thresholds(), [75, 90, 100]);
    for (const bad of [[], [0], [101], [75, 75], [7.5], ['80'], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]) {
      const res = await admin.patch('/api/v1/settings', { bankAlertThresholds: bad, name: 'Renamed Ltd' });
      assert.equal(res.statusCode, 400, `${JSON.stringify(bad)}: ${res.body}`);
      const fields = Object.keys(errorOf(res).fields ?? {});
      assert.ok(
        fields.some((f) => f === 'bankAlertThresholds' || f.startsWith('bankAlertThresholds.')),
        `${JSON.stringify(bad)} names the field: ${fields.join(', ')}`,
      );
    }
    const days = await admin.patch('/api/v1/settings', { contractEndingAlertDays: [400] });
    assert.equal(days.statusCode, 400, days.body);
    assert.deepEqual(await thresholds(), [75, 90, 100]);
    const name = (await admin.get('/api/v1/settings')).json() as { name: string };
    assert.notEqual(name.name, 'Renamed Ltd', 'a refused patch changes no other field either');
  });

  test('a changed threshold fires at its new value once; one added below what was told never', async () => {
    // Kept lowest first, whatever order they come in.
    const res = await admin.patch('/api/v1/settings', { bankAlertThresholds: [100, 85, 75] });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(await thresholds(), [75, 85, 100]);
    await approve(30); // 510 of 600 minutes: 85 %
    assert.deepEqual(await deliveries(), [
      { kind: 'bankThreshold', threshold: 75 },
      { kind: 'bankThreshold', threshold: 85 },
    ]);
    assert.equal(mailsAbout(/85\s?%/).length >= 1, true, 'the new percentage is emailed');
    const sent = mailsAbout(/85\s?%/).length;
    await approve(12); // 87 %: 85 is not told again
    assert.equal((await deliveries()).length, 2);
    assert.equal(mailsAbout(/85\s?%/).length, sent);

    // 50 % added when 85 % was already told: recorded with the next approval, never sent.
    const lower = await admin.patch('/api/v1/settings', { bankAlertThresholds: [50, 75, 85, 100] });
    assert.equal(lower.statusCode, 200, lower.body);
    await approve(6); // 88 %
    assert.deepEqual((await deliveries()).at(-1), { kind: 'bankThreshold', threshold: 50 });
    assert.equal(mailsAbout(/50\s?%/).length, 0, 'no message for a figure long passed');
    assert.equal(
      (await noticesOf('bankThreshold')).filter((n) => JSON.parse(n.params).share === 0.5).length,
      0,
    );

    const back = await admin.patch('/api/v1/settings', { bankAlertThresholds: [75, 90, 100] });
    assert.equal(back.statusCode, 200, back.body);
  });

  test('overage: sent once, instead of the 90 and 100 % it passed, which are recorded', async () => {
    const before = sink.received.length;
    await approve(200); // 728 of 600 minutes: over
    assert.deepEqual(await deliveries(), [
      { kind: 'bankThreshold', threshold: 75 },
      { kind: 'bankThreshold', threshold: 85 },
      { kind: 'bankThreshold', threshold: 50 },
      { kind: 'bankOverage', threshold: 100 },
      { kind: 'bankThreshold', threshold: 100 },
      { kind: 'bankThreshold', threshold: 90 },
    ]);
    assert.ok((await noticesOf('bankOverage')).length >= 1);
    const news = sink.received.slice(before);
    assert.ok(news.length >= 1);
    assert.ok(
      news.every((m) => !/90\s?%/.test(m.subject)),
      'no message for the 90 % passed on the way',
    );
    // More overage in the same period: nothing new.
    await approve(30);
    assert.equal((await deliveries()).length, 6);
  });

  test('a bulk approval checks the bank once per contract: the same queries for 1 entry and for 25', async () => {
    const recorded = (await deliveries()).length;
    await approveTogether(1, 5);
    const one = await queriesToDrain();
    await approveTogether(25, 5);
    const many = await queriesToDrain();
    assert.equal(many, one, `${many} queries for 25 entries, ${one} for one`);
    // Already in overage this period: the keys are taken, nothing new is recorded or sent.
    assert.equal((await deliveries()).length, recorded);
  });
});
