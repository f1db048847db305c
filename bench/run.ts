/**
 * `npm run bench`: load scenarios against a real `portico serve` (issue 5 items 2, 3, 4, 8 and 10).
 * See bench/README.md for the options.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { unavailableReason } from './lib/cpu-budget.ts';
import { type DatasetName, porticoEnv, prepareData, rowCounts } from './lib/dataset.ts';
import { type Fixture, prepareFixture } from './lib/fixture.ts';
import { runScenario, type ScenarioResult } from './lib/load.ts';
import { runMulti } from './lib/multi.ts';
import { type CpuShares, cleanupAll, installSignalHandlers, repoRoot, startPortico } from './lib/proc.ts';
import {
  compareTable,
  countsLine,
  fmt,
  gitCommit,
  header,
  loadTable,
  type Machine,
  machine,
  ms,
  targetWords,
  writeJson,
  writeSection,
} from './lib/report.ts';
import { type Scenario, scenarioNames, scenarios } from './lib/scenarios.ts';
import { runSoak } from './lib/soak.ts';

const usage = `Usage: npm run bench -- [options]

  --dataset demo|small|large   data to load (default small; demo is the demo command's data)
  --compare small,large        run the scenarios on both datasets and report large/small ratios
  --scenarios a,b              scenarios to run (default all: ${scenarioNames.join(', ')})
  --duration S                 measured seconds per scenario (default 10)
  --warmup S                   unmeasured seconds before each scenario (default 2)
  --connections N              concurrent connections (default 64)
  --contacts N --staff N       sessions to sign in (default 48 contacts, 6 staff)
  --deep-pages N               pages to follow for the deep-page scenario (default 20)
  --data-dir DIR               use (and keep) this DATA_DIR; reuses its data when it has some
  --data-dirs A,B              with --compare: one DATA_DIR per dataset
  --skip-generate              require existing data in --data-dir(s)
  --keep                       keep scratch data directories and databases
  --out FILE                   JSON results (default bench/results/<date>-<mode>.json)
  --no-results-md              do not update bench/RESULTS.md
  --cpu-prof                   run the server with --cpu-prof (profiles in bench/results/profiles/)
  --multi                      two serve processes + one worker on PostgreSQL behind a proxy (item 8)
  --pg-url URL                 admin URL for the scratch database (default postgres://postgres@127.0.0.1:5432/postgres)
  --redis URL                  pass REDIS_URL to the processes of --multi
  --app-cpus N                 with --multi: confine each serve process to N cores (a cgroup CPU
                               budget, as if each ran on a host of its own; needs root). 0: none.
                               Default 0.4 where budgets can be set, else none
  --soak S                     steady mixed load for S seconds, memory every 5 s (item 10)
  --rate N                     requests per second of the soak (default 200)
  --soak-connections N         connections of the soak (default 64)
  --soak-warmup S              seconds excluded from the memory growth (default 60, at most a quarter)`;

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'small' },
    compare: { type: 'string' },
    scenarios: { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '64' },
    contacts: { type: 'string', default: '48' },
    staff: { type: 'string', default: '6' },
    'deep-pages': { type: 'string', default: '20' },
    'data-dir': { type: 'string' },
    'data-dirs': { type: 'string' },
    'skip-generate': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    out: { type: 'string' },
    'no-results-md': { type: 'boolean', default: false },
    multi: { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    redis: { type: 'string' },
    'app-cpus': { type: 'string' },
    soak: { type: 'string' },
    rate: { type: 'string', default: '200' },
    'soak-connections': { type: 'string', default: '64' },
    'soak-warmup': { type: 'string', default: '60' },
    'cpu-prof': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const num = (name: string, v: string | undefined, min = 0) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) fail(`--${name} must be a number ≥ ${min}`);
  return n;
};
const datasets = ['demo', 'small', 'large'] as const;
const asDataset = (v: string): DatasetName =>
  (datasets as readonly string[]).includes(v) ? (v as DatasetName) : fail(`unknown dataset "${v}"`);

const duration = num('duration', values.duration, 1);
const warmup = num('warmup', values.warmup);
const connections = num('connections', values.connections, 1);
const fixtureOpts = {
  contacts: num('contacts', values.contacts, 1),
  staff: num('staff', values.staff, 0),
  deepPages: num('deep-pages', values['deep-pages'], 2),
};
const chosen: Scenario[] = values.scenarios
  ? values.scenarios
      .split(',')
      .map((n) => scenarios.find((s) => s.name === n.trim()) ?? fail(`unknown scenario "${n}"`))
  : scenarios;
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const log = (m: string) => console.log(m);

interface DatasetRun {
  dataset: DatasetName;
  dataDir: string;
  reused: boolean;
  generatedSeconds: number | null;
  counts: Record<string, number>;
  fixture: Fixture['summary'];
  results: ScenarioResult[];
}

/** Loads (or reuses) a dataset, starts one server and runs the chosen scenarios against it. */
async function loadRun(dataset: DatasetName, dataDir: string | undefined): Promise<DatasetRun> {
  const data = await prepareData({
    dataset,
    ...(dataDir ? { dataDir } : {}),
    skipGenerate: values['skip-generate'],
    keep: values.keep,
    log,
  });
  const counts = await rowCounts(data);
  log(`Rows: ${countsLine(counts)}`);
  const server = await startPortico(`serve (${dataset})`, 'serve', porticoEnv(data.dataDir, null), {
    nodeArgs: values['cpu-prof']
      ? ['--cpu-prof', '--cpu-prof-dir', path.join(repoRoot, 'bench/results/profiles')]
      : [],
  });
  try {
    log(`Server pid ${server.pid} on ${server.url}; signing in sessions…`);
    const fx = await prepareFixture(server.url!, data.logins, fixtureOpts);
    const f = fx.summary;
    log(
      `Signed in ${f.contacts} contacts of ${f.clients} clients (${Object.entries(f.presets)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}) and ${f.staff} staff; deep pages reached: ${f.deepPages.join(', ') || 'none'}`,
    );
    if (f.failedSignIns.length) log(`Sign-in failures: ${f.failedSignIns.slice(0, 3).join('; ')}`);
    const results: ScenarioResult[] = [];
    for (const sc of chosen) {
      const r = await runScenario(sc, fx, {
        url: server.url!,
        duration,
        connections,
        warmup,
        pids: [server.pid],
      });
      results.push(r);
      log(
        r.skipped
          ? `  ${sc.name.padEnd(12)} ${r.skipped}`
          : `  ${sc.name.padEnd(12)} ${fmt(r.rps).padStart(6)} req/s  p50 ${ms(r.latency.p50)} p95 ${ms(r.latency.p95)} p99 ${ms(r.latency.p99)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  RSS ${r.peakRssMb} MB  server CPU ${r.serverCpuMsPerRequest} ms/req  load ${r.loadAverage.join('→')}`,
      );
      if (server.child.exitCode !== null) throw new Error(`the server exited: ${server.stderrTail()}`);
    }
    return {
      dataset: data.dataset,
      dataDir: data.dataDir,
      reused: data.reused,
      generatedSeconds: data.generatedSeconds,
      counts,
      fixture: f,
      results,
    };
  } finally {
    const tail = server.stderrTail().trim();
    await server.stop();
    if (tail) log(`Server log (warnings and errors, last lines):\n${tail.split('\n').slice(-10).join('\n')}`);
  }
}

