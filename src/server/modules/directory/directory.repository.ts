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

  async insertContactLogin(
    db: DbOrTrx,
    row: { contact_id: number; email: string; name: string; password_hash: string; at: string },
  ): Promise<number> {
    const inserted = await db
      .insertInto('accounts')
      .values({
        kind: 'contact',
        email: row.email,
        name: row.name,
        password_hash: row.password_hash,
        staff_role: null,
        contact_id: row.contact_id,
        status: 'active',
        must_change_password: 0,
        last_login_at: null,
        created_at: row.at,
        updated_at: row.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },
});
