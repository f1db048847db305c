import { message } from '../../../shared/i18n/i18n.ts';
import type { ContactPermission, StaffPermission } from '../../../shared/permissions.ts';
import type { Actor } from '../actor.ts';
import type { DbOrTrx } from '../db/db.ts';
import { type AppError, type ErrorText, errors } from '../errors.ts';
import type { TableName } from './registry.ts';
import { type Scope, scopeFor } from './scope.ts';
import { scopeOf } from './scoped.ts';

/**
 * What an action needs (decision 005). A policy names who may act and how to read the rows the action
 * touches; `requireAccess` is the one check every service method starts with. It denies by default:
 * a policy without a `staff` part refuses staff, one without a `contact` part refuses contacts.
 */
export interface AccessPolicy<Row extends { id: number } = { id: number }> {
  /** Shown in a 404: "That ticket was not found." */
  readonly what: ErrorText;
  readonly staff?: { readonly permission: StaffPermission; readonly denied: ErrorText };
  /** A contact needs any one of these permissions. */
  readonly contact?: { readonly anyOf: readonly ContactPermission[]; readonly denied: ErrorText };
  /**
   * The batched ownership read: the rows among `ids` this scope may reach, in one query. The access
   * layer has already put the client filter on the database handle; a policy adds only a finer rule
   * (a contact's own tickets). Defaults to `select id from <table> where id in (ids)`.
   */
  readonly rows?: (db: DbOrTrx, ids: readonly number[], scope: Scope) => Promise<readonly Row[]>;
  readonly table?: TableName;
}

const staffOnlyMessage = message('errors:forbidden.staffOnly');
const portalOnlyMessage = message('errors:forbidden.portalOnly');

/**
 * The permission half of requireAccess, for an action on no particular rows where the service has no
 * database handle yet: throws the policy's 403 when the person may not take the action at all.
 */
export function assertMayAct(actor: Actor, policy: AccessPolicy): void {
  const refused = permissionError(scopeFor(actor), policy);
  if (refused) throw refused;
}

function permissionError(scope: Scope, policy: AccessPolicy): AppError | null {
  if (scope.kind === 'system') return null;
  if (scope.kind === 'staff') {
    if (!policy.staff) return errors.forbidden(portalOnlyMessage);
    return scope.permissions.has(policy.staff.permission) ? null : errors.forbidden(policy.staff.denied);
  }
  if (!policy.contact) return errors.forbidden(staffOnlyMessage);
  return policy.contact.anyOf.some((p) => scope.permissions.has(p))
    ? null
    : errors.forbidden(policy.contact.denied);
}

/**
 * The one access check: may the scope `db` carries take `policy`'s action on `ids`? Throws 403 when the
 * person's permissions do not allow the action at all, and 404 when any id is missing or not theirs
 * (the two are never told apart). Returns the rows read, in the order of `ids`.
 */
export async function requireAccess<Row extends { id: number }>(
  db: DbOrTrx,
  policy: AccessPolicy<Row>,
  ids: readonly number[] = [],
): Promise<Row[]> {
  const scope = scopeOf(db);
  if (!scope)
    throw new Error(
      'requireAccess needs a scoped database: database.forActor(actor) or database.system(reason)',
    );
  const refused = permissionError(scope, policy);
  if (refused) throw refused;
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  let rows: readonly Row[];
  if (policy.rows) {
    rows = await policy.rows(db, unique, scope);
  } else if (policy.table) {
    rows = (await db
      .selectFrom(policy.table)
      .select('id' as never)
      .where('id' as never, 'in', unique as never)
      .execute()) as unknown as Row[];
  } else {
    throw new Error(`The access policy for ${policy.what} cannot read rows`);
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  const found = ids.map((id) => byId.get(id));
  if (found.some((row) => row === undefined)) throw errors.notFound(policy.what);
  return found as Row[];
}
