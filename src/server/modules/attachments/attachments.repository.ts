import type { DbOrTrx } from '../../platform/db/db.ts';
import { prepared } from '../../platform/db/prepared.ts';

/** An attachment as answered to readers (see toAttachmentResponse). */
export interface AttachmentRow {
  id: number;
  ticket_id: number | null;
  message_id: number | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  thumbnail_key: string | null;
  internal: number;
  created_at: string;
}

const columns = [
  'ticket_attachments.id',
  'ticket_attachments.ticket_id',
  'ticket_attachments.message_id',
  'ticket_attachments.filename',
  'ticket_attachments.content_type',
  'ticket_attachments.size_bytes',
  'ticket_attachments.thumbnail_key',
  'ticket_attachments.internal',
  'ticket_attachments.created_at',
] as const;

function attachmentsOfTicket(db: DbOrTrx, ticketId: number, includeInternal: boolean) {
  const query = db
    .selectFrom('ticket_attachments')
    .leftJoin('ticket_messages', 'ticket_messages.id', 'ticket_attachments.message_id')
    .select(columns)
    .where('ticket_attachments.ticket_id', '=', ticketId);
  // The attachment's own flag, and (belt and braces) the flag of the message it belongs to.
  return (
    includeInternal
      ? query
      : query
          .where('ticket_attachments.internal', '=', 0)
          .where((eb) =>
            eb.or([eb('ticket_messages.id', 'is', null), eb('ticket_messages.internal', '=', 0)]),
          )
  ).orderBy('ticket_attachments.id');
}

// One ticket's files, read whenever a ticket or its conversation is opened: compiled once (see prepared()).
const attachmentsOf = prepared((db: DbOrTrx, ticketId: number) => attachmentsOfTicket(db, ticketId, true));
const publicAttachmentsOf = prepared((db: DbOrTrx, ticketId: number) =>
  attachmentsOfTicket(db, ticketId, false),
);

