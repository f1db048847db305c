import { message } from '../../../shared/i18n/i18n.ts';
import type { Actor } from '../../platform/actor.ts';
import type { DbOrTrx, Trx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { actorFromRow } from '../auth/auth.service.ts';
import type { ModuleDeps } from '../deps.ts';
import { invitationsRepository } from './invitations.repository.ts';

/** What the invitation use cases work with (the composition root passes the module deps). */
export type InvitationsContext = Pick<
  ModuleDeps,
  'database' | 'clock' | 'audit' | 'email' | 'settings' | 'rateLimiter' | 'auth'
>;

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Invitation and invite-link tokens opened by someone not signed in: no actor until the login exists. */
export function byLink(ctx: InvitationsContext) {
  return ctx.database.system('invitation link');
}

export const EMAIL_EXISTS_MESSAGE = message('errors:invitations.emailExists');

export async function requireClient(db: DbOrTrx, clientId: number) {
  const client = await invitationsRepository.findClient(db, clientId);
  if (!client) throw errors.notFound(message('errors:notFound.client'));
  return client;
}

export async function actorOf(ctx: InvitationsContext, trx: Trx, accountId: number): Promise<Actor | null> {
  const { auth } = ctx;
  const row = await auth.accountIn(trx, accountId);
  return row ? actorFromRow(row) : null;
}
