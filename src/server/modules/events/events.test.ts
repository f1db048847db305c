/**
 * Server-Sent Events over a real listening server: what each person's stream hears, and what it never
 * does. On PostgreSQL, two app instances on one database share events through LISTEN/NOTIFY.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { LiveEvent } from '../../../shared/schemas/tickets.ts';
import { buildApp } from '../../app.ts';
import { createDatabase } from '../../platform/db/db.ts';
import { Client, OWNER, testDialect } from '../../test/harness.ts';
import { createTicket, postMessage, type TicketsWorld, ticketsWorld } from '../tickets/test-helpers.ts';
import { AUTO_CLOSE_JOB, SLA_SWEEP_JOB } from '../tickets/tickets.jobs.ts';
import { liveTiming } from './events.routes.ts';

interface Stream {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: LiveEvent[];
  text(): string;
  ended: Promise<void>;
  /** Resolves with the first event matching, or rejects after `ms`. */
  waitFor(match: (e: LiveEvent) => boolean, ms?: number): Promise<LiveEvent>;
  close(): void;
}

const open: Stream[] = [];

function cookieHeader(client: Client): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

function connect(app: FastifyInstance, client: Client, query = ''): Promise<Stream> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: `/api/v1/events${query}`,
        headers: { accept: 'text/event-stream', cookie: cookieHeader(client) },
      },
      (res) => {
        let buffer = '';
        let all = '';
        const events: LiveEvent[] = [];
        const waiters: { match: (e: LiveEvent) => boolean; resolve: (e: LiveEvent) => void }[] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          all += chunk;
          buffer += chunk;
          let at = buffer.indexOf('\n\n');
          while (at >= 0) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            const lines = block.split('\n');
            if (lines.includes('event: ticket')) {
              const data = lines.find((l) => l.startsWith('data: '));
              if (data) {
                const event = JSON.parse(data.slice(6)) as LiveEvent;
                events.push(event);
                for (const w of [...waiters]) {
                  if (w.match(event)) {
                    waiters.splice(waiters.indexOf(w), 1);
                    w.resolve(event);
                  }
                }
              }
            }
            at = buffer.indexOf('\n\n');
          }
        });
        const ended = new Promise<void>((done) => {
          res.on('end', done);
          res.on('close', done);
          res.on('error', () => done());
        });
        const stream: Stream = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          events,
          text: () => all,
          ended,
          waitFor(match, ms = 30_000) {
            const found = events.find(match);
            if (found) return Promise.resolve(found);
            return new Promise((ok, fail) => {
              const timer = setTimeout(
                () => fail(new Error(`no matching event within ${ms} ms: ${all}`)),
                ms,
              );
              waiters.push({
                match,
                resolve: (e) => {
                  clearTimeout(timer);
                  ok(e);
                },
              });
            });
          },
          close() {
            req.destroy();
          },
        };
        open.push(stream);
        resolve(stream);
      },
    );
    req.on('error', reject);
  });
}

const is = (type: LiveEvent['type'], ticketId: number) => (e: LiveEvent) =>
  e.type === type && e.ticketId === ticketId;

