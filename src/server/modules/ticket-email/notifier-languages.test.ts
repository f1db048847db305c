import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CapturedMail, startSmtpSink } from '../../test/smtp.ts';
import { createTicket, postMessage, type TicketsWorld, ticketsWorld } from '../tickets/test-helpers.ts';
import { ALICE, type Sink } from './test-support.ts';

const TECH = 'tech@portico.example';
const BIRCH = 'primary@birchwood.example';

describe('ticket emails in the recipient’s language', () => {
  let w: TicketsWorld;
  let sink: Sink;
  let seen = 0;

  async function newMail(): Promise<CapturedMail[]> {
    await w.t.services.jobs.drain();
    w.t.clock.advance(1000);
    const mails = sink.received.slice(seen);
    seen = sink.received.length;
    return mails;
  }
  const mailTo = (mails: CapturedMail[], address: string) => {
    const found = mails.filter((m) => m.to.includes(address));
    assert.equal(found.length, 1, `one email to ${address}`);
    return found[0]!;
  };

  before(async () => {
    sink = await startSmtpSink();
    w = await ticketsWorld({ env: { SMTP_URL: sink.url, LOGIN_MAX_PER_ACCOUNT: '1000' } });
    await newMail();
  });
  after(async () => {
    await w.t.close();
    await sink.close();
  });

  test('an Arabic contact’s ticket email is right-to-left, in Arabic; their own text keeps its direction', async () => {
    const alice = await w.as(ALICE);
    const set = await alice.request('PUT', '/api/v1/profile/locale', { body: { language: 'ar' } });
    assert.equal(set.statusCode, 200, set.body);
    await newMail();

    const ticket = await createTicket(alice, {
      subject: 'الطابعة HP لا تعمل',
      description: 'الطابعة في **الطابق 2** لا تطبع since Monday.',
    });
    const mails = await newMail();
    const receipt = mailTo(mails, ALICE);
    assert.match(receipt.html, /<html lang="ar" dir="rtl">/);
    assert.match(receipt.html, /<body dir="rtl"/);
    assert.match(receipt.text, /لقد استلمنا طلبك/);
    assert.match(receipt.text, /بأولوية/);
    assert.match(receipt.subject, new RegExp(`\\[#${ticket.id}\\] الطابعة HP لا تعمل$`));
    // The subject and the description are the person's own text: dir="auto" inside the Arabic email.
    assert.match(receipt.html, /<span dir="auto">الطابعة HP لا تعمل<\/span>/);
    assert.match(receipt.html, /<div class="markdown" dir="auto"[^>]*border-right/);
    assert.match(receipt.html, /<strong>الطابق 2<\/strong>/);

    // Staff keep their own language (the organisation's: English) for the same ticket.
    const notice = mailTo(mails, TECH);
    assert.match(notice.html, /<html lang="en" dir="ltr">/);
    assert.match(notice.text, /New ticket from Acme Manufacturing/);
    assert.match(notice.html, /<span dir="auto">الطابعة HP لا تعمل<\/span>/);

    // A staff reply: Arabic for Alice, with the author's name marked.
    const tech = await w.as(TECH);
    await postMessage(tech, ticket.id, { body: 'Please try **again**.', status: 'waiting-on-client' });
    const reply = mailTo(await newMail(), ALICE);
    assert.match(reply.html, /lang="ar" dir="rtl"/);
    assert.match(reply.text, /نحن بانتظار ردّك/);
    assert.match(reply.text, /الحالة: بانتظار العميل/);
  });

  test('a contact whose client speaks German gets German emails', async () => {
    const patched = await w.owner.patch(`/api/v1/clients/${w.birchId}`, { language: 'de' });
    assert.equal(patched.statusCode, 200, patched.body);
    const birch = await w.as(BIRCH);
    const ticket = await createTicket(birch, { subject: 'Drucker', description: 'Geht nicht.' });
    const receipt = mailTo(await newMail(), BIRCH);
    assert.match(receipt.html, /<html lang="de" dir="ltr">/);
    assert.match(receipt.text, /Wir haben Ihre Anfrage erhalten/);
    assert.match(
      receipt.text,
      new RegExp(`Ihre Anfrage ist das Ticket #${ticket.id} „Drucker“, Priorität Mittel`),
    );
    assert.match(receipt.text, /Falls die Schaltfläche|Ticket ansehen/);
  });
});
