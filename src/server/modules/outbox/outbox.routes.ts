import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  outboxEmail,
  outboxListQuery,
  outboxListResponse,
  outboxParams,
} from '../../../shared/schemas/outbox.ts';
import { staffOnly } from '../../platform/http/actors.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import type { OutboxService } from './outbox.service.ts';

export function outboxRoutes(app: FastifyInstance, deps: { outbox: OutboxService }) {
  const service = deps.outbox;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const policy = { auth: 'staff', permission: 'outbox:view' } as const;

  r.get(
    '/api/v1/outbox',
    {
      config: { policy },
      schema: {
        tags: ['outbox'],
        summary: 'Emails the instance wrote, newest first; filter by recipient (part of the address or name)',
        querystring: outboxListQuery,
        response: { 200: outboxListResponse, ...errorResponses },
      },
    },
    (request) => service.list(staffOnly(request.actor), request.query, requestLanguage(request)),
  );

  r.get(
    '/api/v1/outbox/:id',
    {
      config: { policy },
      schema: {
        tags: ['outbox'],
        summary: 'One email with its status in words, text and HTML parts',
        params: outboxParams,
        response: { 200: outboxEmail, ...errorResponses },
      },
    },
    (request) => service.get(staffOnly(request.actor), request.params.id, requestLanguage(request)),
  );
}
