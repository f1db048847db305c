/**
 * Kill -9 during a stream of ticket submissions (issue 5, item 9).
 *
 * `portico serve` runs as a real process. A signed-in contact streams ticket submissions (some with
 * attachments uploaded first) and replies, several requests in flight at once, and at a seeded moment the
 * server is killed with SIGKILL. Every request that got a 2xx is recorded with what was sent. The server is
 * started again on the same DATA_DIR and database, and then:
 *  - every acknowledged ticket is there once, intact (subject, description, priority, attachment names and
 *    content by SHA-256 of the download), and so is every acknowledged reply;
 *  - an unacknowledged submission may or may not be there, but if it is, it is there once and intact;
 *  - the database is sound (SQLite: integrity_check and foreign_key_check; PostgreSQL: amcheck on every
 *    B-tree index, when the extension is available).
 * Three rounds per database, SQLite and PostgreSQL (skipped with a note when PostgreSQL is unreachable).
 * RELIABILITY_SEED picks another sequence of moments and choices; the figures go to the test diagnostics.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import SqliteDatabase from '../../src/server/platform/db/sqlite-native.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_505);
const ROUNDS = Number(process.env.RELIABILITY_ROUNDS ?? 3);
const IN_FLIGHT = 8;
const OWNER = { name: 'Maya Harbour', email: 'maya@harbour.example', password: 'harbour-owner-passphrase' };
const CONTACT = 'primary@acme.example';
const DEMO_PASSWORD = 'portico-demo';
const STATUSES = 'new,open,in-progress,waiting-on-client,waiting-on-vendor,resolved,closed';
const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;

/** mulberry32: small, fast and reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sha256 = (data: Buffer | Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** A fetch client with a cookie jar that sends the CSRF header on writes, like the web app. */
class Http {
  readonly jar = new Map<string, string>();
  constructor(public base: string) {}

  csrf(): string | undefined {
    for (const [name, value] of this.jar) if (name.endsWith('portico_csrf')) return value;
    return undefined;
  }

