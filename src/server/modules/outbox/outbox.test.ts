import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, errorOf, OWNER, setUp, type TestApp } from '../../test/harness.ts';
import { startSmtpSink } from '../../test/smtp.ts';
import { statusText } from './outbox.service.ts';

interface Summary {
  id: number;
  to: string;
  toName: string | null;
  subject: string;
  status: string;
  statusText: string;
  attempts: number;
  lastError: string | null;
  client: { id: number; name: string | null } | null;
  createdAt: string;
  sentAt: string | null;
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
}

async function queue(t: TestApp, to: string, subject: string, clientId: number | null = null) {
  await t.db.transaction().execute(async (trx) => {
    await t.services.deps.email.send(
      trx,
      { email: to, name: to.split('@')[0] ?? null },
      {
        subject,
        heading: subject,
        paragraphs: ['Hello <b>there</b>', 'Second paragraph'],
        action: { label: 'Open', url: t.services.deps.email.link('/portal/') },
      },
      { clientId },
    );
  });
  t.clock.advance(1000);
}

describe('email outbox (no SMTP configured)', () => {
  let t: TestApp;
  let owner: Client;
  let acmeId: number;

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    await owner.login(OWNER.email, OWNER.password);
    acmeId = (
      await t.db
        .selectFrom('clients')
        .select('id')
        .where('name', '=', 'Acme Manufacturing')
        .executeTakeFirstOrThrow()
    ).id;
    await queue(t, 'alice@acme.example', 'Welcome to the portal', acmeId);
    await queue(t, 'ben@acme.example', 'Reset your password', acmeId);
    await queue(t, 'fatima@birchwood.example', 'Your invitation');
    await t.services.jobs.drain();
    await queue(t, 'late@acme.example', 'Still queued');
  });
  after(() => t.close());

  test('401 without a session; 403 for staff without outbox:view and for contacts', async () => {
    assert.equal((await new Client(t.app).get('/api/v1/outbox')).statusCode, 401);
    assert.equal((await new Client(t.app).get('/api/v1/outbox/1')).statusCode, 401);
    const tech = new Client(t.app);
    await tech.login('tech@portico.example');
    assert.equal((await tech.get('/api/v1/outbox')).statusCode, 403);
    assert.equal((await tech.get('/api/v1/outbox/1')).statusCode, 403);
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    assert.equal((await contact.get('/api/v1/outbox')).statusCode, 403);
  });

  test('400 for bad input, 404 for an email that does not exist', async () => {
    for (const [url, field] of [
      ['/api/v1/outbox?limit=0', 'limit'],
      ['/api/v1/outbox?status=sent', 'status'],
      ['/api/v1/outbox?cursor=zzz', 'cursor'],
      ['/api/v1/outbox/abc', 'id'],
    ] as const) {
      const res = await owner.get(url);
      assert.equal(res.statusCode, 400, url);
      assert.ok(errorOf(res).fields?.[field], `${url}: ${res.body}`);
    }
    const missing = await owner.get('/api/v1/outbox/999999');
    assert.equal(missing.statusCode, 404);
    assert.equal(errorOf(missing).code, 'not_found');
  });

  test('the owner lists email newest first, with the status in words', async () => {
    const res = await owner.get('/api/v1/outbox');
    assert.equal(res.statusCode, 200);
    const page = res.json() as Page;
    assert.deepEqual(
      page.items.map((i) => i.subject),
      ['Still queued', 'Your invitation', 'Reset your password', 'Welcome to the portal'].map(
        (s) => `[Test IT] ${s}`,
      ),
    );
    const [queued, kept] = page.items;
    assert.equal(queued?.status, 'queued');
    assert.equal(queued?.statusText, 'Queued: waiting to be sent');
    assert.equal(kept?.status, 'outbox');
    assert.match(kept?.statusText ?? '', /Kept in the outbox: no SMTP server is configured/);
    const welcome = page.items.at(-1);
    assert.deepEqual(welcome?.client, { id: acmeId, name: 'Acme Manufacturing' });
    assert.ok(welcome?.sentAt);
    assert.equal(
      (welcome as unknown as Record<string, unknown>).html,
      undefined,
      'the list carries no bodies',
    );
  });

  test('the status sentence is in the reader’s language (Accept-Language); the status code is not', async () => {
    const page = (await owner.get('/api/v1/outbox', { 'accept-language': 'de' })).json() as Page;
    const [queued, kept] = page.items;
    assert.equal(queued?.status, 'queued');
    assert.equal(queued?.statusText, 'In der Warteschlange: wartet auf den Versand');
    assert.equal(kept?.status, 'outbox');
    assert.match(
      kept?.statusText ?? '',
      /^Im Postausgang zurückgehalten: Es ist kein SMTP-Server eingerichtet/,
    );
    const one = (
      await owner.get(`/api/v1/outbox/${kept?.id}`, { 'accept-language': 'pl' })
    ).json() as Summary;
    assert.match(one.statusText, /^Zatrzymano w skrzynce nadawczej/);
  });

  test('filter by recipient: part of the address or name, any case; % is literal', async () => {
    const acme = (await owner.get('/api/v1/outbox?to=ACME.example')).json() as Page;
    assert.equal(acme.items.length, 3);
    const ben = (await owner.get('/api/v1/outbox?to=ben')).json() as Page;
    assert.deepEqual(
      ben.items.map((i) => i.to),
      ['ben@acme.example'],
    );
    const pct = (await owner.get('/api/v1/outbox?to=%25')).json() as Page;
    assert.deepEqual(pct.items, []);
  });

  test('keyset pagination', async () => {
    const first = (await owner.get('/api/v1/outbox?limit=3')).json() as Page;
    assert.equal(first.items.length, 3);
    assert.ok(first.nextCursor);
    const second = (await owner.get(`/api/v1/outbox?limit=3&cursor=${first.nextCursor}`)).json() as Page;
    assert.equal(second.items.length, 1);
    assert.equal(second.nextCursor, null);
    assert.equal(new Set([...first.items, ...second.items].map((i) => i.id)).size, 4);
  });

  test('one email: subject, recipient, status, text and HTML', async () => {
    const list = (await owner.get('/api/v1/outbox?to=alice')).json() as Page;
    const res = await owner.get(`/api/v1/outbox/${list.items[0]?.id}`);
    assert.equal(res.statusCode, 200);
    const email = res.json() as Summary & { text: string; html: string };
    assert.equal(email.to, 'alice@acme.example');
    assert.equal(email.subject, '[Test IT] Welcome to the portal');
    assert.match(email.text, /Hello <b>there<\/b>/, 'the text part is text');
    assert.match(email.html, /Hello &lt;b&gt;there&lt;\/b&gt;/, 'the HTML part escapes what it was given');
    assert.match(email.text, /\/portal\//);
  });
});

