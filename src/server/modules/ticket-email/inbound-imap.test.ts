import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { translate } from '../../../shared/i18n/i18n.ts';
import { DnsStandIn } from '../../test/dns.ts';
import { startSmtpSink } from '../../test/smtp.ts';
import { createTicket, messagesOf, type TicketsWorld, ticketsWorld } from '../tickets/test-helpers.ts';
import { replyAddress } from './addresses.ts';
import { holdReasons, type ReceiveOutcome } from './inbound.service.ts';
import { createImapPoller, type InboundSink, MAX_ATTEMPTS, parseImapUrl } from './receivers.ts';
import {
  ALICE,
  DOVECOT_MISSING,
  dovecotBinary,
  type ImapTestServer,
  inEnglish,
  PNG_1PX,
  rawEmail,
  type Sink,
  SUPPORT,
  signedEmail,
  startImapServer,
} from './test-support.ts';

const FATIMA = 'primary@birchwood.example';

const skip = dovecotBinary() ? false : DOVECOT_MISSING;

test('IMAP_URL is read into host, port, TLS, login and mailbox', () => {
  assert.deepEqual(
    parseImapUrl('imaps://help%40acme.example:p%40ss%2Fword@imap.acme.example/Support%20Inbox'),
    {
      host: 'imap.acme.example',
      port: 993,
      secure: true,
      user: 'help@acme.example',
      pass: 'p@ss/word',
      mailbox: 'Support Inbox',
    },
  );
  assert.deepEqual(parseImapUrl('imap://u:p@127.0.0.1:1143'), {
    host: '127.0.0.1',
    port: 1143,
    secure: false,
    user: 'u',
    pass: 'p',
    mailbox: 'INBOX',
  });
});

