import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { type ClamdStandIn, eicar, startClamdStandIn } from '../../test/clamd.ts';
import { OWNER } from '../../test/harness.ts';
import { startSmtpSink } from '../../test/smtp.ts';
import { gifWithScript, pngBomb, pngOf, pngWithHtml, zipBomb } from '../attachments/attachments.fixtures.ts';
import { attachmentNames, messagesOf, type TicketsWorld, ticketsWorld } from '../tickets/test-helpers.ts';
import { ALICE, inEnglish, type Sink, SUPPORT } from './test-support.ts';

/*
 * Files arriving by email pass the same content checks as uploads (issue 12, point 3): refused ones
 * are left out and listed in an internal note on the ticket; a virus scanner that cannot be reached
 * keeps the whole message from being applied (held for review) rather than keeping it unscanned.
 */
describe('inbound email attachments: the upload content checks', () => {
  let w: TicketsWorld;
  let sink: Sink;
  let clamd: ClamdStandIn;
  let port: number;
  let seq = 0;

  before(async () => {
    sink = await startSmtpSink();
    clamd = await startClamdStandIn();
    w = await ticketsWorld({
      env: { SMTP_URL: sink.url, MAIL_FROM: SUPPORT, INBOUND_SMTP_PORT: '0', CLAMD_URL: clamd.url },
    });
    // These messages are not signed: sender authentication (tested in sender-auth.test.ts) would hold
    // them before their files are looked at, so they are accepted with its warning here.
    const rule = await w.owner.patch('/api/v1/settings', { inboundUnauthenticated: 'accept-with-warning' });
    assert.equal(rule.statusCode, 200, rule.body);
    const started = await w.t.app.inboundMail.start();
    assert.ok(started.smtpPort);
    port = started.smtpPort;
  });
  after(async () => {
    await w.t.close();
    await sink.close();
    await clamd.close();
  });

  async function send(mail: Mail.Options) {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    try {
      return await transport.sendMail({ messageId: `<checks-${++seq}.${Date.now()}@mail.example>`, ...mail });
    } finally {
      transport.close();
    }
  }

  const inboundRow = (messageId: string) =>
    w.t.db.selectFrom('inbound_emails').selectAll().where('message_id', '=', messageId).executeTakeFirst();

  test('a new ticket by email keeps the sound file; the five refused ones are noted for staff only', async () => {
    const filesBefore = Number(
      (
        await w.t.db
          .selectFrom('ticket_attachments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const sent = await send({
      from: ALICE,
      to: SUPPORT,
      subject: 'Screens and logs',
      text: 'Files attached.',
      attachments: [
        { filename: 'screen.png', content: await pngOf(40, 30) },
        { filename: 'page.png', content: await pngWithHtml() },
        { filename: 'anim.gif', content: gifWithScript() },
        { filename: 'zeros.zip', content: await zipBomb(200) },
        { filename: 'huge.png', content: pngBomb(50_000, 50_000) },
        { filename: 'eicar.txt', content: eicar() },
      ],
    });
    const row = await inboundRow(sent.messageId);
    assert.equal(row?.status, 'created', row?.reason ?? '');
    const ticketId = row?.ticket_id as number;
    assert.deepEqual(await attachmentNames(w, ticketId), ['screen.png']);
    const rows = await w.t.db
      .selectFrom('ticket_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), filesBefore + 1, 'no row for a refused file');

    const staffView = await messagesOf(w.owner, ticketId);
    const note = staffView.find((m) => m.internal && m.authorKind === 'system');
    assert.ok(note, 'an internal note lists what was not kept');
    assert.match(note.body, /^Attachments of the email that were not kept:/);
    for (const expected of [
      /- page\.png: .*hidden after the image/,
      /- anim\.gif: .*cannot be read as a GIF image/,
      /- zeros\.zip: .*times its own size/,
      /- huge\.png: .*50,000 × 50,000 pixels/,
      /- eicar\.txt: .*virus scanner \(Eicar-Test-Signature\)/,
    ]) {
      assert.match(note.body, expected);
    }
    const contactView = await messagesOf(await w.as(ALICE), ticketId);
    assert.ok(!contactView.some((m) => m.body.includes('not kept')), 'the contact does not see the note');
    // The note is kept as a message: a reader who chose German reads it in German.
    await w.t.db.updateTable('accounts').set({ language: 'de' }).where('email', '=', OWNER.email).execute();
    try {
      const german = (await messagesOf(w.owner, ticketId)).find(
        (m) => m.internal && m.authorKind === 'system',
      );
      assert.match(german?.body ?? '', /^Anhänge der E-Mail, die nicht übernommen wurden:/);
      assert.match(
        german?.body ?? '',
        /- eicar\.txt: „eicar\.txt“ wurde vom Virenscanner abgelehnt \(Eicar-Test-Signature\)\./,
      );
      assert.match(german?.body ?? '', /- zeros\.zip: „zeros\.zip“ wird nicht angenommen: entpackt wäre es /);
    } finally {
      await w.t.db.updateTable('accounts').set({ language: null }).where('email', '=', OWNER.email).execute();
    }
  });

  test('while the scanner cannot be reached, a message with files is held for review, not applied without them', async () => {
    const ticketsBefore = await w.t.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    clamd.mode = 'hang-up';
    let sent: Awaited<ReturnType<typeof send>>;
    try {
      sent = await send({
        from: ALICE,
        to: SUPPORT,
        subject: 'Log file',
        text: 'See the log.',
        attachments: [{ filename: 'server.log', content: 'started\n' }],
      });
    } finally {
      clamd.mode = 'answer';
    }
    const row = await inboundRow(sent.messageId);
    assert.equal(row?.status, 'held');
    assert.match(inEnglish(row?.reason), /cannot be checked for viruses/);
    assert.equal(row?.ticket_id, null);
    const ticketsAfter = await w.t.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(ticketsAfter.n), Number(ticketsBefore.n), 'no ticket without its file');
  });
});
