import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TicketDetail, TicketListItem } from '../../../shared/schemas/tickets.ts';
import { Client, errorOf, OWNER } from '../../test/harness.ts';
import {
  createTicket,
  getTicket,
  listIds,
  messagesOf,
  patchTicket,
  postMessage,
  type TicketsWorld,
  ticketRow,
  ticketsWorld,
} from './test-helpers.ts';

const DAY = 86_400_000;

async function count(w: TicketsWorld, table: 'tickets' | 'ticket_messages' | 'audit_events') {
  const row = await w.t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('tickets: create, read and scoping', () => {
  let w: TicketsWorld;
  before(async () => {
    w = await ticketsWorld();
  });
  after(() => w.t.close());

  test('a contact raises a ticket for their own company; it is new, from the portal, with SLA targets', async () => {
    const alice = await w.as('primary@acme.example');
    const created = await createTicket(alice, {
      subject: 'Printer on fire',
      description: '**Smoke** from tray 2 <script>alert(1)</script>',
      priority: 'high',
      affected: ['Printer HP-4'],
    });
    assert.equal(created.clientId, w.acmeId);
    assert.equal(created.requesterContactId, await w.contactId('primary@acme.example'));
    assert.equal(created.status, 'new');
    assert.equal(created.source, 'portal');
    assert.deepEqual(created.affected, ['Printer HP-4']);
    assert.match(created.descriptionHtml, /<strong>Smoke<\/strong>/);
    assert.doesNotMatch(created.descriptionHtml, /<script>/);
    assert.equal(created.sla?.policyName, 'Standard');
    assert.equal(created.sla?.response.targetMs, 2 * 3_600_000);
    assert.equal(created.sla?.resolution.targetMs, 8 * 3_600_000);
    // Monday 09:00 UTC, business hours 09-17: first response due at 11:00.
    assert.equal(created.sla?.response.dueAt, '2026-03-02T11:00:00.000Z');
    assert.equal(created.timeSpentMinutes, null, 'a contact sees no time unless the provider shows it');
    assert.equal(created.assigneeAccountId, null);
    assert.deepEqual(created.can, { reply: true, close: false, reopen: false, manage: false });

    const row = await ticketRow(w, created.id);
    assert.equal(row.response_due_at, '2026-03-02T11:00:00.000Z');
    assert.equal(row.response_sla, 'running');
    assert.equal(Number(row.response_target_ms), 7_200_000);
    assert.ok(row.sla_policy_id);
    const history = await w.t.db
      .selectFrom('ticket_status_changes')
      .selectAll()
      .where('ticket_id', '=', created.id)
      .execute();
    assert.deepEqual(
      history.map((h) => h.status),
      ['new'],
    );
    const audits = await w.t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'ticket.created')
      .where('target_id', '=', created.id)
      .execute();
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.client_id, w.acmeId);

    const staffView = await getTicket(await w.as('tech@portico.example'), created.id);
    assert.equal(staffView.clientName, 'Acme Manufacturing');
    assert.equal(staffView.timeSpentMinutes, 0);
    assert.equal(staffView.can.manage, true);
  });

  test('a contact sending staff-only fields gets 400 naming them, and nothing is written', async () => {
    const alice = await w.as('primary@acme.example');
    const before = await count(w, 'tickets');
    for (const field of ['clientId', 'requesterContactId', 'assigneeAccountId']) {
      const res = await alice.post('/api/v1/tickets', {
        subject: 'Sneaky',
        description: 'x',
        [field]: w.birchId,
      });
      assert.equal(res.statusCode, 400, field);
      assert.ok(errorOf(res).fields?.[field], `${field} is named`);
    }
    assert.equal(await count(w, 'tickets'), before);
  });

  test('staff create: the client is required and checked, requester and assignee too', async () => {
    const tech = await w.as('tech@portico.example');
    const before = await count(w, 'tickets');
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'clientId'],
      [{ clientId: 99_999 }, 'clientId'],
      [
        { clientId: w.acmeId, requesterContactId: await w.contactId('primary@birchwood.example') },
        'requesterContactId',
      ],
      [
        { clientId: w.acmeId, assigneeAccountId: await w.accountId('billing@portico.example') },
        'assigneeAccountId',
      ],
      [
        { clientId: w.acmeId, assigneeAccountId: await w.accountId('primary@acme.example') },
        'assigneeAccountId',
      ],
      [{ clientId: w.acmeId, categoryId: 99_999 }, 'categoryId'],
    ];
    for (const [extra, field] of cases) {
      const res = await tech.post('/api/v1/tickets', { subject: 'Staff made', description: 'x', ...extra });
      assert.equal(res.statusCode, 400, `${JSON.stringify(extra)} ${res.body}`);
      assert.ok(errorOf(res).fields?.[field], `${field} named in ${res.body}`);
    }
    // An archived category is not offered.
    const category = await w.t.db
      .selectFrom('ticket_categories')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await w.t.db
      .updateTable('ticket_categories')
      .set({ archived_at: w.t.clock().toISOString() })
      .where('id', '=', category.id)
      .execute();
    const archived = await tech.post('/api/v1/tickets', {
      subject: 'x',
      description: 'x',
      clientId: w.acmeId,
      categoryId: category.id,
    });
    assert.equal(archived.statusCode, 400);
    assert.ok(errorOf(archived).fields?.categoryId);
    await w.t.db
      .updateTable('ticket_categories')
      .set({ archived_at: null })
      .where('id', '=', category.id)
      .execute();
    assert.equal(await count(w, 'tickets'), before);

    const techId = await w.accountId('tech@portico.example');
    const dana = await w.contactId('standard@acme.example');
    const ok = await createTicket(tech, {
      subject: 'Raised by phone',
      clientId: w.acmeId,
      requesterContactId: dana,
      assigneeAccountId: techId,
      categoryId: category.id,
    });
    assert.equal(ok.source, 'staff');
    assert.equal(ok.requesterContactId, dana);
    assert.equal(ok.assigneeAccountId, techId);
    assert.equal(ok.assigneeName, 'Tariq Haddad');
    assert.equal(ok.categoryId, category.id);
    // The requester sees it in the portal, with the assignee's name but not their account id.
    const seen = await getTicket(await w.as('standard@acme.example'), ok.id);
    assert.equal(seen.assigneeName, 'Tariq Haddad');
    assert.equal(seen.assigneeAccountId, null);
  });

  test('permissions: 401 signed out; 403 without the ticket permissions; read-only staff may read only', async () => {
    const alice = await w.as('primary@acme.example');
    const t1 = await createTicket(alice, { subject: 'Permission probe' });
    const anon = new Client(w.t.app);
    assert.equal((await anon.get('/api/v1/tickets')).statusCode, 401);
    assert.equal((await anon.get(`/api/v1/tickets/${t1.id}`)).statusCode, 401);

    const ben = await w.as('billing@acme.example'); // billing preset: no ticket permissions
    assert.equal((await ben.get('/api/v1/tickets')).statusCode, 403);
    assert.equal((await ben.post('/api/v1/tickets', { subject: 'x', description: 'y' })).statusCode, 403);

    const evan = await w.as('readonly@acme.example'); // view-own only
    assert.equal((await evan.post('/api/v1/tickets', { subject: 'x', description: 'y' })).statusCode, 403);

    const ruth = await w.as('readonly@portico.example'); // read-only staff
    assert.equal((await ruth.get(`/api/v1/tickets/${t1.id}`)).statusCode, 200);
    const reply = await ruth.post(`/api/v1/tickets/${t1.id}/messages`, { body: 'hi' });
    assert.equal(reply.statusCode, 403);
    assert.equal((await ruth.patch(`/api/v1/tickets/${t1.id}`, { priority: 'low' })).statusCode, 403);
    assert.equal(
      (await ruth.post('/api/v1/tickets', { subject: 'x', description: 'y', clientId: w.acmeId })).statusCode,
      403,
    );
    assert.equal((await ruth.post('/api/v1/tickets/bulk', { ids: [t1.id], status: 'open' })).statusCode, 403);
    // Staff-only routes refuse contacts.
    assert.equal((await alice.get('/api/v1/tickets/assignees')).statusCode, 403);
    assert.equal((await alice.get('/api/v1/ticket-views')).statusCode, 403);
    assert.equal(
      (
        await alice.post(`/api/v1/tickets/${t1.id}/watchers`, {
          contactId: await w.contactId('standard@acme.example'),
        })
      ).statusCode,
      403,
    );
  });

  test('scoping: another client’s ticket is 404 everywhere; own tickets unless view-company', async () => {
    const fatima = await w.as('primary@birchwood.example');
    const birchTicket = await createTicket(fatima, { subject: 'Birchwood chair squeaks' });
    const dana = await w.as('standard@acme.example'); // own tickets only
    const danaTicket = await createTicket(dana, { subject: 'Dana’s monitor flickers' });
    const chen = await w.as('technical@acme.example'); // view-company
    const evan = await w.as('readonly@acme.example');

    for (const who of [dana, chen, await w.as('primary@acme.example')]) {
      for (const [method, url, body] of [
        ['GET', `/api/v1/tickets/${birchTicket.id}`],
        ['PATCH', `/api/v1/tickets/${birchTicket.id}`, { status: 'closed' }],
        ['GET', `/api/v1/tickets/${birchTicket.id}/messages`],
        ['POST', `/api/v1/tickets/${birchTicket.id}/messages`, { body: 'hello' }],
        ['GET', `/api/v1/tickets/${birchTicket.id}/watchers`],
      ] as const) {
        const res = await who.request(method, url, body ? { body } : {});
        assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
        assert.doesNotMatch(res.body, /Birchwood|squeaks/);
      }
    }
    assert.ok(!(await listIds(chen, 'scope=company')).includes(birchTicket.id));

    // Dana's ticket: Chen (view-company) sees it, Evan (own only) does not.
    assert.equal((await chen.get(`/api/v1/tickets/${danaTicket.id}`)).statusCode, 200);
    assert.equal((await evan.get(`/api/v1/tickets/${danaTicket.id}`)).statusCode, 404);
    assert.ok((await listIds(chen, 'scope=company')).includes(danaTicket.id));
    assert.ok(!(await listIds(chen, '')).includes(danaTicket.id), "Chen's own list has only his");
    assert.ok(!(await listIds(evan, '')).includes(danaTicket.id));
    const company = await evan.get('/api/v1/tickets?scope=company');
    assert.equal(company.statusCode, 403);
    assert.match(errorOf(company).message, /raised or watch/);

    // Staff-only filters in a contact's list are refused with 400 naming them, never widening it.
    const foreign = await chen.get(`/api/v1/tickets?scope=company&clientId=${w.birchId}&view=unassigned`);
    assert.equal(foreign.statusCode, 400);
    assert.deepEqual(Object.keys(errorOf(foreign).fields ?? {}).sort(), ['clientId', 'view']);
    assert.doesNotMatch(foreign.body, /Birchwood|squeaks/);
  });

  test('watchers: staff add a contact of the same client, who then sees the ticket; others are refused', async () => {
    const tech = await w.as('tech@portico.example');
    const alice = await w.as('primary@acme.example');
    const ticket = await createTicket(alice, { subject: 'Shared drive full' });
    const evan = await w.as('readonly@acme.example');
    const evanId = await w.contactId('readonly@acme.example');
    assert.equal((await evan.get(`/api/v1/tickets/${ticket.id}`)).statusCode, 404);

    const foreign = await tech.post(`/api/v1/tickets/${ticket.id}/watchers`, {
      contactId: await w.contactId('primary@birchwood.example'),
    });
    assert.equal(foreign.statusCode, 400);
    assert.ok(errorOf(foreign).fields?.contactId);

    const added = await tech.post(`/api/v1/tickets/${ticket.id}/watchers`, { contactId: evanId });
    assert.equal(added.statusCode, 200, added.body);
    const adminId = await w.accountId('admin@portico.example');
    await tech.post(`/api/v1/tickets/${ticket.id}/watchers`, { staffAccountId: adminId });
    const again = await tech.post(`/api/v1/tickets/${ticket.id}/watchers`, { contactId: evanId });
    assert.equal(again.json().items.length, 2, 'adding twice is harmless');

    assert.equal((await evan.get(`/api/v1/tickets/${ticket.id}`)).statusCode, 200);
    assert.ok((await listIds(evan, '')).includes(ticket.id), 'watched tickets are in "mine"');
    const asContact = await evan.get(`/api/v1/tickets/${ticket.id}/watchers`);
    assert.deepEqual(
      asContact.json().items.map((i: { kind: string }) => i.kind),
      ['contact'],
      'a contact sees the contacts watching, not the staff',
    );
    const asStaff = await getTicket(tech, ticket.id);
    assert.deepEqual(asStaff.watchers.map((x) => x.kind).sort(), ['contact', 'staff']);
    // A watching contact may not post unless they may raise tickets (Evan is read-only).
    assert.equal(
      (await evan.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'me too' })).statusCode,
      403,
    );

    const removed = await tech.request('DELETE', `/api/v1/tickets/${ticket.id}/watchers/contact/${evanId}`);
    assert.equal(removed.statusCode, 200);
    assert.equal((await evan.get(`/api/v1/tickets/${ticket.id}`)).statusCode, 404);
    const missing = await tech.request('DELETE', `/api/v1/tickets/${ticket.id}/watchers/contact/${evanId}`);
    assert.equal(missing.statusCode, 404);
    const audits = await w.t.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', ticket.id)
      .where('action', 'in', ['ticket.watcher_added', 'ticket.watcher_removed'])
      .execute();
    assert.equal(audits.length, 3);
  });

  test('a portal preview reads like the contact and changes nothing', async () => {
    const alice = await w.as('primary@acme.example');
    const mine = await createTicket(alice, { subject: 'Preview probe' });
    await postMessage(await w.as('tech@portico.example'), mine.id, { body: 'staff secret', internal: true });
    const owner = new Client(w.t.app);
    await owner.login(OWNER.email, OWNER.password);
    const started = await owner.post(
      `/api/v1/clients/${w.acmeId}/contacts/${await w.contactId('primary@acme.example')}/preview`,
    );
    assert.equal(started.statusCode, 200, started.body);
    const headers = { 'x-portico-preview': '1' };
    const list = await owner.get('/api/v1/tickets', headers);
    assert.equal(list.statusCode, 200);
    assert.ok((list.json().items as TicketListItem[]).some((i) => i.id === mine.id));
    const detail = await owner.get(`/api/v1/tickets/${mine.id}`, headers);
    assert.equal(detail.statusCode, 200);
    assert.equal(detail.json().can.reply, false, 'a preview offers no buttons that would fail');
    const msgs = await owner.get(`/api/v1/tickets/${mine.id}/messages`, headers);
    assert.ok(!msgs.body.includes('staff secret'));
    const post = await owner.request('POST', `/api/v1/tickets/${mine.id}/messages`, {
      headers,
      body: { body: 'from preview' },
    });
    assert.equal(post.statusCode, 403);
  });

  test('the tickets feature switched off makes tickets vanish for contacts (404), not for staff', async () => {
    const alice = await w.as('primary@acme.example');
    const ticket = await createTicket(alice, { subject: 'Feature probe' });
    const owner = new Client(w.t.app);
    await owner.login(OWNER.email, OWNER.password);
    const off = await owner.patch('/api/v1/settings', { features: { tickets: false } });
    assert.equal(off.statusCode, 200, off.body);
    try {
      assert.equal((await alice.get('/api/v1/tickets')).statusCode, 404);
      assert.equal((await alice.get(`/api/v1/tickets/${ticket.id}`)).statusCode, 404);
      assert.equal((await alice.post('/api/v1/tickets', { subject: 'x', description: 'y' })).statusCode, 404);
      assert.equal(
        (await (await w.as('tech@portico.example')).get(`/api/v1/tickets/${ticket.id}`)).statusCode,
        200,
      );
    } finally {
      const on = await owner.patch('/api/v1/settings', { features: { tickets: true } });
      assert.equal(on.statusCode, 200);
    }
  });
});

