import { message } from '../../../shared/i18n/i18n.ts';
import {
  type Appearance,
  completeNotificationPrefs,
  defaultNotificationPrefs,
  type NotificationPrefs,
  type Profile,
  type SignInHistory,
  type SignInItem,
} from '../../../shared/schemas/profile.ts';
import { system } from '../../platform/access/scope.ts';
import { withScope } from '../../platform/access/scoped.ts';
import type { Actor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { isUniqueViolation } from '../../platform/db/db.ts';
import { emailMessage as m } from '../../platform/email-template.ts';
import { AppError, type ErrorText, errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { actorFromRow } from '../auth/auth.service.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { describeBrowser } from '../auth/user-agent.ts';
import { contactsService } from '../contacts/contacts.service.ts';
import type { ModuleDeps } from '../deps.ts';
import { identity } from '../identity/identity.service.ts';
import { profileRepository } from './profile.repository.ts';

const HOUR = 3_600_000;
/** An email-change link works once, for a day. */
const EMAIL_CHANGE_HOURS = 24;

export type ProfileService = ReturnType<typeof createProfileService>;

/** Stored choices from any earlier version are completed with the defaults (see the shared schema). */
const readPrefs = completeNotificationPrefs;

const outcomeOf: Record<string, SignInItem['outcome']> = {
  'auth.login': 'success',
  'auth.login_failed': 'failed',
  'auth.mfa_failed': 'code_failed',
  'auth.locked': 'locked',
};

/**
 * The signed-in person's own account: details, email (with verification), password, notification
 * choices, sessions and sign-in history. Everything is keyed by the actor; there are no ids to guess.
 */
export function createProfileService(deps: ModuleDeps) {
  const { database, clock, audit, auth, email, settings } = deps;

  function preview(actor: Actor): actor is Actor & { kind: 'contact'; previewBy: { accountId: number } } {
    return actor.kind === 'contact' && actor.previewBy !== undefined;
  }

  function readOnly(actor: Actor) {
    if (preview(actor)) {
      throw errors.forbidden(message('errors:forbidden.preview'));
    }
  }

  function linkFor(kind: 'staff' | 'contact', token: string): string {
    const face = kind === 'staff' ? 'staff' : 'portal';
    return email.link(`/${face}/confirm-email?token=${encodeURIComponent(token)}`);
  }

  async function get(actor: Actor): Promise<Profile> {
    const policy = await settings.securityPolicy();
    const { db } = database.forActor(actor);
    if (preview(actor)) {
      const contact = await profileRepository.previewedContact(db, actor.clientId, actor.contactId);
      return {
        kind: 'contact',
        name: contact?.name ?? actor.name,
        email: contact?.email ?? actor.email,
        pendingEmail: null,
        phone: contact?.phone ?? null,
        mobile: contact?.mobile ?? null,
        mfaEnabled: false,
        mfaRequired: false,
        passwordChangedAt: null,
        passwordMinLength: policy.passwordMinLength,
        notifications: { ...defaultNotificationPrefs },
        preview: true,
      };
    }
    const row = await profileRepository.own(db, actor.accountId);
    const account = await auth.accountIn(db, actor.accountId);
    if (!row || !account) throw errors.unauthenticated();
    return {
      kind: row.kind,
      name: row.name,
      email: row.email,
      pendingEmail: row.pending_email,
      phone: row.kind === 'contact' ? (row.phone ?? null) : null,
      mobile: row.kind === 'contact' ? (row.mobile ?? null) : null,
      mfaEnabled: account.mfa_enabled_at !== null,
      mfaRequired: await auth.mfaRequired(account),
      passwordChangedAt: row.password_changed_at,
      passwordMinLength: policy.passwordMinLength,
      notifications: readPrefs(row.notification_prefs),
      preview: false,
    };
  }

  return {
    get,

    async update(
      actor: Actor,
      patch: {
        name?: string | undefined;
        phone?: string | null | undefined;
        mobile?: string | null | undefined;
      },
      meta: RequestMeta,
    ): Promise<Profile> {
      readOnly(actor);
      if (actor.kind === 'staff' && (patch.phone !== undefined || patch.mobile !== undefined)) {
        const fields: Record<string, ErrorText> = {};
        if (patch.phone !== undefined) fields.phone = message('errors:profile.staffNoPhoneField');
        if (patch.mobile !== undefined) fields.mobile = message('errors:profile.staffNoPhoneField');
        throw errors.validation(fields, message('errors:profile.staffNoPhone'));
      }
      const changed = Object.entries(patch)
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k);
      if (changed.length === 0) return get(actor);
      const at = clock().toISOString();
      await database.forActor(actor).transaction(async (trx) => {
        if (patch.name !== undefined) await identity.updateName(trx, actor.accountId, patch.name, at);
        if (actor.kind === 'contact') {
          await contactsService.updateOwn(
            trx,
            { clientId: actor.clientId, contactId: actor.contactId },
            {
              ...(patch.name !== undefined ? { name: patch.name } : {}),
              ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
              ...(patch.mobile !== undefined ? { mobile: patch.mobile } : {}),
            },
            at,
          );
          await audit.record(trx, {
            actor,
            action: 'contact.updated',
            target: { type: 'contact', id: actor.contactId },
            details: { changed, by: 'self' },
            meta,
          });
        } else {
          await audit.record(trx, { actor, action: 'profile.updated', details: { changed }, meta });
        }
      });
      return get(actor);
    },

    /** The person's colour scheme; a staff preview of the portal shows the previewing person's own. */
    async appearance(actor: Actor): Promise<Appearance> {
      const accountId = preview(actor) ? actor.previewBy.accountId : actor.accountId;
      const { db } = preview(actor)
        ? database.system('the previewing staff member’s own colour scheme')
        : database.forActor(actor);
      const scheme = await identity.colourScheme(db, accountId);
      if (!scheme) throw errors.unauthenticated();
      return { colourScheme: scheme };
    },

    /** A display choice only, so it is not audited (the audit log records changes that matter to others). */
    async setAppearance(actor: Actor, input: Appearance): Promise<Appearance> {
      readOnly(actor);
      await identity.setColourScheme(
        database.forActor(actor).db,
        actor.accountId,
        input.colourScheme,
        clock().toISOString(),
      );
      return { colourScheme: input.colourScheme };
    },

    async setNotifications(actor: Actor, prefs: NotificationPrefs): Promise<NotificationPrefs> {
      readOnly(actor);
      await database.forActor(actor).transaction(async (trx) => {
        await identity.setNotificationPrefs(
          trx,
          actor.accountId,
          JSON.stringify(prefs),
          clock().toISOString(),
        );
        await audit.record(trx, { actor, action: 'profile.notifications_changed', details: { ...prefs } });
      });
      return prefs;
    },

    /**
     * Asks for a new address: the current password first, then a single-use link to the new address
     * (valid 24 hours) and a notice to the old one. Nothing changes until the link is opened.
     */
    async requestEmailChange(
      actor: Actor,
      input: { newEmail: string; currentPassword: string },
      meta: RequestMeta,
    ): Promise<{ pendingEmail: string; expiresAt: string }> {
      readOnly(actor);
      const scoped = database.forActor(actor);
      const row = await auth.verifyCurrentPassword(scoped.db, actor.accountId, input.currentPassword);
      if (input.newEmail === row.email) {
        throw errors.validation(
          { newEmail: message('errors:profile.sameEmailField') },
          message('errors:profile.nothingToChange'),
        );
      }
      const token = randomToken(32);
      const now = clock();
      const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_HOURS * HOUR).toISOString();
      const clientId = actor.kind === 'contact' ? actor.clientId : null;
      await scoped.transaction(async (trx) => {
        // Sign-in addresses are unique across every account, other clients' included: this one check
        // looks at all of them (it answers only "taken or not"), in the same transaction.
        const everyAccount = withScope(trx, system('profile: is the new sign-in email taken by anyone'));
        if (await identity.emailTakenByOther(everyAccount, input.newEmail, actor.accountId)) {
          throw errors.validation(
            { newEmail: message('errors:profile.emailTakenField') },
            message('errors:profile.emailTaken'),
          );
        }
        await identity.startEmailChange(trx, {
          tokenHash: sha256Hex(token),
          accountId: actor.accountId,
          email: input.newEmail,
          expiresAt,
          at: now.toISOString(),
        });
        await email.send(
          trx,
          { email: input.newEmail, name: row.name, language: actor.language ?? null },
          {
            subject: m('emails:emailChange.confirmSubject'),
            heading: m('emails:emailChange.confirmSubject'),
            paragraphs: [m('emails:emailChange.confirmBody', { name: row.name }, ['name'])],
            action: { label: m('emails:emailChange.confirmAction'), url: linkFor(row.kind, token) },
            note: m('emails:emailChange.confirmNote', { hours: EMAIL_CHANGE_HOURS }),
          },
          { clientId },
        );
        await email.send(
          trx,
          { email: row.email, name: row.name, language: actor.language ?? null },
          {
            subject: m('emails:emailChange.noticeSubject'),
            heading: m('emails:emailChange.noticeSubject'),
            paragraphs: [
              m('emails:emailChange.noticeBody', { email: input.newEmail }, ['email']),
              m('emails:emailChange.noticeHint'),
            ],
          },
          { clientId },
        );
        await audit.record(trx, {
          actor,
          action: 'auth.email_change_requested',
          target: { type: 'account', id: actor.accountId },
          details: { to: input.newEmail },
          meta,
        });
      });
      return { pendingEmail: input.newEmail, expiresAt };
    },

    /** Opens the link: the address changes now, once, unless another account took it meanwhile. */
    async confirmEmailChange(token: string, meta: RequestMeta): Promise<{ email: string }> {
      const now = clock().toISOString();
      const invalid = () => new AppError('not_found', message('errors:profile.confirmLinkInvalid'));
      try {
        // The link is opened without a session (any browser): there is no actor until it is spent.
        return await database.system('email change confirmation link').transaction(async (trx) => {
          const spent = await identity.consumeEmailChange(trx, sha256Hex(token), now);
          if (!spent?.account_id) throw invalid();
          let target = '';
          try {
            const data = JSON.parse(spent.data) as { email?: unknown };
            target = typeof data.email === 'string' ? data.email : '';
          } catch {
            target = '';
          }
          if (!target) throw invalid();
          const account = await auth.accountIn(trx, spent.account_id);
          const actor = account ? actorFromRow(account) : null;
          if (!account || !actor) throw invalid();
          if (await identity.emailTakenByOther(trx, target, account.id)) {
            throw errors.conflict('email_taken', message('errors:profile.emailTakenMeanwhile'));
          }
          await identity.applyEmail(trx, account.id, target, now);
          if (account.contact_id !== null)
            await contactsService.setEmail(trx, account.contact_id, target, now);
          await audit.record(trx, {
            actor: { ...actor, email: target },
            action: 'auth.email_changed',
            target: { type: 'account', id: account.id },
            details: { from: account.email, to: target },
            meta,
          });
          return { email: target };
        });
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw errors.conflict('email_taken', message('errors:profile.emailTakenMeanwhile'));
        }
        throw e;
      }
    },

    /**
     * A new password: the current one first, the organisation's policy, then every other session of
     * the account ends. Also fulfils "must change password" after a staff-set password.
     */
    async changePassword(
      actor: Actor,
      input: { currentPassword: string; newPassword: string },
      currentSessionId: string | null,
      meta: RequestMeta,
    ): Promise<{ ok: true; otherSessionsEnded: number }> {
      readOnly(actor);
      const scoped = database.forActor(actor);
      const row = await auth.verifyCurrentPassword(scoped.db, actor.accountId, input.currentPassword);
      const problem = passwordProblem(input.newPassword, await auth.passwordRules(row.email));
      if (problem) throw errors.validation({ newPassword: problem }, problem);
      if (input.newPassword === input.currentPassword) {
        throw errors.validation(
          { newPassword: message('errors:profile.samePasswordField') },
          message('errors:profile.samePassword'),
        );
      }
      const hash = await hashPassword(input.newPassword);
      const at = clock().toISOString();
      return scoped.transaction(async (trx) => {
        await identity.setPassword(trx, actor.accountId, hash, at);
        const ended = await auth.endAllSessions(trx, actor.accountId, currentSessionId ?? undefined);
        await audit.record(trx, {
          actor,
          action: 'auth.password_changed',
          target: { type: 'account', id: actor.accountId },
          details: { otherSessionsEnded: ended, wasRequired: row.must_change_password === 1 },
          meta,
        });
        await email.send(
          trx,
          { email: row.email, name: row.name, language: actor.language ?? null },
          {
            subject: m('emails:passwordChanged.subject'),
            heading: m('emails:passwordChanged.subject'),
            paragraphs: [m('emails:passwordChanged.body'), m('emails:passwordChanged.hint')],
          },
          { clientId: actor.kind === 'contact' ? actor.clientId : null },
        );
        return { ok: true as const, otherSessionsEnded: ended };
      });
    },

    async sessions(actor: Actor, currentSessionId: string | null) {
      if (preview(actor)) return { items: [] };
      return { items: await auth.listSessions(actor, currentSessionId) };
    },

    async revokeSession(actor: Actor, currentSessionId: string, id: string, meta: RequestMeta) {
      readOnly(actor);
      await auth.revokeSession(actor, currentSessionId, id, meta);
    },

    async revokeOtherSessions(actor: Actor, currentSessionId: string, meta: RequestMeta) {
      readOnly(actor);
      return { ended: await auth.revokeOtherSessions(actor, currentSessionId, meta) };
    },

    async signIns(
      actor: Actor,
      query: { cursor?: string | undefined; limit: number },
    ): Promise<SignInHistory> {
      if (preview(actor)) return { items: [], nextCursor: null };
      const cursor = decodeCursor(query.cursor);
      const rows = await profileRepository.signIns(
        database.forActor(actor).db,
        actor.accountId,
        cursor,
        query.limit,
      );
      const page = pageOf(rows, query.limit, () => null);
      return {
        items: page.items.map((r) => ({
          id: r.id,
          at: r.at,
          outcome: outcomeOf[r.action] ?? 'failed',
          ip: r.ip,
          browser: describeBrowser(r.user_agent),
        })),
        nextCursor: page.nextCursor,
      };
    },
  };
}
