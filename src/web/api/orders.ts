import {
  type OrderListQuery,
  orderListResponse,
  orderResponse,
  type PortalOrderListQuery,
  portalOrder,
  portalOrderList,
} from '../../shared/schemas/orders.ts';
import { api, toQuery } from './client.ts';

/** The one definition of the order query keys (staff lists and records, the portal's pages). */
export const orderKeys = {
  all: ['orders'] as const,
  lists: ['orders', 'list'] as const,
  list: (params: OrderListQuery) => ['orders', 'list', params] as const,
  detail: (orderId: number) => ['orders', 'one', orderId] as const,
  portal: (params: PortalOrderListQuery) => ['orders', 'portal', params] as const,
  portalDetail: (orderId: number) => ['orders', 'portal-one', orderId] as const,
};

export const fetchOrders = (params: OrderListQuery, signal?: AbortSignal) =>
  api.get(`/orders${toQuery({ ...params })}`, orderListResponse, signal);

export const fetchOrder = (orderId: number, signal?: AbortSignal) =>
  api.get(`/orders/${orderId}`, orderResponse, signal);

export const fetchPortalOrders = (params: PortalOrderListQuery, signal?: AbortSignal) =>
  api.get(`/portal/orders${toQuery({ ...params })}`, portalOrderList, signal);

export const fetchPortalOrder = (orderId: number, signal?: AbortSignal) =>
  api.get(`/portal/orders/${orderId}`, portalOrder, signal);
