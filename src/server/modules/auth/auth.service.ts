import {
  type ContactPreset,
  type ContactSwitches,
  contactPresets,
  effectivePermissions,
  rolePermissions,
  type StaffRole,
  staffRoles,
} from '../../../shared/permissions.ts';
import type { Me } from '../../../shared/schemas/auth.ts';
import type { Config } from '../../config.ts';
import type { Actor, Clock } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import type { Database, DbOrTrx } from '../../platform/db/db.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { RateLimiter } from '../../platform/rate-limit.ts';
import type { SecurityPolicy, SettingsService } from '../settings/settings.service.ts';
import { type AccountRow, authRepository, type SessionRow } from './auth.repository.ts';
import { ipAllowed, ipNotAllowedMessage } from './ip-allowlist.ts';
import { type PasswordRules, verifyPassword } from './passwords.ts';
import { describeBrowser } from './user-agent.ts';

/** Which of a person's duties comes first after the password: a new password, then MFA enrolment. */
export type SessionGate = 'change-password' | 'mfa-enrolment' | null;

export interface SessionInfo {
  id: string;
  accountId: number;
  /** When set, only the routes that fulfil it (and /me, sign-out) work: see auth.hooks. */
  gate: SessionGate;
  /** The contact's client allowlist as stored (JSON), checked on every request; null for staff. */
  ipAllowlist: string | null;
}

export interface NewSession {
  token: string;
  maxAgeSeconds: number | null;
}

export interface PublicSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string;
  browser: string;
  current: boolean;
}

export type LoginOutcome =
  | { kind: 'session'; actor: Actor; session: NewSession }
  | { kind: 'mfa'; challengeToken: string; expiresAt: string };

export type SecondFactor = 'totp' | 'backup-code';

const MINUTE = 60_000;
/** last_seen_at is written at most this often, so reads do not turn into writes on every request. */
const TOUCH_INTERVAL_MS = MINUTE;
/** How long the code step of a sign-in may take, and how many wrong codes it allows. */
const CHALLENGE_MINUTES = 10;
export const CHALLENGE_MAX_ATTEMPTS = 5;
/** Re-authentication (the current password before changing email, password or MFA) is rate limited. */
const REAUTH_LIMIT = 10;

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Builds the actor from an account row; null when the account may not sign in (disabled, client off). */
export function actorFromRow(row: AccountRow): Actor | null {
  if (row.status !== 'active') return null;
  if (row.kind === 'staff') {
    const role = staffRoles.find((r) => r === row.staff_role);
    if (!role) return null;
    return {
      kind: 'staff',
      accountId: row.id,
      name: row.name,
      email: row.email,
      role,
      permissions: new Set(rolePermissions[role as StaffRole]),
    };
  }
  if (row.contact_id === null || row.client_id === null) return null;
  if (row.client_portal_enabled !== 1 || row.client_archived_at !== null) return null;
  const presets = parseJson<string[]>(row.presets, []).filter((p): p is ContactPreset =>
    (contactPresets as readonly string[]).includes(p),
  );
  const switches = parseJson<ContactSwitches>(row.switches, {});
  return {
    kind: 'contact',
    accountId: row.id,
    contactId: row.contact_id,
    clientId: row.client_id,
    clientName: row.client_name ?? '',
    name: row.name,
    email: row.email,
    presets,
    permissions: new Set(effectivePermissions(presets, switches)),
  };
}

/** Whether this person must use two-factor authentication: staff by organisation setting, contacts by client. */
export function mfaRequiredFor(row: AccountRow, policy: SecurityPolicy): boolean {
  return row.kind === 'staff' ? policy.requireStaffMfa : row.client_require_mfa === 1;
}

export function gateFor(row: AccountRow, policy: SecurityPolicy): SessionGate {
  if (row.must_change_password === 1) return 'change-password';
  if (!row.mfa_enabled_at && mfaRequiredFor(row, policy)) return 'mfa-enrolment';
  return null;
}