function loadRange(results: ScenarioResult[]): string {
  const all = results.filter((r) => !r.skipped).flatMap((r) => r.loadAverage);
  return all.length ? `${Math.min(...all).toFixed(1)}–${Math.max(...all).toFixed(1)}` : 'n/a';
}

function runNotes(run: DatasetRun): string[] {
  const f = run.fixture;
  return [
    `Dataset: **${run.dataset}** (${countsLine(run.counts)})${run.generatedSeconds ? `; loaded in ${run.generatedSeconds.toFixed(0)} s` : ''}`,
    `Database: embedded SQLite; one \`portico serve\` process, NODE_ENV=production, LOG_LEVEL=warn`,
    `Load: autocannon, ${connections} connections, ${duration} s measured per scenario after ${warmup} s of warm-up, on the same machine as the server`,
    `Sessions: ${f.contacts} contacts of ${f.clients} clients (${Object.entries(f.presets)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}), ${f.staff} staff (${Object.entries(f.staffRoles)
      .map(([k, v]) => `${v} ${k}`)
      .join(
        ', ',
      )}), signed in through the API; requests take them round-robin (contacts without ticket access only sign in)`,
    `Machine load: 1-minute load average ${loadRange(run.results)} during the scenarios (${machine().cores} cores; anything above ${machine().cores} means other processes took CPU from the server and the load generator)`,
    `Deep page: page ${f.deepPages.length ? `${Math.min(...f.deepPages)}–${Math.max(...f.deepPages)}` : 'n/a'} of a contact's list (25 a page), reached by following nextCursor`,
  ];
}

const scenarioLegend = (list: Scenario[]) =>
  list.map((s) => `- **${s.title}**: ${s.unit}. Target: ${targetWords(s.target)}.`).join('\n');

