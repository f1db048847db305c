import http from 'node:http';
import pg from 'pg';
import { type CpuBudget, confineCpu } from './cpu-budget.ts';
import { type DatasetName, porticoEnv, prepareData, rowCounts } from './dataset.ts';
import { prepareFixture } from './fixture.ts';
import { call, type Session, signIn } from './http.ts';
import { judge, runScenario, type ScenarioResult, warmUp } from './load.ts';
import { type CpuShares, measureCpu, onCleanup, type PorticoProcess, startPortico } from './proc.ts';
import { startProxy } from './proxy.ts';
import type { Scenario } from './scenarios.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface MultiResult {
  dataset: DatasetName;
  database: string;
  counts: Record<string, number>;
  checks: Check[];
  throughput: Array<{
    scenario: string;
    title: string;
    one: ScenarioResult;
    two: ScenarioResult;
    /** Requests per second of the pair divided by one process's. */
    ratio: number;
    perBackend: Record<string, number>;
    /** Where the machine's CPU went in each run (see measureCpu). */
    cpu: { one: CpuShares; two: CpuShares };
  }>;
  workerBuilt: boolean;
  /** Cores each serve process was confined to (null: none, they shared the machine). */
  appCpus: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates a scratch PostgreSQL database (dropped at the end unless kept) and returns its URL. */
