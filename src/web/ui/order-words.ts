import type { OrderStatus } from '../../shared/schemas/orders.ts';

/** An order's status in the viewer's words (both faces). */
export const orderStatusKeys = {
  placed: 'ui:order.status.placed',
  ordered: 'ui:order.status.ordered',
  shipped: 'ui:order.status.shipped',
  delivered: 'ui:order.status.delivered',
  cancelled: 'ui:order.status.cancelled',
} as const satisfies Record<OrderStatus, `ui:${string}`>;

/** The badge colour of a status: theme colours only (decision 009). */
export const orderStatusColours: Record<OrderStatus, string> = {
  placed: 'gray',
  ordered: 'blue',
  shipped: 'orange',
  delivered: 'green',
  cancelled: 'red',
};
