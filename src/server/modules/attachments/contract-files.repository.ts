import type { DbOrTrx } from '../../platform/db/db.ts';
import type { ContractFileTable } from '../../platform/db/schema.ts';

/** Documents attached to contracts (issue 14): their rows. The files themselves are in storage. */
export const contractFilesRepository = Object.freeze({
  async insert(db: DbOrTrx, row: Omit<ContractFileTable, 'id'>) {
    return db
      .insertInto('contract_files')
      .values(row)
      .returning(['id', 'contract_id', 'filename', 'content_type', 'size_bytes', 'created_at'])
      .executeTakeFirstOrThrow();
  },

  /** One document of a contract the reader may see (the access layer scopes it through the contract). */
  find(db: DbOrTrx, contractId: number, fileId: number) {
    return db
      .selectFrom('contract_files as f')
      .innerJoin('contracts as c', 'c.id', 'f.contract_id')
      .select([
        'f.id',
        'f.contract_id',
        'f.storage_key',
        'f.filename',
        'f.content_type',
        'f.size_bytes',
        'f.created_at',
        'c.client_id',
      ])
      .where('f.id', '=', fileId)
      .where('f.contract_id', '=', contractId)
      .executeTakeFirst();
  },

  async remove(db: DbOrTrx, fileId: number): Promise<void> {
    await db.deleteFrom('contract_files').where('id', '=', fileId).execute();
  },
});