export async function scratchDatabase(adminUrl: string, keep: boolean, log: (m: string) => void) {
  const name = `portico_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (!keep)
    onCleanup(async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    });
  log(`Scratch database ${name} created${keep ? ' (kept: --keep)' : ''}.`);
  return url.toString();
}

/** Opens GET /api/v1/events as an EventSource would and collects `event: ticket` frames. */
function openStream(base: string, s: Session) {
  const frames: Array<{ at: number; data: { type?: string; ticketId?: number } }> = [];
  let status = 0;
  const url = new URL(`${base}/api/v1/events`);
  const req = http.get(
    {
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      headers: { accept: 'text/event-stream', cookie: s.cookie },
    },
    (res) => {
      status = res.statusCode ?? 0;
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i = buf.indexOf('\n\n');
        while (i >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (/^event: ticket$/m.test(frame) && data) frames.push({ at: Date.now(), data: JSON.parse(data) });
          i = buf.indexOf('\n\n');
        }
      });
    },
  );
  req.on('error', () => {});
  return { frames, status: () => status, close: () => req.destroy() };
}

async function emailsAfter(url: string, afterId: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ id: number; status: string; to_address: string }>(
      'select id, status, to_address from emails where id > $1 order by id',
      [afterId],
    );
    return r.rows;
  } finally {
    await c.end();
  }
}

async function pendingJobsAfter(url: string, afterId: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ id: number; kind: string; done_at: string | null }>(
      'select id, kind, done_at from jobs where id > $1 order by id',
      [afterId],
    );
    return r.rows;
  } finally {
    await c.end();
  }
}

async function maxId(url: string, table: 'emails' | 'jobs'): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ m: number | null }>(
      table === 'emails' ? 'select max(id) as m from emails' : 'select max(id) as m from jobs',
    );
    return Number(r.rows[0]?.m ?? 0);
  } finally {
    await c.end();
  }
}

/**
 * Issue 5 item 8: two `serve` processes (WORKERS=false) and one `worker` on PostgreSQL behind a
 * proxy (fewest requests in flight first). Checks that sessions, events and jobs are shared, then
 * compares the throughput of one process and of the pair behind the same proxy.
 */
export async function runMulti(opts: {
  adminUrl: string;
  dataset: DatasetName;
  keep: boolean;
  scenarios: Scenario[];
  duration: number;
  connections: number;
  warmup: number;
  contacts: number;
  staff: number;
  deepPages: number;
  redisUrl?: string;
  /** Confine each serve process to this many cores (see cpu-budget.ts); omitted: no budget. */
  appCpus?: number;
  log: (m: string) => void;
}): Promise<MultiResult> {
  const { log } = opts;
  const databaseUrl = await scratchDatabase(opts.adminUrl, opts.keep, log);
  const data = await prepareData({
    dataset: opts.dataset,
    databaseUrl,
    skipGenerate: false,
    keep: opts.keep,
    log,
  });
  const counts = await rowCounts(data);
  const extra = { WORKERS: 'false', ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}) };
  const env = porticoEnv(data.dataDir, databaseUrl, extra);
  log('Starting serve A and serve B (WORKERS=false)…');
  const [a, b] = await Promise.all([
    startPortico('serve A', 'serve', env),
    startPortico('serve B', 'serve', env),
  ]);
  const procs: PorticoProcess[] = [a, b];
  if (opts.appCpus) {
    const budgets: CpuBudget[] = [a, b].map((p) => confineCpu(p.pid, opts.appCpus!, p.name));
    onCleanup(() => {
      for (const budget of budgets) budget.release();
    });
    log(`Each serve process confined to ${opts.appCpus} core(s) of CPU time.`);
  }
  const checks: Check[] = [];
  const contactLogin = data.logins.find(
    (l) => l.kind === 'contact' && l.permissions?.includes('tickets:create'),
  );
  const staffLogin = data.logins.find(
    (l) => l.kind === 'staff' && (l.role === 'owner' || l.role === 'admin'),
  );
  if (!contactLogin || !staffLogin)
    throw new Error('the dataset has no contact who may raise tickets, or no admin');

  // Sessions: signed in through A, used through B (reads and a write with A's CSRF token).
  const contact = await signIn(a.url!, contactLogin);
  const meB = await call(b.url!, 'GET', '/api/v1/me', { session: contact });
  const sameEmail = (meB.body as { email?: string } | null)?.email === contactLogin.email;
  checks.push({
    name: 'Session signed in on A works on B',
    ok: meB.status === 200 && sameEmail,
    detail: `GET /me via B → ${meB.status}${sameEmail ? ` as ${contactLogin.email}` : ''}`,
  });

  // Jobs: a ticket created via A; its domain events' deliveries (which write the notification emails)
  // stay pending while no worker runs, then the worker writes and sends the emails.
  const before = await maxId(databaseUrl, 'emails');
  const beforeJob = await maxId(databaseUrl, 'jobs');
  const created = await call(a.url!, 'POST', '/api/v1/tickets', {
    session: contact,
    body: { subject: 'Multi-process check: printer offline', description: 'Created through serve A.' },
  });
  const ticketId = (created.body as { id?: number } | null)?.id;
  checks.push({
    name: 'Write on B with the CSRF token issued by A',
    ok: false,
    detail: '',
  });
  const staff = await signIn(b.url!, staffLogin);
  let replyStatus = 0;
  if (ticketId) {
    const reply = await call(b.url!, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      session: contact,
      body: { body: 'A follow-up posted through serve B.' },
    });
    replyStatus = reply.status;
    const staffReply = await call(b.url!, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      session: staff,
      body: { body: 'We are looking at it (staff, via B).' },
    });
    checks[1] = {
      name: 'Write on B with the CSRF token issued by A',
      ok: reply.status === 201 || reply.status === 200,
      detail: `POST /tickets/${ticketId}/messages via B as the contact signed in on A → ${reply.status}; staff reply via B → ${staffReply.status}`,
    };
  } else {
    checks[1]!.detail = `POST /tickets via A answered ${created.status}: ${created.text.slice(0, 200)}`;
  }
  await sleep(3000);
  const queued = await emailsAfter(databaseUrl, before);
  const jobs = await pendingJobsAfter(databaseUrl, beforeJob);
  const stillPending = jobs.filter((j) => j.done_at === null).length;
  checks.push({
    name: 'Servers with WORKERS=false leave jobs alone',
    ok: jobs.length > 0 && stillPending === jobs.length && queued.length === 0,
    detail: `${jobs.length} job(s) (${[...new Set(jobs.map((j) => j.kind))].join(', ')}) written for ticket ${ticketId ?? '?'} (reply via B: ${replyStatus}); ${stillPending} still pending and ${queued.length} email(s) written 3 s later with no worker running`,
  });

  let workerBuilt = true;
  let worker: PorticoProcess | null = null;
  try {
    log('Starting the worker…');
    worker = await startPortico('worker', 'worker', env);
    procs.push(worker);
  } catch (e) {
    workerBuilt = !/not built yet/.test(String(e));
    checks.push({ name: 'Worker started', ok: false, detail: String(e).slice(0, 300) });
  }
  if (worker) {
    const deadline = Date.now() + 60_000;
    let rows = queued;
    const started = Date.now();
    while (Date.now() < deadline) {
      rows = await emailsAfter(databaseUrl, before);
      if (rows.length && rows.every((r) => r.status !== 'queued')) break;
      await sleep(500);
    }
    const done = rows.filter((r) => r.status === 'outbox' || r.status === 'sent').length;
    checks.push({
      name: 'The worker processes jobs written by the servers',
      ok: rows.length > 0 && done === rows.length,
      detail: `${done} of ${rows.length} email(s) moved queued → ${[...new Set(rows.map((r) => r.status))].join('/')} within ${((Date.now() - started) / 1000).toFixed(1)} s of the worker starting`,
    });
  }

  // Events: a stream open on A hears a reply posted through B.
  if (ticketId) {
    const stream = openStream(a.url!, staff);
    await sleep(1000);
    const sentAt = Date.now();
    const r = await call(b.url!, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      session: contact,
      body: { body: 'Does the live update reach the other process?' },
    });
    const deadline = Date.now() + 10_000;
    let hit: (typeof stream.frames)[number] | undefined;
    while (!hit && Date.now() < deadline) {
      hit = stream.frames.find((f) => f.data.ticketId === ticketId);
      if (!hit) await sleep(100);
    }
    stream.close();
    checks.push({
      name: 'An SSE stream on A receives a reply posted via B',
      ok: Boolean(hit),
      detail: hit
        ? `event ${hit.data.type} for ticket ${ticketId} arrived ${hit.at - sentAt} ms after the POST via B (${r.status})`
        : `stream status ${stream.status()}; no event for ticket ${ticketId} within 10 s (POST via B → ${r.status})`,
    });
  }

  // Throughput: the same proxy in front of one process, then of both.
  const proxy = await startProxy([a.url!]);
  onCleanup(() => proxy.close());
  log(`Proxy on ${proxy.url}; signing in sessions through it…`);
  const fx = await prepareFixture(proxy.url, data.logins, {
    contacts: opts.contacts,
    staff: opts.staff,
    deepPages: opts.deepPages,
  });
  const throughput: MultiResult['throughput'] = [];
  for (const sc of opts.scenarios) {
    // Both processes serve the scenario unmeasured first, so neither is measured cold.
    proxy.setBackends([a.url!, b.url!]);
    log(`  ${sc.name}: warming both processes…`);
    await warmUp(sc, fx, proxy.url, opts.connections, Math.max(opts.warmup, 5));
    proxy.setBackends([a.url!]);
    log(`  ${sc.name}: one process…`);
    const cpuParts = { 'serve A': a.pid, 'serve B': b.pid, ...(worker ? { worker: worker.pid } : {}) };
    const cpuOne = measureCpu(cpuParts);
    const one = await runScenario(sc, fx, {
      url: proxy.url,
      duration: opts.duration,
      connections: opts.connections,
      warmup: opts.warmup,
      pids: [a.pid],
    });
    const cpuOneShares = cpuOne.stop();
    proxy.setBackends([a.url!, b.url!]);
    log(`  ${sc.name}: two processes…`);
    const cpuTwo = measureCpu(cpuParts);
    const two = await runScenario(sc, fx, {
      url: proxy.url,
      duration: opts.duration,
      connections: opts.connections,
      warmup: opts.warmup,
      pids: [a.pid, b.pid],
    });
    const cpuTwoShares = cpuTwo.stop();
    two.verdict = judge(sc.target, two);
    throughput.push({
      scenario: sc.name,
      title: sc.title,
      one,
      two,
      ratio: one.rps ? Math.round((two.rps / one.rps) * 100) / 100 : 0,
      perBackend: proxy.counts(),
      cpu: { one: cpuOneShares, two: cpuTwoShares },
    });
  }
  await proxy.close();
  await Promise.all(procs.map((p) => p.stop()));
  return {
    dataset: data.dataset,
    database: 'PostgreSQL (scratch database)',
    counts,
    checks,
    throughput,
    workerBuilt,
    appCpus: opts.appCpus ?? null,
  };
}
