import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { loadOrCreateSecrets } from './platform/crypto.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('configuration', () => {
  test('defaults serve on port 3000 with SQLite under ./data', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.database.dialect, 'sqlite');
    assert.equal(c.database.dialect === 'sqlite' && c.database.path, path.resolve('data/portico.db'));
    assert.equal(c.baseUrl.origin, 'http://localhost:3000');
    assert.equal(c.secureCookies, true, 'localhost counts as a secure context');
  });

  test('a postgres URL picks PostgreSQL; a plain path picks SQLite', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database.dialect, 'postgres');
    assert.equal(loadConfig({ DATABASE_URL: '/tmp/x.db' }).database.dialect, 'sqlite');
    assert.equal(loadConfig({ DATABASE_URL: 'sqlite:/tmp/y.db' }).database.dialect, 'sqlite');
  });

  test('a plain-http public BASE_URL turns off Secure cookies', () => {
    assert.equal(loadConfig({ BASE_URL: 'http://portal.lan:3000' }).secureCookies, false);
    assert.equal(loadConfig({ BASE_URL: 'https://portal.example.com' }).secureCookies, true);
  });

  for (const [name, value, expected] of [
    ['PORT', 'abc', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['BASE_URL', 'not a url', /BASE_URL must be/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['DATABASE_POOL_MAX', '0', /DATABASE_POOL_MAX/],
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY must be true or false/],
    ['DATABASE_PREPARED_STATEMENTS', 'sometimes', /DATABASE_PREPARED_STATEMENTS must be true or false/],
    ['CLAMD_URL', 'clamd.local:3310', /CLAMD_URL must look like tcp:\/\/127\.0\.0\.1:3310/],
    ['CLAMD_URL', 'tcp://127.0.0.1:99999', /CLAMD_URL must name a port between 1 and 65535/],
    ['IMAGE_MAX_MEGAPIXELS', '0', /IMAGE_MAX_MEGAPIXELS must be a whole number between 1 and 268/],
    ['ARCHIVE_MAX_RATIO', '1', /ARCHIVE_MAX_RATIO must be a whole number between 2 and 10000/],
  ] as const) {
    test(`${name}=${value} is refused with one line naming it`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (e: unknown) => e instanceof ConfigError && expected.test(e.message) && !e.message.includes('\n'),
      );
    });
  }

  test('upload checks: limits with their defaults; clamd only when CLAMD_URL is set, by TCP or unix socket', () => {
    const defaults = loadConfig({}).uploads;
    assert.deepEqual(defaults, {
      imageMaxPixels: 100_000_000,
      archive: { maxExpandedBytes: 1024 * 1024 * 1024, maxRatio: 100, maxEntries: 10_000, maxDepth: 2 },
      clamd: null,
    });
    assert.deepEqual(loadConfig({ CLAMD_URL: 'tcp://clamav.internal:3310' }).uploads.clamd, {
      address: { host: 'clamav.internal', port: 3310 },
      timeoutMs: 60_000,
    });
    for (const url of ['unix:///run/clamav/clamd.ctl', 'unix:/run/clamav/clamd.ctl']) {
      assert.deepEqual(loadConfig({ CLAMD_URL: url, CLAMD_TIMEOUT_SECONDS: '5' }).uploads.clamd, {
        address: { path: '/run/clamav/clamd.ctl' },
        timeoutMs: 5000,
      });
    }
    const custom = loadConfig({
      IMAGE_MAX_MEGAPIXELS: '40',
      ARCHIVE_MAX_EXPANDED_MB: '200',
      ARCHIVE_MAX_RATIO: '50',
      ARCHIVE_MAX_ENTRIES: '500',
      ARCHIVE_MAX_DEPTH: '1',
    }).uploads;
    assert.equal(custom.imageMaxPixels, 40_000_000);
    assert.deepEqual(custom.archive, {
      maxExpandedBytes: 200 * 1024 * 1024,
      maxRatio: 50,
      maxEntries: 500,
      maxDepth: 1,
    });
  });

  test('PostgreSQL prepared statements are on unless DATABASE_PREPARED_STATEMENTS turns them off', () => {
    assert.equal(loadConfig({}).databasePreparedStatements, true);
    assert.equal(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements, false);
  });

  test('a secret value is never echoed in the message', () => {
    assert.throws(
      () => loadConfig({ SESSION_SECRET: 'short-secret' }),
      (e: unknown) => e instanceof ConfigError && !e.message.includes('short-secret'),
    );
  });

  test('the process stops with one clear line on a bad value', async () => {
    const result = await run('node', ['--import', 'tsx', 'src/server/main.ts', 'migrate'], {
      cwd: root,
      env: { ...process.env, PORT: 'eighty' },
    }).catch((e: { code: number; stderr: string }) => e);
    assert.equal((result as { code: number }).code, 1);
    assert.equal((result as { stderr: string }).stderr.trim().split('\n').length, 1);
    assert.match((result as { stderr: string }).stderr, /PORT/);
  });

  test('secrets not given are generated once, kept with mode 0600 and reused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portico-secrets-'));
    try {
      const first = loadOrCreateSecrets(dir, {});
      const file = path.join(dir, 'secrets.json');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.ok(first.sessionSecret.length >= 32);
      assert.match(first.encryptionKey, /^[0-9a-f]{64}$/);
      assert.deepEqual(loadOrCreateSecrets(dir, {}), first);
      const given = loadOrCreateSecrets(dir, { sessionSecret: 'x'.repeat(40) });
      assert.equal(given.sessionSecret, 'x'.repeat(40));
      assert.ok(
        !readFileSync(file, 'utf8').includes('x'.repeat(40)),
        'a secret from the environment is not written to disk',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
