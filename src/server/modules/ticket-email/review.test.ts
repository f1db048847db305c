import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InboundEmailDetail, InboundEmailList } from '../../../shared/schemas/ticket-email.ts';
import type { TicketMessage } from '../../../shared/schemas/tickets.ts';
import { DnsStandIn } from '../../test/dns.ts';
import { errorOf } from '../../test/harness.ts';
import {
  attachmentNames,
  createTicket,
  messagesOf,
  type TicketsWorld,
  ticketRow,
  ticketsWorld,
} from '../tickets/test-helpers.ts';
import { holdReasons } from './inbound.service.ts';
import { ALICE, inEnglish, PNG_1PX, rawEmail, SUPPORT, signedEmail } from './test-support.ts';

const FATIMA = 'primary@birchwood.example';
const TECH = 'tech@portico.example';

describe('held email review', () => {
  let w: TicketsWorld;
  let n = 0;
  const dns = new DnsStandIn();
  const acmeKey = dns.dkim('acme.example');

  before(async () => {
    w = await ticketsWorld({ env: { MAIL_FROM: SUPPORT }, app: { dnsResolver: dns.resolver } });
  });
  after(() => w.t.close());

  /** Receives a message as the receivers would (signed by Acme when asked), and returns its outcome. */
  async function receive(options: Parameters<typeof rawEmail>[0], sign = false) {
    const mail = { messageId: `<review-${++n}@mail.example>`, to: SUPPORT, ...options };
    const outcome = await w.t.app.inboundMail.service.receive(
      sign ? await signedEmail(mail, acmeKey) : await rawEmail(mail),
      { via: 'smtp', envelopeFrom: 'x@mail.example' },
    );
    assert.ok(outcome.inboundId);
    return outcome;
  }

  async function stranger(subject = 'From a stranger') {
    const outcome = await receive({
      from: 'Nina New <nina@newhire.example>',
      subject,
      text: 'Hello, I started at Acme this week. <b>not html</b>\n\n> quoted bit',
      html: '<p>Hello <script>alert(1)</script></p>',
      attachments: [{ filename: 'badge.png', content: PNG_1PX }],
    });
    assert.equal(outcome.status, 'held');
    return outcome.inboundId!;
  }

  test('only staff who manage tickets may review held email', async () => {
    const id = await stranger();
    const paths: ['GET' | 'POST', string, unknown?][] = [
      ['GET', '/api/v1/inbound-emails'],
      ['GET', `/api/v1/inbound-emails/${id}`],
      ['POST', `/api/v1/inbound-emails/${id}/create-ticket`, { clientId: w.acmeId, contactId: 1 }],
      ['POST', `/api/v1/inbound-emails/${id}/add-to-ticket`, { ticketId: 1 }],
      ['POST', `/api/v1/inbound-emails/${id}/discard`],
    ];
    for (const who of [ALICE, 'billing@portico.example', 'readonly@portico.example']) {
      const c = await w.as(who);
      for (const [method, url, body] of paths) {
        const res = await c.request(method, url, body === undefined ? {} : { body });
        assert.equal(res.statusCode, 403, `${who} ${method} ${url}`);
      }
    }
    const row = await w.t.db
      .selectFrom('inbound_emails')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst();
    assert.equal(row?.status, 'held');
  });

  test('the list shows held email newest first, filters by status, and pages by cursor', async () => {
    const tech = await w.as(TECH);
    const ids = [await stranger('one'), await stranger('two'), await stranger('three')];
    const first = await tech.get('/api/v1/inbound-emails?limit=2');
    assert.equal(first.statusCode, 200, first.body);
    const page1 = first.json() as InboundEmailList;
    assert.equal(page1.items.length, 2);
    assert.deepEqual(
      page1.items.map((i) => i.id),
      [ids[2], ids[1]],
    );
    assert.equal(page1.items[0]!.reason, inEnglish(holdReasons.unknownSender));
    assert.equal(page1.items[0]!.reason, 'Unknown sender: no contact has this email address.');
    // In the reader's language (Accept-Language), with the same status.
    const german = (await tech.get('/api/v1/inbound-emails?limit=2', { 'accept-language': 'de' })).json();
    assert.equal(german.items[0].status, page1.items[0]!.status);
    assert.equal(german.items[0].reason, 'Unbekannter Absender: Kein Kontakt hat diese E-Mail-Adresse.');
    const one = await tech.get(`/api/v1/inbound-emails/${ids[2]}`, { 'accept-language': 'fr' });
    assert.equal(one.json().reason, 'Expéditeur inconnu : aucun contact n’a cette adresse e-mail.');
    assert.equal(page1.items[0]!.fromName, 'Nina New');
    assert.equal(page1.items[0]!.attachmentCount, 1);
    assert.ok(page1.nextCursor);
    const page2 = (
      await tech.get(`/api/v1/inbound-emails?limit=2&cursor=${page1.nextCursor}`)
    ).json() as InboundEmailList;
    assert.equal(page2.items[0]!.id, ids[0]);
    assert.ok(page2.items.every((i) => i.status === 'held'));

    const created = await receive(
      { from: ALICE, subject: 'A new ticket by email', text: 'Please help.' },
      true,
    );
    assert.equal(created.status, 'created');
    const held = (await tech.get('/api/v1/inbound-emails?limit=100')).json() as InboundEmailList;
    assert.ok(!held.items.some((i) => i.id === created.inboundId));
    const onlyCreated = (await tech.get('/api/v1/inbound-emails?status=created')).json() as InboundEmailList;
    assert.deepEqual(
      onlyCreated.items.map((i) => i.id),
      [created.inboundId],
    );
    const all = (await tech.get('/api/v1/inbound-emails?status=all&limit=100')).json() as InboundEmailList;
    assert.ok(all.items.some((i) => i.id === created.inboundId) && all.items.some((i) => i.id === ids[0]));
    assert.equal((await tech.get('/api/v1/inbound-emails?status=nonsense')).statusCode, 400);
    assert.equal((await tech.get('/api/v1/inbound-emails?cursor=garbage')).statusCode, 400);
  });

  test('the detail shows the text as received (never HTML), the attachments and the contacts with that address', async () => {
    const tech = await w.as(TECH);
    const id = await stranger();
    const res = await tech.get(`/api/v1/inbound-emails/${id}`);
    assert.equal(res.statusCode, 200, res.body);
    const detail = res.json() as InboundEmailDetail;
    assert.match(detail.textBody, /I started at Acme this week\. <b>not html<\/b>/);
    assert.match(detail.textBody, /> quoted bit/, 'the whole text, for review');
    assert.doesNotMatch(res.body, /<script>/);
    assert.deepEqual(detail.attachments, [{ filename: 'badge.png', sizeBytes: PNG_1PX.length }]);
    assert.deepEqual(detail.knownContacts, []);
    assert.equal(detail.messageId, `<review-${n}@mail.example>`);

    const other = await receive({
      from: FATIMA,
      to: 'support+t999999-0000000000000000@support.example',
      text: 'x',
    });
    const known = (await tech.get(`/api/v1/inbound-emails/${other.inboundId}`)).json() as InboundEmailDetail;
    assert.equal(known.reason, inEnglish(holdReasons.forged));
    assert.deepEqual(
      known.knownContacts.map((c) => [c.clientId, c.contactId]),
      [[w.birchId, await w.contactId(FATIMA)]],
    );
    assert.equal((await tech.get('/api/v1/inbound-emails/999999')).statusCode, 404);
  });

  test('create a ticket from a held email as a contact of the chosen client; audited; only once', async () => {
    const tech = await w.as(TECH);
    const id = await stranger('Need a login');
    const alice = await w.contactId(ALICE);
    const fatima = await w.contactId(FATIMA);

    const wrongClient = await tech.post(`/api/v1/inbound-emails/${id}/create-ticket`, {
      clientId: w.acmeId,
      contactId: fatima,
    });
    assert.equal(wrongClient.statusCode, 400);
    assert.ok(errorOf(wrongClient).fields?.contactId);
    const noClient = await tech.post(`/api/v1/inbound-emails/${id}/create-ticket`, {
      clientId: 999999,
      contactId: alice,
    });
    assert.equal(noClient.statusCode, 400);
    assert.ok(errorOf(noClient).fields?.clientId);
    const stillHeld = await w.t.db
      .selectFrom('inbound_emails')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst();
    assert.equal(stillHeld?.status, 'held');

    const res = await tech.post(`/api/v1/inbound-emails/${id}/create-ticket`, {
      clientId: w.acmeId,
      contactId: alice,
    });
    assert.equal(res.statusCode, 200, res.body);
    const detail = res.json() as InboundEmailDetail;
    assert.equal(detail.status, 'created');
    assert.equal(detail.reviewedBy, 'Tariq Haddad');
    assert.ok(detail.ticketId);
    const ticket = await ticketRow(w, detail.ticketId);
    assert.equal(ticket.subject, 'Need a login');
    assert.equal(ticket.client_id, w.acmeId);
    assert.equal(ticket.requester_contact_id, alice);
    assert.equal(ticket.source, 'email');
    assert.deepEqual(await attachmentNames(w, ticket.id), ['badge.png']);
    const audit = await w.t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'inbound.reviewed')
      .where('target_id', '=', id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.client_id, w.acmeId);
    assert.match(audit[0]!.details, /create-ticket/);

    const again = await tech.post(`/api/v1/inbound-emails/${id}/create-ticket`, {
      clientId: w.acmeId,
      contactId: alice,
    });
    assert.equal(again.statusCode, 409);
    assert.equal(errorOf(again).reason, 'email_already_reviewed');
    assert.equal((await tech.post(`/api/v1/inbound-emails/${id}/discard`)).statusCode, 409);
  });

  test('add a held email to a ticket: the sender must be a contact of that client, or one is chosen', async () => {
    const tech = await w.as(TECH);
    const ticket = await createTicket(await w.as(ALICE), { subject: 'Onboarding' });
    const id = await stranger('Re: onboarding');

    const notContact = await tech.post(`/api/v1/inbound-emails/${id}/add-to-ticket`, { ticketId: ticket.id });
    assert.equal(notContact.statusCode, 400);
    assert.ok(errorOf(notContact).fields?.contactId);
    const foreign = await tech.post(`/api/v1/inbound-emails/${id}/add-to-ticket`, {
      ticketId: ticket.id,
      contactId: await w.contactId(FATIMA),
    });
    assert.equal(foreign.statusCode, 400);
    const missing = await tech.post(`/api/v1/inbound-emails/${id}/add-to-ticket`, { ticketId: 999999 });
    assert.equal(missing.statusCode, 400);
    assert.ok(errorOf(missing).fields?.ticketId);

    const res = await tech.post(`/api/v1/inbound-emails/${id}/add-to-ticket`, {
      ticketId: ticket.id,
      contactId: await w.contactId(ALICE),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((res.json() as InboundEmailDetail).status, 'added');
    const last = (await messagesOf(await w.as(ALICE), ticket.id)).at(-1)!;
    assert.equal(last.authorName, 'Alice Moreau');
    assert.match(last.body, /I started at Acme this week/);
    assert.doesNotMatch(last.body, /quoted bit/, 'quoted history stripped');
    assert.deepEqual(
      last.attachments.map((a) => a.filename),
      ['badge.png'],
    );
    assert.equal(
      (await tech.post(`/api/v1/inbound-emails/${id}/add-to-ticket`, { ticketId: ticket.id })).statusCode,
      409,
    );

    // A held reply from a contact of another client keeps its ticket for the reviewer; their own address
    // decides when no contact is chosen. (The ticket's notification emails, and so its Message-IDs, are
    // written by the job runner, from the ticket's domain events.)
    await w.t.services.jobs.drain();
    const fromFatima = await receive({
      from: FATIMA,
      subject: 'Re: Onboarding',
      text: 'Wrong thread?',
      inReplyTo: (
        await w.t.db
          .selectFrom('ticket_email_refs')
          .select('message_id')
          .where('ticket_id', '=', ticket.id)
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).message_id,
    });
    assert.equal(fromFatima.reason, holdReasons.notContact);
    assert.equal(fromFatima.ticketId, ticket.id);
  });

  test('an email held because its sender is not authenticated says why; a reviewer may still add it, and staff see the warning', async () => {
    const tech = await w.as(TECH);
    const ticket = await createTicket(await w.as(ALICE), { subject: 'Forged reply target' });
    const held = await receive({
      from: ALICE,
      subject: 'Re: Forged reply target',
      text: 'Looks like Alice.',
    });
    assert.equal(held.status, 'held');
    const detail = (await tech.get(`/api/v1/inbound-emails/${held.inboundId}`)).json() as InboundEmailDetail;
    assert.match(
      detail.reason ?? '',
      /^The sender could not be authenticated, so this email may not come from primary@acme\.example/,
    );
    assert.deepEqual(detail.senderAuth && { ...detail.senderAuth, summary: '' }, {
      verdict: 'fail',
      method: 'dkim',
      authservId: null,
      fromDomain: 'acme.example',
      dmarc: 'none',
      summary: '',
    });
    assert.match(detail.senderAuth?.summary ?? '', /SPF: not checked \(the sending server is unknown\)/);
    const list = (await tech.get('/api/v1/inbound-emails?limit=100')).json() as InboundEmailList;
    assert.equal(list.items.find((i) => i.id === held.inboundId)?.senderAuth?.verdict, 'fail');

    // The reviewer decides it is Alice's after all (they called her): the reply still carries the warning.
    const res = await tech.post(`/api/v1/inbound-emails/${held.inboundId}/add-to-ticket`, {
      ticketId: ticket.id,
    });
    assert.equal(res.statusCode, 200, res.body);
    const staffView = (await tech.get(`/api/v1/tickets/${ticket.id}/messages`)).json() as {
      items: TicketMessage[];
    };
    assert.equal(staffView.items.at(-1)?.unauthenticatedEmailId, held.inboundId);
    assert.equal((await messagesOf(await w.as(ALICE), ticket.id)).at(-1)?.unauthenticatedEmailId, null);

    // An authenticated email's check is kept too, and a held unprocessable one was never checked.
    const signed = await receive({ from: ALICE, subject: 'Signed', text: 'Really Alice.' }, true);
    assert.equal(signed.status, 'created');
    const signedDetail = (
      await tech.get(`/api/v1/inbound-emails/${signed.inboundId}`)
    ).json() as InboundEmailDetail;
    assert.equal(signedDetail.senderAuth?.verdict, 'pass');
    const stuck = await w.t.app.inboundMail.service.holdUnprocessable({
      via: 'smtp',
      raw: null,
      messageId: '<stuck-review@mail.example>',
      from: { address: ALICE, name: null },
      subject: 'Stuck',
      reason: holdReasons.failed(1, 'boom'),
    });
    const stuckDetail = (
      await tech.get(`/api/v1/inbound-emails/${stuck.inboundId}`)
    ).json() as InboundEmailDetail;
    assert.equal(stuckDetail.senderAuth, null);
  });

  test('what Portico writes into a ticket for an empty email is in the organisation’s language', async () => {
    assert.equal((await w.owner.patch('/api/v1/settings', { language: 'de' })).statusCode, 200);
    try {
      const empty = await receive({ from: ALICE, subject: '', text: '' }, true);
      assert.equal(empty.status, 'created');
      assert.ok(empty.ticketId);
      const row = await ticketRow(w, empty.ticketId);
      assert.equal(row.subject, '(Kein Betreff)');
      assert.equal(row.description, '(Die E-Mail enthielt keinen Text.)');
    } finally {
      assert.equal((await w.owner.patch('/api/v1/settings', { language: 'en' })).statusCode, 200);
    }
  });

  test('discard: the email stays, marked discarded and audited', async () => {
    const tech = await w.as(TECH);
    const id = await stranger('spam');
    const res = await tech.post(`/api/v1/inbound-emails/${id}/discard`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((res.json() as InboundEmailDetail).status, 'discarded');
    assert.equal((await tech.get(`/api/v1/inbound-emails/${id}`)).json().status, 'discarded');
    assert.equal((await tech.post(`/api/v1/inbound-emails/${id}/discard`)).statusCode, 409);
    const audit = await w.t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'inbound.reviewed')
      .where('target_id', '=', id)
      .executeTakeFirst();
    assert.match(audit?.details ?? '', /discard/);
  });
});
