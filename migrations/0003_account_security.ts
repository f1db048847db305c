import type { AnyDb, Dialect, Migration } from './helpers.ts';

/**
 * Account security: the last TOTP time step used (so a code works once), a counter of wrong codes on
 * an MFA challenge (so it locks after five, atomically), and an index for a person's sign-in history.
 */
export default function accountSecurity(_dialect: Dialect): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('accounts').addColumn('mfa_last_step', 'integer').execute();
      await db.schema
        .alterTable('auth_tokens')
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('audit_target_idx')
        .on('audit_events')
        .columns(['target_type', 'target_id', 'id'])
        .execute();
    },
  };
}
