import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
} from 'kysely';

/**
 * SQLite for a server: one connection writes, a second one reads.
 *
 * Kysely's own SQLite driver has one connection behind a mutex: while a transaction is open (and a
 * ticket submission's transaction awaits a dozen statements, yielding between them) every other
 * request's read waits for it. In WAL mode readers never block the writer nor wait for it, so here a
 * statement outside a transaction that only reads runs at once on the reading connection, and sees
 * every committed write (each read is its own snapshot, taken when it runs). Writes outside a
 * transaction, and everything inside one, go to the writing connection, one transaction at a time; a
 * transaction reads its own writes. Statements are classified by SQLite itself (`readonly`), so a raw
 * SQL read is a read and nothing that writes can reach the reading connection.
 *
 * Every transaction begins IMMEDIATE: better-sqlite3 upgrades a deferred transaction's read lock to a
 * write lock lazily, and busy_timeout does not cover that upgrade, so a second process (a worker)
 * could otherwise see SQLITE_BUSY.
 */
export class ReadWriteSqliteDialect extends SqliteDialect {
  readonly #writer: SqliteDatabase.Database;
  readonly #reader: SqliteDatabase.Database | null;
  constructor(writer: SqliteDatabase.Database, reader: SqliteDatabase.Database | null) {
    super({ database: writer } satisfies SqliteDialectConfig);
    this.#writer = writer;
    this.#reader = reader;
  }
  override createDriver(): Driver {
    return new ReadWriteSqliteDriver(this.#writer, this.#reader);
  }
}

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  /** Resolves when the caller holds the lock, with the function that releases it. */
  lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return ready;
  }
}

function run(db: SqliteDatabase.Database, query: CompiledQuery): QueryResult<unknown> {
  const stmt = db.prepare(query.sql);
  const parameters = query.parameters as unknown[];
  if (stmt.reader) return { rows: stmt.all(parameters) };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return {
    numAffectedRows: BigInt(changes),
    insertId: BigInt(lastInsertRowid),
    rows: [],
  };
}

class ReadWriteSqliteDriver implements Driver {
  readonly #writer: SqliteDatabase.Database;
  readonly #reader: SqliteDatabase.Database | null;
  readonly #writeLock = new Mutex();

  constructor(writer: SqliteDatabase.Database, reader: SqliteDatabase.Database | null) {
    this.#writer = writer;
    this.#reader = reader;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this.#writer, this.#reader, this.#writeLock);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).end('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).end('rollback');
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).release();
  }

  async destroy(): Promise<void> {
    this.#reader?.close();
    this.#writer.close();
  }
}

class RoutedConnection implements DatabaseConnection {
  #unlock: (() => void) | null = null;
  constructor(
    private readonly writer: SqliteDatabase.Database,
    private readonly reader: SqliteDatabase.Database | null,
    private readonly writeLock: Mutex,
  ) {}

  async begin(): Promise<void> {
    this.#unlock = await this.writeLock.lock();
    try {
      run(this.writer, CompiledQuery.raw('begin immediate'));
    } catch (error) {
      this.release();
      throw error;
    }
  }

  async end(command: 'commit' | 'rollback'): Promise<void> {
    try {
      run(this.writer, CompiledQuery.raw(command));
    } finally {
      this.release();
    }
  }

  release(): void {
    const unlock = this.#unlock;
    this.#unlock = null;
    unlock?.();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Inside a transaction: its own connection, in order.
    if (this.#unlock) return run(this.writer, query) as QueryResult<R>;
    if (this.reader?.prepare(query.sql).readonly) {
      return run(this.reader as SqliteDatabase.Database, query) as QueryResult<R>;
    }
    const unlock = await this.writeLock.lock();
    try {
      return run(this.writer, query) as QueryResult<R>;
    } finally {
      unlock();
    }
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered on SQLite here
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on SQLite');
  }
}
