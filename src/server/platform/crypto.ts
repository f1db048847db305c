import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** 256 bits from the CSPRNG, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function hmacHex(key: string, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export interface Secrets {
  sessionSecret: string;
  encryptionKey: string;
}

/**
 * Secrets not given in the environment are generated once and kept in DATA_DIR/secrets.json,
 * readable by the owner only. They are never logged.
 */
export function loadOrCreateSecrets(
  dataDir: string,
  given: { sessionSecret?: string | undefined; encryptionKey?: string | undefined },
): Secrets {
  const file = path.join(dataDir, 'secrets.json');
  let stored: Partial<Secrets> = {};
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
  }
  const secrets: Secrets = {
    sessionSecret: given.sessionSecret ?? stored.sessionSecret ?? randomToken(48),
    encryptionKey: given.encryptionKey ?? stored.encryptionKey ?? randomBytes(32).toString('hex'),
  };
  const toStore = {
    ...stored,
    ...(given.sessionSecret ? {} : { sessionSecret: secrets.sessionSecret }),
    ...(given.encryptionKey ? {} : { encryptionKey: secrets.encryptionKey }),
  };
  if (JSON.stringify(toStore) !== JSON.stringify(stored)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(toStore, null, 2)}\n`, { mode: 0o600 });
  }
  if (existsSync(file)) chmodSync(file, 0o600);
  return secrets;
}
