import type { DbOrTrx } from '../../platform/db/db.ts';

export const directoryRepository = Object.freeze({
  async insertClient(
    db: DbOrTrx,
    row: { name: string; portal_enabled: number; at: string },
  ): Promise<number> {
    const inserted = await db
      .insertInto('clients')
      .values({
        name: row.name,
        portal_enabled: row.portal_enabled,
        created_at: row.at,
        updated_at: row.at,
        archived_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  async insertContact(
    db: DbOrTrx,
    row: {
      client_id: number;
      name: string;
      email: string | null;
      presets: string;
      switches: string;
      at: string;
    },
  ): Promise<number> {
    const inserted = await db
      .insertInto('contacts')
      .values({
        client_id: row.client_id,
        name: row.name,
        email: row.email,
        presets: row.presets,
        switches: row.switches,
        created_at: row.at,
        updated_at: row.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },
});
