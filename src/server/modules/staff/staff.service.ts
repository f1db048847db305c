import { message } from '../../../shared/i18n/i18n.ts';
import type { StaffRole } from '../../../shared/permissions.ts';
import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { checkPasswordPolicy, defaultPasswordRules, hashPassword } from '../auth/passwords.ts';
import { identity } from '../identity/identity.service.ts';

export interface NewStaffUser {
  name: string;
  email: string;
  role: StaffRole;
  password: string;
  mustChangePassword?: boolean;
}

/** Hash first (slow, no lock held), then write inside the caller's transaction. */
export async function prepareStaffUser(
  input: NewStaffUser,
  passwordField = 'password',
  rules: { minLength: number } = defaultPasswordRules,
): Promise<NewStaffUser & { hash: string }> {
  const problem = checkPasswordPolicy(input.password, { minLength: rules.minLength, email: input.email });
  if (problem) throw errors.validation({ [passwordField]: problem }, problem);
  return { ...input, hash: await hashPassword(input.password) };
}

export async function insertStaffUser(
  db: DbOrTrx,
  clock: Clock,
  user: NewStaffUser & { hash: string },
): Promise<number> {
  if (await identity.emailTaken(db, user.email)) {
    throw errors.validation(
      { email: message('errors:staff.emailExistsField') },
      message('errors:staff.emailInUse'),
    );
  }
  return identity.insertAccount(db, {
    kind: 'staff',
    email: user.email,
    name: user.name,
    password_hash: user.hash,
    staff_role: user.role,
    contact_id: null,
    must_change_password: user.mustChangePassword ? 1 : 0,
    at: clock().toISOString(),
  });
}
