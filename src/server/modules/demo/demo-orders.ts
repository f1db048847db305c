import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';

const DAY = 86_400_000;

interface DemoOrder {
  client: string;
  orderedBy: string | null;
  lines: { description: string; quantity: number; unitPriceMinor: number }[];
  /** The statuses it went through and how many days ago each was reached, oldest first. */
  steps: { status: string; daysAgo: number }[];
  carrier: string | null;
  trackingNumber: string | null;
  /** Days from now (negative: in the past). */
  expectedInDays: number | null;
  notes: string;
}

const orders: DemoOrder[] = [
  // In transit: the portal shows it shipped, with a UPS tracking link.
  {
    client: 'Acme Manufacturing',
    orderedBy: 'technical@acme.example',
    lines: [
      { description: 'Lenovo ThinkPad T14 Gen 5, 16 GB, 512 GB SSD', quantity: 3, unitPriceMinor: 124_900 },
      { description: 'Lenovo USB-C dock (Gen 2)', quantity: 3, unitPriceMinor: 18_900 },
    ],
    steps: [
      { status: 'placed', daysAgo: 6 },
      { status: 'ordered', daysAgo: 5 },
      { status: 'shipped', daysAgo: 1 },
    ],
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    expectedInDays: 2,
    notes: 'Supplier quote Q-2291. Image with the standard build before handing out.',
  },
  // Delivered last month.
  {
    client: 'Acme Manufacturing',
    orderedBy: 'billing@acme.example',
    lines: [
      {
        description: 'Microsoft 365 Business Standard, annual licence',
        quantity: 12,
        unitPriceMinor: 13_680,
      },
    ],
    steps: [
      { status: 'placed', daysAgo: 34 },
      { status: 'ordered', daysAgo: 33 },
      { status: 'delivered', daysAgo: 33 },
    ],
    carrier: null,
    trackingNumber: null,
    expectedInDays: -33,
    notes: 'Licences assigned in the admin centre on delivery.',
  },
  // Delivered by a carrier we have no tracking link for.
  {
    client: 'Birchwood Dental',
    orderedBy: 'office@birchwood.example',
    lines: [
      { description: 'Dell P2425H 24" monitor', quantity: 2, unitPriceMinor: 17_900 },
      { description: 'HDMI cable, 2 m', quantity: 2, unitPriceMinor: 900 },
    ],
    steps: [
      { status: 'placed', daysAgo: 12 },
      { status: 'ordered', daysAgo: 11 },
      { status: 'shipped', daysAgo: 9 },
      { status: 'delivered', daysAgo: 8 },
    ],
    carrier: 'Yodel',
    trackingNumber: 'JJD0002249118',
    expectedInDays: -8,
    notes: '',
  },
  // Just placed: waiting for the supplier.
  {
    client: 'Birchwood Dental',
    orderedBy: null,
    lines: [{ description: 'APC Back-UPS Pro 1500 VA', quantity: 1, unitPriceMinor: 32_500 }],
    steps: [{ status: 'placed', daysAgo: 0 }],
    carrier: null,
    trackingNumber: null,
    expectedInDays: 7,
    notes: 'For the X-ray workstation; check stock with the second supplier if the first has none.',
  },
];

/**
 * Orders in the demo (issue 15, point 4): Acme's laptops in transit and its licences delivered,
 * Birchwood's monitors delivered and a UPS just placed, each with its status history. Returns how many
 * orders it wrote.
 */
export async function insertDemoOrders(db: DbOrTrx, clock: Clock): Promise<number> {
  const now = clock().getTime();
  const staff = await db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', 'admin@portico.example')
    .executeTakeFirst();
  let written = 0;
  for (const o of orders) {
    const client = await db
      .selectFrom('clients')
      .select(['id', 'currency'])
      .where('name', '=', o.client)
      .executeTakeFirst();
    if (!client) continue;
    const contact = o.orderedBy
      ? await db.selectFrom('contacts').select('id').where('email', '=', o.orderedBy).executeTakeFirst()
      : undefined;
    const at = (daysAgo: number, step: number) =>
      new Date(now - daysAgo * DAY - (10 - step) * 3_600_000).toISOString();
    const first = o.steps[0]!;
    const last = o.steps.at(-1)!;
    const { id } = await db
      .insertInto('orders')
      .values({
        client_id: client.id,
        status: last.status,
        currency: client.currency,
        total_minor: o.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0),
        ordered_by_contact_id: contact?.id ?? null,
        carrier: o.carrier,
        tracking_number: o.trackingNumber,
        expected_date:
          o.expectedInDays === null
            ? null
            : new Date(now + o.expectedInDays * DAY).toISOString().slice(0, 10),
        notes: o.notes,
        invoice_id: null,
        created_by_account_id: staff?.id ?? null,
        created_at: at(first.daysAgo, 0),
        updated_at: at(last.daysAgo, o.steps.length - 1),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('order_lines')
      .values(
        o.lines.map((l, i) => ({
          order_id: id,
          position: i + 1,
          description: l.description,
          quantity: l.quantity,
          unit_price_minor: l.unitPriceMinor,
        })),
      )
      .execute();
    await db
      .insertInto('order_status_changes')
      .values(
        o.steps.map((s, i) => ({
          order_id: id,
          from_status: i === 0 ? null : o.steps[i - 1]!.status,
          to_status: s.status,
          actor_account_id: staff?.id ?? null,
          at: at(s.daysAgo, i),
        })),
      )
      .execute();
    written += 1;
  }
  return written;
}
