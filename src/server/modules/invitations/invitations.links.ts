import { message } from '../../../shared/i18n/i18n.ts';
import type {
  CreatedInviteLink,
  InviteLink,
  InviteLinkDescription,
  InviteLinkStatus,
  InviteLinksPage,
} from '../../../shared/schemas/invitations.ts';
import { INVITE_LINK_DEFAULT_DAYS } from '../../../shared/schemas/invitations.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { isUniqueViolation } from '../../platform/db/db.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { hashPassword } from '../auth/passwords.ts';
import { directoryService } from '../directory/directory.service.ts';
import { identity } from '../identity/identity.service.ts';
import { assertPasswordAcceptable } from './credentials.ts';
import {
  actorOf,
  byLink,
  DAY_MS,
  EMAIL_EXISTS_MESSAGE,
  type InvitationsContext,
  requireClient,
} from './invitations.context.ts';
import { type InviteLinkRow, invitationsRepository } from './invitations.repository.ts';

const JOIN_LIMIT = { perIp: 60, windowMs: 15 * 60_000 };

export const linkErrors: Record<Exclude<InviteLinkStatus, 'active'> | 'invalid', () => AppError> = {
  invalid: () => new AppError('not_found', message('errors:invitations.inviteLinkInvalid')),
  expired: () =>
    new AppError('conflict', message('errors:invitations.inviteLinkExpired'), {
      reason: 'link_expired',
    }),
  'used-up': () =>
    new AppError('conflict', message('errors:invitations.inviteLinkUsedUp'), { reason: 'link_used_up' }),
  revoked: () =>
    new AppError('conflict', message('errors:invitations.inviteLinkRevoked'), {
      reason: 'link_revoked',
    }),
};

const emailExists = () =>
  new AppError('conflict', EMAIL_EXISTS_MESSAGE, {
    reason: 'email_taken',
    fields: { email: EMAIL_EXISTS_MESSAGE },
  });

const knownContact = (clientName: string) => {
  const text = message('errors:invitations.knownContact', { client: clientName });
  return new AppError('conflict', text, { reason: 'contact_exists', fields: { email: text } });
};

function linkStatus(
  row: { revoked_at: string | null; expires_at: string; max_uses: number | null; uses: number },
  now: string,
): InviteLinkStatus {
  if (row.revoked_at) return 'revoked';
  if (row.expires_at <= now) return 'expired';
  if (row.max_uses !== null && row.uses >= row.max_uses) return 'used-up';
  return 'active';
}

function presentLink(row: InviteLinkRow, now: string): InviteLink {
  return {
    id: row.id,
    status: linkStatus(row, now),
    uses: row.uses,
    maxUses: row.max_uses,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
    createdBy: row.created_by_name,
  };
}

export async function createLink(
  ctx: InvitationsContext,
  actor: StaffActor,
  clientId: number,
  input: { expiresInDays?: number | undefined; maxUses?: number | null | undefined },
  meta: RequestMeta,
): Promise<CreatedInviteLink> {
  const { database, clock, audit, email } = ctx;
  const scoped = database.forActor(actor);
  const client = await requireClient(scoped.db, clientId);
  if (client.archived_at)
    throw errors.conflict(
      'client_archived',
      message('errors:invitations.clientArchived', { client: client.name }),
    );
  if (client.portal_enabled !== 1) {
    throw errors.conflict(
      'portal_disabled',
      message('errors:invitations.portalOff', { client: client.name }),
    );
  }
  const days = input.expiresInDays ?? INVITE_LINK_DEFAULT_DAYS;
  const maxUses = input.maxUses ?? null;
  const token = randomToken(32);
  const now = clock();
  const id = await scoped.transaction(async (trx) => {
    const linkId = await invitationsRepository.insertLink(trx, {
      client_id: clientId,
      token_hash: sha256Hex(token),
      expires_at: new Date(now.getTime() + days * DAY_MS).toISOString(),
      max_uses: maxUses,
      created_by: actor.accountId,
      created_at: now.toISOString(),
    });
    await audit.record(trx, {
      actor,
      action: 'portal.invite_link_created',
      clientId,
      target: { type: 'invite_link', id: linkId },
      details: { expiresInDays: days, maxUses },
      meta,
    });
    return linkId;
  });
  const row = await invitationsRepository.findLink(scoped.db, clientId, id);
  if (!row) throw errors.notFound(message('errors:notFound.inviteLink'));
  return {
    link: presentLink(row, clock().toISOString()),
    url: email.link(`/portal/join?token=${encodeURIComponent(token)}`),
  };
}

