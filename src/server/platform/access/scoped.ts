import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AccessPlugin } from './plugin.ts';
import type { Scope } from './scope.ts';

// db.ts builds on this file, so the handle type is spelled out here rather than imported from it.
type DbOrTrx = Kysely<DB> | Transaction<DB>;

/**
 * The same database (or transaction) under `scope`: its queries are checked and, for a client,
 * filtered by the access plugin. A Kysely instance holds one AccessPlugin, so this replaces the one it
 * had; it is the one place plugins are taken off (scripts/lint-rules.sh refuses `withoutPlugins`
 * elsewhere), so nothing can strip the access layer.
 */
export function withScope<T extends DbOrTrx>(db: T, scope: Scope): T {
  return db.withoutPlugins().withPlugin(new AccessPlugin(scope)) as T; // lint-rules: allow
}

/** The scope a database handle carries; null for the database's own, unscoped handle. */
export function scopeOf(db: DbOrTrx): Scope | null {
  for (const plugin of db.getExecutor().plugins) {
    if (plugin instanceof AccessPlugin) return plugin.scope;
  }
  return null;
}
