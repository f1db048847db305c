/**
 * Idempotency-Key on the two public creating routes, first-run setup and joining by an invite link
 * (issue 12, point 4; decision 008). Their keys are scoped to what they act on (setup, the invite link)
 * and to the anonymous browser that sent them (the CSRF token it holds), so one caller never replays
 * another's answer, which carries a CSRF token and a new person's details. On the test database
 * (SQLite, or PostgreSQL with TEST_DATABASE_URL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Client, createTestApp, errorOf, OWNER, type TestApp } from '../../test/harness.ts';
import { beforeReady, hold } from '../../test/holds.ts';
import { IDEMPOTENCY_HEADER } from './idempotency.ts';

const PASSWORD = 'a long enough passphrase';

/** A browser that sent a request and never got its answer: it still holds the cookies it had before. */
function answerLost(before: Map<string, string>, app: FastifyInstance): Client {
  const c = new Client(app);
  for (const [k, v] of before) c.cookies.set(k, v);
  return c;
}

/** A browser ready to send its first state-changing request (it has its anonymous CSRF cookie). */
async function browser(app: FastifyInstance): Promise<Client> {
  const c = new Client(app);
  await c.get('/api/v1/auth/csrf');
  return c;
}

const keyed = (key: string, more: Record<string, string> = {}) => ({
  headers: { [IDEMPOTENCY_HEADER]: key, ...more },
});

function sessionCookieSet(res: LightMyRequestResponse): boolean {
  return (res.cookies as { name: string; value: string }[]).some(
    (c) => c.name.endsWith('portico_session') && c.value !== '',
  );
}

describe('Idempotency-Key on first-run setup', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ beforeReady });
  });
  after(() => t?.close());

  const body = {
    organisationName: 'Keyed IT',
    ownerName: OWNER.name,
    ownerEmail: OWNER.email,
    ownerPassword: OWNER.password,
    loadDemo: false,
  };
  const owners = async () =>
    Number(
      (
        await t.db
          .selectFrom('accounts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('email', '=', OWNER.email)
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('in progress, replayed to the same browser only, 422 on another body; one organisation', async () => {
    const a = await browser(t.app);
    const beforeAnswer = new Map(a.cookies);
    // A duplicate while the first is running is 409.
    const h = hold('setup');
    const firstPromise = a.post('/api/v1/setup', body, keyed('setup-1', { 'x-test-hold': 'setup' }));
    await h.reached;
    const duplicate = await answerLost(beforeAnswer, t.app).post('/api/v1/setup', body, keyed('setup-1'));
    assert.equal(duplicate.statusCode, 409, duplicate.body);
    assert.equal(errorOf(duplicate).reason, 'idempotency_in_progress');
    h.release();
    const first = await firstPromise;
    assert.equal(first.statusCode, 201, first.body);
    assert.ok(sessionCookieSet(first));

    // The answer was lost: the same browser retries with the same key and gets it again.
    const retry = answerLost(beforeAnswer, t.app);
    const again = await retry.post('/api/v1/setup', body, keyed('setup-1'));
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    // A replay carries no cookie: the session is not given out again, the person signs in.
    assert.equal(sessionCookieSet(again), false);
    assert.equal(await owners(), 1);

    // The same browser and key with another body: 422.
    const changed = await answerLost(beforeAnswer, t.app).post(
      '/api/v1/setup',
      { ...body, organisationName: 'Other IT' },
      keyed('setup-1'),
    );
    assert.equal(changed.statusCode, 422, changed.body);
    assert.equal(errorOf(changed).code, 'idempotency_key_reused');

    // Another browser with the same key and the same body runs as its own request (already set up)
    // and never sees the first answer, its CSRF token or the owner's details.
    const b = await browser(t.app);
    const other = await b.post('/api/v1/setup', body, keyed('setup-1'));
    assert.equal(other.statusCode, 409, other.body);
    assert.equal(errorOf(other).code, 'already_set_up');
    assert.equal(other.headers['idempotent-replayed'], undefined);
    assert.ok(!other.body.includes(first.json().csrfToken));
    assert.equal(await owners(), 1);

    // The stored fingerprint is keyed (HMAC): no fast hash of a body carrying the password.
    const rows = await t.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('route', '=', 'POST /api/v1/setup')
      .execute();
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.account_id, null);
      assert.match(row.scope, /^setup:caller:[0-9a-f]{32}$/);
      assert.ok(!row.response_body?.includes(OWNER.password));
    }
    assert.notEqual(rows[0]?.scope, rows[1]?.scope, 'each browser has a scope of its own');
  });
});

