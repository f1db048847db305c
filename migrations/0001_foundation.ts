import { sql } from 'kysely';
import { type AnyDb, columns, type Dialect, type Migration } from './helpers.ts';

export default function foundation(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('organisation')
        .addColumn('id', 'integer', (col) => col.primaryKey())
        .addColumn('settings', c.json, (col) => col.notNull())
        .addColumn('logo_key', 'text')
        .addColumn('logo_type', 'text')
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .addCheckConstraint('organisation_single_row', sql`id = 1`)
        .execute();

      await c
        .id(db.schema.createTable('clients'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('portal_enabled', c.flag, (col) => col.notNull().defaultTo(1))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .addColumn('archived_at', c.instant)
        .execute();
      await db.schema.createIndex('clients_name_idx').on('clients').columns(['name', 'id']).execute();

      await c
        .id(db.schema.createTable('contacts'))
        .addColumn('client_id', 'integer', (col) =>
          col.notNull().references('clients.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('email', 'text')
        .addColumn('presets', c.json, (col) => col.notNull().defaultTo('[]'))
        .addColumn('switches', c.json, (col) => col.notNull().defaultTo('{}'))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('contacts_client_idx')
        .on('contacts')
        .columns(['client_id', 'id'])
        .execute();

      await c
        .id(db.schema.createTable('accounts'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('email', 'text', (col) => col.notNull().unique())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('staff_role', 'text')
        .addColumn('contact_id', 'integer', (col) =>
          col.unique().references('contacts.id').onDelete('cascade'),
        )
        .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
        .addColumn('must_change_password', c.flag, (col) => col.notNull().defaultTo(0))
        .addColumn('last_login_at', c.instant)
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('account_id', 'integer', (col) =>
          col.notNull().references('accounts.id').onDelete('cascade'),
        )
        .addColumn('remember', c.flag, (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('last_seen_at', c.instant, (col) => col.notNull())
        .addColumn('idle_expires_at', c.instant, (col) => col.notNull())
        .addColumn('absolute_expires_at', c.instant, (col) => col.notNull())
        .addColumn('ip', 'text', (col) => col.notNull())
        .addColumn('user_agent', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();
      await db.schema
        .createIndex('sessions_absolute_idx')
        .on('sessions')
        .column('absolute_expires_at')
        .execute();
    },
  };
}
