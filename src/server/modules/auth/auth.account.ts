import { message } from '../../../shared/i18n/i18n.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { type AccountRow, identity } from '../identity/identity.service.ts';
import { mfaRequiredFor } from './auth.actor.ts';
import { type AuthContext, REAUTH_LIMIT, windowMs } from './auth.context.ts';
import { type PasswordRules, verifyPassword } from './passwords.ts';

/**
 * Re-authentication before a sensitive change: the current password, rate limited per account.
 * A wrong password is a field error, not a 401, so the page keeps its session. `db` is the
 * signed-in person's handle (database.forActor).
 */
export async function verifyCurrentPassword(
  ctx: AuthContext,
  db: DbOrTrx,
  accountId: number,
  password: string,
  field = 'currentPassword',
) {
  const { rateLimiter } = ctx;
  const limit = await rateLimiter.hit(`reauth:${accountId}`, REAUTH_LIMIT, windowMs(ctx));
  if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);
  const row = await identity.accountById(db, accountId);
  if (!row || !(await verifyPassword(row.password_hash, password))) {
    throw errors.validation(
      { [field]: message('errors:account.wrongCurrentPasswordField') },
      message('errors:account.confirmWithPassword'),
    );
  }
  await rateLimiter.reset(`reauth:${accountId}`);
  return row;
}

/**
 * An account row through the caller's handle or transaction: the signed-in person's own (profile,
 * MFA) under their scope, or a system handle for a sign-in by link.
 */
export function accountIn(
  _ctx: AuthContext,
  db: DbOrTrx,
  accountId: number,
): Promise<AccountRow | undefined> {
  return identity.accountById(db, accountId);
}

/** Whether two-factor authentication is required for this account. */
export async function mfaRequired(ctx: AuthContext, row: AccountRow): Promise<boolean> {
  const { settings } = ctx;
  return mfaRequiredFor(row, await settings.securityPolicy());
}

/** The password rules for this account (organisation minimum, not the email). */
export async function passwordRules(ctx: AuthContext, email?: string | null): Promise<PasswordRules> {
  const { settings } = ctx;
  return { minLength: (await settings.securityPolicy()).passwordMinLength, email: email ?? null };
}
