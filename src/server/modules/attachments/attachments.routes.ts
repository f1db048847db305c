import type { Readable } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import { errorEnvelope, id } from '../../../shared/schemas/common.ts';
import type { AttachmentResponse } from '../../../shared/schemas/tickets.ts';
import {
  attachmentListResponse,
  attachmentParams,
  attachmentResponse,
  ticketParams,
  uploadResponse,
} from '../../../shared/schemas/tickets.ts';
import { type AccessPolicy, assertMayAct } from '../../platform/access/require-access.ts';
import type { Actor } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { signedIn } from '../../platform/http/actors.ts';
import {
  type IdempotencyEngine,
  inProgress,
  replay,
  type StreamedKey,
  streamedKey,
} from '../../platform/http/idempotency.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { ModuleDeps } from '../deps.ts';
import type { TicketsAccess } from '../tickets/contracts.ts';
import type { Attachments, KeyedRecording, ReceivedFile } from './attachments.service.ts';
import { contractFilesRoutes } from './contract-files.routes.ts';
import { contentDisposition } from './filenames.ts';

const uploadParams = z.object({ uploadId: id }).strict();
const fileErrors = {
  ...errorResponses,
  409: errorEnvelope,
  413: errorEnvelope,
  415: errorEnvelope,
  422: errorEnvelope,
  503: errorEnvelope,
};
const downloadHeaders = {
  'x-content-type-options': 'nosniff',
  // Even if a browser were talked into rendering a file, it runs nothing and loads nothing.
  'content-security-policy': "sandbox; default-src 'none'",
  'cache-control': 'private, no-store',
  'cross-origin-resource-policy': 'same-origin',
};

/** What the download routes need of a stored attachment row. */
type StoredFile = {
  storage_key: string;
  thumbnail_key: string | null;
  content_type: string;
  filename: string;
};

/** Text is stored and served as UTF-8 (checked on upload). */
function servedType(contentType: string): string {
  return contentType.startsWith('text/') || contentType === 'application/json'
    ? `${contentType}; charset=utf-8`
    : contentType;
}

/**
 * Uploads (POST /api/v1/uploads, attached later through `attachmentIds`) and a ticket's files.
 * Every route serves staff and contacts, so each declares `auth: 'any'` and checks here: staff need
 * tickets:view to read and tickets:manage to add; contacts the tickets feature and, to add,
 * tickets:create. A ticket or file the actor may not see answers 404, never 403.
 */

/** Who may add files (see requireAccess): staff who work on tickets, contacts who raise and answer them. */
const attachmentPolicies = {
  add: {
    what: message('errors:notFound.ticket'),
    staff: { permission: 'tickets:manage', denied: message('errors:denied.ticketsChange') },
    contact: {
      anyOf: ['tickets:create'],
      denied: message('errors:denied.portalTicketFiles'),
    },
  },
} as const satisfies Record<string, AccessPolicy>;

