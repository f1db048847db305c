import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OverageState } from '../../../shared/schemas/overage.ts';
import { type Client, errorOf } from '../../test/harness.ts';
import { type CapturedMail, startSmtpSink } from '../../test/smtp.ts';
import { createTicket, messagesOf, type TicketsWorld, ticketsWorld } from '../tickets/test-helpers.ts';
import { extraMinutes } from './overage.service.ts';

const TECH = 'tech@portico.example';
const ALICE = 'primary@acme.example';
const BEN = 'billing@acme.example';
const CHEN = 'technical@acme.example';
const DANA = 'standard@acme.example';
const FATIMA = 'primary@birchwood.example';

describe('extraMinutes: the need beyond the bank, in quarter hours', () => {
  const base = { approvedMinutes: 0, pendingMinutes: 0, approvedExtraMinutes: 0 };
  test('nothing while the need fits in what is left', () => {
    assert.equal(extraMinutes({ ...base, estimateMinutes: 120, remainingMinutes: 120 }), 0);
    assert.equal(extraMinutes({ ...base, estimateMinutes: null, remainingMinutes: 0 }), 0);
  });
  test('the estimate less approved time, or the time not yet approved, whichever is more', () => {
    // 5 h estimated, 1 h approved already (so 4 h still to do), 3 h left: 1 h beyond.
    assert.equal(
      extraMinutes({ ...base, estimateMinutes: 300, approvedMinutes: 60, remainingMinutes: 180 }),
      60,
    );
    // Logged but not approved time beyond the estimate counts: 4 h 10 min pending, 3 h left.
    assert.equal(
      extraMinutes({ ...base, estimateMinutes: 120, pendingMinutes: 250, remainingMinutes: 180 }),
      75,
    );
  });
  test('rounded up to a quarter hour, less what approved requests allow', () => {
    assert.equal(extraMinutes({ ...base, estimateMinutes: 61, remainingMinutes: 60 }), 15);
    assert.equal(
      extraMinutes({ ...base, estimateMinutes: 600, remainingMinutes: 0, approvedExtraMinutes: 480 }),
      120,
    );
    assert.equal(
      extraMinutes({ ...base, estimateMinutes: 600, remainingMinutes: 0, approvedExtraMinutes: 900 }),
      0,
    );
    // A bank already over counts as nothing left.
    assert.equal(extraMinutes({ ...base, estimateMinutes: 30, remainingMinutes: -45 }), 30);
  });
});

