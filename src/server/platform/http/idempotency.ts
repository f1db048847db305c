import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import { errorEnvelope } from '../../../shared/schemas/common.ts';
import type { Clock } from '../actor.ts';
import { sha256Hex } from '../crypto.ts';
import type { Database, Db } from '../db/db.ts';
import { AppError, errors } from '../errors.ts';

/**
 * `Idempotency-Key` for the POST routes that create something (decision 008, docs/api.md). A route
 * opts in with `config.idempotency: 'keyed'`; a POST route that answers 201 must say `'keyed'` or name
 * why it is not (`{ notKeyed: '…' }`), or the app refuses to start, as it does for a missing policy.
 *
 * With the header, a keyed request first claims the key: one insert of an unfinished row whose unique
 * key (account, route, key) lets only one request with the key run. Then:
 *  - the first request runs; its answer (status and body) is stored with the row as it is sent;
 *  - the same key again with the same request replays the stored answer (`Idempotent-Replayed: true`);
 *  - with a different request (path parameters, query or body) it is 422 `idempotency_key_reused`;
 *  - while the first is still running it is 409 `conflict`, reason `idempotency_in_progress`.
 * Like Stripe, a request refused before it runs (sign-in, permission, CSRF, a malformed body or key)
 * stores nothing, so a corrected retry with the same key runs; every answer of a request that ran is
 * kept, its 4xx refusals too. Unlike Stripe, a 5xx is not kept: the change runs in one transaction
 * that a server error rolls back, so the key is released for a retry (the client's retry of a 503).
 */

export type IdempotencyDeclaration = 'keyed' | { notKeyed: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Whether the route takes Idempotency-Key; required on every POST that answers 201. */
    idempotency?: IdempotencyDeclaration;
  }
  interface FastifyRequest {
    /** The key this request claimed (its answer is stored as it is sent). */
    idempotencyClaim: Claim | null;
  }
}

