import { message } from '../../../shared/i18n/i18n.ts';
import type { ContactPreset, ContactSwitches } from '../../../shared/permissions.ts';
import { contactPresets, effectivePermissions } from '../../../shared/permissions.ts';
import type { Me } from '../../../shared/schemas/auth.ts';
import type { Actor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { identity, type SessionRow } from '../identity/identity.service.ts';
import { actorFromRow, gateFor, mfaRequiredFor, parseJson, publicSessionId } from './auth.actor.ts';
import {
  type AuthContext,
  idleMs,
  type PublicSession,
  type SessionInfo,
  sessionLookup,
  TOUCH_INTERVAL_MS,
} from './auth.context.ts';
import { authRepository } from './auth.repository.ts';
import { purgeThrottles } from './auth.throttle.ts';
import { describeBrowser } from './user-agent.ts';

/** The portal as the contact sees it, for a staff user previewing it. */
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

export async function logout(
  ctx: AuthContext,
  sessionId: string,
  actor?: Actor | null,
  meta?: RequestMeta,
): Promise<void> {
  const { database, audit } = ctx;
  const own = actor && !(actor.kind === 'contact' && actor.previewBy) ? actor : null;
  // The person's own session under their scope. Without one, this is the browser's old session
  // ended by a new sign-in, or a preview's, which is the staff account's (outside the previewed
  // client's scope): both are the cookie's session, named by its hash.
  const { db } = own ? database.forActor(own) : database.system('sign-out of the cookie’s session');
  await identity.deleteSession(db, sessionId);
  if (own) {
    await audit.record(db, { actor: own, action: 'auth.logout', ...(meta ? { meta } : {}) });
  }
}

/**
 * Resolves the session cookie to an actor in one query. Expired sessions are deleted and reported
 * so the caller can say "session expired" rather than "sign in".
 */
export async function resolveSession(
  ctx: AuthContext,
  token: string,
): Promise<
  { status: 'ok'; actor: Actor; session: SessionInfo } | { status: 'expired' } | { status: 'none' }
> {
  const { clock, settings } = ctx;
  if (token.length < 20 || token.length > 100) return { status: 'none' };
  const sessionId = sha256Hex(token);
  const { db } = sessionLookup(ctx);
  const row: SessionRow | undefined = await identity.session(db, sessionId);
  if (!row) return { status: 'none' };
  const now = clock();
  const nowIso = now.toISOString();
  if (row.absolute_expires_at <= nowIso || row.idle_expires_at <= nowIso) {
    await identity.deleteSession(db, sessionId);
    return { status: 'expired' };
  }
  let actor = actorFromRow(row);
  const preview = actor?.kind === 'staff' && row.preview_contact_id !== null;
  if (actor?.kind === 'staff' && row.preview_contact_id !== null) {
    actor = await previewActor(db, actor, row.preview_contact_id);
  }
  if (!actor) {
    await identity.deleteSession(db, sessionId);
    return { status: 'none' };
  }
  if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
    const idle = new Date(now.getTime() + idleMs(ctx, row.remember === 1));
    const absolute = new Date(row.absolute_expires_at);
    await identity.touchSession(db, sessionId, nowIso, (idle < absolute ? idle : absolute).toISOString());
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
}

export async function me(ctx: AuthContext, actor: Actor, csrfToken: string): Promise<Me> {
  const { database, settings } = ctx;
  const row =
    actor.kind === 'contact' && actor.previewBy
      ? undefined
      : await identity.accountById(database.forActor(actor).db, actor.accountId);
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
}

/** The hourly sweep: expired sessions, spent challenges, and throttling rows with nothing left to tell. */
export async function purgeExpiredSessions(ctx: AuthContext): Promise<number> {
  const { database, clock } = ctx;
  const now = clock().toISOString();
  const { db } = database.system('sweep of expired sessions, sign-in challenges and throttling');
  await identity.deleteDeadChallenges(db, now);
  await purgeThrottles(ctx, db);
  return identity.deleteExpiredSessions(db, now);
}

/**
 * Ends every session of an account but `exceptSessionId` (a password change, reset or accepted
 * invitation). Pass the transaction the change is written in.
 */
export function endAllSessions(
  _ctx: AuthContext,
  db: DbOrTrx,
  accountId: number,
  exceptSessionId?: string,
): Promise<number> {
  return identity.deleteSessionsOfAccount(db, accountId, exceptSessionId);
}

/** The signed-in person's live sessions, newest activity first, the current one marked. */
export async function listSessions(
  ctx: AuthContext,
  actor: Actor,
  currentSessionId: string | null,
): Promise<PublicSession[]> {
  const { database, clock } = ctx;
  const { db } = database.forActor(actor);
  const rows = await identity.listSessions(db, actor.accountId, clock().toISOString());
  return rows.map((r) => ({
    id: publicSessionId(r.id),
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    ip: r.ip,
    browser: describeBrowser(r.user_agent),
    current: r.id === currentSessionId,
  }));
}

/** Signs out one of the person's own sessions by its public id; another account's is "not found". */
export async function revokeSession(
  ctx: AuthContext,
  actor: Actor,
  currentSessionId: string,
  publicId: string,
  meta: RequestMeta,
) {
  const { database, clock, audit } = ctx;
  const scoped = database.forActor(actor);
  const rows = await identity.listSessions(scoped.db, actor.accountId, clock().toISOString());
  const target = rows.find((r) => publicSessionId(r.id) === publicId);
  if (!target) throw errors.notFound(message('errors:notFound.session'));
  if (target.id === currentSessionId) {
    throw errors.validation(
      { id: message('errors:sessions.currentField') },
      message('errors:sessions.current'),
    );
  }
  await scoped.transaction(async (trx) => {
    await identity.deleteSessionOfAccount(trx, actor.accountId, target.id);
    await audit.record(trx, {
      actor,
      action: 'session.revoked',
      target: { type: 'account', id: actor.accountId },
      details: { sessions: 1, browser: describeBrowser(target.user_agent), ip: target.ip },
      meta,
    });
  });
}

export async function revokeOtherSessions(
  ctx: AuthContext,
  actor: Actor,
  currentSessionId: string,
  meta: RequestMeta,
): Promise<number> {
  const { database, audit } = ctx;
  return database.forActor(actor).transaction(async (trx) => {
    const ended = await identity.deleteSessionsOfAccount(trx, actor.accountId, currentSessionId);
    await audit.record(trx, {
      actor,
      action: 'session.revoked',
      target: { type: 'account', id: actor.accountId },
      details: { sessions: ended, others: true },
      meta,
    });
    return ended;
  });
}
