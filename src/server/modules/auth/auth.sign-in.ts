import type { Actor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { type AccountRow, identity } from '../identity/identity.service.ts';
import type { SecurityPolicy } from '../settings/settings.service.ts';
import { actorFromRow, parseJson } from './auth.actor.ts';
import {
  type AuthContext,
  absoluteMs,
  CHALLENGE_MAX_ATTEMPTS,
  CHALLENGE_MINUTES,
  idleMs,
  type LoginOutcome,
  MINUTE,
  type NewSession,
  type SecondFactor,
  signIn,
  windowMs,
} from './auth.context.ts';
import { ipAllowed, ipNotAllowedMessage } from './ip-allowlist.ts';
import { verifyPassword } from './passwords.ts';

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export async function createSession(
  ctx: AuthContext,
  accountId: number,
  remember: boolean,
  meta: { ip: string; userAgent: string },
  options: { previewContactId?: number; db?: DbOrTrx } = {},
): Promise<NewSession> {
  const { database, clock } = ctx;
  const token = randomToken(32);
  const now = clock();
  // A sign-in's new session (no actor yet) unless the caller passes its own handle (a staff preview).
  await identity.insertSession(options.db ?? database.system('sign-in: new session').db, {
    id: sha256Hex(token),
    account_id: accountId,
    remember: remember ? 1 : 0,
    created_at: now.toISOString(),
    idle_expires_at: new Date(now.getTime() + idleMs(ctx, remember)).toISOString(),
    absolute_expires_at: new Date(now.getTime() + absoluteMs(ctx, remember)).toISOString(),
    ip: meta.ip,
    user_agent: meta.userAgent.slice(0, 500),
    preview_contact_id: options.previewContactId ?? null,
  });
  return { token, maxAgeSeconds: remember ? Math.floor(absoluteMs(ctx, true) / 1000) : null };
}

/** 429 while an account is locked: the same answer whether or not the password was right. */
async function lockedError(ctx: AuthContext, until: string): Promise<AppError> {
  const { clock, settings } = ctx;
  const now = clock();
  const seconds = Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000));
  const timeZone = (await settings.current())?.timeZone ?? 'UTC';
  let at: string;
  try {
    at = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(new Date(Date.parse(until) + 59_999));
  } catch {
    at = `${until.slice(11, 16)} UTC`;
  }
  return new AppError(
    'rate_limited',
    `Too many failed sign-in attempts: this account is locked for now. Try again in ${formatWait(seconds)} (after ${at}).`,
    { headers: { 'retry-after': String(seconds) } },
  );
}

/**
 * Counts one attempt against the account before its password or code is checked. Throws the lock
 * answer when the account is locked, or when parallel attempts have already used up the allowance.
 */
async function reserveAttempt(
  ctx: AuthContext,
  db: DbOrTrx,
  row: AccountRow,
  policy: SecurityPolicy,
  meta: RequestMeta,
): Promise<number> {
  const { clock } = ctx;
  const now = clock();
  if (row.locked_until && row.locked_until > now.toISOString())
    throw await lockedError(ctx, row.locked_until);
  const count = await identity.reserveAttempt(db, row.id, now.toISOString());
  if (count === undefined) {
    throw await lockedError(ctx, (await identity.lockedUntil(db, row.id)) ?? now.toISOString());
  }
  if (count > policy.lockoutThreshold) throw await lockAccount(ctx, row, policy, meta);
  return count;
}