describe('tickets: conversation and statuses', () => {
  let w: TicketsWorld;
  before(async () => {
    w = await ticketsWorld();
  });
  after(() => w.t.close());

  test('internal notes and time: never to a contact; public vs internal update times', async () => {
    const alice = await w.as('primary@acme.example');
    const tech = await w.as('tech@portico.example');
    const ticket = await createTicket(alice, { subject: 'Laptop slow' });
    w.t.clock.advance(60_000);
    const note = await postMessage(tech, ticket.id, {
      body: 'Internal: **probably** malware',
      internal: true,
      timeSpentMinutes: 15,
    });
    assert.equal(note.internal, true);
    assert.equal(note.timeSpentMinutes, 15);
    const afterNote = await getTicket(tech, ticket.id);
    assert.equal(afterNote.status, 'new', 'an internal note does not open a new ticket');
    assert.equal(afterNote.firstResponseAt, null, 'an internal note is not a response');
    assert.equal(afterNote.timeSpentMinutes, 15);

    const contactList = (await alice.get('/api/v1/tickets')).json().items as TicketListItem[];
    const staffList = (await tech.get(`/api/v1/tickets?q=%23${ticket.id}`)).json().items as TicketListItem[];
    assert.equal(contactList.find((i) => i.id === ticket.id)?.updatedAt, ticket.createdAt);
    assert.notEqual(staffList.find((i) => i.id === ticket.id)?.updatedAt, ticket.createdAt);

    w.t.clock.advance(60_000);
    const reply = await postMessage(tech, ticket.id, { body: 'Looking now', timeSpentMinutes: 10 });
    assert.equal(reply.internal, false);
    const opened = await getTicket(tech, ticket.id);
    assert.equal(opened.status, 'open', 'a public staff reply opens a new ticket');
    assert.equal(opened.firstResponseAt, reply.createdAt);
    assert.equal(opened.timeSpentMinutes, 25);
    assert.equal(opened.sla?.response.state, 'met');

    const seen = await messagesOf(alice, ticket.id);
    assert.deepEqual(
      seen.map((m) => m.body),
      ['Looking now'],
    );
    assert.ok(seen.every((m) => m.internal === false && m.timeSpentMinutes === 0));
    const detail = await getTicket(alice, ticket.id);
    assert.equal(detail.timeSpentMinutes, null);
    const all = await messagesOf(tech, ticket.id);
    assert.deepEqual(
      all.map((m) => [m.internal, m.timeSpentMinutes]),
      [
        [true, 15],
        [false, 10],
      ],
    );

    // The provider may show time: then only public figures, still no internal note.
    const owner = new Client(w.t.app);
    await owner.login(OWNER.email, OWNER.password);
    assert.equal((await owner.patch('/api/v1/settings', { portalShowTimeLogged: true })).statusCode, 200);
    try {
      assert.equal((await getTicket(alice, ticket.id)).timeSpentMinutes, 25);
      assert.deepEqual(
        (await messagesOf(alice, ticket.id)).map((m) => m.timeSpentMinutes),
        [10],
      );
    } finally {
      await owner.patch('/api/v1/settings', { portalShowTimeLogged: false });
    }
  });

  test('a contact may not post internal notes, log time or set a status (400 naming the field)', async () => {
    const alice = await w.as('primary@acme.example');
    const ticket = await createTicket(alice, { subject: 'Field probe' });
    const before = await count(w, 'ticket_messages');
    for (const [field, value] of [
      ['internal', true],
      ['timeSpentMinutes', 30],
      ['status', 'resolved'],
    ] as const) {
      const res = await alice.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'x', [field]: value });
      assert.equal(res.statusCode, 400, field);
      assert.ok(errorOf(res).fields?.[field], field);
    }
    assert.equal(await count(w, 'ticket_messages'), before);
  });

  test('statuses: waiting on client, reopen on reply, resolve, close, reopen window, 409 after it', async () => {
    const alice = await w.as('primary@acme.example');
    const tech = await w.as('tech@portico.example');
    const ticket = await createTicket(alice, { subject: 'VPN drops' });

    await postMessage(tech, ticket.id, { body: 'Can you send logs?', status: 'waiting-on-client' });
    assert.equal((await getTicket(tech, ticket.id)).status, 'waiting-on-client');
    await postMessage(alice, ticket.id, { body: 'Here they are' });
    assert.equal((await getTicket(tech, ticket.id)).status, 'open', 'a contact reply moves it back to Open');

    // A contact may not close an open ticket, nor set other statuses or fields.
    const early = await alice.patch(`/api/v1/tickets/${ticket.id}`, { status: 'closed' });
    assert.equal(early.statusCode, 409);
    assert.equal(errorOf(early).reason, 'ticket_not_resolved');
    const other = await alice.patch(`/api/v1/tickets/${ticket.id}`, { status: 'in-progress' });
    assert.equal(other.statusCode, 403);
    const priority = await alice.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'critical' });
    assert.equal(priority.statusCode, 403);
    assert.ok(errorOf(priority).fields?.priority);

    const resolved = await patchTicket(tech, ticket.id, { status: 'resolved' });
    assert.equal(resolved.status, 'resolved');
    assert.ok(resolved.resolvedAt);
    const asAlice = await getTicket(alice, ticket.id);
    assert.deepEqual([asAlice.can.close, asAlice.can.reopen], [true, true]);
    // A reply to a resolved ticket reopens it.
    await postMessage(alice, ticket.id, { body: 'Still dropping' });
    const reopened = await getTicket(tech, ticket.id);
    assert.equal(reopened.status, 'open');
    assert.equal(reopened.resolvedAt, null);

    await patchTicket(tech, ticket.id, { status: 'resolved' });
    const closed = await patchTicket(alice, ticket.id, { status: 'closed' });
    assert.equal(closed.status, 'closed');
    assert.ok(closed.closedAt);
    assert.equal(closed.reopenUntil, new Date(Date.parse(closed.closedAt!) + 14 * DAY).toISOString());
    assert.equal(closed.can.reopen, true);

    w.t.clock.advance(3 * DAY);
    w.forgetSessions();
    const back = await patchTicket(await w.as('primary@acme.example'), ticket.id, { status: 'open' });
    assert.equal(back.status, 'open');
    assert.equal(back.closedAt, null);

    await patchTicket(await w.as('tech@portico.example'), ticket.id, { status: 'closed' });
    w.t.clock.advance(15 * DAY);
    w.forgetSessions();
    const late = await (await w.as('primary@acme.example')).post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Again!',
    });
    assert.equal(late.statusCode, 409);
    assert.match(errorOf(late).message, /open a new ticket/);
    assert.equal(errorOf(late).reason, 'reopen_window_passed');
    const lateAlice = await w.as('primary@acme.example');
    const lateReopen = await lateAlice.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' });
    assert.equal(lateReopen.statusCode, 409);
    assert.equal(errorOf(lateReopen).reason, 'reopen_window_passed');
    const detail = await getTicket(lateAlice, ticket.id);
    assert.deepEqual(
      [detail.can.reply, detail.can.reopen, detail.reopenUntil !== null],
      [false, false, true],
    );

    const history = await w.t.db
      .selectFrom('ticket_status_changes')
      .select('status')
      .where('ticket_id', '=', ticket.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((h) => h.status),
      ['new', 'waiting-on-client', 'open', 'resolved', 'open', 'resolved', 'closed', 'open', 'closed'],
    );
  });

  test('staff patch: priority re-targets the SLA, assignee must be able to work tickets; audited', async () => {
    const tech = await w.as('tech@portico.example');
    const ticket = await createTicket(await w.as('primary@acme.example'), {
      subject: 'Email bounce',
      priority: 'low',
    });
    assert.equal(ticket.sla?.response.targetMs, 8 * 3_600_000);
    const changed = await patchTicket(tech, ticket.id, {
      priority: 'critical',
      assigneeAccountId: await w.accountId('admin@portico.example'),
      subject: 'Email bounces for everyone',
    });
    assert.equal(changed.priority, 'critical');
    assert.equal(changed.sla?.response.targetMs, 3_600_000);
    assert.equal(changed.subject, 'Email bounces for everyone');
    assert.equal(changed.assigneeName, 'Adam Achebe');
    const bad = await tech.patch(`/api/v1/tickets/${ticket.id}`, {
      assigneeAccountId: await w.accountId('readonly@portico.example'),
    });
    assert.equal(bad.statusCode, 400);
    const badRequester = await tech.patch(`/api/v1/tickets/${ticket.id}`, {
      requesterContactId: await w.contactId('primary@birchwood.example'),
    });
    assert.equal(badRequester.statusCode, 400);
    const audit = await w.t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'ticket.updated')
      .where('target_id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(Object.keys(JSON.parse(audit.details).changes).sort(), [
      'assigneeAccountId',
      'priority',
      'subject',
    ]);
  });

  test('bulk: all or nothing, up to 100, counted, audited once', async () => {
    const tech = await w.as('tech@portico.example');
    const alice = await w.as('primary@acme.example');
    const a = await createTicket(alice, { subject: 'Bulk A' });
    const b = await createTicket(alice, { subject: 'Bulk B' });
    const c = await createTicket(await w.as('primary@birchwood.example'), { subject: 'Bulk C' });
    const techId = await w.accountId('tech@portico.example');
    const missing = await tech.post('/api/v1/tickets/bulk', { ids: [a.id, 999_999], status: 'in-progress' });
    assert.equal(missing.statusCode, 400);
    assert.equal((await getTicket(tech, a.id)).status, 'new', 'nothing changed');
    const tooMany = await tech.post('/api/v1/tickets/bulk', {
      ids: Array.from({ length: 101 }, (_, i) => i + 1),
      status: 'open',
    });
    assert.equal(tooMany.statusCode, 400);
    const badAssignee = await tech.post('/api/v1/tickets/bulk', {
      ids: [a.id],
      assigneeAccountId: await w.accountId('billing@portico.example'),
    });
    assert.equal(badAssignee.statusCode, 400);

    const before = await count(w, 'audit_events');
    const ok = await tech.post('/api/v1/tickets/bulk', {
      ids: [a.id, b.id, c.id],
      status: 'in-progress',
      assigneeAccountId: techId,
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { updated: 3 });
    for (const id of [a.id, b.id, c.id]) {
      const t = await getTicket(tech, id);
      assert.equal(t.status, 'in-progress');
      assert.equal(t.assigneeAccountId, techId);
    }
    assert.equal(await count(w, 'audit_events'), before + 1);
    const same = await tech.post('/api/v1/tickets/bulk', { ids: [a.id, b.id], status: 'in-progress' });
    assert.deepEqual(same.json(), { updated: 0 });
  });
});

