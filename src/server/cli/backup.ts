import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import SqliteDatabase from '../platform/db/sqlite-native.ts';

export class BackupError extends Error {}

export const PG_DUMP_MESSAGE =
  'portico backup copies the SQLite database only; this installation uses PostgreSQL. Back it up with ' +
  'pg_dump, for example: pg_dump --format=custom --file=portico-$(date -u +%Y%m%dT%H%M%SZ).dump "$DATABASE_URL" ' +
  '(see docs/deployment.md, "Backups"). Nothing was written.';

/** `portico-2026-03-02T09-00-00Z.db`: sorts by time and has no characters a file system refuses. */
export function defaultBackupName(now = new Date()): string {
  return `portico-${now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-')}.db`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * Copies a live SQLite database with SQLite's online backup API (better-sqlite3 `.backup()`), in one
 * step: the copy is one consistent snapshot, and in WAL mode the app keeps reading and writing while it
 * is taken. The copy is written beside the target, checked (`pragma integrity_check`), switched to a
 * self-contained rollback journal, and only then given its name, so a failed backup never leaves a file
 * that looks finished. An existing file is never overwritten.
 */
export async function backupSqlite(source: string, out: string): Promise<{ path: string; size: number }> {
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source}. Nothing was written.`);
  const target = path.resolve(out);
  if (existsSync(target)) throw new BackupError(`${target} already exists. Nothing was written.`);
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const partial = `${target}.partial-${randomBytes(6).toString('hex')}`;
  const db = new SqliteDatabase(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // The first step only opens the backup; the handler then asks for every page in the next one.
    await db.backup(partial, { progress: () => 0x7fffffff });
  } catch (error) {
    rmSync(partial, { force: true });
    throw new BackupError(
      `The backup failed: ${error instanceof Error ? error.message : String(error)}. Nothing was written.`,
    );
  } finally {
    db.close();
  }
  try {
    const copy = new SqliteDatabase(partial, { fileMustExist: true });
    try {
      const result = copy.pragma('integrity_check') as { integrity_check: string }[];
      const verdict = result.map((r) => r.integrity_check).join('; ');
      if (verdict !== 'ok') throw new BackupError(`The copy failed its integrity check: ${verdict}`);
      // One file to keep: no -wal/-shm beside it.
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    chmodSync(partial, 0o600);
    linkSync(partial, target); // fails rather than overwrite a file created meanwhile
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof BackupError) throw new BackupError(`${error.message}. Nothing was written.`);
    throw new BackupError(
      `The backup could not be checked: ${error instanceof Error ? error.message : String(error)}. Nothing was written.`,
    );
  }
  rmSync(partial, { force: true });
  return { path: target, size: statSync(target).size };
}

/** `portico backup [--out FILE]`: an online backup of the SQLite database (PostgreSQL: use pg_dump). */
export async function runBackup(
  config: Config,
  args: string[],
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<{ path: string; size: number }> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, strict: true });
  if (config.database.dialect !== 'sqlite') throw new BackupError(PG_DUMP_MESSAGE);
  if (values.out !== undefined && values.out.trim() === '')
    throw new BackupError('backup: --out needs a file name. Nothing was written.');
  let out = values.out;
  if (out === undefined) {
    // Two backups within one second get -1, -2 … rather than failing.
    const name = defaultBackupName();
    out = path.join(config.dataDir, 'backups', name);
    for (let i = 1; existsSync(out); i++) {
      out = path.join(config.dataDir, 'backups', name.replace(/\.db$/, `-${i}.db`));
    }
  }
  const result = await backupSqlite(config.database.path, out);
  print(`Backup written to ${result.path} (${formatSize(result.size)}); integrity check: ok.`);
  return result;
}
