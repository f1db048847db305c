import { formatDateTime } from '../../../shared/format/format.ts';
import { type Message, message } from '../../../shared/i18n/i18n.ts';
import type {
  CompleteResetBody,
  ResetCompleted,
  ResetDescription,
} from '../../../shared/schemas/password-reset.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import type { Trx } from '../../platform/db/db.ts';
import { emailMessage as m } from '../../platform/email-template.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { actorFromRow } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { ModuleDeps } from '../deps.ts';
import { type AccountRow, identity, maySignIn } from '../identity/identity.service.ts';
import { assertPasswordAcceptable } from '../invitations/credentials.ts';
import { portalNameOf } from '../settings/settings.service.ts';
import { passwordResetRepository } from './password-reset.repository.ts';

/** A reset link asked for or sent: the route puts the message in the request's language. */
export interface ResetAccepted {
  ok: true;
  message: Message;
}

/** A reset link works for one hour. */
export const RESET_TTL_MS = 60 * 60_000;
export const RESET_LIMITS = { perIp: 20, perEmail: 5, windowMs: 60 * 60_000 } as const;
const REQUEST_JOB = 'password-reset.request';

const resetErrors = {
  invalid: () => new AppError('not_found', message('errors:reset.linkInvalid')),
  used: () => new AppError('conflict', message('errors:reset.linkUsed'), { reason: 'link_used' }),
  expired: () => new AppError('conflict', message('errors:reset.linkExpired'), { reason: 'link_expired' }),
};

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;

