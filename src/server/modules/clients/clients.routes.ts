import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  clientCreateBody,
  clientListQuery,
  clientListResponse,
  clientParams,
  clientPatchBody,
  clientResponse,
} from '../../../shared/schemas/clients.ts';
import { staffOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { ClientsService } from './clients.service.ts';

export function clientsRoutes(app: FastifyInstance, deps: { clients: ClientsService }) {
  const { clients } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['clients'];

  r.get(
    '/api/v1/clients',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags,
        summary: 'List clients: search by name, sort by name or creation, keyset pages',
        querystring: clientListQuery,
        response: { 200: clientListResponse, ...errorResponses },
      },
    },
    (request) => clients.list(staffOnly(request.actor), request.query),
  );

  r.post(
    '/api/v1/clients',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' }, idempotency: 'keyed' },
      schema: {
        tags,
        summary: 'Create a client',
        body: clientCreateBody,
        response: { 201: clientResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await clients.create(staffOnly(request.actor), request.body, requestMeta(request));
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/api/v1/clients/:clientId',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags,
        summary: 'A client with its sites (staff only: includes internal notes)',
        params: clientParams,
        response: { 200: clientResponse, ...errorResponses },
      },
    },
    (request) => clients.get(staffOnly(request.actor), request.params.clientId),
  );

  r.patch(
    '/api/v1/clients/:clientId',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' } },
      schema: {
        tags,
        summary: 'Change a client; send only what changes (sites, when sent, is the complete list)',
        params: clientParams,
        body: clientPatchBody,
        response: { 200: clientResponse, ...errorResponses },
      },
    },
    (request) =>
      clients.update(staffOnly(request.actor), request.params.clientId, request.body, requestMeta(request)),
  );

  r.post(
    '/api/v1/clients/:clientId/archive',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' } },
      schema: {
        tags,
        summary: 'Archive a client: hidden from lists, its contacts can no longer sign in',
        params: clientParams,
        response: { 200: clientResponse, ...errorResponses },
      },
    },
    (request) => clients.archive(staffOnly(request.actor), request.params.clientId, requestMeta(request)),
  );

  r.post(
    '/api/v1/clients/:clientId/restore',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' } },
      schema: {
        tags,
        summary: 'Restore an archived client',
        params: clientParams,
        response: { 200: clientResponse, ...errorResponses },
      },
    },
    (request) => clients.restore(staffOnly(request.actor), request.params.clientId, requestMeta(request)),
  );
}
