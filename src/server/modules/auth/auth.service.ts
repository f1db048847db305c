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
import type { Database } from '../../platform/db/db.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { RateLimiter } from '../../platform/rate-limit.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { type AccountRow, authRepository, type SessionRow } from './auth.repository.ts';
import { verifyPassword } from './passwords.ts';

export interface SessionInfo {
  id: string;
  accountId: number;
}

export interface NewSession {
  token: string;
  maxAgeSeconds: number | null;
}

const MINUTE = 60_000;
/** last_seen_at is written at most this often, so reads do not turn into writes on every request. */
const TOUCH_INTERVAL_MS = MINUTE;

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

  async function createSession(
    accountId: number,
    remember: boolean,
    meta: { ip: string; userAgent: string },
    options: { previewContactId?: number } = {},
  ): Promise<NewSession> {
    const token = randomToken(32);
    const now = clock();
    await authRepository.insertSession(database.db, {
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
  async function previewActor(staff: Actor & { kind: 'staff' }, contactId: number): Promise<Actor | null> {
    const contact = await authRepository.findContactForPreview(database.db, contactId);
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

  return {
    createSession,

    /**
     * Checks the credentials. Attempts are counted before the password is checked, per IP and per
     * account, so parallel guesses cannot outrun the limit; the windows are timed, so nobody is locked
     * out for good. A wrong email and a wrong password get the same answer in the same time.
     */
    async login(
      input: { email: string; password: string; remember: boolean },
      meta: { ip: string; userAgent: string },
    ): Promise<{ actor: Actor; session: NewSession }> {
      const windowMs = config.loginLimits.windowMinutes * MINUTE;
      const byIp = await rateLimiter.hit(`login:ip:${meta.ip}`, config.loginLimits.perIp, windowMs);
      const accountKey = `login:account:${input.email}`;
      const byAccount = await rateLimiter.hit(accountKey, config.loginLimits.perAccount, windowMs);
      if (!byIp.allowed || !byAccount.allowed) {
        throw errors.rateLimited(
          Math.max(
            byIp.allowed ? 0 : byIp.retryAfterSeconds,
            byAccount.allowed ? 0 : byAccount.retryAfterSeconds,
          ),
        );
      }
      const row = await authRepository.findAccountByEmail(database.db, input.email);
      const ok = await verifyPassword(row?.password_hash ?? null, input.password);
      if (!row || !ok) {
        await audit.record(database.db, {
          actor: { anonymous: input.email },
          action: 'auth.login_failed',
          clientId: row?.client_id ?? null,
          ...(row ? { target: { type: 'account', id: row.id } } : {}),
          details: { reason: row ? 'wrong password' : 'unknown email' },
          meta,
        });
        throw new AppError('invalid_credentials', 'The email or password is incorrect.');
      }
      const actor = actorFromRow(row);
      if (!actor) {
        throw errors.forbidden(
          'This account cannot sign in at the moment. Ask your provider to reactivate it.',
        );
      }
      await rateLimiter.reset(accountKey);
      const session = await createSession(row.id, input.remember, meta);
      await authRepository.recordLogin(database.db, row.id, clock().toISOString());
      await audit.record(database.db, {
        actor,
        action: 'auth.login',
        target: { type: 'account', id: row.id },
        meta,
      });
      return { actor, session };
    },

    async logout(sessionId: string, actor?: Actor | null, meta?: RequestMeta): Promise<void> {
      await authRepository.deleteSession(database.db, sessionId);
      if (actor && !(actor.kind === 'contact' && actor.previewBy)) {
        await audit.record(database.db, { actor, action: 'auth.logout', ...(meta ? { meta } : {}) });
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
      const row: SessionRow | undefined = await authRepository.findSession(database.db, sessionId);
      if (!row) return { status: 'none' };
      const now = clock();
      const nowIso = now.toISOString();
      if (row.absolute_expires_at <= nowIso || row.idle_expires_at <= nowIso) {
        await authRepository.deleteSession(database.db, sessionId);
        return { status: 'expired' };
      }
      let actor = actorFromRow(row);
      if (actor?.kind === 'staff' && row.preview_contact_id !== null) {
        actor = await previewActor(actor, row.preview_contact_id);
      }
      if (!actor) {
        await authRepository.deleteSession(database.db, sessionId);
        return { status: 'none' };
      }
      if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
        const idle = new Date(now.getTime() + idleMs(row.remember === 1));
        const absolute = new Date(row.absolute_expires_at);
        await authRepository.touchSession(
          database.db,
          sessionId,
          nowIso,
          (idle < absolute ? idle : absolute).toISOString(),
        );
      }
      return { status: 'ok', actor, session: { id: sessionId, accountId: row.id } };
    },

    async me(actor: Actor, csrfToken: string): Promise<Me> {
      if (actor.kind === 'staff') {
        return {
          kind: 'staff',
          id: actor.accountId,
          name: actor.name,
          email: actor.email,
          role: actor.role,
          permissions: [...actor.permissions],
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
        csrfToken,
      };
    },

    async purgeExpiredSessions(): Promise<number> {
      return authRepository.deleteExpiredSessions(database.db, clock().toISOString());
    },
  };
}
