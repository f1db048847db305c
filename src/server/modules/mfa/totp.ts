import { randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { hmacHex, randomToken, safeEqual } from '../../platform/crypto.ts';

/** RFC 6238 as every authenticator app speaks it: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;

/** 160 bits from the CSPRNG (RFC 4226 recommends at least 128), in base32 for the apps. */
export function newTotpSecret(): string {
  return new Secret({ buffer: new Uint8Array(randomBytes(20)).buffer }).base32;
}

function totpFor(secret: string, issuer = 'Portico', label = 'account') {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

export function otpauthUri(secret: string, issuer: string, label: string): string {
  return totpFor(secret, issuer, label).toString();
}

export function qrCodeDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/**
 * The time step a code belongs to, when it is right for `now` give or take one step (clock drift and
 * typing time); null otherwise. The caller remembers the step so the same code works only once.
 * `now` comes from the app's clock, never Date.now, so tests can drive it.
 */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  const normalised = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(normalised)) return null;
  const totp = totpFor(secret);
  const timestamp = now.getTime();
  const delta = totp.validate({ token: normalised, timestamp, window: 1 });
  if (delta === null) return null;
  return totp.counter({ timestamp }) + delta;
}

const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes such as "k7m2p-x9qr4": 50 bits each, no look-alike characters (0/o, 1/l/i). */
export function newBackupCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)]);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
}

/** Case, spaces and dashes do not matter when a backup code is typed. */
export function normaliseBackupCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

export function looksLikeBackupCode(code: string): boolean {
  return /^[a-z0-9]{10}$/.test(normaliseBackupCode(code));
}

/**
 * A backup code is stored as `salt$HMAC-SHA256(instance key, salt:code)`: a per-code salt, and a key
 * that lives outside the database, so a copy of the table alone cannot be used to test guesses.
 */
export function hashBackupCode(key: string, code: string): string {
  const salt = randomToken(12);
  return `${salt}$${hmacHex(key, `${salt}:${normaliseBackupCode(code)}`)}`;
}

export function backupCodeMatches(key: string, code: string, stored: string): boolean {
  const [salt, digest] = stored.split('$');
  if (!salt || !digest) return false;
  return safeEqual(hmacHex(key, `${salt}:${normaliseBackupCode(code)}`), digest);
}