describe('Idempotency-Key on joining by an invite link', () => {
  let t: TestApp;
  let token: string;
  let otherToken: string;

  before(async () => {
    t = await createTestApp({ beforeReady });
    const owner = new Client(t.app);
    const setup = await owner.post('/api/v1/setup', {
      organisationName: 'Join IT',
      ownerName: OWNER.name,
      ownerEmail: OWNER.email,
      ownerPassword: OWNER.password,
      loadDemo: true,
    });
    assert.equal(setup.statusCode, 201, setup.body);
    const acme = await t.db
      .selectFrom('clients')
      .select('id')
      .where('name', '=', 'Acme Manufacturing')
      .executeTakeFirstOrThrow();
    const link = async () => {
      const res = await owner.post(`/api/v1/clients/${acme.id}/invite-links`, {});
      assert.equal(res.statusCode, 201, res.body);
      return new URL(res.json().url).searchParams.get('token') as string;
    };
    token = await link();
    otherToken = await link();
  });
  after(() => t?.close());

  const accountsWith = async (email: string) =>
    Number(
      (
        await t.db
          .selectFrom('accounts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('a lost answer is replayed to the same browser; one account; another browser never sees it', async () => {
    const join = { token, name: 'Nora Newcomer', email: 'nora@join.example', password: PASSWORD };
    const a = await browser(t.app);
    const beforeAnswer = new Map(a.cookies);
    const first = await a.post('/api/v1/invite-links/join', join, keyed('join-1'));
    assert.equal(first.statusCode, 201, first.body);

    const again = await answerLost(beforeAnswer, t.app).post(
      '/api/v1/invite-links/join',
      join,
      keyed('join-1'),
    );
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    assert.equal(sessionCookieSet(again), false);
    assert.equal(await accountsWith('nora@join.example'), 1);

    // Another browser, same link, same key and body: its own request (the email is taken by now).
    const other = await (await browser(t.app)).post('/api/v1/invite-links/join', join, keyed('join-1'));
    assert.equal(other.statusCode, 409, other.body);
    assert.equal(other.headers['idempotent-replayed'], undefined);
    assert.ok(!other.body.includes(first.json().csrfToken));
    assert.equal(await accountsWith('nora@join.example'), 1);

    // The same browser and key with another body (another password) is 422, not the first answer.
    const changed = await answerLost(beforeAnswer, t.app).post(
      '/api/v1/invite-links/join',
      { ...join, password: `${PASSWORD}!` },
      keyed('join-1'),
    );
    assert.equal(changed.statusCode, 422, changed.body);
    assert.equal(errorOf(changed).code, 'idempotency_key_reused');
    // Keys are scoped by the link too: the same browser and key on another link is another request.
    const otherLink = await answerLost(beforeAnswer, t.app).post(
      '/api/v1/invite-links/join',
      { ...join, token: otherToken, email: 'nora2@join.example' },
      keyed('join-1'),
    );
    assert.equal(otherLink.statusCode, 201, otherLink.body);
    assert.equal(otherLink.headers['idempotent-replayed'], undefined);
  });

  test('a duplicate while the first join runs is 409; duplicates at once make one account', async () => {
    const join = { token, name: 'Otto Once', email: 'otto@join.example', password: PASSWORD };
    const a = await browser(t.app);
    const beforeAnswer = new Map(a.cookies);
    const h = hold('join');
    const firstPromise = a.post(
      '/api/v1/invite-links/join',
      join,
      keyed('join-2', { 'x-test-hold': 'join' }),
    );
    await h.reached;
    const duplicate = await answerLost(beforeAnswer, t.app).post(
      '/api/v1/invite-links/join',
      join,
      keyed('join-2'),
    );
    assert.equal(duplicate.statusCode, 409, duplicate.body);
    assert.equal(errorOf(duplicate).reason, 'idempotency_in_progress');
    h.release();
    assert.equal((await firstPromise).statusCode, 201);
    assert.equal(await accountsWith('otto@join.example'), 1);

    const many = { token, name: 'Mia Many', email: 'mia@join.example', password: PASSWORD };
    const b = await browser(t.app);
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        answerLost(new Map(b.cookies), t.app).post('/api/v1/invite-links/join', many, keyed('join-3')),
      ),
    );
    for (const res of answers) assert.ok(res.statusCode === 201 || res.statusCode === 409, res.body);
    assert.equal(await accountsWith('mia@join.example'), 1);
  });
});