/** The id a person sees for one of their sessions: derived from the stored hash, never the hash itself. */
export function publicSessionId(sessionId: string): string {
  return sha256Hex(`session:${sessionId}`).slice(0, 32);
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(deps: {
  config: Config;
  database: Database;
  clock: Clock;
  rateLimiter: RateLimiter;
  settings: SettingsService;
  audit: Audit;
}) {
  const { config, database, clock, rateLimiter, settings, audit } = deps;
  const idleMs = (remember: boolean) =>
    remember ? config.session.rememberDays * 24 * 60 * MINUTE : config.session.idleMinutes * MINUTE;
  const absoluteMs = (remember: boolean) =>
    remember ? config.session.rememberDays * 24 * 60 * MINUTE : config.session.absoluteHours * 60 * MINUTE;
  const windowMs = () => config.loginLimits.windowMinutes * MINUTE;
  /** Sign-in, its code step and the lockout: there is no actor yet. */
  const signIn = () => database.system('sign-in');
  /** The session cookie resolved to its actor, before there is one. */
  const sessionLookup = () => database.system('session lookup');

  async function createSession(
    accountId: number,
    remember: boolean,
    meta: { ip: string; userAgent: string },
    options: { previewContactId?: number; db?: DbOrTrx } = {},
  ): Promise<NewSession> {
    const token = randomToken(32);
    const now = clock();
    // A sign-in's new session (no actor yet) unless the caller passes its own handle (a staff preview).
    await authRepository.insertSession(options.db ?? database.system('sign-in: new session').db, {
      id: sha256Hex(token),
      account_id: accountId,
      remember: remember ? 1 : 0,
      created_at: now.toISOString(),
      idle_expires_at: new Date(now.getTime() + idleMs(remember)).toISOString(),
      absolute_expires_at: new Date(now.getTime() + absoluteMs(remember)).toISOString(),
      ip: meta.ip,
      user_agent: meta.userAgent.slice(0, 500),
      preview_contact_id: options.previewContactId ?? null,
    });
    return { token, maxAgeSeconds: remember ? Math.floor(absoluteMs(true) / 1000) : null };
  }

  /** The portal as the contact sees it, for a staff user previewing it. */
  async function previewActor(
    db: DbOrTrx,
    staff: Actor & { kind: 'staff' },
    contactId: number,
  ): Promise<Actor | null> {
    const contact = await authRepository.findContactForPreview(db, contactId);
    if (!contact) return null;
    const presets = parseJson<string[]>(contact.presets, []).filter((p): p is ContactPreset =>
      (contactPresets as readonly string[]).includes(p),
    );
    return {
      kind: 'contact',
      accountId: staff.accountId,
      contactId: contact.id,
      clientId: contact.client_id,
      clientName: contact.client_name,
      name: contact.name,
      email: contact.login_email ?? contact.email ?? '',
      presets,
      permissions: new Set(effectivePermissions(presets, parseJson<ContactSwitches>(contact.switches, {}))),
      previewBy: { accountId: staff.accountId, name: staff.name },
    };
  }

  /** 429 while an account is locked: the same answer whether or not the password was right. */
  async function lockedError(until: string): Promise<AppError> {
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
    db: DbOrTrx,
    row: AccountRow,
    policy: SecurityPolicy,
    meta: RequestMeta,
  ): Promise<number> {
    const now = clock();
    if (row.locked_until && row.locked_until > now.toISOString()) throw await lockedError(row.locked_until);
    const count = await authRepository.reserveAttempt(db, row.id, now.toISOString());
    if (count === undefined) {
      throw await lockedError((await authRepository.lockedUntil(db, row.id)) ?? now.toISOString());
    }
    if (count > policy.lockoutThreshold) throw await lockAccount(row, policy, meta);
    return count;
  }

  /** Locks the account for the policy's minutes (once, however many requests race here) and returns the answer. */
  async function lockAccount(row: AccountRow, policy: SecurityPolicy, meta: RequestMeta): Promise<AppError> {
    const now = clock();
    const until = new Date(now.getTime() + policy.lockoutMinutes * MINUTE).toISOString();
    const scoped = signIn();
    await scoped.transaction(async (trx) => {
      if (await authRepository.lock(trx, row.id, until, now.toISOString())) {
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
    return lockedError((await authRepository.lockedUntil(scoped.db, row.id)) ?? until);
  }

  async function startSignedIn(
    row: AccountRow,
    actor: Actor,
    remember: boolean,
    meta: RequestMeta,
    details?: Record<string, unknown>,
  ): Promise<NewSession> {
    const scoped = signIn();
    await authRepository.resetAttempts(scoped.db, row.id);
    await rateLimiter.reset(`login:account:${row.email}`);
    const session = await createSession(row.id, remember, meta, { db: scoped.db });
    await scoped.transaction(async (trx) => {
      await authRepository.recordLogin(trx, row.id, clock().toISOString());
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

  async function limitSignIn(email: string, ip: string) {
    const byIp = await rateLimiter.hit(`login:ip:${ip}`, config.loginLimits.perIp, windowMs());
    const byAccount = await rateLimiter.hit(
      `login:account:${email}`,
      config.loginLimits.perAccount,
      windowMs(),
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

  return {
    createSession,

    /**
     * Checks the credentials. Attempts are counted before the password is checked, per IP and per
     * account in memory and per account in the database (the lockout), so parallel guesses cannot
     * outrun either; every lock is timed. A wrong email and a wrong password get the same answer in
     * the same time. With two-factor authentication on, the answer is a challenge, not a session.
     */
    async login(
      input: { email: string; password: string; remember: boolean },
      meta: RequestMeta,
    ): Promise<LoginOutcome> {
      await limitSignIn(input.email, meta.ip);
      const policy = await settings.securityPolicy();
      const { db } = signIn();
      const row = await authRepository.findAccountByEmail(db, input.email);
      const attempt = row ? await reserveAttempt(db, row, policy, meta) : 0;
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
        if (row && attempt >= policy.lockoutThreshold) throw await lockAccount(row, policy, meta);
        throw new AppError('invalid_credentials', 'The email or password is incorrect.');
      }
      const actor = actorFromRow(row);
      if (!actor) {
        throw errors.forbidden(
          'This account cannot sign in at the moment. Ask your provider to reactivate it.',
        );
      }
      // The attempt stays counted: from outside the allowlist, even the right password gets nowhere.
      assertIpAllowed(row, actor, meta.ip);
      if (row.mfa_enabled_at) {
        // The password was right, so this attempt was no failure; wrong codes will count in its place.
        await authRepository.releaseAttempt(db, row.id);
        const token = randomToken(32);
        const now = clock();
        const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * MINUTE).toISOString();
        await authRepository.insertChallenge(db, {
          id: sha256Hex(token),
          account_id: row.id,
          data: JSON.stringify({ remember: input.remember }),
          expires_at: expiresAt,
          created_at: now.toISOString(),
        });
        return { kind: 'mfa', challengeToken: token, expiresAt };
      }
      const session = await startSignedIn(row, actor, input.remember, meta);
      return { kind: 'session', actor, session };
    },

    /**
     * The second step of a sign-in: a code for the challenge. Each challenge takes five codes at most,
     * each wrong code also counts towards the account's lockout, and `verify` (the MFA module) accepts
     * each TOTP time step and each backup code once.
     */
    async loginWithCode(
      input: { challengeToken: string; code: string },
      meta: RequestMeta,
      verify: (row: AccountRow, code: string) => Promise<SecondFactor | null>,
    ): Promise<{ actor: Actor; session: NewSession }> {
      const byIp = await rateLimiter.hit(`login:ip:${meta.ip}`, config.loginLimits.perIp, windowMs());
      if (!byIp.allowed) throw errors.rateLimited(byIp.retryAfterSeconds);
      const now = clock();
      const challengeId = sha256Hex(input.challengeToken);
      const { db } = signIn();
      const challenge = await authRepository.reserveChallengeAttempt(
        db,
        challengeId,
        now.toISOString(),
        CHALLENGE_MAX_ATTEMPTS,
      );
      if (!challenge || challenge.account_id === null) throw challengeGone();
      const row = await authRepository.findAccountById(db, challenge.account_id);
      const actor = row ? actorFromRow(row) : null;
      if (!row || !actor || !row.mfa_enabled_at) throw challengeGone();
      const byAccount = await rateLimiter.hit(
        `login:account:${row.email}`,
        config.loginLimits.perAccount,
        windowMs(),
      );
      if (!byAccount.allowed) throw errors.rateLimited(byAccount.retryAfterSeconds);
      const policy = await settings.securityPolicy();
      const attempt = await reserveAttempt(db, row, policy, meta);
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
        if (attempt >= policy.lockoutThreshold) throw await lockAccount(row, policy, meta);
        if (challenge.attempts >= CHALLENGE_MAX_ATTEMPTS) {
          await authRepository.consumeChallenge(db, challengeId, now.toISOString());
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
      if (!(await authRepository.consumeChallenge(db, challengeId, clock().toISOString())))
        throw challengeGone();
      assertIpAllowed(row, actor, meta.ip);
      const remember = parseJson<{ remember?: boolean }>(challenge.data, {}).remember === true;
      const session = await startSignedIn(row, actor, remember, meta, { secondFactor: method });
      return { actor, session };
    },

    async logout(sessionId: string, actor?: Actor | null, meta?: RequestMeta): Promise<void> {
      const own = actor && !(actor.kind === 'contact' && actor.previewBy) ? actor : null;
      // The person's own session under their scope. Without one, this is the browser's old session
      // ended by a new sign-in, or a preview's, which is the staff account's (outside the previewed
      // client's scope): both are the cookie's session, named by its hash.
      const { db } = own ? database.forActor(own) : database.system('sign-out of the cookie’s session');
      await authRepository.deleteSession(db, sessionId);
      if (own) {
        await audit.record(db, { actor: own, action: 'auth.logout', ...(meta ? { meta } : {}) });
      }
    },

    /**
     * Resolves the session cookie to an actor in one query. Expired sessions are deleted and reported
     * so the caller can say "session expired" rather than "sign in".
     */
    async resolve(
      token: string,
    ): Promise<
      { status: 'ok'; actor: Actor; session: SessionInfo } | { status: 'expired' } | { status: 'none' }
    > {
      if (token.length < 20 || token.length > 100) return { status: 'none' };
      const sessionId = sha256Hex(token);
      const { db } = sessionLookup();
      const row: SessionRow | undefined = await authRepository.findSession(db, sessionId);
      if (!row) return { status: 'none' };
      const now = clock();
      const nowIso = now.toISOString();
      if (row.absolute_expires_at <= nowIso || row.idle_expires_at <= nowIso) {
        await authRepository.deleteSession(db, sessionId);
        return { status: 'expired' };
      }
      let actor = actorFromRow(row);
      const preview = actor?.kind === 'staff' && row.preview_contact_id !== null;
      if (actor?.kind === 'staff' && row.preview_contact_id !== null) {
        actor = await previewActor(db, actor, row.preview_contact_id);
      }
      if (!actor) {
        await authRepository.deleteSession(db, sessionId);
        return { status: 'none' };
      }
      if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
        const idle = new Date(now.getTime() + idleMs(row.remember === 1));
        const absolute = new Date(row.absolute_expires_at);
        await authRepository.touchSession(
          db,
          sessionId,
          nowIso,
          (idle < absolute ? idle : absolute).toISOString(),
        );
      }
      // A staff preview shows the portal as the contact sees it; the staff user's own duties do not apply.
      const gate = preview ? null : gateFor(row, await settings.securityPolicy());
      return {
        status: 'ok',
        actor,
        session: {
          id: sessionId,
          accountId: row.id,
          gate,
          ipAllowlist: actor.kind === 'contact' && !preview ? row.client_ip_allowlist : null,
        },
      };
    },

    async me(actor: Actor, csrfToken: string): Promise<Me> {
      const row =
        actor.kind === 'contact' && actor.previewBy
          ? undefined
          : await authRepository.findAccountById(database.forActor(actor).db, actor.accountId);
      const policy = await settings.securityPolicy();
      const state = {
        mfaEnabled: Boolean(row?.mfa_enabled_at),
        mustChangePassword: row?.must_change_password === 1,
        mfaEnrollmentRequired: row ? !row.mfa_enabled_at && mfaRequiredFor(row, policy) : false,
      };
      if (actor.kind === 'staff') {
        return {
          kind: 'staff',
          id: actor.accountId,
          name: actor.name,
          email: actor.email,
          role: actor.role,
          permissions: [...actor.permissions],
          ...state,
          csrfToken,
        };
      }
      return {
        kind: 'contact',
        id: actor.accountId,
        contactId: actor.contactId,
        name: actor.name,
        email: actor.email,
        client: { id: actor.clientId, name: actor.clientName },
        presets: [...actor.presets],
        permissions: [...actor.permissions],
        features: await settings.enabledFeatures(),
        previewBy: actor.previewBy?.name ?? null,
        ...state,
        csrfToken,
      };
    },

    async purgeExpiredSessions(): Promise<number> {
      const now = clock().toISOString();
      const { db } = database.system('sweep of expired sessions and sign-in challenges');
      await authRepository.deleteDeadChallenges(db, now);
      return authRepository.deleteExpiredSessions(db, now);
    },

    /**
     * Ends every session of an account but `exceptSessionId` (a password change, reset or accepted
     * invitation). Pass the transaction the change is written in.
     */
    endAllSessions(db: DbOrTrx, accountId: number, exceptSessionId?: string): Promise<number> {
      return authRepository.deleteSessionsForAccount(db, accountId, exceptSessionId);
    },

    /** The signed-in person's live sessions, newest activity first, the current one marked. */
    async listSessions(actor: Actor, currentSessionId: string | null): Promise<PublicSession[]> {
      const { db } = database.forActor(actor);
      const rows = await authRepository.listSessions(db, actor.accountId, clock().toISOString());
      return rows.map((r) => ({
        id: publicSessionId(r.id),
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        ip: r.ip,
        browser: describeBrowser(r.user_agent),
        current: r.id === currentSessionId,
      }));
    },

    /** Signs out one of the person's own sessions by its public id; another account's is "not found". */
    async revokeSession(actor: Actor, currentSessionId: string, publicId: string, meta: RequestMeta) {
      const scoped = database.forActor(actor);
      const rows = await authRepository.listSessions(scoped.db, actor.accountId, clock().toISOString());
      const target = rows.find((r) => publicSessionId(r.id) === publicId);
      if (!target) throw errors.notFound('That session');
      if (target.id === currentSessionId) {
        throw errors.validation(
          { id: 'This is the session you are using. Use “Sign out” instead.' },
          'Use “Sign out” to end the session you are using.',
        );
      }
      await scoped.transaction(async (trx) => {
        await authRepository.deleteSessionOfAccount(trx, actor.accountId, target.id);
        await audit.record(trx, {
          actor,
          action: 'session.revoked',
          target: { type: 'account', id: actor.accountId },
          details: { sessions: 1, browser: describeBrowser(target.user_agent), ip: target.ip },
          meta,
        });
      });
    },

    async revokeOtherSessions(actor: Actor, currentSessionId: string, meta: RequestMeta): Promise<number> {
      return database.forActor(actor).transaction(async (trx) => {
        const ended = await authRepository.deleteSessionsForAccount(trx, actor.accountId, currentSessionId);
        await audit.record(trx, {
          actor,
          action: 'session.revoked',
          target: { type: 'account', id: actor.accountId },
          details: { sessions: ended, others: true },
          meta,
        });
        return ended;
      });
    },

    /**
     * Re-authentication before a sensitive change: the current password, rate limited per account.
     * A wrong password is a field error, not a 401, so the page keeps its session. `db` is the
     * signed-in person's handle (database.forActor).
     */
    async verifyCurrentPassword(db: DbOrTrx, accountId: number, password: string, field = 'currentPassword') {
      const limit = await rateLimiter.hit(`reauth:${accountId}`, REAUTH_LIMIT, windowMs());
      if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);
      const row = await authRepository.findAccountById(db, accountId);
      if (!row || !(await verifyPassword(row.password_hash, password))) {
        throw errors.validation(
          { [field]: 'That is not your current password.' },
          'Enter your current password to confirm it is you.',
        );
      }
      await rateLimiter.reset(`reauth:${accountId}`);
      return row;
    },

    /**
     * An account row through the caller's handle or transaction: the signed-in person's own (profile,
     * MFA) under their scope, or a system handle for a sign-in by link.
     */
    accountIn(db: DbOrTrx, accountId: number): Promise<AccountRow | undefined> {
      return authRepository.findAccountById(db, accountId);
    },

    /** Whether two-factor authentication is required for this account. */
    async mfaRequired(row: AccountRow): Promise<boolean> {
      return mfaRequiredFor(row, await settings.securityPolicy());
    },

    /** The password rules for this account (organisation minimum, not the email). */
    async passwordRules(email?: string | null): Promise<PasswordRules> {
      return { minLength: (await settings.securityPolicy()).passwordMinLength, email: email ?? null };
    },
  };
}
