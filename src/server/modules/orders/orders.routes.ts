import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { message } from '../../../shared/i18n/i18n.ts';
import { errorEnvelope } from '../../../shared/schemas/common.ts';
import {
  orderCreateBody,
  orderListQuery,
  orderListResponse,
  orderParams,
  orderPatchBody,
  orderResponse,
  orderStatusBody,
  portalOrder,
  portalOrderList,
  portalOrderListQuery,
} from '../../../shared/schemas/orders.ts';
import { contactOnly, staffOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { OrdersService } from './orders.service.ts';

const withConflict = { ...errorResponses, 409: errorEnvelope } as const;

export function ordersRoutes(app: FastifyInstance, deps: { orders: OrdersService }) {
  const { orders } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['orders'];
  const view = {
    auth: 'staff',
    permission: 'clients:view',
    denied: message('errors:denied.ordersView'),
  } as const;
  const manage = {
    auth: 'staff',
    permission: 'clients:manage',
    denied: message('errors:denied.ordersChange'),
  } as const;

  r.get(
    '/api/v1/orders',
    {
      config: { policy: view },
      schema: {
        tags,
        summary:
          "Orders across clients, or one client's (clientId), optionally in one status: newest first, keyset pages",
        querystring: orderListQuery,
        response: { 200: orderListResponse, ...errorResponses },
      },
    },
    (request) => orders.list(staffOnly(request.actor), request.query),
  );

  r.post(
    '/api/v1/orders',
    {
      config: { policy: manage, idempotency: 'keyed' },
      schema: {
        tags,
        summary: "Record an order for a client (status placed, in the client's currency)",
        body: orderCreateBody,
        response: { 201: orderResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await orders.create(staffOnly(request.actor), request.body, requestMeta(request));
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/api/v1/orders/:orderId',
    {
      config: { policy: view },
      schema: {
        tags,
        summary: 'An order with its lines, notes and status history (staff)',
        params: orderParams,
        response: { 200: orderResponse, ...errorResponses },
      },
    },
    (request) => orders.get(staffOnly(request.actor), request.params.orderId),
  );

  r.patch(
    '/api/v1/orders/:orderId',
    {
      config: { policy: manage },
      schema: {
        tags,
        summary:
          'Change an open order; send only what changes (lines, when sent, is the complete list). Delivered and cancelled orders are final',
        params: orderParams,
        body: orderPatchBody,
        response: { 200: orderResponse, ...withConflict },
      },
    },
    (request) =>
      orders.update(staffOnly(request.actor), request.params.orderId, request.body, requestMeta(request)),
  );

  r.post(
    '/api/v1/orders/:orderId/status',
    {
      config: { policy: manage },
      schema: {
        tags,
        summary:
          'Move an order on (placed → ordered → shipped → delivered, or cancelled before it ships), optionally with its carrier and tracking number; the client hears when it ships',
        params: orderParams,
        body: orderStatusBody,
        response: { 200: orderResponse, ...withConflict },
      },
    },
    (request) =>
      orders.changeStatus(
        staffOnly(request.actor),
        request.params.orderId,
        request.body,
        requestMeta(request),
      ),
  );

  r.get(
    '/api/v1/portal/orders',
    {
      config: { policy: { auth: 'contact', permission: 'orders:view' } },
      schema: {
        tags,
        summary: "The contact's company's orders, newest first, with status and tracking",
        querystring: portalOrderListQuery,
        response: { 200: portalOrderList, ...errorResponses },
      },
    },
    (request) => orders.portalList(contactOnly(request.actor), request.query),
  );

  r.get(
    '/api/v1/portal/orders/:orderId',
    {
      config: { policy: { auth: 'contact', permission: 'orders:view' } },
      schema: {
        tags,
        summary: "One of the company's orders: lines, total, tracking and when it reached each status",
        params: orderParams,
        response: { 200: portalOrder, ...errorResponses },
      },
    },
    (request) => orders.portalGet(contactOnly(request.actor), request.params.orderId),
  );
}
