import { columns, type Dialect, type Migration } from './helpers.ts';

/**
 * Sender authentication of inbound email (issue 12, point 1): whether the sender of each received email
 * was authenticated (DMARC, or a DKIM signature or SPF pass aligned with the From domain), and how that
 * was decided, kept with the email so staff see it on the review page and on the ticket. Both are null for
 * email received before this version and for email held as unprocessable (never checked).
 */
export default function inboundSenderAuth(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db) {
      /** pass | fail */
      await db.schema.alterTable('inbound_emails').addColumn('sender_auth', 'text').execute();
      /** What was checked and found (method, trusted server, DMARC, DKIM, SPF, a summary in words). */
      await db.schema.alterTable('inbound_emails').addColumn('sender_auth_details', c.json).execute();
    },
  };
}