describe('live events over Server-Sent Events', () => {
  let w: TicketsWorld;
  const timing = { ...liveTiming };
  before(async () => {
    w = await ticketsWorld();
    await w.t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
    Object.assign(liveTiming, timing);
  });
  after(() => w.t.close());

  test('the stream: headers, retry, a first resync, heartbeats; refused without Accept or a session', async () => {
    liveTiming.heartbeatMs = 100;
    const tech = await w.as('tech@portico.example');
    const s = await connect(w.t.app, tech);
    assert.equal(s.status, 200);
    assert.match(String(s.headers['content-type']), /^text\/event-stream/);
    assert.equal(s.headers['cache-control'], 'no-store');
    assert.equal(s.headers['x-accel-buffering'], 'no');
    assert.equal(s.headers['x-content-type-options'], 'nosniff');
    assert.ok(s.headers['content-security-policy'], 'the security headers the app sets are kept');
    assert.equal(s.headers['content-encoding'], undefined, 'never compressed');
    await s.waitFor((e) => e.type === 'resync' && e.ticketId === null);
    assert.match(s.text(), /^retry: 3000\n\n/);
    // Wait for the first heartbeat however slow the machine is (30 s at least before giving up).
    for (let i = 0; i < 1500 && !/: keep-alive\n\n/.test(s.text()); i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.match(s.text(), /: keep-alive\n\n/);

    const plain = await tech.get('/api/v1/events');
    assert.equal(plain.statusCode, 400);
    const anon = await new Client(w.t.app).get('/api/v1/events', { accept: 'text/event-stream' });
    assert.equal(anon.statusCode, 401);
  });

  test('each stream hears only what its person may see; internal notes reach staff only', async () => {
    const tech = await w.as('tech@portico.example');
    const alice = await w.as('primary@acme.example'); // Acme, all company tickets
    const dana = await w.as('standard@acme.example'); // Acme, own tickets only
    const fatima = await w.as('primary@birchwood.example'); // another client
    const sTech = await connect(w.t.app, tech);
    const sAlice = await connect(w.t.app, alice);
    const sDana = await connect(w.t.app, dana);
    const sFatima = await connect(w.t.app, fatima);
    for (const s of [sTech, sAlice, sDana, sFatima]) await s.waitFor((e) => e.type === 'resync');

    const ticket = await createTicket(alice, { subject: 'Live probe' });
    await sTech.waitFor(is('ticket.created', ticket.id));
    await sAlice.waitFor(is('ticket.created', ticket.id));
    const note = await postMessage(tech, ticket.id, { body: 'internal only', internal: true });
    assert.ok(note.internal);
    await sTech.waitFor(is('ticket.message', ticket.id));
    await postMessage(tech, ticket.id, { body: 'public reply' });
    await sAlice.waitFor(is('ticket.message', ticket.id));
    assert.equal(
      sTech.events.filter((e) => e.ticketId === ticket.id && e.type === 'ticket.message').length,
      2,
    );
    assert.equal(
      sAlice.events.filter((e) => e.ticketId === ticket.id && e.type === 'ticket.message').length,
      1,
      'the internal note never reaches the contact',
    );

    // Sentinels: each of Dana and Fatima raises a ticket of their own; their streams hear it, and
    // (events arrive in order) nothing before it about Alice's ticket.
    const danaOwn = await createTicket(dana, { subject: 'Dana sentinel' });
    const fatimaOwn = await createTicket(fatima, { subject: 'Fatima sentinel' });
    await sDana.waitFor(is('ticket.created', danaOwn.id));
    await sFatima.waitFor(is('ticket.created', fatimaOwn.id));
    assert.deepEqual(
      sDana.events.filter((e) => e.ticketId === ticket.id),
      [],
    );
    assert.deepEqual(
      sFatima.events.filter((e) => e.ticketId !== fatimaOwn.id && e.ticketId !== null),
      [],
    );
    await sAlice.waitFor(is('ticket.created', danaOwn.id)); // Alice sees her company's
    assert.ok(!sAlice.events.some((e) => e.ticketId === fatimaOwn.id));

    // Once Dana watches Alice's ticket, she hears of it.
    await tech.post(`/api/v1/tickets/${ticket.id}/watchers`, {
      contactId: await w.contactId('standard@acme.example'),
    });
    await sDana.waitFor(is('ticket.updated', ticket.id));
    await postMessage(tech, ticket.id, { body: 'for the watchers' });
    await sDana.waitFor(is('ticket.message', ticket.id));
    assert.equal(
      sDana.events.filter((e) => e.ticketId === ticket.id && e.type === 'ticket.message').length,
      1,
    );
  });

  test('a portal preview listens with ?preview=1 and hears what the contact would', async () => {
    const owner = new Client(w.t.app);
    await owner.login(OWNER.email, OWNER.password);
    const started = await owner.post(
      `/api/v1/clients/${w.acmeId}/contacts/${await w.contactId('standard@acme.example')}/preview`,
    );
    assert.equal(started.statusCode, 200, started.body);
    const preview = await connect(w.t.app, owner, '?preview=1');
    const staff = await connect(w.t.app, owner);
    await preview.waitFor((e) => e.type === 'resync');
    const alice = await w.as('primary@acme.example');
    const theirs = await createTicket(alice, { subject: 'Not for Dana' });
    const dana = await w.as('standard@acme.example');
    const own = await createTicket(dana, { subject: 'Dana preview probe' });
    await preview.waitFor(is('ticket.created', own.id));
    await staff.waitFor(is('ticket.created', theirs.id));
    assert.ok(
      !preview.events.some((e) => e.ticketId === theirs.id),
      'the preview is scoped like the contact',
    );
  });

  test('background work schedules the SLA sweep and auto-close, once each', async () => {
    await w.t.services.startBackground();
    await w.t.services.startBackground(); // idempotent
    await w.t.services.stopBackground();
    await w.t.services.startBackground(); // a restart writes no second schedule
    await w.t.services.stopBackground();
    const schedules = await w.t.db
      .selectFrom('job_schedules')
      .select(['name', 'kind', 'cron', 'source'])
      .where('name', 'in', [SLA_SWEEP_JOB, AUTO_CLOSE_JOB])
      .orderBy('name')
      .execute();
    assert.deepEqual(schedules, [
      { name: AUTO_CLOSE_JOB, kind: AUTO_CLOSE_JOB, cron: '*/10 * * * *', source: 'code' },
      { name: SLA_SWEEP_JOB, kind: SLA_SWEEP_JOB, cron: '* * * * *', source: 'code' },
    ]);
  });

  test('signing out ends the stream at the next session check', async () => {
    liveTiming.sessionCheckMs = 100;
    const client = new Client(w.t.app);
    await client.login('technical@acme.example', 'portico-demo');
    const s = await connect(w.t.app, client);
    await s.waitFor((e) => e.type === 'resync');
    const out = await client.post('/api/v1/auth/logout');
    assert.ok(out.statusCode < 300, out.body);
    const ended = await Promise.race([
      s.ended.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 30_000)),
    ]);
    assert.equal(ended, true, 'the stream ended');
  });
});

