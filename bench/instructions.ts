/**
 * `npm run bench:instructions`: counts the machine instructions the server runs per request, under
 * valgrind's callgrind. Unlike req/s or CPU time, the count does not depend on what else the machine is
 * doing, so two builds can be compared on a busy machine. See bench/README.md.
 *
 * The server runs single-threaded under callgrind (about 50 times slower); requests are sent one at a
 * time. Counting is switched on only around each measured phase, after a warm-up of the same requests.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import SqliteDatabase from '../src/server/platform/db/sqlite-native.ts';
import { porticoEnv } from './lib/dataset.ts';
import { prepareFixture } from './lib/fixture.ts';
import { freePort, repoRoot } from './lib/proc.ts';
import { scenarios } from './lib/scenarios.ts';

const usage = `Usage: npm run bench:instructions -- --data-dir DIR [options]

  --data-dir DIR        generated data (npm run bench -- --data-dir DIR made it); copied, never changed
  --server-root DIR     the checkout whose build is measured (default this one; build it first)
  --phases a,b,a        scenarios measured, in this order (default list-first,detail,list-first)
  --warmup N            requests of each scenario before its first measurement (default 300)
  --requests N          requests measured per phase (default 200)
  --settle              before counting a phase, and before ending it, wait until no job is due (the
                        background work a phase's requests cause, such as notification emails, is then
                        counted in that phase and only there)
  --keep-dumps DIR      keep callgrind's dumps (with --dump-instr=yes) in DIR, for callgrind_annotate
  --out FILE            JSON results`;

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'server-root': { type: 'string' },
    phases: { type: 'string', default: 'list-first,detail,list-first' },
    warmup: { type: 'string', default: '300' },
    requests: { type: 'string', default: '200' },
    out: { type: 'string' },
    settle: { type: 'boolean', default: false },
    'keep-dumps': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values['data-dir']) {
  console.log(usage);
  process.exit(values.help ? 0 : 1);
}

const serverRoot = path.resolve(values['server-root'] ?? repoRoot);
const phases = (values.phases ?? '').split(',').filter(Boolean);
const warmup = Number(values.warmup);
const perPhase = Number(values.requests);

function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

async function waitReady(url: string, child: ReturnType<typeof spawn>, tail: () => string): Promise<void> {
  const deadline = Date.now() + 20 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${tail()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the server was not ready in 20 minutes: ${tail()}`);
}

/** Sends a scenario's requests one at a time, `count` passes of its sequence. */
async function drive(base: string, requests: autocannon.Request[], count: number): Promise<number> {
  const ctx: Record<string, unknown> = {};
  let sent = 0;
  for (let i = 0; i < count; i++) {
    for (const template of requests) {
      const setup = template.setupRequest as
        | ((req: autocannon.Request, context: object) => autocannon.Request)
        | undefined;
      const req = setup ? setup({ ...template, headers: { ...(template.headers ?? {}) } }, ctx) : template;
      const res = await fetch(`${base}${req.path}`, {
        method: req.method ?? 'GET',
        headers: req.headers as Record<string, string>,
        ...(req.body ? { body: req.body as string } : {}),
      });
      await res.arrayBuffer();
      if (res.status >= 400) throw new Error(`${req.method} ${req.path} answered ${res.status}`);
      sent++;
    }
  }
  return sent;
}

/**
 * Waits until the server has no job due (queued, or claimed and not yet finished), reading its SQLite
 * file on a connection of our own: work caused by the requests just sent (a delivery job, then the
 * emails it queues) is then finished.
 */
async function settle(file: string): Promise<void> {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const due = db.prepare(
      'select count(*) as n from jobs where done_at is null and failed_at is null and run_at <= ?',
    );
    const deadline = Date.now() + 20 * 60_000;
    // Two readings in a row with nothing due, a second apart: a job runner tick lies between them.
    let quiet = 0;
    while (quiet < 2) {
      if (Date.now() > deadline) throw new Error('jobs were still due after 20 minutes');
      const { n } = due.get(new Date().toISOString()) as { n: number };
      quiet = n === 0 ? quiet + 1 : 0;
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    db.close();
  }
}

