import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../../config.ts';
import { AccessPlugin } from '../access/plugin.ts';
import { type Scope, scopeFor, system } from '../access/scope.ts';
import { withScope } from '../access/scoped.ts';
import type { Actor } from '../actor.ts';
import { namedStatements } from './pg-statements.ts';
import type { DB } from './schema.ts';
import { ReadWriteSqliteDialect } from './sqlite-driver.ts';
import SqliteDatabase from './sqlite-native.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
export type DbOrTrx = Kysely<DB> | Transaction<DB>;

/** A database handle under one scope (see platform/access): what services query client data through. */
export interface ScopedDatabase {
  readonly db: Db;
  readonly scope: Scope;
  /** Runs `fn` in one transaction under this scope. */
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
}

export interface Database {
  /**
   * The unscoped handle: the provider's own tables only (settings, categories, SLA policies, jobs).
   * A query on a table holding client data through it is refused (platform/access/plugin.ts).
   */
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
  /** Runs `fn` in one transaction. On SQLite the transaction begins IMMEDIATE (see ImmediateSqliteDriver). */
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  /** The database under a scope: `scoped(scopeFor(actor))` for a request, `scoped(system('why'))` else. */
  scoped(scope: Scope): ScopedDatabase;
  /** `scoped(scopeFor(actor))`: a signed-in person's request. */
  forActor(actor: Actor): ScopedDatabase;
  /** `scoped(system(reason))`: work no person asked for (jobs, mail, sign-in, maintenance). */
  system(reason: string): ScopedDatabase;
  /**
   * Called for every query this database runs: one listener for the whole database, not per request.
   * Tests set it to count queries.
   */
  onQuery?: (event: LogEvent) => void;
}

/** Kysely prepares each statement anew; caching prepared statements by SQL text saves that work. */
function withStatementCache(sqlite: BetterSqlite3.Database, max = 500): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') {
        return (source: string) => {
          let stmt = cache.get(source);
          if (!stmt) {
            stmt = prepare(source);
            if (cache.size >= max) cache.delete(cache.keys().next().value as string);
            cache.set(source, stmt);
          }
          return stmt;
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function openSqlite(file: string, options: { readOnly?: boolean } = {}): BetterSqlite3.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit acknowledged to a client survives power loss, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A reading connection refuses any write, whatever reaches it.
  if (options.readOnly) sqlite.pragma('query_only = ON');
  return sqlite;
}

let pgTypesSet = false;
function setPgTypeParsers(): void {
  if (pgTypesSet) return;
  pgTypesSet = true;
  // timestamptz and timestamp -> ISO strings, the same shape SQLite gives us.
  pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
  pg.types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString());
  // int8 (count(*), sums) -> number; our ids are int4, and counts stay far below 2^53.
  pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
  // numeric -> number for aggregates such as avg().
  pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));
}

export function createDatabase(
  config: Pick<
    Config,
    'database' | 'databasePoolMax' | 'databaseConnectTimeoutMs' | 'databasePreparedStatements'
  >,
): Database {
  const holder: { onQuery?: (event: LogEvent) => void } = {};
  const log = (event: LogEvent) => holder.onQuery?.(event);
  if (config.database.dialect === 'postgres') {
    setPgTypeParsers();
    const pool = new pg.Pool({
      connectionString: config.database.url,
      max: config.databasePoolMax,
      connectionTimeoutMillis: config.databaseConnectTimeoutMs,
      idleTimeoutMillis: 30_000,
    });
    // An idle client that loses its connection emits 'error'; without a listener that kills the process.
    pool.on('error', () => {});
    const dialect = new PostgresDialect({
      pool: config.databasePreparedStatements ? namedStatements(pool) : pool,
    });
    const db = new Kysely<DB>({ dialect, log, plugins: [new AccessPlugin(null)] });
    return makeDatabase(db, 'postgres', holder);
  }
  const file = config.database.path;
  const writer = withStatementCache(openSqlite(file));
  // A second connection for reads outside transactions (see ReadWriteSqliteDialect); an in-memory
  // database is private to its connection, so it has none.
  const reader = file === ':memory:' ? null : withStatementCache(openSqlite(file, { readOnly: true }));
  const db = new Kysely<DB>({
    dialect: new ReadWriteSqliteDialect(writer, reader),
    log,
    plugins: [new AccessPlugin(null)],
  });
  return makeDatabase(db, 'sqlite', holder);
}

/**
 * The handle below the access layer: for the migrator (it makes the tables the registry describes), the
 * schema check against the registry, and tests of the driver itself. Nothing else may use it
 * (scripts/lint-rules.sh).
 */
const unguardedHandles = new WeakMap<Database, Db>();

export function belowAccessLayer(database: Database): Db {
  const db = unguardedHandles.get(database);
  if (!db) throw new Error('Not a database made by createDatabase');
  return db;
}

function makeDatabase(db: Db, dialect: Dialect, holder: { onQuery?: (event: LogEvent) => void }): Database {
  const byActor = new WeakMap<Actor, ScopedDatabase>();
  const byReason = new Map<string, ScopedDatabase>();
  const database: Database = {
    db,
    dialect,
    close: () => db.destroy(),
    transaction: (fn) => db.transaction().execute(fn),
    scoped(scope) {
      const scopedDb = withScope(db, scope);
      return { db: scopedDb, scope, transaction: (fn) => scopedDb.transaction().execute(fn) };
    },
    // A request asks for its actor's handle several times, and a job for its reason's: each is built
    // once (for as long as the actor object lives, or the process for a reason).
    forActor(actor) {
      let handle = byActor.get(actor);
      if (!handle) {
        handle = database.scoped(scopeFor(actor));
        byActor.set(actor, handle);
      }
      return handle;
    },
    system(reason) {
      let handle = byReason.get(reason);
      if (!handle) {
        handle = database.scoped(system(reason));
        byReason.set(reason, handle);
      }
      return handle;
    },
    set onQuery(fn: ((event: LogEvent) => void) | undefined) {
      holder.onQuery = fn;
    },
    get onQuery() {
      return holder.onQuery;
    },
  };
  unguardedHandles.set(database, db.withoutPlugins()); // lint-rules: allow
  return database;
}

/** True when a write failed on a unique or primary key constraint, on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
