import type { DbOrTrx } from '../../platform/db/db.ts';

/** Teams of staff and their members. */
export const teamsRepository = Object.freeze({
  /** Every team (or the one with `id`), by name. */
  list(db: DbOrTrx, id?: number) {
    let query = db.selectFrom('teams').selectAll().orderBy('name').orderBy('id');
    if (id !== undefined) query = query.where('id', '=', id);
    return query.execute();
  },

  /** The members of these teams with their accounts, by name. */
  members(db: DbOrTrx, teamIds: readonly number[]) {
    return db
      .selectFrom('team_members as m')
      .innerJoin('accounts as a', 'a.id', 'm.account_id')
      .select(['m.team_id', 'a.id', 'a.name', 'a.email', 'a.status', 'a.staff_role'])
      .where('m.team_id', 'in', [...teamIds])
      .orderBy('a.name')
      .orderBy('a.id')
      .execute();
  },

  async exists(db: DbOrTrx, teamId: number): Promise<boolean> {
    const found = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
    return found !== undefined;
  },

  async insert(db: DbOrTrx, row: { name: string; at: string }): Promise<number> {
    const { id } = await db
      .insertInto('teams')
      .values({ name: row.name, created_at: row.at, updated_at: row.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  /** Sets the name (when given) and the time of the change. */
  async update(
    db: DbOrTrx,
    teamId: number,
    values: { name?: string | undefined },
    at: string,
  ): Promise<void> {
    await db
      .updateTable('teams')
      .set({ ...values, updated_at: at })
      .where('id', '=', teamId)
      .execute();
  },

  async addMembers(db: DbOrTrx, teamId: number, accountIds: readonly number[]): Promise<void> {
    await db
      .insertInto('team_members')
      .values(accountIds.map((accountId) => ({ team_id: teamId, account_id: accountId })))
      .execute();
  },

  async removeMembers(db: DbOrTrx, teamId: number, accountIds: readonly number[]): Promise<void> {
    await db
      .deleteFrom('team_members')
      .where('team_id', '=', teamId)
      .where('account_id', 'in', [...accountIds])
      .execute();
  },
});