export function attachmentsRoutes(
  app: FastifyInstance,
  deps: Pick<
    ModuleDeps,
    'database' | 'settings' | 'audit' | 'clock' | 'storage' | 'jobs' | 'config' | 'scanner'
  > & {
    attachments: Attachments;
    tickets: TicketsAccess;
    idempotency: IdempotencyEngine;
  },
): void {
  const { attachments, tickets, settings, database, audit, clock, idempotency } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  const any = { policy: { auth: 'any' as const } };
  // A file is streamed to storage as it arrives, so the key is claimed once it is stored and checked,
  // with the file's SHA-256 and fields as the request's fingerprint, and its answer is stored in the
  // transaction that records the file (decision 008).
  const streamed = { ...any, idempotency: 'keyed-streamed' as const };

  async function requireFeature(actor: Actor): Promise<void> {
    if (actor.kind === 'contact' && !(await settings.enabledFeatures()).includes('tickets')) {
      throw errors.notFound(message('errors:notFound.page'));
    }
  }

  function requireAdder(actor: Actor): void {
    assertMayAct(actor, attachmentPolicies.add);
  }

  /** The one file of a multipart request (field "file"), limited to the attachment size. */
  async function fileOf(request: FastifyRequest): Promise<{ stream: Readable; filename: string }> {
    const limit = await attachments.maxBytes();
    const part: MultipartFile | undefined = await request.file({
      limits: { fileSize: limit, files: 1, fields: 0, parts: 1 },
    });
    if (!part)
      throw errors.validation(
        { file: message('errors:upload.chooseFileField') },
        message('errors:upload.noFile'),
      );
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw errors.validation(
        { file: message('errors:upload.fileFieldName') },
        message('errors:upload.noFile'),
      );
    }
    return { stream: part.file, filename: part.filename };
  }

  /**
   * Runs a keyed upload (`record` stores and records the file, given what to do around recording it),
   * or without a key just runs it. A retry of an answered key reads the file only to compare it.
   */
  async function keyedUpload<R = AttachmentResponse>(
    request: FastifyRequest,
    reply: FastifyReply,
    serialize: (response: R) => string,
    record: (keyed: KeyedRecording<R> | undefined) => Promise<R>,
  ): Promise<FastifyReply> {
    const key = streamedKey(idempotency, clock, request);
    if (!key) return reply.code(201).send(await record(undefined));
    const fingerprint = (file: ReceivedFile) => ({
      params: request.params ?? {},
      query: request.query ?? {},
      file: { field: 'file', filename: file.filename, sha256: file.sha256, sizeBytes: file.sizeBytes },
    });
    if ((await key.precheck()) === 'finished') {
      const acquired = await key.acquire(fingerprint(await attachments.digest(await fileOf(request))));
      // The stored answer for the same file is replayed (another file was 422 in acquire).
      if ('replay' in acquired) return replay(reply, acquired.replay);
      // The key was forgotten (a day old) in between, and the file is read: let the retry run afresh.
      await key.release();
      throw inProgress();
    }
    let body: string | null = null;
    let replayed: Parameters<typeof replay>[1] | null = null;
    try {
      await record({
        async claim(file) {
          const acquired = await key.acquire(fingerprint(file));
          if ('replay' in acquired) {
            replayed = acquired.replay;
            throw new ReplayInstead();
          }
        },
        async complete(trx, response) {
          body = serialize(response);
          await key.complete(trx, 201, body);
        },
      });
    } catch (error) {
      await releaseQuietly(request, key);
      if (error instanceof ReplayInstead && replayed) return replay(reply, replayed);
      throw error;
    }
    if (body === null) throw new Error('The upload was recorded without its answer');
    return reply.code(201).type('application/json; charset=utf-8').send(body);
  }

  async function sendFile(
    reply: FastifyReply,
    key: string,
    contentType: string,
    disposition: string,
  ): Promise<FastifyReply> {
    const opened = await attachments.open(key);
    if (!opened) throw errors.notFound(message('errors:notFound.file'));
    return reply
      .headers(downloadHeaders)
      .header('content-type', contentType)
      .header('content-disposition', disposition)
      .header('content-length', String(opened.size))
      .send(opened.stream);
  }

  /** The file itself, always as a download. */
  function sendOriginal(reply: FastifyReply, row: StoredFile): Promise<FastifyReply> {
    return sendFile(
      reply,
      row.storage_key,
      servedType(row.content_type),
      contentDisposition('attachment', row.filename),
    );
  }

  /** Its WebP preview, shown inline; 404 when the file has none. */
  function sendThumbnail(reply: FastifyReply, row: StoredFile): Promise<FastifyReply> {
    if (!row.thumbnail_key) throw errors.notFound(message('errors:notFound.preview'));
    return sendFile(
      reply,
      row.thumbnail_key,
      'image/webp',
      contentDisposition('inline', `${row.filename}.webp`),
    );
  }

  r.post(
    '/api/v1/uploads',
    {
      config: streamed,
      schema: {
        tags,
        summary:
          'Upload a file to attach to a new ticket or reply (multipart/form-data, field "file"); pass the returned id in attachmentIds within a day',
        consumes: ['multipart/form-data'],
        response: { 201: uploadResponse, ...fileErrors },
      },
    },
    async (request, reply) => {
      const actor = signedIn(request);
      await requireFeature(actor);
      requireAdder(actor);
      return keyedUpload(
        request,
        reply,
        (response) => JSON.stringify(uploadResponse.parse(response)),
        async (keyed) => attachments.upload(actor, await fileOf(request), keyed),
      );
    },
  );

  r.get(
    '/api/v1/uploads/:uploadId',
    {
      config: any,
      schema: {
        tags,
        summary: 'Download one of your own uploads that is not attached yet',
        params: uploadParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const actor = signedIn(request);
      const { db } = database.forActor(actor);
      const row = await attachments.findPending(db, actor.accountId, request.params.uploadId);
      if (!row) throw errors.notFound(message('errors:notFound.upload'));
      return sendOriginal(reply, row);
    },
  );

  r.get(
    '/api/v1/uploads/:uploadId/thumbnail',
    {
      config: any,
      schema: {
        tags,
        summary: 'The preview image of one of your own uploads',
        params: uploadParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const actor = signedIn(request);
      const { db } = database.forActor(actor);
      const row = await attachments.findPending(db, actor.accountId, request.params.uploadId);
      if (!row) throw errors.notFound(message('errors:notFound.preview'));
      return sendThumbnail(reply, row);
    },
  );

  r.delete(
    '/api/v1/uploads/:uploadId',
    {
      config: any,
      schema: {
        tags,
        summary: 'Remove one of your own uploads that is not attached yet',
        params: uploadParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = signedIn(request);
      const { db } = database.forActor(actor);
      if (!(await attachments.removePending(db, actor.accountId, request.params.uploadId))) {
        throw errors.notFound(message('errors:notFound.upload'));
      }
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/tickets/:ticketId/attachments',
    {
      config: any,
      schema: {
        tags,
        summary: 'Files of a ticket and its messages (internal ones for staff only)',
        params: ticketParams,
        response: { 200: attachmentListResponse, ...errorResponses },
      },
    },
    async (request) => {
      const actor = signedIn(request);
      const { db } = database.forActor(actor);
      const ticket = await tickets.visibleTicket(db, actor, request.params.ticketId);
      const items = await attachments.listForTickets(db, [ticket.id], {
        includeInternal: actor.kind === 'staff',
      });
      return { items: items.map(({ ticketId: _ticketId, ...item }) => item) };
    },
  );

  r.post(
    '/api/v1/tickets/:ticketId/attachments',
    {
      config: streamed,
      schema: {
        tags,
        summary: 'Add a file to a ticket (multipart/form-data, field "file")',
        consumes: ['multipart/form-data'],
        params: ticketParams,
        response: { 201: attachmentResponse, ...fileErrors },
      },
    },
    async (request, reply) => {
      const actor = signedIn(request);
      const { db } = database.forActor(actor);
      // The ticket first: another client's ticket is 404 before anything is read or stored.
      const ticket = await tickets.visibleTicket(db, actor, request.params.ticketId);
      requireAdder(actor);
      if (actor.kind === 'contact' && ticket.status === 'closed') {
        throw errors.conflict('ticket_closed', message('errors:attachments.ticketClosed'));
      }
      return keyedUpload(
        request,
        reply,
        (response) => JSON.stringify(attachmentResponse.parse(response)),
        async (keyed) => {
          const added = await attachments.addToTicket(actor, ticket, await fileOf(request), keyed);
          // The file is saved; a live update that cannot go out must not turn that into an error.
          await tickets
            .publishAfterCommit([{ type: 'ticket.updated', ticketId: ticket.id }], db)
            .catch((err: unknown) => request.log.warn({ err }, 'live update after an attachment failed'));
          return added;
        },
      );
    },
  );

  /** The attachment if the actor may see its ticket and (for contacts) it is not internal. */
  async function visibleAttachment(db: DbOrTrx, actor: Actor, ticketId: number, attachmentId: number) {
    const ticket = await tickets.visibleTicket(db, actor, ticketId);
    const row = await attachments.findOnTicket(db, ticket.id, attachmentId, actor.kind === 'staff');
    if (!row) throw errors.notFound(message('errors:notFound.attachment'));
    return { ticket, row };
  }

  r.get(
    '/api/v1/tickets/:ticketId/attachments/:attachmentId',
    {
      config: any,
      schema: {
        tags,
        summary: 'Download a file of a ticket (always as an attachment, never shown inline)',
        params: attachmentParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const actor = signedIn(request);
      const { db } = database.forActor(actor);
      const { ticket, row } = await visibleAttachment(
        db,
        actor,
        request.params.ticketId,
        request.params.attachmentId,
      );
      await audit.record(db, {
        actor,
        action: 'ticket.attachment_downloaded',
        clientId: ticket.clientId,
        target: { type: 'ticket', id: ticket.id },
        details: { attachmentId: row.id, filename: row.filename },
        meta: requestMeta(request),
      });
      return sendOriginal(reply, row);
    },
  );

  r.get(
    '/api/v1/tickets/:ticketId/attachments/:attachmentId/thumbnail',
    {
      config: any,
      schema: {
        tags,
        summary: 'The preview image of an image attachment (WebP, at most 320 px)',
        params: attachmentParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const actor = signedIn(request);
      const { row } = await visibleAttachment(
        database.forActor(actor).db,
        actor,
        request.params.ticketId,
        request.params.attachmentId,
      );
      return sendThumbnail(reply, row);
    },
  );

  // Documents attached to contracts: the same upload, checks and downloads (contract-files.routes.ts).
  contractFilesRoutes(app, {
    ctx: {
      database,
      audit,
      clock,
      settings,
      storage: deps.storage,
      jobs: deps.jobs,
      config: deps.config,
      scanner: deps.scanner,
    },
    keyedUpload,
    fileOf,
    sendOriginal,
  });
}

/** Thrown through the service when the key's first answer is to be sent instead (its files are removed). */
class ReplayInstead extends Error {}

/** Gives an unfinished claim back after a failure; a failure to do so leaves it to its lease. */
async function releaseQuietly(request: FastifyRequest, key: StreamedKey): Promise<void> {
  await key
    .release()
    .catch((err: unknown) => request.log.error({ err }, 'could not release an idempotency key'));
}
