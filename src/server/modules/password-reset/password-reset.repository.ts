import type { DbOrTrx } from '../../platform/db/db.ts';

/** What a password reset needs to know about an account: may it sign in at all? */
export const passwordResetRepository = Object.freeze({
  accountByEmail(db: DbOrTrx, email: string) {
    return accountQuery(db).where('a.email', '=', email).executeTakeFirst();
  },

  accountById(db: DbOrTrx, id: number) {
    return accountQuery(db).where('a.id', '=', id).executeTakeFirst();
  },
});

function accountQuery(db: DbOrTrx) {
  return db
    .selectFrom('accounts as a')
    .leftJoin('contacts as c', 'c.id', 'a.contact_id')
    .leftJoin('clients as cl', 'cl.id', 'c.client_id')
    .select([
      'a.id',
      'a.kind',
      'a.email',
      'a.name',
      'a.status',
      'c.status as contact_status',
      'c.client_id',
      'cl.portal_enabled',
      'cl.archived_at',
    ]);
}

export type ResetAccountRow = NonNullable<Awaited<ReturnType<typeof passwordResetRepository.accountById>>>;

/** Only an account that could sign in is sent a link: a disabled login gets nothing. */
export function mayReset(row: ResetAccountRow): boolean {
  if (row.status !== 'active') return false;
  if (row.kind === 'staff') return true;
  return (
    row.client_id !== null &&
    row.contact_status === 'active' &&
    row.portal_enabled === 1 &&
    row.archived_at === null
  );
}
