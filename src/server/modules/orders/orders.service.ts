import type { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import {
  type OrderListResponse,
  type OrderResponse,
  type OrderStatus,
  type orderCreateBody,
  type orderListQuery,
  type orderPatchBody,
  type orderStatusBody,
  orderTransitions,
  type PortalOrder,
  type PortalOrderList,
  type portalOrderListQuery,
} from '../../../shared/schemas/orders.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Clock, ContactActor, StaffActor } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import type { Database, DbOrTrx } from '../../platform/db/db.ts';
import { type ErrorText, errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { changeClientPolicy } from '../clients/clients.service.ts';
import type { PorticoDomainEvents } from '../domain-events.ts';
import {
  presentOrder,
  presentOrderListItem,
  presentPortalOrder,
  presentPortalOrderListItem,
} from './orders.presenter.ts';
import {
  type OrderDetailRow,
  type OrderListFilter,
  type OrderListRow,
  ordersRepository as repo,
} from './orders.repository.ts';

type CreateInput = z.output<typeof orderCreateBody>;
type PatchInput = z.output<typeof orderPatchBody>;
type StatusInput = z.output<typeof orderStatusBody>;
type ListInput = z.output<typeof orderListQuery>;
type PortalListInput = z.output<typeof portalOrderListQuery>;

/**
 * Orders (issue 15, point 4): hardware and software staff order for a client. Staff with the clients
 * permissions see and record them (an order is part of the client's record, like a contract); in the
 * portal a contact with `orders:view` (the primary, billing, technical and read-only presets) reads
 * their own client's, the access layer keeping them to it. Staff notes never reach a contact.
 */
export const orderPolicies = {
  view: {
    what: message('errors:notFound.order'),
    table: 'orders',
    staff: { permission: 'clients:view', denied: message('errors:denied.ordersView') },
    contact: { anyOf: ['orders:view'], denied: message('errors:denied.portalOrders') },
  },
  manage: {
    what: message('errors:notFound.order'),
    table: 'orders',
    staff: { permission: 'clients:manage', denied: message('errors:denied.ordersChange') },
  },
  /** The client a new order is for. */
  client: changeClientPolicy(message('errors:denied.ordersChange')),
} as const satisfies Record<string, AccessPolicy>;

/** Delivered and cancelled orders are history: their lines and tracking no longer change. */
const closed = (status: string) => status === 'delivered' || status === 'cancelled';

const totalOf = (lines: readonly { quantity: number; unitPriceMinor: number }[]) =>
  lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);

export type OrdersService = ReturnType<typeof createOrdersService>;

export function createOrdersService(deps: {
  database: Database;
  clock: Clock;
  audit: Audit;
  domainEvents: PorticoDomainEvents;
}) {
  const { database, clock, audit, domainEvents } = deps;

  async function found(db: DbOrTrx, orderId: number): Promise<OrderDetailRow> {
    const row = await repo.find(db, orderId);
    if (!row) throw errors.notFound(message('errors:notFound.order'));
    return row;
  }

  async function load(db: DbOrTrx, orderId: number): Promise<OrderResponse> {
    const row = await found(db, orderId);
    return presentOrder(row, await repo.linesOf(db, [orderId]), await repo.history(db, orderId));
  }

  /** A page of orders, newest first, each with its first line and number of lines, as `present` shows it. */
  async function listPage<T>(
    db: DbOrTrx,
    filter: Pick<OrderListFilter, 'clientId' | 'status'>,
    query: { cursor?: string | undefined; limit: number },
    present: (row: OrderListRow, summary: { summary: string; count: number } | undefined) => T,
  ): Promise<{ items: T[]; nextCursor: string | null }> {
    const rows = await repo.list(db, { ...filter, cursor: decodeCursor(query.cursor), limit: query.limit });
    const page = pageOf(rows, query.limit, (r) => r.created_at);
    const summaries = await repo.summariesOf(
      db,
      page.items.map((r) => r.id),
    );
    return { items: page.items.map((r) => present(r, summaries.get(r.id))), nextCursor: page.nextCursor };
  }

  /** The contact who asked must be one of the order's client's contacts. */
  async function checkContact(db: DbOrTrx, clientId: number, contactId: number | null): Promise<void> {
    if (contactId === null || (await repo.isClientContact(db, clientId, contactId))) return;
    const problems: Record<string, ErrorText> = {
      orderedByContactId: message('errors:orders.contactNotClients'),
    };
    throw errors.validation(problems);
  }

  return {
    async list(actor: StaffActor, query: ListInput): Promise<OrderListResponse> {
      const { db } = database.forActor(actor);
      await requireAccess(db, orderPolicies.view);
      return listPage(db, { clientId: query.clientId, status: query.status }, query, presentOrderListItem);
    },

    async get(actor: StaffActor, orderId: number): Promise<OrderResponse> {
      const { db } = database.forActor(actor);
      await requireAccess(db, orderPolicies.view, [orderId]);
      return load(db, orderId);
    },

    async create(actor: StaffActor, input: CreateInput, meta: RequestMeta): Promise<OrderResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, orderPolicies.client, [input.clientId]);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        await checkContact(trx, input.clientId, input.orderedByContactId);
        const currency = (await repo.clientCurrency(trx, input.clientId)) ?? 'EUR';
        const orderId = await repo.insert(trx, {
          client_id: input.clientId,
          status: 'placed',
          currency,
          total_minor: totalOf(input.lines),
          ordered_by_contact_id: input.orderedByContactId,
          carrier: input.carrier,
          tracking_number: input.trackingNumber,
          expected_date: input.expectedDate,
          notes: input.notes,
          invoice_id: null,
          created_by_account_id: actor.accountId,
          created_at: at,
          updated_at: at,
        });
        await repo.replaceLines(trx, orderId, input.lines);
        await repo.recordStatus(trx, {
          order_id: orderId,
          from_status: null,
          to_status: 'placed',
          actor_account_id: actor.accountId,
          at,
        });
        await audit.record(trx, {
          actor,
          action: 'order.created',
          clientId: input.clientId,
          target: { type: 'order', id: orderId },
          details: { lines: input.lines.length, totalMinor: totalOf(input.lines), currency },
          meta,
        });
        return load(trx, orderId);
      });
    },

    async update(
      actor: StaffActor,
      orderId: number,
      patch: PatchInput,
      meta: RequestMeta,
    ): Promise<OrderResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, orderPolicies.manage, [orderId]);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const row = await found(trx, orderId);
        if (closed(row.status)) throw errors.conflict('order_closed', message('errors:orders.closed'));
        if (patch.orderedByContactId !== undefined) {
          await checkContact(trx, row.client_id, patch.orderedByContactId);
        }
        const changed: string[] = [];
        const values: Record<string, unknown> = {};
        const set = (field: string, column: keyof OrderDetailRow, value: unknown) => {
          if (value !== undefined && value !== row[column]) {
            values[column] = value;
            changed.push(field);
          }
        };
        set('orderedByContactId', 'ordered_by_contact_id', patch.orderedByContactId);
        set('carrier', 'carrier', patch.carrier);
        set('trackingNumber', 'tracking_number', patch.trackingNumber);
        set('expectedDate', 'expected_date', patch.expectedDate);
        set('notes', 'notes', patch.notes);
        if (patch.lines) {
          await repo.replaceLines(trx, orderId, patch.lines);
          values.total_minor = totalOf(patch.lines);
          changed.push('lines');
        }
        if (changed.length > 0) {
          await repo.update(trx, orderId, { ...values, updated_at: at });
          await audit.record(trx, {
            actor,
            action: 'order.updated',
            clientId: row.client_id,
            target: { type: 'order', id: orderId },
            details: { changed },
            meta,
          });
        }
        return load(trx, orderId);
      });
    },

    /**
     * Moves an order on (orderTransitions): recorded with who and when, audited, and published as
     * `order.status-changed` in the same transaction (the shipping email subscribes). A carrier and
     * tracking number may come with the change.
     */
    async changeStatus(
      actor: StaffActor,
      orderId: number,
      input: StatusInput,
      meta: RequestMeta,
    ): Promise<OrderResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, orderPolicies.manage, [orderId]);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const row = await found(trx, orderId);
        const from = row.status as OrderStatus;
        if (!orderTransitions[from].includes(input.status)) {
          throw errors.conflict('order_status_not_allowed', message('errors:orders.statusNotAllowed'));
        }
        const moved = await repo.changeStatus(trx, orderId, from, {
          status: input.status,
          updated_at: at,
          ...(input.carrier !== undefined ? { carrier: input.carrier } : {}),
          ...(input.trackingNumber !== undefined ? { tracking_number: input.trackingNumber } : {}),
        });
        if (!moved)
          throw errors.conflict('order_status_not_allowed', message('errors:orders.statusNotAllowed'));
        await repo.recordStatus(trx, {
          order_id: orderId,
          from_status: from,
          to_status: input.status,
          actor_account_id: actor.accountId,
          at,
        });
        await audit.record(trx, {
          actor,
          action: 'order.status_changed',
          clientId: row.client_id,
          target: { type: 'order', id: orderId },
          details: { from, to: input.status },
          meta,
        });
        await domainEvents.publish(trx, 'order.status-changed', {
          orderId,
          clientId: row.client_id,
          from,
          to: input.status,
          actorAccountId: actor.accountId,
          at,
        });
        return load(trx, orderId);
      });
    },

    /** The portal's orders: the contact's client's, newest first, with status and tracking. */
    async portalList(actor: ContactActor, query: PortalListInput): Promise<PortalOrderList> {
      const { db } = database.forActor(actor);
      await requireAccess(db, orderPolicies.view);
      return listPage(db, { clientId: actor.clientId }, query, presentPortalOrderListItem);
    },

    /** One of the contact's client's orders; another client's is the same 404 as a missing one. */
    async portalGet(actor: ContactActor, orderId: number): Promise<PortalOrder> {
      const { db } = database.forActor(actor);
      await requireAccess(db, orderPolicies.view, [orderId]);
      const row = await found(db, orderId);
      return presentPortalOrder(row, await repo.linesOf(db, [orderId]), await repo.history(db, orderId));
    },
  };
}