/** Total instructions in a callgrind dump (its `totals:` line; all threads). */
function instructionsIn(file: string): number {
  const text = readFileSync(file, 'utf8');
  const m = /^totals: (\d+)/m.exec(text);
  if (!m) throw new Error(`no totals in ${file}`);
  return Number(m[1]);
}

async function main() {
  const work = mkdtempSync(path.join(tmpdir(), 'portico-instr-'));
  const dataDir = path.join(work, 'data');
  cpSync(path.resolve(values['data-dir'] as string), dataDir, { recursive: true });
  const dbFile = path.join(dataDir, 'portico.db');
  const dumps = values['keep-dumps'] ? path.resolve(values['keep-dumps']) : path.join(work, 'dumps');
  mkdirSync(dumps, { recursive: true });
  const logins = readFileSync(path.join(dataDir, 'bench-logins.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l));
  const port = await freePort();
  const args = [
    '--tool=callgrind',
    '--instr-atstart=no',
    '--smc-check=all-non-file',
    ...(values['keep-dumps'] ? ['--dump-instr=yes'] : []),
    `--callgrind-out-file=${dumps}/cg.%p`,
    process.execPath,
    // One thread for the JIT and the collector, so their work is counted the same way every run.
    '--single-threaded',
    path.join(serverRoot, 'dist/server/main.js'),
    'serve',
  ];
  let out = '';
  const child = spawn('valgrind', args, {
    cwd: serverRoot,
    env: { ...porticoEnv(dataDir, null), PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  // valgrind names its control pipes after the HOST variable, which the server is also given.
  const control = { stdio: 'ignore', env: { ...process.env, HOST: '127.0.0.1' } } as const;
  const results: { phase: string; requests: number; instructions: number; perRequest: number }[] = [];
  try {
    log(`starting ${serverRoot} under callgrind (pid ${child.pid})`);
    await waitReady(base, child, () => out);
    log('ready; signing in');
    const fx = await prepareFixture(base, logins, { contacts: 48, staff: 6, deepPages: 0 });
    const warmed = new Set<string>();
    for (const [i, name] of phases.entries()) {
      const scenario = scenarios.find((s) => s.name === name);
      if (!scenario) throw new Error(`no scenario ${name}`);
      const requests = scenario.build(fx);
      if (typeof requests === 'string') throw new Error(`${name}: ${requests}`);
      if (!warmed.has(name)) {
        log(`${name}: warm-up, ${warmup} passes`);
        await drive(base, requests, warmup);
        warmed.add(name);
      }
      if (values.settle) await settle(dbFile);
      execFileSync('callgrind_control', ['--zero', String(child.pid)], control);
      execFileSync('callgrind_control', ['--instr=on', String(child.pid)], control);
      const sent = await drive(base, requests, perPhase);
      if (values.settle) await settle(dbFile);
      execFileSync('callgrind_control', ['--instr=off', String(child.pid)], control);
      const before = new Set(readdirSync(dumps));
      execFileSync('callgrind_control', [`--dump=${name}-${i}`, String(child.pid)], control);
      // The dump is written when the server next yields to valgrind: wait for the file to appear.
      let file: string | undefined;
      for (let waited = 0; !file && waited < 120; waited++) {
        file = readdirSync(dumps).find((f) => !before.has(f));
        if (!file) await new Promise((r) => setTimeout(r, 1000));
      }
      if (!file) throw new Error(`callgrind wrote no dump: ${[...readdirSync(dumps)].join(', ')}`);
      const instructions = instructionsIn(path.join(dumps, file));
      results.push({
        phase: `${i + 1}. ${name}`,
        requests: sent,
        instructions,
        perRequest: instructions / sent,
      });
      log(`${name}: ${sent} requests, ${(instructions / sent / 1e6).toFixed(3)} M instructions a request`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 2000));
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
  const report = { serverRoot, phases: results };
  console.log(JSON.stringify(report));
  if (values.out) {
    writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
