import { type Message, message, translate } from '../../../shared/i18n/i18n.ts';
import { DEFAULT_LANGUAGE } from '../../../shared/i18n/languages.ts';
import type {
  AcceptInvitationBody,
  InvitationDescription,
  InviteResponse,
  InviteResult,
} from '../../../shared/schemas/invitations.ts';
import type { Actor, StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { isUniqueViolation, type Trx } from '../../platform/db/db.ts';
import { emailMessage as m } from '../../platform/email-template.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { actorFromRow, type NewSession } from '../auth/auth.service.ts';
import { ipAllowed } from '../auth/ip-allowlist.ts';
import { hashPassword } from '../auth/passwords.ts';
import { identity } from '../identity/identity.service.ts';
import { portalNameOf } from '../settings/settings.service.ts';
import { assertPasswordAcceptable, generatePassword } from './credentials.ts';
import {
  actorOf,
  byLink,
  DAY_MS,
  EMAIL_EXISTS_MESSAGE,
  type InvitationsContext,
  requireClient,
} from './invitations.context.ts';
import { invitationsRepository } from './invitations.repository.ts';

/** How long an emailed invitation works. */
export const INVITE_TTL_DAYS = 7;

/** The plain reasons a link no longer works; each is its own sentence so people know what to do. */
const inviteErrors = {
  invalid: () => new AppError('not_found', message('errors:invitations.linkInvalid')),
  used: () => new AppError('conflict', message('errors:invitations.used'), { reason: 'link_used' }),
  expired: () =>
    new AppError('conflict', message('errors:invitations.expired'), {
      reason: 'link_expired',
    }),
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

/** Creates the contact's login from a contact row, inside the caller's transaction. */
async function insertContactLogin(
  ctx: InvitationsContext,
  trx: Trx,
  contact: { id: number; name: string; email: string },
  passwordHash: string,
  mustChange: boolean,
): Promise<number> {
  const { clock } = ctx;
  return identity.insertAccount(trx, {
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

/**
 * Starts a session for someone who has just set their password through a link. The auth hooks
 * then hold the session to the account's duties (two-factor enrolment a client requires).
 */
export async function openSession(
  ctx: InvitationsContext,
  accountId: number,
  meta: RequestMeta,
): Promise<{ actor: Actor; session: NewSession }> {
  const { database, clock, audit, auth } = ctx;
  // The sign-in that follows accepting an invitation or joining by link: the actor is only now known.
  const scoped = database.system('sign-in after an invitation');
  const row = await auth.accountIn(scoped.db, accountId);
  const actor = row ? actorFromRow(row) : null;
  if (!row || !actor) {
    throw errors.forbidden(message('errors:invitations.loginCannotSignIn'));
  }
  // From outside the client's allowed networks the login exists but no session is started.
  if (actor.kind === 'contact' && !ipAllowed(row.client_ip_allowlist, meta.ip)) {
    throw errors.forbidden(message('errors:invitations.loginReadyIpNotAllowed', { ip: meta.ip }));
  }
  const session = await auth.createSession(accountId, false, meta, { db: scoped.db });
  await scoped.transaction(async (trx) => {
    await identity.recordLogin(trx, accountId, clock().toISOString());
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

export async function describeInvitation(
  ctx: InvitationsContext,
  token: string,
): Promise<InvitationDescription> {
  const { clock } = ctx;
  const { db } = byLink(ctx);
  const row = await identity.findToken(db, 'invite', sha256Hex(token));
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

/** Invites contacts of one client by emailed link, staff-set password or generated password. */
export async function inviteContacts(
  ctx: InvitationsContext,
  actor: StaffActor,
  clientId: number,
  body: {
    contactIds: number[];
    method: 'email' | 'password' | 'generated';
    password?: string | undefined;
  },
  meta: RequestMeta,
  /** The reader's language, for each result's sentence. */
  language: string = DEFAULT_LANGUAGE,
): Promise<InviteResponse> {
  const { database, clock, audit, email, settings, auth } = ctx;
  const scoped = database.forActor(actor);
  const client = await requireClient(scoped.db, clientId);
  const contacts = await invitationsRepository.contactsOfClient(scoped.db, clientId, body.contactIds);
  // A contact of another client (or none at all) is not found, whichever of the ids it is.
  if (contacts.length !== body.contactIds.length)
    throw errors.notFound(message('errors:notFound.chosenContact'));
  if (client.archived_at)
    throw errors.conflict(
      'client_archived',
      message('errors:invitations.clientArchivedInvite', { client: client.name }),
    );
  if (client.portal_enabled !== 1) {
    throw errors.conflict(
      'portal_disabled',
      message('errors:invitations.portalOffInvite', { client: client.name }),
    );
  }
  if (body.method === 'password') await assertPasswordAcceptable(auth, body.password ?? '');

  const results = new Map<number, InviteResult>();
  const eligible: { id: number; name: string; email: string }[] = [];
  for (const c of contacts) {
    const skip = (why: Message['key']) =>
      results.set(c.id, {
        contactId: c.id,
        name: c.name,
        status: 'skipped',
        message: translate(language, why),
      });
    if (!c.email) skip('common:invitations.result.noEmail');
    else if (c.status !== 'active') skip('common:invitations.result.inactive');
    else if (c.account_id !== null) skip('common:invitations.result.hasLogin');
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
    throw errors.conflict('changed_meanwhile', message('errors:invitations.loginGivenMeanwhile'));
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
    if (await identity.emailTaken(trx, c.email)) {
      return {
        contactId: c.id,
        name: c.name,
        status: 'skipped',
        message: translate(language, 'common:invitations.result.emailTaken', { email: c.email }),
      };
    }
    // Whatever the method, an older emailed invitation of this contact stops working.
    await identity.deleteUnusedTokensOfContact(trx, 'invite', c.id);
    if (body.method === 'email') {
      const token = randomToken(32);
      const now = clock();
      await identity.insertToken(trx, {
        id: sha256Hex(token),
        kind: 'invite',
        account_id: null,
        contact_id: c.id,
        expires_at: new Date(now.getTime() + INVITE_TTL_DAYS * DAY_MS).toISOString(),
        created_by: actor.accountId,
        created_at: now.toISOString(),
        data: JSON.stringify({ email: c.email }),
      });
      // The invitation speaks the contact's language (their own, else their client's).
      const contactLanguage = (
        await identity.languages(trx, { contactIds: [c.id], accountIds: [] })
      ).contacts.get(c.id);
      const names = {
        name: c.name,
        inviter: actor.name,
        org: branding.organisationName,
        portal: portalNameOf(branding),
        client: client.name,
      };
      const personal = Object.keys(names);
      await email.send(
        trx,
        { email: c.email, name: c.name, language: contactLanguage ?? null },
        {
          subject: m('emails:invite.subject', names, personal),
          heading: m('emails:invite.heading', names, personal),
          paragraphs: [
            m('emails:hello', names, personal),
            m('emails:invite.body', names, personal),
            m('emails:invite.choose'),
          ],
          action: {
            label: m('emails:invite.action'),
            url: email.link(`/portal/invite?token=${encodeURIComponent(token)}`),
          },
          note: m('emails:invite.note', { days: INVITE_TTL_DAYS }),
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
        message: translate(language, 'common:invitations.result.invited', { email: c.email }),
      };
    }
    await insertContactLogin(ctx, trx, c, p.hash ?? '', true);
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
      message: translate(language, 'common:invitations.result.created', { email: c.email }),
      ...(body.method === 'generated' && p.password ? { generatedPassword: p.password } : {}),
    };
  }
  return { results: body.contactIds.map((id) => results.get(id)!) };
}

/** Spends the invitation, creates the login with the chosen password; the route then signs in. */
export async function acceptInvitation(
  ctx: InvitationsContext,
  input: AcceptInvitationBody,
  meta: RequestMeta,
): Promise<{ accountId: number }> {
  const { clock, audit, auth } = ctx;
  // Say plainly why a link does not work before judging the password chosen with it.
  const described = await describeInvitation(ctx, input.token);
  if (described.status === 'used') throw inviteErrors.used();
  if (described.status === 'expired') throw inviteErrors.expired();
  if (described.status !== 'valid') throw inviteErrors.invalid();
  await assertPasswordAcceptable(auth, input.password, { email: described.email ?? null });
  const hash = await hashPassword(input.password);
  const tokenHash = sha256Hex(input.token);
  try {
    return await byLink(ctx).transaction(async (trx) => {
      const now = clock().toISOString();
      const spent = await identity.consumeToken(trx, 'invite', tokenHash, now);
      if (!spent || spent.contact_id === null) {
        const row = await identity.findToken(trx, 'invite', tokenHash);
        if (!row || row.contact_id === null) throw inviteErrors.invalid();
        throw row.used_at ? inviteErrors.used() : inviteErrors.expired();
      }
      const contact = await invitationsRepository.contactForInvite(trx, spent.contact_id);
      // A link sent to one address never makes a login for another (the contact's email changed since).
      if (!contact?.email || contact.status !== 'active' || !sameAddress(spent.data, contact.email)) {
        throw inviteErrors.invalid();
      }
      if (contact.archived_at || contact.portal_enabled !== 1) {
        throw errors.forbidden(message('errors:invitations.portalOffForYou'));
      }
      if (contact.account_id !== null) throw inviteErrors.used();
      const contactEmail = contact.email.trim().toLowerCase();
      if (await identity.emailTaken(trx, contactEmail))
        throw errors.conflict('email_taken', EMAIL_EXISTS_MESSAGE);
      const accountId = await insertContactLogin(
        ctx,
        trx,
        { id: contact.id, name: contact.name, email: contactEmail },
        hash,
        false,
      );
      const newActor = await actorOf(ctx, trx, accountId);
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
}
