import type { AuditAction } from '../../../shared/audit.ts';
import { message } from '../../../shared/i18n/i18n.ts';
import type { StaffPermission } from '../../../shared/permissions.ts';
import { type AccessPolicy, assertMayAct } from '../../platform/access/require-access.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { type DbOrTrx, isUniqueViolation, type Trx } from '../../platform/db/db.ts';
import { type ErrorText, errors } from '../../platform/errors.ts';
import { type ConfigTable, configRepository } from './config.repository.ts';
import type { SupportConfigContext } from './support-config.context.ts';

/** What a refusal says, by the permission the support setup's action needs. */
const refusals: Record<StaffPermission, ErrorText> = {
  'settings:view': message('errors:denied.supportSetupView'),
  'settings:edit': message('errors:denied.supportSetupChange'),
  'tickets:view': message('errors:denied.ticketsView'),
  'tickets:manage': message('errors:denied.ticketsWork'),
  'staff:manage': message('errors:denied.staffManage'),
  'clients:view': message('errors:denied.clientsView'),
  'clients:manage': message('errors:denied.clientsChangeShort'),
  'portal:preview': message('errors:denied.portalPreview'),
  'audit:view': message('errors:denied.auditView'),
  'outbox:view': message('errors:denied.outboxView'),
  'time:log': message('errors:denied.timeLog'),
  'time:approve': message('errors:denied.timeApprove'),
};

/** The support setup's access policies (see requireAccess): staff only, one per permission. */
const supportConfigPolicies = Object.fromEntries(
  (Object.keys(refusals) as StaffPermission[]).map((permission) => [
    permission,
    {
      what: message('errors:notFound.record'),
      staff: { permission, denied: refusals[permission] },
    } satisfies AccessPolicy,
  ]),
) as Record<StaffPermission, AccessPolicy>;

/** The route's policy checks this already; services check again so no caller can skip it. */
export function requirePermission(actor: StaffActor, permission: StaffPermission): void {
  assertMayAct(actor, supportConfigPolicies[permission]);
}

/**
 * Runs a write; a unique index refusing it (two people saving the same name at once, so the service's own
 * check passed for both) becomes the same clear 409 the check gives.
 */
export async function uniquely<T>(write: () => Promise<T>, text: ErrorText): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.conflict('name_taken', text);
    throw error;
  }
}

/** Wraps a loader (every row, or the one with `id`) into one that answers one row or a 404 naming `what`. */
export function oneOf<T>(load: (db: DbOrTrx, id: number) => Promise<T[]>, what: ErrorText) {
  return async (db: DbOrTrx, id: number): Promise<T> => {
    const [item] = await load(db, id);
    if (!item) throw errors.notFound(what);
    return item;
  };
}

/** A resource's list (in its order), for those with `permission`. */
export async function listConfig<T>(
  { database }: SupportConfigContext,
  permission: StaffPermission,
  load: (db: DbOrTrx) => Promise<T[]>,
  actor: StaffActor,
): Promise<{ items: T[] }> {
  requirePermission(actor, permission);
  return { items: await load(database.forActor(actor).db) };
}

/** One item of a resource (404 when missing), for those with `permission`. */
export async function getConfig<T>(
  { database }: SupportConfigContext,
  permission: StaffPermission,
  one: (db: DbOrTrx, id: number) => Promise<T>,
  actor: StaffActor,
  id: number,
): Promise<T> {
  requirePermission(actor, permission);
  return one(database.forActor(actor).db, id);
}

/** A kind of configuration a person adds, changes and deletes: who may, where it is, how it is audited. */
export interface ConfigResource {
  /** The permission that changes it. */
  permission: StaffPermission;
  table: ConfigTable;
  /** Every change is audited with this action, on a target of this type. */
  action: AuditAction;
  targetType: string;
  /** Set when its name is unique whatever its case: the column, and the 409's message. */
  unique?: { column: 'name' | 'title'; taken: (name: string) => ErrorText };
}

// The write side that every kind of configuration shares.

/** Audits a change of row `id` of `resource`. */
export function recordConfigChange(
  { audit }: SupportConfigContext,
  resource: ConfigResource,
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

/** 409 when another row (not `exceptId`) has this name, whatever its case. */
export async function assertNameFree(
  resource: ConfigResource,
  db: DbOrTrx,
  name: string,
  exceptId: number | null,
): Promise<void> {
  const unique = resource.unique;
  if (!unique) return;
  if (await configRepository.nameTaken(db, resource.table, unique.column, name, exceptId)) {
    throw errors.conflict('name_taken', unique.taken(name));
  }
}

/**
 * Checks the permission and runs `work` in one transaction, given the time of the change; for a named
 * resource, a unique index refusing `name` becomes the same 409 as assertNameFree.
 */
export async function writeConfig<T>(
  { database, clock }: SupportConfigContext,
  resource: ConfigResource,
  actor: StaffActor,
  work: (trx: Trx, at: string) => Promise<T>,
  name?: string,
): Promise<T> {
  requirePermission(actor, resource.permission);
  const at = clock().toISOString();
  const run = () => database.forActor(actor).transaction((trx) => work(trx, at));
  return resource.unique ? uniquely(run, resource.unique.taken(name ?? '')) : run();
}

/**
 * Deletes row `id` and audits it in one transaction. `check` runs first: it throws when the row is
 * missing (404) or may not go (409), else answers the audit details that name what was deleted.
 */
export async function removeConfig(
  ctx: SupportConfigContext,
  resource: ConfigResource,
  actor: StaffActor,
  id: number,
  meta: RequestMeta,
  check: (trx: Trx) => Promise<Record<string, unknown>>,
): Promise<void> {
  requirePermission(actor, resource.permission);
  await ctx.database.forActor(actor).transaction(async (trx) => {
    const details = await check(trx);
    await configRepository.remove(trx, resource.table, id);
    await recordConfigChange(ctx, resource, trx, actor, meta, id, { change: 'deleted', ...details });
  });
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
  await configRepository.setPositions(trx, table, changes, at);
}
