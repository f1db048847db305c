import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Message, message } from '../../../shared/i18n/i18n.ts';
import type { AttachmentResponse } from '../../../shared/schemas/tickets.ts';
import type { Actor } from '../../platform/actor.ts';
import { type Bound, bindContext } from '../../platform/context.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { ModuleDeps } from '../deps.ts';
import type { AttachmentsService } from '../tickets/contracts.ts';
import { type AttachmentRow, attachmentsRepository } from './attachments.repository.ts';
import { checkContent, THUMBNAIL_SIZE } from './content-checks.ts';
import { classify } from './content-types.ts';
import { sanitizeFilename } from './filenames.ts';

export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;
export const CLEANUP_JOB = 'attachments.cleanup-pending';
/** Uploads one person may have waiting to be attached at once. */
export const MAX_PENDING_PER_ACCOUNT = 50;
/** Generated sample images larger than this (in pixels) get no thumbnail. */
export const THUMBNAIL_MAX_PIXELS = 50_000_000;
const HEAD_BYTES = 8192;
const MB = 1024 * 1024;

type Row = AttachmentRow;

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
  /** The bytes as received (before an image was cut short of what followed it): a retry's fingerprint. */
  received: { sha256: string; sizeBytes: number };
}

/** A file as it arrived: the name sent and its content's SHA-256 and size (an Idempotency-Key's fingerprint). */
export interface ReceivedFile {
  filename: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * What a request sent with an Idempotency-Key does around recording its file (decision 008): once the
 * file is stored and checked, `claim` takes the key for what was received (or throws: 409, 422, or a
 * replay of the first answer); `complete` stores the answer in the transaction that records the file,
 * so the file and the key's answer are committed together or not at all.
 */
export interface KeyedRecording<R = AttachmentResponse> {
  claim(received: ReceivedFile): Promise<void>;
  complete(trx: DbOrTrx, response: R): Promise<void>;
}

export const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', message('errors:attachments.tooLarge', { size: formatMb(maxBytes) }));

function formatMb(bytes: number): string {
  return `${Math.round((bytes / MB) * 10) / 10} MB`;
}

/**
 * A small WebP preview (first frame of an animation), or null when the image cannot or must not be
 * read. For files made here (generated data); uploads get theirs from checkContent, which refuses an
 * image it cannot decode.
 */
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

/** What the attachments use cases use. */
export type AttachmentsContext = Pick<
  ModuleDeps,
  'database' | 'storage' | 'clock' | 'settings' | 'jobs' | 'config' | 'scanner'
>;

export async function maxBytes(ctx: AttachmentsContext, db?: DbOrTrx): Promise<number> {
  const { settings } = ctx;
  return ((await settings.current(db))?.attachmentMaxMb ?? 20) * MB;
}

export async function removeFiles(ctx: AttachmentsContext, keys: (string | null)[]): Promise<void> {
  const { storage } = ctx;
  for (const key of keys) if (key) await storage.delete(key).catch(() => {});
}

/**
 * Streams a file into storage (never more than `limit` bytes in flight or on disk), then decides by
 * its content whether it is accepted. Refused files are deleted again before the error is thrown.
 */
export async function ingest(
  ctx: AttachmentsContext,
  source: Readable,
  rawName: string,
  limit: number,
): Promise<Stored> {
  const { storage } = ctx;
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
    if (stored.status === 'fulfilled') await removeFiles(ctx, [stored.value]);
    const failure = [fed, stored].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    const error = [fed, stored]
      .map((r) => (r.status === 'rejected' ? r.reason : null))
      .find((e) => e instanceof AppError);
    throw error ?? failure.reason;
  }
  let key = stored.value;
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
    if (size === 0)
      throw errors.validation({ file: message('errors:upload.empty') }, message('errors:upload.empty'));
    const detected = await detectType(ctx, key);
    const filename = sanitizeFilename(rawName);
    const verdict = classify({ filename, detected, head: Buffer.concat(headParts), utf8, noNul });
    if (!verdict.ok) throw new AppError('unsupported_media_type', verdict.reason);
    // The same checks for every file, uploaded or emailed: images decoded, archives inspected, scanned.
    const checked = await checkContent(
      {
        limits: ctx.config.uploads,
        scanner: ctx.scanner,
        read: async () => {
          // Bounded by the size limit checked above.
          const data = await storage.get(key);
          if (!data) throw new Error(`Stored file ${key} disappeared`);
          return data;
        },
        stream: async () => {
          const opened = await storage.getStream(key);
          if (!opened) throw new Error(`Stored file ${key} disappeared`);
          return opened.stream;
        },
      },
      { filename: verdict.filename, contentType: verdict.contentType },
    );
    let storageKey = key;
    let sha256 = hash.digest('hex');
    const received = { sha256, sizeBytes: size };
    if (checked.replacement) {
      // What followed an image is not kept: the image alone replaces the file as received.
      storageKey = await storage.put('attachments', checked.replacement);
      await removeFiles(ctx, [key]);
      key = storageKey;
      size = checked.replacement.length;
      sha256 = createHash('sha256').update(checked.replacement).digest('hex');
    }
    let thumbnailKey: string | null = null;
    if (checked.thumbnail) thumbnailKey = await storage.put('thumbnails', checked.thumbnail);
    return {
      storageKey,
      thumbnailKey,
      filename: verdict.filename,
      contentType: verdict.contentType,
      sizeBytes: size,
      sha256,
      received,
    };
  } catch (error) {
    await removeFiles(ctx, [key]);
    throw error;
  }
}

