import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { buildApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { createTestDatabase } from '../test/harness.ts';
import { startTestS3 } from './s3-test-server.ts';
import { localStorage, type Storage } from './storage.ts';
import { s3Storage } from './storage-s3.ts';

const MB = 1024 * 1024;

interface Subject {
  storage: Storage;
  /** Every stored key (to prove that nothing is left behind). */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

/** A source of `total` bytes in 64 KiB chunks of a repeating pattern; fails after `failAfter` bytes. */
function source(total: number, failAfter?: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) {
        this.destroy(new Error('the upload is too large'));
        return;
      }
      if (sent >= total) {
        this.push(null);
        return;
      }
      const n = Math.min(64 * 1024, total - sent);
      const chunk = Buffer.alloc(n);
      for (let i = 0; i < n; i++) chunk[i] = (sent + i) % 251;
      sent += n;
      this.push(chunk);
    },
  });
}

function sha(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/**
 * The one contract every storage adapter keeps (the attachments module relies on each point): keys are
 * made by the adapter, unknown keys read as null, deletes are idempotent, streams go in and out without
 * being held whole, and a failed streamed upload leaves nothing and throws the stream's own error.
 */
function storageContract(name: string, make: () => Promise<Subject>) {
  describe(`storage contract: ${name}`, () => {
    let s: Subject;
    before(async () => {
      s = await make();
    });
    after(async () => {
      await s?.close();
    });

    test('put then get returns the bytes under a generated key of the prefix', async () => {
      const data = Buffer.from('hello, storage ✓');
      const a = await s.storage.put('branding', data);
      const b = await s.storage.put('branding', data);
      assert.match(a, /^branding\/[A-Za-z0-9_-]{20,}$/);
      assert.notEqual(a, b, 'every put gets its own key');
      assert.deepEqual(await s.storage.get(a), data);
      const opened = await s.storage.getStream(a);
      assert.ok(opened);
      assert.equal(opened.size, data.length);
      assert.deepEqual(await readAll(opened.stream), data);
    });

    test('an unknown key reads as null; delete removes and is idempotent', async () => {
      const missing = `branding/${'A'.repeat(32)}`;
      assert.equal(await s.storage.get(missing), null);
      assert.equal(await s.storage.getStream(missing), null);
      await s.storage.delete(missing);
      const key = await s.storage.put('branding', Buffer.from('x'));
      await s.storage.delete(key);
      assert.equal(await s.storage.get(key), null);
      assert.equal(await s.storage.getStream(key), null);
      await s.storage.delete(key);
    });

    test('keys that are not the adapter’s own shape are refused before any I/O', async () => {
      for (const bad of [
        '../etc/passwd',
        'branding/../../x',
        'branding/short',
        'Branding/AAAAAAAAAAAAAAAAAAAAAAAA',
        `/branding/${'A'.repeat(32)}`,
        `branding/${'A'.repeat(32)}/x`,
        '',
      ]) {
        await assert.rejects(s.storage.get(bad), /Invalid storage key/, bad);
        await assert.rejects(s.storage.getStream(bad), /Invalid storage key/, bad);
        await assert.rejects(s.storage.delete(bad), /Invalid storage key/, bad);
      }
    });

    test('putStream stores a stream larger than a multipart part, byte for byte', async () => {
      const expected = await readAll(source(12 * MB + 12_345));
      const key = await s.storage.putStream('attachments', source(12 * MB + 12_345));
      assert.match(key, /^attachments\//);
      const opened = await s.storage.getStream(key);
      assert.ok(opened);
      assert.equal(opened.size, expected.length);
      assert.equal(sha(await readAll(opened.stream)), sha(expected));
      await s.storage.delete(key);
    });

    test('putStream of a small and of an empty stream', async () => {
      const small = await s.storage.putStream('attachments', Readable.from([Buffer.from('abc')]));
      assert.deepEqual(await s.storage.get(small), Buffer.from('abc'));
      const empty = await s.storage.putStream('attachments', Readable.from([]));
      assert.deepEqual(await s.storage.get(empty), Buffer.alloc(0));
      await s.storage.delete(small);
      await s.storage.delete(empty);
    });

    for (const [label, failAfter] of [
      ['early (before a whole part)', 256 * 1024],
      ['late (after a multipart part was sent)', 11 * MB],
    ] as const) {
      test(`a stream that fails ${label} leaves nothing and throws its own error`, async () => {
        const before = await s.keys();
        await assert.rejects(
          s.storage.putStream('attachments', source(20 * MB, failAfter)),
          /the upload is too large/,
        );
        assert.deepEqual(await s.keys(), before, 'nothing is left behind');
      });
    }

    test('a size-limited pipe (as the attachments upload does) fails with the limit’s error', async () => {
      const before = await s.keys();
      let seen = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          seen += chunk.length;
          if (seen > MB) return cb(new Error('limit: 1 MB'));
          cb(null, chunk);
        },
      });
      const src = source(3 * MB);
      src.pipe(limit);
      await assert.rejects(s.storage.putStream('attachments', limit), /limit: 1 MB/);
      assert.deepEqual(await s.keys(), before);
    });

    test('a stream closed after its first bytes (content sniffing) leaves the store usable', async () => {
      const key = await s.storage.put('attachments', Buffer.alloc(300_000, 1));
      for (let i = 0; i < 5; i++) {
        const opened = await s.storage.getStream(key);
        assert.ok(opened);
        for await (const _chunk of opened.stream) break;
        opened.stream.destroy();
      }
      assert.equal((await s.storage.get(key))?.length, 300_000);
      await s.storage.delete(key);
    });
  });
}

