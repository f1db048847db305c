import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import { errorEnvelope } from '../../../shared/schemas/common.ts';
import {
  type ContractFile,
  contractFile,
  contractFileParams,
  contractParams,
} from '../../../shared/schemas/contracts.ts';
import { contactOnly, signedIn, staffOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { KeyedRecording } from './attachments.service.ts';
import {
  addContractFile,
  type ContractFilesContext,
  downloadContractFile,
  removeContractFile,
  requireContract,
} from './contract-files.ts';

const fileErrors = {
  ...errorResponses,
  409: errorEnvelope,
  413: errorEnvelope,
  415: errorEnvelope,
  422: errorEnvelope,
  503: errorEnvelope,
};

/**
 * A contract's documents (issue 14): staff add and remove them on the contract's page; staff and
 * contacts with `contracts:view` download them (the portal through its own route). The upload, its
 * Idempotency-Key and the download are the attachments module's own (attachments.routes.ts).
 */
export function contractFilesRoutes(
  app: FastifyInstance,
  deps: {
    ctx: ContractFilesContext;
    keyedUpload: <R>(
      request: FastifyRequest,
      reply: FastifyReply,
      serialize: (response: R) => string,
      record: (keyed: KeyedRecording<R> | undefined) => Promise<R>,
    ) => Promise<FastifyReply>;
    fileOf: (request: FastifyRequest) => Promise<{ stream: Readable; filename: string }>;
    sendOriginal: (
      reply: FastifyReply,
      row: { storage_key: string; thumbnail_key: string | null; content_type: string; filename: string },
    ) => Promise<FastifyReply>;
  },
): void {
  const { ctx, keyedUpload, fileOf, sendOriginal } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['contracts'];
  const change = message('errors:denied.contractsChange');
  const view = message('errors:denied.contractsView');

  r.post(
    '/api/v1/contracts/:contractId/files',
    {
      config: {
        policy: { auth: 'staff', permission: 'clients:manage', denied: change },
        idempotency: 'keyed-streamed',
      },
      schema: {
        tags,
        summary:
          'Attach a document to a contract (multipart/form-data, field "file"; checked like ticket files)',
        consumes: ['multipart/form-data'],
        params: contractParams,
        response: { 201: contractFile, ...fileErrors },
      },
    },
    async (request, reply) => {
      const actor = staffOnly(request.actor);
      // The contract first: a missing contract is 404 before the file is read or stored.
      await requireContract(ctx, actor, request.params.contractId);
      return keyedUpload<ContractFile>(
        request,
        reply,
        (response) => JSON.stringify(contractFile.parse(response)),
        async (keyed) =>
          addContractFile(
            ctx,
            actor,
            request.params.contractId,
            await fileOf(request),
            requestMeta(request),
            keyed,
          ),
      );
    },
  );

  r.delete(
    '/api/v1/contracts/:contractId/files/:fileId',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage', denied: change } },
      schema: {
        tags,
        summary: "Remove a contract's document",
        params: contractFileParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeContractFile(
        ctx,
        staffOnly(request.actor),
        request.params.contractId,
        request.params.fileId,
        requestMeta(request),
      );
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/contracts/:contractId/files/:fileId',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view', denied: view } },
      schema: {
        tags,
        summary: "Download a contract's document (staff; always a download; recorded in the audit log)",
        params: contractFileParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const row = await downloadContractFile(
        ctx,
        signedIn(request),
        request.params.contractId,
        request.params.fileId,
        requestMeta(request),
      );
      return sendOriginal(reply, { ...row, thumbnail_key: null });
    },
  );

  r.get(
    '/api/v1/portal/contracts/:contractId/files/:fileId',
    {
      config: { policy: { auth: 'contact', permission: 'contracts:view', feature: 'contracts' } },
      schema: {
        tags,
        summary:
          "Download a document of one of your company's contracts (always a download; recorded in the provider's audit log)",
        params: contractFileParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const row = await downloadContractFile(
        ctx,
        contactOnly(request.actor),
        request.params.contractId,
        request.params.fileId,
        requestMeta(request),
      );
      return sendOriginal(reply, { ...row, thumbnail_key: null });
    },
  );
}
