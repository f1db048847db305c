import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TicketListItem, ticketStatuses } from '../../../shared/schemas/tickets.ts';
import { Client, createTestApp, OWNER, setUp, type TestApp } from '../../test/harness.ts';

describe('demo tickets', () => {
  let t: TestApp;
  let staff: Client;
  let items: TicketListItem[] = [];

  before(async () => {
    t = await createTestApp();
    staff = await setUp(t, { demo: true });
    await staff.login(OWNER.email, OWNER.password);
    const res = await staff.get(`/api/v1/tickets?status=${ticketStatuses.join(',')}&limit=100`);
    assert.equal(res.statusCode, 200, res.body);
    items = res.json().items;
  });
  after(() => t?.close());

  test('there are tickets in every status, for several clients', () => {
    for (const status of ticketStatuses) {
      assert.ok(
        items.some((i) => i.status === status),
        `a demo ticket is ${status}`,
      );
    }
    assert.ok(new Set(items.map((i) => i.clientName)).size >= 3);
  });

  test('German and Arabic clients have tickets written in their own language', async () => {
    const german = items.filter((i) => i.clientName === 'Rheinhafen Logistik GmbH');
    const arabic = items.filter((i) => i.clientName === 'النور للتجارة (Al Noor Trading)');
    assert.ok(german.length >= 2 && arabic.length >= 2, 'two tickets each');
    assert.ok(german.some((i) => i.subject.includes('Versandetiketten')));
    assert.ok(
      arabic.every((i) => /[\u0600-\u06ff]/.test(i.subject)),
      'Arabic subjects',
    );

    // The Arabic contact sees their conversation, and their profile is in Arabic, in Riyadh, in SAR.
    const contact = new Client(t.app);
    await contact.login('standard@alnoor.example');
    const mine = arabic.find((i) => i.subject.includes('البريد الإلكتروني'));
    assert.ok(mine);
    const messages = await contact.get(`/api/v1/tickets/${mine.id}/messages`);
    assert.equal(messages.statusCode, 200, messages.body);
    assert.ok((messages.json().items as { body: string }[]).some((m) => m.body.includes('شكرًا جزيلًا')));
    const locale = await contact.get('/api/v1/profile/locale');
    assert.equal(locale.statusCode, 200, locale.body);
    assert.deepEqual(
      { ...locale.json().effective, dateFormat: undefined },
      { language: 'ar', timeZone: 'Asia/Riyadh', currency: 'SAR', dateFormat: undefined },
    );
  });

  test('some are breached and one is at risk, whatever day the demo is loaded', () => {
    const states = items.map((i) => i.sla.state);
    assert.ok(states.includes('breached'), states.join(', '));
    assert.ok(states.includes('at-risk'), states.join(', '));
    assert.ok(
      items.every((i) => i.sla.state !== 'none'),
      'every demo ticket is under the default policy',
    );
  });

  test('conversations have public replies and internal notes; contacts see only the public ones', async () => {
    const laptop = items.find((i) => i.subject.startsWith('Laptop for our new starter'));
    assert.ok(laptop);
    const asStaff = await staff.get(`/api/v1/tickets/${laptop.id}/messages`);
    assert.equal(asStaff.statusCode, 200, asStaff.body);
    const staffMessages = asStaff.json().items as { internal: boolean; body: string }[];
    assert.ok(staffMessages.some((m) => m.internal));
    assert.ok(staffMessages.some((m) => !m.internal));

    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const asContact = await contact.get(`/api/v1/tickets/${laptop.id}/messages`);
    assert.equal(asContact.statusCode, 200, asContact.body);
    const seen = asContact.json().items as { internal: boolean; body: string }[];
    assert.equal(seen.length, staffMessages.filter((m) => !m.internal).length);
    assert.ok(!asContact.body.includes('Finance-RW'));

    // A contact of another client sees none of Acme's tickets.
    const other = new Client(t.app);
    await other.login('primary@cobalt.example');
    const theirs = await other.get('/api/v1/tickets?scope=company');
    assert.equal(theirs.statusCode, 200, theirs.body);
    assert.ok((theirs.json().items as TicketListItem[]).every((i) => i.clientName === 'Cobalt Legal'));
    assert.equal((await other.get(`/api/v1/tickets/${laptop.id}`)).statusCode, 404);
  });

  test('a finished demo ticket is rated; another is waiting for its requester’s rating', async () => {
    const wifi = items.find((i) => i.subject === 'Wi-Fi in the big meeting room is very slow');
    const mailbox = items.find((i) => i.subject === 'Give Ben access to the accounts shared mailbox');
    assert.ok(wifi && mailbox);
    const rated = (await staff.get(`/api/v1/tickets/${wifi.id}/rating`)).json();
    assert.equal(rated.rating?.rating, 'good');
    assert.equal(rated.rating?.ratedByName, 'Dana Kowalski');
    assert.equal(rated.rating?.technicianName, 'Tariq Haddad');
    const alice = new Client(t.app);
    await alice.login('primary@acme.example');
    assert.deepEqual((await alice.get(`/api/v1/tickets/${mailbox.id}/rating`)).json(), {
      rating: null,
      canRate: true,
    });
    const summary = await staff.get('/api/v1/ratings/summary');
    assert.equal(summary.statusCode, 200, summary.body);
    assert.ok(summary.json().total.good >= 1);
  });
});
