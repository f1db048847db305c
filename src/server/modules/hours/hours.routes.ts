import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contractHoursParams, hourBlock, hourBlockBody, hoursPage } from '../../../shared/schemas/hours.ts';
import { contactOnly, staffOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { HoursService } from './hours.service.ts';

export function hoursRoutes(app: FastifyInstance, deps: { hours: HoursService }) {
  const { hours } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['hours'];

  const portalPolicy = { auth: 'contact', permission: 'contracts:view', feature: 'contracts' } as const;
  const portalSummary =
    "The hours page: a contract's bank this period (purchased, used, remaining or over), per ticket, the ledger, usage by month, the projected run-out and past periods' close records";
  r.get(
    '/api/v1/portal/hours',
    {
      config: { policy: portalPolicy },
      schema: {
        tags,
        summary: `${portalSummary} (the newest contract with a bank)`,
        response: { 200: hoursPage, ...errorResponses },
      },
    },
    (request) => hours.portalPage(contactOnly(request.actor), undefined),
  );

  r.get(
    '/api/v1/portal/hours/:contractId',
    {
      config: { policy: portalPolicy },
      schema: {
        tags,
        summary: `${portalSummary} (one contract)`,
        params: contractHoursParams,
        response: { 200: hoursPage, ...errorResponses },
      },
    },
    (request) => hours.portalPage(contactOnly(request.actor), request.params.contractId),
  );

  r.get(
    '/api/v1/contracts/:contractId/hours',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags,
        summary: "The contract's hour bank, with the same figures the client sees",
        params: contractHoursParams,
        response: { 200: hoursPage, ...errorResponses },
      },
    },
    (request) => hours.staffPage(staffOnly(request.actor), request.params.contractId),
  );

  r.get(
    '/api/v1/contracts/:contractId/blocks',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags,
        summary: "A prepaid contract's blocks of hours, oldest first",
        params: contractHoursParams,
        response: { 200: z.object({ items: z.array(hourBlock) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await hours.listBlocks(staffOnly(request.actor), request.params.contractId),
    }),
  );

  r.post(
    '/api/v1/contracts/:contractId/blocks',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' }, idempotency: 'keyed' },
      schema: {
        tags,
        summary: 'Add a block of prepaid hours (minutes) to a prepaid contract',
        params: contractHoursParams,
        body: hourBlockBody,
        response: { 201: hourBlock, ...errorResponses },
      },
    },
    async (request, reply) => {
      const block = await hours.addBlock(
        staffOnly(request.actor),
        request.params.contractId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(block);
    },
  );
}
