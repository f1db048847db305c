import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  auditClientsResponse,
  auditExportQuery,
  auditListQuery,
  auditListResponse,
  auditLookupQuery,
  auditPeopleResponse,
} from '../../../shared/schemas/audit.ts';
import { staffOnly } from '../../platform/http/actors.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { AuditService } from './audit.service.ts';

/** Read-only routes: the audit log has no update or delete route, by design (append-only). */
export function auditRoutes(app: FastifyInstance, deps: { auditLog: AuditService }) {
  const service = deps.auditLog;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const policy = { auth: 'staff', permission: 'audit:view' } as const;

  r.get(
    '/api/v1/audit',
    {
      config: { policy },
      schema: {
        tags: ['audit'],
        summary:
          'The audit log, newest first. Filter by client, person (actor account id), action (repeat or comma-separate) and days (the viewer’s time zone: their own, else the organisation’s)',
        querystring: auditListQuery,
        response: { 200: auditListResponse, ...errorResponses },
      },
    },
    (request) => service.list(staffOnly(request.actor), request.query),
  );

  r.get(
    '/api/v1/audit/export.csv',
    {
      config: { policy },
      schema: {
        tags: ['audit'],
        summary:
          'The audit log as CSV with the same filters, newest first, at most 50,000 rows (X-Portico-Export-Truncated says when it was cut short); headers and action names in the request’s language, action codes in their own column',
        querystring: auditExportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const file = await service.exportCsv(
        staffOnly(request.actor),
        request.query,
        requestMeta(request),
        requestLanguage(request),
      );
      async function* withBom() {
        // A byte-order mark so spreadsheet programs read the file as UTF-8.
        yield '\uFEFF';
        yield* file.chunks;
      }
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('x-portico-export-max-rows', String(file.maxRows))
        .header('x-portico-export-truncated', file.truncated ? 'true' : 'false')
        .header('x-content-type-options', 'nosniff');
      return reply.send(Readable.from(withBom()));
    },
  );

  r.get(
    '/api/v1/audit/people',
    {
      config: { policy },
      schema: {
        tags: ['audit'],
        summary:
          'People (staff and contacts with a login) to filter the audit log by; at most 20, by name or email',
        querystring: auditLookupQuery,
        response: { 200: auditPeopleResponse, ...errorResponses },
      },
    },
    (request) => service.people(staffOnly(request.actor), request.query.q),
  );

  r.get(
    '/api/v1/audit/clients',
    {
      config: { policy },
      schema: {
        tags: ['audit'],
        summary: 'Clients to filter the audit log by, archived ones included; at most 20, by name',
        querystring: auditLookupQuery,
        response: { 200: auditClientsResponse, ...errorResponses },
      },
    },
    (request) => service.clients(staffOnly(request.actor), request.query.q),
  );
}
