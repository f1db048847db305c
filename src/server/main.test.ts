import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { root, startServer } from '../../tests/support/server.ts';
import { buildApp } from './app.ts';
import { createTestDatabase } from './test/harness.ts';

const run = promisify(execFile);

describe('the portico process', () => {
  test('serves on a fresh data directory: migrations applied, secrets kept 0600, SIGTERM exits cleanly', async () => {
    const server = await startServer();
    try {
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      const home = await fetch(`${server.url}/`, { redirect: 'manual' });
      assert.equal(home.status, 302);
      assert.equal(home.headers.get('location'), '/setup');
      const { statSync } = await import('node:fs');
      assert.equal(statSync(`${server.dataDir}/secrets.json`).mode & 0o777, 0o600);
      assert.ok(statSync(`${server.dataDir}/portico.db`).size > 0);
      assert.doesNotMatch(server.output(), /sessionSecret|encryptionKey/);
    } finally {
      const code = await server.stop();
      assert.equal(code, 0, server.output());
      await server.dispose();
    }
  });

  test('CLI: migrate, demo, and user create through the package bin', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dataDir = mkdtempSync(`${tmpdir()}/portico-cli-`);
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
    try {
      const migrate = await run('node', ['bin/portico.js', 'migrate'], { cwd: root, env });
      assert.match(migrate.stdout, /up to date/);
      const early = await run(
        'node',
        ['bin/portico.js', 'user', 'create', '--email', 'a@b.example', '--name', 'A'],
        {
          cwd: root,
          env,
        },
      ).catch((e: { code: number; stderr: string }) => e);
      assert.equal((early as { code: number }).code, 1);
      assert.match((early as { stderr: string }).stderr, /finish setup first/);
      await run('node', ['bin/portico.js', 'demo'], { cwd: root, env });
      const created = await run(
        'node',
        [
          'bin/portico.js',
          'user',
          'create',
          '--email',
          'New.Tech@Portico.example',
          '--name',
          'New Tech',
          '--role',
          'technician',
        ],
        { cwd: root, env },
      );
      assert.match(created.stdout, /Created technician new\.tech@portico\.example/);
      assert.match(created.stdout, /Password \(shown once\): \S{20}/);
      const dup = await run(
        'node',
        ['bin/portico.js', 'user', 'create', '--email', 'new.tech@portico.example', '--name', 'X'],
        {
          cwd: root,
          env,
        },
      ).catch((e: { code: number; stderr: string }) => e);
      assert.equal((dup as { code: number }).code, 1);
      assert.match((dup as { stderr: string }).stderr, /already exists/);
      const badRole = await run(
        'node',
        ['bin/portico.js', 'user', 'create', '--email', 'z@portico.example', '--name', 'Z', '--role', 'god'],
        {
          cwd: root,
          env,
        },
      ).catch((e: { code: number; stderr: string }) => e);
      assert.match((badRole as { stderr: string }).stderr, /--role must be one of/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('closing lets an in-flight request finish', async () => {
    const tdb = await createTestDatabase();
    const { app } = await buildApp({ config: tdb.config, database: tdb.database, logger: false });
    let release: () => void = () => {};
    const started = new Promise<void>((resolveStarted) => {
      app.get('/api/v1/slow', { config: { policy: { auth: 'public' } } }, async () => {
        resolveStarted();
        await new Promise<void>((r) => {
          release = r;
        });
        return { done: true };
      });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const inFlight = fetch(`http://127.0.0.1:${port}/api/v1/slow`);
    await started;
    const closing = app.close();
    setTimeout(() => release(), 200);
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { done: true });
    await closing;
    await tdb.drop();
  });
});
