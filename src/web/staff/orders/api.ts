import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type OrderCreateBody,
  type OrderListQuery,
  type OrderPatchBody,
  type OrderResponse,
  type OrderStatusBody,
  orderResponse,
} from '../../../shared/schemas/orders.ts';
import { api } from '../../api/client.ts';
import { clientKeys, fetchClient, fetchClients } from '../../api/clients.ts';
import { contactKeys, fetchAllContacts } from '../../api/contacts.ts';
import { fetchOrder, fetchOrders, orderKeys } from '../../api/orders.ts';

export function useOrderList(params: OrderListQuery) {
  return useQuery({
    queryKey: orderKeys.list(params),
    queryFn: ({ signal }) => fetchOrders(params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useOrder(orderId: number) {
  return useQuery({
    queryKey: orderKeys.detail(orderId),
    queryFn: ({ signal }) => fetchOrder(orderId, signal),
    enabled: orderId > 0,
  });
}

/** The clients to choose from (active ones, by name; the first 100 by name). */
export function useClientChoices() {
  return useQuery({
    queryKey: clientKeys.list({ limit: 100, sort: 'name', order: 'asc', status: 'active' }),
    queryFn: ({ signal }) =>
      fetchClients({ limit: 100, sort: 'name', order: 'asc', status: 'active' }, signal),
  });
}

/** The chosen client (its currency) and its contacts (who may have asked for the order). */
export function useClientParts(clientId: number | null) {
  const client = useQuery({
    queryKey: clientKeys.detail(clientId ?? 0),
    queryFn: ({ signal }) => fetchClient(clientId ?? 0, signal),
    enabled: clientId !== null,
  });
  const contacts = useQuery({
    queryKey: contactKeys.every(clientId ?? 0),
    queryFn: ({ signal }) => fetchAllContacts(clientId ?? 0, signal),
    enabled: clientId !== null,
  });
  return { client, contacts };
}

function useOrderMutation<T>(mutationFn: (input: T) => Promise<OrderResponse>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (order) => {
      queryClient.setQueryData(orderKeys.detail(order.id), order);
      await queryClient.invalidateQueries({ queryKey: orderKeys.lists });
    },
  });
}

export const useCreateOrder = () =>
  useOrderMutation((body: OrderCreateBody) => api.post('/orders', orderResponse, body));

export const useUpdateOrder = (orderId: number) =>
  useOrderMutation((patch: OrderPatchBody) => api.patch(`/orders/${orderId}`, orderResponse, patch));

export const useChangeOrderStatus = (orderId: number) =>
  useOrderMutation((body: OrderStatusBody) => api.post(`/orders/${orderId}/status`, orderResponse, body));
