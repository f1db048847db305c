import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { OrderTable } from '../../platform/db/schema.ts';
import type { Cursor } from '../../platform/pagination.ts';

export type OrderRow = Selectable<OrderTable>;
export type OrderListRow = Pick<
  OrderRow,
  | 'id'
  | 'client_id'
  | 'status'
  | 'currency'
  | 'total_minor'
  | 'carrier'
  | 'tracking_number'
  | 'expected_date'
  | 'created_at'
  | 'updated_at'
> & { client_name: string };
export type OrderDetailRow = OrderRow & { client_name: string; ordered_by_name: string | null };

export interface OrderLineRow {
  id: number;
  order_id: number;
  position: number;
  description: string;
  quantity: number;
  unit_price_minor: number;
}

export interface OrderListFilter {
  clientId?: number | undefined;
  status?: string | undefined;
  cursor: Cursor | null;
  limit: number;
}

/** The orders module's tables (orders, order_lines, order_status_changes): all of its SQL. */
export const ordersRepository = Object.freeze({
  /** One page, newest first, keyset-paginated on (created_at, id); one row more than the page. */
  list(db: DbOrTrx, f: OrderListFilter): Promise<OrderListRow[]> {
    let query = db
      .selectFrom('orders')
      .innerJoin('clients', 'clients.id', 'orders.client_id')
      .select([
        'orders.id',
        'orders.client_id',
        'clients.name as client_name',
        'orders.status',
        'orders.currency',
        'orders.total_minor',
        'orders.carrier',
        'orders.tracking_number',
        'orders.expected_date',
        'orders.created_at',
        'orders.updated_at',
      ]);
    if (f.clientId !== undefined) query = query.where('orders.client_id', '=', f.clientId);
    if (f.status !== undefined) query = query.where('orders.status', '=', f.status);
    const cursor = f.cursor;
    if (cursor) {
      const k = String(cursor.k ?? '');
      query = query.where((eb) =>
        eb.or([
          eb('orders.created_at', '<', k),
          eb.and([eb('orders.created_at', '=', k), eb('orders.id', '<', cursor.id)]),
        ]),
      );
    }
    return query
      .orderBy('orders.created_at', 'desc')
      .orderBy('orders.id', 'desc')
      .limit(f.limit + 1)
      .execute();
  },

  find(db: DbOrTrx, orderId: number): Promise<OrderDetailRow | undefined> {
    return db
      .selectFrom('orders')
      .innerJoin('clients', 'clients.id', 'orders.client_id')
      .leftJoin('contacts', 'contacts.id', 'orders.ordered_by_contact_id')
      .selectAll('orders')
      .select(['clients.name as client_name', 'contacts.name as ordered_by_name'])
      .where('orders.id', '=', orderId)
      .executeTakeFirst();
  },

  /** The lines of these orders, in order. */
  linesOf(db: DbOrTrx, orderIds: readonly number[]): Promise<OrderLineRow[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('order_lines')
      .select(['id', 'order_id', 'position', 'description', 'quantity', 'unit_price_minor'])
      .where('order_id', 'in', [...orderIds])
      .orderBy('order_id')
      .orderBy('position')
      .execute();
  },

  /** Each order's first line and number of lines (for lists): one query for a page. */
  async summariesOf(
    db: DbOrTrx,
    orderIds: readonly number[],
  ): Promise<Map<number, { summary: string; count: number }>> {
    const out = new Map<number, { summary: string; count: number }>();
    if (orderIds.length === 0) return out;
    const rows = await db
      .selectFrom('order_lines')
      .select(['order_id', 'position', 'description'])
      .where('order_id', 'in', [...orderIds])
      .orderBy('order_id')
      .orderBy('position')
      .execute();
    for (const r of rows) {
      const seen = out.get(r.order_id);
      if (seen) seen.count += 1;
      else out.set(r.order_id, { summary: r.description, count: 1 });
    }
    return out;
  },

  history(db: DbOrTrx, orderId: number) {
    return db
      .selectFrom('order_status_changes')
      .leftJoin('accounts', 'accounts.id', 'order_status_changes.actor_account_id')
      .select([
        'order_status_changes.id',
        'order_status_changes.from_status',
        'order_status_changes.to_status',
        'order_status_changes.at',
        'accounts.name as by_name',
      ])
      .where('order_status_changes.order_id', '=', orderId)
      .orderBy('order_status_changes.at')
      .orderBy('order_status_changes.id')
      .execute();
  },

  async insert(db: DbOrTrx, row: Insertable<OrderTable>): Promise<number> {
    const { id } = await db.insertInto('orders').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  },

  async replaceLines(
    db: DbOrTrx,
    orderId: number,
    lines: readonly { description: string; quantity: number; unitPriceMinor: number }[],
  ): Promise<void> {
    await db.deleteFrom('order_lines').where('order_id', '=', orderId).execute();
    await db
      .insertInto('order_lines')
      .values(
        lines.map((l, i) => ({
          order_id: orderId,
          position: i + 1,
          description: l.description,
          quantity: l.quantity,
          unit_price_minor: l.unitPriceMinor,
        })),
      )
      .execute();
  },

  async update(db: DbOrTrx, orderId: number, values: Updateable<OrderTable>): Promise<void> {
    await db.updateTable('orders').set(values).where('id', '=', orderId).execute();
  },

  /**
   * Moves the order from one status to another; false when it is no longer in `from` (a concurrent
   * change won), so a status change is made once whatever races it.
   */
  async changeStatus(
    db: DbOrTrx,
    orderId: number,
    from: string,
    values: Updateable<OrderTable> & { status: string; updated_at: string },
  ): Promise<boolean> {
    const result = await db
      .updateTable('orders')
      .set(values)
      .where('id', '=', orderId)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async recordStatus(
    db: DbOrTrx,
    row: {
      order_id: number;
      from_status: string | null;
      to_status: string;
      actor_account_id: number | null;
      at: string;
    },
  ): Promise<void> {
    await db.insertInto('order_status_changes').values(row).execute();
  },

  async clientCurrency(db: DbOrTrx, clientId: number): Promise<string | undefined> {
    const row = await db
      .selectFrom('clients')
      .select('currency')
      .where('id', '=', clientId)
      .executeTakeFirst();
    return row?.currency;
  },

  async isClientContact(db: DbOrTrx, clientId: number, contactId: number): Promise<boolean> {
    const row = await db
      .selectFrom('contacts')
      .select('id')
      .where('client_id', '=', clientId)
      .where('id', '=', contactId)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The client's active contacts with an active portal login (the shipping email's candidates). */
  portalContacts(db: DbOrTrx, clientId: number) {
    return db
      .selectFrom('contacts as c')
      .innerJoin('accounts as a', 'a.contact_id', 'c.id')
      .select(['c.id as contact_id', 'c.name', 'c.presets', 'c.switches', 'a.email'])
      .where('c.client_id', '=', clientId)
      .where('c.status', '=', 'active')
      .where('a.status', '=', 'active')
      .orderBy('c.id')
      .execute();
  },
});
