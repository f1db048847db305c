import type { DbOrTrx } from '../../platform/db/db.ts';
import type { ModuleDeps } from '../deps.ts';
import type { DomainEventPayload } from '../domain-events.ts';
import { identity, maySignIn } from '../identity/identity.service.ts';

export type SignInNoticeDeps = Pick<ModuleDeps, 'database' | 'domainEvents' | 'email' | 'settings'>;

/** An instant as the organisation reads it: "2 Mar 2026, 09:00 UTC". */
function when(at: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(new Date(at));
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(new Date(at));
  }
}

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
      const timeZone = (await settings.current(trx))?.timeZone ?? 'UTC';
      const face = account.kind === 'staff' ? 'staff' : 'portal';
      const where = face === 'staff' ? `the ${branding.organisationName} staff app` : branding.portalName;
      const waiting =
        payload.scope === 'address'
          ? 'further attempts from that address now have to wait, a little longer after each failure'
          : 'attempts from addresses you have not signed in from lately now have to wait, a little longer after each failure';
      await email.send(
        trx,
        { email: account.email, name: account.name },
        {
          subject: 'Failed sign-ins on your account are being held back',
          heading: 'Someone is trying to sign in to your account',
          paragraphs: [
            `Hello ${account.name},`,
            `There have been repeated failed attempts to sign in to ${where} as ${account.email}, the latest from the address ${payload.address} at ${when(payload.at, timeZone)}. To stop the guessing, ${waiting}.`,
            'If this was you, wait a moment and try again. If it was not, nothing was let in: those attempts failed. You can still sign in as usual from the network you normally use.',
            'If you think someone knows your password, choose a new one now: a password reset also ends every wait.',
          ],
          action: { label: 'Reset your password', url: email.link(`/${face}/forgot-password`) },
          note: 'You get this email at most once a day while such attempts go on.',
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
