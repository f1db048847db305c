import { type AnyDb, columns, type Dialect, type Migration } from './helpers.ts';

/** Clients and contacts in full, invitations, single-use tokens, MFA, audit, email and jobs. */
export default function directoryAccess(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('clients').addColumn('phone', 'text').execute();
      await db.schema.alterTable('clients').addColumn('website', 'text').execute();
      await db.schema.alterTable('clients').addColumn('notes', 'text').execute();
      await db.schema
        .alterTable('clients')
        .addColumn('ip_allowlist', c.json, (col) => col.notNull().defaultTo('[]'))
        .execute();
      await db.schema
        .alterTable('clients')
        .addColumn('require_mfa', c.flag, (col) => col.notNull().defaultTo(0))
        .execute();

      await c
        .id(db.schema.createTable('client_sites'))
        .addColumn('client_id', 'integer', (col) =>
          col.notNull().references('clients.id').onDelete('cascade'),
        )
        .addColumn('label', 'text', (col) => col.notNull())
        .addColumn('address', 'text', (col) => col.notNull())
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('client_sites_client_idx')
        .on('client_sites')
        .columns(['client_id', 'id'])
        .execute();

      for (const name of ['title', 'department', 'phone', 'mobile']) {
        await db.schema.alterTable('contacts').addColumn(name, 'text').execute();
      }
      await db.schema
        .alterTable('contacts')
        .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
        .execute();
      await db.schema
        .createIndex('contacts_client_email_idx')
        .on('contacts')
        .columns(['client_id', 'email'])
        .execute();
      await db.schema
        .createIndex('contacts_client_name_idx')
        .on('contacts')
        .columns(['client_id', 'name', 'id'])
        .execute();

      await db.schema.alterTable('accounts').addColumn('mfa_secret', 'text').execute();
      await db.schema.alterTable('accounts').addColumn('mfa_enabled_at', c.instant).execute();
      await db.schema
        .alterTable('accounts')
        .addColumn('failed_attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('accounts').addColumn('locked_until', c.instant).execute();
      await db.schema.alterTable('accounts').addColumn('pending_email', 'text').execute();
      await db.schema.alterTable('accounts').addColumn('password_changed_at', c.instant).execute();
      await db.schema
        .alterTable('accounts')
        .addColumn('notification_prefs', c.json, (col) => col.notNull().defaultTo('{}'))
        .execute();

      await db.schema.alterTable('sessions').addColumn('preview_contact_id', 'integer').execute();

      await c
        .id(db.schema.createTable('mfa_backup_codes'))
        .addColumn('account_id', 'integer', (col) =>
          col.notNull().references('accounts.id').onDelete('cascade'),
        )
        .addColumn('code_hash', 'text', (col) => col.notNull())
        .addColumn('used_at', c.instant)
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('mfa_backup_codes_account_idx')
        .on('mfa_backup_codes')
        .column('account_id')
        .execute();

      // Single-use tokens: invitations, password resets, email changes, MFA challenges. Only hashes are kept.
      await db.schema
        .createTable('auth_tokens')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('account_id', 'integer', (col) => col.references('accounts.id').onDelete('cascade'))
        .addColumn('contact_id', 'integer', (col) => col.references('contacts.id').onDelete('cascade'))
        .addColumn('data', c.json, (col) => col.notNull().defaultTo('{}'))
        .addColumn('expires_at', c.instant, (col) => col.notNull())
        .addColumn('used_at', c.instant)
        .addColumn('created_by', 'integer')
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('auth_tokens_account_idx')
        .on('auth_tokens')
        .columns(['account_id', 'kind'])
        .execute();
      await db.schema
        .createIndex('auth_tokens_contact_idx')
        .on('auth_tokens')
        .columns(['contact_id', 'kind'])
        .execute();

      await c
        .id(db.schema.createTable('invite_links'))
        .addColumn('client_id', 'integer', (col) =>
          col.notNull().references('clients.id').onDelete('cascade'),
        )
        .addColumn('token_hash', 'text', (col) => col.notNull().unique())
        .addColumn('expires_at', c.instant, (col) => col.notNull())
        .addColumn('max_uses', 'integer')
        .addColumn('uses', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('revoked_at', c.instant)
        .addColumn('created_by', 'integer')
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('invite_links_client_idx')
        .on('invite_links')
        .columns(['client_id', 'id'])
        .execute();

      // Append-only through the application: there is no update or delete path in the code.
      await c
        .id(db.schema.createTable('audit_events'))
        .addColumn('at', c.instant, (col) => col.notNull())
        .addColumn('actor_kind', 'text', (col) => col.notNull())
        .addColumn('actor_account_id', 'integer')
        .addColumn('actor_name', 'text')
        .addColumn('client_id', 'integer')
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('target_type', 'text')
        .addColumn('target_id', 'integer')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('details', c.json, (col) => col.notNull().defaultTo('{}'))
        .execute();
      await db.schema
        .createIndex('audit_client_idx')
        .on('audit_events')
        .columns(['client_id', 'id'])
        .execute();
      await db.schema
        .createIndex('audit_actor_idx')
        .on('audit_events')
        .columns(['actor_account_id', 'id'])
        .execute();
      await db.schema.createIndex('audit_action_idx').on('audit_events').columns(['action', 'id']).execute();
      await db.schema.createIndex('audit_at_idx').on('audit_events').columns(['at', 'id']).execute();

      await c
        .id(db.schema.createTable('emails'))
        .addColumn('to_address', 'text', (col) => col.notNull())
        .addColumn('to_name', 'text')
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('html', 'text', (col) => col.notNull())
        .addColumn('text', 'text', (col) => col.notNull())
        .addColumn('message_id', 'text', (col) => col.notNull())
        .addColumn('headers', c.json, (col) => col.notNull().defaultTo('{}'))
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('client_id', 'integer')
        .addColumn('sent_at', c.instant)
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema.createIndex('emails_created_idx').on('emails').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('emails_to_idx').on('emails').columns(['to_address', 'id']).execute();

      await c
        .id(db.schema.createTable('jobs'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('payload', c.json, (col) => col.notNull())
        .addColumn('run_at', c.instant, (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (col) => col.notNull().defaultTo(10))
        .addColumn('locked_until', c.instant)
        .addColumn('last_error', 'text')
        .addColumn('done_at', c.instant)
        .addColumn('failed_at', c.instant)
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('jobs_due_idx')
        .on('jobs')
        .columns(['done_at', 'failed_at', 'run_at'])
        .execute();
    },
  };
}