describe('inbound email by IMAP polling (a real Dovecot server)', { skip }, () => {
  let imap: ImapTestServer;
  let w: TicketsWorld;
  let sink: Sink;
  const dns = new DnsStandIn().dmarc('birchwood.example', 'reject');
  const acmeKey = dns.dkim('acme.example');

  before(async () => {
    const server = await startImapServer();
    assert.ok(server, 'dovecot starts');
    imap = server;
    sink = await startSmtpSink();
    w = await ticketsWorld({
      env: { SMTP_URL: sink.url, MAIL_FROM: SUPPORT, IMAP_URL: imap.url, IMAP_POLL_SECONDS: '3600' },
      app: { dnsResolver: dns.resolver },
    });
  });
  after(async () => {
    await w?.t.close();
    await sink?.close();
    await imap?.close();
  });

  const inboundRow = (messageId: string) =>
    w.t.db.selectFrom('inbound_emails').selectAll().where('message_id', '=', messageId).executeTakeFirst();

  test('replies, new tickets and strangers: processed once each, then marked seen', async () => {
    const poller = w.t.app.inboundMail.imap;
    assert.ok(poller, 'IMAP_URL configures the poller');
    const ticket = await createTicket(await w.as(ALICE), { subject: 'Printer offline' });
    const secret = w.t.services.secrets.sessionSecret;

    const reply = await signedEmail(
      {
        messageId: '<imap-reply-1@acme.example>',
        from: `Alice Moreau <${ALICE}>`,
        to: replyAddress(secret, SUPPORT, ticket.id),
        subject: `Re: [#${ticket.id}] Printer offline`,
        text: 'Fixed by itself.\n\n-----Original Message-----\nFrom: Test IT\nSent: Monday\n\nWe have received your request',
        attachments: [{ filename: 'proof.png', content: PNG_1PX }],
      },
      acmeKey,
    );
    const fresh = await signedEmail(
      {
        messageId: '<imap-new-1@acme.example>',
        from: ALICE,
        to: SUPPORT,
        subject: 'Projector bulb',
        text: 'The projector bulb is dead.',
      },
      acmeKey,
    );
    const stranger = await rawEmail({
      messageId: '<imap-stranger-1@elsewhere.example>',
      from: 'someone@elsewhere.example',
      to: SUPPORT,
      subject: 'Hello',
      text: 'Who are you?',
    });
    const autoReply = await rawEmail({
      messageId: '<imap-ooo-1@acme.example>',
      from: ALICE,
      to: replyAddress(secret, SUPPORT, ticket.id),
      subject: 'Out of office',
      text: 'Away.',
      headers: { 'X-Autoreply': 'yes' },
    });
    for (const raw of [reply, fresh, stranger, autoReply]) await imap.append(raw);

    const result = await poller.pollOnce();
    assert.deepEqual(result, { processed: 4, failed: 0, held: 2 });

    const replyRow = await inboundRow('<imap-reply-1@acme.example>');
    assert.equal(replyRow?.status, 'added');
    assert.equal(replyRow?.received_via, 'imap');
    const last = (await messagesOf(await w.as(ALICE), ticket.id)).at(-1)!;
    assert.equal(last.body, 'Fixed by itself.');
    assert.equal(last.authorName, 'Alice Moreau');
    assert.deepEqual(
      last.attachments.map((a) => a.filename),
      ['proof.png'],
    );

    const freshRow = await inboundRow('<imap-new-1@acme.example>');
    assert.equal(freshRow?.status, 'created');
    const created = await w.t.db
      .selectFrom('tickets')
      .select(['subject', 'requester_contact_id', 'source'])
      .where('id', '=', freshRow!.ticket_id!)
      .executeTakeFirstOrThrow();
    assert.deepEqual(created, {
      subject: 'Projector bulb',
      requester_contact_id: await w.contactId(ALICE),
      source: 'email',
    });
    assert.equal(
      (await inboundRow('<imap-stranger-1@elsewhere.example>'))?.reason,
      holdReasons.unknownSender,
    );
    assert.match(inEnglish((await inboundRow('<imap-ooo-1@acme.example>'))?.reason), /X-Autoreply/);

    const flags = await imap.flags();
    for (const id of [
      '<imap-reply-1@acme.example>',
      '<imap-new-1@acme.example>',
      '<imap-stranger-1@elsewhere.example>',
    ]) {
      assert.ok(flags.get(id)?.has('\\Seen'), `${id} is marked seen`);
    }

    // The same message delivered again (a new copy in the mailbox) is not added twice.
    const messages = (await messagesOf(await w.as(ALICE), ticket.id)).length;
    await imap.append(reply);
    assert.deepEqual(await poller.pollOnce(), { processed: 1, failed: 0, held: 0 });
    assert.equal((await messagesOf(await w.as(ALICE), ticket.id)).length, messages);
    const rows = await w.t.db
      .selectFrom('inbound_emails')
      .select('id')
      .where('message_id', '=', '<imap-reply-1@acme.example>')
      .execute();
    assert.equal(rows.length, 1);
    assert.deepEqual(await poller.pollOnce(), { processed: 0, failed: 0, held: 0 }, 'nothing unseen is left');
  });

  test('senders: a trusted receiving server’s Authentication-Results decide; without one, DKIM is checked', async () => {
    const poller = w.t.app.inboundMail.imap!;
    const set = (list: string[]) => w.owner.patch('/api/v1/settings', { inboundTrustedServers: list });
    assert.equal((await set(['MX.Support.example'])).statusCode, 200);
    try {
      const mail = (id: string, from: string, subject: string) => ({
        messageId: `<${id}@mail.example>`,
        from,
        to: SUPPORT,
        subject,
        text: `${subject}.`,
      });
      const withHeaders = async (headers: string[], raw: Buffer) =>
        Buffer.concat([Buffer.from(headers.map((h) => `${h}\r\n`).join('')), raw]);
      const delivery =
        'Received: from mx.support.example by imap.support.example; Mon, 2 Mar 2026 09:00:00 +0000';
      // Unsigned, but the trusted server says DMARC passed (it saw the original, e.g. before a forwarder).
      const vouched = await withHeaders(
        [
          delivery,
          'Authentication-Results: mx.support.example; dkim=pass header.d=acme.example; spf=pass smtp.mailfrom=it@acme.example; dmarc=pass (p=none) header.from=acme.example',
        ],
        await rawEmail(mail('imap-vouched', ALICE, 'Monitor flickers')),
      );
      // The trusted server says DMARC failed; the pass below it was written by the sender.
      const refuted = await withHeaders(
        [
          'Authentication-Results: mx.support.example; dkim=none; spf=fail smtp.mailfrom=x@attacker.example; dmarc=fail header.from=birchwood.example',
          delivery,
        ],
        await rawEmail({
          ...mail('imap-refuted', FATIMA, 'New bank details'),
          headers: {
            'Authentication-Results': 'mx.support.example; dmarc=pass header.from=birchwood.example',
          },
        }),
      );
      // A header from a server nobody trusts is not read: DKIM is checked, and there is none.
      const untrusted = await withHeaders(
        ['Authentication-Results: mx.attacker.example; dmarc=pass header.from=birchwood.example'],
        await rawEmail(mail('imap-untrusted', FATIMA, 'Wire transfer')),
      );
      // No header at all: DKIM is checked, and Acme's signature passes.
      const signed = await signedEmail(mail('imap-signed', ALICE, 'Keyboard sticky'), acmeKey);
      for (const raw of [vouched, refuted, untrusted, signed]) await imap.append(raw);
      assert.deepEqual(await poller.pollOnce(), { processed: 4, failed: 0, held: 2 });

      const row = async (id: string) => {
        const r = await inboundRow(`<${id}@mail.example>`);
        return { status: r?.status, details: JSON.parse(r?.sender_auth_details ?? 'null') };
      };
      const a = await row('imap-vouched');
      assert.equal(a.status, 'created');
      assert.equal(a.details.method, 'header');
      assert.equal(a.details.authservId, 'mx.support.example');
      const b = await row('imap-refuted');
      assert.equal(b.status, 'held');
      assert.equal(b.details.dmarc, 'fail');
      const c = await row('imap-untrusted');
      assert.equal(c.status, 'held');
      assert.equal(c.details.method, 'dkim');
      assert.match(translate('en', c.details.summary), /SPF: not checked \(mail collected over IMAP\)/);
      const d = await row('imap-signed');
      assert.equal(d.status, 'created');
      assert.equal(d.details.method, 'dkim');
      assert.equal(d.details.verdict, 'pass');
    } finally {
      assert.equal((await set([])).statusCode, 200);
    }
  });

  test('a message that keeps failing stays unseen, is retried, and is held after the last attempt; others go on', async () => {
    const calls: string[] = [];
    const held: { reason: string; raw: boolean }[] = [];
    const outcome: ReceiveOutcome = { status: 'added', inboundId: 1, ticketId: 1, reason: null };
    const sink: InboundSink = {
      async receive(raw) {
        const text = raw.toString('utf8');
        const id = /Message-ID: (<[^>]+>)/i.exec(text)?.[1] ?? '?';
        calls.push(id);
        if (id.includes('poison')) throw new Error('database is having a bad day');
        return outcome;
      },
      async holdUnprocessable(input) {
        held.push({ reason: input.reason, raw: input.raw !== null });
        return { ...outcome, status: 'held', reason: input.reason };
      },
    };
    const poller = createImapPoller({ url: imap.url, pollSeconds: 3600, maxBytes: 1024 * 1024, sink });
    await imap.append(
      await rawEmail({ messageId: '<poison@x.example>', from: ALICE, to: SUPPORT, text: 'bad' }),
    );
    await imap.append(
      await rawEmail({ messageId: '<good@x.example>', from: ALICE, to: SUPPORT, text: 'good' }),
    );

    const first = await poller.pollOnce();
    assert.deepEqual(first, { processed: 1, failed: 1, held: 0 });
    let flags = await imap.flags();
    assert.equal(flags.get('<poison@x.example>')?.has('\\Seen'), false, 'left unseen to be retried');
    assert.equal(flags.get('<good@x.example>')?.has('\\Seen'), true, 'the next message was not blocked');

    for (let attempt = 2; attempt < MAX_ATTEMPTS; attempt++) {
      assert.deepEqual(await poller.pollOnce(), { processed: 0, failed: 1, held: 0 });
    }
    assert.deepEqual(await poller.pollOnce(), { processed: 1, failed: 1, held: 1 });
    assert.equal(held.length, 1);
    assert.equal(held[0]!.reason, holdReasons.failed(MAX_ATTEMPTS, 'database is having a bad day'));
    assert.equal(held[0]!.raw, true);
    flags = await imap.flags();
    assert.equal(flags.get('<poison@x.example>')?.has('\\Seen'), true);
    assert.equal(calls.filter((c) => c === '<poison@x.example>').length, MAX_ATTEMPTS);
    assert.equal(calls.filter((c) => c === '<good@x.example>').length, 1);
    assert.deepEqual(await poller.pollOnce(), { processed: 0, failed: 0, held: 0 });
  });

  test('a message above the size limit is held without being downloaded', async () => {
    const received: string[] = [];
    const held: string[] = [];
    const sink: InboundSink = {
      async receive() {
        received.push('x');
        return { status: 'added', inboundId: 1, ticketId: 1, reason: null };
      },
      async holdUnprocessable(input) {
        held.push(
          `${input.messageId} ${input.from?.address} ${input.raw === null} ${inEnglish(input.reason)}`,
        );
        return { status: 'held', inboundId: 2, ticketId: null, reason: input.reason };
      },
    };
    const poller = createImapPoller({ url: imap.url, pollSeconds: 3600, maxBytes: 2048, sink });
    await imap.append(
      await rawEmail({
        messageId: '<huge@x.example>',
        from: ALICE,
        to: SUPPORT,
        subject: 'Huge',
        text: 'x'.repeat(10_000),
      }),
    );
    assert.deepEqual(await poller.pollOnce(), { processed: 1, failed: 0, held: 1 });
    assert.equal(received.length, 0);
    assert.equal(held.length, 1);
    assert.match(held[0]!, /^<huge@x\.example> primary@acme\.example true The email is too large/);
  });

  test('the app holds what it cannot process, keeping the raw message', async () => {
    const outcome = await w.t.app.inboundMail.service.holdUnprocessable({
      via: 'imap',
      raw: await rawEmail({
        messageId: '<stuck@acme.example>',
        from: ALICE,
        to: SUPPORT,
        subject: 'Stuck',
        text: 'x',
      }),
      messageId: null,
      from: null,
      subject: null,
      reason: holdReasons.failed(3, 'boom'),
    });
    assert.equal(outcome.status, 'held');
    const row = await inboundRow('<stuck@acme.example>');
    assert.equal(row?.status, 'held');
    assert.equal(row?.subject, 'Stuck');
    assert.equal(row?.from_address, ALICE);
    assert.ok(row?.raw_key);
  });
});
