import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { message } from '../../../shared/i18n/i18n.ts';
import { errorEnvelope, okResponse } from '../../../shared/schemas/common.ts';
import { portalHomeMetrics } from '../../../shared/schemas/portal-home.ts';
import {
  ratingListQuery,
  ratingListResponse,
  ratingSummary,
  ratingSummaryQuery,
  ticketRatingBody,
  ticketRatingResponse,
} from '../../../shared/schemas/ratings.ts';
import {
  ticketAssigneeList,
  ticketBulkBody,
  ticketBulkResponse,
  ticketCreateBody,
  ticketDetail,
  ticketListQuery,
  ticketListResponse,
  ticketMergeBody,
  ticketMessage,
  ticketMessageBody,
  ticketMessageList,
  ticketMessagesQuery,
  ticketParams,
  ticketPatchBody,
  ticketViewBody,
  ticketViewList,
  ticketViewParams,
  ticketViewResponse,
  ticketWatcherList,
  watcherBody,
  watcherParams,
} from '../../../shared/schemas/tickets.ts';
import { contactOnly, signedIn, staffOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { TicketsService } from './tickets.service.ts';

const withConflict = { ...errorResponses, 409: errorEnvelope } as const;

/**
 * Tickets, for staff and contacts alike: the routes that both use declare `auth: 'any'` and the service
 * scopes every call by the actor (staff permissions; a contact's client, own tickets and permissions).
 */
export function ticketsRoutes(app: FastifyInstance, deps: { tickets: TicketsService }): void {
  const { tickets } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  const any = { policy: { auth: 'any' as const } };
  const staffView = { policy: { auth: 'staff' as const, permission: 'tickets:view' as const } };
  const staffManage = { policy: { auth: 'staff' as const, permission: 'tickets:manage' as const } };

  r.get(
    '/api/v1/tickets',
    {
      config: any,
      schema: {
        tags,
        summary:
          'List tickets: staff see the queue (views, filters, saved views); a contact sees their own, or with tickets:view-company (scope=company) their company’s',
        querystring: ticketListQuery,
        response: { 200: ticketListResponse, ...errorResponses },
      },
    },
    (request) => tickets.list(signedIn(request), request.query),
  );

  r.post(
    '/api/v1/tickets',
    {
      config: { ...any, idempotency: 'keyed' },
      schema: {
        tags,
        summary:
          'Raise a ticket. A contact raises it for their own company; staff name the client (and may name the requester and assignee)',
        body: ticketCreateBody,
        response: { 201: ticketDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await tickets.create(signedIn(request), request.body, requestMeta(request));
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/api/v1/tickets/assignees',
    {
      config: staffView,
      schema: {
        tags,
        summary: 'Staff who may be assigned tickets (active, with tickets:manage)',
        response: { 200: ticketAssigneeList, ...errorResponses },
      },
    },
    (request) => tickets.assignees(staffOnly(request.actor)),
  );

  r.post(
    '/api/v1/tickets/bulk',
    {
      config: staffManage,
      schema: {
        tags,
        summary: 'Set the status and/or assignee of up to 100 tickets at once (all or nothing)',
        body: ticketBulkBody,
        response: { 200: ticketBulkResponse, ...errorResponses },
      },
    },
    (request) => tickets.bulk(staffOnly(request.actor), request.body, requestMeta(request)),
  );

  r.get(
    '/api/v1/portal/home/metrics',
    {
      config: {
        policy: {
          auth: 'contact',
          permission: 'tickets:view-company',
          feature: 'tickets',
          denied: message('errors:denied.portalCompanyTickets'),
        },
      },
      schema: {
        tags,
        summary:
          "The portal home's key metrics: the company's open tickets, those closed in the last 30 days, and their SLA compliance",
        response: { 200: portalHomeMetrics, ...errorResponses },
      },
    },
    (request) => tickets.homeMetrics(contactOnly(request.actor)),
  );

  r.get(
    '/api/v1/ratings',
    {
      config: staffView,
      schema: {
        tags,
        summary:
          'Ticket ratings over a date range (default: the last 30 days), newest first; by client, technician or rating',
        querystring: ratingListQuery,
        response: { 200: ratingListResponse, ...errorResponses },
      },
    },
    (request) => tickets.ratings(staffOnly(request.actor), request.query),
  );

  r.get(
    '/api/v1/ratings/summary',
    {
      config: staffView,
      schema: {
        tags,
        summary:
          'Good and bad ratings over a date range (default: the last 30 days): in all, per technician and per client',
        querystring: ratingSummaryQuery,
        response: { 200: ratingSummary, ...errorResponses },
      },
    },
    (request) => tickets.ratingSummary(staffOnly(request.actor), request.query),
  );

  r.get(
    '/api/v1/tickets/:ticketId/rating',
    {
      config: any,
      schema: {
        tags,
        summary: 'A ticket’s rating (null: not rated) and whether you may rate it now',
        params: ticketParams,
        response: { 200: ticketRatingResponse, ...errorResponses },
      },
    },
    (request) => tickets.rating(signedIn(request), request.params.ticketId),
  );

  r.post(
    '/api/v1/tickets/:ticketId/rating',
    {
      config: { policy: { auth: 'contact' as const }, idempotency: 'keyed' },
      schema: {
        tags,
        summary:
          'Rate a resolved or closed ticket good or bad, with an optional comment: its requester only, once',
        params: ticketParams,
        body: ticketRatingBody,
        response: { 201: ticketRatingResponse, ...withConflict },
      },
    },
    async (request, reply) => {
      const rated = await tickets.rate(
        contactOnly(request.actor),
        request.params.ticketId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(rated);
    },
  );

  r.get(
    '/api/v1/tickets/:ticketId',
    {
      config: any,
      schema: {
        tags,
        summary: 'One ticket with its SLA clocks (computed now), attachments, watchers and what you may do',
        params: ticketParams,
        response: { 200: ticketDetail, ...errorResponses },
      },
    },
    (request) => tickets.detail(signedIn(request), request.params.ticketId),
  );

  r.patch(
    '/api/v1/tickets/:ticketId',
    {
      config: any,
      schema: {
        tags,
        summary:
          'Change a ticket. Staff: status, priority, subject, category, assignee, requester. A contact: close a resolved ticket or reopen one (status only)',
        params: ticketParams,
        body: ticketPatchBody,
        response: { 200: ticketDetail, ...withConflict },
      },
    },
    (request) =>
      tickets.update(signedIn(request), request.params.ticketId, request.body, requestMeta(request)),
  );

  r.get(
    '/api/v1/tickets/:ticketId/messages',
    {
      config: any,
      schema: {
        tags,
        summary: 'The conversation, oldest first (internal notes for staff only)',
        params: ticketParams,
        querystring: ticketMessagesQuery,
        response: { 200: ticketMessageList, ...errorResponses },
      },
    },
    (request) => tickets.messages(signedIn(request), request.params.ticketId, request.query),
  );

  r.post(
    '/api/v1/tickets/:ticketId/messages',
    {
      config: { ...any, idempotency: 'keyed' },
      schema: {
        tags,
        summary:
          'Reply. Staff may post an internal note (internal: true), log time and set the status; a contact’s reply reopens a ticket waiting on them, resolved, or closed within the reopen window',
        params: ticketParams,
        body: ticketMessageBody,
        response: { 201: ticketMessage, ...withConflict },
      },
    },
    async (request, reply) => {
      const created = await tickets.reply(
        signedIn(request),
        request.params.ticketId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(created);
    },
  );

  r.post(
    '/api/v1/tickets/:ticketId/merge',
    {
      config: staffManage,
      schema: {
        tags,
        summary:
          'Merge this ticket into another of the same client: its messages, attachments and watchers move; it is closed',
        params: ticketParams,
        body: ticketMergeBody,
        response: { 200: ticketDetail, ...withConflict },
      },
    },
    (request) =>
      tickets.merge(
        staffOnly(request.actor),
        request.params.ticketId,
        request.body.intoTicketId,
        requestMeta(request),
      ),
  );

  r.get(
    '/api/v1/tickets/:ticketId/watchers',
    {
      config: any,
      schema: {
        tags,
        summary: 'Who watches the ticket (a contact sees the contacts only)',
        params: ticketParams,
        response: { 200: ticketWatcherList, ...errorResponses },
      },
    },
    (request) => tickets.watchers(signedIn(request), request.params.ticketId),
  );

  r.post(
    '/api/v1/tickets/:ticketId/watchers',
    {
      config: { ...staffManage, idempotency: 'keyed' },
      schema: {
        tags,
        summary: 'Add a watcher: a staff member, or a contact of the ticket’s client',
        params: ticketParams,
        body: watcherBody,
        response: { 200: ticketWatcherList, ...errorResponses },
      },
    },
    (request) =>
      tickets.addWatcher(
        staffOnly(request.actor),
        request.params.ticketId,
        request.body,
        requestMeta(request),
      ),
  );

  r.delete(
    '/api/v1/tickets/:ticketId/watchers/:kind/:watcherId',
    {
      config: staffManage,
      schema: {
        tags,
        summary: 'Remove a watcher (kind: staff or contact)',
        params: watcherParams,
        response: { 200: ticketWatcherList, ...errorResponses },
      },
    },
    (request) =>
      tickets.removeWatcher(
        staffOnly(request.actor),
        request.params.ticketId,
        request.params.kind,
        request.params.watcherId,
        requestMeta(request),
      ),
  );

  r.get(
    '/api/v1/ticket-views',
    {
      config: staffView,
      schema: {
        tags,
        summary: 'Your saved queue views',
        response: { 200: ticketViewList, ...errorResponses },
      },
    },
    (request) => tickets.views(staffOnly(request.actor)),
  );

  r.post(
    '/api/v1/ticket-views',
    {
      config: { ...staffView, idempotency: 'keyed' },
      schema: {
        tags,
        summary: 'Save the current queue filters as a named view (names are unique per person)',
        body: ticketViewBody,
        response: { 201: ticketViewResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await tickets.createView(staffOnly(request.actor), request.body);
      return reply.code(201).send(created);
    },
  );

  r.delete(
    '/api/v1/ticket-views/:viewId',
    {
      config: staffView,
      schema: {
        tags,
        summary: 'Delete one of your saved views',
        params: ticketViewParams,
        response: { 200: okResponse, ...errorResponses },
      },
    },
    (request) => tickets.deleteView(staffOnly(request.actor), request.params.viewId),
  );
}
