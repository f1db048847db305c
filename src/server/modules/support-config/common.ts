import { sql } from 'kysely';
import type { AuditAction } from '../../../shared/audit.ts';
import type { StaffPermission } from '../../../shared/permissions.ts';
import type { Clock, StaffActor } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import { type Database, type DbOrTrx, isUniqueViolation, type Trx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';

export interface ConfigDeps {
  database: Database;
  clock: Clock;
  audit: Audit;
}

const refusals: Record<StaffPermission, string> = {
  'settings:view': 'Your role cannot see the support setup.',
  'settings:edit': 'Your role can look at the support setup but not change it.',
  'tickets:view': 'Your role cannot see tickets.',
  'tickets:manage': 'Your role cannot work on tickets.',
  'staff:manage': 'Your role cannot manage staff.',
  'clients:view': 'Your role cannot see clients.',
  'clients:manage': 'Your role cannot change clients.',
  'portal:preview': 'Your role cannot preview the portal.',
  'audit:view': 'Your role cannot see the audit log.',
  'outbox:view': 'Your role cannot see the outbox.',
};

/** The route's policy checks this already; services check again so no caller can skip it. */
export function requirePermission(actor: StaffActor, permission: StaffPermission): void {
  if (!actor.permissions.has(permission)) throw errors.forbidden(refusals[permission]);
}

/**
 * Runs a write; a unique index refusing it (two people saving the same name at once, so the service's own
 * check passed for both) becomes the same clear 409 the check gives.
 */
export async function uniquely<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.conflict('name_taken', message);
    throw error;
  }
}

/** `lower(column) = lower(value)`: names are unique whatever their case. */
export function sameText(column: string, value: string) {
  return sql<boolean>`lower(${sql.ref(column)}) = ${value.toLowerCase()}`;
}

/** "50%_off" is searched for literally: LIKE's wildcards in the search text are escaped. */
export function containsText(column: string, q: string) {
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/** Wraps a loader (every row, or the one with `id`) into one that answers one row or a 404 naming `what`. */
export function oneOf<T>(load: (db: DbOrTrx, id: number) => Promise<T[]>, what: string) {
  return async (db: DbOrTrx, id: number): Promise<T> => {
    const [item] = await load(db, id);
    if (!item) throw errors.notFound(what);
    return item;
  };
}

/** A resource's list (in its order) and one item (404 when missing), for those with `permission`. */
export function configReads<T>(
  { database }: ConfigDeps,
  permission: StaffPermission,
  load: (db: DbOrTrx) => Promise<T[]>,
  one: (db: DbOrTrx, id: number) => Promise<T>,
) {
  return {
    async list(actor: StaffActor): Promise<{ items: T[] }> {
      requirePermission(actor, permission);
      return { items: await load(database.forActor(actor).db) };
    },
    async get(actor: StaffActor, id: number): Promise<T> {
      requirePermission(actor, permission);
      return one(database.forActor(actor).db, id);
    },
  };
}

/** A kind of configuration a person adds, changes and deletes: who may, where it is, how it is audited. */
export interface ConfigResource {
  /** The permission that changes it. */
  permission: StaffPermission;
  table:
    | 'ticket_categories'
    | 'sla_calendars'
    | 'sla_policies'
    | 'teams'
    | 'assignment_rules'
    | 'canned_responses';
  /** Every change is audited with this action, on a target of this type. */
  action: AuditAction;
  targetType: string;
  /** Set when its name is unique whatever its case: the column, and the 409's message. */
  unique?: { column: 'name' | 'title'; taken: (name: string) => string };
}

/** The write side that every kind of configuration shares. */
export function configWrites({ database, clock, audit }: ConfigDeps, resource: ConfigResource) {
  function record(
    trx: Trx,
    actor: StaffActor,
    meta: RequestMeta,
    id: number,
    details: Record<string, unknown>,
  ): Promise<void> {
    return audit.record(trx, {
      actor,
      action: resource.action,
      target: { type: resource.targetType, id },
      details,
      meta,
    });
  }

  return {
    record,

    /** 409 when another row (not `exceptId`) has this name, whatever its case. */
    async assertNameFree(db: DbOrTrx, name: string, exceptId: number | null): Promise<void> {
      const unique = resource.unique;
      if (!unique) return;
      let query = db.selectFrom(resource.table).select('id').where(sameText(unique.column, name));
      if (exceptId !== null) query = query.where('id', '!=', exceptId);
      if (await query.executeTakeFirst()) throw errors.conflict('name_taken', unique.taken(name));
    },

    /**
     * Checks the permission and runs `work` in one transaction, given the time of the change; for a named
     * resource, a unique index refusing `name` becomes the same 409 as assertNameFree.
     */
    async write<T>(actor: StaffActor, work: (trx: Trx, at: string) => Promise<T>, name?: string): Promise<T> {
      requirePermission(actor, resource.permission);
      const at = clock().toISOString();
      const run = () => database.forActor(actor).transaction((trx) => work(trx, at));
      return resource.unique ? uniquely(run, resource.unique.taken(name ?? '')) : run();
    },

    /**
     * Deletes row `id` and audits it in one transaction. `check` runs first: it throws when the row is
     * missing (404) or may not go (409), else answers the audit details that name what was deleted.
     */
    async remove(
      actor: StaffActor,
      id: number,
      meta: RequestMeta,
      check: (trx: Trx) => Promise<Record<string, unknown>>,
    ): Promise<void> {
      requirePermission(actor, resource.permission);
      await database.forActor(actor).transaction(async (trx) => {
        const details = await check(trx);
        await trx.deleteFrom(resource.table).where('id', '=', id).execute();
        await record(trx, actor, meta, id, { change: 'deleted', ...details });
      });
    },
  };
}

export const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);

/** Moves `id` to `index` (clamped) in an ordered list of ids. */
export function moveTo(ids: readonly number[], id: number, index: number): number[] {
  const rest = ids.filter((x) => x !== id);
  const at = Math.max(0, Math.min(index, rest.length));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/**
 * Gives each id its index as its position, in one UPDATE (only the rows whose position changes).
 * `current` maps id to the stored position.
 */
export async function renumber(
  trx: Trx,
  table: 'ticket_categories' | 'assignment_rules',
  ordered: readonly number[],
  current: ReadonlyMap<number, number>,
  at: string,
): Promise<void> {
  const changes = ordered.flatMap((id, index) => (current.get(id) === index ? [] : [[id, index] as const]));
  if (changes.length === 0) return;
  const cases = sql.join(
    changes.map(([id, index]) => sql`when ${id} then cast(${index} as integer)`),
    sql` `,
  );
  await trx
    .updateTable(table)
    .set({ position: sql<number>`case id ${cases} else position end`, updated_at: at })
    .where(
      'id',
      'in',
      changes.map(([id]) => id),
    )
    .execute();
}