function listFiles(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [];
  }
}

storageContract('local disk', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'portico-storage-'));
  return {
    storage: localStorage(root),
    keys: async () => listFiles(root),
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
});

storageContract('S3-compatible (s3rver)', async () => {
  const server = await startTestS3();
  const storage = s3Storage({
    endpoint: server.endpoint,
    bucket: server.bucket,
    region: 'us-east-1',
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    forcePathStyle: true,
    partBytes: 5 * MB,
  });
  return {
    storage,
    async keys() {
      const out = await storage.client.send(new ListObjectsV2Command({ Bucket: server.bucket }));
      return (out.Contents ?? []).map((o) => o.Key ?? '').sort();
    },
    async close() {
      await storage.close?.();
      await server.close();
    },
  };
});

describe('S3 settings', () => {
  test('STORAGE=s3 reads endpoint, bucket, region, keys and path style; local is the default', () => {
    assert.deepEqual(loadConfig({ NODE_ENV: 'test' }).storage, { kind: 'local' });
    const config = loadConfig({
      NODE_ENV: 'test',
      STORAGE: 's3',
      S3_ENDPOINT: 'https://s3.example.com',
      S3_BUCKET: 'portico-files',
      S3_REGION: 'eu-central-1',
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      S3_SECRET_ACCESS_KEY: 'very-secret-value',
      S3_FORCE_PATH_STYLE: 'true',
    });
    assert.deepEqual(config.storage, {
      kind: 's3',
      endpoint: 'https://s3.example.com',
      bucket: 'portico-files',
      region: 'eu-central-1',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'very-secret-value',
      forcePathStyle: true,
    });
    const aws = loadConfig({ NODE_ENV: 'test', STORAGE: 's3', S3_BUCKET: 'portico-files' });
    assert.deepEqual(aws.storage, {
      kind: 's3',
      endpoint: null,
      bucket: 'portico-files',
      region: 'us-east-1',
      accessKeyId: null,
      secretAccessKey: null,
      forcePathStyle: false,
    });
  });

  test('wrong values are refused in one line; secrets are never echoed', () => {
    const refused = (env: Record<string, string>, pattern: RegExp) =>
      assert.throws(
        () => loadConfig({ NODE_ENV: 'test', ...env }),
        (e: Error) =>
          e instanceof ConfigError &&
          pattern.test(e.message) &&
          !e.message.includes('\n') &&
          !e.message.includes('very-secret-value'),
        JSON.stringify(env),
      );
    refused({ STORAGE: 'ftp' }, /^Invalid configuration: STORAGE must be local or s3 \(got "ftp"\)$/);
    refused({ STORAGE: 's3' }, /S3_BUCKET is required when STORAGE=s3/);
    refused({ STORAGE: 's3', S3_BUCKET: 'Not_A_Bucket' }, /S3_BUCKET must be a bucket name/);
    refused(
      { STORAGE: 's3', S3_BUCKET: 'b-1', S3_ENDPOINT: 'ftp://x' },
      /S3_ENDPOINT must be an http\(s\) URL/,
    );
    refused(
      { STORAGE: 's3', S3_BUCKET: 'b-1', S3_ENDPOINT: 'https://key:very-secret-value@s3.example.com' },
      /S3_ENDPOINT must be an http\(s\) URL/,
    );
    refused(
      { STORAGE: 's3', S3_BUCKET: 'b-1', S3_SECRET_ACCESS_KEY: 'very-secret-value' },
      /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together/,
    );
    refused({ S3_FORCE_PATH_STYLE: 'maybe' }, /S3_FORCE_PATH_STYLE must be true or false/);
    refused({ S3_REGION: 'EU Central' }, /S3_REGION must be a region name/);
  });

  test('buildApp stores files in the bucket when STORAGE=s3', async () => {
    const server = await startTestS3('portico-app');
    const tdb = await createTestDatabase({ env: server.env });
    try {
      const { app, services } = await buildApp({ config: tdb.config, database: tdb.database, logger: false });
      try {
        const key = await services.deps.storage.put('branding', Buffer.from('logo'));
        const storage = s3Storage({ ...server, region: 'us-east-1', forcePathStyle: true });
        const listed = await storage.client.send(new ListObjectsV2Command({ Bucket: server.bucket }));
        assert.deepEqual(
          (listed.Contents ?? []).map((o) => o.Key),
          [key],
        );
        assert.deepEqual(listFiles(path.join(tdb.dataDir, 'files')), [], 'nothing on local disk');
        await storage.close?.();
      } finally {
        await app.close();
      }
    } finally {
      await tdb.drop();
      await server.close();
    }
  });
});
