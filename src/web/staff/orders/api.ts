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
import { fetchOrder, fetchOrders, orderKeys } from '../../api/orders.ts';

export { useClientChoices, useClientParts } from '../../api/client-choices.ts';

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
