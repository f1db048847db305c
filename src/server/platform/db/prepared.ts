import type { Compilable, CompiledQuery } from 'kysely';
import { ScopeError } from '../access/plugin.ts';
import { describeScope } from '../access/scope.ts';
import { scopeOf, withScope } from '../access/scoped.ts';
import type { DbOrTrx } from './db.ts';

/**
 * A query built and compiled once per database kind, then run with new values. Kysely builds and
 * compiles a query anew on every call; on the reads behind every request (the session, a ticket) that
 * costs more CPU than SQLite's own work. The query's shape must not depend on the values: `build` gets
 * stand-ins, never real values, and may only pass them where a value goes (`where(col, '=', value)`,
 * `values(...)`), never branch on them. The stand-ins are swapped for the values in the compiled
 * parameters, found by identity, so nothing is ever spliced into SQL text.
 *
 * The access layer's filter is part of the compiled query: a query is compiled once per kind of scope
 * (none, client, staff, system), and under a client scope the client id is a stand-in too, so one
 * client's compiled query never carries another's id.
 */
export function prepared<P extends readonly unknown[], R>(
  build: (db: DbOrTrx, ...params: P) => Compilable<R>,
): (db: DbOrTrx, ...params: P) => Promise<R[]> {
  // One shape; the parameters are the values, and each must be used as one.
  const shaped = preparedShapes((db: DbOrTrx, _shape: null, v: { params: P }) => build(db, ...v.params), {
    everyValueUsed: true,
  });
  return (db, ...params) => shaped(db, '', null, { params });
}

/** A value's place in a shaped query's values: its name, and its index for a list. */
type ValuePath = { name: string; index: number | null };

/**
 * prepared() for a query whose shape depends on its input (a list with optional filters): compiled once
 * per shape and kind of scope. The caller splits its input in two: `shape`, everything the query's form
 * depends on, named by `shapeKey`; and `values`, a record of every value the query binds (a list's
 * length is part of the shape; the key is extended with it here). `build` gets the real shape and
 * stand-ins for the values, and may only place those where a value goes, as for prepared(). A value it
 * does not use is left out of the query.
 *
 * `clientValue` names the value that is an inserted row's client, or the list of each inserted row's
 * client (an insert into a client table). The
 * access plugin checks that value against a client scope's client when the query is compiled; here it
 * is compiled with the scope's client stand-in in its place, and each run checks the real value against
 * the scope's client before anything is sent, so a row for another client is refused as before.
 */
export function preparedShapes<S, V extends Record<string, unknown>, R>(
  build: (db: DbOrTrx, shape: S, values: V) => Compilable<R>,
  options: { everyValueUsed?: boolean; clientValue?: keyof V & string } = {},
): (db: DbOrTrx, shapeKey: string, shape: S, values: V) => Promise<R[]> {
  const { clientValue } = options;
  const compiled = new WeakMap<
    object,
    Map<string, { query: CompiledQuery<R>; slots: Map<number, ValuePath>; client: number[] }>
  >();
  return async (db, shapeKey, shape, values) => {
    const adapter = db.getExecutor().adapter as object;
    const scope = scopeOf(db);
    if (clientValue !== undefined && scope?.kind === 'client') {
      const v = values[clientValue];
      if ((Array.isArray(v) ? v : [v]).some((c) => c !== scope.clientId)) {
        throw new ScopeError(`an insert names another client than ${describeScope(scope)}`);
      }
    }
    const lengths = Object.entries(values)
      .filter(([, v]) => Array.isArray(v))
      .map(([k, v]) => `${k}:${(v as unknown[]).length}`)
      .join(',');
    const key = `${scope?.kind ?? 'none'}|${shapeKey}|${lengths}`;
    let byShape = compiled.get(adapter);
    if (!byShape) {
      byShape = new Map();
      compiled.set(adapter, byShape);
    }
    let entry = byShape.get(key);
    if (!entry) {
      const paths = new Map<object, ValuePath>();
      const standIn = (path: ValuePath) => {
        const s = Object.freeze({ preparedValue: path });
        paths.set(s, path);
        return s;
      };
      const standIns: Record<string, unknown> = {};
      for (const [name, v] of Object.entries(values)) {
        standIns[name] = Array.isArray(v)
          ? v.map((_, index) => standIn({ name, index }))
          : standIn({ name, index: null });
      }
      const clientStandIn = Object.freeze({ preparedClient: true });
      if (clientValue !== undefined && scope?.kind === 'client') {
        const v = standIns[clientValue];
        for (const s of Array.isArray(v) ? v : [v]) paths.delete(s as object);
        standIns[clientValue] = Array.isArray(v) ? v.map(() => clientStandIn) : clientStandIn;
      }
      const compileDb =
        scope?.kind === 'client'
          ? withScope(db, { ...scope, clientId: clientStandIn as unknown as number })
          : db;
      const query = build(compileDb, shape, standIns as V).compile();
      const slots = new Map<number, ValuePath>();
      const client: number[] = [];
      query.parameters.forEach((p, at) => {
        if (p === clientStandIn) client.push(at);
        const path = typeof p === 'object' && p !== null ? paths.get(p) : undefined;
        if (path) slots.set(at, path);
      });
      if (options.everyValueUsed && new Set(slots.values()).size < paths.size) {
        throw new Error('prepared: a parameter is not used as a value');
      }
      entry = { query, slots, client };
      if (byShape.size >= MAX_SHAPES) byShape.delete(byShape.keys().next().value as string);
      byShape.set(key, entry);
    }
    const bound = [...entry.query.parameters];
    for (const [at, { name, index }] of entry.slots) {
      const v = values[name];
      bound[at] = index === null ? v : (v as unknown[])[index];
    }
    if (scope?.kind === 'client') for (const j of entry.client) bound[j] = scope.clientId;
    const result = await db.executeQuery<R>({ ...entry.query, parameters: bound });
    return result.rows;
  };
}

/** Shapes kept per query and database: the few a page sends, with room for search and filter mixes. */
const MAX_SHAPES = 200;
