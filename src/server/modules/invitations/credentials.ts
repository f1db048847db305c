import { randomInt } from 'node:crypto';
import { errors } from '../../platform/errors.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { passwordProblem } from '../auth/passwords.ts';

/** No 0/O, 1/l/I: the password may be read out over the phone or copied from a screen by hand. */
const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A strong password to show once: 20 characters from 55 (about 115 bits) from the CSPRNG, in
 * groups of five so a person can type it.
 */
export function generatePassword(): string {
  const chars = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

/**
 * Throws a validation error naming the field when the password breaks the organisation's policy
 * (minimum length from settings, the common-password list, not the email itself).
 */
export async function assertPasswordAcceptable(
  auth: AuthService,
  password: string,
  options: { email?: string | null; field?: string } = {},
): Promise<void> {
  const problem = passwordProblem(password, await auth.passwordRules(options.email ?? null));
  if (problem) {
    throw errors.validation({ [options.field ?? 'password']: problem }, problem);
  }
}