async function detectType(
  ctx: AttachmentsContext,
  key: string,
): Promise<{ ext: string; mime: string } | undefined> {
  const { storage } = ctx;
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

async function insertAttachment(
  ctx: AttachmentsContext,
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
  const { clock } = ctx;
  return attachmentsRepository.insert(db, {
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
  });
}

/** Makes sure the clean-up of abandoned uploads is scheduled (in the caller's transaction). */
async function ensureCleanupScheduled(ctx: AttachmentsContext, db: DbOrTrx): Promise<void> {
  const { clock, jobs } = ctx;
  const scheduled = await attachmentsRepository.jobWaiting(db, CLEANUP_JOB);
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
export async function cleanupPending(ctx: AttachmentsContext): Promise<number> {
  const { database, clock, jobs } = ctx;
  const { db } = database.system('clean-up of abandoned uploads');
  const now = clock();
  const cutoff = new Date(now.getTime() - PENDING_TTL_MS).toISOString();
  let removed = 0;
  for (;;) {
    const batch = await attachmentsRepository.deletePendingBatch(db, cutoff);
    for (const row of batch) await removeFiles(ctx, [row.storage_key, row.thumbnail_key]);
    removed += batch.length;
    if (batch.length < 500) break;
  }
  const oldest = await attachmentsRepository.oldestPending(db);
  const next = oldest
    ? Math.max(new Date(oldest).getTime() + PENDING_TTL_MS + 60_000, now.getTime() + 60_000)
    : now.getTime() + PENDING_TTL_MS;
  const other = await attachmentsRepository.jobWaiting(db, CLEANUP_JOB, now.toISOString());
  if (!other) await jobs.enqueue(db, CLEANUP_JOB, {}, { runAt: new Date(next), maxAttempts: 5 });
  return removed;
}

export async function linkPending(
  _ctx: AttachmentsContext,
  db: DbOrTrx,
  input: Parameters<AttachmentsService['linkPending']>[1],
): Promise<void> {
  if (!input.ids.length) return;
  const ids = [...new Set(input.ids)];
  const rows = await attachmentsRepository.pendingOf(db, input.accountId, ids);
  const found = new Set(
    rows.filter((r) => r.client_id === null || r.client_id === input.clientId).map((r) => r.id),
  );
  const missing = ids.filter((id) => !found.has(id));
  const notFound = (which: number[]) =>
    errors.validation(
      {
        attachmentIds: message('errors:attachments.pendingMissingField', {
          count: which.length,
          ids: which.join(', '),
        }),
      },
      message('errors:attachments.pendingMissing'),
    );
  if (missing.length) throw notFound(missing);
  const linked = await attachmentsRepository.link(db, input.accountId, ids, {
    ticket_id: input.ticketId,
    message_id: input.messageId,
    client_id: input.clientId,
    internal: input.internal ? 1 : 0,
  });
  // Another request attached one of them a moment ago.
  if (linked !== ids.length) throw notFound(ids);
}

export async function storeAttached(
  ctx: AttachmentsContext,
  db: DbOrTrx,
  input: Parameters<AttachmentsService['storeAttached']>[1],
): Promise<{ id: number } | { rejected: Message }> {
  const limit = await maxBytes(ctx, db);
  if (input.data.length > limit) return { rejected: tooLarge(limit).text };
  let stored: Stored;
  try {
    stored = await ingest(ctx, Readable.from([input.data]), input.filename, limit);
  } catch (error) {
    // A file refused for what it is is left out (and noted); a scanner that cannot be reached fails
    // the whole message, which the receiver tries again or holds for review: nothing goes unscanned.
    if (error instanceof AppError && error.code !== 'unavailable') return { rejected: error.text };
    throw error;
  }
  try {
    const row = await insertAttachment(ctx, db, stored, {
      ticketId: input.ticketId,
      messageId: input.messageId,
      clientId: input.clientId,
      internal: input.internal,
      accountId: input.uploadedByAccountId,
    });
    return { id: row.id };
  } catch (error) {
    await removeFiles(ctx, [stored.storageKey, stored.thumbnailKey]);
    throw error;
  }
}

export async function listForTickets(
  _ctx: AttachmentsContext,
  db: DbOrTrx,
  ticketIds: readonly number[],
  options: { includeInternal: boolean },
): Promise<(AttachmentResponse & { ticketId: number })[]> {
  if (!ticketIds.length) return [];
  const rows = await attachmentsRepository.listForTickets(
    db,
    [...new Set(ticketIds)],
    options.includeInternal,
  );
  return rows.map((row) => ({ ...toAttachmentResponse(row), ticketId: row.ticket_id as number }));
}

export async function moveToTicket(
  _ctx: AttachmentsContext,
  db: DbOrTrx,
  fromTicketId: number,
  toTicketId: number,
): Promise<void> {
  const target = await attachmentsRepository.ticketClient(db, toTicketId);
  if (!target) throw errors.notFound(message('errors:notFound.ticket'));
  await attachmentsRepository.moveToTicket(db, fromTicketId, toTicketId, target.client_id);
}

/**
 * A new pending upload by `actor` (a contact's belongs to their client at once; a staff member's
 * gets its client when attached). The file is streamed in and checked before anything is recorded.
 */
export async function upload(
  ctx: AttachmentsContext,
  actor: Actor,
  file: { stream: Readable; filename: string },
  keyed?: KeyedRecording,
): Promise<AttachmentResponse> {
  const { database } = ctx;
  const { db, transaction } = database.forActor(actor);
  const pending = await attachmentsRepository.countPending(db, actor.accountId);
  if (pending >= MAX_PENDING_PER_ACCOUNT) {
    file.stream.resume();
    throw errors.conflict(
      'too_many_pending_uploads',
      message('errors:attachments.tooManyPending', { count: MAX_PENDING_PER_ACCOUNT }),
    );
  }
  const stored = await ingest(ctx, file.stream, file.filename, await maxBytes(ctx));
  try {
    await keyed?.claim({ filename: file.filename, ...stored.received });
    const row = await transaction(async (trx) => {
      const inserted = await insertAttachment(ctx, trx, stored, {
        ticketId: null,
        messageId: null,
        clientId: actor.kind === 'contact' ? actor.clientId : null,
        internal: false,
        accountId: actor.accountId,
      });
      await ensureCleanupScheduled(ctx, trx);
      await keyed?.complete(trx, toAttachmentResponse(inserted));
      return inserted;
    });
    return toAttachmentResponse(row);
  } catch (error) {
    await removeFiles(ctx, [stored.storageKey, stored.thumbnailKey]);
    throw error;
  }
}

/** A file added straight to a ticket (not to a message); the caller has checked the ticket. */
export async function addToTicket(
  ctx: AttachmentsContext,
  actor: Actor,
  ticket: { id: number; clientId: number },
  file: { stream: Readable; filename: string },
  keyed?: KeyedRecording,
): Promise<AttachmentResponse> {
  const { database } = ctx;
  const stored = await ingest(ctx, file.stream, file.filename, await maxBytes(ctx));
  try {
    await keyed?.claim({ filename: file.filename, ...stored.received });
    const row = await database.forActor(actor).transaction(async (trx) => {
      const inserted = await insertAttachment(ctx, trx, stored, {
        ticketId: ticket.id,
        messageId: null,
        clientId: ticket.clientId,
        internal: false,
        accountId: actor.accountId,
      });
      await keyed?.complete(trx, toAttachmentResponse(inserted));
      return inserted;
    });
    return toAttachmentResponse(row);
  } catch (error) {
    await removeFiles(ctx, [stored.storageKey, stored.thumbnailKey]);
    throw error;
  }
}

/**
 * Reads a file only to fingerprint it (SHA-256 and size, within the attachment limit), storing nothing:
 * a retry of a keyed upload that was already answered is compared with the first one this way.
 */
export async function digest(
  ctx: AttachmentsContext,
  file: { stream: Readable; filename: string },
): Promise<ReceivedFile> {
  const limit = await maxBytes(ctx);
  const hash = createHash('sha256');
  let size = 0;
  file.stream.once('limit', () => file.stream.destroy(tooLarge(limit)));
  for await (const chunk of file.stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      file.stream.resume();
      throw tooLarge(limit);
    }
    hash.update(chunk);
  }
  if ((file.stream as Readable & { truncated?: boolean }).truncated) throw tooLarge(limit);
  return { filename: file.filename, sha256: hash.digest('hex'), sizeBytes: size };
}

/** Removes one of `accountId`'s own pending uploads; false when there is no such upload. */
export async function removePending(
  ctx: AttachmentsContext,
  db: DbOrTrx,
  accountId: number,
  uploadId: number,
): Promise<boolean> {
  const row = await attachmentsRepository.deletePending(db, accountId, uploadId);
  if (!row) return false;
  await removeFiles(ctx, [row.storage_key, row.thumbnail_key]);
  return true;
}

/**
 * The stored row of an attachment of `ticketId` that the reader may have: internal ones (or those of
 * internal notes) only when `includeInternal`. Null otherwise.
 */
export async function findOnTicket(
  _ctx: AttachmentsContext,
  db: DbOrTrx,
  ticketId: number,
  attachmentId: number,
  includeInternal: boolean,
) {
  return (await attachmentsRepository.findOnTicket(db, ticketId, attachmentId, includeInternal)) ?? null;
}

/** One of `accountId`'s own pending uploads, or null. */
export async function findPending(
  _ctx: AttachmentsContext,
  db: DbOrTrx,
  accountId: number,
  uploadId: number,
) {
  return (await attachmentsRepository.findPending(db, accountId, uploadId)) ?? null;
}

export function open(ctx: AttachmentsContext, key: string) {
  const { storage } = ctx;
  return storage.getStream(key);
}

export const attachmentsUseCases = {
  linkPending,
  storeAttached,
  listForTickets,
  moveToTicket,
  maxBytes,
  cleanupPending,
  upload,
  addToTicket,
  digest,
  removePending,
  findOnTicket,
  findPending,
  open,
};

export type Attachments = Bound<AttachmentsContext, typeof attachmentsUseCases>;

/**
 * Uploads, stored files and their thumbnails for tickets (owned by modules/attachments). Registers the
 * clean-up job of abandoned uploads with the job runner.
 */
export function createAttachments(ctx: AttachmentsContext): Attachments {
  ctx.jobs.register(CLEANUP_JOB, async () => {
    await cleanupPending(ctx);
  });
  return bindContext(ctx, attachmentsUseCases);
}
