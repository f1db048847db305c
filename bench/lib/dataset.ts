import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import Sqlite from '../../src/server/platform/db/sqlite-native.ts';
import type { Login } from './http.ts';
import { onCleanup, runPortico } from './proc.ts';

export type DatasetName = 'demo' | 'small' | 'large';

export interface PreparedData {
  dataset: DatasetName;
  dataDir: string;
  /** Unset: SQLite in DATA_DIR. */
  databaseUrl: string | null;
  logins: Login[];
  generatedSeconds: number | null;
  reused: boolean;
}

const LOGINS_FILE = 'bench-logins.jsonl';
const DATASET_FILE = 'bench-dataset.txt';

/** The environment every portico process of the harness gets (no .env of the developer leaks in). */
export function porticoEnv(dataDir: string, databaseUrl: string | null, extra: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    // Sign-in of many sessions from one address must not hit the per-IP limit.
    LOGIN_MAX_PER_IP: '100000',
    LOGIN_MAX_PER_ACCOUNT: '1000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...extra,
  };
  return env;
}

export function parseLogins(stdout: string): Login[] {
  const logins: Login[] = [];
  for (const line of stdout.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    const l = JSON.parse(t) as Login;
    if (l.email && l.kind && l.password) logins.push(l);
  }
  return logins;
}

/**
 * A DATA_DIR with the dataset loaded: a fresh one under /tmp (removed at the end unless `keep`), or the
 * given one; generation is skipped when the directory already holds the dataset's logins.
 */
export async function prepareData(opts: {
  dataset: DatasetName;
  dataDir?: string;
  databaseUrl?: string | null;
  skipGenerate: boolean;
  keep: boolean;
  log: (m: string) => void;
}): Promise<PreparedData> {
  const dataDir = opts.dataDir
    ? path.resolve(opts.dataDir)
    : mkdtempSync(path.join(os.tmpdir(), `portico-bench-${opts.dataset}-`));
  if (!opts.dataDir && !opts.keep) onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  const databaseUrl = opts.databaseUrl ?? null;
  const loginsPath = path.join(dataDir, LOGINS_FILE);
  if (existsSync(loginsPath) && (opts.skipGenerate || opts.dataDir)) {
    const had = existsSync(path.join(dataDir, DATASET_FILE))
      ? readFileSync(path.join(dataDir, DATASET_FILE), 'utf8').trim()
      : opts.dataset;
    opts.log(`Reusing ${had} data in ${dataDir}`);
    flushDisk();
    if (!databaseUrl) warmFileCache(dataDir, opts.log);
    return {
      dataset: had as DatasetName,
      dataDir,
      databaseUrl,
      logins: parseLogins(readFileSync(loginsPath, 'utf8')),
      generatedSeconds: null,
      reused: true,
    };
  }
  if (opts.skipGenerate) throw new Error(`--skip-generate: no ${LOGINS_FILE} in ${dataDir}`);
  const env = porticoEnv(dataDir, databaseUrl);
  const args = opts.dataset === 'demo' ? ['demo', '--json'] : ['generate', '--size', opts.dataset, '--json'];
  opts.log(
    `Loading the ${opts.dataset} dataset into ${databaseUrl ? 'PostgreSQL' : dataDir} (portico ${args.join(' ')})…`,
  );
  const started = Date.now();
  const stdout = await runPortico(args, env);
  const seconds = (Date.now() - started) / 1000;
  const logins = parseLogins(stdout);
  if (!logins.length) throw new Error(`portico ${args.join(' ')} printed no logins`);
  writeFileSync(loginsPath, `${logins.map((l) => JSON.stringify(l)).join('\n')}\n`);
  writeFileSync(path.join(dataDir, DATASET_FILE), `${opts.dataset}\n`);
  opts.log(`Loaded in ${seconds.toFixed(1)} s: ${logins.length} logins.`);
  flushDisk();
  if (!databaseUrl) warmFileCache(dataDir, opts.log);
  return { dataset: opts.dataset, dataDir, databaseUrl, logins, generatedSeconds: seconds, reused: false };
}

/**
 * Writes still waiting for the disk (a dataset just generated, or copied into place) would stall the
 * server's own flushes (every commit) during the measured runs: they go to disk before anything runs.
 */
function flushDisk(): void {
  try {
    execFileSync('sync');
  } catch {
    // No sync command: measured as is.
  }
}

/**
 * Reads the SQLite database once, so the runs start with it in the operating system's file cache, as a
 * server that has been up a while has it. Without this, the first runs after a copy or on a machine that
 * reclaims its file cache read from disk, and the same build measured up to 30 % apart between runs.
 */
function warmFileCache(dataDir: string, log: (m: string) => void): void {
  const started = Date.now();
  const buffer = Buffer.allocUnsafe(4 << 20);
  let bytes = 0;
  for (const name of ['portico.db', 'portico.db-wal']) {
    const file = path.join(dataDir, name);
    if (!existsSync(file)) continue;
    const fd = openSync(file, 'r');
    try {
      for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) bytes += n;
    } finally {
      closeSync(fd);
    }
  }
  log(
    `Read the database once (${(bytes / 2 ** 20).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s) to start with it in the file cache.`,
  );
}

const countedTables = [
  'clients',
  'contacts',
  'accounts',
  'tickets',
  'ticket_messages',
  'ticket_attachments',
  'emails',
  'jobs',
] as const;

/** Row counts of the main tables (SQLite read-only, or PostgreSQL). */
export async function rowCounts(data: Pick<PreparedData, 'dataDir' | 'databaseUrl'>) {
  const out: Record<string, number> = {};
  if (data.databaseUrl) {
    const client = new pg.Client({ connectionString: data.databaseUrl });
    await client.connect();
    try {
      for (const t of countedTables) {
        const r = await client.query<{ n: string }>(`select count(*) as n from ${t}`);
        out[t] = Number(r.rows[0]?.n ?? 0);
      }
    } finally {
      await client.end();
    }
    return out;
  }
  const db = new Sqlite(path.join(data.dataDir, 'portico.db'), { readonly: true, fileMustExist: true });
  try {
    for (const t of countedTables) {
      out[t] = Number((db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n);
    }
  } finally {
    db.close();
  }
  return out;
}
