import { trackingUrl } from '../../../shared/orders/carriers.ts';
import type {
  OrderListItem,
  OrderResponse,
  OrderStatus,
  PortalOrder,
  PortalOrderListItem,
} from '../../../shared/schemas/orders.ts';
import { orderTransitions } from '../../../shared/schemas/orders.ts';
import type { OrderDetailRow, OrderLineRow, OrderListRow } from './orders.repository.ts';

type HistoryRow = { from_status: string | null; to_status: string; at: string; by_name: string | null };
type Summary = { summary: string; count: number } | undefined;

function core(row: OrderListRow | OrderDetailRow, summary: Summary): PortalOrderListItem {
  return {
    id: row.id,
    status: row.status as OrderStatus,
    currency: row.currency,
    totalMinor: row.total_minor,
    lineCount: summary?.count ?? 0,
    summary: summary?.summary ?? '',
    tracking: {
      carrier: row.carrier,
      trackingNumber: row.tracking_number,
      trackingUrl: trackingUrl(row.carrier, row.tracking_number),
    },
    expectedDate: row.expected_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const presentLine = (l: OrderLineRow) => ({
  id: l.id,
  description: l.description,
  quantity: l.quantity,
  unitPriceMinor: l.unit_price_minor,
  amountMinor: l.quantity * l.unit_price_minor,
});

const summaryOf = (lines: readonly OrderLineRow[]): Summary =>
  lines[0] ? { summary: lines[0].description, count: lines.length } : undefined;

export function presentOrderListItem(row: OrderListRow, summary: Summary): OrderListItem {
  return { ...core(row, summary), clientId: row.client_id, clientName: row.client_name };
}

export function presentPortalOrderListItem(row: OrderListRow, summary: Summary): PortalOrderListItem {
  return core(row, summary);
}

export function presentOrder(
  row: OrderDetailRow,
  lines: readonly OrderLineRow[],
  history: readonly HistoryRow[],
): OrderResponse {
  return {
    ...core(row, summaryOf(lines)),
    clientId: row.client_id,
    clientName: row.client_name,
    orderedBy:
      row.ordered_by_contact_id !== null && row.ordered_by_name !== null
        ? { id: row.ordered_by_contact_id, name: row.ordered_by_name }
        : null,
    lines: lines.map(presentLine),
    notes: row.notes,
    history: history.map((h) => ({
      from: h.from_status as OrderStatus | null,
      to: h.to_status as OrderStatus,
      at: h.at,
      byName: h.by_name,
    })),
    nextStatuses: [...orderTransitions[row.status as OrderStatus]],
  };
}

/** What a contact reads: no staff notes, no staff names, no invoice link (invoices are not merged yet). */
export function presentPortalOrder(
  row: OrderDetailRow,
  lines: readonly OrderLineRow[],
  history: readonly HistoryRow[],
): PortalOrder {
  return {
    ...core(row, summaryOf(lines)),
    lines: lines.map(presentLine),
    history: history.map((h) => ({ to: h.to_status as OrderStatus, at: h.at })),
  };
}
