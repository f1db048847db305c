import { hash, verify } from '@node-rs/argon2';
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

export const passwordPolicy = { minLength: PASSWORD_MIN_LENGTH, maxLength: 1024 } as const;

/** Returns a message saying what to fix, or null when the password is acceptable. */
export function checkPasswordPolicy(password: string): string | null {
  const length = [...password].length;
  if (length < passwordPolicy.minLength) return `Use at least ${passwordPolicy.minLength} characters.`;
  if (length > passwordPolicy.maxLength) return `Use at most ${passwordPolicy.maxLength} characters.`;
  if (new Set(password).size < 3) return 'Use a less repetitive password.';
  return null;
}
