import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  inboundAddToTicketBody,
  inboundCreateTicketBody,
  inboundEmailDetail,
  inboundEmailList,
  inboundEmailListQuery,
  inboundEmailParams,
} from '../../../shared/schemas/ticket-email.ts';
import type { RoutePolicy } from '../../platform/actor.ts';
import { staffOnly } from '../../platform/http/actors.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import { type InboundReview, inReaderLanguage } from './inbound.service.ts';

/** Inbound email: the held-email review routes (the receivers are built in inbound-mail.ts). */
export function ticketEmailRoutes(app: FastifyInstance, deps: { review: InboundReview }): void {
  const { review } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['inbound email'];
  const policy: { policy: RoutePolicy } = { policy: { auth: 'staff', permission: 'tickets:manage' } };

  r.get(
    '/api/v1/inbound-emails',
    {
      config: policy,
      schema: {
        tags,
        summary: 'Received emails, newest first (held for review by default; `status=all` for every one)',
        querystring: inboundEmailListQuery,
        response: { 200: inboundEmailList, ...errorResponses },
      },
    },
    async (request) => {
      const page = await review.list(staffOnly(request.actor), request.query);
      const language = requestLanguage(request);
      return { ...page, items: page.items.map((i) => inReaderLanguage(i, language)) };
    },
  );

  r.get(
    '/api/v1/inbound-emails/:inboundId',
    {
      config: policy,
      schema: {
        tags,
        summary: 'One received email: sender, subject, its text (never HTML), why it was held',
        params: inboundEmailParams,
        response: { 200: inboundEmailDetail, ...errorResponses },
      },
    },
    async (request) =>
      inReaderLanguage(
        await review.get(staffOnly(request.actor), request.params.inboundId),
        requestLanguage(request),
      ),
  );

  r.post(
    '/api/v1/inbound-emails/:inboundId/create-ticket',
    {
      config: { ...policy, idempotency: 'keyed' },
      schema: {
        tags,
        summary: 'Open a ticket from a held email, raised by a contact of the chosen client',
        params: inboundEmailParams,
        body: inboundCreateTicketBody,
        response: { 200: inboundEmailDetail, ...errorResponses },
      },
    },
    async (request) =>
      inReaderLanguage(
        await review.createTicket(
          staffOnly(request.actor),
          request.params.inboundId,
          request.body,
          requestMeta(request),
        ),
        requestLanguage(request),
      ),
  );

  r.post(
    '/api/v1/inbound-emails/:inboundId/add-to-ticket',
    {
      config: policy,
      schema: {
        tags,
        summary: 'Add a held email to a ticket as a reply from a contact of that ticket’s client',
        params: inboundEmailParams,
        body: inboundAddToTicketBody,
        response: { 200: inboundEmailDetail, ...errorResponses },
      },
    },
    async (request) =>
      inReaderLanguage(
        await review.addToTicket(
          staffOnly(request.actor),
          request.params.inboundId,
          request.body,
          requestMeta(request),
        ),
        requestLanguage(request),
      ),
  );

  r.post(
    '/api/v1/inbound-emails/:inboundId/discard',
    {
      config: policy,
      schema: {
        tags,
        summary: 'Discard a held email (it stays listed as discarded)',
        params: inboundEmailParams,
        response: { 200: inboundEmailDetail, ...errorResponses },
      },
    },
    async (request) =>
      inReaderLanguage(
        await review.discard(staffOnly(request.actor), request.params.inboundId, requestMeta(request)),
        requestLanguage(request),
      ),
  );
}
