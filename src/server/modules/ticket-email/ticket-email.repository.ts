import type { DbOrTrx } from '../../platform/db/db.ts';

/** The notifier's read of its thread references (the people and their choices come from identity). */
export const ticketEmailRepository = Object.freeze({
  /** The Message-ID of the last email each of these accounts had about the ticket. One query. */
  lastEmailsTo(db: DbOrTrx, ticketId: number, accountIds: readonly number[]) {
    return db
      .selectFrom('ticket_email_refs')
      .select(['account_id', 'message_id'])
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('ticket_email_refs')
          .select((e) => e.fn.max('id').as('id'))
          .where('ticket_id', '=', ticketId)
          .where('account_id', 'in', accountIds)
          .groupBy('account_id'),
      )
      .execute();
  },
});