export function createPasswordResetService(deps: ModuleDeps) {
  const { database, clock, audit, email, settings, rateLimiter, jobs } = deps;

  /** Issues a reset token for the account and queues its email, in the caller's transaction. */
  async function issue(
    trx: Trx,
    account: AccountRow,
    by: { staff: StaffActor } | { self: true },
    meta: RequestMeta | undefined,
  ): Promise<void> {
    const token = randomToken(32);
    const now = clock();
    // Only the newest link works: an older one lying in a mailbox is no longer a way in.
    await identity.deleteUnusedTokensOfAccount(trx, 'password-reset', account.id);
    await identity.insertToken(trx, {
      id: sha256Hex(token),
      kind: 'password-reset',
      account_id: account.id,
      contact_id: null,
      expires_at: new Date(now.getTime() + RESET_TTL_MS).toISOString(),
      created_by: 'staff' in by ? by.staff.accountId : null,
      created_at: now.toISOString(),
    });
    const branding = await settings.branding(trx);
    const face = account.kind === 'staff' ? 'staff' : 'portal';
    const where = { face, org: branding.organisationName, portal: portalNameOf(branding) };
    const personal = ['name', 'org', 'portal', 'email'];
    await email.send(
      trx,
      { email: account.email, name: account.name, language: account.language },
      {
        subject: m('emails:reset.subject'),
        heading: m('emails:reset.heading'),
        paragraphs: [
          m('emails:hello', { name: account.name }, personal),
          'staff' in by
            ? m('emails:reset.byStaff', { ...where, name: by.staff.name }, personal)
            : m('emails:reset.bySelf', { ...where, email: account.email }, personal),
        ],
        action: {
          label: m('emails:reset.heading'),
          url: email.link(`/${face}/reset-password?token=${encodeURIComponent(token)}`),
        },
        note: m('emails:reset.note'),
      },
      { clientId: account.client_id },
    );
    await audit.record(trx, {
      actor: 'staff' in by ? by.staff : { anonymous: account.email },
      action: 'auth.password_reset_requested',
      clientId: account.client_id,
      target: { type: 'account', id: account.id },
      details: { by: 'staff' in by ? 'staff' : 'self' },
      ...(meta ? { meta } : {}),
    });
  }

  /*
   * The request is answered before anyone looks the email up: a job does the lookup, the token and
   * the email. Known and unknown addresses therefore take the same path and the same time here.
   */
  jobs.register(REQUEST_JOB, async (payload) => {
    const { email: address, ip, userAgent } = payload as { email: string; ip: string; userAgent: string };
    const meta = { ip, userAgent };
    const scoped = database.system('password reset requested by email');
    const account = await identity.accountByEmail(scoped.db, address);
    await scoped.transaction(async (trx) => {
      if (account && maySignIn(account)) {
        await issue(trx, account, { self: true }, meta);
        return;
      }
      // Recorded so repeated probing is visible in the audit log; no email goes out.
      await audit.record(trx, {
        actor: { anonymous: address },
        action: 'auth.password_reset_requested',
        clientId: account?.client_id ?? null,
        details: { by: 'self', outcome: account ? 'login cannot sign in' : 'no such login' },
        meta,
      });
    });
  });

  return {
    async request(address: string, meta: RequestMeta): Promise<ResetAccepted> {
      const byIp = await rateLimiter.hit(
        `password-reset:ip:${meta.ip}`,
        RESET_LIMITS.perIp,
        RESET_LIMITS.windowMs,
      );
      const byEmail = await rateLimiter.hit(
        `password-reset:email:${address}`,
        RESET_LIMITS.perEmail,
        RESET_LIMITS.windowMs,
      );
      if (!byIp.allowed || !byEmail.allowed) {
        throw errors.rateLimited(
          Math.max(
            byIp.allowed ? 0 : byIp.retryAfterSeconds,
            byEmail.allowed ? 0 : byEmail.retryAfterSeconds,
          ),
        );
      }
      await database
        .system('password reset request: queue the lookup')
        .transaction((trx) =>
          jobs.enqueue(
            trx,
            REQUEST_JOB,
            { email: address, ip: meta.ip, userAgent: meta.userAgent },
            { maxAttempts: 5 },
          ),
        );
      jobs.kick();
      return { ok: true, message: message('common:passwordReset.requested') };
    },

    /** Staff send a contact of one client a reset link. */
    async requestForContact(
      actor: StaffActor,
      clientId: number,
      contactId: number,
      meta: RequestMeta,
    ): Promise<ResetAccepted> {
      const scoped = database.forActor(actor);
      const contact = await passwordResetRepository.contactWithLogin(scoped.db, clientId, contactId);
      if (!contact) throw errors.notFound(message('errors:notFound.contact'));
      if (contact.account_id === null) {
        throw errors.conflict('no_portal_login', message('errors:reset.noLogin', { name: contact.name }));
      }
      const account = await identity.accountById(scoped.db, contact.account_id);
      if (!account || !maySignIn(account)) {
        throw errors.conflict(
          'login_disabled',
          message('errors:reset.loginDisabled', { name: contact.name }),
        );
      }
      await scoped.transaction((trx) => issue(trx, account, { staff: actor }, meta));
      return { ok: true, message: message('common:passwordReset.sent', { email: account.email }) };
    },

    async describe(token: string): Promise<ResetDescription> {
      const row = await identity.findToken(
        database.system('password reset link').db,
        'password-reset',
        sha256Hex(token),
      );
      if (!row || row.account_id === null) return { status: 'invalid' };
      if (row.used_at) return { status: 'used' };
      if (row.expires_at <= clock().toISOString()) return { status: 'expired' };
      return { status: 'valid' };
    },

    /**
     * Sets the new password, spends the link, ends every session of the account and ends every
     * sign-in wait of its login. It does not sign in: the person signs in next, where two-factor still applies.
     */
    async complete(input: CompleteResetBody, meta: RequestMeta): Promise<ResetCompleted> {
      const tokenHash = sha256Hex(input.token);
      const scoped = database.system('password reset link');
      // Say plainly why a link does not work before judging the password chosen with it.
      const before = await identity.findToken(scoped.db, 'password-reset', tokenHash);
      if (!before || before.account_id === null) throw resetErrors.invalid();
      if (before.used_at) throw resetErrors.used();
      if (before.expires_at <= clock().toISOString()) throw resetErrors.expired();
      const owner = await identity.accountById(scoped.db, before.account_id);
      await assertPasswordAcceptable(deps.auth, input.password, { email: owner?.email ?? null });
      const hash = await hashPassword(input.password);
      return scoped.transaction(async (trx) => {
        const now = clock().toISOString();
        const spent = await identity.consumeToken(trx, 'password-reset', tokenHash, now);
        if (!spent || spent.account_id === null) {
          const row = await identity.findToken(trx, 'password-reset', tokenHash);
          if (!row || row.account_id === null) throw resetErrors.invalid();
          throw row.used_at ? resetErrors.used() : resetErrors.expired();
        }
        const account = await identity.accountById(trx, spent.account_id);
        if (!account || !maySignIn(account)) {
          throw errors.forbidden(message('errors:reset.accountCannotSignIn'));
        }
        await identity.setPassword(trx, account.id, hash, now);
        // Whoever was guessing the old password no longer holds the person back from any address.
        await identity.clearSignInWaits(trx, account.id);
        await deps.auth.endAllSessions(trx, account.id);
        await identity.deleteUnusedTokensOfAccount(trx, 'password-reset', account.id);
        const row = await deps.auth.accountIn(trx, account.id);
        const actor = row ? actorFromRow(row) : null;
        await audit.record(trx, {
          actor: actor ?? { anonymous: account.email },
          action: 'auth.password_reset',
          clientId: account.client_id,
          target: { type: 'account', id: account.id },
          details: { sessionsEnded: true },
          meta,
        });
        const branding = await settings.branding(trx);
        const locale = await email.localeOf(trx, {
          language: account.language,
          timeZone: account.time_zone,
          dateFormat: account.date_format,
        });
        const { language } = locale;
        const at = formatDateTime(now, locale, { zoneName: true });
        await email.send(
          trx,
          { email: account.email, name: account.name, language },
          {
            subject: m('emails:passwordChanged.subject'),
            heading: m('emails:passwordChanged.subject'),
            paragraphs: [
              m('emails:hello', { name: account.name }, ['name']),
              m('emails:reset.changedBody', { email: account.email, at }, ['email']),
              m('emails:reset.notYou', { org: branding.organisationName }, ['org']),
            ],
          },
          { clientId: account.client_id },
        );
        return {
          ok: true as const,
          signInUrl: account.kind === 'staff' ? ('/staff/' as const) : ('/portal/' as const),
        };
      });
    },
  };
}
