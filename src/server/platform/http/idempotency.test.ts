/**
 * Idempotency-Key on the POST routes that create something (issue 12, point 4; decision 008), through
 * the real app on the test database (SQLite, or PostgreSQL with TEST_DATABASE_URL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { buildApp } from '../../app.ts';
import { noDns } from '../../test/dns.ts';
import {
  Client,
  createTestApp,
  createTestDatabase,
  errorOf,
  setUp,
  type TestApp,
} from '../../test/harness.ts';
import { beforeReady, hold } from '../../test/holds.ts';
import { routesFromTree } from '../../test/routes.ts';
import type { RoutePolicy } from '../actor.ts';
import { canonicalJson, IDEMPOTENCY_HEADER, type IdempotencyDeclaration } from './idempotency.ts';

const HOUR = 3_600_000;

let t: TestApp;
let owner: Client;
let contact: Client;
let colleague: Client;
let acmeId: number;

async function ticketsWithSubject(subject: string): Promise<number> {
  const row = await t.db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject', '=', subject)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function raise(who: Client, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return who.post('/api/v1/tickets', body, { headers });
}

const keyed = (key: string, more: Record<string, string> = {}) => ({ [IDEMPOTENCY_HEADER]: key, ...more });

describe('Idempotency-Key', () => {
  before(async () => {
    t = await createTestApp({ beforeReady });
    owner = await setUp(t, { demo: true });
    contact = new Client(t.app);
    await contact.login('primary@acme.example');
    colleague = new Client(t.app);
    await colleague.login('standard@acme.example');
    const acme = await t.db
      .selectFrom('clients')
      .select('id')
      .where('name', '=', 'Acme Manufacturing')
      .executeTakeFirstOrThrow();
    acmeId = acme.id;
  });
  after(() => t?.close());

  test('a replay returns the stored status and body, marked replayed, and creates nothing new', async () => {
    const subject = 'Replay: printer offline';
    const body = { subject, description: 'It shows an error.', priority: 'high' };
    const first = await raise(contact, body, keyed('replay-1'));
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    // The same request, its fields written in another order.
    const again = await raise(
      contact,
      { priority: 'high', description: 'It shows an error.', subject },
      keyed('replay-1'),
    );
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.match(String(again.headers['content-type']), /^application\/json/);
    assert.deepEqual(again.json(), first.json());
    assert.equal(await ticketsWithSubject(subject), 1);
    // Without a key, nothing is deduplicated: the header is the client's promise, not a guess.
    await raise(contact, body);
    assert.equal(await ticketsWithSubject(subject), 2);
  });

  test('the same key with a different request is 422 idempotency_key_reused, and creates nothing', async () => {
    const first = await raise(contact, { subject: 'Reuse: one', description: 'First.' }, keyed('reuse-1'));
    assert.equal(first.statusCode, 201, first.body);
    const other = await raise(contact, { subject: 'Reuse: two', description: 'First.' }, keyed('reuse-1'));
    assert.equal(other.statusCode, 422, other.body);
    assert.equal(errorOf(other).code, 'idempotency_key_reused');
    assert.equal(await ticketsWithSubject('Reuse: two'), 0);
    // Path parameters are part of the request: the key of a reply on one ticket is not another's.
    const ticketId = first.json().id as number;
    const second = await raise(contact, { subject: 'Reuse: three', description: 'x' });
    const reply = { body: 'More detail.' };
    const r1 = await contact.post(`/api/v1/tickets/${ticketId}/messages`, reply, {
      headers: keyed('reply-1'),
    });
    assert.equal(r1.statusCode, 201, r1.body);
    const r2 = await contact.post(`/api/v1/tickets/${second.json().id}/messages`, reply, {
      headers: keyed('reply-1'),
    });
    assert.equal(r2.statusCode, 422, r2.body);
  });

  test('a concurrent duplicate gets 409 idempotency_in_progress; exactly one ticket is made', async () => {
    const subject = 'Concurrent: VPN down';
    const body = { subject, description: 'Since this morning.' };
    const h = hold('concurrent');
    const firstPromise = raise(contact, body, keyed('concurrent-1', { 'x-test-hold': 'concurrent' }));
    await h.reached; // the first has claimed the key and is held before its handler runs
    const second = await raise(contact, body, keyed('concurrent-1'));
    assert.equal(second.statusCode, 409, second.body);
    assert.equal(errorOf(second).code, 'conflict');
    assert.equal(errorOf(second).reason, 'idempotency_in_progress');
    // Another person's same key is not held up by it.
    const others = await raise(colleague, body, keyed('concurrent-1'));
    assert.equal(others.statusCode, 201, others.body);
    h.release();
    const first = await firstPromise;
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(await ticketsWithSubject(subject), 2); // the contact's one and the colleague's one
    const third = await raise(contact, body, keyed('concurrent-1'));
    assert.equal(third.statusCode, 201);
    assert.equal(third.headers['idempotent-replayed'], 'true');
    assert.equal(third.json().id, first.json().id);
    assert.equal(await ticketsWithSubject(subject), 2);
  });

  test('two requests with one key sent at the same moment make one ticket', async () => {
    const subject = 'Simultaneous: email bounce';
    const body = { subject, description: 'All at once.' };
    const answers = await Promise.all([1, 2, 3].map(() => raise(contact, body, keyed('simultaneous-1'))));
    const statuses = answers.map((a) => a.statusCode).sort();
    assert.ok(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(','),
    );
    assert.equal(await ticketsWithSubject(subject), 1);
    const ids = new Set(answers.filter((a) => a.statusCode === 201).map((a) => a.json().id));
    assert.equal(ids.size, 1);
  });

  test("another person's same key is independent and never shows them the first answer", async () => {
    const subject = 'Independent: same key';
    const body = { subject, description: 'Identical body.' };
    const mine = await raise(contact, body, keyed('shared-key'));
    const theirs = await raise(colleague, body, keyed('shared-key'));
    assert.equal(mine.statusCode, 201);
    assert.equal(theirs.statusCode, 201);
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
    assert.notEqual(theirs.json().id, mine.json().id);
    // Staff too, with a body of their own under the same key.
    const staff = await raise(owner, { ...body, clientId: acmeId }, keyed('shared-key'));
    assert.equal(staff.statusCode, 201, staff.body);
    assert.equal(await ticketsWithSubject(subject), 3);
  });

  test('a request refused before it runs stores nothing; a corrected retry with the key runs', async () => {
    const invalid = await raise(contact, { subject: '', description: 'No subject.' }, keyed('fix-me'));
    assert.equal(invalid.statusCode, 400);
    assert.equal(errorOf(invalid).code, 'validation_failed');
    const fixed = await raise(
      contact,
      { subject: 'Fixed: subject', description: 'No subject.' },
      keyed('fix-me'),
    );
    assert.equal(fixed.statusCode, 201, fixed.body);
    assert.equal(fixed.headers['idempotent-replayed'], undefined);
    // Refused by the CSRF check: nothing stored either.
    const csrf = await contact.request('POST', '/api/v1/tickets', {
      body: { subject: 'CSRF: later', description: 'x' },
      headers: keyed('csrf-key'),
      csrf: false,
    });
    assert.equal(csrf.statusCode, 403);
    const ok = await raise(contact, { subject: 'CSRF: later', description: 'x' }, keyed('csrf-key'));
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('a refusal from a request that ran (404) is kept and replayed, as Stripe does', async () => {
    const first = await contact.post(
      '/api/v1/tickets/987654/messages',
      { body: 'Hello?' },
      { headers: keyed('gone') },
    );
    assert.equal(first.statusCode, 404, first.body);
    const again = await contact.post(
      '/api/v1/tickets/987654/messages',
      { body: 'Hello?' },
      { headers: keyed('gone') },
    );
    assert.equal(again.statusCode, 404);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(errorOf(again).code, 'not_found');
  });

  test('a server error releases the key, so the retry runs', async () => {
    const subject = 'Server error: retry';
    const body = { subject, description: 'x' };
    const failed = await raise(contact, body, keyed('five-hundred', { 'x-test-fail': '1' }));
    assert.equal(failed.statusCode, 500);
    assert.equal(await ticketsWithSubject(subject), 0);
    const retry = await raise(contact, body, keyed('five-hundred'));
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal(retry.headers['idempotent-replayed'], undefined);
    assert.equal(await ticketsWithSubject(subject), 1);
  });

  test('a malformed key is 400 naming the header, and stores nothing', async () => {
    const body = { subject: 'Bad key', description: 'x' };
    for (const bad of ['k'.repeat(256), 'tab\there', 'ü-not-ascii']) {
      const res = await contact.request('POST', '/api/v1/tickets', {
        body,
        headers: { [IDEMPOTENCY_HEADER]: bad },
      });
      assert.equal(res.statusCode, 400, `${JSON.stringify(bad)}: ${res.body}`);
      const error = errorOf(res);
      assert.equal(error.code, 'validation_failed');
      assert.ok(error.fields?.[IDEMPOTENCY_HEADER], JSON.stringify(error));
    }
    assert.equal(await ticketsWithSubject('Bad key'), 0);
    const longest = await raise(contact, body, keyed('k'.repeat(255)));
    assert.equal(longest.statusCode, 201, longest.body);
  });

  test('keys are kept at least 24 hours, then the sweep forgets them', async () => {
    const subject = 'Retention: a day';
    const body = { subject, description: 'x' };
    const first = await raise(contact, body, keyed('retention-1'));
    assert.equal(first.statusCode, 201);
    t.clock.advance(23 * HOUR + 59 * 60_000);
    await t.services.idempotency.purgeExpired();
    // A day later the session has lapsed; keys belong to the account, so a new sign-in still replays.
    const later1 = new Client(t.app);
    await later1.login('primary@acme.example');
    const within = await raise(later1, body, keyed('retention-1'));
    assert.equal(within.statusCode, 201, within.body);
    assert.equal(within.headers['idempotent-replayed'], 'true');
    assert.equal(await ticketsWithSubject(subject), 1);
    t.clock.advance(2 * 60_000);
    const purged = await t.services.idempotency.purgeExpired();
    assert.ok(purged >= 1, `purged ${purged}`);
    const left = await t.db
      .selectFrom('idempotency_keys')
      .select('idempotency_key')
      .where('idempotency_key', '=', 'retention-1')
      .execute();
    assert.deepEqual(left, []);
    const later = await raise(later1, body, keyed('retention-1'));
    assert.equal(later.statusCode, 201);
    assert.equal(later.headers['idempotent-replayed'], undefined);
    assert.equal(await ticketsWithSubject(subject), 2);
  });

  test('a claim left by a request that died is taken over after the lease by one retry', async () => {
    const subject = 'Takeover: the first request died';
    const body = { subject, description: 'Its process stopped after claiming the key.' };
    // Earlier tests moved the clock a day on: a fresh sign-in.
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    // The first request claims the key and never answers (it is held for good: the process died).
    const h = hold('died');
    void raise(contact, body, keyed('takeover-1', { 'x-test-hold': 'died' }));
    await h.reached;
    t.clock.advance(59_000);
    const early = await raise(contact, body, keyed('takeover-1'));
    assert.equal(early.statusCode, 409, 'within the lease (60 s) the claim holds');
    assert.equal(errorOf(early).reason, 'idempotency_in_progress');
    t.clock.advance(2_000);
    // Another request under the key does not take it over.
    const other = await raise(contact, { ...body, description: 'Else.' }, keyed('takeover-1'));
    assert.equal(other.statusCode, 422, other.body);
    // Three retries at once: the conditional update lets exactly one of them run.
    const retries = await Promise.all([1, 2, 3].map(() => raise(contact, body, keyed('takeover-1'))));
    const ran = retries.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined);
    assert.equal(ran.length, 1, retries.map((r) => `${r.statusCode} ${r.body}`).join('\n'));
    for (const r of retries) {
      assert.ok(r.statusCode === 409 || (r.statusCode === 201 && r.json().id === ran[0]?.json().id), r.body);
    }
    assert.equal(await ticketsWithSubject(subject), 1);
    const later = await raise(contact, body, keyed('takeover-1'));
    assert.equal(later.headers['idempotent-replayed'], 'true');
    assert.equal(later.json().id, ran[0]?.json().id);
    assert.equal(await ticketsWithSubject(subject), 1);
  });

  test('a request whose claim was taken over cannot store its answer or release the key', async () => {
    const engine = t.services.idempotency;
    const account = await t.db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', 'primary@acme.example')
      .executeTakeFirstOrThrow();
    const id = { scope: `account:${account.id}`, accountId: account.id, route: 'POST /api/v1/tickets' };
    const slow = { ...id, key: 'slow-json', token: 'slow' };
    assert.ok(await engine.store.claim(slow, 'h', t.clock().toISOString()));
    t.clock.advance(engine.leaseMs + 1);
    const taken = await engine.acquire({ ...id, key: 'slow-json' }, 'h');
    assert.ok('run' in taken);
    const answer = { status: 201, type: 'application/json', body: '{"slow":true}' };
    assert.equal(await engine.store.complete(slow, answer, t.clock().toISOString()), false);
    await engine.store.release(slow);
    const row = await t.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('idempotency_key', '=', 'slow-json')
      .executeTakeFirstOrThrow();
    assert.equal(row.claim_token, taken.run.token);
    assert.equal(row.response_status, null);
    assert.ok(
      await engine.store.complete(taken.run, { ...answer, body: '{"retry":true}' }, t.clock().toISOString()),
    );
  });

  test('canonical JSON ignores the order of keys, not the order of arrays', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }), '{"a":{"c":null,"d":[2,1]},"b":1}');
    assert.notEqual(canonicalJson({ a: [1, 2] }), canonicalJson({ a: [2, 1] }));
  });
});

describe('the route table', () => {
  interface Seen {
    idempotency?: IdempotencyDeclaration;
    policy?: RoutePolicy;
    schema: { response?: Record<string, unknown>; headers?: unknown };
  }
  let app: TestApp;
  let posts: { url: string; seen: Seen | undefined }[] = [];

  before(async () => {
    const seen = new Map<string, Seen>();
    app = await createTestApp({
      beforeReady: (a) =>
        a.addHook('onResponse', async (request: FastifyRequest) => {
          const o = request.routeOptions;
          if (!o.url) return;
          seen.set(`${request.method} ${o.url}`, {
            ...(o.config.idempotency ? { idempotency: o.config.idempotency } : {}),
            ...(o.config.policy ? { policy: o.config.policy } : {}),
            schema: (o.schema ?? {}) as Seen['schema'],
          });
        }),
    });
    const listed = routesFromTree(app.app.printRoutes({ commonPrefix: false })).filter(
      (r) => r.method === 'POST' && r.url.startsWith('/api/v1/'),
    );
    // One call each without a CSRF token reads the route's options back; it changes nothing.
    const anon = new Client(app.app);
    for (const r of listed) await anon.request('POST', r.url.replace(/:(\w+)/g, '1'), { csrf: false });
    posts = listed.map((r) => ({ url: r.url, seen: seen.get(`POST ${r.url}`) }));
  });
  after(() => app?.close());

  test('every POST that creates something (answers 201) takes Idempotency-Key, or says why not', () => {
    assert.ok(posts.length >= 40, `found ${posts.length} POST routes`);
    const creating = posts.filter(
      (p) => p.seen?.schema.response && Object.hasOwn(p.seen.schema.response, 201),
    );
    assert.ok(creating.length >= 15, `found ${creating.length} creating routes`);
    const undeclared = creating.filter((p) => !p.seen?.idempotency).map((p) => p.url);
    assert.deepEqual(undeclared, []);
    const notKeyed = creating
      .filter((p) => p.seen?.idempotency !== 'keyed' && p.seen?.idempotency !== 'keyed-streamed')
      .filter((p) => !(typeof p.seen?.idempotency === 'object' && 'keyed' in p.seen.idempotency))
      .map((p) => p.url)
      .sort();
    // No exceptions left (issue 12.4): a new one is a decision, not an accident.
    assert.deepEqual(notKeyed, []);
    const streamed = creating
      .filter((p) => p.seen?.idempotency === 'keyed-streamed')
      .map((p) => p.url)
      .sort();
    assert.deepEqual(streamed, [
      '/api/v1/contracts/:contractId/files',
      '/api/v1/tickets/:ticketId/attachments',
      '/api/v1/uploads',
    ]);
    const publicKeyed = creating
      .filter((p) => typeof p.seen?.idempotency === 'object' && 'keyed' in p.seen.idempotency)
      .map((p) => p.url)
      .sort();
    assert.deepEqual(publicKeyed, ['/api/v1/invite-links/join', '/api/v1/setup']);
  });

  test('creating POSTs that answer 200 take keys too', () => {
    const keyedUrls = new Set(posts.filter((p) => p.seen?.idempotency === 'keyed').map((p) => p.url));
    for (const url of [
      '/api/v1/clients/:clientId/contacts/import',
      '/api/v1/clients/:clientId/invitations',
      '/api/v1/inbound-emails/:inboundId/create-ticket',
      '/api/v1/tickets/:ticketId/watchers',
    ]) {
      assert.ok(keyedUrls.has(url), `${url} is not keyed`);
    }
  });

  test('every keyed route validates the header and documents 409 and 422; only declared ones are public', () => {
    const keyedRoutes = posts.filter(
      (p) => p.seen?.idempotency && !('notKeyed' in Object(p.seen.idempotency)),
    );
    assert.ok(keyedRoutes.length >= 19, `${keyedRoutes.length} keyed routes`);
    for (const p of keyedRoutes) {
      const headers = p.seen?.schema.headers;
      assert.ok(headers instanceof z.ZodObject, `${p.url} has no headers schema`);
      assert.ok(Object.hasOwn(headers.shape, IDEMPOTENCY_HEADER), `${p.url} does not take the key`);
      assert.ok(p.seen?.schema.response?.[409] && p.seen.schema.response[422], `${p.url}: 409/422`);
      // A public route's keys are scoped to what it acts on and the browser that sent it.
      assert.equal(
        p.seen?.policy?.auth === 'public',
        typeof p.seen?.idempotency === 'object',
        `${p.url}: public routes take { keyed: 'public', scope }, others do not`,
      );
    }
  });

  test('a new POST route answering 201 without a declaration stops the app from starting', async () => {
    const tdb = await createTestDatabase();
    try {
      const built = await buildApp({
        config: tdb.config,
        database: tdb.database,
        logger: false,
        dnsResolver: noDns,
      });
      try {
        await assert.rejects(async () => {
          built.app.post(
            '/api/v1/forgetful',
            {
              config: { policy: { auth: 'any' } },
              schema: { response: { 201: z.object({ id: z.number() }) } },
            },
            async () => ({ id: 1 }),
          );
          await built.app.ready();
        }, /creates something \(answers 201\) but declares no config\.idempotency/);
      } finally {
        await built.app.close();
      }
    } finally {
      await tdb.drop();
    }
  });
});