describe('tickets: lists, views and query counts', () => {
  let w: TicketsWorld;
  const made: TicketDetail[] = [];
  before(async () => {
    w = await ticketsWorld();
    const alice = await w.as('primary@acme.example');
    const dana = await w.as('standard@acme.example');
    const fatima = await w.as('primary@birchwood.example');
    const category = await w.t.db
      .selectFrom('ticket_categories')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const priorities = ['low', 'medium', 'high', 'critical'] as const;
    for (let i = 0; i < 12; i++) {
      w.t.clock.advance(60_000);
      const who = [alice, dana, fatima][i % 3]!;
      made.push(
        await createTicket(who, {
          subject: `List probe ${i} ${i % 2 ? 'odd' : 'even'}`,
          priority: priorities[i % 4],
          ...(i % 4 === 0 ? { categoryId: category.id } : {}),
        }),
      );
    }
  });
  after(() => w.t.close());

  test('search by subject, by #number or number; filters by status, priority, category, client', async () => {
    const tech = await w.as('tech@portico.example');
    assert.deepEqual(await listIds(tech, `q=%23${made[3]!.id}`), [made[3]!.id]);
    assert.ok((await listIds(tech, `q=${made[3]!.id}`)).includes(made[3]!.id));
    const odd = await listIds(tech, 'q=probe%20&sort=created-asc');
    assert.equal(odd.length, 12);
    assert.deepEqual(await listIds(tech, 'q=100%25'), [], 'LIKE wildcards are literal');
    const critical = await listIds(tech, 'q=List%20probe&priority=critical');
    assert.deepEqual(
      critical.sort(),
      made
        .filter((_, i) => i % 4 === 3)
        .map((t) => t.id)
        .sort(),
    );
    const category = await listIds(tech, `q=List%20probe&categoryId=${made[0]!.categoryId}`);
    assert.deepEqual(critical.length, 3);
    assert.deepEqual(category.sort(), [made[0]!.id, made[4]!.id, made[8]!.id].sort());
    const birch = await listIds(tech, `q=List%20probe&clientId=${w.birchId}`);
    assert.deepEqual(
      birch.sort(),
      made
        .filter((_, i) => i % 3 === 2)
        .map((t) => t.id)
        .sort(),
    );
    await patchTicket(tech, made[1]!.id, { status: 'closed' });
    assert.ok(!(await listIds(tech, 'q=List%20probe')).includes(made[1]!.id), '"all" is open tickets');
    assert.deepEqual(await listIds(tech, 'q=List%20probe&status=closed'), [made[1]!.id]);
    // Unknown filters and bad values are 400.
    assert.equal((await tech.get('/api/v1/tickets?status=bogus')).statusCode, 400);
    assert.equal((await tech.get('/api/v1/tickets?cursor=garbage')).statusCode, 400);
  });

  test('keyset pagination walks every row once in each sort', async () => {
    const tech = await w.as('tech@portico.example');
    for (const sort of ['updated-desc', 'updated-asc', 'created-desc', 'created-asc']) {
      const seen: number[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res = await tech.get(
          `/api/v1/tickets?q=List%20probe&status=new,closed&sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
        );
        assert.equal(res.statusCode, 200, res.body);
        seen.push(...(res.json().items as TicketListItem[]).map((i) => i.id));
        cursor = res.json().nextCursor;
        if (!cursor) break;
      }
      assert.equal(seen.length, 12, sort);
      assert.equal(new Set(seen).size, 12, sort);
      const expected = made.map((t) => t.id);
      if (sort === 'created-asc') assert.deepEqual(seen, expected);
      if (sort === 'created-desc') assert.deepEqual(seen, [...expected].reverse());
    }
  });

  test('staff views: unassigned, mine, waiting on client; saved views per person', async () => {
    const tech = await w.as('tech@portico.example');
    const techId = await w.accountId('tech@portico.example');
    await patchTicket(tech, made[2]!.id, { assigneeAccountId: techId });
    await postMessage(tech, made[5]!.id, { body: 'Need info', status: 'waiting-on-client' });
    assert.deepEqual(await listIds(tech, 'view=mine&q=List%20probe'), [made[2]!.id]);
    assert.ok(!(await listIds(tech, 'view=unassigned&q=List%20probe')).includes(made[2]!.id));
    assert.ok((await listIds(tech, 'view=unassigned&q=List%20probe')).includes(made[3]!.id));
    assert.deepEqual(await listIds(tech, 'view=waiting-on-client&q=List%20probe'), [made[5]!.id]);

    const saved = await tech.post('/api/v1/ticket-views', {
      name: 'Critical ones',
      filters: { priority: ['critical'], q: 'List probe' },
    });
    assert.equal(saved.statusCode, 201, saved.body);
    const dup = await tech.post('/api/v1/ticket-views', { name: 'Critical ones', filters: {} });
    assert.equal(dup.statusCode, 400);
    const viaView = await listIds(tech, `savedViewId=${saved.json().id}`);
    assert.deepEqual(
      viaView.sort(),
      made
        .filter((_, i) => i % 4 === 3)
        .map((t) => t.id)
        .sort(),
    );
    // Filters given in the query override the saved ones.
    assert.deepEqual(
      await listIds(tech, `savedViewId=${saved.json().id}&priority=low`),
      [made[0]!.id, made[4]!.id, made[8]!.id].sort((a, b) => b - a),
    );

    const admin = await w.as('admin@portico.example');
    assert.deepEqual((await admin.get('/api/v1/ticket-views')).json().items, []);
    assert.equal((await admin.get(`/api/v1/tickets?savedViewId=${saved.json().id}`)).statusCode, 404);
    assert.equal((await admin.request('DELETE', `/api/v1/ticket-views/${saved.json().id}`)).statusCode, 404);
    assert.equal((await tech.get('/api/v1/ticket-views')).json().items.length, 1);
    assert.equal((await tech.request('DELETE', `/api/v1/ticket-views/${saved.json().id}`)).statusCode, 200);
    assert.deepEqual((await tech.get('/api/v1/ticket-views')).json().items, []);
  });

  test('the API document lists the ticket routes under the tickets tag', async () => {
    const doc = (await w.t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const [path, method] of [
      ['/api/v1/tickets', 'get'],
      ['/api/v1/tickets', 'post'],
      ['/api/v1/tickets/{ticketId}', 'patch'],
      ['/api/v1/tickets/{ticketId}/messages', 'post'],
      ['/api/v1/tickets/{ticketId}/merge', 'post'],
      ['/api/v1/tickets/bulk', 'post'],
      ['/api/v1/ticket-views', 'get'],
      ['/api/v1/events', 'get'],
    ] as const) {
      assert.deepEqual(doc.paths[path]?.[method]?.tags, ['tickets'], `${method} ${path}`);
    }
  });

  test('assignees: active staff who may work tickets', async () => {
    const res = await (await w.as('readonly@portico.example')).get('/api/v1/tickets/assignees');
    assert.equal(res.statusCode, 200);
    const emails = (res.json().items as { email: string }[]).map((i) => i.email).sort();
    assert.ok(emails.includes('tech@portico.example'));
    assert.ok(emails.includes('admin@portico.example'));
    assert.ok(!emails.includes('billing@portico.example'));
    assert.ok(!emails.includes('readonly@portico.example'));
  });

  test('a list costs the same number of queries for 5 rows as for 50', async () => {
    const tech = await w.as('tech@portico.example');
    const alice = await w.as('primary@acme.example');
    const savedView = await tech.post('/api/v1/ticket-views', {
      name: 'All probes',
      filters: { q: 'probe' },
    });
    const counted = async (client: Client, url: string) => {
      await client.get(url); // warm caches (settings) so both runs see the same
      let n = 0;
      w.t.database.onQuery = () => {
        n += 1;
      };
      try {
        const res = await client.get(url);
        assert.equal(res.statusCode, 200, res.body);
        return { n, items: res.json().items.length as number };
      } finally {
        w.t.database.onQuery = undefined;
      }
    };
    for (const [client, base] of [
      [tech, '/api/v1/tickets?status=new,open,closed,waiting-on-client'],
      [tech, `/api/v1/tickets?savedViewId=${savedView.json().id}&status=new,open,closed,waiting-on-client`],
      [tech, '/api/v1/tickets?view=breaching-soon'],
      [alice, '/api/v1/tickets?scope=company'],
      [alice, '/api/v1/tickets'],
    ] as const) {
      const join = base.includes('?') ? '&' : '?';
      const small = await counted(client, `${base}${join}limit=2`);
      const large = await counted(client, `${base}${join}limit=50`);
      assert.equal(small.n, large.n, `${base}: ${small.n} vs ${large.n} queries`);
      assert.ok(small.n <= 4, `${base}: ${small.n} queries`);
      if (!base.includes('breaching')) assert.ok(large.items > small.items, `${base}: pages differ in size`);
    }
  });
});
