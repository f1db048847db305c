import type { AnyDb, Dialect, Migration } from './helpers.ts';

/**
 * One email per contact within a client, enforced by the database too: the service checks first and
 * says so clearly, and this index settles two simultaneous writes. Emails are stored lower-case; rows
 * without an email (NULL) are not constrained on either database.
 */
export default function contactEmailUnique(_dialect: Dialect): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createIndex('contacts_client_email_unique')
        .on('contacts')
        .columns(['client_id', 'email'])
        .unique()
        .execute();
    },
  };
}
