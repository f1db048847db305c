import { sql } from 'kysely';
import type { StaffPermission } from '../../../shared/permissions.ts';
import type { Clock, StaffActor } from '../../platform/actor.ts';
import type { Audit } from '../../platform/audit.ts';
import { type Database, isUniqueViolation, type Trx } from '../../platform/db/db.ts';
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
    if (isUniqueViolation(error)) throw errors.conflict(message);
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
