import { formatDateTime } from '../../../shared/format/format.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { emailMessage as m } from '../../platform/email-template.ts';
import type { ModuleDeps } from '../deps.ts';
import type { DomainEventPayload } from '../domain-events.ts';
import { identity, maySignIn } from '../identity/identity.service.ts';
import { portalNameOf } from '../settings/settings.service.ts';

export type SignInNoticeDeps = Pick<ModuleDeps, 'database' | 'domainEvents' | 'email' | 'settings'>;

/**
 * Tells an account holder that failed sign-ins on their account began to wait (the auth module's
 * `auth.sign-in-throttled`, published at most once a day per account). The email and the claim of its
 * address commit together, so a delivery that runs again sends nothing twice. A login that can no
 * longer sign in (disabled, client archived) is not written to.
 */
export function subscribeSignInNotices(deps: SignInNoticeDeps): void {
  const { database, domainEvents, email, settings } = deps;

  async function notify(
    payload: DomainEventPayload<'auth.sign-in-throttled'>,
    claim: (db: DbOrTrx, keys: readonly string[]) => Promise<Set<string>>,
  ) {
    await database.system('sign-in throttling notice').transaction(async (trx) => {
      const account = await identity.accountById(trx, payload.accountId);
      if (!account || !maySignIn(account)) return;
      if ((await claim(trx, [account.email])).size === 0) return;
      const branding = await settings.branding(trx);
      const locale = await email.localeOf(trx, {
        language: account.language,
        timeZone: account.time_zone,
        dateFormat: account.date_format,
      });
      const { language } = locale;
      const face = account.kind === 'staff' ? 'staff' : 'portal';
      const at = formatDateTime(payload.at, locale, { zoneName: true });
      await email.send(
        trx,
        { email: account.email, name: account.name, language },
        {
          subject: m('emails:throttle.subject'),
          heading: m('emails:throttle.heading'),
          paragraphs: [
            m('emails:hello', { name: account.name }, ['name']),
            m(
              'emails:throttle.body',
              {
                face,
                org: branding.organisationName,
                portal: portalNameOf(branding),
                email: account.email,
                address: payload.address,
                at,
                scope: payload.scope,
              },
              ['org', 'portal', 'email'],
            ),
            m('emails:throttle.ifYou'),
            m('emails:throttle.reset'),
          ],
          action: { label: m('emails:throttle.action'), url: email.link(`/${face}/forgot-password`) },
          note: m('emails:throttle.note'),
        },
        { clientId: account.client_id },
      );
    });
  }

  domainEvents.subscribe({
    event: 'auth.sign-in-throttled',
    name: 'auth.sign-in-throttled-email',
    handle: (ctx, event) => notify(event.payload, ctx.claim),
  });
}
