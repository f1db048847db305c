import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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
    async putStream(prefix, source) {
      const key = `${prefix}/${randomToken(24)}`;
      const file = resolve(key);
      await mkdir(path.dirname(file), { recursive: true });
      try {
        await pipeline(source, createWriteStream(file, { mode: 0o600 }));
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
