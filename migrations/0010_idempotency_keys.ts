import { columns, type Dialect, type Migration } from './helpers.ts';

/**
 * Idempotency keys (issue 12, point 4; decision 008): the outcome of a creating POST sent with an
 * `Idempotency-Key` header, kept at least a day so a retry of the same request gets the same answer
 * instead of making the thing twice. The row is claimed (inserted) before the request runs; the unique
 * key (account, route, key) is what makes a concurrent duplicate fail rather than run.
 */
export default function idempotencyKeys(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db) {
      await c
        .id(db.schema.createTable('idempotency_keys'))
        /** Whose key: one person's key never meets another's. */
        .addColumn('account_id', 'integer', (col) =>
          col.notNull().references('accounts.id').onDelete('cascade'),
        )
        /** The method and route pattern, e.g. `POST /api/v1/tickets/:ticketId/messages`. */
        .addColumn('route', 'text', (col) => col.notNull())
        /** The client's key as sent (1 to 255 printable characters). */
        .addColumn('idempotency_key', 'text', (col) => col.notNull())
        /** SHA-256 of the canonical JSON of the request's path parameters, query and body. */
        .addColumn('request_hash', 'text', (col) => col.notNull())
        /** Null while the first request is running; then the status it was answered with. */
        .addColumn('response_status', 'integer')
        .addColumn('response_type', 'text')
        .addColumn('response_body', 'text')
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('completed_at', c.instant)
        .addUniqueConstraint('idempotency_keys_unique', ['account_id', 'route', 'idempotency_key'])
        .execute();
      // The hourly purge deletes by age.
      await db.schema
        .createIndex('idempotency_keys_created_at')
        .on('idempotency_keys')
        .column('created_at')
        .execute();
    },
  };
}