async function modeLoad() {
  const dataset = asDataset(values.dataset);
  const run = await loadRun(dataset, values['data-dir']);
  const m = machine();
  const commit = gitCommit();
  const date = new Date().toISOString();
  const out = writeJson(values.out ?? `bench/results/${stamp}-${run.dataset}.json`, {
    kind: 'load',
    date,
    machine: m,
    commit,
    settings: { duration, warmup, connections, ...fixtureOpts },
    ...run,
  });
  log(`Results: ${path.relative(repoRoot, out)}`);
  if (!values['no-results-md']) {
    writeSection(
      'load',
      [
        header({
          title: `Load scenarios: ${run.dataset} dataset`,
          date,
          machine: m,
          commit,
          notes: runNotes(run),
        }),
        '',
        loadTable(run.results),
        '',
        'Latencies are per request, in milliseconds. Targets (issue 5, item 4) are for the large dataset; "met/missed" compares these figures with them.',
        '',
        scenarioLegend(chosen),
      ].join('\n'),
    );
    log('bench/RESULTS.md updated (section "load").');
  }
}

async function modeCompare(list: string) {
  const names = list.split(',').map((s) => asDataset(s.trim()));
  if (names.length !== 2) fail('--compare takes two datasets, e.g. small,large');
  const dirs = values['data-dirs']?.split(',') ?? [];
  const runs: DatasetRun[] = [];
  for (const [i, name] of names.entries()) runs.push(await loadRun(name, dirs[i]));
  const [small, large] = runs as [DatasetRun, DatasetRun];
  const m = machine();
  const commit = gitCommit();
  const date = new Date().toISOString();
  const { rows, ratios } = compareTable(small.results, large.results, small.dataset, large.dataset);
  const out = writeJson(values.out ?? `bench/results/${stamp}-compare-${names.join('-')}.json`, {
    kind: 'compare',
    date,
    machine: m,
    commit,
    settings: { duration, warmup, connections, ...fixtureOpts },
    runs,
    ratios,
  });
  log(`Results: ${path.relative(repoRoot, out)}`);
  if (!values['no-results-md']) {
    writeSection(
      'compare',
      [
        header({
          title: `Growth: ${small.dataset} → ${large.dataset} (ratio ${large.dataset}/${small.dataset})`,
          date,
          machine: m,
          commit,
          notes: [...runNotes(small).slice(0, 1), ...runNotes(large)],
        }),
        '',
        rows,
        '',
        'A ratio near ×1.00 means the figure stays flat as data grows. Targets (met/missed) apply to the large figures.',
      ].join('\n'),
    );
    log('bench/RESULTS.md updated (section "compare").');
  }
}

