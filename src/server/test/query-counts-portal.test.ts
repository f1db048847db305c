/**
 * Query counts of the portal's ticket page and home metrics (issue 14): a fixed number of statements
 * whatever the ticket's history (status changes, replies, SLA entries) or the company's ticket count.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, OWNER, setUp, type TestApp } from './harness.ts';

async function count(t: TestApp, client: Client, url: string): Promise<{ queries: number; body: unknown }> {
  const warm = await client.get(url);
  assert.equal(warm.statusCode, 200, `${url}: ${warm.body}`);
  const sql: string[] = [];
  t.database.onQuery = (event) => {
    sql.push(event.query.sql);
  };
  try {
    const res = await client.get(url);
    assert.equal(res.statusCode, 200, res.body);
    return { queries: sql.length, body: res.json() };
  } finally {
    t.database.onQuery = undefined;
  }
}

describe('query counts: the portal ticket page and home metrics', () => {
  let t: TestApp;
  let owner: Client;
  let alice: Client;

  before(async () => {
    t = await createTestApp({ env: { SESSION_REMEMBER_DAYS: '365' } });
    owner = await setUp(t, { demo: true });
    await owner.login(OWNER.email, OWNER.password, true);
    alice = new Client(t.app);
    await alice.login('primary@acme.example', 'portico-demo', true);
  });
  after(() => t.close());

  test('GET /api/v1/tickets/:ticketId (contact): the same statements for a long SLA history', async () => {
    const created = await alice.post('/api/v1/tickets', { subject: 'Qc history', description: 'Grows.' });
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { id: number }).id;
    const small = await count(t, alice, `/api/v1/tickets/${id}`);
    for (let i = 0; i < 6; i++) {
      t.clock.advance(60_000);
      await owner.post(`/api/v1/tickets/${id}/messages`, {
        body: `Question ${i}`,
        status: 'waiting-on-client',
      });
      t.clock.advance(60_000);
      await alice.post(`/api/v1/tickets/${id}/messages`, { body: `Answer ${i}` });
    }
    const large = await count(t, alice, `/api/v1/tickets/${id}`);
    const history = (large.body as { slaHistory: unknown[] }).slaHistory;
    assert.ok(history.length >= 12, `${history.length} history entries`);
    assert.equal(large.queries, small.queries);
  });

  test('GET /api/v1/portal/home/metrics: the same statements for more tickets', async () => {
    const small = await count(t, alice, '/api/v1/portal/home/metrics');
    for (let i = 0; i < 5; i++) {
      await alice.post('/api/v1/tickets', { subject: `Qc metrics ${i}`, description: 'More.' });
    }
    const large = await count(t, alice, '/api/v1/portal/home/metrics');
    assert.equal((large.body as { open: number }).open, (small.body as { open: number }).open + 5);
    assert.equal(large.queries, small.queries);
    assert.ok(large.queries <= 4, `${large.queries} statements`);
  });
});