export async function listLinks(
  ctx: InvitationsContext,
  actor: StaffActor,
  clientId: number,
  query: { cursor?: string | undefined; limit: number },
): Promise<InviteLinksPage> {
  const { database, clock } = ctx;
  const { db } = database.forActor(actor);
  await requireClient(db, clientId);
  const cursor = decodeCursor(query.cursor);
  const rows = await invitationsRepository.listLinks(db, clientId, {
    beforeId: cursor?.id ?? null,
    limit: query.limit + 1,
  });
  const now = clock().toISOString();
  const page = pageOf(rows, query.limit, () => null);
  return { items: page.items.map((r) => presentLink(r, now)), nextCursor: page.nextCursor };
}

export async function revokeLink(
  ctx: InvitationsContext,
  actor: StaffActor,
  clientId: number,
  id: number,
  meta: RequestMeta,
): Promise<InviteLink> {
  const { database, clock, audit } = ctx;
  const scoped = database.forActor(actor);
  const existing = await invitationsRepository.findLink(scoped.db, clientId, id);
  if (!existing) throw errors.notFound(message('errors:notFound.inviteLink'));
  if (!existing.revoked_at) {
    await scoped.transaction(async (trx) => {
      await invitationsRepository.revokeLink(trx, clientId, id, clock().toISOString());
      await audit.record(trx, {
        actor,
        action: 'portal.invite_link_revoked',
        clientId,
        target: { type: 'invite_link', id },
        meta,
      });
    });
  }
  const row = await invitationsRepository.findLink(scoped.db, clientId, id);
  if (!row) throw errors.notFound(message('errors:notFound.inviteLink'));
  return presentLink(row, clock().toISOString());
}

export async function describeLink(ctx: InvitationsContext, token: string): Promise<InviteLinkDescription> {
  const { clock, settings } = ctx;
  const branding = await settings.branding();
  const base = { organisationName: branding.organisationName, portalName: branding.portalName };
  const row = await invitationsRepository.linkByHash(byLink(ctx).db, sha256Hex(token));
  if (!row || row.archived_at || row.portal_enabled !== 1) return { ...base, status: 'invalid' };
  const status = linkStatus(row, clock().toISOString());
  return status === 'active' ? { ...base, status, clientName: row.client_name } : { ...base, status };
}

/** Creates a Standard contact and login for whoever holds an active link; the route signs them in. */
export async function joinByLink(
  ctx: InvitationsContext,
  input: { token: string; name: string; email: string; password: string },
  meta: RequestMeta,
): Promise<{ accountId: number }> {
  const { clock, audit, rateLimiter, auth } = ctx;
  const limited = await rateLimiter.hit(`invite-link:join:${meta.ip}`, JOIN_LIMIT.perIp, JOIN_LIMIT.windowMs);
  if (!limited.allowed) throw errors.rateLimited(limited.retryAfterSeconds);
  const tokenHash = sha256Hex(input.token);
  const scoped = byLink(ctx);
  // Say plainly why a link does not work before asking anything else of the person.
  const before = await invitationsRepository.linkByHash(scoped.db, tokenHash);
  if (!before || before.archived_at || before.portal_enabled !== 1) throw linkErrors.invalid();
  const status = linkStatus(before, clock().toISOString());
  if (status !== 'active') throw linkErrors[status]();
  if (await identity.emailTaken(scoped.db, input.email)) throw emailExists();
  if (await invitationsRepository.contactEmailInClient(scoped.db, before.client_id, input.email)) {
    throw knownContact(before.client_name);
  }
  await assertPasswordAcceptable(auth, input.password, { email: input.email });
  const hash = await hashPassword(input.password);
  try {
    return await scoped.transaction(async (trx) => {
      const now = clock().toISOString();
      const claimed = await invitationsRepository.claimLinkUse(trx, tokenHash, now);
      if (!claimed) {
        const row = await invitationsRepository.linkByHash(trx, tokenHash);
        const why = row ? linkStatus(row, now) : 'invalid';
        throw linkErrors[why === 'active' ? 'invalid' : why]();
      }
      if (await identity.emailTaken(trx, input.email)) throw emailExists();
      // Joining never takes over a contact staff already keep, whose access may be wider than Standard.
      if (await invitationsRepository.contactEmailInClient(trx, claimed.client_id, input.email)) {
        throw knownContact(before.client_name);
      }
      const { contactId, accountId } = await directoryService.createContact(trx, clock, {
        clientId: claimed.client_id,
        name: input.name,
        email: input.email,
        presets: ['standard'],
        passwordHash: hash,
      });
      if (accountId === null) throw new Error('the login was not created');
      const newActor = await actorOf(ctx, trx, accountId);
      await audit.record(trx, {
        actor: newActor ?? { anonymous: input.email },
        action: 'portal.invite_link_used',
        clientId: claimed.client_id,
        target: { type: 'invite_link', id: claimed.id },
        details: { contactId },
        meta,
      });
      return { accountId };
    });
  } catch (error) {
    // Two people joined with one email at the same moment: the second is told as above.
    if (isUniqueViolation(error)) throw emailExists();
    throw error;
  }
}
