import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * Named (server-side prepared) statements for PostgreSQL.
 *
 * Kysely sends every statement unnamed, so PostgreSQL parses and plans it on every execution. Planning
 * the ticket list (a subquery and six joins) took about 3 ms of the database's CPU per request, three
 * times its execution. A named statement is parsed once per connection, and after a few executions
 * PostgreSQL may keep a generic plan and skip planning altogether (`plan_cache_mode`).
 *
 * The name is derived from the SQL text, so the same text maps to the same statement on every connection.
 * Texts vary in a few places (an `in (…)` list's length, a batch insert's row count), so each connection
 * names at most `perConnection` distinct texts and sends the rest unnamed; a connection's statements live
 * as long as it does (the pool closes idle connections).
 *
 * A statement whose result columns change underneath it (a migration adding a column to a table read with
 * `t.*`, during a rolling deploy) fails with "cached plan must not change result type"; that text is then
 * sent unnamed on that connection, and the query is retried once when no transaction is open.
 */

const PLAN_CHANGED = /cached plan must not change result type/i;

interface ClientState {
  /** Names of the statements prepared on this connection. */
  named: Set<string>;
  /** Names of statements that must no longer be sent named on this connection. */
  unnamed: Set<string>;
}

export interface StatementOptions {
  /** Distinct named statements per connection (default 500). */
  perConnection?: number;
  /** Longest SQL text to name (default 16,000 characters). */
  maxLength?: number;
}

export function namedStatements(pool: pg.Pool, options: StatementOptions = {}): PostgresPool {
  const perConnection = options.perConnection ?? 500;
  const maxLength = options.maxLength ?? 16_000;
  const states = new WeakMap<pg.PoolClient, ClientState>();
  const names = new Map<string, string>();
  const nameOf = (sql: string): string => {
    let name = names.get(sql);
    if (!name) {
      name = `p_${createHash('sha1').update(sql).digest('base64url')}`;
      // The text → name memo is shared by every connection; bounded like the statements themselves.
      if (names.size >= perConnection * 2) names.delete(names.keys().next().value as string);
      names.set(sql, name);
    }
    return name;
  };

  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let state = states.get(client);
    if (!state) {
      state = { named: new Set(), unnamed: new Set() };
      states.set(client, state);
    }
    const st = state;
    let inTransaction = false;
    return {
      // biome-ignore lint/suspicious/noExplicitAny: the cursor overload is passed through untouched
      query: ((sqlOrCursor: any, parameters?: ReadonlyArray<unknown>): any => {
        if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor);
        const sql: string = sqlOrCursor;
        // Kysely hands over a fresh array per query; pg only reads it.
        const values = (parameters ?? []) as unknown[];
        const head = sql.trimStart().slice(0, 12).toLowerCase();
        if (head.startsWith('begin') || head.startsWith('start')) inTransaction = true;
        else if (head.startsWith('commit') || (head.startsWith('rollback') && !/^rollback\s+to\b/.test(head)))
          inTransaction = false;
        if (sql.length > maxLength || !/^(select|with|insert|update|delete)\b/.test(head))
          return client.query(sql, values);
        const name = nameOf(sql);
        if (st.unnamed.has(name) || (!st.named.has(name) && st.named.size >= perConnection))
          return client.query(sql, values);
        st.named.add(name);
        return client.query({ name, text: sql, values }).catch((error: unknown) => {
          if (!(error instanceof Error) || !PLAN_CHANGED.test(error.message)) throw error;
          st.unnamed.add(name);
          if (inTransaction) throw error;
          return client.query(sql, values);
        }) as Promise<PostgresQueryResult<unknown>>;
      }) as PostgresPoolClient['query'],
      release: () => client.release(),
    };
  };

  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