describe('live events across two app instances (PostgreSQL LISTEN/NOTIFY)', () => {
  test('a reply posted to one instance reaches a stream connected to the other', {
    skip: testDialect !== 'postgres' ? 'needs PostgreSQL: set TEST_DATABASE_URL' : false,
  }, async () => {
    const w = await ticketsWorld();
    const database = createDatabase(w.t.config);
    const other = await buildApp({ config: w.t.config, database, clock: w.t.clock, logger: false });
    try {
      await other.app.ready();
      await other.app.listen({ port: 0, host: '127.0.0.1' });
      await Promise.all([w.t.services.events.ready(), other.services.events.ready()]);
      const alice = await w.as('primary@acme.example');
      const ticket = await createTicket(alice, { subject: 'Across instances' });
      // Alice's session works on both instances (one database); her stream is on the other one.
      const stream = await connect(other.app, alice);
      const staffStream = await connect(other.app, await w.as('tech@portico.example'));
      await stream.waitFor((e) => e.type === 'resync');
      const tech = await w.as('tech@portico.example');
      await postMessage(tech, ticket.id, { body: 'internal across', internal: true });
      await staffStream.waitFor(is('ticket.message', ticket.id));
      await postMessage(tech, ticket.id, { body: 'Posted on instance one' });
      await stream.waitFor(is('ticket.message', ticket.id));
      assert.equal(
        stream.events.filter((e) => e.ticketId === ticket.id && e.type === 'ticket.message').length,
        1,
        'the internal note did not cross to the contact',
      );
    } finally {
      for (const s of open.splice(0)) s.close();
      await other.app.close();
      await database.close().catch(() => {});
      await w.t.close();
    }
  });
});
