import type { StaffRole } from '../../../shared/permissions.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { prepared, preparedShapes } from '../../platform/db/prepared.ts';

export interface RuleValues {
  client_id: number | null;
  category_id: number | null;
  team_id: number | null;
  assignee_account_id: number | null;
}

/** The rules that give new tickets to a team (round-robin) or a person. */
// The rules a new ticket matches, read by every ticket raised: compiled once (see prepared()).
function matchingRules(db: DbOrTrx, clientId: number) {
  return db
    .selectFrom('assignment_rules')
    .select(['id', 'team_id', 'assignee_account_id', 'last_assigned_account_id'])
    .where('enabled', '=', 1)
    .where((eb) => eb.or([eb('client_id', 'is', null), eb('client_id', '=', clientId)]))
    .orderBy('position')
    .orderBy('id');
}
const matchingNoCategory = prepared((db: DbOrTrx, clientId: number) =>
  matchingRules(db, clientId).where('category_id', 'is', null),
);
const matchingCategory = prepared((db: DbOrTrx, clientId: number, categoryId: number) =>
  matchingRules(db, clientId).where((eb) =>
    eb.or([eb('category_id', 'is', null), eb('category_id', '=', categoryId)]),
  ),
);

const candidatesOf = preparedShapes(
  (db: DbOrTrx, _shape: null, v: { teamIds: number[]; roles: string[]; personIds: number[] }) =>
    db
      .selectFrom('accounts as a')
      .leftJoin('team_members as m', (join) =>
        join.onRef('m.account_id', '=', 'a.id').on('m.team_id', 'in', v.teamIds),
      )
      .select(['a.id', 'm.team_id as teamId'])
      .where('a.kind', '=', 'staff')
      .where('a.status', '=', 'active')
      .where('a.staff_role', 'in', v.roles)
      .where((eb) => eb.or([eb('m.team_id', 'is not', null), eb('a.id', 'in', v.personIds)]))
      .orderBy('a.id'),
  { everyValueUsed: true },
);
// The cursor's compare-and-set; RETURNING tells whether this run moved it.
const moveCursorFromNone = prepared((db: DbOrTrx, next: number, ruleId: number) =>
  db
    .updateTable('assignment_rules')
    .set({ last_assigned_account_id: next })
    .where('id', '=', ruleId)
    .where('last_assigned_account_id', 'is', null)
    .returning('id'),
);
const moveCursorFrom = prepared((db: DbOrTrx, next: number, ruleId: number, last: number) =>
  db
    .updateTable('assignment_rules')
    .set({ last_assigned_account_id: next })
    .where('id', '=', ruleId)
    .where('last_assigned_account_id', '=', last)
    .returning('id'),
);

export const assignmentRulesRepository = Object.freeze({
  /** Every rule (or the one with `id`) in order, with the names of what it names. */
  list(db: DbOrTrx, id?: number) {
    let query = db
      .selectFrom('assignment_rules as r')
      .leftJoin('clients as c', 'c.id', 'r.client_id')
      .leftJoin('ticket_categories as k', 'k.id', 'r.category_id')
      .leftJoin('teams as t', 't.id', 'r.team_id')
      .leftJoin('accounts as a', 'a.id', 'r.assignee_account_id')
      .selectAll('r')
      .select([
        'c.name as client_name',
        'k.name as category_name',
        't.name as team_name',
        'a.name as assignee_name',
      ])
      .orderBy('r.position')
      .orderBy('r.id');
    if (id !== undefined) query = query.where('r.id', '=', id);
    return query.execute();
  },

  find(db: DbOrTrx, ruleId: number) {
    return db.selectFrom('assignment_rules').selectAll().where('id', '=', ruleId).executeTakeFirst();
  },

  /** Every rule's id and position, in order. */
  positions(db: DbOrTrx) {
    return db
      .selectFrom('assignment_rules')
      .select(['id', 'position'])
      .orderBy('position')
      .orderBy('id')
      .execute();
  },

  /** The highest position in use, or null when there is no rule. */
  async lastPosition(db: DbOrTrx): Promise<number | null> {
    const last = await db
      .selectFrom('assignment_rules')
      .select((eb) => eb.fn.max('position').as('p'))
      .executeTakeFirst();
    return last?.p === null || last?.p === undefined ? null : Number(last.p);
  },

  async countForTeam(db: DbOrTrx, teamId: number): Promise<number> {
    const used = await db
      .selectFrom('assignment_rules')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('team_id', '=', teamId)
      .executeTakeFirstOrThrow();
    return Number(used.n);
  },

  async insert(
    db: DbOrTrx,
    row: RuleValues & { position: number; enabled: 0 | 1; at: string },
  ): Promise<number> {
    const { at, ...values } = row;
    const { id } = await db
      .insertInto('assignment_rules')
      .values({ ...values, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  async update(
    db: DbOrTrx,
    ruleId: number,
    values: RuleValues & { last_assigned_account_id?: null; enabled?: 0 | 1 },
    at: string,
  ): Promise<void> {
    await db
      .updateTable('assignment_rules')
      .set({ ...values, updated_at: at })
      .where('id', '=', ruleId)
      .execute();
  },

  /** The enabled rules that match a new ticket of this client and category, in order. */
  matching(db: DbOrTrx, input: { clientId: number; categoryId: number | null }) {
    return input.categoryId === null
      ? matchingNoCategory(db, input.clientId)
      : matchingCategory(db, input.clientId, input.categoryId);
  },

  /**
   * The people these rules could assign: active staff in one of `roles` who are members of one of
   * `teamIds` (with the team) or are among `personIds`, in account-id order.
   */
  candidates(
    db: DbOrTrx,
    teamIds: readonly number[],
    personIds: readonly number[],
    roles: readonly StaffRole[],
  ): Promise<{ id: number; teamId: number | null }[]> {
    return candidatesOf(db, '', null, {
      teamIds: teamIds.length > 0 ? [...teamIds] : [-1],
      roles: [...roles],
      personIds: personIds.length > 0 ? [...personIds] : [-1],
    });
  },

  /** Moves the rule's round-robin cursor from `last` to `next`; false when another moved it meanwhile. */
  async moveCursor(db: DbOrTrx, ruleId: number, last: number | null, next: number): Promise<boolean> {
    const moved =
      last === null
        ? await moveCursorFromNone(db, next, ruleId)
        : await moveCursorFrom(db, next, ruleId, last);
    return moved.length === 1;
  },
});
