import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import { errorEnvelope } from '../../../shared/schemas/common.ts';
import { system } from '../access/scope.ts';
import { withScope } from '../access/scoped.ts';
import type { Clock } from '../actor.ts';
import { hmacHex, randomToken, sha256Hex } from '../crypto.ts';
import type { Database, Db, DbOrTrx } from '../db/db.ts';
import { AppError, errors } from '../errors.ts';

/**
 * `Idempotency-Key` for the POST routes that create something (decision 008, docs/api.md). A route
 * opts in with `config.idempotency`; a POST route that answers 201 must say how it is keyed or name
 * why it is not (`{ notKeyed: '…' }`), or the app refuses to start, as it does for a missing policy.
 *
 * With the header, a keyed request first claims the key: one insert of an unfinished row whose unique
 * key (scope, route, key) lets only one request with the key run. Then:
 *  - the first request runs; its answer (status and body) is stored with the row as it is sent;
 *  - the same key again with the same request replays the stored answer (`Idempotent-Replayed: true`);
 *  - with a different request (path parameters, query or body) it is 422 `idempotency_key_reused`;
 *  - while the first is still running it is 409 `conflict`, reason `idempotency_in_progress`;
 *  - a claim left unfinished past the lease (its request died) is taken over by a retry of the same
 *    request: one conditional update on the claim's token, which only one retry can win.
 * Like Stripe, a request refused before it runs (sign-in, permission, CSRF, a malformed body or key)
 * stores nothing, so a corrected retry with the same key runs; every answer of a request that ran is
 * kept, its 4xx refusals too. Unlike Stripe, a 5xx is not kept: the change runs in one transaction
 * that a server error rolls back, so the key is released for a retry (the client's retry of a 503).
 *
 * The declarations:
 *  - `'keyed'`: a signed-in person's JSON request, claimed before the handler, scope `account:<id>`.
 *  - `{ keyed: 'public', scope }`: a public JSON request (setup, joining): the route names its scope
 *    (the invite link, first-run setup) and the anonymous browser that sent it is added to it, so one
 *    caller never meets another's key or answer.
 *  - `'keyed-streamed'`: a multipart upload. Its fingerprint (the file's SHA-256 and fields) is known
 *    only once the file has arrived, so the route claims the key itself (`streamedKey`) after storing
 *    the file and before recording it, and stores the answer in the transaction that records it.
 */

export type IdempotencyDeclaration =
  | 'keyed'
  | 'keyed-streamed'
  | { keyed: 'public'; scope: (request: FastifyRequest) => string }
  | { notKeyed: string };

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

/** One key: whose, on which route, as sent. */
interface KeyId {
  scope: string;
  accountId: number | null;
  route: string;
  key: string;
}

interface Claim extends KeyId {
  /** This request's own token: only the holder of the claim completes or releases it. */
  token: string;
}

