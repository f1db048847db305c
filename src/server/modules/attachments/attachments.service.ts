import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AttachmentResponse } from '../../../shared/schemas/tickets.ts';
import type { Actor } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { ModuleDeps } from '../deps.ts';
import type { AttachmentsService } from '../tickets/contracts.ts';
import { classify, isImageType } from './content-types.ts';
import { sanitizeFilename } from './filenames.ts';

export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;
export const CLEANUP_JOB = 'attachments.cleanup-pending';
/** Uploads one person may have waiting to be attached at once. */
export const MAX_PENDING_PER_ACCOUNT = 50;
export const THUMBNAIL_SIZE = 320;
/** Images larger than this (in pixels) get no thumbnail: a decompression bomb is never decoded. */
export const THUMBNAIL_MAX_PIXELS = 50_000_000;
const HEAD_BYTES = 8192;
const MB = 1024 * 1024;

interface Row {
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

export function attachmentUrl(row: Pick<Row, 'id' | 'ticket_id'>): string {
  return row.ticket_id === null
    ? `/api/v1/uploads/${row.id}`
    : `/api/v1/tickets/${row.ticket_id}/attachments/${row.id}`;
}

export function toAttachmentResponse(row: Row): AttachmentResponse {
  const url = attachmentUrl(row);
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    url,
    thumbnailUrl: row.thumbnail_key ? `${url}/thumbnail` : null,
    internal: row.internal === 1,
    messageId: row.message_id,
    createdAt: row.created_at,
  };
}

