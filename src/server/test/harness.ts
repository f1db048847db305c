import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { type AppOptions, buildApp, type Services } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { randomToken } from '../platform/crypto.ts';
import { createDatabase, type Database, type Db } from '../platform/db/db.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { noDns } from './dns.ts';

/** With TEST_DATABASE_URL set to a PostgreSQL server, every test database is made there instead. */
export const testDialect: 'sqlite' | 'postgres' = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestDatabase {
  config: Config;
  database: Database;
  /** The database under a system scope, for a test's own set-up and look-ups (never the code under test). */
  db: Db;
  dataDir: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Where test data lives: RAM (/dev/shm) where the machine has it, so SQLite's fsyncs (synchronous = FULL,
 * as in production) cost nothing; else the system's temporary folder.
 */
const testRoot = (() => {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
})();

/** The migrations' own text, hashed: a template database is reused only while they are unchanged. */
const migrationsHash = (() => {
  const dir = path.resolve(import.meta.dirname, '../../../migrations');
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(path.join(dir, name)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
})();

function testConfig(dataDir: string, databaseUrl: string, env?: Record<string, string>): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    // A busy machine (both cores taken by other work) can keep a request waiting for one of the pool's
    // connections longer than the production default of 5 s; that wait is not what the tests check.
    DATABASE_CONNECT_TIMEOUT_MS: '60000',
    // Settings (a JSON object) for every test app, to run a suite on another adapter (STORAGE=s3 …).
    ...(process.env.TEST_APP_ENV ? (JSON.parse(process.env.TEST_APP_ENV) as Record<string, string>) : {}),
    ...env,
  });
}

/**
 * Migrating a database costs more than most test files' own work, so the suite migrates once per set of
 * migrations and copies: a SQLite file copied byte for byte, a PostgreSQL database made from a template.
 * Each template is built under its final name by one process only (a rename for SQLite, an advisory
 * lock for PostgreSQL), so parallel test files and parallel runs share it safely. The migrations
 * themselves are tested from an empty database in migrations.test.ts.
 */
let sqliteTemplate: Promise<string> | null = null;
function sqliteTemplateFile(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const file = path.join(testRoot, `portico-test-template-${migrationsHash}.db`);
    if (existsSync(file)) return file;
    const buildDir = mkdtempSync(path.join(testRoot, 'portico-template-'));
    const building = path.join(buildDir, 'portico.db');
    const database = createDatabase(testConfig(buildDir, building));
    await migrateToLatest(database);
    await database.close();
    renameSync(building, file);
    rmSync(buildDir, { recursive: true, force: true });
    return file;
  })();
  return sqliteTemplate;
}

const pgTemplates = new Map<string, Promise<string>>();
function postgresTemplate(base: string): Promise<string> {
  let template = pgTemplates.get(base);
  if (!template) {
    template = withAdmin(base, async (c) => {
      const name = `portico_test_template_${migrationsHash}`;
      await c.query('select pg_advisory_lock(hashtext($1))', [name]);
      try {
        const found = await c.query('select 1 from pg_database where datname = $1', [name]);
        if (found.rowCount === 0) {
          const building = `${name}_${randomToken(6)
            .toLowerCase()
            .replace(/[^a-z0-9]/g, '')}`;
          await c.query(`create database ${building}`);
          const url = new URL(base);
          url.pathname = `/${building}`;
          const database = createDatabase(testConfig(tmpdir(), url.toString()));
          await migrateToLatest(database);
          await database.close();
          await c.query(`alter database ${building} rename to ${name}`);
          // No sessions on a template (autovacuum included), or copying it fails as "being accessed".
          await c.query(`alter database ${name} with is_template true allow_connections false`);
        }
      } finally {
        await c.query('select pg_advisory_unlock(hashtext($1))', [name]);
      }
      return name;
    });
    pgTemplates.set(base, template);
  }
  return template;
}

