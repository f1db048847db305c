import type {
  AcceptInvitationBody,
  CreatedInviteLink,
  InvitationDescription,
  InviteLink,
  InviteLinkDescription,
  InviteLinkStatus,
  InviteLinksPage,
  InviteResponse,
  InviteResult,
} from '../../../shared/schemas/invitations.ts';
import { INVITE_LINK_DEFAULT_DAYS } from '../../../shared/schemas/invitations.ts';
import type { Actor, StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { type DbOrTrx, isUniqueViolation, type Trx } from '../../platform/db/db.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { accountsRepository } from '../auth/accounts.repository.ts';
import { authRepository } from '../auth/auth.repository.ts';
import { actorFromRow, type NewSession } from '../auth/auth.service.ts';
import { ipAllowed, ipNotAllowedMessage } from '../auth/ip-allowlist.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { ModuleDeps } from '../deps.ts';
import { directoryService } from '../directory/directory.service.ts';
import { authTokensRepository } from './auth-tokens.repository.ts';
import { assertPasswordAcceptable, generatePassword } from './credentials.ts';
import { type InviteLinkRow, invitationsRepository } from './invitations.repository.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an emailed invitation works. */
export const INVITE_TTL_DAYS = 7;
const JOIN_LIMIT = { perIp: 60, windowMs: 15 * 60_000 };

export type InvitationsService = ReturnType<typeof createInvitationsService>;

/** The plain reasons a link no longer works; each is its own sentence so people know what to do. */
const inviteErrors = {
  invalid: () =>
    new AppError(
      'not_found',
      'This invitation link is not valid. It may have been replaced by a newer invitation; ask your provider to send you a new one.',
    ),
  used: () =>
    new AppError(
      'conflict',
      'This invitation has already been used. Sign in with the password you chose, or reset it if you have forgotten it.',
      { reason: 'link_used' },
    ),
  expired: () =>
    new AppError('conflict', 'This invitation has expired. Ask your provider to send you a new one.', {
      reason: 'link_expired',
    }),
};

export const linkErrors: Record<Exclude<InviteLinkStatus, 'active'> | 'invalid', () => AppError> = {
  invalid: () =>
    new AppError(
      'not_found',
      'This invite link is not valid. Check that you copied the whole address, or ask your provider for a new link.',
    ),
  expired: () =>
    new AppError('conflict', 'This invite link has expired. Ask your provider for a new one.', {
      reason: 'link_expired',
    }),
  'used-up': () =>
    new AppError(
      'conflict',
      'This invite link has been used as many times as it allows. Ask your provider for a new one.',
      { reason: 'link_used_up' },
    ),
  revoked: () =>
    new AppError('conflict', 'This invite link has been withdrawn by your provider and no longer works.', {
      reason: 'link_revoked',
    }),
};

export const EMAIL_EXISTS_MESSAGE =
  'An account with this email already exists. Sign in, or reset your password if you have forgotten it.';

const emailExists = () =>
  new AppError('conflict', EMAIL_EXISTS_MESSAGE, {
    reason: 'email_taken',
    fields: { email: EMAIL_EXISTS_MESSAGE },
  });

const knownContact = (clientName: string) => {
  const message = `${clientName} already has a contact with this email address. Ask your provider to send you an invitation instead.`;
  return new AppError('conflict', message, { reason: 'contact_exists', fields: { email: message } });
};

/** Whether the invitation (its stored data) was sent to this address. */
function sameAddress(data: string, email: string): boolean {
  try {
    const sent = (JSON.parse(data) as { email?: unknown }).email;
    return typeof sent === 'string' && sent === email.trim().toLowerCase();
  } catch {
    return false;
  }
}

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

export function createInvitationsService(deps: ModuleDeps) {
  const { database, clock, audit, email, settings, rateLimiter } = deps;
  /** Invitation and invite-link tokens opened by someone not signed in: no actor until the login exists. */
  const byLink = () => database.system('invitation link');

  async function requireClient(db: DbOrTrx, clientId: number) {
    const client = await invitationsRepository.findClient(db, clientId);
    if (!client) throw errors.notFound('The client');
    return client;
  }

  /** Creates the contact's login from a contact row, inside the caller's transaction. */
  async function insertContactLogin(
    trx: Trx,
    contact: { id: number; name: string; email: string },
    passwordHash: string,
    mustChange: boolean,
  ): Promise<number> {
    return accountsRepository.insert(trx, {
      kind: 'contact',
      email: contact.email.trim().toLowerCase(),
      name: contact.name,
      password_hash: passwordHash,
      staff_role: null,
      contact_id: contact.id,
      must_change_password: mustChange ? 1 : 0,
      at: clock().toISOString(),
    });
  }

  async function actorOf(trx: Trx, accountId: number): Promise<Actor | null> {
    const row = await deps.auth.accountIn(trx, accountId);
    return row ? actorFromRow(row) : null;
  }

  /**
   * Starts a session for someone who has just set their password through a link. The auth hooks
   * then hold the session to the account's duties (two-factor enrolment a client requires).
   */
  async function openSession(
    accountId: number,
    meta: RequestMeta,
  ): Promise<{ actor: Actor; session: NewSession }> {
    // The sign-in that follows accepting an invitation or joining by link: the actor is only now known.
    const scoped = database.system('sign-in after an invitation');
    const row = await deps.auth.accountIn(scoped.db, accountId);
    const actor = row ? actorFromRow(row) : null;
    if (!row || !actor) {
      throw errors.forbidden('Your login is ready, but it cannot sign in at the moment. Ask your provider.');
    }
    // From outside the client's allowed networks the login exists but no session is started.
    if (actor.kind === 'contact' && !ipAllowed(row.client_ip_allowlist, meta.ip)) {
      throw errors.forbidden(`Your login is ready. ${ipNotAllowedMessage(meta.ip)}`);
    }
    const session = await deps.auth.createSession(accountId, false, meta, { db: scoped.db });
    await scoped.transaction(async (trx) => {
      await authRepository.recordLogin(trx, accountId, clock().toISOString());
      await audit.record(trx, {
        actor,
        action: 'auth.login',
        target: { type: 'account', id: accountId },
        details: { via: 'link' },
        meta,
      });
    });
    return { actor, session };
  }

  async function describeInvitation(token: string): Promise<InvitationDescription> {
    const { db } = byLink();
    const row = await authTokensRepository.find(db, 'invite', sha256Hex(token));
    if (!row || row.contact_id === null) return { status: 'invalid' };
    if (row.used_at) return { status: 'used' };
    if (row.expires_at <= clock().toISOString()) return { status: 'expired' };
    const contact = await invitationsRepository.contactForInvite(db, row.contact_id);
    if (
      !contact?.email ||
      contact.status !== 'active' ||
      contact.archived_at ||
      contact.portal_enabled !== 1 ||
      !sameAddress(row.data, contact.email)
    ) {
      return { status: 'invalid' };
    }
    if (contact.account_id !== null) return { status: 'used' };
    return {
      status: 'valid',
      name: contact.name,
      email: contact.email.toLowerCase(),
      clientName: contact.client_name,
    };
  }

  return {
    openSession,

    /** Invites contacts of one client by emailed link, staff-set password or generated password. */
    async invite(
      actor: StaffActor,
      clientId: number,
      body: {
        contactIds: number[];
        method: 'email' | 'password' | 'generated';
        password?: string | undefined;
      },
      meta: RequestMeta,
    ): Promise<InviteResponse> {
      const scoped = database.forActor(actor);
      const client = await requireClient(scoped.db, clientId);
      const contacts = await invitationsRepository.contactsOfClient(scoped.db, clientId, body.contactIds);
      // A contact of another client (or none at all) is not found, whichever of the ids it is.
      if (contacts.length !== body.contactIds.length) throw errors.notFound('A chosen contact');
      if (client.archived_at)
        throw errors.conflict(
          'client_archived',
          `${client.name} is archived. Restore the client before inviting contacts.`,
        );
      if (client.portal_enabled !== 1) {
        throw errors.conflict(
          'portal_disabled',
          `Portal access is switched off for ${client.name}. Switch it on before inviting contacts.`,
        );
      }
      if (body.method === 'password') await assertPasswordAcceptable(deps.auth, body.password ?? '');

      const results = new Map<number, InviteResult>();
      const eligible: { id: number; name: string; email: string }[] = [];
      for (const c of contacts) {
        const skip = (message: string) =>
          results.set(c.id, { contactId: c.id, name: c.name, status: 'skipped', message });
        if (!c.email) skip('No email address. Add one to the contact first.');
        else if (c.status !== 'active') skip('The contact is inactive. Reactivate them first.');
        else if (c.account_id !== null) skip('Already has a portal login.');
        else eligible.push({ id: c.id, name: c.name, email: c.email.trim().toLowerCase() });
      }

      // Hashing is slow: it happens before the transaction so no lock is held meanwhile.
      const prepared = await Promise.all(
        eligible.map(async (c) => {
          if (body.method === 'email') return { contact: c, password: null, hash: null };
          const password = body.method === 'generated' ? generatePassword() : (body.password ?? '');
          return { contact: c, password, hash: await hashPassword(password) };
        }),
      );

      const branding = await settings.branding();
      // One transaction for the batch: every login, token, email and audit row commits together.
      try {
        await scoped.transaction(async (trx) => {
          for (const p of prepared) {
            results.set(p.contact.id, await inviteOne(trx, p));
          }
        });
      } catch (error) {
        // Someone created one of these logins at the same moment (emails and contacts are unique).
        if (!isUniqueViolation(error)) throw error;
        throw errors.conflict(
          'changed_meanwhile',
          'One of these contacts was given a login meanwhile. Reload the list and try again.',
        );
      }

      async function inviteOne(
        trx: Trx,
        p: {
          contact: { id: number; name: string; email: string };
          password: string | null;
          hash: string | null;
        },
      ): Promise<InviteResult> {
        const c = p.contact;
        if (await accountsRepository.emailTaken(trx, c.email)) {
          return {
            contactId: c.id,
            name: c.name,
            status: 'skipped',
            message: `Another login already uses ${c.email}.`,
          };
        }
        // Whatever the method, an older emailed invitation of this contact stops working.
        await authTokensRepository.deleteUnusedForContact(trx, 'invite', c.id);
        if (body.method === 'email') {
          const token = randomToken(32);
          const now = clock();
          await authTokensRepository.insert(trx, {
            id: sha256Hex(token),
            kind: 'invite',
            account_id: null,
            contact_id: c.id,
            expires_at: new Date(now.getTime() + INVITE_TTL_DAYS * DAY_MS).toISOString(),
            created_by: actor.accountId,
            created_at: now.toISOString(),
            data: JSON.stringify({ email: c.email }),
          });
          await email.send(
            trx,
            { email: c.email, name: c.name },
            {
              subject: `You are invited to ${branding.portalName}`,
              heading: `Welcome to ${branding.portalName}`,
              paragraphs: [
                `Hello ${c.name},`,
                `${actor.name} of ${branding.organisationName} has invited you to ${branding.portalName}, the client portal for ${client.name}.`,
                'Choose a password to activate your login. You will sign in with this email address.',
              ],
              action: {
                label: 'Choose your password',
                url: email.link(`/portal/invite?token=${encodeURIComponent(token)}`),
              },
              note: `This link works once and expires in ${INVITE_TTL_DAYS} days. If you were not expecting this invitation, you can ignore this email.`,
            },
            { clientId },
          );
          await audit.record(trx, {
            actor,
            action: 'portal.invited',
            clientId,
            target: { type: 'contact', id: c.id },
            details: { method: 'email', expiresInDays: INVITE_TTL_DAYS },
            meta,
          });
          return {
            contactId: c.id,
            name: c.name,
            status: 'invited',
            message: `Invitation emailed to ${c.email}.`,
          };
        }
        await insertContactLogin(trx, c, p.hash ?? '', true);
        await audit.record(trx, {
          actor,
          action: 'portal.password_set_by_staff',
          clientId,
          target: { type: 'contact', id: c.id },
          details: { method: body.method },
          meta,
        });
        return {
          contactId: c.id,
          name: c.name,
          status: 'created',
          message: `Login created for ${c.email}; they choose a new password when they first sign in.`,
          ...(body.method === 'generated' && p.password ? { generatedPassword: p.password } : {}),
        };
      }
      return { results: body.contactIds.map((id) => results.get(id)!) };
    },

    describeInvitation,

    /** Spends the invitation, creates the login with the chosen password; the route then signs in. */
    async acceptInvitation(input: AcceptInvitationBody, meta: RequestMeta): Promise<{ accountId: number }> {
      // Say plainly why a link does not work before judging the password chosen with it.
      const described = await describeInvitation(input.token);
      if (described.status === 'used') throw inviteErrors.used();
      if (described.status === 'expired') throw inviteErrors.expired();
      if (described.status !== 'valid') throw inviteErrors.invalid();
      await assertPasswordAcceptable(deps.auth, input.password, { email: described.email ?? null });
      const hash = await hashPassword(input.password);
      const tokenHash = sha256Hex(input.token);
      try {
        return await byLink().transaction(async (trx) => {
          const now = clock().toISOString();
          const spent = await authTokensRepository.consume(trx, 'invite', tokenHash, now);
          if (!spent || spent.contact_id === null) {
            const row = await authTokensRepository.find(trx, 'invite', tokenHash);
            if (!row || row.contact_id === null) throw inviteErrors.invalid();
            throw row.used_at ? inviteErrors.used() : inviteErrors.expired();
          }
          const contact = await invitationsRepository.contactForInvite(trx, spent.contact_id);
          // A link sent to one address never makes a login for another (the contact's email changed since).
          if (!contact?.email || contact.status !== 'active' || !sameAddress(spent.data, contact.email)) {
            throw inviteErrors.invalid();
          }
          if (contact.archived_at || contact.portal_enabled !== 1) {
            throw errors.forbidden('Portal access for your organisation is switched off. Ask your provider.');
          }
          if (contact.account_id !== null) throw inviteErrors.used();
          const contactEmail = contact.email.trim().toLowerCase();
          if (await accountsRepository.emailTaken(trx, contactEmail))
            throw errors.conflict('email_taken', EMAIL_EXISTS_MESSAGE);
          const accountId = await insertContactLogin(
            trx,
            { id: contact.id, name: contact.name, email: contactEmail },
            hash,
            false,
          );
          const newActor = await actorOf(trx, accountId);
          await audit.record(trx, {
            actor: newActor ?? { anonymous: contactEmail },
            action: 'portal.invite_accepted',
            clientId: contact.client_id,
            target: { type: 'contact', id: contact.id },
            meta,
          });
          return { accountId };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw inviteErrors.used();
        throw error;
      }
    },

    /* Shareable invite links */

    async createLink(
      actor: StaffActor,
      clientId: number,
      input: { expiresInDays?: number | undefined; maxUses?: number | null | undefined },
      meta: RequestMeta,
    ): Promise<CreatedInviteLink> {
      const scoped = database.forActor(actor);
      const client = await requireClient(scoped.db, clientId);
      if (client.archived_at)
        throw errors.conflict('client_archived', `${client.name} is archived. Restore the client first.`);
      if (client.portal_enabled !== 1) {
        throw errors.conflict(
          'portal_disabled',
          `Portal access is switched off for ${client.name}. Switch it on first.`,
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
      if (!row) throw errors.notFound('The invite link');
      return {
        link: presentLink(row, clock().toISOString()),
        url: email.link(`/portal/join?token=${encodeURIComponent(token)}`),
      };
    },

    async listLinks(
      actor: StaffActor,
      clientId: number,
      query: { cursor?: string | undefined; limit: number },
    ): Promise<InviteLinksPage> {
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
    },

    async revokeLink(
      actor: StaffActor,
      clientId: number,
      id: number,
      meta: RequestMeta,
    ): Promise<InviteLink> {
      const scoped = database.forActor(actor);
      const existing = await invitationsRepository.findLink(scoped.db, clientId, id);
      if (!existing) throw errors.notFound('The invite link');
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
      if (!row) throw errors.notFound('The invite link');
      return presentLink(row, clock().toISOString());
    },

    async describeLink(token: string): Promise<InviteLinkDescription> {
      const branding = await settings.branding();
      const base = { organisationName: branding.organisationName, portalName: branding.portalName };
      const row = await invitationsRepository.linkByHash(byLink().db, sha256Hex(token));
      if (!row || row.archived_at || row.portal_enabled !== 1) return { ...base, status: 'invalid' };
      const status = linkStatus(row, clock().toISOString());
      return status === 'active' ? { ...base, status, clientName: row.client_name } : { ...base, status };
    },

    /** Creates a Standard contact and login for whoever holds an active link; the route signs them in. */
    async join(
      input: { token: string; name: string; email: string; password: string },
      meta: RequestMeta,
    ): Promise<{ accountId: number }> {
      const limited = await rateLimiter.hit(
        `invite-link:join:${meta.ip}`,
        JOIN_LIMIT.perIp,
        JOIN_LIMIT.windowMs,
      );
      if (!limited.allowed) throw errors.rateLimited(limited.retryAfterSeconds);
      const tokenHash = sha256Hex(input.token);
      const scoped = byLink();
      // Say plainly why a link does not work before asking anything else of the person.
      const before = await invitationsRepository.linkByHash(scoped.db, tokenHash);
      if (!before || before.archived_at || before.portal_enabled !== 1) throw linkErrors.invalid();
      const status = linkStatus(before, clock().toISOString());
      if (status !== 'active') throw linkErrors[status]();
      if (await accountsRepository.emailTaken(scoped.db, input.email)) throw emailExists();
      if (await invitationsRepository.contactEmailInClient(scoped.db, before.client_id, input.email)) {
        throw knownContact(before.client_name);
      }
      await assertPasswordAcceptable(deps.auth, input.password, { email: input.email });
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
          if (await accountsRepository.emailTaken(trx, input.email)) throw emailExists();
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
          const newActor = await actorOf(trx, accountId);
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
    },
  };
}
