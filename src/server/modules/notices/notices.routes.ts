import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  markedAll,
  notice,
  noticeList,
  noticeListQuery,
  noticeParamsSchema,
  unreadCount,
} from '../../../shared/schemas/notices.ts';
import { signedIn } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import type { NoticesService } from './notices.service.ts';

/** The bell of both faces: each person's own notices (any signed-in staff member or contact). */
export function noticesRoutes(app: FastifyInstance, deps: { notices: NoticesService }) {
  const { notices } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notices'];

  r.get(
    '/api/v1/notices',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags,
        summary: "The signed-in person's notices, newest first (keyset pages; unread=true: unread only)",
        querystring: noticeListQuery,
        response: { 200: noticeList, ...errorResponses },
      },
    },
    (request) => notices.list(signedIn(request), request.query),
  );

  r.get(
    '/api/v1/notices/unread-count',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags,
        summary: "How many of the signed-in person's notices are unread",
        response: { 200: unreadCount, ...errorResponses },
      },
    },
    (request) => notices.unreadCount(signedIn(request)),
  );

  r.post(
    '/api/v1/notices/:noticeId/read',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags,
        summary: "Mark one of the signed-in person's notices read (another person's: 404)",
        params: noticeParamsSchema,
        response: { 200: notice, ...errorResponses },
      },
    },
    (request) => notices.markRead(signedIn(request), request.params.noticeId),
  );

  r.post(
    '/api/v1/notices/read-all',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags,
        summary: "Mark every one of the signed-in person's notices read",
        response: { 200: markedAll, ...errorResponses },
      },
    },
    (request) => notices.markAllRead(signedIn(request)),
  );
}
