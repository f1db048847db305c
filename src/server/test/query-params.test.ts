/**
 * Unknown query parameters are refused, proven from the route table: every /api/v1 route the app
 * registered is read back from the app itself, so a route added tomorrow is walked too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RoutePolicy } from '../platform/actor.ts';
import { registerErrorHandling } from '../platform/http/error-handler.ts';
import { isStrictQuery, registerStrictQueries } from '../platform/http/strict-query.ts';
import { Client, createTestApp, errorOf, setUp, type TestApp } from './harness.ts';
import { type Method, routesFromTree } from './routes.ts';

const UNKNOWN = 'portico_unknown';

interface Seen {
  policy?: RoutePolicy;
  schema: { params?: unknown; querystring?: unknown };
}

/** A value for each path parameter that the route's own params schema accepts. */
function paramsFor(url: string, schema: unknown): Record<string, string> {
  const names = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
  const out: Record<string, string> = {};
  for (const name of names) {
    const field = shape[name];
    const candidates = ['1', 'staff', 'contact', '00000000-0000-4000-8000-000000000000', 'a'.repeat(43)];
    out[name] = candidates.find((v) => !field || field.safeParse(v).success) ?? '1';
  }
  return out;
}

describe('unknown query parameters get 400, on every route', () => {
  let t: TestApp;
  let owner: Client;
  let contact: Client;
  let routes: { method: Method; url: string; seen: Seen | undefined }[] = [];
  const seen = new Map<string, Seen>();

  before(async () => {
    t = await createTestApp({
      beforeReady: (app) => {
        app.addHook('onResponse', async (request: FastifyRequest) => {
          const options = request.routeOptions;
          if (!options.url) return;
          seen.set(`${request.method} ${options.url}`, {
            ...(options.config.policy ? { policy: options.config.policy } : {}),
            schema: (options.schema ?? {}) as Seen['schema'],
          });
        });
      },
    });
    owner = await setUp(t, { demo: true });
    contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const listed = routesFromTree(t.app.printRoutes({ commonPrefix: false })).filter((r) =>
      r.url.startsWith('/api/v1/'),
    );
    // One unauthenticated call each reads the route's policy and schemas back; it changes nothing
    // (mutations fail the CSRF check, protected reads answer 401).
    const anon = new Client(t.app);
    for (const r of listed) await anon.request(r.method, r.url.replace(/:(\w+)/g, '1'), { csrf: false });
    routes = listed.map((r) => ({ ...r, seen: seen.get(`${r.method} ${r.url}`) }));
  });
  after(() => t?.close());

  test('every /api/v1 route has a strict querystring schema', () => {
    assert.ok(routes.length >= 50, `found ${routes.length} routes`);
    const loose = routes
      .filter((r) => !isStrictQuery(r.seen?.schema.querystring))
      .map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(loose, []);
  });

  test('every GET route answers an unknown parameter with 400 naming it', async (ctx) => {
    const gets = routes.filter((r) => r.method === 'GET');
    const failures: string[] = [];
    for (const r of gets) {
      const values = paramsFor(r.url, r.seen?.schema.params);
      const url = r.url.replace(/:(\w+)/g, (_m, p: string) => encodeURIComponent(values[p] ?? '1'));
      // Whoever the route is for, so that its policy lets the request through to validation.
      const who = r.seen?.policy?.auth === 'contact' ? contact : owner;
      const res = await who.get(`${url}?${UNKNOWN}=1`);
      const error = res.statusCode === 400 ? errorOf(res) : null;
      if (error?.code !== 'validation_failed' || !error.fields?.[UNKNOWN]) {
        failures.push(`GET ${url} -> ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    ctx.diagnostic(`${gets.length} GET routes walked`);
    assert.deepEqual(failures, []);
  });

  test('the refusal says which parameter, in the error envelope', async () => {
    const res = await owner.get(`/api/v1/me?${UNKNOWN}=1&also=2`);
    assert.equal(res.statusCode, 400);
    const error = errorOf(res);
    assert.equal(error.code, 'validation_failed');
    assert.deepEqual(Object.keys(error.fields ?? {}).sort(), ['also', UNKNOWN]);
    assert.equal(error.fields?.[UNKNOWN], 'This query parameter is not accepted here.');
    assert.match(error.message, /query/);
    // The known parameters of a route still work.
    assert.equal((await owner.get('/api/v1/clients?q=Acme&status=all')).statusCode, 200);
  });

  test("a contact's staff-only ticket filters are refused, not silently ignored", async () => {
    const acme = await t.db
      .selectFrom('clients')
      .select('id')
      .where('name', '=', 'Acme Manufacturing')
      .executeTakeFirstOrThrow();
    const birchwood = await t.db
      .selectFrom('clients')
      .select('id')
      .where('name', '=', 'Birchwood Dental')
      .executeTakeFirstOrThrow();
    for (const query of [
      `clientId=${birchwood.id}`,
      `clientId=${acme.id}`,
      'assigneeAccountId=1',
      'view=unassigned',
      'savedViewId=1',
    ]) {
      const res = await contact.get(`/api/v1/tickets?${query}`);
      assert.equal(res.statusCode, 400, query);
      const error = errorOf(res);
      assert.equal(error.code, 'validation_failed');
      assert.equal(error.fields?.[query.split('=')[0]!], 'This filter is for the support team only.');
    }
    // What the portal sends still works.
    const ok = await contact.get('/api/v1/tickets?scope=company&status=new,open&sort=updated-desc&limit=10');
    assert.equal(ok.statusCode, 200, ok.body);
    // Staff narrow their list with the filters a contact may not use; `scope` is the portal's.
    assert.equal((await owner.get(`/api/v1/tickets?clientId=${acme.id}`)).statusCode, 200);
    const scoped = await owner.get('/api/v1/tickets?scope=company');
    assert.equal(scoped.statusCode, 400);
    assert.ok(errorOf(scoped).fields?.scope);
  });
});

describe('strict queries, applied at registration', () => {
  test('a route without a querystring schema takes none; a loose object schema is made strict', async () => {
    const app = Fastify({ logger: false });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandling(app);
    registerStrictQueries(app);
    app.get('/api/v1/plain', () => ({ ok: true }));
    app.get('/api/v1/loose', { schema: { querystring: z.object({ q: z.string().optional() }) } }, () => ({
      ok: true,
    }));
    app.get('/outside', () => ({ ok: true }));
    await app.ready();
    try {
      assert.equal((await app.inject('/api/v1/plain')).statusCode, 200);
      assert.equal((await app.inject('/api/v1/plain?x=1')).statusCode, 400);
      assert.equal((await app.inject('/api/v1/loose?q=a')).statusCode, 200);
      const loose = await app.inject('/api/v1/loose?q=a&clientId=9');
      assert.equal(loose.statusCode, 400);
      assert.deepEqual(Object.keys(errorOf(loose).fields ?? {}), ['clientId']);
      assert.equal((await app.inject('/outside?utm_source=x')).statusCode, 200, 'pages outside the API');
    } finally {
      await app.close();
    }
  });

  test('a querystring schema that is not a zod object stops the app from starting', async () => {
    const app = Fastify({ logger: false });
    app.setValidatorCompiler(validatorCompiler);
    registerStrictQueries(app);
    assert.throws(
      () => app.get('/api/v1/odd', { schema: { querystring: z.record(z.string(), z.string()) } }, () => ({})),
      /not a zod object/,
    );
    await app.close();
  });
});
