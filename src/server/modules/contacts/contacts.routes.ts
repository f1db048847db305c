import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientParams } from '../../../shared/schemas/clients.ts';
import {
  contactCreateBody,
  contactImportBody,
  contactImportQuery,
  contactImportResponse,
  contactListQuery,
  contactListResponse,
  contactParams,
  contactPatchBody,
  contactResponse,
} from '../../../shared/schemas/contacts.ts';
import { staffOnly } from '../../platform/http/actors.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { ContactsService } from './contacts.service.ts';

const csvResponse = { 200: z.string().describe('CSV text (text/csv)'), ...errorResponses };

/** Staff routes for a client's contacts. Every one names the client; a contact of another is 404. */
export function contactsRoutes(app: FastifyInstance, deps: { contacts: ContactsService }) {
  const { contacts } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['contacts'];

  r.get(
    '/api/v1/clients/:clientId/contacts',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags,
        summary: 'List a client’s contacts with their portal login, if any',
        params: clientParams,
        querystring: contactListQuery,
        response: { 200: contactListResponse, ...errorResponses },
      },
    },
    (request) => contacts.list(staffOnly(request.actor), request.params.clientId, request.query),
  );

  r.post(
    '/api/v1/clients/:clientId/contacts',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' }, idempotency: 'keyed' },
      schema: {
        tags,
        summary: 'Add a contact to a client',
        params: clientParams,
        body: contactCreateBody,
        response: { 201: contactResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await contacts.create(
        staffOnly(request.actor),
        request.params.clientId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/api/v1/clients/:clientId/contacts/export',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags,
        summary: 'Download a client’s contacts as CSV (cells that look like formulas are neutralised)',
        params: clientParams,
        produces: ['text/csv'],
        response: csvResponse,
      },
    },
    async (request, reply) => {
      const { filename, csv } = await contacts.exportCsv(
        staffOnly(request.actor),
        request.params.clientId,
        requestMeta(request),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
    },
  );

  r.post(
    '/api/v1/clients/:clientId/contacts/import',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' }, idempotency: 'keyed' },
      // A CSV of a few thousand contacts is more than the default body limit allows.
      bodyLimit: 3 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Import contacts from CSV (name,email,title,department,phone,mobile,preset). dryRun=true previews; otherwise all rows or none',
        params: clientParams,
        querystring: contactImportQuery,
        body: contactImportBody,
        response: { 200: contactImportResponse, ...errorResponses, 413: errorResponses[400] },
      },
    },
    (request) =>
      contacts.importCsv(
        staffOnly(request.actor),
        request.params.clientId,
        request.body.csv,
        request.query.dryRun,
        requestMeta(request),
        requestLanguage(request),
      ),
  );

  r.get(
    '/api/v1/clients/:clientId/contacts/:contactId',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags,
        summary: 'One contact of a client',
        params: contactParams,
        response: { 200: contactResponse, ...errorResponses },
      },
    },
    (request) => contacts.get(staffOnly(request.actor), request.params.clientId, request.params.contactId),
  );

  r.patch(
    '/api/v1/clients/:clientId/contacts/:contactId',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' } },
      schema: {
        tags,
        summary: 'Change a contact; presets and switches, when sent, replace the current ones',
        params: contactParams,
        body: contactPatchBody,
        response: { 200: contactResponse, ...errorResponses },
      },
    },
    (request) =>
      contacts.update(
        staffOnly(request.actor),
        request.params.clientId,
        request.params.contactId,
        request.body,
        requestMeta(request),
      ),
  );

  for (const [verb, status] of [
    ['deactivate', 'inactive'],
    ['reactivate', 'active'],
  ] as const) {
    r.post(
      `/api/v1/clients/:clientId/contacts/:contactId/${verb}`,
      {
        config: { policy: { auth: 'staff', permission: 'clients:manage' } },
        schema: {
          tags,
          summary:
            verb === 'deactivate'
              ? 'Deactivate a contact: its portal login is disabled and signed out at once'
              : 'Reactivate a contact and re-enable its portal login',
          params: contactParams,
          response: { 200: contactResponse, ...errorResponses },
        },
      },
      (request) =>
        contacts.setStatus(
          staffOnly(request.actor),
          request.params.clientId,
          request.params.contactId,
          status,
          requestMeta(request),
        ),
    );
  }

  r.get(
    '/api/v1/contacts/export',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags,
        summary: 'Download every client’s contacts as CSV',
        produces: ['text/csv'],
        querystring: z.object({}).strict(),
        response: csvResponse,
      },
    },
    async (request, reply) => {
      const { filename, csv } = await contacts.exportCsv(
        staffOnly(request.actor),
        null,
        requestMeta(request),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
    },
  );
}