describe('consent before overage', () => {
  let w: TicketsWorld;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let seen = 0;
  let contractId: number;
  let techId: number;

  async function newMail(): Promise<CapturedMail[]> {
    await w.t.services.jobs.drain();
    w.t.clock.advance(1000);
    const mails = sink.received.slice(seen);
    seen = sink.received.length;
    return mails;
  }
  const recipients = (mails: CapturedMail[]) => mails.flatMap((m) => m.to).sort();

  before(async () => {
    sink = await startSmtpSink();
    w = await ticketsWorld({ env: { SMTP_URL: sink.url, LOGIN_MAX_PER_ACCOUNT: '1000' } });
    techId = await w.accountId(TECH);
    // The Acme contract a new ticket runs under (the demo has several) gets a monthly bank of 10 hours
    // at 120.00 EUR an hour overage.
    const probe = await createTicket(await w.as(CHEN), { subject: 'Which contract covers us?' });
    const contract = await w.t.db
      .selectFrom('tickets')
      .select('contract_id')
      .where('id', '=', probe.id)
      .executeTakeFirstOrThrow();
    assert.ok(contract.contract_id !== null, 'a new Acme ticket runs under a contract');
    contractId = contract.contract_id;
    await w.t.db
      .updateTable('contracts')
      .set({
        bank_kind: 'periodic',
        bank_period: 'monthly',
        bank_minutes: 600,
        rollover_kind: 'none',
        rollover_cap_minutes: null,
        currency: 'EUR',
        rate_minor: 9000,
        overage_rate_minor: 12000,
      })
      .where('id', '=', contractId)
      .execute();
    // The demo's bank history on that contract (its time and closed periods) goes: each test starts
    // from a bank with all of this month's 10 hours left.
    await w.t.db.deleteFrom('bank_periods').where('contract_id', '=', contractId).execute();
    await w.t.db.deleteFrom('time_entries').where('contract_id', '=', contractId).execute();
    await newMail();
  });
  after(async () => {
    await w.t.close();
    await sink.close();
  });

  /** A new Acme ticket raised by Chen, assigned to the technician, under the banked contract. */
  async function acmeTicket(subject: string): Promise<number> {
    const chen = await w.as(CHEN);
    const ticket = await createTicket(chen, { subject });
    const tech = await w.as(TECH);
    const res = await tech.patch(`/api/v1/tickets/${ticket.id}`, { assigneeAccountId: techId });
    assert.equal(res.statusCode, 200, res.body);
    const row = await w.t.db
      .selectFrom('tickets')
      .select('contract_id')
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.contract_id, contractId);
    return ticket.id;
  }

  async function stateOf(client: Client, ticketId: number): Promise<OverageState> {
    const res = await client.get(`/api/v1/tickets/${ticketId}/overage`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as OverageState;
  }

  async function setEstimate(ticketId: number, minutes: unknown) {
    const tech = await w.as(TECH);
    return tech.request('PUT', `/api/v1/tickets/${ticketId}/estimate`, { body: { minutes } });
  }

  const requestsOf = (ticketId: number) =>
    w.t.db
      .selectFrom('overage_requests')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .orderBy('id')
      .execute();

  /** Time on the Acme contract (written as the time module will; its own API is not on this branch). */
  async function logTime(ticketId: number, minutes: number, status: string, date = '2026-03-02') {
    const at = w.t.clock().toISOString();
    await w.t.db
      .insertInto('time_entries')
      .values({
        ticket_id: ticketId,
        client_id: w.acmeId,
        contract_id: contractId,
        account_id: techId,
        entry_date: date,
        actual_minutes: minutes,
        billed_minutes: minutes,
        billable: 1,
        status,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }

  test('an estimate within the bank asks nothing; beyond it, one request in quarter hours at the overage rate, emailed to the approvers', async () => {
    const id = await acmeTicket('Migrate the file server');
    await newMail();
    const within = await setEstimate(id, 240);
    assert.equal(within.statusCode, 200, within.body);
    const s1 = within.json() as OverageState;
    assert.equal(s1.banked, true);
    assert.equal(s1.estimateMinutes, 240);
    assert.equal(s1.current, null);
    assert.ok(s1.balance && s1.balance.remainingMinutes <= 600);

    // Use up most of the bank with approved time elsewhere: 9 h 20 min of 10 h.
    const other = await acmeTicket('Patch the servers');
    await logTime(other, 560, 'approved');
    await newMail();
    const beyond = await setEstimate(id, 100);
    assert.equal(beyond.statusCode, 200, beyond.body);
    const s2 = beyond.json() as OverageState;
    // 100 minutes needed, 40 left: 60 beyond, already a quarter-hour multiple.
    assert.equal(s2.current?.status, 'pending');
    assert.equal(s2.current?.extraMinutes, 60);
    assert.equal(s2.current?.rateMinor, 12000);
    assert.equal(s2.current?.currency, 'EUR');
    assert.equal(s2.current?.trigger, 'estimate');
    assert.equal(s2.current?.requestedByName, 'Tariq Haddad');
    assert.equal(s2.canDecide, false, 'staff do not decide');

    const mails = await newMail();
    // Alice (primary) and Chen (technical) may approve and see the company's tickets; Ben (billing)
    // sees no tickets, Dana (standard) may not approve.
    assert.deepEqual(recipients(mails), [ALICE, CHEN].sort());
    const chenMail = mails.find((m) => m.to.includes(CHEN));
    assert.match(chenMail?.text ?? '', /1 hour more at €120\.00 per hour/);
    assert.match(chenMail?.text ?? '', new RegExp(`/portal/tickets/${id}`));
    // A delivery run again sends nobody a second email.
    assert.deepEqual(await newMail(), []);

    // The same need again changes nothing; a bigger one replaces the pending request.
    await setEstimate(id, 101);
    const after = await requestsOf(id);
    assert.deepEqual(
      after.map((r) => [r.status, r.extra_minutes]),
      [
        ['withdrawn', 60],
        ['pending', 75],
      ],
    );
    const again = await setEstimate(id, 101);
    assert.equal(again.statusCode, 200);
    assert.equal((await requestsOf(id)).length, 2);
    await newMail();

    // Contacts: Chen may decide; Dana (who may not approve) sees the state read-only, without the
    // estimate, the balance or the history.
    const chenState = await stateOf(await w.as(CHEN), id);
    assert.equal(chenState.canDecide, true);
    assert.equal(chenState.current?.extraMinutes, 75);
    assert.equal(chenState.estimateMinutes, null);
    assert.equal(chenState.balance, null);
    assert.deepEqual(chenState.history, []);
  });

  test('a technical contact approves once: who, when and the address kept, a line in the conversation, the assignee told; a second answer is a 409', async () => {
    const id = await acmeTicket('Replace the core switch');
    await newMail();
    const tech = await w.as(TECH);
    const asked = await tech.post(`/api/v1/tickets/${id}/overage-requests`, { hours: 2.5 });
    assert.equal(asked.statusCode, 201, asked.body);
    const request = (asked.json() as OverageState).current;
    assert.equal(request?.extraMinutes, 150);
    assert.equal(request?.trigger, 'manual');
    await newMail();

    const chen = await w.as(CHEN);
    const url = `/api/v1/tickets/${id}/overage-requests/${request?.id}/decision`;
    const res = await chen.post(url, { decision: 'approve', comment: '  Go ahead.  ' });
    assert.equal(res.statusCode, 200, res.body);
    const state = res.json() as OverageState;
    assert.equal(state.current?.status, 'approved');
    assert.equal(state.current?.decidedByName, 'Chen Wei');
    assert.equal(state.current?.comment, 'Go ahead.');
    assert.equal(state.canDecide, false);
    const [row] = await requestsOf(id);
    assert.equal(row?.decided_by_contact_id, await w.contactId(CHEN));
    assert.ok(row?.decided_ip);
    assert.ok(row?.decided_at);

    const lines = (await messagesOf(chen, id)).filter((m) => m.authorKind === 'system');
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.body, 'Chen Wei approved up to 2.5 h beyond the hour bank. Comment: Go ahead.');
    const audit = await w.t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'ticket.overage_decided')
      .where('target_id', '=', id)
      .execute();
    assert.equal(audit.length, 1);

    const mails = await newMail();
    assert.deepEqual(recipients(mails), [TECH]);
    assert.match(mails[0]?.subject ?? '', /Extra hours approved on ticket #\d+/);

    // Once: a second answer, by anyone, changes nothing.
    const alice = await w.as(ALICE);
    const second = await alice.post(url, { decision: 'refuse', comment: 'No.' });
    assert.equal(second.statusCode, 409, second.body);
    assert.equal(errorOf(second).reason, 'overage_not_pending');
    const [still] = await requestsOf(id);
    assert.equal(still?.status, 'approved');
    assert.equal(still?.decided_by_contact_id, await w.contactId(CHEN));
    assert.equal((await messagesOf(chen, id)).filter((m) => m.authorKind === 'system').length, 1);
    assert.deepEqual(await newMail(), []);

    // The approved hours count: asking again for the same need adds nothing on top.
    const estimate = await setEstimate(id, 30);
    assert.equal((estimate.json() as OverageState).current?.status, 'approved');
  });

  test('refusing needs a comment; a refusal is kept with it', async () => {
    const id = await acmeTicket('Rewire the office');
    const tech = await w.as(TECH);
    const asked = await tech.post(`/api/v1/tickets/${id}/overage-requests`, { hours: 4 });
    const requestId = (asked.json() as OverageState).current?.id;
    const alice = await w.as(ALICE);
    const url = `/api/v1/tickets/${id}/overage-requests/${requestId}/decision`;
    const bare = await alice.post(url, { decision: 'refuse' });
    assert.equal(bare.statusCode, 400, bare.body);
    assert.ok(errorOf(bare).fields?.comment);
    assert.equal((await requestsOf(id))[0]?.status, 'pending');

    const res = await alice.post(url, { decision: 'refuse', comment: 'Not this month, please.' });
    assert.equal(res.statusCode, 200, res.body);
    const staffView = await stateOf(tech, id);
    assert.equal(staffView.current?.status, 'refused');
    assert.equal(staffView.current?.comment, 'Not this month, please.');
    assert.equal(staffView.history.length, 1);
  });

  test('refused: another client, a contact without the permission, a replaced request, bad numbers; nothing changes', async () => {
    const id = await acmeTicket('Firewall rules');
    const tech = await w.as(TECH);
    const first = (
      (await tech.post(`/api/v1/tickets/${id}/overage-requests`, { hours: 1 })).json() as OverageState
    ).current?.id;
    const second = (
      (await tech.post(`/api/v1/tickets/${id}/overage-requests`, { hours: 2 })).json() as OverageState
    ).current?.id;
    assert.notEqual(first, second);

    const fatima = await w.as(FATIMA);
    const other = await fatima.post(`/api/v1/tickets/${id}/overage-requests/${second}/decision`, {
      decision: 'approve',
    });
    assert.equal(other.statusCode, 404, other.body);
    assert.equal((await fatima.get(`/api/v1/tickets/${id}/overage`)).statusCode, 404);

    for (const email of [DANA, BEN]) {
      const contact = await w.as(email);
      const res = await contact.post(`/api/v1/tickets/${id}/overage-requests/${second}/decision`, {
        decision: 'approve',
      });
      assert.equal(res.statusCode, email === DANA ? 403 : 403, `${email}: ${res.body}`);
    }

    const chen = await w.as(CHEN);
    const replaced = await chen.post(`/api/v1/tickets/${id}/overage-requests/${first}/decision`, {
      decision: 'approve',
    });
    assert.equal(replaced.statusCode, 409, replaced.body);
    assert.equal(errorOf(replaced).reason, 'overage_not_pending');
    // A request of another ticket named under this one is not found.
    const elsewhere = await acmeTicket('Elsewhere');
    const wrong = await chen.post(`/api/v1/tickets/${elsewhere}/overage-requests/${second}/decision`, {
      decision: 'approve',
    });
    assert.equal(wrong.statusCode, 404, wrong.body);

    for (const minutes of [-5, 0, 60_001, 1.5, '90']) {
      const res = await setEstimate(id, minutes);
      assert.equal(res.statusCode, 400, `${minutes}: ${res.body}`);
    }
    for (const hours of [0, -1, 0.3, 1001]) {
      const res = await tech.post(`/api/v1/tickets/${id}/overage-requests`, { hours });
      assert.equal(res.statusCode, 400, `${hours}: ${res.body}`);
    }
    assert.equal(
      await w.t.db.selectFrom('ticket_estimates').select('id').where('ticket_id', '=', id).executeTakeFirst(),
      undefined,
    );
    assert.deepEqual(
      (await requestsOf(id)).map((r) => r.status),
      ['withdrawn', 'pending'],
    );

    // A contact never sets an estimate or asks.
    const asContact = await chen.request('PUT', `/api/v1/tickets/${id}/estimate`, { body: { minutes: 60 } });
    assert.equal(asContact.statusCode, 403);

    // A ticket under no banked contract (Cobalt's has no hour bank): nothing to ask.
    const birchTicket = await createTicket(await w.as('primary@cobalt.example'), {
      subject: 'Case software',
    });
    const noBank = await tech.post(`/api/v1/tickets/${birchTicket.id}/overage-requests`, { hours: 1 });
    assert.equal(noBank.statusCode, 409, noBank.body);
    assert.equal(errorOf(noBank).reason, 'overage_no_bank');
    assert.equal((await stateOf(tech, birchTicket.id)).banked, false);
  });

  test('the check the time module calls: time not yet approved past the bank asks, a need that went away withdraws', async () => {
    const id = await acmeTicket('Restore the backups');
    // The bank is used up by the first test's approved time plus this: no minutes left.
    await logTime(id, 90, 'draft');
    const check = (ticketId: number) =>
      w.t.database
        .system('test: the time module after an entry')
        .transaction((trx) =>
          w.t.services.overage.check(trx, ticketId, { trigger: 'time', actor: 'system' }),
        );
    const requestId = await check(id);
    assert.ok(requestId);
    const [row] = await requestsOf(id);
    assert.equal(row?.trigger, 'time');
    assert.equal(row?.requested_by_account_id, null);
    assert.ok((row?.extra_minutes ?? 0) >= 90 - 40);
    // Run again with nothing new: the same request stands.
    assert.equal(await check(id), requestId);
    // The draft is deleted (the time module's business): the need is gone, the request withdrawn.
    await w.t.db.deleteFrom('time_entries').where('ticket_id', '=', id).execute();
    assert.equal(await check(id), null);
    assert.deepEqual(
      (await requestsOf(id)).map((r) => r.status),
      ['withdrawn'],
    );
  });

  test('logging time through the time module asks in the same request; deleting the draft withdraws', async () => {
    const id = await acmeTicket('Rebuild the file server');
    const tech = await w.as(TECH);
    const before = await stateOf(tech, id);
    const bank = before.balance;
    assert.ok(bank, 'staff see the bank balance');
    const remaining = bank.remainingMinutes ?? 0;
    // Time beyond what is left, logged as a draft through the API: the ticket asks at once.
    const made = await tech.post('/api/v1/time-entries', {
      ticketId: id,
      minutes: remaining + 50,
      note: 'Rebuild',
    });
    assert.equal(made.statusCode, 201, made.body);
    const asked = await stateOf(tech, id);
    assert.equal(asked.current?.status, 'pending');
    assert.equal((await requestsOf(id))[0]?.trigger, 'time');
    assert.equal(asked.current?.extraMinutes, Math.ceil(50 / 15) * 15);
    // The draft deleted through the API: the need is gone, the request withdrawn in that request.
    const entryId = (made.json() as { id: number }).id;
    assert.equal((await tech.request('DELETE', `/api/v1/time-entries/${entryId}`)).statusCode, 204);
    assert.deepEqual(
      (await requestsOf(id)).map((r) => r.status),
      ['withdrawn'],
    );
  });

  test('the overage state runs a fixed number of statements, however long the history', async () => {
    const id = await acmeTicket('Query count');
    const tech = await w.as(TECH);
    const count = async () => {
      await tech.get(`/api/v1/tickets/${id}/overage`); // warm the caches (settings)
      let n = 0;
      w.t.database.onQuery = () => {
        n += 1;
      };
      try {
        const state = await stateOf(tech, id);
        return { n, rows: state.history.length };
      } finally {
        w.t.database.onQuery = undefined;
      }
    };
    await tech.post(`/api/v1/tickets/${id}/overage-requests`, { hours: 1 });
    const one = await count();
    for (let i = 2; i <= 8; i++) await tech.post(`/api/v1/tickets/${id}/overage-requests`, { hours: i });
    const eight = await count();
    assert.equal(one.rows, 1);
    assert.equal(eight.rows, 8);
    assert.equal(eight.n, one.n);
  });
});
