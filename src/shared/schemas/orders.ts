import { z } from 'zod';
import { id, isoInstant } from './common.ts';
import { calendarDate } from './contracts.ts';
import { pageOf, pageQuery } from './pagination.ts';

/** An order's life (issue 15, point 4). Stable names: clients and filters depend on them. */
export const orderStatuses = ['placed', 'ordered', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/**
 * The status changes an order may make: forward only (a step may be skipped: a supplier may ship the
 * day it is ordered), cancelled until it has shipped; delivered and cancelled are final.
 */
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ['ordered', 'shipped', 'delivered', 'cancelled'],
  ordered: ['shipped', 'delivered', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export const ORDER_LINES_MAX = 100;
/** The largest unit price and quantity we take: their product stays a safe integer in every total. */
const UNIT_PRICE_MAX = 1_000_000_000_00;
const QUANTITY_MAX = 100_000;

export const orderLineInput = z
  .object({
    description: z
      .string({ message: 'errors:validation.orderLineDescription' })
      .trim()
      .min(1, 'errors:validation.orderLineDescription')
      .max(500, 'errors:validation.maxChars'),
    quantity: z
      .number({ message: 'errors:validation.orderQuantity' })
      .int('errors:validation.orderQuantity')
      .min(1, 'errors:validation.orderQuantity')
      .max(QUANTITY_MAX, 'errors:validation.orderQuantityMax'),
    /** Minor units of the client's currency (cents, pence), 0 for something supplied free. */
    unitPriceMinor: z
      .number({ message: 'errors:validation.orderUnitPrice' })
      .int('errors:validation.orderUnitPrice')
      .min(0, 'errors:validation.orderUnitPrice')
      .max(UNIT_PRICE_MAX, 'errors:validation.orderUnitPrice'),
  })
  .strict();

const lines = z
  .array(orderLineInput, { message: 'errors:validation.orderLines' })
  .min(1, 'errors:validation.orderLines')
  .max(ORDER_LINES_MAX, 'errors:validation.maxItems');

const carrier = z.string().trim().max(100, 'errors:validation.maxChars');
const trackingNumber = z.string().trim().max(100, 'errors:validation.maxChars');
const notes = z.string().max(10_000, 'errors:validation.maxChars');
/** Empty text is the same as none. */
const optionalText = <T extends z.ZodType<string>>(s: T) =>
  s
    .nullable()
    .transform((v) => (v === null || v === '' ? null : v))
    .default(null);

export const orderCreateBody = z
  .object({
    clientId: id,
    lines,
    /** The client's contact who asked for it (they hear when it ships); null: none. */
    orderedByContactId: id.nullable().default(null),
    carrier: optionalText(carrier),
    trackingNumber: optionalText(trackingNumber),
    expectedDate: calendarDate.nullable().default(null),
    notes: notes.default(''),
  })
  .strict()
  .meta({ id: 'OrderCreate' });
export type OrderCreateBody = z.input<typeof orderCreateBody>;

/** Send only what changes; `lines`, when sent, is the complete list. Status changes have their own route. */
export const orderPatchBody = z
  .object({
    lines: lines.optional(),
    orderedByContactId: id.nullable().optional(),
    carrier: carrier
      .nullable()
      .transform((v) => (v === '' ? null : v))
      .optional(),
    trackingNumber: trackingNumber
      .nullable()
      .transform((v) => (v === '' ? null : v))
      .optional(),
    expectedDate: calendarDate.nullable().optional(),
    notes: notes.optional(),
  })
  .strict()
  .meta({ id: 'OrderPatch' });
export type OrderPatchBody = z.input<typeof orderPatchBody>;

/** A status change; a carrier and tracking number may come with it (typically when it ships). */
export const orderStatusBody = z
  .object({
    status: z.enum(orderStatuses, { message: 'errors:validation.orderStatus' }),
    carrier: carrier
      .nullable()
      .transform((v) => (v === '' ? null : v))
      .optional(),
    trackingNumber: trackingNumber
      .nullable()
      .transform((v) => (v === '' ? null : v))
      .optional(),
  })
  .strict()
  .meta({ id: 'OrderStatusChange' });
export type OrderStatusBody = z.input<typeof orderStatusBody>;

export const orderParams = z.object({ orderId: id }).strict();

export const orderListQuery = z
  .object({
    clientId: id.optional(),
    status: z.enum(orderStatuses).optional(),
    ...pageQuery,
  })
  .strict();
export type OrderListQuery = z.input<typeof orderListQuery>;

export const portalOrderListQuery = z.object({ ...pageQuery }).strict();
export type PortalOrderListQuery = z.input<typeof portalOrderListQuery>;

export const orderLine = z
  .object({
    id,
    description: z.string(),
    quantity: z.number().int(),
    unitPriceMinor: z.number().int(),
    /** quantity x unit price, minor units. */
    amountMinor: z.number().int(),
  })
  .meta({ id: 'OrderLine' });

export const orderTracking = z
  .object({
    carrier: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    /** The carrier's tracking page, when the carrier is one we know (src/shared/orders/carriers.ts). */
    trackingUrl: z.string().nullable(),
  })
  .meta({ id: 'OrderTracking' });

export const orderStatusChange = z
  .object({
    from: z.enum(orderStatuses).nullable(),
    to: z.enum(orderStatuses),
    at: isoInstant,
    /** Who made the change (staff); null once their account is gone. */
    byName: z.string().nullable(),
  })
  .meta({ id: 'OrderStatusHistoryEntry' });

const orderCore = {
  id,
  status: z.enum(orderStatuses),
  currency: z.string(),
  totalMinor: z.number().int(),
  lineCount: z.number().int(),
  /** The first line's description: what the order is, in a list. */
  summary: z.string(),
  tracking: orderTracking,
  expectedDate: z.string().nullable(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
};

/** An order as staff see it (notes included). */
export const orderResponse = z
  .object({
    ...orderCore,
    clientId: id,
    clientName: z.string(),
    orderedBy: z.object({ id, name: z.string() }).nullable(),
    lines: z.array(orderLine),
    notes: z.string(),
    /** Oldest first; the first is the order placed. */
    history: z.array(orderStatusChange),
    /** The statuses it may move to now. */
    nextStatuses: z.array(z.enum(orderStatuses)),
  })
  .meta({ id: 'Order' });
export type OrderResponse = z.infer<typeof orderResponse>;

export const orderListItem = z
  .object({ ...orderCore, clientId: id, clientName: z.string() })
  .meta({ id: 'OrderListItem' });
export type OrderListItem = z.infer<typeof orderListItem>;
export const orderListResponse = pageOf(orderListItem).meta({ id: 'OrderList' });
export type OrderListResponse = z.infer<typeof orderListResponse>;

/** An order as a contact sees it: no staff notes, no staff names. */
export const portalOrderListItem = z.object(orderCore).meta({ id: 'PortalOrderListItem' });
export type PortalOrderListItem = z.infer<typeof portalOrderListItem>;
export const portalOrderList = pageOf(portalOrderListItem).meta({ id: 'PortalOrderList' });
export type PortalOrderList = z.infer<typeof portalOrderList>;

export const portalOrder = z
  .object({
    ...orderCore,
    lines: z.array(orderLine),
    /** When it reached each status, oldest first. */
    history: z.array(z.object({ to: z.enum(orderStatuses), at: isoInstant })),
  })
  .meta({ id: 'PortalOrder' });
export type PortalOrder = z.infer<typeof portalOrder>;
