import autocannon from 'autocannon';
import type { Fixture } from './fixture.ts';
import { Latencies } from './load.ts';
import { readMemory } from './proc.ts';
import { type Scenario, scenarios } from './scenarios.ts';

export interface SoakResult {
  seconds: number;
  rate: number;
  connections: number;
  warmupSeconds: number;
  /** Which scenarios' requests the mix holds, and how many times each appears in the mix. */
  mix: Record<string, number>;
  requests: number;
  rps: number;
  latency: { mean: number; p50: number; p95: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** RSS every 5 s (MB), from the start, with the responses received so far (throughput over time). */
  memory: Array<{ t: number; rssMb: number; responses: number }>;
  /** Length of the windows compared (60 s, or a third of the time after warm-up for short soaks). */
  windowSeconds: number;
  /** Requests per round of the mix, and how many of them are writes. */
  roundRequests: number;
  roundWrites: number;
  /** Mean RSS of the first minute after warm-up, of the last minute, and the growth between them. */
  memoryAfterWarmupMb: number;
  memoryEndMb: number;
  memoryMaxAfterWarmupMb: number;
  growthPercent: number;
  hwmMb: number;
  verdict: { errors: boolean; memory: boolean };
}

/** Daily reads dominate; one write in ten (submit and reply), like a working day. */
const MIX: Array<[string, number]> = [
  ['dashboard', 3],
  ['list-first', 3],
  ['detail', 3],
  ['list-deep', 1],
  ['search', 1],
  ['staff-queue', 2],
  ['submit', 1],
  ['reply', 1],
];

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Issue 5 item 10: a steady mixed rate for N seconds with memory sampled every 5 s. */
export async function runSoak(
  fx: Fixture,
  opts: {
    url: string;
    seconds: number;
    rate: number;
    connections: number;
    warmup: number;
    pid: number;
    log: (m: string) => void;
  },
): Promise<SoakResult> {
  const requests: autocannon.Request[] = [];
  const mix: Record<string, number> = {};
  let roundWrites = 0;
  for (const [name, times] of MIX) {
    const sc = scenarios.find((s) => s.name === name) as Scenario;
    const built = sc.build(fx);
    if (typeof built === 'string') continue;
    mix[name] = times;
    // Each scenario's sequence keeps its own context key, so sequences can be interleaved.
    for (let i = 0; i < times; i++) requests.push(...built);
    if (sc.write) roundWrites += built.length * times;
  }
  const latencies = new Latencies();
  const statusCodes: Record<string, number> = {};
  const memory: SoakResult['memory'] = [];
  const started = Date.now();
  const sample = () => {
    const m = readMemory(opts.pid);
    if (m)
      memory.push({
        t: Math.round((Date.now() - started) / 1000),
        rssMb: round(m.rss / 1024 / 1024),
        responses: latencies.length,
      });
  };
  sample();
  const timer = setInterval(() => {
    sample();
    const last = memory.at(-1);
    if (last && last.t % 60 < 5)
      opts.log(`  soak ${last.t} s: RSS ${last.rssMb} MB, ${latencies.length} responses so far`);
  }, 5000);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        overallRate: opts.rate,
        duration: opts.seconds,
        requests,
        timeout: 10,
      },
      (err: unknown, r: autocannon.Result) => (err ? reject(err) : resolve(r)),
    );
    inst.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
      latencies.push(ms);
      statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    });
  });
  clearInterval(timer);
  sample();
  const after = memory.filter((m) => m.t >= opts.warmup);
  // A minute at each end (a third of what follows the warm-up for short soaks), never overlapping.
  const window = Math.min(60, (opts.seconds - opts.warmup) / 3);
  const firstMinute = after.filter((m) => m.t <= opts.warmup + window).map((m) => m.rssMb);
  const lastMinute = after.filter((m) => m.t >= opts.seconds - window).map((m) => m.rssMb);
  const base = mean(firstMinute);
  const end = mean(lastMinute);
  const growth = base ? ((end - base) / base) * 100 : 0;
  const non2xx = Object.entries(statusCodes)
    .filter(([c]) => !c.startsWith('2'))
    .reduce((s, [, n]) => s + n, 0);
  const seconds = result.duration || opts.seconds;
  return {
    seconds: round(seconds, 1),
    rate: opts.rate,
    connections: opts.connections,
    warmupSeconds: opts.warmup,
    windowSeconds: Math.round(window),
    roundRequests: requests.length,
    roundWrites,
    mix,
    requests: latencies.length,
    rps: round(latencies.length / seconds, 0),
    latency: latencies.summary(),
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    memory,
    memoryAfterWarmupMb: round(base),
    memoryEndMb: round(end),
    memoryMaxAfterWarmupMb: round(Math.max(0, ...after.map((m) => m.rssMb))),
    growthPercent: round(growth),
    hwmMb: round((readMemory(opts.pid)?.hwm ?? 0) / 1024 / 1024),
    verdict: { errors: non2xx + result.errors === 0, memory: growth <= 10 },
  };
}