describe('email outbox with SMTP: sent, retrying and failed in words', () => {
  test('statuses from a real SMTP listener', async () => {
    const sink = await startSmtpSink({ failFirst: 1 });
    const t = await createTestApp({ env: { SMTP_URL: sink.url } });
    try {
      const owner = await setUp(t);
      await owner.login(OWNER.email, OWNER.password);
      await queue(t, 'one@example.com', 'First');
      await t.services.jobs.drain();
      let page = (await owner.get('/api/v1/outbox')).json() as Page;
      assert.equal(page.items[0]?.status, 'queued');
      assert.match(page.items[0]?.statusText ?? '', /^Queued, will retry: attempt 1 failed \(.*Mailbox busy/);
      t.clock.advance(10 * 60_000);
      await t.services.jobs.drain();
      await sink.waitFor(1);
      page = (await owner.get('/api/v1/outbox')).json() as Page;
      assert.equal(page.items[0]?.status, 'sent');
      assert.equal(page.items[0]?.statusText, 'Sent');
    } finally {
      await t.close();
      await sink.close();
    }
  });

  test('a failed email says why', () => {
    assert.equal(
      statusText({ status: 'failed', attempts: 10, last_error: 'Connection refused' }),
      'Failed: Connection refused',
    );
    assert.equal(statusText({ status: 'failed', attempts: 10, last_error: null }), 'Failed');
    assert.equal(
      statusText({ status: 'queued', attempts: 2, last_error: '451 Mailbox busy' }, 'fr'),
      'En file d’attente, nouvel essai prévu : la tentative 2 a échoué (451 Mailbox busy)',
    );
    assert.equal(
      statusText({ status: 'failed', attempts: 10, last_error: 'Connection refused' }, 'ar'),
      'فشل: Connection refused',
    );
  });
});
