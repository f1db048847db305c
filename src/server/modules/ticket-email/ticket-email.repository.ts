import type { DbOrTrx } from '../../platform/db/db.ts';
import { preparedShapes } from '../../platform/db/prepared.ts';

// Read for every notification a ticket sends: compiled once per number of accounts (see preparedShapes()).
const lastEmails = preparedShapes(
  (db: DbOrTrx, _shape: null, v: { ticketId: number; accountIds: number[] }) =>
    db
      .selectFrom('ticket_email_refs')
      .select(['account_id', 'message_id'])
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('ticket_email_refs')
          .select((e) => e.fn.max('id').as('id'))
          .where('ticket_id', '=', v.ticketId)
          .where('account_id', 'in', v.accountIds)
          .groupBy('account_id'),
      ),
  { everyValueUsed: true },
);

/** The notifier's read of its thread references (the people and their choices come from identity). */
export const ticketEmailRepository = Object.freeze({
  /** The Message-ID of the last email each of these accounts had about the ticket. One query. */
  lastEmailsTo(db: DbOrTrx, ticketId: number, accountIds: readonly number[]) {
    return lastEmails(db, '', null, { ticketId, accountIds: [...accountIds] });
  },
});
