import { columns, type Dialect, type Migration } from './helpers.ts';

/**
 * Sign-in throttling (issue 12): failed sign-ins counted per login and network address, and per login
 * across every address (`source = '*'`), each with the time until which further attempts wait. The
 * address a login last signed in from successfully is remembered here too, so that an attack on the
 * account never holds back the person at an address they use. Replaces the whole-account lock of
 * `accounts.failed_attempts` / `accounts.locked_until`, which are left in place (unused) so that the
 * previous version can run beside this one during an upgrade.
 */
export default function signInThrottles(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db) {
      await db.schema
        .createTable('sign_in_throttles')
        /** The email typed at sign-in (lower-case), whether or not an account has it. */
        .addColumn('login', 'text', (col) => col.notNull())
        /** The network address (an IPv6 address by its /64), or '*' for every address together. */
        .addColumn('source', 'text', (col) => col.notNull())
        /** Failed attempts in a row (an attempt counts from before its password is checked). */
        .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('last_failure_at', c.instant)
        /** Further attempts wait until then; null or past: no wait. */
        .addColumn('blocked_until', c.instant)
        /** The last successful sign-in from this address (rows of one address only). */
        .addColumn('last_success_at', c.instant)
        /** When the account holder was last told of throttled attempts (the '*' row only). */
        .addColumn('notified_at', c.instant)
        .addPrimaryKeyConstraint('sign_in_throttles_pk', ['login', 'source'])
        .execute();
    },
  };
}
