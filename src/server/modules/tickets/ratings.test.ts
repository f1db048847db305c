import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  RatingListResponse,
  RatingSummary,
  TicketRatingResponse,
} from '../../../shared/schemas/ratings.ts';
import { Client, errorOf } from '../../test/harness.ts';
import { createTicket, patchTicket, type TicketsWorld, ticketsWorld } from './test-helpers.ts';

describe('tickets: satisfaction ratings', () => {
  let w: TicketsWorld;
  let techId: number;
  let adminId: number;
  before(async () => {
    w = await ticketsWorld();
    techId = await w.accountId('tech@portico.example');
    adminId = await w.accountId('admin@portico.example');
  });
  after(() => w.t.close());

  /** A ticket raised by `requester`, assigned to `assignee` and resolved by staff. */
  async function resolvedTicket(requester: Client, assignee: number, subject = 'Printer offline') {
    const tech = await w.as('tech@portico.example');
    const created = await createTicket(requester, { subject });
    await patchTicket(tech, created.id, { assigneeAccountId: assignee, status: 'resolved' });
    return created.id;
  }

  async function ratingOf(client: Client, id: number): Promise<TicketRatingResponse> {
    const res = await client.get(`/api/v1/tickets/${id}/rating`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as TicketRatingResponse;
  }

  const rowsOf = (ticketId: number) =>
    w.t.db.selectFrom('ticket_ratings').selectAll().where('ticket_id', '=', ticketId).execute();
  const eventsOf = async (ticketId: number) =>
    (
      await w.t.db
        .selectFrom('domain_events')
        .select(['name', 'payload'])
        .where('name', '=', 'ticket.rated')
        .execute()
    )
      .map((e) => JSON.parse(e.payload) as { ticketId: number })
      .filter((p) => p.ticketId === ticketId);
  const auditsOf = (ticketId: number) =>
    w.t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'ticket.rated')
      .where('target_id', '=', ticketId)
      .execute();

  test('the requester rates a resolved ticket once; a second attempt is a 409 and changes nothing', async () => {
    const dana = await w.as('standard@acme.example');
    const tech = await w.as('tech@portico.example');
    const created = await createTicket(dana, { subject: 'Scanner jams' });
    // Not before it is resolved.
    assert.equal((await ratingOf(dana, created.id)).canRate, false);
    const early = await dana.post(`/api/v1/tickets/${created.id}/rating`, { rating: 'good' });
    assert.equal(early.statusCode, 409, early.body);
    assert.equal(errorOf(early).reason, 'ticket_not_resolved');
    assert.equal((await rowsOf(created.id)).length, 0);

    await patchTicket(tech, created.id, { assigneeAccountId: techId, status: 'resolved' });
    assert.deepEqual(await ratingOf(dana, created.id), { rating: null, canRate: true });

    const res = await dana.post(`/api/v1/tickets/${created.id}/rating`, {
      rating: 'good',
      comment: '  Fixed in ten minutes, thank you.  ',
    });
    assert.equal(res.statusCode, 201, res.body);
    const rated = res.json() as TicketRatingResponse;
    assert.equal(rated.canRate, false);
    assert.equal(rated.rating?.rating, 'good');
    assert.equal(rated.rating?.comment, 'Fixed in ten minutes, thank you.');
    assert.equal(rated.rating?.ratedByName, 'Dana Kowalski');
    assert.equal(rated.rating?.technicianName, 'Tariq Haddad');

    const again = await dana.post(`/api/v1/tickets/${created.id}/rating`, {
      rating: 'bad',
      comment: 'Changed my mind',
    });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(errorOf(again).reason, 'ticket_already_rated');
    const rows = await rowsOf(created.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.rating, 'good');
    assert.equal(rows[0]?.technician_account_id, techId);
    assert.equal(rows[0]?.client_id, w.acmeId);
    assert.equal(rows[0]?.contact_id, await w.contactId('standard@acme.example'));
    // The event and the audit were written once, with the rating.
    const events = await eventsOf(created.id);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0], {
      ticketId: created.id,
      clientId: w.acmeId,
      ratingId: rows[0]?.id,
      rating: 'good',
      contactId: rows[0]?.contact_id,
      technicianAccountId: techId,
      at: rows[0]?.created_at,
    });
    assert.equal((await auditsOf(created.id)).length, 1);

    // Staff and colleagues who may see the ticket read it; staff see it on the ticket too.
    assert.equal((await ratingOf(tech, created.id)).rating?.comment, 'Fixed in ten minutes, thank you.');
    const alice = await w.as('primary@acme.example');
    assert.equal((await ratingOf(alice, created.id)).rating?.rating, 'good');
  });

  test('only the requester: a colleague is refused, anyone who may not see the ticket gets 404', async () => {
    const dana = await w.as('standard@acme.example');
    const id = await resolvedTicket(dana, techId, 'Mail bounces');
    const alice = await w.as('primary@acme.example');
    const colleague = await alice.post(`/api/v1/tickets/${id}/rating`, { rating: 'bad' });
    assert.equal(colleague.statusCode, 403, colleague.body);
    assert.equal((await ratingOf(alice, id)).canRate, false);

    const evan = await w.as('readonly@acme.example');
    const other = await evan.post(`/api/v1/tickets/${id}/rating`, { rating: 'bad' });
    assert.equal(other.statusCode, 404, other.body);
    assert.equal((await evan.get(`/api/v1/tickets/${id}/rating`)).statusCode, 404);

    const fatima = await w.as('primary@birchwood.example');
    const otherClient = await fatima.post(`/api/v1/tickets/${id}/rating`, { rating: 'bad' });
    assert.equal(otherClient.statusCode, 404, otherClient.body);
    assert.equal((await fatima.get(`/api/v1/tickets/${id}/rating`)).statusCode, 404);

    const tech = await w.as('tech@portico.example');
    const staff = await tech.post(`/api/v1/tickets/${id}/rating`, { rating: 'good' });
    assert.equal(staff.statusCode, 403, staff.body);
    assert.equal((await ratingOf(tech, id)).canRate, false);

    const anonymous = await new Client(w.t.app).post(`/api/v1/tickets/${id}/rating`, { rating: 'good' });
    assert.equal(anonymous.statusCode, 401);

    // Bad input: nothing written.
    const meh = await dana.post(`/api/v1/tickets/${id}/rating`, { rating: 'meh' });
    assert.equal(meh.statusCode, 400);
    assert.ok(errorOf(meh).fields?.rating);
    const long = await dana.post(`/api/v1/tickets/${id}/rating`, {
      rating: 'bad',
      comment: 'x'.repeat(2001),
    });
    assert.equal(long.statusCode, 400);
    assert.ok(errorOf(long).fields?.comment);
    assert.equal((await rowsOf(id)).length, 0);
    assert.equal((await eventsOf(id)).length, 0);
  });

  test('staff summary per technician and per client, and the keyset list of recent ratings', async () => {
    // A fresh range: ratings before now (demo data, earlier tests) fall outside it.
    w.t.clock.advance(400 * 86_400_000);
    w.forgetSessions();
    const from = w.t.clock().toISOString();
    const dana = await w.as('standard@acme.example');
    const fatima = await w.as('primary@birchwood.example');
    const plan: [Client, number, 'good' | 'bad'][] = [
      [dana, techId, 'good'],
      [dana, techId, 'good'],
      [dana, techId, 'bad'],
      [fatima, techId, 'good'],
      [fatima, adminId, 'bad'],
    ];
    const ids: number[] = [];
    for (const [who, assignee, rating] of plan) {
      const id = await resolvedTicket(who, assignee);
      w.t.clock.advance(60_000);
      const res = await who.post(`/api/v1/tickets/${id}/rating`, { rating });
      assert.equal(res.statusCode, 201, res.body);
      ids.push(id);
    }
    w.t.clock.advance(60_000);
    const to = w.t.clock().toISOString();
    const owner = await w.as('admin@portico.example');
    const res = await owner.get(`/api/v1/ratings/summary?from=${from}&to=${to}`);
    assert.equal(res.statusCode, 200, res.body);
    const summary = res.json() as RatingSummary;
    assert.deepEqual(summary.total, { good: 3, bad: 2, percentGood: 60 });
    assert.deepEqual(summary.technicians, [
      { accountId: techId, name: 'Tariq Haddad', good: 3, bad: 1, percentGood: 75 },
      { accountId: adminId, name: 'Adam Achebe', good: 0, bad: 1, percentGood: 0 },
    ]);
    assert.deepEqual(summary.clients, [
      { clientId: w.acmeId, name: 'Acme Manufacturing', good: 2, bad: 1, percentGood: 67 },
      { clientId: w.birchId, name: 'Birchwood Dental', good: 1, bad: 1, percentGood: 50 },
    ]);
    const acme = (
      await owner.get(`/api/v1/ratings/summary?from=${from}&to=${to}&clientId=${w.acmeId}`)
    ).json();
    assert.deepEqual(acme.total, { good: 2, bad: 1, percentGood: 67 });
    const backwards = await owner.get(`/api/v1/ratings/summary?from=${to}&to=${from}`);
    assert.equal(backwards.statusCode, 400);

    // Newest first, two at a time, every rating once.
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Client['get']>> = await owner.get(
        `/api/v1/ratings?from=${from}&to=${to}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.equal(page.statusCode, 200, page.body);
      const body = page.json() as RatingListResponse;
      assert.ok(body.items.length <= 2);
      seen.push(...body.items.map((i) => i.ticketId));
      cursor = body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [...ids].reverse());
    const bad = (
      await owner.get(`/api/v1/ratings?from=${from}&to=${to}&rating=bad`)
    ).json() as RatingListResponse;
    assert.deepEqual(
      bad.items.map((i) => [i.ticketId, i.clientName, i.technicianName]),
      [
        [ids[4], 'Birchwood Dental', 'Adam Achebe'],
        [ids[2], 'Acme Manufacturing', 'Tariq Haddad'],
      ],
    );

    // Staff only.
    assert.equal((await dana.get('/api/v1/ratings/summary')).statusCode, 403);
    assert.equal((await dana.get('/api/v1/ratings')).statusCode, 403);
  });

  test('a ticket merged into another is not rated: 409 ticket_merged, nothing written; a reopened ticket keeps its rating', async () => {
    const dana = await w.as('standard@acme.example');
    const tech = await w.as('tech@portico.example');
    const source = await resolvedTicket(dana, techId, 'Monitor flickers');
    const target = await createTicket(dana, { subject: 'Screens at desk 4' });
    const merged = await tech.post(`/api/v1/tickets/${source}/merge`, { intoTicketId: target.id });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal((await ratingOf(dana, source)).canRate, false);
    const res = await dana.post(`/api/v1/tickets/${source}/rating`, { rating: 'bad' });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(errorOf(res).reason, 'ticket_merged');
    assert.match(errorOf(res).message, new RegExp(`#${target.id}`));
    assert.equal((await rowsOf(source)).length, 0);
    assert.equal((await eventsOf(source)).length, 0);

    // Rated, reopened by staff and resolved again: the rating stays, and a second one is still refused.
    const other = await resolvedTicket(dana, techId, 'Dock not charging');
    assert.equal((await dana.post(`/api/v1/tickets/${other}/rating`, { rating: 'good' })).statusCode, 201);
    await patchTicket(tech, other, { status: 'open' });
    await patchTicket(tech, other, { status: 'resolved' });
    const after = await ratingOf(dana, other);
    assert.equal(after.rating?.rating, 'good');
    assert.equal(after.canRate, false);
    const again = await dana.post(`/api/v1/tickets/${other}/rating`, { rating: 'bad' });
    assert.equal(errorOf(again).reason, 'ticket_already_rated');
    assert.equal((await rowsOf(other)).length, 1);
  });
});
