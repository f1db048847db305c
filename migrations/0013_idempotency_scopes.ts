import { type AnyDb, columns, type Dialect, type Migration } from './helpers.ts';

/**
 * Idempotency keys for public routes and stale claims (issue 12, point 4; decision 008). A key now
 * belongs to a scope: `account:<id>` for a signed-in person (as before), or, for the public routes
 * (first-run setup, joining by an invite link), the route's own scope and the anonymous browser that
 * sent it, which have no account. A claim carries the token of the request holding it and when it was
 * taken, so a claim whose request died can be taken over after a lease by a retry of the same request.
 *
 * SQLite cannot change a column's NOT NULL or a table's unique constraint, so the table is rebuilt and
 * its rows (at most a day's keys) copied over.
 */
export default function idempotencyScopes(dialect: Dialect): Migration {
  const c = columns(dialect);
  async function rebuild(db: AnyDb): Promise<void> {
    await c
      .id(db.schema.createTable('idempotency_keys_next'))
      /** Whose key: `account:<id>`, or `<route scope>:<anonymous caller>` on a public route. */
      .addColumn('scope', 'text', (col) => col.notNull())
      /** The signed-in owner (null on public routes); the key goes with the account. */
      .addColumn('account_id', 'integer', (col) => col.references('accounts.id').onDelete('cascade'))
      .addColumn('route', 'text', (col) => col.notNull())
      .addColumn('idempotency_key', 'text', (col) => col.notNull())
      /** HMAC-SHA-256 of the request's fingerprint (the canonical JSON, or a file's digest and fields). */
      .addColumn('request_hash', 'text', (col) => col.notNull())
      /** The request that holds the claim (random per request); a completed key keeps the last one. */
      .addColumn('claim_token', 'text')
      /** When the current claim was taken: after the lease a retry of the same request may take it over. */
      .addColumn('locked_at', c.instant, (col) => col.notNull())
      .addColumn('response_status', 'integer')
      .addColumn('response_type', 'text')
      .addColumn('response_body', 'text')
      .addColumn('created_at', c.instant, (col) => col.notNull())
      .addColumn('completed_at', c.instant)
      .addUniqueConstraint('idempotency_keys_scope_unique', ['scope', 'route', 'idempotency_key'])
      .execute();
    const rows = await db.selectFrom('idempotency_keys').selectAll().orderBy('id').execute();
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto('idempotency_keys_next')
        .values(
          rows.slice(i, i + 200).map((r) => ({
            scope: `account:${r.account_id}`,
            account_id: r.account_id,
            route: r.route,
            idempotency_key: r.idempotency_key,
            request_hash: r.request_hash,
            claim_token: null,
            locked_at: r.created_at,
            response_status: r.response_status,
            response_type: r.response_type,
            response_body: r.response_body,
            created_at: r.created_at,
            completed_at: r.completed_at,
          })),
        )
        .execute();
    }
    await db.schema.dropTable('idempotency_keys').execute();
    await db.schema.alterTable('idempotency_keys_next').renameTo('idempotency_keys').execute();
    // The hourly purge deletes by age.
    await db.schema
      .createIndex('idempotency_keys_created_at')
      .on('idempotency_keys')
      .column('created_at')
      .execute();
  }
  return {
    async up(db) {
      // PostgreSQL runs each migration in a transaction already. On SQLite the steps run in one here:
      // outside a transaction, statements are first prepared on the reading connection (to route
      // reads there), and a rename onto the name just dropped cannot be prepared against its schema.
      if (dialect === 'sqlite' && !db.isTransaction) await db.transaction().execute(rebuild);
      else await rebuild(db);
    },
  };
}
