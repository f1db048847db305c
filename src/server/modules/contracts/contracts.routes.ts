import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { message } from '../../../shared/i18n/i18n.ts';
import {
  contractCreateBody,
  contractListQuery,
  contractListResponse,
  contractParams,
  contractPatchBody,
  contractResponse,
  portalContractList,
  portalContractListQuery,
} from '../../../shared/schemas/contracts.ts';
import { contactOnly, staffOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { ContractsService } from './contracts.service.ts';

export function contractsRoutes(app: FastifyInstance, deps: { contracts: ContractsService }) {
  const { contracts } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['contracts'];

  r.get(
    '/api/v1/contracts',
    {
      config: {
        policy: { auth: 'staff', permission: 'clients:view', denied: message('errors:denied.contractsView') },
      },
      schema: {
        tags,
        summary: "Contracts across clients, or one client's (clientId): newest start first, keyset pages",
        querystring: contractListQuery,
        response: { 200: contractListResponse, ...errorResponses },
      },
    },
    (request) => contracts.list(staffOnly(request.actor), request.query),
  );

  r.post(
    '/api/v1/contracts',
    {
      config: {
        policy: {
          auth: 'staff',
          permission: 'clients:manage',
          denied: message('errors:denied.contractsChange'),
        },
        idempotency: 'keyed',
      },
      schema: {
        tags,
        summary: 'Create a contract for a client (a draft, or active straight away)',
        body: contractCreateBody,
        response: { 201: contractResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await contracts.create(staffOnly(request.actor), request.body, requestMeta(request));
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/api/v1/contracts/:contractId',
    {
      config: {
        policy: { auth: 'staff', permission: 'clients:view', denied: message('errors:denied.contractsView') },
      },
      schema: {
        tags,
        summary: 'A contract with its sites and the contacts it notifies (staff)',
        params: contractParams,
        response: { 200: contractResponse, ...errorResponses },
      },
    },
    (request) => contracts.get(staffOnly(request.actor), request.params.contractId),
  );

  r.patch(
    '/api/v1/contracts/:contractId',
    {
      config: {
        policy: {
          auth: 'staff',
          permission: 'clients:manage',
          denied: message('errors:denied.contractsChange'),
        },
      },
      schema: {
        tags,
        summary:
          'Change a contract; send only what changes (siteIds and contactIds, when sent, are the complete lists)',
        params: contractParams,
        body: contractPatchBody,
        response: { 200: contractResponse, ...errorResponses },
      },
    },
    (request) =>
      contracts.update(
        staffOnly(request.actor),
        request.params.contractId,
        request.body,
        requestMeta(request),
      ),
  );

  r.get(
    '/api/v1/portal/contracts',
    {
      config: { policy: { auth: 'contact', permission: 'contracts:view', feature: 'contracts' } },
      schema: {
        tags,
        summary:
          "The contact's company's contracts (current: active; past: expired and cancelled), with the provider's contact details",
        querystring: portalContractListQuery,
        response: { 200: portalContractList, ...errorResponses },
      },
    },
    (request) => contracts.portalList(contactOnly(request.actor), request.query),
  );
}
