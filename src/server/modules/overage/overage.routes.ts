import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorEnvelope } from '../../../shared/schemas/common.ts';
import {
  askBody,
  decisionBody,
  estimateBody,
  overageParams,
  overageRequestParams,
  overageState,
} from '../../../shared/schemas/overage.ts';
import { contactOnly, signedIn, staffOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { OverageService } from './overage.service.ts';

const withConflict = { ...errorResponses, 409: errorEnvelope } as const;

export function overageRoutes(app: FastifyInstance, deps: { overage: OverageService }) {
  const { overage } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['overage'];

  r.get(
    '/api/v1/tickets/:ticketId/overage',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags,
        summary:
          'Consent before overage: the request that stands and whether you may answer it; staff also get the estimate, the bank balance and the history',
        params: overageParams,
        response: { 200: overageState, ...errorResponses },
      },
    },
    (request) => overage.state(signedIn(request), request.params.ticketId),
  );

  r.put(
    '/api/v1/tickets/:ticketId/estimate',
    {
      config: { policy: { auth: 'staff', permission: 'tickets:manage' } },
      schema: {
        tags,
        summary:
          "Set the technician's estimate (minutes, at most 1,000 hours); the ticket asks its client when the work would go past the hour bank",
        params: overageParams,
        body: estimateBody,
        response: { 200: overageState, ...withConflict },
      },
    },
    (request) =>
      overage.setEstimate(
        staffOnly(request.actor),
        request.params.ticketId,
        request.body.minutes,
        requestMeta(request),
      ),
  );

  r.delete(
    '/api/v1/tickets/:ticketId/estimate',
    {
      config: { policy: { auth: 'staff', permission: 'tickets:manage' } },
      schema: {
        tags,
        summary: 'Clear the estimate (a request it made and nothing else needs is withdrawn)',
        params: overageParams,
        response: { 200: overageState, ...withConflict },
      },
    },
    (request) =>
      overage.clearEstimate(staffOnly(request.actor), request.params.ticketId, requestMeta(request)),
  );

  r.post(
    '/api/v1/tickets/:ticketId/overage-requests',
    {
      config: { policy: { auth: 'staff', permission: 'tickets:manage' }, idempotency: 'keyed' },
      schema: {
        tags,
        summary:
          'Ask the client now to approve a number of extra hours (quarter hours) beyond the bank; replaces a pending request',
        params: overageParams,
        body: askBody,
        response: { 201: overageState, ...withConflict },
      },
    },
    async (request, reply) => {
      const state = await overage.ask(
        staffOnly(request.actor),
        request.params.ticketId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(state);
    },
  );

  r.post(
    '/api/v1/tickets/:ticketId/overage-requests/:requestId/decision',
    {
      config: { policy: { auth: 'contact', permission: 'overage:approve' } },
      schema: {
        tags,
        summary:
          'Approve or refuse a pending overage request (a comment is required to refuse): contacts with overage:approve, once',
        params: overageRequestParams,
        body: decisionBody,
        response: { 200: overageState, ...withConflict },
      },
    },
    (request) =>
      overage.decide(
        contactOnly(request.actor),
        request.params.ticketId,
        request.params.requestId,
        request.body,
        requestMeta(request),
      ),
  );
}
