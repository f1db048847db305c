import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { InboundEmailDetail } from '../../../shared/schemas/ticket-email.ts';
import type { TicketDetail, TicketMessage } from '../../../shared/schemas/tickets.ts';
import { type DkimKey, DnsStandIn } from '../../test/dns.ts';
import { startSmtpSink } from '../../test/smtp.ts';
import {
  attachmentNames,
  createTicket,
  messagesOf,
  type TicketsWorld,
  ticketRow,
  ticketsWorld,
} from '../tickets/test-helpers.ts';
import { replyAddress } from './addresses.ts';
import { holdReasons } from './inbound.service.ts';
import { ALICE, header, inEnglish, PNG_1PX, type Sink, SUPPORT } from './test-support.ts';

const FATIMA = 'primary@birchwood.example';
const TECH = 'tech@portico.example';

describe('inbound email through the SMTP listener', () => {
  let w: TicketsWorld;
  let sink: Sink;
  let port: number;
  let seq = 0;
  // The senders' DNS: DKIM keys for the domains mail is signed from, Birchwood's DMARC policy, and SPF
  // for a domain whose mail comes from this machine. Everything else does not exist.
  const dns = new DnsStandIn()
    .dmarc('birchwood.example', 'reject')
    .spf('birchwood.example', 'ip4:192.0.2.25 -all')
    .spf('branch.acme.example', 'ip4:127.0.0.1 -all');

  before(async () => {
    sink = await startSmtpSink();
    w = await ticketsWorld({
      env: { SMTP_URL: sink.url, MAIL_FROM: SUPPORT, INBOUND_SMTP_PORT: '0', INBOUND_MAX_MB: '1' },
      app: { dnsResolver: dns.resolver },
    });
    const started = await w.t.app.inboundMail.start();
    assert.ok(started.smtpPort, 'the listener runs on a port of its own');
    port = started.smtpPort;
  });
  after(async () => {
    await w.t.close();
    await sink.close();
  });

  /** The DKIM key of the domain of an address (published in the stand-in DNS). */
  function keyOf(address: string): DkimKey {
    const domain = /@([^>\s]+)>?$/.exec(address)?.[1];
    assert.ok(domain, address);
    return dns.dkim(domain);
  }

  /**
   * Sends through the listener as a mail server would (real SMTP, nodemailer as the client), signed with
   * DKIM by the From address's domain unless `dkim` says otherwise (null: unsigned).
   */
  async function send(mail: Mail.Options, options: { dkim?: DkimKey | null } = {}) {
    const dkim = options.dkim === undefined ? keyOf(String(mail.from)) : options.dkim;
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      name: 'mx.sender.example',
      ...(dkim ? { dkim } : {}),
    });
    try {
      return await transport.sendMail({
        messageId: `<inbound-${++seq}.${Date.now()}@mail.example>`,
        ...mail,
      });
    } finally {
      transport.close();
    }
  }

  async function inboundRow(messageId: string) {
    return w.t.db
      .selectFrom('inbound_emails')
      .selectAll()
      .where('message_id', '=', messageId)
      .executeTakeFirst();
  }

  async function count(table: 'tickets' | 'ticket_messages' | 'inbound_emails') {
    const row = await w.t.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A ticket of Alice's and the receipt she got for it. */
  async function aliceTicket(subject: string) {
    const before = sink.received.length;
    const ticket = await createTicket(await w.as(ALICE), { subject });
    await w.t.services.jobs.drain();
    const receipt = sink.received.slice(before).find((m) => m.to.includes(ALICE));
    assert.ok(receipt, 'Alice got a receipt');
    const replyTo = /[^\s<>"]+@[^\s<>"]+/.exec(header(receipt, 'reply-to'))?.[0];
    assert.ok(replyTo);
    return { ticket, receipt, replyTo };
  }

  test('a reply to the signed address is added to the ticket as that contact: quoted history stripped, attachment kept', async () => {
    const { ticket, receipt, replyTo } = await aliceTicket('Printer offline');
    assert.match(replyTo, /^support\+t\d+-[0-9a-f]{16}@support\.example$/);
    const sent = await send({
      from: `Alice Moreau <${ALICE}>`,
      to: replyTo,
      subject: `Re: ${receipt.subject}`,
      inReplyTo: receipt.messageId,
      references: [receipt.messageId],
      text: [
        'It prints again after the restart.',
        '',
        `On Mon, 2 Mar 2026 at 09:00, Test IT <${replyTo}> wrote:`,
        '> We have received your request',
        '> Reply to this email to add to the ticket.',
      ].join('\n'),
      attachments: [
        { filename: 'test page.png', content: PNG_1PX, contentType: 'image/png' },
        { filename: 'printer.log', content: 'paper jam cleared\n', contentType: 'text/plain' },
      ],
    });
    const row = await inboundRow(sent.messageId);
    assert.equal(row?.status, 'added');
    assert.equal(row?.ticket_id, ticket.id);
    assert.equal(row?.received_via, 'smtp');
    assert.equal(row?.attachment_count, 2);
    assert.ok(row?.raw_key, 'the raw message is kept in storage');
    const raw = await w.t.services.deps.storage.get(row.raw_key);
    assert.match(raw?.toString('utf8') ?? '', /It prints again after the restart/);

    const messages = await messagesOf(await w.as(ALICE), ticket.id);
    const reply = messages.at(-1)!;
    assert.equal(reply.body, 'It prints again after the restart.');
    assert.equal(reply.authorKind, 'contact');
    assert.equal(reply.authorName, 'Alice Moreau');
    assert.equal(reply.source, 'email');
    assert.deepEqual(reply.attachments.map((a) => a.filename).sort(), ['printer.log', 'test page.png']);
  });

  test('a reply found by its thread headers alone (sent to the plain support address) is added too', async () => {
    const { ticket, receipt } = await aliceTicket('Scanner slow');
    const sent = await send({
      from: ALICE,
      to: SUPPORT,
      subject: 'Re: scanner',
      inReplyTo: receipt.messageId,
      references: [receipt.messageId],
      text: 'Faster today.\n\n-- \nAlice Moreau\nAcme Manufacturing',
    });
    const row = await inboundRow(sent.messageId);
    assert.equal(row?.status, 'added');
    assert.equal(row?.ticket_id, ticket.id);
    assert.equal((await messagesOf(await w.as(ALICE), ticket.id)).at(-1)?.body, 'Faster today.');
  });

  test('a sender of another client is held, and nothing is added to the ticket', async () => {
    const { ticket, replyTo } = await aliceTicket('Wi-Fi down');
    const before = await count('ticket_messages');
    const sent = await send({ from: FATIMA, to: replyTo, subject: 'Re: Wi-Fi', text: 'Ours is fine.' });
    const row = await inboundRow(sent.messageId);
    assert.equal(row?.status, 'held');
    assert.equal(row?.reason, holdReasons.notContact);
    assert.equal(row?.ticket_id, ticket.id);
    assert.equal(await count('ticket_messages'), before);
  });

  test('a forged reply address is held', async () => {
    const { ticket } = await aliceTicket('Forgery target');
    const forged = replyAddress('not-this-installation-secret-000000000', SUPPORT, ticket.id);
    const sent = await send({ from: ALICE, to: forged, subject: 'Re: x', text: 'Hello' });
    assert.equal((await inboundRow(sent.messageId))?.reason, holdReasons.forged);
  });

  test('an unknown sender is held for review: never dropped, never a ticket', async () => {
    const tickets = await count('tickets');
    const sent = await send({
      from: 'Stranger <stranger@elsewhere.example>',
      to: SUPPORT,
      subject: 'Buy our toner',
      text: 'Cheap toner!',
    });
    const row = await inboundRow(sent.messageId);
    assert.equal(row?.status, 'held');
    assert.equal(row?.reason, holdReasons.unknownSender);
    assert.equal(row?.from_address, 'stranger@elsewhere.example');
    assert.equal(row?.from_name, 'Stranger');
    assert.equal(await count('tickets'), tickets);
  });

  test('a known contact’s new email opens a ticket as that contact, and they get a receipt', async () => {
    const before = sink.received.length;
    const sent = await send({
      from: `Alice Moreau <${ALICE}>`,
      to: SUPPORT,
      subject: 'Laptop will not boot',
      text: 'The laptop shows a black screen.\n\n> not a quote to strip in a new ticket',
      attachments: [{ filename: 'screen.png', content: PNG_1PX }],
    });
    const row = await inboundRow(sent.messageId);
    assert.equal(row?.status, 'created');
    assert.ok(row?.ticket_id);
    const ticket = await ticketRow(w, row.ticket_id);
    assert.equal(ticket.subject, 'Laptop will not boot');
    assert.equal(ticket.source, 'email');
    assert.equal(ticket.client_id, w.acmeId);
    assert.equal(ticket.requester_contact_id, await w.contactId(ALICE));
    assert.match(ticket.description, /black screen/);
    assert.deepEqual(await attachmentNames(w, ticket.id), ['screen.png']);
    await w.t.services.jobs.drain();
    const receipt = sink.received.slice(before).find((m) => m.to.includes(ALICE));
    assert.ok(receipt);
    assert.match(receipt.subject, new RegExp(`\\[#${ticket.id}\\] Laptop will not boot`));
  });

  test('what Portico writes into an emailed ticket is in the sender’s language: the contact’s, else the client’s, else the organisation’s', async () => {
    const JURGEN = 'primary@rheinhafen.example'; // Rheinhafen's contacts read German (the client's language)
    const LENA = 'standard@rheinhafen.example';
    await w.t.db
      .updateTable('contacts')
      .set({ language: 'fr' })
      .where('id', '=', await w.contactId(LENA))
      .execute();
    const emailed = async (from: string) => {
      const sent = await send({ from, to: SUPPORT, subject: '', text: '' });
      const row = await inboundRow(sent.messageId);
      assert.equal(row?.status, 'created', from);
      assert.ok(row?.ticket_id);
      return ticketRow(w, row.ticket_id);
    };
    const german = await emailed(`Jürgen Weiß <${JURGEN}>`);
    assert.equal(german.subject, '(Kein Betreff)');
    assert.equal(german.description, '(Die E-Mail enthielt keinen Text.)');
    const french = await emailed(`Lena Vogel <${LENA}>`);
    assert.equal(french.subject, '(Sans objet)', 'Lena’s own language comes before her client’s');
    const english = await emailed(`Alice Moreau <${ALICE}>`);
    assert.equal(english.subject, '(No subject)', 'Acme has no language: the organisation’s');
    assert.equal(english.description, '(The email had no text.)');
    await w.t.services.jobs.drain(); // their receipts go now, not into a later test's
  });

  test('an address known at two clients is held as ambiguous', async () => {
    const shared = 'shared-it@consultant.example';
    for (const clientId of [w.acmeId, w.birchId]) {
      const res = await w.owner.post(`/api/v1/clients/${clientId}/contacts`, {
        name: 'Shared Consultant',
        email: shared,
        presets: ['standard'],
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const tickets = await count('tickets');
    const sent = await send({ from: shared, to: SUPPORT, subject: 'Help', text: 'Which client am I?' });
    assert.equal((await inboundRow(sent.messageId))?.reason, holdReasons.ambiguous(2));
    assert.equal(await count('tickets'), tickets);
  });

  test('a redelivered message is not added twice', async () => {
    const { ticket, replyTo } = await aliceTicket('Redelivery');
    const mail = {
      from: ALICE,
      to: replyTo,
      subject: 'Re: x',
      text: 'Only once, please.',
      messageId: '<same-message@acme.example>',
    };
    await send(mail);
    const inbound = await count('inbound_emails');
    const messages = await count('ticket_messages');
    await send(mail);
    await send(mail);
    assert.equal(await count('inbound_emails'), inbound);
    assert.equal(await count('ticket_messages'), messages);
    const bodies = (await messagesOf(await w.as(ALICE), ticket.id)).map((m) => m.body);
    assert.equal(bodies.filter((b) => b === 'Only once, please.').length, 1);
  });

  test('automatic replies and bounces are held and never answered', async () => {
    const { ticket, replyTo } = await aliceTicket('Out of office target');
    await w.t.services.jobs.drain();
    const mailsBefore = sink.received.length;
    const messages = await count('ticket_messages');
    const ooo = await send({
      from: ALICE,
      to: replyTo,
      subject: 'Automatic reply: out of office',
      text: 'I am away until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const bulk = await send({
      from: ALICE,
      to: SUPPORT,
      subject: 'Newsletter',
      text: 'News',
      headers: { Precedence: 'bulk' },
    });
    const bounce = await send({
      from: 'Mail Delivery System <MAILER-DAEMON@mx.acme.example>',
      to: replyTo,
      subject: 'Undelivered Mail Returned to Sender',
      text: 'This is the mail system.',
      envelope: { from: '', to: [replyTo] },
    });
    for (const sent of [ooo, bulk, bounce]) {
      const row = await inboundRow(sent.messageId);
      assert.equal(row?.status, 'held', sent.messageId);
      assert.ok(row?.reason);
    }
    assert.match(inEnglish((await inboundRow(ooo.messageId))?.reason), /Auto-Submitted/);
    assert.match(inEnglish((await inboundRow(bulk.messageId))?.reason), /Precedence: bulk/);
    assert.match(inEnglish((await inboundRow(bounce.messageId))?.reason), /Bounce|robot/);
    assert.equal(await count('ticket_messages'), messages);
    await w.t.services.jobs.drain();
    assert.equal(sink.received.length, mailsBefore, 'no email answers a robot');
    assert.equal(
      (
        await w.t.db
          .selectFrom('tickets')
          .select('status')
          .where('id', '=', ticket.id)
          .executeTakeFirstOrThrow()
      ).status,
      'new',
    );
  });

  test('a forged From is held, never a ticket in that contact’s name: unsigned, or signed by another domain', async () => {
    const tickets = await count('tickets');
    const unsigned = await send(
      {
        from: `Fatima Qureshi <${FATIMA}>`,
        to: SUPPORT,
        subject: 'Change our bank details',
        text: 'New IBAN.',
      },
      { dkim: null },
    );
    const row = await inboundRow(unsigned.messageId);
    assert.equal(row?.status, 'held');
    assert.equal(row?.sender_auth, 'fail');
    assert.match(
      inEnglish(row?.reason),
      /^The sender could not be authenticated, so this email may not come from primary@birchwood\.example/,
    );
    assert.match(
      inEnglish(row?.reason),
      /\. DMARC for birchwood\.example: fail \(policy reject\); DKIM: no signature; SPF: fail for birchwood\.example\.$/,
    );

    const otherDomain = await send(
      { from: FATIMA, to: SUPPORT, subject: 'Invoice', text: 'Pay this.' },
      { dkim: dns.dkim('attacker.example') },
    );
    const other = await inboundRow(otherDomain.messageId);
    assert.equal(other?.status, 'held');
    assert.match(inEnglish(other?.reason), /DKIM: pass for attacker\.example \(not the From domain\)/);
    assert.equal(await count('tickets'), tickets);

    // The same email signed by Birchwood's own key is authenticated and opens her ticket.
    const genuine = await send({ from: FATIMA, to: SUPPORT, subject: 'Printer jam', text: 'Jammed.' });
    const ok = await inboundRow(genuine.messageId);
    assert.equal(ok?.status, 'created');
    assert.equal(ok?.sender_auth, 'pass');
    assert.equal((await ticketRow(w, ok.ticket_id!)).client_id, w.birchId);
  });

  test('a reply to a valid signed reply address from an unauthenticated sender is held with its ticket', async () => {
    const { ticket, receipt, replyTo } = await aliceTicket('Signed address, forged sender');
    const before = await count('ticket_messages');
    const sent = await send(
      {
        from: `Alice Moreau <${ALICE}>`,
        to: replyTo,
        subject: `Re: ${receipt.subject}`,
        inReplyTo: receipt.messageId,
        text: 'Please close this and reset my password to hunter2.',
        envelope: { from: 'bounce@attacker.example', to: [replyTo] },
      },
      { dkim: null },
    );
    const row = await inboundRow(sent.messageId);
    assert.equal(row?.status, 'held');
    assert.equal(row?.ticket_id, ticket.id, 'the reviewer sees which ticket it answers');
    assert.match(inEnglish(row?.reason), /could not be authenticated/);
    assert.equal(await count('ticket_messages'), before, 'nothing was added in her name');
    assert.equal((await ticketRow(w, ticket.id)).status, 'new');
  });

  test('SPF: an unsigned email from a server the sender’s domain names is authenticated', async () => {
    const res = await w.owner.post(`/api/v1/clients/${w.acmeId}/contacts`, {
      name: 'Branch Office',
      email: 'office@branch.acme.example',
      presets: ['standard'],
    });
    assert.equal(res.statusCode, 201, res.body);
    const sent = await send(
      { from: 'office@branch.acme.example', to: SUPPORT, subject: 'Branch printer', text: 'Out of toner.' },
      { dkim: null },
    );
    const row = await inboundRow(sent.messageId);
    assert.equal(row?.status, 'created', row?.reason ?? '');
    const details = JSON.parse(row.sender_auth_details ?? '{}');
    assert.equal(details.method, 'smtp');
    assert.deepEqual(details.spf, { domain: 'branch.acme.example', result: 'pass', aligned: true });
    assert.ok(dns.lookups.includes('TXT branch.acme.example'), 'SPF was looked up for the envelope domain');
  });

  test('accept with a warning: the email goes through, and staff see the warning on the ticket and the email', async () => {
    const set = (value: string) => w.owner.patch('/api/v1/settings', { inboundUnauthenticated: value });
    assert.equal((await set('accept-with-warning')).statusCode, 200);
    try {
      const tech = await w.as(TECH);
      const forged = await send(
        { from: FATIMA, to: SUPPORT, subject: 'Urgent: new bank details', text: 'Use IBAN X.' },
        { dkim: null },
      );
      const row = await inboundRow(forged.messageId);
      assert.equal(row?.status, 'created');
      assert.equal(row?.reason, null);
      assert.equal(row?.sender_auth, 'fail');
      const ticketId = row.ticket_id!;
      const detail = (await tech.get(`/api/v1/tickets/${ticketId}`)).json() as TicketDetail;
      assert.equal(detail.unauthenticatedEmailId, row.id);
      const email = (await tech.get(`/api/v1/inbound-emails/${row.id}`)).json() as InboundEmailDetail;
      assert.equal(email.senderAuth?.verdict, 'fail');
      assert.equal(email.senderAuth?.method, 'smtp');
      assert.match(email.senderAuth?.summary ?? '', /DMARC for birchwood\.example: fail/);
      const fatima = await w.as(FATIMA);
      const hers = (await fatima.get(`/api/v1/tickets/${ticketId}`)).json() as TicketDetail;
      assert.equal(hers.unauthenticatedEmailId, null, 'a contact never sees the staff warning');

      // A reply to Alice's ticket from an unauthenticated sender: added, marked for staff only.
      const { ticket, replyTo } = await aliceTicket('Warning on a reply');
      const reply = await send(
        { from: ALICE, to: replyTo, subject: 'Re: x', text: 'Unsigned reply.' },
        { dkim: null },
      );
      const replyRow = await inboundRow(reply.messageId);
      assert.equal(replyRow?.status, 'added');
      const signed = await send({ from: ALICE, to: replyTo, subject: 'Re: x', text: 'Signed reply.' });
      assert.equal((await inboundRow(signed.messageId))?.sender_auth, 'pass');
      const staffView = (await tech.get(`/api/v1/tickets/${ticket.id}/messages`)).json() as {
        items: TicketMessage[];
      };
      const byBody = (body: string) => staffView.items.find((m) => m.body === body);
      assert.equal(byBody('Unsigned reply.')?.unauthenticatedEmailId, replyRow!.id);
      assert.equal(byBody('Signed reply.')?.unauthenticatedEmailId, null);
      const aliceView = await messagesOf(await w.as(ALICE), ticket.id);
      assert.ok(aliceView.every((m) => m.unauthenticatedEmailId === null));
      const plain = (await tech.get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail;
      assert.equal(plain.unauthenticatedEmailId, null, 'a ticket raised in the portal carries no warning');
    } finally {
      assert.equal((await set('hold')).statusCode, 200);
    }
  });

  test('the listener is not a relay and refuses oversized messages', async () => {
    await assert.rejects(
      send({ from: ALICE, to: 'someone@gmail.example', subject: 'relay', text: 'x' }),
      (e: Error & { responseCode?: number }) => e.responseCode === 550,
    );
    await assert.rejects(
      send({
        from: ALICE,
        to: SUPPORT,
        subject: 'big',
        text: 'x',
        attachments: [{ filename: 'big.bin', content: Buffer.alloc(1.2 * 1024 * 1024, 1) }],
      }),
      (e: Error & { responseCode?: number }) => e.responseCode === 552,
    );
  });
});