/** Locks the account for the policy's minutes (once, however many requests race here) and returns the answer. */
async function lockAccount(
  ctx: AuthContext,
  row: AccountRow,
  policy: SecurityPolicy,
  meta: RequestMeta,
): Promise<AppError> {
  const { clock, audit } = ctx;
  const now = clock();
  const until = new Date(now.getTime() + policy.lockoutMinutes * MINUTE).toISOString();
  const scoped = signIn(ctx);
  await scoped.transaction(async (trx) => {
    if (await identity.lock(trx, row.id, until, now.toISOString())) {
      await audit.record(trx, {
        actor: { anonymous: row.email },
        action: 'auth.locked',
        clientId: row.client_id,
        target: { type: 'account', id: row.id },
        details: { minutes: policy.lockoutMinutes, after: policy.lockoutThreshold },
        meta,
      });
    }
  });
  return lockedError(ctx, (await identity.lockedUntil(scoped.db, row.id)) ?? until);
}

async function startSignedIn(
  ctx: AuthContext,
  row: AccountRow,
  actor: Actor,
  remember: boolean,
  meta: RequestMeta,
  details?: Record<string, unknown>,
): Promise<NewSession> {
  const { clock, rateLimiter, audit } = ctx;
  const scoped = signIn(ctx);
  await identity.resetAttempts(scoped.db, row.id);
  await rateLimiter.reset(`login:account:${row.email}`);
  const session = await createSession(ctx, row.id, remember, meta, { db: scoped.db });
  await scoped.transaction(async (trx) => {
    await identity.recordLogin(trx, row.id, clock().toISOString());
    await audit.record(trx, {
      actor,
      action: 'auth.login',
      target: { type: 'account', id: row.id },
      ...(details ? { details } : {}),
      meta,
    });
  });
  return session;
}

function assertIpAllowed(row: AccountRow, actor: Actor, ip: string) {
  if (actor.kind === 'contact' && !ipAllowed(row.client_ip_allowlist, ip)) {
    throw errors.forbidden(ipNotAllowedMessage(ip));
  }
}

async function limitSignIn(ctx: AuthContext, email: string, ip: string) {
  const { config, rateLimiter } = ctx;
  const byIp = await rateLimiter.hit(`login:ip:${ip}`, config.loginLimits.perIp, windowMs(ctx));
  const byAccount = await rateLimiter.hit(
    `login:account:${email}`,
    config.loginLimits.perAccount,
    windowMs(ctx),
  );
  if (!byIp.allowed || !byAccount.allowed) {
    throw errors.rateLimited(
      Math.max(
        byIp.allowed ? 0 : byIp.retryAfterSeconds,
        byAccount.allowed ? 0 : byAccount.retryAfterSeconds,
      ),
    );
  }
}

const challengeGone = () =>
  new AppError(
    'unauthenticated',
    'This sign-in has expired or had too many wrong codes. Sign in again with your email and password.',
  );

/**
 * Checks the credentials. Attempts are counted before the password is checked, per IP and per
 * account in memory and per account in the database (the lockout), so parallel guesses cannot
 * outrun either; every lock is timed. A wrong email and a wrong password get the same answer in
 * the same time. With two-factor authentication on, the answer is a challenge, not a session.
 */
export async function login(
  ctx: AuthContext,
  input: { email: string; password: string; remember: boolean },
  meta: RequestMeta,
): Promise<LoginOutcome> {
  const { clock, settings, audit } = ctx;
  await limitSignIn(ctx, input.email, meta.ip);
  const policy = await settings.securityPolicy();
  const { db } = signIn(ctx);
  const row = await identity.accountByEmail(db, input.email);
  const attempt = row ? await reserveAttempt(ctx, db, row, policy, meta) : 0;
  const ok = await verifyPassword(row?.password_hash ?? null, input.password);
  if (!row || !ok) {
    await audit.record(db, {
      actor: { anonymous: input.email },
      action: 'auth.login_failed',
      clientId: row?.client_id ?? null,
      ...(row ? { target: { type: 'account', id: row.id } } : {}),
      details: { reason: row ? 'wrong password' : 'unknown email' },
      meta,
    });
    if (row && attempt >= policy.lockoutThreshold) throw await lockAccount(ctx, row, policy, meta);
    throw new AppError('invalid_credentials', 'The email or password is incorrect.');
  }
  const actor = actorFromRow(row);
  if (!actor) {
    throw errors.forbidden('This account cannot sign in at the moment. Ask your provider to reactivate it.');
  }
  // The attempt stays counted: from outside the allowlist, even the right password gets nowhere.
  assertIpAllowed(row, actor, meta.ip);
  if (row.mfa_enabled_at) {
    // The password was right, so this attempt was no failure; wrong codes will count in its place.
    await identity.releaseAttempt(db, row.id);
    const token = randomToken(32);
    const now = clock();
    const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * MINUTE).toISOString();
    await identity.insertChallenge(db, {
      id: sha256Hex(token),
      account_id: row.id,
      data: JSON.stringify({ remember: input.remember }),
      expires_at: expiresAt,
      created_at: now.toISOString(),
    });
    return { kind: 'mfa', challengeToken: token, expiresAt };
  }
  const session = await startSignedIn(ctx, row, actor, input.remember, meta);
  return { kind: 'session', actor, session };
}

