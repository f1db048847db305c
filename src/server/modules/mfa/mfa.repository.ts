import type { DbOrTrx } from '../../platform/db/db.ts';

/** The MFA columns of an account and its backup codes. Every "use once" rule is one conditional UPDATE. */
export const mfaRepository = Object.freeze({
  state(db: DbOrTrx, accountId: number) {
    return db
      .selectFrom('accounts')
      .select(['mfa_secret', 'mfa_enabled_at', 'mfa_last_step'])
      .where('id', '=', accountId)
      .executeTakeFirst();
  },

  /** A new secret waiting for its first code; an account with MFA on keeps its secret. */
  async setPendingSecret(db: DbOrTrx, accountId: number, sealed: string, at: string): Promise<boolean> {
    const result = await db
      .updateTable('accounts')
      .set({ mfa_secret: sealed, mfa_last_step: null, updated_at: at })
      .where('id', '=', accountId)
      .where('mfa_enabled_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async enable(db: DbOrTrx, accountId: number, sealed: string, step: number, at: string): Promise<boolean> {
    const result = await db
      .updateTable('accounts')
      .set({ mfa_enabled_at: at, mfa_last_step: step, updated_at: at })
      .where('id', '=', accountId)
      .where('mfa_enabled_at', 'is', null)
      .where('mfa_secret', '=', sealed)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async disable(db: DbOrTrx, accountId: number, at: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ mfa_secret: null, mfa_enabled_at: null, mfa_last_step: null, updated_at: at })
      .where('id', '=', accountId)
      .execute();
    await db.deleteFrom('mfa_backup_codes').where('account_id', '=', accountId).execute();
  },

  /**
   * Accepts a TOTP time step if it is newer than the last one accepted, atomically: the same code
   * (or an older one) sent twice, even in parallel, works once.
   */
  async claimStep(db: DbOrTrx, accountId: number, step: number): Promise<boolean> {
    const result = await db
      .updateTable('accounts')
      .set({ mfa_last_step: step })
      .where('id', '=', accountId)
      .where('mfa_enabled_at', 'is not', null)
      .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async replaceBackupCodes(db: DbOrTrx, accountId: number, hashes: string[], at: string): Promise<void> {
    await db.deleteFrom('mfa_backup_codes').where('account_id', '=', accountId).execute();
    await db
      .insertInto('mfa_backup_codes')
      .values(
        hashes.map((code_hash) => ({ account_id: accountId, code_hash, used_at: null, created_at: at })),
      )
      .execute();
  },

  unusedBackupCodes(db: DbOrTrx, accountId: number) {
    return db
      .selectFrom('mfa_backup_codes')
      .select(['id', 'code_hash'])
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .orderBy('id')
      .execute();
  },

  async countUnusedBackupCodes(db: DbOrTrx, accountId: number): Promise<number> {
    const row = await db
      .selectFrom('mfa_backup_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Spends a backup code; true only for the one request that did. */
  async spendBackupCode(db: DbOrTrx, id: number, at: string): Promise<boolean> {
    const result = await db
      .updateTable('mfa_backup_codes')
      .set({ used_at: at })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
});