/** A stored file, checked and named, not yet recorded in the database. */
interface Stored {
  storageKey: string;
  thumbnailKey: string | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

export const tooLarge = (maxBytes: number) =>
  new AppError(
    'payload_too_large',
    `The file is larger than the ${formatMb(maxBytes)} limit for attachments. Choose a smaller file.`,
  );

function formatMb(bytes: number): string {
  return `${Math.round((bytes / MB) * 10) / 10} MB`;
}

/** A small WebP preview (first frame of an animation), or null when the image cannot or must not be read. */
export async function makeThumbnail(data: Buffer): Promise<Buffer | null> {
  try {
    // Loaded on first use: libvips is tens of megabytes a process without uploads need not hold.
    const { default: sharp } = await import('sharp');
    return await sharp(data, { limitInputPixels: THUMBNAIL_MAX_PIXELS, animated: false, failOn: 'error' })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
  } catch {
    return null;
  }
}

export type Attachments = ReturnType<typeof createAttachments>;

/** Uploads, stored files and their thumbnails for tickets (owned by modules/attachments). */
export function createAttachments(
  deps: Pick<ModuleDeps, 'database' | 'storage' | 'clock' | 'settings' | 'jobs'>,
) {
  const { database, storage, clock, settings, jobs } = deps;

  async function maxBytes(db?: DbOrTrx): Promise<number> {
    return ((await settings.current(db))?.attachmentMaxMb ?? 20) * MB;
  }

  async function removeFiles(keys: (string | null)[]): Promise<void> {
    for (const key of keys) if (key) await storage.delete(key).catch(() => {});
  }

  /**
   * Streams a file into storage (never more than `limit` bytes in flight or on disk), then decides by
   * its content whether it is accepted. Refused files are deleted again before the error is thrown.
   */
  async function ingest(source: Readable, rawName: string, limit: number): Promise<Stored> {
    const hash = createHash('sha256');
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let size = 0;
    let utf8 = true;
    let noNul = true;
    const headParts: Buffer[] = [];
    let headLength = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > limit) return callback(tooLarge(limit));
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          const part = chunk.subarray(0, HEAD_BYTES - headLength);
          headParts.push(part);
          headLength += part.length;
        }
        if (noNul && chunk.includes(0)) noNul = false;
        if (utf8) {
          try {
            decoder.decode(chunk, { stream: true });
          } catch {
            utf8 = false;
          }
        }
        callback(null, chunk);
      },
    });
    // Busboy stops at its own limit and says so; the upload fails at once rather than being cut short.
    source.once('limit', () => meter.destroy(tooLarge(limit)));
    const feeding = pipeline(source, meter);
    const storing = storage.putStream('attachments', meter);
    const [fed, stored] = await Promise.allSettled([feeding, storing]);
    if (fed.status === 'rejected' || stored.status === 'rejected') {
      if (stored.status === 'fulfilled') await removeFiles([stored.value]);
      const failure = [fed, stored].find((r) => r.status === 'rejected') as PromiseRejectedResult;
      const error = [fed, stored]
        .map((r) => (r.status === 'rejected' ? r.reason : null))
        .find((e) => e instanceof AppError);
      throw error ?? failure.reason;
    }
    const key = stored.value;
    try {
      // The limit may have been reached before anyone listened: busboy then cut the file short.
      if ((source as Readable & { truncated?: boolean }).truncated) throw tooLarge(limit);
      if (utf8) {
        try {
          decoder.decode();
        } catch {
          utf8 = false;
        }
      }
      if (size === 0) throw errors.validation({ file: 'The file is empty.' }, 'The file is empty.');
      const detected = await detectType(key);
      const filename = sanitizeFilename(rawName);
      const verdict = classify({ filename, detected, head: Buffer.concat(headParts), utf8, noNul });
      if (!verdict.ok) throw new AppError('unsupported_media_type', verdict.reason);
      let thumbnailKey: string | null = null;
      if (verdict.image && isImageType(verdict.contentType)) {
        // Bounded by the size limit checked above.
        const data = await storage.get(key);
        const thumbnail = data ? await makeThumbnail(data) : null;
        if (thumbnail) thumbnailKey = await storage.put('thumbnails', thumbnail);
      }
      return {
        storageKey: key,
        thumbnailKey,
        filename: verdict.filename,
        contentType: verdict.contentType,
        sizeBytes: size,
        sha256: hash.digest('hex'),
      };
    } catch (error) {
      await removeFiles([key]);
      throw error;
    }
  }

  async function detectType(key: string): Promise<{ ext: string; mime: string } | undefined> {
    const opened = await storage.getStream(key);
    if (!opened) throw new Error(`Stored file ${key} disappeared`);
    try {
      const { fileTypeFromStream } = await import('file-type');
      return await fileTypeFromStream(opened.stream);
    } catch {
      return undefined;
    } finally {
      opened.stream.destroy();
    }
  }

  async function insert(
    db: DbOrTrx,
    stored: Stored,
    owner: {
      ticketId: number | null;
      messageId: number | null;
      clientId: number | null;
      internal: boolean;
      accountId: number | null;
    },
  ): Promise<Row> {
    return db
      .insertInto('ticket_attachments')
      .values({
        ticket_id: owner.ticketId,
        message_id: owner.messageId,
        client_id: owner.clientId,
        uploaded_by_account_id: owner.accountId,
        storage_key: stored.storageKey,
        thumbnail_key: stored.thumbnailKey,
        filename: stored.filename,
        content_type: stored.contentType,
        size_bytes: stored.sizeBytes,
        sha256: stored.sha256,
        internal: owner.internal ? 1 : 0,
        created_at: clock().toISOString(),
      })
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
  }

  /** Makes sure the clean-up of abandoned uploads is scheduled (in the caller's transaction). */
  async function ensureCleanupScheduled(db: DbOrTrx): Promise<void> {
    const scheduled = await db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', CLEANUP_JOB)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    if (!scheduled) {
      await jobs.enqueue(
        db,
        CLEANUP_JOB,
        {},
        { runAt: new Date(clock().getTime() + PENDING_TTL_MS + 60_000), maxAttempts: 5 },
      );
    }
  }

  /** Deletes uploads left pending for a day, with their files, then schedules its next run. */
  async function cleanupPending(): Promise<number> {
    const { db } = database.system('clean-up of abandoned uploads');
    const now = clock();
    const cutoff = new Date(now.getTime() - PENDING_TTL_MS).toISOString();
    let removed = 0;
    for (;;) {
      const batch = await db
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
      for (const row of batch) await removeFiles([row.storage_key, row.thumbnail_key]);
      removed += batch.length;
      if (batch.length < 500) break;
    }
    const oldest = await db
      .selectFrom('ticket_attachments')
      .select((eb) => eb.fn.min('created_at').as('at'))
      .where('ticket_id', 'is', null)
      .executeTakeFirst();
    const next = oldest?.at
      ? Math.max(new Date(oldest.at).getTime() + PENDING_TTL_MS + 60_000, now.getTime() + 60_000)
      : now.getTime() + PENDING_TTL_MS;
    const other = await db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', CLEANUP_JOB)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('run_at', '>', now.toISOString())
      .limit(1)
      .executeTakeFirst();
    if (!other) await jobs.enqueue(db, CLEANUP_JOB, {}, { runAt: new Date(next), maxAttempts: 5 });
    return removed;
  }
  jobs.register(CLEANUP_JOB, async () => {
    await cleanupPending();
  });

  const service: AttachmentsService = {
    async linkPending(db, input) {
      if (!input.ids.length) return;
      const ids = [...new Set(input.ids)];
      const rows = await db
        .selectFrom('ticket_attachments')
        .select(['id', 'client_id'])
        .where('id', 'in', ids)
        .where('uploaded_by_account_id', '=', input.accountId)
        .where('ticket_id', 'is', null)
        .execute();
      const found = new Set(
        rows.filter((r) => r.client_id === null || r.client_id === input.clientId).map((r) => r.id),
      );
      const missing = ids.filter((id) => !found.has(id));
      const notFound = (which: number[]) =>
        errors.validation(
          {
            attachmentIds:
              which.length === 1
                ? `Attachment ${which[0]} was not found. Upload the file again.`
                : `Attachments ${which.join(', ')} were not found. Upload the files again.`,
          },
          'An attachment was not found.',
        );
      if (missing.length) throw notFound(missing);
      const result = await db
        .updateTable('ticket_attachments')
        .set({
          ticket_id: input.ticketId,
          message_id: input.messageId,
          client_id: input.clientId,
          internal: input.internal ? 1 : 0,
        })
        .where('id', 'in', ids)
        .where('uploaded_by_account_id', '=', input.accountId)
        .where('ticket_id', 'is', null)
        .executeTakeFirst();
      // Another request attached one of them a moment ago.
      if (Number(result.numUpdatedRows) !== ids.length) throw notFound(ids);
    },

    async storeAttached(db, input) {
      const limit = await maxBytes(db);
      if (input.data.length > limit) return { rejected: tooLarge(limit).message };
      let stored: Stored;
      try {
        stored = await ingest(Readable.from([input.data]), input.filename, limit);
      } catch (error) {
        if (error instanceof AppError) return { rejected: error.message };
        throw error;
      }
      try {
        const row = await insert(db, stored, {
          ticketId: input.ticketId,
          messageId: input.messageId,
          clientId: input.clientId,
          internal: input.internal,
          accountId: input.uploadedByAccountId,
        });
        return { id: row.id };
      } catch (error) {
        await removeFiles([stored.storageKey, stored.thumbnailKey]);
        throw error;
      }
    },

    async listForTickets(db, ticketIds, options) {
      if (!ticketIds.length) return [];
      let query = db
        .selectFrom('ticket_attachments')
        .leftJoin('ticket_messages', 'ticket_messages.id', 'ticket_attachments.message_id')
        .select(columns)
        .where('ticket_attachments.ticket_id', 'in', [...new Set(ticketIds)]);
      if (!options.includeInternal) {
        // The attachment's own flag, and (belt and braces) the flag of the message it belongs to.
        query = query
          .where('ticket_attachments.internal', '=', 0)
          .where((eb) =>
            eb.or([eb('ticket_messages.id', 'is', null), eb('ticket_messages.internal', '=', 0)]),
          );
      }
      const rows = await query
        .orderBy('ticket_attachments.ticket_id')
        .orderBy('ticket_attachments.id')
        .execute();
      return rows.map((row) => ({ ...toAttachmentResponse(row), ticketId: row.ticket_id as number }));
    },

    async moveToTicket(db, fromTicketId, toTicketId) {
      const target = await db
        .selectFrom('tickets')
        .select('client_id')
        .where('id', '=', toTicketId)
        .executeTakeFirst();
      if (!target) throw errors.notFound('The ticket');
      await db
        .updateTable('ticket_attachments')
        .set({ ticket_id: toTicketId, client_id: target.client_id })
        .where('ticket_id', '=', fromTicketId)
        .execute();
    },
  };

  return {
    ...service,
    maxBytes,
    cleanupPending,

    /**
     * A new pending upload by `actor` (a contact's belongs to their client at once; a staff member's
     * gets its client when attached). The file is streamed in and checked before anything is recorded.
     */
    async upload(actor: Actor, file: { stream: Readable; filename: string }): Promise<AttachmentResponse> {
      const { db, transaction } = database.forActor(actor);
      const pending = await db
        .selectFrom('ticket_attachments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('uploaded_by_account_id', '=', actor.accountId)
        .where('ticket_id', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(pending.n) >= MAX_PENDING_PER_ACCOUNT) {
        file.stream.resume();
        throw errors.conflict(
          'too_many_pending_uploads',
          `You have ${MAX_PENDING_PER_ACCOUNT} uploaded files waiting to be sent. Send or remove some first.`,
        );
      }
      const stored = await ingest(file.stream, file.filename, await maxBytes());
      try {
        const row = await transaction(async (trx) => {
          const inserted = await insert(trx, stored, {
            ticketId: null,
            messageId: null,
            clientId: actor.kind === 'contact' ? actor.clientId : null,
            internal: false,
            accountId: actor.accountId,
          });
          await ensureCleanupScheduled(trx);
          return inserted;
        });
        return toAttachmentResponse(row);
      } catch (error) {
        await removeFiles([stored.storageKey, stored.thumbnailKey]);
        throw error;
      }
    },

    /** A file added straight to a ticket (not to a message); the caller has checked the ticket. */
    async addToTicket(
      actor: Actor,
      ticket: { id: number; clientId: number },
      file: { stream: Readable; filename: string },
    ): Promise<AttachmentResponse> {
      const stored = await ingest(file.stream, file.filename, await maxBytes());
      try {
        const row = await database.forActor(actor).transaction((trx) =>
          insert(trx, stored, {
            ticketId: ticket.id,
            messageId: null,
            clientId: ticket.clientId,
            internal: false,
            accountId: actor.accountId,
          }),
        );
        return toAttachmentResponse(row);
      } catch (error) {
        await removeFiles([stored.storageKey, stored.thumbnailKey]);
        throw error;
      }
    },

    /** Removes one of `accountId`'s own pending uploads; false when there is no such upload. */
    async removePending(db: DbOrTrx, accountId: number, uploadId: number): Promise<boolean> {
      const row = await db
        .deleteFrom('ticket_attachments')
        .where('id', '=', uploadId)
        .where('uploaded_by_account_id', '=', accountId)
        .where('ticket_id', 'is', null)
        .returning(['storage_key', 'thumbnail_key'])
        .executeTakeFirst();
      if (!row) return false;
      await removeFiles([row.storage_key, row.thumbnail_key]);
      return true;
    },

    /**
     * The stored row of an attachment of `ticketId` that the reader may have: internal ones (or those of
     * internal notes) only when `includeInternal`. Null otherwise.
     */
    async findOnTicket(db: DbOrTrx, ticketId: number, attachmentId: number, includeInternal: boolean) {
      let query = db
        .selectFrom('ticket_attachments')
        .leftJoin('ticket_messages', 'ticket_messages.id', 'ticket_attachments.message_id')
        .select([...columns, 'ticket_attachments.storage_key', 'ticket_attachments.client_id'])
        .where('ticket_attachments.id', '=', attachmentId)
        .where('ticket_attachments.ticket_id', '=', ticketId);
      if (!includeInternal) {
        query = query
          .where('ticket_attachments.internal', '=', 0)
          .where((eb) =>
            eb.or([eb('ticket_messages.id', 'is', null), eb('ticket_messages.internal', '=', 0)]),
          );
      }
      return (await query.executeTakeFirst()) ?? null;
    },

    /** One of `accountId`'s own pending uploads, or null. */
    async findPending(db: DbOrTrx, accountId: number, uploadId: number) {
      return (
        (await db
          .selectFrom('ticket_attachments')
          .select([...columns, 'ticket_attachments.storage_key', 'ticket_attachments.client_id'])
          .where('id', '=', uploadId)
          .where('uploaded_by_account_id', '=', accountId)
          .where('ticket_id', 'is', null)
          .executeTakeFirst()) ?? null
      );
    },

    open(key: string) {
      return storage.getStream(key);
    },
  };
}
