import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomToken } from './crypto.ts';

/**
 * Where files live. Keys are generated here (never taken from a user-supplied name), so a stored
 * file can never escape its folder. An S3-compatible adapter implements the same interface.
 */
export interface Storage {
  put(prefix: string, data: Buffer): Promise<string>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

const keyPattern = /^[a-z0-9-]+\/[A-Za-z0-9_-]{20,}$/;

export function localStorage(root: string): Storage {
  const resolve = (key: string) => {
    if (!keyPattern.test(key)) throw new Error('Invalid storage key');
    return path.join(root, key);
  };
  return {
    async put(prefix, data) {
      const key = `${prefix}/${randomToken(24)}`;
      const file = resolve(key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data, { mode: 0o600 });
      return key;
    },
    async get(key) {
      try {
        return await readFile(resolve(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async delete(key) {
      await rm(resolve(key), { force: true });
    },
  };
}