/**
 * The second step of a sign-in: a code for the challenge. Each challenge takes five codes at most,
 * each wrong code also counts towards the account's lockout, and `verify` (the MFA module) accepts
 * each TOTP time step and each backup code once.
 */
export async function loginWithCode(
  ctx: AuthContext,
  input: { challengeToken: string; code: string },
  meta: RequestMeta,
  verify: (row: AccountRow, code: string) => Promise<SecondFactor | null>,
): Promise<{ actor: Actor; session: NewSession }> {
  const { config, clock, rateLimiter, settings, audit } = ctx;
  const byIp = await rateLimiter.hit(`login:ip:${meta.ip}`, config.loginLimits.perIp, windowMs(ctx));
  if (!byIp.allowed) throw errors.rateLimited(byIp.retryAfterSeconds);
  const now = clock();
  const challengeId = sha256Hex(input.challengeToken);
  const { db } = signIn(ctx);
  const challenge = await identity.reserveChallengeAttempt(
    db,
    challengeId,
    now.toISOString(),
    CHALLENGE_MAX_ATTEMPTS,
  );
  if (!challenge || challenge.account_id === null) throw challengeGone();
  const row = await identity.accountById(db, challenge.account_id);
  const actor = row ? actorFromRow(row) : null;
  if (!row || !actor || !row.mfa_enabled_at) throw challengeGone();
  const byAccount = await rateLimiter.hit(
    `login:account:${row.email}`,
    config.loginLimits.perAccount,
    windowMs(ctx),
  );
  if (!byAccount.allowed) throw errors.rateLimited(byAccount.retryAfterSeconds);
  const policy = await settings.securityPolicy();
  const attempt = await reserveAttempt(ctx, db, row, policy, meta);
  const method = await verify(row, input.code);
  if (!method) {
    await audit.record(db, {
      actor: { anonymous: row.email },
      action: 'auth.mfa_failed',
      clientId: row.client_id,
      target: { type: 'account', id: row.id },
      details: { step: 'sign-in' },
      meta,
    });
    if (attempt >= policy.lockoutThreshold) throw await lockAccount(ctx, row, policy, meta);
    if (challenge.attempts >= CHALLENGE_MAX_ATTEMPTS) {
      await identity.consumeChallenge(db, challengeId, now.toISOString());
      throw new AppError(
        'unauthenticated',
        'Too many wrong codes. Sign in again with your email and password to get a new try.',
      );
    }
    throw new AppError(
      'invalid_credentials',
      'That code is not right. Enter the current 6-digit code from your authenticator app, or one of your backup codes.',
    );
  }
  if (!(await identity.consumeChallenge(db, challengeId, clock().toISOString()))) throw challengeGone();
  assertIpAllowed(row, actor, meta.ip);
  const remember = parseJson<{ remember?: boolean }>(challenge.data, {}).remember === true;
  const session = await startSignedIn(ctx, row, actor, remember, meta, { secondFactor: method });
  return { actor, session };
}