/** Ticket attachments and pending uploads (rows with no ticket yet). */
export const attachmentsRepository = Object.freeze({
  insert(
    db: DbOrTrx,
    row: {
      ticket_id: number | null;
      message_id: number | null;
      client_id: number | null;
      uploaded_by_account_id: number | null;
      storage_key: string;
      thumbnail_key: string | null;
      filename: string;
      content_type: string;
      size_bytes: number;
      sha256: string;
      internal: 0 | 1;
      created_at: string;
    },
  ): Promise<AttachmentRow> {
    return db
      .insertInto('ticket_attachments')
      .values(row)
      .returning([
        'id',
        'ticket_id',
        'message_id',
        'filename',
        'content_type',
        'size_bytes',
        'thumbnail_key',
        'internal',
        'created_at',
      ])
      .executeTakeFirstOrThrow();
  },

  /** Whether a job of `kind` is waiting (neither done nor failed), after `after` when given. */
  async jobWaiting(db: DbOrTrx, kind: string, after?: string): Promise<boolean> {
    let query = db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', kind)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null);
    if (after !== undefined) query = query.where('run_at', '>', after);
    return (await query.limit(1).executeTakeFirst()) !== undefined;
  },

  /** Deletes up to 500 uploads pending since before `cutoff`, answering their stored files' keys. */
  deletePendingBatch(db: DbOrTrx, cutoff: string) {
    return db
      .deleteFrom('ticket_attachments')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('ticket_attachments')
          .select('id')
          .where('ticket_id', 'is', null)
          .where('created_at', '<', cutoff)
          .limit(500),
      )
      .where('ticket_id', 'is', null)
      .returning(['storage_key', 'thumbnail_key'])
      .execute();
  },

  /** When the oldest pending upload was made, or null when there is none. */
  async oldestPending(db: DbOrTrx): Promise<string | null> {
    const oldest = await db
      .selectFrom('ticket_attachments')
      .select((eb) => eb.fn.min('created_at').as('at'))
      .where('ticket_id', 'is', null)
      .executeTakeFirst();
    return oldest?.at ?? null;
  },

  /** Which of `ids` are `accountId`'s pending uploads, with their client. */
  pendingOf(db: DbOrTrx, accountId: number, ids: readonly number[]) {
    return db
      .selectFrom('ticket_attachments')
      .select(['id', 'client_id'])
      .where('id', 'in', [...ids])
      .where('uploaded_by_account_id', '=', accountId)
      .where('ticket_id', 'is', null)
      .execute();
  },

  /** Attaches `accountId`'s pending uploads `ids`; answers how many rows changed. */
  async link(
    db: DbOrTrx,
    accountId: number,
    ids: readonly number[],
    values: { ticket_id: number; message_id: number | null; client_id: number; internal: 0 | 1 },
  ): Promise<number> {
    const result = await db
      .updateTable('ticket_attachments')
      .set(values)
      .where('id', 'in', [...ids])
      .where('uploaded_by_account_id', '=', accountId)
      .where('ticket_id', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /** The attachments of these tickets, internal ones (and those of internal notes) only when asked. */
  listForTickets(db: DbOrTrx, ticketIds: readonly number[], includeInternal: boolean) {
    if (ticketIds.length === 1) {
      const ticketId = ticketIds[0] as number;
      return includeInternal ? attachmentsOf(db, ticketId) : publicAttachmentsOf(db, ticketId);
    }
    let query = db
      .selectFrom('ticket_attachments')
      .leftJoin('ticket_messages', 'ticket_messages.id', 'ticket_attachments.message_id')
      .select(columns)
      .where('ticket_attachments.ticket_id', 'in', [...ticketIds]);
    if (!includeInternal) {
      // The attachment's own flag, and (belt and braces) the flag of the message it belongs to.
      query = query
        .where('ticket_attachments.internal', '=', 0)
        .where((eb) => eb.or([eb('ticket_messages.id', 'is', null), eb('ticket_messages.internal', '=', 0)]));
    }
    return query.orderBy('ticket_attachments.ticket_id').orderBy('ticket_attachments.id').execute();
  },

  /** The ticket's client, or undefined when there is no such ticket. */
  ticketClient(db: DbOrTrx, ticketId: number) {
    return db.selectFrom('tickets').select('client_id').where('id', '=', ticketId).executeTakeFirst();
  },

  async moveToTicket(db: DbOrTrx, fromTicketId: number, toTicketId: number, clientId: number): Promise<void> {
    await db
      .updateTable('ticket_attachments')
      .set({ ticket_id: toTicketId, client_id: clientId })
      .where('ticket_id', '=', fromTicketId)
      .execute();
  },

  async countPending(db: DbOrTrx, accountId: number): Promise<number> {
    const pending = await db
      .selectFrom('ticket_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('uploaded_by_account_id', '=', accountId)
      .where('ticket_id', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(pending.n);
  },

  /** Deletes one of `accountId`'s pending uploads, answering its stored files' keys (undefined if none). */
  deletePending(db: DbOrTrx, accountId: number, uploadId: number) {
    return db
      .deleteFrom('ticket_attachments')
      .where('id', '=', uploadId)
      .where('uploaded_by_account_id', '=', accountId)
      .where('ticket_id', 'is', null)
      .returning(['storage_key', 'thumbnail_key'])
      .executeTakeFirst();
  },

  /** An attachment of `ticketId` with its stored file's key, internal ones only when `includeInternal`. */
  findOnTicket(db: DbOrTrx, ticketId: number, attachmentId: number, includeInternal: boolean) {
    let query = db
      .selectFrom('ticket_attachments')
      .leftJoin('ticket_messages', 'ticket_messages.id', 'ticket_attachments.message_id')
      .select([...columns, 'ticket_attachments.storage_key', 'ticket_attachments.client_id'])
      .where('ticket_attachments.id', '=', attachmentId)
      .where('ticket_attachments.ticket_id', '=', ticketId);
    if (!includeInternal) {
      query = query
        .where('ticket_attachments.internal', '=', 0)
        .where((eb) => eb.or([eb('ticket_messages.id', 'is', null), eb('ticket_messages.internal', '=', 0)]));
    }
    return query.executeTakeFirst();
  },

  findPending(db: DbOrTrx, accountId: number, uploadId: number) {
    return db
      .selectFrom('ticket_attachments')
      .select([...columns, 'ticket_attachments.storage_key', 'ticket_attachments.client_id'])
      .where('id', '=', uploadId)
      .where('uploaded_by_account_id', '=', accountId)
      .where('ticket_id', 'is', null)
      .executeTakeFirst();
  },
});
