import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import { sql } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';
// Migrations are frozen in time: they must not depend on the application's current types.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at that point
export type AnyDb = Kysely<any>;

export interface Migration {
  up(db: AnyDb): Promise<void>;
}

/** Column helpers that keep one migration file valid on both SQLite and PostgreSQL. */
export function columns(dialect: Dialect) {
  return {
    /** Integer surrogate key; int4 so pg returns numbers, not strings. */
    id<T extends string, C extends string>(t: CreateTableBuilder<T, C>): CreateTableBuilder<T, C | 'id'> {
      return dialect === 'postgres'
        ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
        : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
    },
    /** An instant: timestamptz on PostgreSQL, ISO-8601 text on SQLite. */
    instant: dialect === 'postgres' ? ('timestamptz' as const) : ('text' as const),
    /** JSON kept as text on both, validated by zod when read. */
    json: 'text' as const,
    flag: 'integer' as const,
    now: dialect === 'postgres' ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`,
  };
}

export type ColumnBuilder = (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
