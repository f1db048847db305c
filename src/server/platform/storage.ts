import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomToken } from './crypto.ts';

/**
 * Where files live. Keys are generated here (never taken from a user-supplied name), so a stored
 * file can never escape its folder. An S3-compatible adapter implements the same interface.
 */
export interface Storage {
  put(prefix: string, data: Buffer): Promise<string>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
  /**
   * Writes a stream without holding it in memory. If the stream fails (for example a size limit
   * destroys it), nothing is left behind and the stream's error is thrown.
   */
  putStream(prefix: string, source: Readable): Promise<string>;
  /** A stream of the stored file and its size, or null when there is no such file. */
  getStream(key: string): Promise<{ stream: Readable; size: number } | null>;
  /** Releases connections (object storage); the local adapter has nothing to release. */
  close?(): Promise<void>;
}

/** Every key is `<prefix>/<random token>`: adapters make keys with `newStorageKey` and check them here. */
export const STORAGE_KEY_PATTERN = /^[a-z0-9-]+\/[A-Za-z0-9_-]{20,}$/;
const keyPattern = STORAGE_KEY_PATTERN;

export function assertStorageKey(key: string): void {
  if (typeof key !== 'string' || !keyPattern.test(key)) throw new Error('Invalid storage key');
}

export function newStorageKey(prefix: string): string {
  const key = `${prefix}/${randomToken(24)}`;
  assertStorageKey(key);
  return key;
}

/**
 * Flushes a written file and its directory entry to disk before its key is handed out, so a row that
 * commits (SQLite runs synchronous=FULL) never points at a file a power loss could still truncate.
 */
async function syncToDisk(file: string): Promise<void> {
  for (const target of [file, path.dirname(file)]) {
    const handle = await open(target, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

export function localStorage(root: string): Storage {
  const resolve = (key: string) => {
    assertStorageKey(key);
    return path.join(root, key);
  };
  return {
    async put(prefix, data) {
      const key = `${prefix}/${randomToken(24)}`;
      const file = resolve(key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data, { mode: 0o600 });
      await syncToDisk(file);
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
    async putStream(prefix, source) {
      const key = `${prefix}/${randomToken(24)}`;
      const file = resolve(key);
      await mkdir(path.dirname(file), { recursive: true });
      try {
        await pipeline(source, createWriteStream(file, { mode: 0o600 }));
        await syncToDisk(file);
      } catch (e) {
        await rm(file, { force: true });
        throw e;
      }
      return key;
    },
    async getStream(key) {
      const file = resolve(key);
      try {
        const { size } = await stat(file);
        return { stream: createReadStream(file), size };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
  };
}
