import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import SqliteDatabase, { sqliteModuleName } from './sqlite-native.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

describe('the SQLite driver for this Node.js', () => {
  test('the major this runtime runs: 13 with Node-API 10 (Node 24), 12 before it (Node 20)', () => {
    const napi = Number(process.versions.napi);
    const entry = require.resolve(sqliteModuleName);
    const { version } = require(`${entry.slice(0, entry.lastIndexOf('/lib/'))}/package.json`) as {
      version: string;
    };
    assert.equal(Number(version.split('.')[0]), napi >= 10 ? 13 : 12, `${sqliteModuleName}@${version}`);
    const db = new SqliteDatabase(':memory:');
    try {
      assert.deepEqual(db.prepare('select 1 + 1 as two').get(), { two: 2 });
    } finally {
      db.close();
    }
  });

  test('a process that prepares and collects many statements exits cleanly', async () => {
    // better-sqlite3 12 on Node 24.19+ aborts here ("Assertion failed: (env) != nullptr" from a
    // statement's destructor) in most runs; three runs make a miss unlikely.
    const script = `
      const Database = require(${JSON.stringify(require.resolve(sqliteModuleName))});
      const db = new Database(':memory:');
      db.exec('create table t (a integer primary key, b text)');
      for (let i = 0; i < 20000; i++) db.prepare('select ' + i + ' as n, count(*) from t').get();
      globalThis.gc();
      process.stdout.write('done');
    `;
    for (let i = 0; i < 3; i++) {
      const { stdout } = await run(process.execPath, ['--expose-gc', '-e', script]).catch(
        (e: { code: number | null; signal: string | null; stderr: string }) => {
          throw new Error(
            `run ${i + 1} ended with ${e.signal ?? `code ${e.code}`}: ${e.stderr.slice(0, 300)}`,
          );
        },
      );
      assert.equal(stdout, 'done');
    }
  });
});