  async request(method: string, url: string, body?: unknown): Promise<Response> {
    if (method !== 'GET' && !this.csrf()) await (await this.request('GET', '/api/v1/auth/csrf')).text();
    const headers: Record<string, string> = {};
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf() ?? '';
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const cleared = value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (cleared) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  async json<T = Record<string, unknown>>(method: string, url: string, body?: unknown, expect = 200) {
    const res = await this.request(method, url, body);
    const text = await res.text();
    assert.equal(res.status, expect, `${method} ${url}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async login(email: string, password: string) {
    await this.json('POST', '/api/v1/auth/login', { email, password, remember: true });
  }
}

interface SentFile {
  name: string;
  sha: string;
}
interface SentTicket {
  subject: string;
  description: string;
  priority: (typeof PRIORITIES)[number];
  files: SentFile[];
  round: number;
  /** Set when the server answered 2xx. */
  id?: number;
}
interface SentReply {
  ticketId: number;
  body: string;
  round: number;
  id?: number;
}

interface Figures {
  ticketsSent: number;
  ticketsAcknowledged: number;
  ticketsWithFiles: number;
  replyAttempts: number;
  repliesAcknowledged: number;
  inFlightAtKill: number;
}

/** One database's world: its data directory, its database, the records of what was sent. */
class World {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'portico-kill9-'));
  readonly secrets = {
    SESSION_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  };
  readonly tickets: SentTicket[] = [];
  readonly replies: SentReply[] = [];
  server: RunningServer | undefined;
  readonly contact = new Http('');
  readonly staff = new Http('');
  constructor(
    readonly dialect: 'sqlite' | 'postgres',
    readonly databaseUrl: string,
    readonly rand: () => number,
  ) {}

  get env(): Record<string, string> {
    return { ...this.secrets, DATA_DIR: this.dataDir, DATABASE_URL: this.databaseUrl, LOG_LEVEL: 'error' };
  }

  async start() {
    this.server = await startServer({ env: this.env });
    this.contact.base = this.server.url;
    this.staff.base = this.server.url;
  }

  async setUp() {
    await this.json201(this.staff, '/api/v1/setup', {
      organisationName: 'Harbour IT',
      ownerName: OWNER.name,
      ownerEmail: OWNER.email,
      ownerPassword: OWNER.password,
      loadDemo: true,
    });
    await this.staff.login(OWNER.email, OWNER.password);
    await this.contact.login(CONTACT, DEMO_PASSWORD);
  }

  private async json201(client: Http, url: string, body: unknown) {
    return client.json('POST', url, body, 201);
  }

  /** Kills the server with SIGKILL and waits until the process is gone. */
  async kill(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const gone = new Promise<void>((resolve) => {
      if (server.process.exitCode !== null || server.process.signalCode !== null) resolve();
      else server.process.once('exit', () => resolve());
    });
    server.process.kill('SIGKILL');
    await gone;
    assert.equal(server.process.signalCode, 'SIGKILL', 'the server died of SIGKILL, not by itself');
    // Removes only startServer's own (unused) temporary directory; DATA_DIR is ours.
    await server.dispose();
    this.server = undefined;
  }

  /** Streams submissions with IN_FLIGHT requests at a time; SIGKILLs the server at a seeded moment. */
  async streamAndKill(round: number): Promise<Figures> {
    const rand = this.rand;
    const killAfterAcks = 15 + Math.floor(rand() * 40);
    const extraDelayMs = Math.floor(rand() * 40);
    const figures: Figures = {
      ticketsSent: 0,
      ticketsAcknowledged: 0,
      ticketsWithFiles: 0,
      replyAttempts: 0,
      repliesAcknowledged: 0,
      inFlightAtKill: 0,
    };
    let acks = 0;
    let inFlight = 0;
    let stopped = false;
    let serial = 0;
    let killed: () => void = () => {};
    const killSignal = new Promise<void>((resolve) => {
      killed = resolve;
    });
    const unexpected: string[] = [];
    const acked = () => {
      acks += 1;
      if (acks === killAfterAcks) {
        setTimeout(() => {
          stopped = true;
          figures.inFlightAtKill = inFlight;
          this.kill().then(killed, (e: unknown) => {
            unexpected.push(`kill: ${String(e)}`);
            killed();
          });
        }, extraDelayMs);
      }
    };
    const ok = (res: Response, text: string, what: string) => {
      if (res.ok) return true;
      // A 5xx while the process dies is possible in principle; anything else is a bug in the test or app.
      if (!stopped) unexpected.push(`${what}: ${res.status} ${text.slice(0, 300)}`);
      return false;
    };

    const submitTicket = async () => {
      const n = ++serial;
      const tag = `r${round}-${n}-${randomBytes(3).toString('hex')}`;
      // Every fourth submission carries files (one or two), uploaded first.
      const fileCount = n % 4 === 0 ? 1 + (n % 8 === 0 ? 1 : 0) : 0;
      const ticket: SentTicket = {
        subject: `Kill9 ${this.dialect} ${tag} printer queue stuck`,
        description: `Submission ${tag}.\n\n- Überprüft: the **spooler** restarted ${Math.floor(rand() * 1e9)}\n- Zeilen: ${'x'.repeat(Math.floor(rand() * 2000))}`,
        priority: PRIORITIES[Math.floor(rand() * PRIORITIES.length)] ?? 'medium',
        files: [],
        round,
      };
      const attachmentIds: number[] = [];
      for (let i = 0; i < fileCount; i += 1) {
        const content = `log ${tag} file ${i}\n${randomBytes(1 + Math.floor(rand() * 48_000)).toString('base64')}\n`;
        const name = `spooler-${tag}-${i}.log`;
        const form = new FormData();
        form.append('file', new Blob([content], { type: 'text/plain' }), name);
        inFlight += 1;
        try {
          const res = await this.contact.request('POST', '/api/v1/uploads', form);
          const text = await res.text();
          if (!ok(res, text, 'upload')) return;
          attachmentIds.push((JSON.parse(text) as { id: number }).id);
          ticket.files.push({ name, sha: sha256(content) });
        } finally {
          inFlight -= 1;
        }
        if (stopped) return;
      }
      this.tickets.push(ticket);
      figures.ticketsSent += 1;
      if (ticket.files.length) figures.ticketsWithFiles += 1;
      inFlight += 1;
      try {
        const res = await this.contact.request('POST', '/api/v1/tickets', {
          subject: ticket.subject,
          description: ticket.description,
          priority: ticket.priority,
          attachmentIds,
        });
        const text = await res.text();
        if (!ok(res, text, 'ticket')) return;
        ticket.id = (JSON.parse(text) as { id: number }).id;
        figures.ticketsAcknowledged += 1;
        acked();
      } finally {
        inFlight -= 1;
      }
    };

    const postReply = async () => {
      const targets = this.tickets.filter((t) => t.id !== undefined);
      const target = targets[Math.floor(rand() * targets.length)];
      if (!target?.id) return submitTicket();
      const n = ++serial;
      const reply: SentReply = {
        ticketId: target.id,
        body: `Reply r${round}-${n}-${randomBytes(3).toString('hex')}: still stuck after a reboot.`,
        round,
      };
      this.replies.push(reply);
      figures.replyAttempts += 1;
      inFlight += 1;
      try {
        const res = await this.contact.request('POST', `/api/v1/tickets/${target.id}/messages`, {
          body: reply.body,
        });
        const text = await res.text();
        if (!ok(res, text, 'reply')) return;
        reply.id = (JSON.parse(text) as { id: number }).id;
        figures.repliesAcknowledged += 1;
        acked();
      } finally {
        inFlight -= 1;
      }
    };

    const worker = async () => {
      while (!stopped) {
        try {
          if (rand() < 0.3) await postReply();
          else await submitTicket();
        } catch {
          // The connection broke: the server was killed (or is being killed). Not acknowledged.
          if (!stopped) await new Promise((r) => setTimeout(r, 5));
        }
      }
    };
    const workers = Array.from({ length: IN_FLIGHT }, () => worker());
    const timeout = setTimeout(() => {
      if (!stopped) unexpected.push(`fewer than ${killAfterAcks} acknowledgements within 120 s`);
      stopped = true;
      this.kill().then(killed, killed);
    }, 120_000);
    await Promise.all(workers);
    await killSignal;
    clearTimeout(timeout);
    assert.deepEqual(unexpected, [], 'answers other than 2xx before the kill');
    return figures;
  }

  /** Checks the stored database itself while the server is down. */
  async checkDatabase(): Promise<string> {
    if (this.dialect === 'sqlite') {
      const sqlite = new SqliteDatabase(path.join(this.dataDir, 'portico.db'));
      try {
        const integrity = sqlite.pragma('integrity_check') as { integrity_check: string }[];
        assert.deepEqual(
          integrity.map((r) => r.integrity_check),
          ['ok'],
          'pragma integrity_check',
        );
        assert.deepEqual(sqlite.pragma('foreign_key_check'), [], 'pragma foreign_key_check');
        return 'integrity_check ok, foreign_key_check clean';
      } finally {
        sqlite.close();
      }
    }
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      try {
        await client.query('create extension if not exists amcheck');
      } catch (e) {
        return `amcheck not available (${(e as Error).message}); PostgreSQL recovery not checked further`;
      }
      const indexes = await client.query<{ name: string }>(
        `select c.oid::regclass::text as name from pg_index i
           join pg_class c on c.oid = i.indexrelid
           join pg_namespace n on n.oid = c.relnamespace
           join pg_am am on am.oid = c.relam
          where n.nspname = 'public' and am.amname = 'btree'`,
      );
      for (const { name } of indexes.rows) {
        await client.query('select bt_index_check($1::regclass, true)', [name]);
      }
      return `amcheck bt_index_check (heapallindexed) passed on ${indexes.rows.length} indexes`;
    } finally {
      await client.end();
    }
  }

  /** Every ticket the staff list shows, keyed by subject. */
  private async ticketIdsBySubject(): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    let cursor: string | null = null;
    do {
      const page: { items: { id: number; subject: string }[]; nextCursor: string | null } =
        await this.staff.json(
          'GET',
          `/api/v1/tickets?status=${STATUSES}&limit=100&sort=created-asc${cursor ? `&cursor=${cursor}` : ''}`,
        );
      for (const item of page.items) out.set(item.subject, [...(out.get(item.subject) ?? []), item.id]);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  private async messagesOf(ticketId: number): Promise<{ id: number; body: string }[]> {
    const out: { id: number; body: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number; body: string }[]; nextCursor: string | null } =
        await this.contact.json(
          'GET',
          `/api/v1/tickets/${ticketId}/messages?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /** Throws unless the ticket is stored exactly as sent. */
  private async assertIntact(ticket: SentTicket, id: number) {
    const what = `ticket #${id} "${ticket.subject}" (round ${ticket.round}, ${ticket.id ? 'acknowledged' : 'not acknowledged'})`;
    const detail = await this.contact.json<{ subject: string; description: string; priority: string }>(
      'GET',
      `/api/v1/tickets/${id}`,
    );
    assert.equal(detail.subject, ticket.subject, `${what}: subject`);
    assert.equal(detail.description, ticket.description.trim(), `${what}: description`);
    assert.equal(detail.priority, ticket.priority, `${what}: priority`);
    const files = await this.contact.json<{ items: { filename: string; url: string; sizeBytes: number }[] }>(
      'GET',
      `/api/v1/tickets/${id}/attachments`,
    );
    assert.deepEqual(
      files.items.map((f) => f.filename).sort(),
      ticket.files.map((f) => f.name).sort(),
      `${what}: attachment names`,
    );
    for (const file of files.items) {
      const res = await this.contact.request('GET', file.url);
      const body = Buffer.from(await res.arrayBuffer());
      assert.equal(res.status, 200, `${what}: download ${file.filename}`);
      const sent = ticket.files.find((f) => f.name === file.filename);
      assert.equal(sha256(body), sent?.sha, `${what}: content of ${file.filename}`);
    }
  }

  /** Checks every record so far against the restarted server; returns the figures. */
  async verify(): Promise<{
    ticketsAcknowledged: number;
    ticketsAcknowledgedIntact: number;
    ticketsUnacknowledged: number;
    ticketsUnacknowledgedPresent: number;
    repliesAcknowledged: number;
    repliesAcknowledgedPresent: number;
    repliesUnacknowledged: number;
    repliesUnacknowledgedPresent: number;
    filesChecked: number;
  }> {
    const bySubject = await this.ticketIdsBySubject();
    const f = {
      ticketsAcknowledged: 0,
      ticketsAcknowledgedIntact: 0,
      ticketsUnacknowledged: 0,
      ticketsUnacknowledgedPresent: 0,
      repliesAcknowledged: 0,
      repliesAcknowledgedPresent: 0,
      repliesUnacknowledged: 0,
      repliesUnacknowledgedPresent: 0,
      filesChecked: 0,
    };
    for (const ticket of this.tickets) {
      const ids = bySubject.get(ticket.subject) ?? [];
      assert.ok(ids.length <= 1, `"${ticket.subject}" is stored ${ids.length} times: ${ids.join(', ')}`);
      if (ticket.id !== undefined) {
        f.ticketsAcknowledged += 1;
        assert.deepEqual(
          ids,
          [ticket.id],
          `acknowledged ticket #${ticket.id} "${ticket.subject}" is missing`,
        );
      } else {
        f.ticketsUnacknowledged += 1;
        if (ids.length) f.ticketsUnacknowledgedPresent += 1;
      }
      const id = ids[0];
      if (id === undefined) continue;
      await this.assertIntact(ticket, id);
      f.filesChecked += ticket.files.length;
      if (ticket.id !== undefined) f.ticketsAcknowledgedIntact += 1;
    }
    const byTicket = new Map<number, SentReply[]>();
    for (const reply of this.replies)
      byTicket.set(reply.ticketId, [...(byTicket.get(reply.ticketId) ?? []), reply]);
    for (const [ticketId, replies] of byTicket) {
      const messages = await this.messagesOf(ticketId);
      for (const reply of replies) {
        const found = messages.filter((m) => m.body === reply.body);
        assert.ok(found.length <= 1, `reply "${reply.body}" is stored ${found.length} times on #${ticketId}`);
        if (reply.id !== undefined) {
          f.repliesAcknowledged += 1;
          assert.deepEqual(
            found.map((m) => m.id),
            [reply.id],
            `acknowledged reply #${reply.id} "${reply.body}" on ticket #${ticketId} is missing`,
          );
          f.repliesAcknowledgedPresent += 1;
        } else {
          f.repliesUnacknowledged += 1;
          if (found.length) f.repliesUnacknowledgedPresent += 1;
        }
      }
    }
    return f;
  }

  async dispose() {
    await this.server?.dispose();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const pgAvailable = await postgresReachable();

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`kill -9 during ticket submissions (${dialect})`, {
    skip: dialect === 'postgres' && !pgAvailable && 'PostgreSQL is not reachable',
  }, () => {
    const database = `portico_kill9_${randomBytes(4).toString('hex')}`;
    let world: World | undefined;

    after(async () => {
      await world?.dispose();
      if (dialect === 'postgres') await admin(`drop database if exists ${database} with (force)`);
    });

    test(`${ROUNDS} rounds: every acknowledged submission survives, intact and once`, async (t) => {
      let url = '';
      if (dialect === 'postgres') {
        await admin(`create database ${database}`);
        const u = new URL(ADMIN_URL);
        u.pathname = `/${database}`;
        url = u.toString();
      }
      const seed = SEED + (dialect === 'postgres' ? 1 : 0);
      const w = new World(dialect, url, prng(seed));
      world = w;
      t.diagnostic(`${dialect}: seed ${seed} (RELIABILITY_SEED=${SEED}), ${IN_FLIGHT} requests in flight`);
      await w.start();
      await w.setUp();

      for (let round = 1; round <= ROUNDS; round += 1) {
        const figures = await w.streamAndKill(round);
        const check = await w.checkDatabase();
        await w.start();

        // A session acknowledged before the kill still signs the contact in.
        const me = await w.contact.request('GET', '/api/v1/me');
        await me.text();
        assert.equal(me.status, 200, 'the contact session survives the restart');
        // Sign in again anyway, as the brief of the scenario says (a fresh session after the restart).
        await w.contact.login(CONTACT, DEMO_PASSWORD);
        await w.staff.login(OWNER.email, OWNER.password);

        const v = await w.verify();
        t.diagnostic(
          `${dialect} round ${round}: killed with ${figures.inFlightAtKill} requests in flight; this round sent ` +
            `${figures.ticketsSent} tickets (${figures.ticketsWithFiles} with files), ${figures.ticketsAcknowledged} ` +
            `acknowledged; ${figures.replyAttempts} replies, ${figures.repliesAcknowledged} acknowledged. ${check}.`,
        );
        t.diagnostic(
          `${dialect} after restart ${round} (all rounds so far): tickets acknowledged ${v.ticketsAcknowledged}, ` +
            `present and intact ${v.ticketsAcknowledgedIntact}; not acknowledged ${v.ticketsUnacknowledged}, ` +
            `present (and intact) ${v.ticketsUnacknowledgedPresent}; replies acknowledged ${v.repliesAcknowledged}, ` +
            `present ${v.repliesAcknowledgedPresent}; not acknowledged ${v.repliesUnacknowledged}, present ` +
            `${v.repliesUnacknowledgedPresent}; ${v.filesChecked} files matched by SHA-256; no duplicates.`,
        );
        assert.ok(figures.ticketsAcknowledged > 0, 'the stream acknowledged tickets before the kill');
        assert.equal(v.ticketsAcknowledgedIntact, v.ticketsAcknowledged);
        assert.equal(v.repliesAcknowledgedPresent, v.repliesAcknowledged);
      }
      assert.ok(
        w.tickets.some((x) => x.id !== undefined && x.files.length > 0),
        'some acknowledged tickets carried attachments',
      );
      assert.ok(
        w.replies.some((x) => x.id !== undefined),
        'some replies were acknowledged',
      );

      // A clean stop at the end, then the database once more.
      assert.equal(await w.server?.stop(), 0, 'a SIGTERM stop exits 0');
      await w.server?.dispose();
      w.server = undefined;
      t.diagnostic(`${dialect} after the final clean stop: ${await w.checkDatabase()}`);
    });
  });
}