async function modeMulti() {
  const multiScenarios = values.scenarios
    ? chosen
    : scenarios.filter((s) => ['list-first', 'detail', 'submit'].includes(s.name));
  const dataset = asDataset(values.dataset);
  const budgetProblem = unavailableReason();
  const appCpus =
    values['app-cpus'] === undefined ? (budgetProblem ? 0 : 0.4) : num('app-cpus', values['app-cpus']);
  if (appCpus > 0 && budgetProblem) fail(`--app-cpus: ${budgetProblem}`);
  if (appCpus === 0 && budgetProblem)
    log(`No CPU budgets (${budgetProblem}): the processes share the machine.`);
  const result = await runMulti({
    adminUrl: values['pg-url'],
    dataset,
    keep: values.keep,
    scenarios: multiScenarios,
    duration,
    connections,
    warmup,
    ...fixtureOpts,
    ...(values.redis ? { redisUrl: values.redis } : {}),
    ...(appCpus > 0 ? { appCpus } : {}),
    log,
  });
  const m = machine();
  const commit = gitCommit();
  const date = new Date().toISOString();
  for (const c of result.checks) log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  for (const t of result.throughput)
    log(`  ${t.scenario}: one ${fmt(t.one.rps)} req/s, two ${fmt(t.two.rps)} req/s (×${t.ratio})`);
  const out = writeJson(values.out ?? `bench/results/${stamp}-multi-${dataset}.json`, {
    kind: 'multi',
    date,
    machine: m,
    commit,
    settings: { duration, warmup, connections, ...fixtureOpts },
    ...result,
  });
  log(`Results: ${path.relative(repoRoot, out)}`);
  if (!values['no-results-md']) {
    const rows = [
      '| Scenario | one process req/s | two processes req/s | ratio | app CPU ms a request one → two | p99 ms one → two | non-2xx / errors (two) | requests per backend (two) |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
      ...result.throughput.map((t) =>
        t.one.skipped || t.two.skipped
          ? `| ${t.title} | ${t.one.skipped ?? ''} | ${t.two.skipped ?? ''} | | | | | |`
          : `| ${t.title} | ${fmt(t.one.rps)} | ${fmt(t.two.rps)} | ×${t.ratio.toFixed(2)} | ${appCpuPerRequest(t.cpu.one, t.one.rps)} → ${appCpuPerRequest(t.cpu.two, t.two.rps)} | ${ms(t.one.latency.p99)} → ${ms(t.two.latency.p99)} | ${t.two.non2xx} / ${t.two.errors} | ${Object.values(t.perBackend).join(' / ')} |`,
      ),
    ];
    const budget = result.appCpus;
    const section = budget ? 'multi' : 'multi-shared';
    writeSection(
      section,
      [
        header({
          title: budget
            ? `Several processes on PostgreSQL, each app process on ${budget} core: ${dataset} dataset`
            : `Several processes on PostgreSQL, sharing the machine's cores: ${dataset} dataset`,
          date,
          machine: m,
          commit,
          notes: [
            `Dataset: **${dataset}** (${countsLine(result.counts)}) in a scratch PostgreSQL database`,
            'Processes: two `portico serve` (WORKERS=false) and one `portico worker`, behind the proxy in bench/lib/proxy.ts (fewest requests in flight first, like a load balancer set to least connections); "one process" is the same proxy with only serve A behind it',
            budget
              ? `CPU: each \`serve\` process confined to ${budget} core by a cgroup CPU budget (bench/lib/cpu-budget.ts), as if each ran on a host of its own; PostgreSQL, the worker, the proxy and the load generator share the rest of the machine's ${m.cores} cores`
              : `CPU: no budgets; the load generator, proxy, both servers and PostgreSQL share the machine's ${m.cores} cores`,
            `Load: autocannon, ${connections} connections, ${duration} s per run after ${warmup} s of warm-up`,
          ],
        }),
        '',
        '| Check | Result | Detail |',
        '|---|---|---|',
        ...result.checks.map(
          (c) => `| ${c.name} | ${c.ok ? '✅ ok' : '❌ failed'} | ${c.detail.replace(/\|/g, '\\|')} |`,
        ),
        '',
        rows.join('\n'),
        '',
        'Where the CPU went (per cent of one core; the machine has ' +
          `${m.cores}: ${m.cores * 100} % is all of it). "harness" is the load generator and the proxy, one process.`,
        '',
        '| Scenario | machine busy one → two | one process: ' +
          cpuNames(result.throughput).join(' / ') +
          ' | two processes: ' +
          cpuNames(result.throughput).join(' / ') +
          ' |',
        '|---|---:|---:|---:|',
        ...result.throughput.map(
          (t) =>
            `| ${t.title} | ${t.cpu.one.machineBusyPercent} % → ${t.cpu.two.machineBusyPercent} % | ${cpuNames(
              result.throughput,
            )
              .map((n) => t.cpu.one.byPart[n] ?? 0)
              .join(' / ')} | ${cpuNames(result.throughput)
              .map((n) => t.cpu.two.byPart[n] ?? 0)
              .join(' / ')} |`,
        ),
      ].join('\n'),
    );
    log(`bench/RESULTS.md updated (section "${section}").`);
  }
  if (result.checks.some((c) => !c.ok)) process.exitCode = 1;
}

/** Requests per second in each minute of the soak, from the response counts sampled every 5 s. */
function perMinute(samples: Array<{ t: number; responses: number }>): string {
  const out: string[] = [];
  for (let start = 0; ; start += 60) {
    const a = samples.find((s) => s.t >= start);
    const b = [...samples].reverse().find((s) => s.t <= start + 60);
    if (!a || !b || b.t <= a.t) break;
    out.push(`${start / 60 + 1}: ${Math.round((b.responses - a.responses) / (b.t - a.t))}`);
    if (b.t < start + 60) break;
  }
  return out.join(', ') || 'n/a';
}