interface StoredAnswer {
  response_status: number;
  response_type: string | null;
  response_body: string | null;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
/** Keys are kept at least this long; the hourly purge deletes older ones. */
export const IDEMPOTENCY_KEEP_MS = 24 * 60 * 60 * 1000;
/** How long a claim is held for its request before a retry may take it over (IDEMPOTENCY_LEASE_SECONDS). */
export const DEFAULT_LEASE_MS = 60_000;

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

/** A POST route that answers 201 creates something: it must declare whether it takes a key. */
function createsSomething(methods: string[], response: unknown): boolean {
  return (
    methods.includes('POST') &&
    typeof response === 'object' &&
    response !== null &&
    Object.hasOwn(response, 201)
  );
}

export const keyReused = () =>
  new AppError('idempotency_key_reused', message('errors:idempotency.keyReused'));
export const inProgress = () =>
  errors.conflict('idempotency_in_progress', message('errors:idempotency.inProgress'));

const T = 'idempotency_keys';
const SYSTEM = 'idempotency keys';

/** Where the keys are kept: system work below every person's scope, one statement per step. */
function keyStore(database: Database) {
  const handle = (): Db => database.system(SYSTEM).db;
  /** The same transaction under a system scope: a keyed route's own transaction stores its answer. */
  const inTransaction = (trx: DbOrTrx): DbOrTrx => withScope(trx, system(SYSTEM));
  return {
    /** Inserts the unfinished row; false when the key is taken (the unique key settles any race). */
    async claim(claim: Claim, hash: string, now: string): Promise<boolean> {
      const inserted = await handle()
        .insertInto(T)
        .values({
          scope: claim.scope,
          account_id: claim.accountId,
          route: claim.route,
          idempotency_key: claim.key,
          request_hash: hash,
          claim_token: claim.token,
          locked_at: now,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['scope', 'route', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },
    find(id: KeyId) {
      return handle()
        .selectFrom(T)
        .select([
          'request_hash',
          'claim_token',
          'locked_at',
          'response_status',
          'response_type',
          'response_body',
        ])
        .where('scope', '=', id.scope)
        .where('route', '=', id.route)
        .where('idempotency_key', '=', id.key)
        .executeTakeFirst();
    },
    /**
     * Takes over a claim left unfinished since before `staleBefore` by the request holding `heldBy`:
     * a conditional update on that token, so of several retries exactly one changes the row.
     */
    async takeOver(claim: Claim, hash: string, heldBy: string | null, staleBefore: string, now: string) {
      let q = handle()
        .updateTable(T)
        .set({ claim_token: claim.token, locked_at: now })
        .where('scope', '=', claim.scope)
        .where('route', '=', claim.route)
        .where('idempotency_key', '=', claim.key)
        .where('request_hash', '=', hash)
        .where('response_status', 'is', null)
        .where('locked_at', '<', staleBefore);
      q = heldBy === null ? q.where('claim_token', 'is', null) : q.where('claim_token', '=', heldBy);
      const result = await q.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** Stores the answer if `claim` still holds the key; false when it lost it (taken over). */
    async complete(
      claim: Claim,
      answer: { status: number; type: string; body: string },
      now: string,
      trx?: DbOrTrx,
    ): Promise<boolean> {
      const result = await (trx ? inTransaction(trx) : handle())
        .updateTable(T)
        .set({
          response_status: answer.status,
          response_type: answer.type,
          response_body: answer.body,
          completed_at: now,
        })
        .where('scope', '=', claim.scope)
        .where('route', '=', claim.route)
        .where('idempotency_key', '=', claim.key)
        .where('claim_token', '=', claim.token)
        .where('response_status', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async release(claim: Claim): Promise<void> {
      await handle()
        .deleteFrom(T)
        .where('scope', '=', claim.scope)
        .where('route', '=', claim.route)
        .where('idempotency_key', '=', claim.key)
        .where('claim_token', '=', claim.token)
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

type Acquired = { run: Claim } | { replay: StoredAnswer };

export interface IdempotencyEngine extends Idempotency {
  store: ReturnType<typeof keyStore>;
  leaseMs: number;
  /** The stored fingerprint of a request: an HMAC, so a body carrying a password leaves no fast hash of it. */
  fingerprint(value: unknown): string;
  /**
   * Claims `id` for a request with `hash`: runs (the claim, fresh or taken over from a stale one),
   * replays a finished answer, or throws 422 (another request) or 409 (still running).
   */
  acquire(id: KeyId, hash: string): Promise<Acquired>;
}

export function createIdempotency(deps: {
  database: Database;
  clock: Clock;
  /** Keys the request fingerprints (the instance's session secret). */
  secret: string;
  /** How long a claim is held before a retry may take it over (default 60 s). */
  leaseMs?: number;
}): IdempotencyEngine {
  const { clock } = deps;
  const store = keyStore(deps.database);
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const fingerprintKey = hmacHex(deps.secret, 'portico idempotency fingerprint v1');
  return {
    store,
    leaseMs,
    fingerprint: (value) => hmacHex(fingerprintKey, canonicalJson(value)),
    purgeExpired: () => store.purge(new Date(clock().getTime() - IDEMPOTENCY_KEEP_MS).toISOString()),
    async acquire(id, hash) {
      // Two rounds: a first request that failed with a 5xx releases the key between our claim and look-up.
      for (let round = 0; round < 2; round += 1) {
        const claim: Claim = { ...id, token: randomToken(18) };
        const now = clock();
        if (await store.claim(claim, hash, now.toISOString())) return { run: claim };
        const existing = await store.find(id);
        if (!existing) continue;
        if (existing.request_hash !== hash) throw keyReused();
        if (existing.response_status !== null) {
          return { replay: { ...existing, response_status: existing.response_status } };
        }
        const staleBefore = new Date(now.getTime() - leaseMs).toISOString();
        if (await store.takeOver(claim, hash, existing.claim_token, staleBefore, now.toISOString())) {
          return { run: claim };
        }
        throw inProgress();
      }
      throw inProgress();
    },
  };
}

/** The browser behind an anonymous request: the CSRF token it proved it holds (checked before this). */
function anonymousCaller(request: FastifyRequest): string | null {
  const token = request.headers['x-csrf-token'];
  return typeof token === 'string' && token ? sha256Hex(token).slice(0, 32) : null;
}

function keyIdOf(request: FastifyRequest): KeyId | null {
  const declared = request.routeOptions.config.idempotency;
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (typeof key !== 'string' || !declared || (typeof declared === 'object' && 'notKeyed' in declared)) {
    return null;
  }
  const route = `${request.method} ${request.routeOptions.url}`;
  if (typeof declared === 'object') {
    const caller = anonymousCaller(request);
    if (!caller) return null;
    return { scope: `${declared.scope(request)}:caller:${caller}`, accountId: null, route, key };
  }
  const actor = request.actor;
  if (!actor) return null;
  return { scope: `account:${actor.accountId}`, accountId: actor.accountId, route, key };
}

/**
 * The key of a multipart request (`'keyed-streamed'` routes), or null when none was sent. The route
 * calls `precheck` before reading the body, `acquire` with the file's fingerprint once it is stored,
 * and `complete` in the transaction that records the file; the answer it sends is the one it stored.
 */
export interface StreamedKey {
  /**
   * Before the body is read: throws 409 while the key's first request runs within its lease; says
   * `finished` when the key has an answer (read the file only to fingerprint it, then `acquire`).
   */
  precheck(): Promise<'free' | 'finished'>;
  /** Claims the key for the request with this fingerprint, or gives the answer to replay; 422/409 else. */
  acquire(fingerprint: unknown): Promise<{ run: true } | { replay: StoredAnswer }>;
  /** In the transaction that makes the thing: stores its answer; throws 409 when the claim was taken over. */
  complete(trx: DbOrTrx, status: number, body: string): Promise<void>;
  /** After a failure before `complete`: gives the key back, so a retry runs. */
  release(): Promise<void>;
}

export function streamedKey(
  engine: IdempotencyEngine,
  clock: Clock,
  request: FastifyRequest,
): StreamedKey | null {
  if (request.routeOptions.config.idempotency !== 'keyed-streamed') {
    throw new Error(`${request.routeOptions.url} is not declared 'keyed-streamed'`);
  }
  const id = keyIdOf(request);
  if (!id) return null;
  let claim: Claim | null = null;
  return {
    async precheck() {
      const existing = await engine.store.find(id);
      if (!existing) return 'free';
      if (existing.response_status !== null) return 'finished';
      // Still running, unless its lease ran out: then a retry of the same upload may take it over.
      if (new Date(existing.locked_at).getTime() > clock().getTime() - engine.leaseMs) throw inProgress();
      return 'free';
    },
    async acquire(value) {
      const acquired = await engine.acquire(id, engine.fingerprint(value));
      if ('replay' in acquired) return acquired;
      claim = acquired.run;
      return { run: true };
    },
    async complete(trx, status, body) {
      if (!claim) throw new Error('complete() before the key was acquired');
      const done = await engine.store.complete(
        claim,
        { status, type: 'application/json; charset=utf-8', body },
        clock().toISOString(),
        trx,
      );
      // Kept: should the transaction fail to commit after this, `release` still frees the key (a
      // committed answer is never released: release only deletes an unanswered claim).
      if (!done) throw inProgress();
    },
    async release() {
      if (claim) await engine.store.release(claim);
      claim = null;
    },
  };
}

/**
 * Registers the declaration check and the hooks. Call before any route is added and before the
 * compression plugin, so the answer is stored as the JSON text it is, not a compressed stream.
 */
export function registerIdempotency(
  app: FastifyInstance,
  deps: { clock: Clock; idempotency: IdempotencyEngine },
): void {
  const { clock, idempotency: engine } = deps;
  const store = engine.store;
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
    if (typeof declared === 'object' && 'notKeyed' in declared) {
      if (!declared.notKeyed.trim()) throw new Error(`Route ${where} is not keyed but says not why.`);
      return;
    }
    if (!methods.every((m) => m === 'POST')) throw new Error(`Route ${where}: only POST routes take keys.`);
    const isPublic = route.config?.policy?.auth === 'public';
    if (isPublic !== (typeof declared === 'object'))
      throw new Error(
        isPublic
          ? `Route ${where}: a public route takes a key only as { keyed: 'public', scope }, scoped to what it acts on.`
          : `Route ${where}: { keyed: 'public' } is for public routes; a signed-in route is 'keyed'.`,
      );
    route.schema ??= {};
    if (route.schema.headers !== undefined)
      throw new Error(`Route ${where} declares headers; merge them with the idempotency key header.`);
    route.schema.headers = z.looseObject({ [IDEMPOTENCY_HEADER]: idempotencyKeyHeader });
    const response = (route.schema.response ?? {}) as Record<string, unknown>;
    route.schema.response = { 409: errorEnvelope, 422: errorEnvelope, ...response };
  });

  app.addHook('preHandler', async (request, reply) => {
    const declared = request.routeOptions.config.idempotency;
    if (
      !declared ||
      declared === 'keyed-streamed' ||
      (typeof declared === 'object' && 'notKeyed' in declared)
    )
      return;
    const id = keyIdOf(request);
    if (!id) return;
    const hash = engine.fingerprint({
      params: request.params ?? {},
      query: request.query ?? {},
      body: request.body ?? null,
    });
    const acquired = await engine.acquire(id, hash);
    if ('run' in acquired) {
      request.idempotencyClaim = acquired.run;
      return;
    }
    return replay(reply, acquired.replay);
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
        const stored = await store.complete(
          claim,
          { status: reply.statusCode, type, body },
          clock().toISOString(),
        );
        // Its lease ran out and a retry took the key over: that retry's answer is the one kept.
        if (!stored)
          request.log.warn({ route: claim.route }, 'idempotency claim was taken over while running');
      }
    } catch (error) {
      // The answer still goes out. The key stays unfinished (409 to a retry) until its lease runs out:
      // whether the change was made cannot be told from here.
      request.log.error({ err: error }, 'could not store the idempotent answer');
    }
    return payload;
  });
}

/** Sends a stored answer again, marked `Idempotent-Replayed: true`. */
export function replay(reply: FastifyReply, answer: StoredAnswer): FastifyReply {
  return reply
    .code(answer.response_status)
    .header(REPLAYED_HEADER, 'true')
    .type(answer.response_type ?? 'application/json; charset=utf-8')
    .send(answer.response_body ?? '');
}
