/**
 * Orders (issue 15, point 4) through the API, on the test database (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): who may call what, bad input refused with nothing written, status changes with
 * their history, the shipping email, Idempotency-Key, and what a contact reads in the portal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { trackingUrl } from '../../../shared/orders/carriers.ts';
import type {
  OrderListResponse,
  OrderResponse,
  PortalOrder,
  PortalOrderList,
} from '../../../shared/schemas/orders.ts';
import { Client, errorOf } from '../../test/harness.ts';
import { type CapturedMail, startSmtpSink } from '../../test/smtp.ts';
import { type TicketsWorld, ticketsWorld } from '../tickets/test-helpers.ts';

const TECH = 'tech@portico.example';
const READONLY_STAFF = 'readonly@portico.example';
const ALICE = 'primary@acme.example';
const BEN = 'billing@acme.example';
const CHEN = 'technical@acme.example';
const DANA = 'standard@acme.example';
const FATIMA = 'primary@birchwood.example';

const laptop = { description: 'ThinkPad T14 Gen 5', quantity: 2, unitPriceMinor: 129_900 };
const licence = {
  description: 'Microsoft 365 Business Standard (1 year)',
  quantity: 3,
  unitPriceMinor: 13_680,
};

describe('carriers: tracking links', () => {
  test('a known carrier by any spelling gets its tracking page; an unknown one none', () => {
    assert.equal(trackingUrl('UPS', '1Z 999'), 'https://www.ups.com/track?tracknum=1Z%20999');
    assert.equal(
      trackingUrl('royal mail', 'AB123456789GB'),
      'https://www.royalmail.com/track-your-item#/tracking-results/AB123456789GB',
    );
    assert.equal(trackingUrl('Our own van', '42'), null);
    assert.equal(trackingUrl('UPS', null), null);
    assert.equal(trackingUrl(null, '42'), null);
  });
});

describe('orders', () => {
  let w: TicketsWorld;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let seen = 0;
  let danaId: number;
  let fatimaId: number;

  async function newMail(): Promise<CapturedMail[]> {
    await w.t.services.jobs.drain();
    w.t.clock.advance(1000);
    const mails = sink.received.slice(seen);
    seen = sink.received.length;
    return mails;
  }
  const count = async (table: 'orders' | 'order_lines' | 'order_status_changes') =>
    Number(
      (
        await w.t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function createOrder(body: Record<string, unknown> = {}): Promise<OrderResponse> {
    const res = await w.owner.post('/api/v1/orders', {
      clientId: w.acmeId,
      lines: [laptop, licence],
      ...body,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as OrderResponse;
  }

  before(async () => {
    sink = await startSmtpSink();
    w = await ticketsWorld({ env: { SMTP_URL: sink.url, LOGIN_MAX_PER_ACCOUNT: '1000' } });
    danaId = await w.contactId(DANA);
    fatimaId = await w.contactId(FATIMA);
    await newMail();
  });
  after(async () => {
    await w.t.close();
    await sink.close();
  });

  test('staff routes refuse the unauthenticated (401), contacts (403) and read-only staff changes (403); portal routes refuse staff', async () => {
    const anon = new Client(w.t.app);
    const alice = await w.as(ALICE);
    const order = await createOrder();
    const calls: [string, 'GET' | 'POST' | 'PATCH', unknown?][] = [
      ['/api/v1/orders', 'GET'],
      ['/api/v1/orders', 'POST', { clientId: w.acmeId, lines: [laptop] }],
      [`/api/v1/orders/${order.id}`, 'GET'],
      [`/api/v1/orders/${order.id}`, 'PATCH', { notes: 'x' }],
      [`/api/v1/orders/${order.id}/status`, 'POST', { status: 'ordered' }],
    ];
    for (const [url, method, body] of calls) {
      const opts = body === undefined ? {} : { body };
      assert.equal((await anon.request(method, url, opts)).statusCode, 401, `${method} ${url} anonymous`);
      assert.equal((await alice.request(method, url, opts)).statusCode, 403, `${method} ${url} as a contact`);
    }
    const readonly = await w.as(READONLY_STAFF);
    assert.equal((await readonly.get('/api/v1/orders')).statusCode, 200);
    assert.equal(
      (await readonly.post('/api/v1/orders', { clientId: w.acmeId, lines: [laptop] })).statusCode,
      403,
    );
    const owner = w.owner;
    assert.equal((await anon.get('/api/v1/portal/orders')).statusCode, 401);
    assert.equal((await owner.get('/api/v1/portal/orders')).statusCode, 403);
    assert.equal((await owner.get(`/api/v1/portal/orders/${order.id}`)).statusCode, 403);
    // A contact whose access does not include orders (the standard preset).
    const dana = await w.as(DANA);
    assert.equal((await dana.get('/api/v1/portal/orders')).statusCode, 403);
  });

  test('create: lines, total in the client’s currency, placed with who and when; a key replays the answer', async () => {
    const owner = w.owner;
    const body = {
      clientId: w.acmeId,
      lines: [laptop, licence],
      orderedByContactId: danaId,
      expectedDate: '2026-03-09',
      notes: 'Supplier quote Q-118; deliver to reception.',
    };
    const headers = { 'idempotency-key': 'order-create-1' };
    const first = await owner.post('/api/v1/orders', body, { headers });
    assert.equal(first.statusCode, 201, first.body);
    const order = first.json() as OrderResponse;
    assert.equal(order.status, 'placed');
    assert.equal(order.currency, 'EUR');
    assert.equal(order.totalMinor, 2 * 129_900 + 3 * 13_680);
    assert.deepEqual(
      order.lines.map((l) => [l.description, l.quantity, l.unitPriceMinor, l.amountMinor]),
      [
        ['ThinkPad T14 Gen 5', 2, 129_900, 259_800],
        ['Microsoft 365 Business Standard (1 year)', 3, 13_680, 41_040],
      ],
    );
    assert.equal(order.orderedBy?.name, 'Dana Kowalski');
    assert.equal(order.summary, 'ThinkPad T14 Gen 5');
    assert.equal(order.lineCount, 2);
    assert.deepEqual(
      order.history.map((h) => [h.from, h.to, h.byName]),
      [[null, 'placed', 'Olga Owner']],
    );
    assert.deepEqual(order.nextStatuses, ['ordered', 'shipped', 'delivered', 'cancelled']);
    const orders = await count('orders');
    const again = await owner.post('/api/v1/orders', body, { headers });
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal((again.json() as OrderResponse).id, order.id);
    assert.equal(await count('orders'), orders, 'the replay made no second order');
    const audit = await w.t.db
      .selectFrom('audit_events')
      .select(['action', 'client_id'])
      .where('target_type', '=', 'order')
      .where('target_id', '=', order.id)
      .execute();
    assert.deepEqual(audit, [{ action: 'order.created', client_id: w.acmeId }]);
  });

  test('bad input is refused field by field, nothing written', async () => {
    const owner = w.owner;
    const before = [await count('orders'), await count('order_lines')];
    const cases: [Record<string, unknown>, string][] = [
      [{ clientId: w.acmeId, lines: [{ ...laptop, quantity: -1 }] }, 'lines.0.quantity'],
      [{ clientId: w.acmeId, lines: [{ ...laptop, quantity: 1.5 }] }, 'lines.0.quantity'],
      [{ clientId: w.acmeId, lines: [{ ...laptop, unitPriceMinor: -100 }] }, 'lines.0.unitPriceMinor'],
      [{ clientId: w.acmeId, lines: [{ ...laptop, description: '  ' }] }, 'lines.0.description'],
      [{ clientId: w.acmeId, lines: [] }, 'lines'],
      [{ clientId: w.acmeId, lines: [laptop], expectedDate: '2026-02-30' }, 'expectedDate'],
      [{ clientId: w.acmeId, lines: [laptop], invoiceId: 4 }, ''],
      [{ clientId: w.acmeId, lines: [laptop], status: 'delivered' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await owner.post('/api/v1/orders', body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
      if (field) assert.ok(errorOf(res).fields?.[field], `${field} named in ${res.body}`);
    }
    const negative = await owner.post('/api/v1/orders', {
      clientId: w.acmeId,
      lines: [{ ...laptop, quantity: -2 }],
    });
    assert.equal(errorOf(negative).fields?.['lines.0.quantity'], 'Enter a whole quantity of 1 or more');
    // Another client's contact as the one who ordered it.
    const foreign = await owner.post('/api/v1/orders', {
      clientId: w.acmeId,
      lines: [laptop],
      orderedByContactId: fatimaId,
    });
    assert.equal(foreign.statusCode, 400);
    assert.equal(
      errorOf(foreign).fields?.orderedByContactId,
      'This person is not one of this client’s contacts.',
    );
    // A client that does not exist.
    assert.equal(
      (await owner.post('/api/v1/orders', { clientId: 999_999, lines: [laptop] })).statusCode,
      404,
    );
    assert.deepEqual([await count('orders'), await count('order_lines')], before);
  });

  test('status changes: forward only, recorded with who and when; an unknown transition is a 409 with nothing changed', async () => {
    const order = await createOrder();
    const tech = await w.as(TECH);
    const ordered = await tech.post(`/api/v1/orders/${order.id}/status`, { status: 'ordered' });
    assert.equal(ordered.statusCode, 200, ordered.body);
    w.t.clock.advance(60_000);
    const shipped = await tech.post(`/api/v1/orders/${order.id}/status`, {
      status: 'shipped',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    });
    assert.equal(shipped.statusCode, 200, shipped.body);
    const o = shipped.json() as OrderResponse;
    assert.equal(o.status, 'shipped');
    assert.equal(o.tracking.trackingUrl, 'https://www.ups.com/track?tracknum=1Z999AA10123456784');
    assert.deepEqual(o.nextStatuses, ['delivered']);
    const delivered = await tech.post(`/api/v1/orders/${order.id}/status`, { status: 'delivered' });
    assert.equal(delivered.statusCode, 200);
    const history = (delivered.json() as OrderResponse).history;
    assert.deepEqual(
      history.map((h) => [h.from, h.to, h.byName]),
      [
        [null, 'placed', 'Olga Owner'],
        ['placed', 'ordered', 'Tariq Haddad'],
        ['ordered', 'shipped', 'Tariq Haddad'],
        ['shipped', 'delivered', 'Tariq Haddad'],
      ],
    );
    assert.ok(history[2]!.at > history[1]!.at);
    const changes = await count('order_status_changes');
    const back = await tech.post(`/api/v1/orders/${order.id}/status`, { status: 'placed' });
    assert.equal(back.statusCode, 409);
    assert.equal(errorOf(back).reason, 'order_status_not_allowed');
    assert.equal(errorOf(back).message, 'An order cannot move to that status from where it is now.');
    const unknown = await tech.post(`/api/v1/orders/${order.id}/status`, { status: 'lost' });
    assert.equal(unknown.statusCode, 400);
    // A delivered order is final: no edits either.
    const edit = await tech.patch(`/api/v1/orders/${order.id}`, { notes: 'late change' });
    assert.equal(edit.statusCode, 409);
    assert.equal(errorOf(edit).reason, 'order_closed');
    assert.equal(await count('order_status_changes'), changes);
    const row = await w.t.db
      .selectFrom('orders')
      .select(['status', 'notes'])
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'delivered', notes: '' });
    // Each change published order.status-changed in its transaction.
    const events = await w.t.db
      .selectFrom('domain_events')
      .select('payload')
      .where('name', '=', 'order.status-changed')
      .execute();
    const mine = events
      .map((e) => JSON.parse(e.payload) as { orderId: number; from: string; to: string })
      .filter((e) => e.orderId === order.id)
      .map((e) => `${e.from}>${e.to}`);
    assert.deepEqual(mine, ['placed>ordered', 'ordered>shipped', 'shipped>delivered']);
  });

  test('edit: lines replaced and the total with them, tracking set, audited', async () => {
    const order = await createOrder();
    const owner = w.owner;
    const res = await owner.patch(`/api/v1/orders/${order.id}`, {
      lines: [{ description: 'Dell U2723QE monitor', quantity: 4, unitPriceMinor: 48_500 }],
      carrier: 'Our own van',
      trackingNumber: 'VAN-7',
      notes: 'Two for the design room.',
    });
    assert.equal(res.statusCode, 200, res.body);
    const o = res.json() as OrderResponse;
    assert.equal(o.totalMinor, 194_000);
    assert.equal(o.lines.length, 1);
    assert.deepEqual(o.tracking, { carrier: 'Our own van', trackingNumber: 'VAN-7', trackingUrl: null });
    const bad = await owner.patch(`/api/v1/orders/${order.id}`, {
      lines: [{ description: 'Dock', quantity: -1, unitPriceMinor: 100 }],
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(
      ((await owner.get(`/api/v1/orders/${order.id}`)).json() as OrderResponse).totalMinor,
      194_000,
    );
  });

  test('shipping emails the contact who ordered and the billing contacts who see orders, in their language, with tracking', async () => {
    await newMail();
    // Ben (billing) reads German.
    const benId = await w.contactId(BEN);
    await w.t.db.updateTable('contacts').set({ language: 'de' }).where('id', '=', benId).execute();
    // Chen (technical) asked for it; Alice (primary) and Evan (read-only) see orders but neither asked
    // nor are billing contacts; Dana sees no orders.
    const chenId = await w.contactId(CHEN);
    const order = await createOrder({ orderedByContactId: chenId, expectedDate: '2026-03-12' });
    const tech = await w.as(TECH);
    await tech.post(`/api/v1/orders/${order.id}/status`, { status: 'ordered' });
    assert.deepEqual(await newMail(), [], 'nothing is sent before it ships');
    const res = await tech.post(`/api/v1/orders/${order.id}/status`, {
      status: 'shipped',
      carrier: 'DHL',
      trackingNumber: 'JD014600006281230704',
    });
    assert.equal(res.statusCode, 200);
    const mails = await newMail();
    assert.deepEqual(mails.flatMap((m) => m.to).sort(), [BEN, CHEN]);
    const chen = mails.find((m) => m.to.includes(CHEN))!;
    assert.match(chen.subject, new RegExp(`Your order #${order.id} has shipped`));
    assert.match(chen.text, /Carrier: DHL, tracking number JD014600006281230704\./);
    assert.match(chen.text, /Expected delivery: 12 Mar 2026\./);
    assert.match(chen.text, /tracking-id=JD014600006281230704/);
    assert.match(chen.text, new RegExp(`/portal/orders/${order.id}`));
    const ben = mails.find((m) => m.to.includes(BEN))!;
    assert.match(ben.subject, new RegExp(`Ihre Bestellung #${order.id} wurde versandt`));
    assert.match(ben.text, /Sendungsnummer JD014600006281230704/);
    // The delivery running again sends nothing twice.
    const deliveries = (
      await w.t.db.selectFrom('jobs').selectAll().where('kind', '=', 'domain-event').execute()
    ).filter((j) => JSON.parse(j.payload).subscriber === 'order.shipped-email');
    assert.ok(deliveries.length > 0);
    await w.t.db
      .updateTable('jobs')
      .set({ done_at: null, locked_until: null })
      .where(
        'id',
        'in',
        deliveries.map((d) => d.id),
      )
      .execute();
    assert.deepEqual(await newMail(), [], 'nobody gets the email twice');
  });

  test('portal: a contact reads their company’s orders with status and tracking, never notes; another client’s order is a 404', async () => {
    const order = await createOrder({
      notes: 'Margin 18 % — internal',
      carrier: 'FedEx',
      trackingNumber: '7946',
    });
    const birchwood = await w.owner.post('/api/v1/orders', {
      clientId: w.birchId,
      lines: [{ description: 'Intraoral camera', quantity: 1, unitPriceMinor: 250_000 }],
    });
    assert.equal(birchwood.statusCode, 201);
    const birchwoodId = (birchwood.json() as OrderResponse).id;
    const ben = await w.as(BEN);
    const list = (await ben.get('/api/v1/portal/orders?limit=100')).json() as PortalOrderList;
    assert.ok(list.items.some((o) => o.id === order.id));
    assert.ok(!list.items.some((o) => o.id === birchwoodId), 'no other client’s orders');
    const one = await ben.get(`/api/v1/portal/orders/${order.id}`);
    assert.equal(one.statusCode, 200);
    const detail = one.json() as PortalOrder;
    assert.equal(detail.tracking.trackingUrl, 'https://www.fedex.com/fedextrack/?trknbr=7946');
    assert.equal(detail.lines.length, 2);
    assert.ok(!one.body.includes('Margin'), 'staff notes never reach a contact');
    assert.ok(!('notes' in detail) && !('clientId' in detail));
    const foreign = await ben.get(`/api/v1/portal/orders/${birchwoodId}`);
    assert.equal(foreign.statusCode, 404);
    // Ben reads German since the shipping test: the same 404 as a missing order, in his language.
    assert.equal(errorOf(foreign).message, 'Diese Bestellung wurde nicht gefunden.');
    assert.equal((await ben.get('/api/v1/portal/orders/999999')).statusCode, 404);
  });

  test('staff list: across clients, by client and by status, in keyset pages', async () => {
    const owner = w.owner;
    const all: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await owner.get(`/api/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      const page = res.json() as OrderListResponse;
      all.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(all.length, await count('orders'));
    assert.equal(new Set(all).size, all.length, 'no order twice across pages');
    const birch = (await owner.get(`/api/v1/orders?clientId=${w.birchId}`)).json() as OrderListResponse;
    assert.ok(birch.items.length > 0 && birch.items.every((o) => o.clientName === 'Birchwood Dental'));
    const delivered = (await owner.get('/api/v1/orders?status=delivered')).json() as OrderListResponse;
    assert.ok(delivered.items.length > 0 && delivered.items.every((o) => o.status === 'delivered'));
    assert.equal((await owner.get('/api/v1/orders?status=lost')).statusCode, 400);
    assert.equal((await owner.get('/api/v1/orders?cursor=nonsense')).statusCode, 400);
  });
});