async function modeSoak(seconds: number) {
  const dataset = asDataset(values.dataset);
  const rate = num('rate', values.rate, 1);
  const soakConnections = num('soak-connections', values['soak-connections'], 1);
  const soakWarmup = Math.min(num('soak-warmup', values['soak-warmup']), Math.floor(seconds / 4));
  const data = await prepareData({
    dataset,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    skipGenerate: values['skip-generate'],
    keep: values.keep,
    log,
  });
  const counts = await rowCounts(data);
  const server = await startPortico('serve (soak)', 'serve', porticoEnv(data.dataDir, null));
  let result: Awaited<ReturnType<typeof runSoak>>;
  try {
    const fx = await prepareFixture(server.url!, data.logins, fixtureOpts);
    log(
      `Soak: ${rate} req/s for ${seconds} s over ${soakConnections} connections (server pid ${server.pid})…`,
    );
    result = await runSoak(fx, {
      url: server.url!,
      seconds,
      rate,
      connections: soakConnections,
      warmup: soakWarmup,
      pid: server.pid,
      log,
    });
  } finally {
    await server.stop();
  }
  const m: Machine = machine();
  const commit = gitCommit();
  const date = new Date().toISOString();
  log(
    `Soak: ${result.requests} responses (${result.rps} req/s), non-2xx ${result.non2xx}, errors ${result.errors}; RSS ${result.memoryAfterWarmupMb} → ${result.memoryEndMb} MB (${result.growthPercent} %)`,
  );
  const out = writeJson(values.out ?? `bench/results/${stamp}-soak-${dataset}.json`, {
    kind: 'soak',
    date,
    machine: m,
    commit,
    dataset: data.dataset,
    counts,
    ...result,
  });
  log(`Results: ${path.relative(repoRoot, out)}`);
  if (!values['no-results-md']) {
    const every = Math.max(1, Math.round(result.memory.length / 12));
    writeSection(
      'soak',
      [
        header({
          title: `Soak: ${seconds} s at ${rate} req/s, ${data.dataset} dataset`,
          date,
          machine: m,
          commit,
          notes: [
            `Dataset: **${data.dataset}** (${countsLine(counts)}); embedded SQLite, one \`portico serve\``,
            `Mix per round: ${Object.entries(result.mix)
              .map(([k, v]) => `${v}× ${k}`)
              .join(
                ', ',
              )}: ${result.roundWrites} writes in ${result.roundRequests} requests; ${soakConnections} connections`,
            `Memory growth compares the mean RSS of the ${result.windowSeconds} s after the ${result.warmupSeconds} s warm-up with the mean of the last ${result.windowSeconds} s`,
          ],
        }),
        '',
        '| Responses | req/s (asked) | p50 ms | p95 ms | p99 ms | non-2xx | errors | RSS after warm-up MB | RSS at end MB | growth | max RSS MB |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        `| ${fmt(result.requests)} | ${fmt(result.rps)} (${fmt(result.rate)}) | ${ms(result.latency.p50)} | ${ms(result.latency.p95)} | ${ms(result.latency.p99)} | ${result.non2xx}${result.verdict.errors ? ' ✅' : ' ❌'} | ${result.errors} | ${result.memoryAfterWarmupMb} | ${result.memoryEndMb} | ${result.growthPercent} %${result.verdict.memory ? ' ✅ met' : ' ❌ missed'} (≤ 10 %) | ${result.memoryMaxAfterWarmupMb} |`,
        '',
        `Throughput per minute (req/s): ${perMinute(result.memory)}`,
        '',
        `RSS samples (s: MB): ${result.memory
          .filter((_, i) => i % every === 0)
          .map((s) => `${s.t}: ${s.rssMb}`)
          .join(', ')}`,
      ].join('\n'),
    );
    log('bench/RESULTS.md updated (section "soak").');
  }
  if (!result.verdict.errors || !result.verdict.memory) process.exitCode = 1;
}

/** CPU time the serve processes spent per request answered, in ms (from the CPU shares of a run). */
function appCpuPerRequest(cpu: CpuShares, rps: number): string {
  const percent = (cpu.byPart['serve A'] ?? 0) + (cpu.byPart['serve B'] ?? 0);
  return rps > 0 ? fmt((percent / 100 / rps) * 1000, 2) : '';
}

/** The parts CPU was measured for in a multi run, in a stable order. */
function cpuNames(throughput: { cpu: { two: { byPart: Record<string, number> } } }[]): string[] {
  return [...new Set(throughput.flatMap((t) => Object.keys(t.cpu.two.byPart)))];
}

async function main() {
  installSignalHandlers();
  // The server measured is the compiled one `npm start` runs; building it takes a second.
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-server.mjs')], { stdio: 'inherit' });
  try {
    if (values.multi) await modeMulti();
    else if (values.soak) await modeSoak(num('soak', values.soak, 10));
    else if (values.compare) await modeCompare(values.compare);
    else await modeLoad();
  } finally {
    await cleanupAll();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  void cleanupAll().finally(() => process.exit(1));
});
