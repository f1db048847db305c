import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  colleagueCreateBody,
  colleagueListQuery,
  colleagueListResponse,
  colleagueParams,
  colleaguePatchBody,
  colleagueResponse,
} from '../../../shared/schemas/contacts.ts';
import { contactOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { ContactsService } from './contacts.service.ts';

/**
 * The portal's Colleagues: the contacts of the signed-in contact's own client. There is no client id
 * in these paths or bodies; the client is always the actor's.
 */
export function colleaguesRoutes(app: FastifyInstance, deps: { contacts: ContactsService }) {
  const { contacts } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['colleagues'];

  r.get(
    '/api/v1/colleagues',
    {
      // contacts:view or contacts:manage; the service checks either, since a policy names only one.
      config: { policy: { auth: 'contact' } },
      schema: {
        tags,
        summary: 'Your colleagues (the contacts of your company)',
        querystring: colleagueListQuery,
        response: { 200: colleagueListResponse, ...errorResponses },
      },
    },
    (request) => contacts.listColleagues(contactOnly(request.actor), request.query),
  );

  r.post(
    '/api/v1/colleagues',
    {
      config: { policy: { auth: 'contact', permission: 'contacts:manage' }, idempotency: 'keyed' },
      schema: {
        tags,
        summary: 'Add a colleague; you can give only access you hold yourself',
        body: colleagueCreateBody,
        response: { 201: colleagueResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await contacts.createColleague(
        contactOnly(request.actor),
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/api/v1/colleagues/:contactId',
    {
      config: { policy: { auth: 'contact' } },
      schema: {
        tags,
        summary: 'One colleague',
        params: colleagueParams,
        response: { 200: colleagueResponse, ...errorResponses },
      },
    },
    (request) => contacts.getColleague(contactOnly(request.actor), request.params.contactId),
  );

  r.patch(
    '/api/v1/colleagues/:contactId',
    {
      config: { policy: { auth: 'contact', permission: 'contacts:manage' } },
      schema: {
        tags,
        summary: 'Change a colleague; you can give only access you hold yourself',
        params: colleagueParams,
        body: colleaguePatchBody,
        response: { 200: colleagueResponse, ...errorResponses },
      },
    },
    (request) =>
      contacts.updateColleague(
        contactOnly(request.actor),
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
      `/api/v1/colleagues/:contactId/${verb}`,
      {
        config: { policy: { auth: 'contact', permission: 'contacts:manage' } },
        schema: {
          tags,
          summary:
            verb === 'deactivate'
              ? 'Deactivate a colleague (not yourself): their portal login stops working at once'
              : 'Reactivate a colleague',
          params: colleagueParams,
          response: { 200: colleagueResponse, ...errorResponses },
        },
      },
      (request) =>
        contacts.setColleagueStatus(
          contactOnly(request.actor),
          request.params.contactId,
          status,
          requestMeta(request),
        ),
    );
  }
}
