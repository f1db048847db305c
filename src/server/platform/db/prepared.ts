import type { Compilable, CompiledQuery } from 'kysely';
import type { DbOrTrx } from './db.ts';

/**
 * A query built and compiled once per database kind, then run with new values. Kysely builds and
 * compiles a query anew on every call; on the reads behind every request (the session, a ticket) that
 * costs more CPU than SQLite's own work. The query's shape must not depend on the values: `build` gets
 * stand-ins, never real values, and may only pass them where a value goes (`where(col, '=', value)`,
 * `values(...)`), never branch on them. The stand-ins are swapped for the values in the compiled
 * parameters, found by identity, so nothing is ever spliced into SQL text.
 */
export function prepared<P extends readonly unknown[], R>(
  build: (db: DbOrTrx, ...params: P) => Compilable<R>,
): (db: DbOrTrx, ...params: P) => Promise<R[]> {
  // Keyed by the dialect's adapter, shared by a database and its transactions.
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; slots: number[][] }>();
  return async (db, ...params) => {
    const adapter = db.getExecutor().adapter as object;
    let entry = compiled.get(adapter);
    if (!entry) {
      const standIns = params.map((_, i) => Object.freeze({ preparedParameter: i }));
      const query = build(db, ...(standIns as unknown as P)).compile();
      const slots: number[][] = params.map(() => []);
      query.parameters.forEach((p, at) => {
        const i = standIns.indexOf(p as (typeof standIns)[number]);
        if (i >= 0) slots[i]?.push(at);
      });
      if (slots.some((s) => s.length === 0)) throw new Error('prepared: a parameter is not used as a value');
      entry = { query, slots };
      compiled.set(adapter, entry);
    }
    const values = [...entry.query.parameters];
    entry.slots.forEach((at, i) => {
      for (const j of at) values[j] = params[i];
    });
    const result = await db.executeQuery<R>({ ...entry.query, parameters: values });
    return result.rows;
  };
}