interface Claim {
  accountId: number;
  route: string;
  key: string;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
/** Keys are kept at least this long; the hourly purge deletes older ones. */
export const IDEMPOTENCY_KEEP_MS = 24 * 60 * 60 * 1000;

/** The header as routes declare it (validated before the handler; documented in OpenAPI). */
export const idempotencyKeyHeader = z
  .string()
  .min(1, 'Send a key of 1 to 255 characters.')
  .max(255, 'The key is longer than 255 characters.')
  .regex(/^[\x20-\x7e]+$/, 'Use printable ASCII characters only (a UUID is a good key).')
  .optional()
  .meta({
    description:
      'Makes a retry of this request safe: the same key with the same request within 24 hours returns the first answer instead of creating again (docs/api.md, Idempotency).',
  });

/** JSON with object keys sorted at every level, so equal requests hash equally however they were written. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, sortKeys(record[k])]),
    );
  }
  return value;
}

function requestHash(request: FastifyRequest): string {
  return sha256Hex(
    canonicalJson({ params: request.params ?? {}, query: request.query ?? {}, body: request.body ?? null }),
  );
}

/** A POST route that answers 201 creates something: it must declare whether it takes a key. */
function createsSomething(methods: string[], response: unknown): boolean {
  return (
    methods.includes('POST') &&
    typeof response === 'object' &&
    response !== null &&
    Object.hasOwn(response, 201)
  );
}

/** Where the keys are kept: system work below every person's scope, one statement per step. */
function keyStore(database: Database) {
  const handle = (): Db => database.system('idempotency keys').db;
  const T = 'idempotency_keys';
  return {
    /** Inserts the unfinished row; false when the key is taken (the unique key settles any race). */
    async claim(claim: Claim, hash: string, now: string): Promise<boolean> {
      const inserted = await handle()
        .insertInto(T)
        .values({
          account_id: claim.accountId,
          route: claim.route,
          idempotency_key: claim.key,
          request_hash: hash,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['account_id', 'route', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },
    find(claim: Claim) {
      return handle()
        .selectFrom(T)
        .select(['request_hash', 'response_status', 'response_type', 'response_body'])
        .where('account_id', '=', claim.accountId)
        .where('route', '=', claim.route)
        .where('idempotency_key', '=', claim.key)
        .executeTakeFirst();
    },
    async complete(claim: Claim, status: number, type: string, body: string, now: string): Promise<void> {
      await handle()
        .updateTable(T)
        .set({ response_status: status, response_type: type, response_body: body, completed_at: now })
        .where('account_id', '=', claim.accountId)
        .where('route', '=', claim.route)
        .where('idempotency_key', '=', claim.key)
        .where('response_status', 'is', null)
        .execute();
    },
    async release(claim: Claim): Promise<void> {
      await handle()
        .deleteFrom(T)
        .where('account_id', '=', claim.accountId)
        .where('route', '=', claim.route)
        .where('idempotency_key', '=', claim.key)
        .where('response_status', 'is', null)
        .execute();
    },
    /** Deletes keys made before `before`; returns how many. */
    async purge(before: string): Promise<number> {
      const result = await handle().deleteFrom(T).where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export interface Idempotency {
  /** Forgets keys older than a day (IDEMPOTENCY_KEEP_MS); the hourly sweep calls it. */
  purgeExpired(): Promise<number>;
}

export function createIdempotency(deps: { database: Database; clock: Clock }): Idempotency & {
  store: ReturnType<typeof keyStore>;
} {
  const store = keyStore(deps.database);
  return {
    store,
    purgeExpired: () => store.purge(new Date(deps.clock().getTime() - IDEMPOTENCY_KEEP_MS).toISOString()),
  };
}

/**
 * Registers the declaration check and the hooks. Call before any route is added and before the
 * compression plugin, so the answer is stored as the JSON text it is, not a compressed stream.
 */
export function registerIdempotency(
  app: FastifyInstance,
  deps: { database: Database; clock: Clock; idempotency?: ReturnType<typeof createIdempotency> },
): void {
  const { clock } = deps;
  const store = (deps.idempotency ?? createIdempotency(deps)).store;
  app.decorateRequest('idempotencyClaim', null);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    if (!url.startsWith('/api/v1')) return;
    const methods = ([] as string[]).concat(route.method);
    const declared = route.config?.idempotency;
    const where = `${methods.join(',')} ${url}`;
    if (!declared) {
      if (createsSomething(methods, route.schema?.response))
        throw new Error(
          `Route ${where} creates something (answers 201) but declares no config.idempotency: 'keyed', or { notKeyed: 'why' }.`,
        );
      return;
    }
    if (declared === 'keyed') {
      if (!methods.every((m) => m === 'POST')) throw new Error(`Route ${where}: only POST routes take keys.`);
      if (route.config?.policy?.auth === 'public')
        throw new Error(
          `Route ${where}: keys belong to a signed-in account; a public route cannot take one.`,
        );
      route.schema ??= {};
      if (route.schema.headers !== undefined)
        throw new Error(`Route ${where} declares headers; merge them with the idempotency key header.`);
      route.schema.headers = z.looseObject({ [IDEMPOTENCY_HEADER]: idempotencyKeyHeader });
      const response = (route.schema.response ?? {}) as Record<string, unknown>;
      route.schema.response = { 409: errorEnvelope, 422: errorEnvelope, ...response };
    } else if (!declared.notKeyed.trim()) {
      throw new Error(`Route ${where} is not keyed but says not why.`);
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config.idempotency !== 'keyed') return;
    const key = request.headers[IDEMPOTENCY_HEADER];
    const actor = request.actor;
    if (typeof key !== 'string' || !actor) return;
    const claim: Claim = {
      accountId: actor.accountId,
      route: `${request.method} ${request.routeOptions.url}`,
      key,
    };
    const hash = requestHash(request);
    // Two rounds: a first request that failed with a 5xx releases the key between our claim and look-up.
    for (let round = 0; round < 2; round += 1) {
      if (await store.claim(claim, hash, clock().toISOString())) {
        request.idempotencyClaim = claim;
        return;
      }
      const existing = await store.find(claim);
      if (!existing) continue;
      if (existing.request_hash !== hash) {
        throw new AppError('idempotency_key_reused', message('errors:idempotency.keyReused'));
      }
      if (existing.response_status === null) {
        throw errors.conflict('idempotency_in_progress', message('errors:idempotency.inProgress'));
      }
      return replay(reply, existing.response_status, existing.response_type, existing.response_body);
    }
    throw errors.conflict('idempotency_in_progress', message('errors:idempotency.inProgress'));
  });

  // The answer, as sent, becomes the key's outcome (a 5xx releases the key instead: see above).
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = null;
    try {
      const body =
        typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
      if (reply.statusCode >= 500 || body === null) await store.release(claim);
      else {
        const type = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
        await store.complete(claim, reply.statusCode, type, body, clock().toISOString());
      }
    } catch (error) {
      // The answer still goes out. The key stays unfinished (409 to a retry) until it is purged: whether
      // the change was made cannot be told from here, and a duplicate is the worse mistake.
      request.log.error({ err: error }, 'could not store the idempotent answer');
    }
    return payload;
  });
}

function replay(reply: FastifyReply, status: number, type: string | null, body: string | null): FastifyReply {
  return reply
    .code(status)
    .header(REPLAYED_HEADER, 'true')
    .type(type ?? 'application/json; charset=utf-8')
    .send(body ?? '');
}
