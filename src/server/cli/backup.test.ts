import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { root } from '../../../tests/support/server.ts';
import { loadConfig } from '../config.ts';
import SqliteDatabase, { sqliteModuleName } from '../platform/db/sqlite-native.ts';
import { createTestDatabase } from '../test/harness.ts';
import { BackupError, defaultBackupName, PG_DUMP_MESSAGE, runBackup } from './backup.ts';

const run = promisify(execFile);

/** Another process that writes to the database without pause until it is stopped (as the app would). */
function startWriter(dbPath: string) {
  const script = `
    const Database = require('${sqliteModuleName}');
    const db = new Database(process.argv[1]);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec('create table if not exists backup_probe (id integer primary key, body text not null)');
    const insert = db.prepare('insert into backup_probe (body) values (?)');
    const batch = db.transaction((n) => { for (let i = 0; i < n; i++) insert.run('x'.repeat(200)); });
    let total = 0;
    process.on('SIGTERM', () => { process.stdout.write('total ' + total + '\\n'); db.close(); process.exit(0); });
    const tick = () => { batch(50); total += 50; if (total % 1000 === 0) process.stdout.write('at ' + total + '\\n'); setImmediate(tick); };
    tick();
  `;
  const child = spawn(process.execPath, ['-e', script, dbPath], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async waitForRows(n: number) {
      while (!/at (\d+)/.test(output) || Number(/.*at (\d+)/s.exec(output)?.[1]) < n) {
        if (child.exitCode !== null) throw new Error(`writer exited:\n${output}`);
        await sleep(20);
      }
    },
    async stop(): Promise<number> {
      child.kill('SIGTERM');
      await exited;
      const total = /total (\d+)/.exec(output)?.[1];
      if (!total) throw new Error(`writer did not report:\n${output}`);
      return Number(total);
    },
  };
}

function count(file: string): number {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select count(*) as n from backup_probe').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('portico backup', () => {
  test('copies a SQLite database while another process writes: each copy is consistent and checked', async () => {
    const tdb = await createTestDatabase({ dialect: 'sqlite' });
    const dbPath = (tdb.config.database as { path: string }).path;
    const writer = startWriter(dbPath);
    try {
      await writer.waitForRows(2000);
      const lines: string[] = [];
      const copies = [];
      for (let i = 0; i < 3; i++) {
        copies.push(await runBackup(tdb.config, [], (line) => lines.push(line)));
        await sleep(50);
      }
      const written = await writer.stop();
      const counts = copies.map((c) => count(c.path));
      for (const [i, c] of copies.entries()) {
        assert.equal(path.dirname(c.path), path.join(tdb.dataDir, 'backups'));
        assert.match(path.basename(c.path), /^portico-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z(-\d+)?\.db$/);
        assert.equal(statSync(c.path).size, c.size);
        assert.equal(statSync(c.path).mode & 0o777, 0o600);
        assert.match(
          lines[i]!,
          new RegExp(`^Backup written to ${c.path.replace(/[.]/g, '\\.')} \\(.+\\); integrity check: ok\\.$`),
        );
        const copy = new SqliteDatabase(c.path, { readonly: true });
        try {
          assert.deepEqual(copy.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
          assert.equal(copy.pragma('journal_mode', { simple: true }), 'delete', 'one self-contained file');
          const migrations = copy.prepare('select count(*) as n from portico_migrations').get() as {
            n: number;
          };
          assert.ok(migrations.n > 0, 'the schema came along');
        } finally {
          copy.close();
        }
        assert.equal(counts[i]! % 50, 0, 'whole transactions only: a snapshot never holds half of one');
      }
      assert.ok(counts[0]! >= 2000, `${counts}`);
      assert.ok(counts[2]! <= written, `${counts} ≤ ${written}`);
      assert.ok(counts[0]! <= counts[1]! && counts[1]! <= counts[2]!, `${counts}`);
      assert.ok(counts[2]! < written, `writes went on during and after the backups (${counts}, ${written})`);
      assert.equal(count(dbPath), written, 'the source lost nothing');
      const names = readdirSync(path.join(tdb.dataDir, 'backups'));
      assert.ok(
        names.every((n) => !n.includes('.partial-')),
        'no partial files are left',
      );
    } finally {
      await writer.stop().catch(() => 0);
      await tdb.drop();
    }
  });

  test('CLI: prints the path and size; --out FILE; an existing file is never overwritten', async () => {
    const tdb = await createTestDatabase({ dialect: 'sqlite' });
    const env = {
      ...process.env,
      DATA_DIR: tdb.dataDir,
      DATABASE_URL: (tdb.config.database as { path: string }).path,
      LOG_LEVEL: 'silent',
    };
    try {
      const first = await run('node', ['bin/portico.js', 'backup'], { cwd: root, env });
      const printed = /^Backup written to (\S+) \((\d+(\.\d)? [KMG]?B)\); integrity check: ok\.$/m.exec(
        first.stdout,
      );
      assert.ok(printed, first.stdout);
      assert.ok(existsSync(printed[1]!));
      assert.equal(path.dirname(printed[1]!), path.join(tdb.dataDir, 'backups'));

      const out = path.join(tdb.dataDir, 'elsewhere', 'copy.db');
      const second = await run('node', ['bin/portico.js', 'backup', '--out', out], { cwd: root, env });
      assert.match(second.stdout, new RegExp(`Backup written to ${out.replace(/[.]/g, '\\.')} `));
      const size = statSync(out).size;

      const again = await run('node', ['bin/portico.js', 'backup', '--out', out], { cwd: root, env }).catch(
        (e: { code: number; stderr: string }) => e,
      );
      assert.equal((again as { code: number }).code, 1);
      assert.match((again as { stderr: string }).stderr, /already exists\. Nothing was written\./);
      assert.equal(statSync(out).size, size);
    } finally {
      await tdb.drop();
    }
  });

  test('a file that is not a database is refused and nothing is written', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-backup-'));
    try {
      const bogus = path.join(dataDir, 'portico.db');
      writeFileSync(bogus, 'this is not a database'.repeat(300));
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: bogus });
      await assert.rejects(
        runBackup(config, [], () => {}),
        (e: Error) => e instanceof BackupError && /Nothing was written/.test(e.message),
      );
      const backups = path.join(dataDir, 'backups');
      assert.deepEqual(existsSync(backups) ? readdirSync(backups) : [], []);
      const missing = loadConfig({
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        DATABASE_URL: path.join(dataDir, 'none.db'),
      });
      await assert.rejects(
        runBackup(missing, [], () => {}),
        /There is no database at/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('on PostgreSQL it points to pg_dump, exits 1 and writes nothing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-backup-'));
    try {
      const env = {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: 'postgres://portico:s3cret-pw@127.0.0.1:1/portico',
        LOG_LEVEL: 'silent',
      };
      const res = await run('node', ['bin/portico.js', 'backup'], { cwd: root, env }).catch(
        (e: { code: number; stderr: string; stdout: string }) => e,
      );
      assert.equal((res as { code: number }).code, 1);
      const stderr = (res as { stderr: string }).stderr;
      assert.equal(stderr.trim(), PG_DUMP_MESSAGE);
      assert.match(stderr, /pg_dump --format=custom/);
      assert.doesNotMatch(stderr, /s3cret-pw/);
      assert.deepEqual(
        readdirSync(dataDir).filter((n) => n === 'backups'),
        [],
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('the default name sorts by time', () => {
    assert.equal(defaultBackupName(new Date('2026-03-02T09:05:07.123Z')), 'portico-2026-03-02T09-05-07Z.db');
  });
});
