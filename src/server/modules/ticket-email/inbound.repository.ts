import type { Insertable } from 'kysely';
import type { InboundStatus } from '../../../shared/schemas/ticket-email.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { InboundEmailTable } from '../../platform/db/schema.ts';

/** An inbound email as the review lists and pages show it, with its reviewer's name. */
function withReviewer(db: DbOrTrx) {
  return db
    .selectFrom('inbound_emails as e')
    .leftJoin('accounts as r', 'r.id', 'e.reviewed_by')
    .select([
      'e.id',
      'e.received_via',
      'e.message_id',
      'e.from_address',
      'e.from_name',
      'e.to_address',
      'e.subject',
      'e.text_body',
      'e.raw_key',
      'e.attachment_count',
      'e.status',
      'e.reason',
      'e.ticket_id',
      'e.received_at',
      'e.processed_at',
      'e.sender_auth',
      'e.sender_auth_details',
      'r.name as reviewer_name',
    ]);
}

export type InboundRow = Awaited<ReturnType<ReturnType<typeof withReviewer>['executeTakeFirstOrThrow']>>;

/** Inbound email (inbound_emails) and the reads that decide where an email goes. */
export const inboundRepository = Object.freeze({
  async insert(db: DbOrTrx, values: Insertable<InboundEmailTable>): Promise<number> {
    const row = await db
      .insertInto('inbound_emails')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async exists(db: DbOrTrx, messageId: string): Promise<boolean> {
    const row = await db
      .selectFrom('inbound_emails')
      .select('id')
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return row !== undefined;
  },

  async setOutcome(
    db: DbOrTrx,
    id: number,
    values: { status?: InboundStatus; ticket_id: number },
  ): Promise<void> {
    await db.updateTable('inbound_emails').set(values).where('id', '=', id).execute();
  },

  /** Marks a held email reviewed; false when it is no longer held (someone else reviewed it). */
  async settle(
    db: DbOrTrx,
    id: number,
    values: {
      status: Exclude<InboundStatus, 'held'>;
      ticket_id?: number;
      reviewed_by: number;
      processed_at: string;
    },
  ): Promise<boolean> {
    const result = await db
      .updateTable('inbound_emails')
      .set(values)
      .where('id', '=', id)
      .where('status', '=', 'held')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  find(db: DbOrTrx, id: number): Promise<InboundRow | undefined> {
    return withReviewer(db).where('e.id', '=', id).executeTakeFirst();
  },

  /** A page of the review list, newest first, after email `beforeId`. */
  list(
    db: DbOrTrx,
    options: { status: InboundStatus | 'all'; beforeId: number | null; limit: number },
  ): Promise<InboundRow[]> {
    let q = withReviewer(db);
    if (options.status !== 'all') q = q.where('e.status', '=', options.status);
    if (options.beforeId !== null) q = q.where('e.id', '<', options.beforeId);
    return q
      .orderBy('e.id', 'desc')
      .limit(options.limit + 1)
      .execute();
  },

  /** The ticket of the latest email recorded under one of these Message-IDs (threading headers). */
  ticketOfThread(db: DbOrTrx, messageIds: readonly string[]) {
    return db
      .selectFrom('ticket_email_refs')
      .select('ticket_id')
      .where('message_id', 'in', messageIds)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  /** The contact of a client with this email address. */
  contactByEmail(db: DbOrTrx, clientId: number, email: string) {
    return db
      .selectFrom('contacts')
      .select(['id', 'status'])
      .where('client_id', '=', clientId)
      .where('email', '=', email)
      .executeTakeFirst();
  },

  /** Contacts of clients not archived with this email address, with what decides whether they may raise. */
  sendersByEmail(db: DbOrTrx, email: string) {
    return db
      .selectFrom('contacts as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .select(['c.id', 'c.client_id', 'c.status', 'c.presets', 'c.switches'])
      .where('c.email', '=', email)
      .where('cl.archived_at', 'is', null)
      .orderBy('c.id')
      .execute();
  },

  /** Active contacts of clients not archived with this email address, with their client's name. */
  knownContacts(db: DbOrTrx, email: string) {
    return db
      .selectFrom('contacts as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .select(['c.id', 'c.name', 'c.client_id', 'cl.name as client_name'])
      .where('c.email', '=', email)
      .where('c.status', '=', 'active')
      .where('cl.archived_at', 'is', null)
      .orderBy('c.id')
      .limit(20)
      .execute();
  },

  contactOfClient(db: DbOrTrx, clientId: number, contactId: number) {
    return db
      .selectFrom('contacts')
      .select(['id', 'status', 'name'])
      .where('id', '=', contactId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  },

  client(db: DbOrTrx, clientId: number) {
    return db
      .selectFrom('clients')
      .select(['id', 'archived_at'])
      .where('id', '=', clientId)
      .executeTakeFirst();
  },
});
