import type { CompiledQuery } from 'kysely';
import type { Database, ScopedDatabase, Trx } from '../../platform/db/db.ts';
import type { DB } from '../../platform/db/schema.ts';

/** The database generated data loads into: a scoped handle (system scope) and its kind. */
export type LoadTarget = Pick<Database, 'dialect'> & Pick<ScopedDatabase, 'db' | 'transaction'>;

/** Bound parameters per statement: SQLite's default limit is 32,766, PostgreSQL's 65,535. */
const MAX_PARAMETERS = { sqlite: 32_766, postgres: 65_535 } as const;
/** Rows per statement on SQLite: past a few hundred, bigger statements stop paying. */
const SQLITE_MAX_ROWS = 500;

/**
 * Buffers rows of one table and writes them as multi-row inserts. The statement text is compiled by
 * Kysely once per batch size (never built from strings) and then executed with fresh parameters, so
 * SQLite reuses its prepared statement and PostgreSQL gets one round trip per batch.
 */
export class TableWriter<T extends keyof DB & string> {
  readonly #database: LoadTarget;
  readonly #table: T;
  readonly #columns: readonly string[];
  readonly #batchRows: number;
  readonly #statements = new Map<number, CompiledQuery>();
  #values: unknown[] = [];
  /** Rows written (flushed) so far. */
  written = 0;

  constructor(database: LoadTarget, table: T, columns: readonly string[]) {
    this.#database = database;
    this.#table = table;
    this.#columns = columns;
    const byParameters = Math.floor(MAX_PARAMETERS[database.dialect] / columns.length);
    this.#batchRows = database.dialect === 'sqlite' ? Math.min(SQLITE_MAX_ROWS, byParameters) : byParameters;
  }

  get table(): T {
    return this.#table;
  }

  /** Adds one row: values in the order of the columns given to the constructor. */
  add(...row: unknown[]): void {
    for (const v of row) this.#values.push(v);
  }

  get pendingRows(): number {
    return this.#values.length / this.#columns.length;
  }

  #statement(rows: number): CompiledQuery {
    let compiled = this.#statements.get(rows);
    if (!compiled) {
      const row = Object.fromEntries(this.#columns.map((c) => [c, 0]));
      compiled = this.#database.db
        .insertInto(this.#table)
        .values(Array.from({ length: rows }, () => row) as never)
        .compile();
      if (compiled.parameters.length !== rows * this.#columns.length) {
        throw new Error(`Unexpected statement shape for ${this.#table}`);
      }
      this.#statements.set(rows, compiled);
    }
    return compiled;
  }

  /** Writes every full batch (and, with `all`, the rest) in the caller's transaction. */
  async flush(trx: Trx, all = false): Promise<void> {
    const width = this.#columns.length;
    const values = this.#values;
    const batch = this.#batchRows * width;
    let offset = 0;
    while (values.length - offset >= batch) {
      await trx.executeQuery({
        ...this.#statement(this.#batchRows),
        parameters: values.slice(offset, offset + batch),
      });
      offset += batch;
      this.written += this.#batchRows;
    }
    if (all && values.length > offset) {
      const rows = (values.length - offset) / width;
      // Remainders use statements of power-of-two sizes, so a handful of shapes serve every run.
      let left = rows;
      while (left > 0) {
        let size = 1;
        while (size * 2 <= left) size *= 2;
        await trx.executeQuery({
          ...this.#statement(size),
          parameters: values.slice(offset, offset + size * width),
        });
        offset += size * width;
        left -= size;
        this.written += size;
      }
    }
    this.#values = offset === values.length ? [] : values.slice(offset);
  }
}
