import { message } from '../../../shared/i18n/i18n.ts';
import type { Actor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { type AccountRow, identity } from '../identity/identity.service.ts';
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
import { attemptFailed, countAttempt, giveBack, signedIn } from './auth.throttle.ts';
import { ipAllowed, ipNotAllowedMessage } from './ip-allowlist.ts';
import { verifyPassword } from './passwords.ts';

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

async function startSignedIn(
  ctx: AuthContext,
  row: AccountRow,
  actor: Actor,
  remember: boolean,
  meta: RequestMeta,
  details?: Record<string, unknown>,
): Promise<NewSession> {
  const { clock, audit } = ctx;
  const scoped = signIn(ctx);
  const session = await createSession(ctx, row.id, remember, meta, { db: scoped.db });
  await scoped.transaction(async (trx) => {
    await signedIn(ctx, trx, row.email, meta.ip);
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

/** The per-address limit across every login (in memory, or Redis), before anything is looked up. */
async function limitAddress(ctx: AuthContext, ip: string) {
  const { config, rateLimiter } = ctx;
  const byIp = await rateLimiter.hit(`login:ip:${ip}`, config.loginLimits.perIp, windowMs(ctx));
  if (!byIp.allowed) throw errors.rateLimited(byIp.retryAfterSeconds);
}

const challengeGone = () => new AppError('unauthenticated', message('errors:signIn.challengeGone'));

/**
 * Checks the credentials. Each attempt is counted before the password is checked, per address across
 * every login (in memory or Redis), and per login and address in the database with growing waits
 * (auth.throttle.ts), so parallel guesses cannot outrun either and nobody can keep the person out
 * from an address that has not been failing. A wrong email and a wrong password get the same answer
 * in the same time. With two-factor authentication on, the answer is a challenge, not a session.
 */
export async function login(
  ctx: AuthContext,
  input: { email: string; password: string; remember: boolean },
  meta: RequestMeta,
): Promise<LoginOutcome> {
  const { clock, settings } = ctx;
  await limitAddress(ctx, meta.ip);
  const policy = await settings.securityPolicy();
  const attempt = await countAttempt(ctx, input.email, meta.ip, policy);
  const { db } = signIn(ctx);
  const row = await identity.accountByEmail(db, input.email);
  const ok = await verifyPassword(row?.password_hash ?? null, input.password);
  if (!row || !ok) {
    await attemptFailed(ctx, attempt, row, policy, meta, {
      action: 'auth.login_failed',
      details: { reason: row ? 'wrong password' : 'unknown email' },
    });
    throw new AppError('invalid_credentials', message('errors:invalidCredentials'));
  }
  const actor = actorFromRow(row);
  if (!actor) {
    throw errors.forbidden(message('errors:signIn.accountCannotSignIn'));
  }
  // The attempt stays counted: from outside the allowlist, even the right password gets nowhere.
  assertIpAllowed(row, actor, meta.ip);
  if (row.mfa_enabled_at) {
    // The password was right, so this attempt was no failure; wrong codes will count in its place.
    await giveBack(ctx, attempt);
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
 * each wrong code also counts towards the sign-in waits like a wrong password (auth.throttle.ts), and `verify` (the MFA module) accepts
 * each TOTP time step and each backup code once.
 */
export async function loginWithCode(
  ctx: AuthContext,
  input: { challengeToken: string; code: string },
  meta: RequestMeta,
  verify: (row: AccountRow, code: string) => Promise<SecondFactor | null>,
): Promise<{ actor: Actor; session: NewSession }> {
  const { clock, settings } = ctx;
  await limitAddress(ctx, meta.ip);
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
  const policy = await settings.securityPolicy();
  const attempt = await countAttempt(ctx, row.email, meta.ip, policy);
  const method = await verify(row, input.code);
  if (!method) {
    await attemptFailed(ctx, attempt, row, policy, meta, {
      action: 'auth.mfa_failed',
      details: { step: 'sign-in' },
    });
    if (challenge.attempts >= CHALLENGE_MAX_ATTEMPTS) {
      await identity.consumeChallenge(db, challengeId, now.toISOString());
      throw new AppError('unauthenticated', message('errors:signIn.tooManyCodes'));
    }
    throw new AppError('invalid_credentials', message('errors:signIn.wrongCode'));
  }
  if (!(await identity.consumeChallenge(db, challengeId, clock().toISOString()))) throw challengeGone();
  assertIpAllowed(row, actor, meta.ip);
  const remember = parseJson<{ remember?: boolean }>(challenge.data, {}).remember === true;
  const session = await startSignedIn(ctx, row, actor, remember, meta, { secondFactor: method });
  return { actor, session };
}
