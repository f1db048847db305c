import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { conflictReasons } from '../../../shared/errors.ts';
import { buildApp } from '../../app.ts';
import {
  Client,
  createTestApp,
  createTestDatabase,
  errorOf,
  setUp,
  type TestApp,
} from '../../test/harness.ts';
import { isUniqueViolation } from '../db/db.ts';

describe('HTTP foundation', () => {
  let t: TestApp;
  let owner: Client;
  before(async () => {
    t = await createTestApp();
    owner = await setUp(t);
  });
  after(() => t.close());

  test('unknown routes answer 404 in the error envelope with a request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    assert.equal(res.statusCode, 404);
    const body = res.json();
    assert.equal(body.error.code, 'not_found');
    assert.equal(typeof body.error.message, 'string');
    assert.equal(body.error.requestId, res.headers['x-request-id']);
  });

  test('/.git, /.env and TRACE are closed', async () => {
    for (const url of ['/.git/config', '/.env', '/data/secrets.json', '/assets/../../data/secrets.json']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
    }
    const trace = await t.app.inject({ method: 'TRACE' as 'GET', url: '/api/v1/me' });
    assert.ok(trace.statusCode >= 400 && trace.statusCode < 500);
  });

  test('malformed JSON, wrong types, unknown fields and empty bodies get 400 with fields', async () => {
    const malformed = await owner.request('PATCH', '/api/v1/settings', {
      payload: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(errorOf(malformed).code, 'bad_request');

    const wrongType = await owner.patch('/api/v1/settings', { name: 42 });
    assert.equal(wrongType.statusCode, 400);
    assert.equal(errorOf(wrongType).code, 'validation_failed');
    assert.ok(errorOf(wrongType).fields?.name);

    const unknown = await owner.patch('/api/v1/settings', { name: 'Fine', clientId: 7 });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(Object.keys(errorOf(unknown).fields ?? {}), ['clientId']);

    const settings = await owner.get('/api/v1/settings');
    assert.equal(settings.json().name, 'Test IT', 'nothing was written by the refused requests');
  });

  test('oversized bodies get 413 before they are parsed', async () => {
    const res = await owner.request('PATCH', '/api/v1/settings', {
      payload: JSON.stringify({ name: 'x'.repeat(300 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 413);
    assert.equal(errorOf(res).code, 'payload_too_large');
  });

  test('an unsupported content type gets 415', async () => {
    const res = await owner.request('PATCH', '/api/v1/settings', {
      payload: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 415);
    assert.equal(errorOf(res).code, 'unsupported_media_type');
  });

  test('a mutation without the CSRF token, with a wrong one or from another origin is refused', async () => {
    const noToken = await owner.request('PATCH', '/api/v1/settings', {
      body: { name: 'Hacked' },
      csrf: false,
    });
    assert.equal(noToken.statusCode, 403);
    assert.equal(errorOf(noToken).code, 'csrf_failed');

    const wrong = await owner.request('PATCH', '/api/v1/settings', {
      body: { name: 'Hacked' },
      csrf: false,
      headers: { 'x-csrf-token': 'A'.repeat(43) },
    });
    assert.equal(wrong.statusCode, 403);

    const foreign = await owner.request('PATCH', '/api/v1/settings', {
      body: { name: 'Hacked' },
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(foreign.statusCode, 403);

    const crossSite = await owner.request('PATCH', '/api/v1/settings', {
      body: { name: 'Hacked' },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(crossSite.statusCode, 403);

    const settings = await owner.get('/api/v1/settings');
    assert.equal(settings.json().name, 'Test IT');
  });

  test('responses carry strict security headers; API answers are not cached', async () => {
    const res = await owner.get('/api/v1/me');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['referrer-policy'], 'same-origin');
  });

  test('health and readiness', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().status, 'ready');
  });

  test('OpenAPI 3.1 is generated from the schemas and the docs page is served', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/auth/login'].post.requestBody);
    assert.ok(doc.paths['/api/v1/settings'].patch);
    assert.equal(doc.paths['/'], undefined, 'web pages are not part of the API document');
    // A 409 names its reason from one closed list, and the document lists it.
    const reason = doc.components.schemas.ErrorEnvelope.properties.error.properties.reason;
    assert.deepEqual(reason.enum, [...conflictReasons]);
    assert.equal(
      doc.paths['/api/v1/tickets/{ticketId}/messages'].post.responses['409'].content['application/json']
        .schema.$ref,
      '#/components/schemas/ErrorEnvelope',
    );
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });

  test('large JSON answers are compressed when the client accepts it', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/openapi.json',
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(res.headers['content-encoding'], 'gzip');
  });

  test('every API route declares an access policy; a route without one stops the app', async () => {
    const tdb = await createTestDatabase();
    try {
      const { app } = await buildApp({ config: tdb.config, database: tdb.database, logger: false });
      assert.throws(() => app.get('/api/v1/unguarded', () => ({})), /declares no access policy/);
      await app.close();
    } finally {
      await tdb.drop();
    }
  });
});

describe('database constraints', () => {
  test('a write refused by a unique constraint answers 409 in the envelope, not 500', async () => {
    let refused: unknown = null;
    const t = await createTestApp({
      beforeReady(app) {
        app.post('/api/v1/test-duplicate', { config: { policy: { auth: 'public' } } }, async () => {
          throw refused;
        });
      },
    });
    try {
      await setUp(t);
      // A real refusal from this database's driver, so the mapping is tested against what it really throws.
      refused = await t.db
        .insertInto('organisation')
        .values({
          id: 1,
          settings: '{}',
          logo_key: null,
          logo_type: null,
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
        })
        .execute()
        .then(
          () => null,
          (e: unknown) => e,
        );
      const code = (refused as { code?: string } | null)?.code;
      assert.ok(isUniqueViolation(refused), `driver error code ${String(code)} is recognised`);
      const res = await new Client(t.app).post('/api/v1/test-duplicate', {});
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(errorOf(res).code, 'conflict');
      assert.equal(errorOf(res).reason, 'changed_meanwhile');
    } finally {
      await t.close();
    }
  });
});

describe('behind https', () => {
  test('HSTS is sent, cookies stay __Host- and Secure, and CSRF checks the https origin', async () => {
    const t = await createTestApp({ env: { BASE_URL: 'https://portal.example.com' } });
    try {
      const c = new Client(t.app);
      const res = await c.get('/api/v1/auth/csrf');
      assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
      assert.match(String(res.headers['content-security-policy']), /upgrade-insecure-requests/);
      const cookie = res.cookies.find((x) => x.name === '__Host-portico_csrf');
      assert.equal(cookie?.secure, true);
      assert.equal(cookie?.sameSite, 'Strict');
      const ok = await c.post('/api/v1/setup', {}, { headers: { origin: 'https://portal.example.com' } });
      assert.equal(ok.statusCode, 400, 'same origin passes CSRF and reaches validation');
      const foreign = await c.post('/api/v1/setup', {}, { headers: { origin: 'http://portal.example.com' } });
      assert.equal(foreign.statusCode, 403);
    } finally {
      await t.close();
    }
  });

  test('a plain-http address on the LAN gets no HSTS and cookies without the __Host- prefix', async () => {
    const t = await createTestApp({ env: { BASE_URL: 'http://portal.lan:3000' } });
    try {
      const res = await new Client(t.app).get('/api/v1/auth/csrf');
      assert.equal(res.headers['strict-transport-security'], undefined);
      assert.ok(res.cookies.some((x) => x.name === 'portico_csrf' && !x.secure));
    } finally {
      await t.close();
    }
  });
});

describe('logging', () => {
  test('bad input is never logged at error level; a 5xx is, without leaking details', async () => {
    const lines: { level: number; msg: string }[] = [];
    const stream = {
      write(chunk: string) {
        for (const line of chunk.split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      },
    };
    const tdb = await createTestDatabase();
    const built = await buildApp({
      config: { ...tdb.config, logLevel: 'info' },
      database: tdb.database,
      logStream: stream,
    });
    built.app.get('/api/v1/boom', { config: { policy: { auth: 'public' } } }, () => {
      throw new Error('secret internal detail');
    });
    await built.app.ready();
    const c = new Client(built.app);
    await c.post('/api/v1/auth/login', { email: 'not-an-email', password: 'x' });
    await c.request('POST', '/api/v1/auth/login', {
      payload: '{',
      headers: { 'content-type': 'application/json' },
    });
    await c.post('/api/v1/auth/login', { email: 'a@b.example', password: 'x' }, { csrf: false });
    await c.get('/api/v1/me');
    assert.equal(lines.filter((l) => l.level >= 50).length, 0, 'no error-level lines for bad input');
    const boom = await c.get('/api/v1/boom');
    assert.equal(boom.statusCode, 500);
    assert.equal(errorOf(boom).code, 'internal_error');
    assert.doesNotMatch(boom.body, /secret internal detail/);
    assert.equal(lines.filter((l) => l.level >= 50).length, 1);
    await built.app.close();
    await tdb.drop();
  });
});