/** A fresh, migrated database of its own for one test file (or one test), SQLite or PostgreSQL. */
export async function createTestDatabase(
  options: { dialect?: 'sqlite' | 'postgres'; env?: Record<string, string> } = {},
): Promise<TestDatabase> {
  const dialect = options.dialect ?? testDialect;
  const dataDir = mkdtempSync(path.join(testRoot, 'portico-test-'));
  let databaseUrl = path.join(dataDir, 'portico.db');
  let dbName: string | null = null;
  if (dialect === 'postgres') {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error('TEST_DATABASE_URL is not set');
    dbName = `portico_test_${randomToken(9)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}`;
    const template = await postgresTemplate(base);
    await withAdmin(base, async (c) => {
      for (let attempt = 1; ; attempt++) {
        try {
          await c.query(`create database ${dbName} template ${template}`);
          return;
        } catch (error) {
          // 55006: another session was copying the template at that instant; wait and copy again.
          if ((error as { code?: string }).code !== '55006' || attempt === 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        }
      }
    });
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  } else {
    copyFileSync(await sqliteTemplateFile(), databaseUrl);
  }
  const config = testConfig(dataDir, databaseUrl, options.env);
  const database = createDatabase(config);
  return {
    config,
    database,
    db: database.system('test fixtures').db,
    dataDir,
    async drop() {
      await database.close();
      if (dbName && process.env.TEST_DATABASE_URL) {
        await withAdmin(process.env.TEST_DATABASE_URL, (c) =>
          c.query(`drop database if exists ${dbName} with (force)`),
        );
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
  services: Services;
  clock: FakeClock;
  close(): Promise<void>;
}

export interface FakeClock {
  (): Date;
  advance(ms: number): void;
  set(date: Date): void;
}

export function fakeClock(start = new Date('2026-03-02T09:00:00.000Z')): FakeClock {
  let now = start.getTime();
  const clock = (() => new Date(now)) as FakeClock;
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (d) => {
    now = d.getTime();
  };
  return clock;
}

export async function createTestApp(
  options: {
    env?: Record<string, string>;
    beforeReady?: (app: FastifyInstance) => void;
    app?: Partial<AppOptions>;
  } = {},
): Promise<TestApp> {
  const tdb = await createTestDatabase(options.env ? { env: options.env } : {});
  const clock = fakeClock();
  const { app, services } = await buildApp({
    config: tdb.config,
    database: tdb.database,
    clock,
    logger: false,
    // DNS is beyond the machine: tests that authenticate email senders pass a stand-in with records.
    dnsResolver: noDns,
    ...options.app,
  });
  options.beforeReady?.(app);
  await app.ready();
  return {
    ...tdb,
    app,
    services,
    clock,
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
}

/** A browser-like client over app.inject: keeps cookies and sends the CSRF header on mutations. */
export class Client {
  readonly cookies = new Map<string, string>();
  constructor(readonly app: FastifyInstance) {}

  get csrf(): string | undefined {
    for (const [name, value] of this.cookies) if (name.endsWith('portico_csrf')) return value;
    return undefined;
  }

  get sessionCookie(): string | undefined {
    for (const [name, value] of this.cookies) if (name.endsWith('portico_session')) return value;
    return undefined;
  }

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    options: {
      body?: unknown;
      headers?: Record<string, string>;
      payload?: string | Buffer;
      csrf?: boolean;
    } = {},
  ): Promise<LightMyRequestResponse> {
    if (method !== 'GET' && options.csrf !== false && !this.csrf) {
      await this.request('GET', '/api/v1/auth/csrf');
    }
    const headers: Record<string, string> = { ...options.headers };
    if (method !== 'GET' && options.csrf !== false && this.csrf) headers['x-csrf-token'] = this.csrf;
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      method,
      url,
      headers,
      ...(options.payload !== undefined
        ? { payload: options.payload }
        : options.body !== undefined
          ? { payload: options.body as object }
          : {}),
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const cleared = c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() <= Date.now());
      if (cleared) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, headers ? { headers } : {});
  }
  post(url: string, body?: unknown, options: { headers?: Record<string, string>; csrf?: boolean } = {}) {
    return this.request('POST', url, { body, ...options });
  }
  patch(url: string, body?: unknown, options: { headers?: Record<string, string> } = {}) {
    return this.request('PATCH', url, { body, ...options });
  }

  async login(email: string, password = 'portico-demo', remember = false) {
    const res = await this.post('/api/v1/auth/login', { email, password, remember });
    if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
    return res.json() as { kind: string; csrfToken: string };
  }
}

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery', name: 'Olga Owner' };

/** Sets the organisation up (optionally with the demo data) through the real setup route. */
export async function setUp(t: TestApp, options: { demo?: boolean } = {}): Promise<Client> {
  const client = new Client(t.app);
  const res = await client.post('/api/v1/setup', {
    organisationName: 'Test IT',
    ownerName: OWNER.name,
    ownerEmail: OWNER.email,
    ownerPassword: OWNER.password,
    loadDemo: options.demo ?? false,
  });
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  return client;
}

export function errorOf(res: LightMyRequestResponse): {
  code: string;
  reason?: string;
  message: string;
  fields?: Record<string, string>;
} {
  return (
    res.json() as {
      error: { code: string; reason?: string; message: string; fields?: Record<string, string> };
    }
  ).error;
}

/** The token of a `${path}?token=…` link in an email's text. */
export function tokenFrom(text: string, path: string): string {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${path} link in the email:\n${text}`);
  return match[1];
}

/** A client's id by its exact name, looked up through the staff API as a staff user would. */
export async function clientIdByName(staff: Client, name: string): Promise<number> {
  const res = await staff.get(`/api/v1/clients?q=${encodeURIComponent(name)}&status=all`);
  const found = (res.json().items as { id: number; name: string }[]).find((c) => c.name === name);
  if (!found) throw new Error(`no client ${name}`);
  return found.id;
}
