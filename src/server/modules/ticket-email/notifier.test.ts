import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { defaultNotificationPrefs } from '../../../shared/schemas/profile.ts';
import { OWNER } from '../../test/harness.ts';
import { type CapturedMail, startSmtpSink } from '../../test/smtp.ts';
import {
  createTicket,
  patchTicket,
  postMessage,
  type TicketsWorld,
  ticketsWorld,
} from '../tickets/test-helpers.ts';
import { readReplyAddress, readThreadRoot } from './addresses.ts';
import { ALICE, header, type Sink } from './test-support.ts';

const CHEN = 'technical@acme.example';
const DANA = 'standard@acme.example';
const TECH = 'tech@portico.example';
const ADMIN = 'admin@portico.example';
const MANAGERS = [OWNER.email, ADMIN, TECH].sort();

describe('ticket notification emails', () => {
  let w: TicketsWorld;
  let sink: Sink;
  let seen = 0;

  /** The emails sent since the last call (the job worker is drained first: delivery is real SMTP). */
  async function newMail(): Promise<CapturedMail[]> {
    await w.t.services.jobs.drain();
    // Each step happens a second later (the clock is fake), as it would for people.
    w.t.clock.advance(1000);
    const mails = sink.received.slice(seen);
    seen = sink.received.length;
    return mails;
  }
  const to = (mails: CapturedMail[]) => mails.flatMap((m) => m.to).sort();
  const mailTo = (mails: CapturedMail[], address: string) => {
    const found = mails.filter((m) => m.to.includes(address));
    assert.equal(found.length, 1, `one email to ${address}, got ${found.length}: ${to(mails).join(', ')}`);
    return found[0]!;
  };
  const secret = () => w.t.services.secrets.sessionSecret;

  async function setPrefs(email: string, prefs: Partial<typeof defaultNotificationPrefs>) {
    const c = email === OWNER.email ? w.owner : await w.as(email);
    const res = await c.request('PUT', '/api/v1/profile/notifications', {
      body: { ...defaultNotificationPrefs, ...prefs },
    });
    assert.equal(res.statusCode, 200, res.body);
  }

  before(async () => {
    sink = await startSmtpSink();
    w = await ticketsWorld({ env: { SMTP_URL: sink.url, LOGIN_MAX_PER_ACCOUNT: '1000' } });
    await newMail();
  });
  after(async () => {
    await w.t.close();
    await sink.close();
  });
  beforeEach(async () => {
    await newMail();
  });

  test('a new ticket: the requester gets a receipt, every ticket manager (none assigned) a notice; threaded and signed', async () => {
    const alice = await w.as(ALICE);
    const ticket = await createTicket(alice, {
      subject: 'Printer offline',
      description: 'The **printer** on floor 2 <b>is</b> offline.\n\n- tried a restart',
    });
    const mails = await newMail();
    assert.deepEqual(to(mails), [ALICE, ...MANAGERS].sort());

    const receipt = mailTo(mails, ALICE);
    assert.match(receipt.subject, new RegExp(`\\[#${ticket.id}\\] Printer offline$`));
    assert.match(receipt.html, /<strong>printer<\/strong>/, 'Markdown rendered for the HTML part');
    assert.doesNotMatch(receipt.html, /<b>is<\/b>/, 'raw HTML in the description is escaped');
    assert.match(receipt.text, /The \*\*printer\*\* on floor 2/, 'the text part has the text as typed');
    assert.match(receipt.text, new RegExp(`/portal/tickets/${ticket.id}`));
    assert.match(receipt.text, /We have received your request/);

    // Threading: the ticket's signed root in In-Reply-To and References; an own Message-ID each.
    const root = header(receipt, 'in-reply-to');
    assert.equal(readThreadRoot(secret(), root), ticket.id);
    assert.match(header(receipt, 'references'), new RegExp(root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(new Set(mails.map((m) => m.messageId)).size, mails.length);
    assert.ok(!mails.some((m) => m.messageId === root));
    // The reply address is signed for this ticket; robots are told not to answer.
    const replyTo = header(receipt, 'reply-to');
    const address = /[^\s<>"]+@[^\s<>"]+/.exec(replyTo)?.[0] ?? '';
    assert.deepEqual(readReplyAddress(secret(), address), { ticketId: ticket.id, valid: true });
    assert.equal(header(receipt, 'auto-submitted'), 'auto-generated');

    const staffNotice = mailTo(mails, TECH);
    assert.match(staffNotice.subject, new RegExp(`\\[#${ticket.id}\\] Printer offline$`));
    assert.match(staffNotice.text, new RegExp(`/staff/tickets/${ticket.id}`));
    assert.match(staffNotice.text, /New ticket from Acme Manufacturing/);

    // Every Message-ID is recorded against the ticket and the account it went to.
    const refs = await w.t.db
      .selectFrom('ticket_email_refs')
      .select(['message_id', 'account_id'])
      .where('ticket_id', '=', ticket.id)
      .execute();
    for (const m of mails) {
      const ref = refs.find((r) => r.message_id === m.messageId);
      assert.ok(ref, `ref for ${m.to[0]}`);
      assert.equal(ref.account_id, await w.accountId(m.to[0]!));
    }
  });

  test('a staff reply reaches the requester and contact watchers (not the author); threads after the last email', async () => {
    const alice = await w.as(ALICE);
    const tech = await w.as(TECH);
    const ticket = await createTicket(alice, { subject: 'VPN drops' });
    const first = mailTo(await newMail(), ALICE);
    const watch = await tech.post(`/api/v1/tickets/${ticket.id}/watchers`, {
      contactId: await w.contactId(CHEN),
    });
    assert.ok(watch.statusCode === 200 || watch.statusCode === 201, watch.body);
    await patchTicket(tech, ticket.id, { assigneeAccountId: await w.accountId(ADMIN) });
    await newMail();

    await postMessage(tech, ticket.id, { body: 'Please update the client to *v5*.' });
    const mails = await newMail();
    assert.deepEqual(
      to(mails),
      [ADMIN, CHEN, ALICE].sort(),
      'requester, contact watcher, assignee; never the author',
    );
    const reply = mailTo(mails, ALICE);
    assert.match(reply.html, /<em>v5<\/em>/);
    assert.match(reply.text, /Tariq Haddad wrote:/);
    assert.match(reply.text, /Please update the client to \*v5\*\./);
    assert.equal(header(reply, 'in-reply-to'), first.messageId, 'answers the last email Alice had');
    const refs = header(reply, 'references');
    assert.ok(refs.includes(first.messageId));
    assert.equal(readThreadRoot(secret(), refs.split(/\s+/)[0]!), ticket.id);
    const colleague = mailTo(mails, ADMIN);
    assert.match(colleague.text, /Tariq Haddad replied to Acme Manufacturing/);
  });

  test('an internal note never reaches a contact: only the assignee and staff watchers', async () => {
    const alice = await w.as(ALICE);
    const tech = await w.as(TECH);
    const ticket = await createTicket(alice, { subject: 'Server noise' });
    await tech.post(`/api/v1/tickets/${ticket.id}/watchers`, { contactId: await w.contactId(CHEN) });
    await tech.post(`/api/v1/tickets/${ticket.id}/watchers`, { staffAccountId: await w.accountId(ADMIN) });
    await patchTicket(tech, ticket.id, { assigneeAccountId: await w.accountId(TECH) });
    await newMail();

    await postMessage(tech, ticket.id, {
      body: 'SECRET-NOTE: the fan is from the cheap supplier.',
      internal: true,
    });
    const mails = await newMail();
    assert.deepEqual(to(mails), [ADMIN], 'the staff watcher only (the author is the assignee)');
    assert.match(mails[0]!.text, /internal note/);
    const all = sink.received.filter((m) => m.to.some((a) => a.endsWith('@acme.example')));
    assert.ok(all.length > 0);
    for (const m of all) {
      assert.doesNotMatch(
        m.text + m.html + m.subject,
        /SECRET-NOTE/,
        `internal note leaked to ${m.to.join()}`,
      );
    }
  });

  test('a client reply goes to the assignee and staff watchers, else to every ticket manager; other contacts see it too', async () => {
    const alice = await w.as(ALICE);
    const tech = await w.as(TECH);
    const unassigned = await createTicket(alice, { subject: 'Label printer' });
    await newMail();
    await postMessage(alice, unassigned.id, { body: 'Any news?' });
    assert.deepEqual(to(await newMail()), MANAGERS);

    const assigned = await createTicket(alice, { subject: 'Monitor flicker' });
    await patchTicket(tech, assigned.id, { assigneeAccountId: await w.accountId(TECH) });
    await tech.post(`/api/v1/tickets/${assigned.id}/watchers`, { contactId: await w.contactId(CHEN) });
    await newMail();
    await postMessage(alice, assigned.id, { body: 'It flickers again.' });
    const mails = await newMail();
    assert.deepEqual(to(mails), [CHEN, TECH].sort(), 'the assignee and the other contact; not Alice herself');
    assert.match(mailTo(mails, TECH).text, /Alice Moreau \(Acme Manufacturing\) replied/);
  });

  test('status changes: a status email, and a distinct resolved email inviting a reply; not to whoever made the change', async () => {
    const alice = await w.as(ALICE);
    const tech = await w.as(TECH);
    const ticket = await createTicket(alice, { subject: 'Scanner jam' });
    await newMail();
    await patchTicket(tech, ticket.id, { status: 'in-progress' });
    const progress = mailTo(await newMail(), ALICE);
    assert.match(progress.text, /Your ticket is now In Progress/);
    assert.match(progress.subject, new RegExp(`\\[#${ticket.id}\\] Scanner jam$`), 'one subject per ticket');

    await patchTicket(tech, ticket.id, { status: 'resolved' });
    const resolvedMails = await newMail();
    assert.deepEqual(to(resolvedMails), [ALICE]);
    assert.match(resolvedMails[0]!.text, /Your ticket is resolved/);
    assert.match(resolvedMails[0]!.text, /If it is not fixed, reply to this email/);
    // The requester is asked to rate it (issue 14): Good and Bad links to the portal's ticket page, the
    // choice preselected there; the links write nothing.
    assert.match(resolvedMails[0]!.text, /How did we do\? Rate this ticket in the portal:/);
    assert.match(resolvedMails[0]!.text, new RegExp(`Good: \\S+/portal/tickets/${ticket.id}\\?rate=good`));
    assert.match(resolvedMails[0]!.text, new RegExp(`Bad: \\S+/portal/tickets/${ticket.id}\\?rate=bad`));
    assert.match(
      resolvedMails[0]!.html,
      new RegExp(`href="[^"]+/portal/tickets/${ticket.id}\\?rate=good"[^>]*>Good</a>`),
    );

    // Alice closes her resolved ticket herself: nobody is told of her own change.
    await patchTicket(alice, ticket.id, { status: 'closed' });
    assert.deepEqual(to(await newMail()), []);
  });

  test('a reply that sets a status sends one email, not two', async () => {
    const alice = await w.as(ALICE);
    const tech = await w.as(TECH);
    const ticket = await createTicket(alice, { subject: 'Need a licence key' });
    await newMail();
    await postMessage(tech, ticket.id, { body: 'Which product?', status: 'waiting-on-client' });
    const mails = (await newMail()).filter((m) => m.to.includes(ALICE));
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.text, /Waiting on Client/);
    assert.match(mails[0]!.text, /Which product\?/);
    // Her answer reopens the ticket: the staff hear of the reply; she hears nothing of her own change.
    await postMessage(alice, ticket.id, { body: 'Office 365.' });
    const answer = await newMail();
    assert.ok(!to(answer).includes(ALICE));
    assert.ok(to(answer).length > 0);
  });

  test('each person’s choices are honoured', async () => {
    const alice = await w.as(ALICE);
    const dana = await w.as(DANA);
    const tech = await w.as(TECH);
    await setPrefs(ALICE, {
      ticketCreated: false,
      ticketReplies: false,
      ticketStatus: true,
      ticketResolved: false,
    });
    await setPrefs(OWNER.email, { newTickets: false, clientReplies: false });
    await setPrefs(ADMIN, { newTickets: false });
    try {
      const ticket = await createTicket(alice, { subject: 'Keyboard missing keys' });
      assert.deepEqual(to(await newMail()), [TECH], 'no receipt for Alice; the owner and admin opted out');
      await postMessage(tech, ticket.id, { body: 'Ordered a new one.' });
      // Replies are off; the reply opened the ticket, and status changes are on: she hears of that alone.
      const opened = await newMail();
      assert.deepEqual(to(opened), [ALICE]);
      assert.match(opened[0]!.text, /Your ticket is now Open/);
      assert.doesNotMatch(opened[0]!.text, /Ordered a new one/);
      await patchTicket(tech, ticket.id, { status: 'in-progress' });
      assert.deepEqual(to(await newMail()), [ALICE], 'status changes still on');
      await patchTicket(tech, ticket.id, { status: 'resolved' });
      assert.deepEqual(to(await newMail()), [], 'resolution emails off');
      await postMessage(alice, ticket.id, { body: 'Still missing.' });
      assert.deepEqual(to(await newMail()), [ADMIN, TECH].sort(), 'the owner switched client replies off');

      // A contact without replies switched off still gets the staff reply.
      const other = await createTicket(dana, { subject: 'Mouse' });
      assert.deepEqual(
        to(await newMail()).filter((a) => a.endsWith('@acme.example')),
        [DANA],
      );
      await postMessage(tech, other.id, { body: 'On its way.' });
      assert.deepEqual(to(await newMail()), [DANA]);
    } finally {
      await setPrefs(ALICE, {});
      await setPrefs(OWNER.email, {});
      await setPrefs(ADMIN, {});
    }
  });

  test('the emails are written by a subscriber of ticket.created; a delivery that runs again sends none twice', async () => {
    const alice = await w.as(ALICE);
    const ticket = await createTicket(alice, { subject: 'Told twice?' });
    const db = w.t.db;
    const events = await db
      .selectFrom('domain_events')
      .selectAll()
      .where('name', '=', 'ticket.created')
      .execute();
    const event = events.find((e) => JSON.parse(e.payload).ticketId === ticket.id);
    assert.ok(event, 'the ticket.created event was written with the ticket');
    const deliveries = (
      await db.selectFrom('jobs').selectAll().where('kind', '=', 'domain-event').execute()
    ).filter((j) => JSON.parse(j.payload).eventId === event.id);
    assert.deepEqual(
      deliveries.map((j) => JSON.parse(j.payload).subscriber),
      ['ticket-email.created'],
    );
    assert.deepEqual(to(await newMail()), [ALICE, ...MANAGERS].sort());
    const emailCount = async () => (await db.selectFrom('emails').select('id').execute()).length;
    const before = await emailCount();

    // At least once: a worker that died after writing the emails, before marking the delivery done,
    // leaves it to run again.
    await db
      .updateTable('jobs')
      .set({ done_at: null, locked_until: null })
      .where('id', '=', deliveries[0]!.id)
      .execute();
    assert.deepEqual(to(await newMail()), [], 'nobody gets the email twice');
    assert.equal(await emailCount(), before, 'nothing new in the outbox either');
    const rerun = await db
      .selectFrom('jobs')
      .select(['attempts', 'done_at'])
      .where('id', '=', deliveries[0]!.id)
      .executeTakeFirstOrThrow();
    assert.equal(rerun.attempts, 2, 'the delivery did run again');
    assert.notEqual(rerun.done_at, null);
  });
});
