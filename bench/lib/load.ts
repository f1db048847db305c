import os from 'node:os';
import autocannon from 'autocannon';
import type { Fixture } from './fixture.ts';
import { cpuSecondsOf, readMemory, sampleMemory, settle } from './proc.ts';
import type { Scenario, Target } from './scenarios.ts';

export interface Verdict {
  rps?: boolean;
  p95?: boolean;
  p99?: boolean;
  memory?: boolean;
}

export interface ScenarioResult {
  name: string;
  title: string;
  unit: string;
  skipped?: string;
  durationSeconds: number;
  connections: number;
  /** Responses received in the measured window. */
  requests: number;
  rps: number;
  /** Latency of single requests in milliseconds, measured by the harness from every response. */
  latency: { mean: number; p50: number; p95: number; p99: number; max: number };
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /**
   * CPU time the server process(es) spent per response in the measured window, in milliseconds (all
   * threads: JavaScript, garbage collection, SQLite, libuv). Less sensitive than req/s to other work on
   * the machine, since it counts the server's own CPU rather than the share of the cores it got.
   */
  serverCpuMsPerRequest: number;
  /** Highest resident memory of the server process(es) sampled during the scenario, MB. */
  peakRssMb: number;
  /** The server's VmHWM (peak since it started) after the scenario, MB. */
  hwmMb: number;
  target: Target | null;
  verdict: Verdict;
  /** The machine's 1-minute load average before and after the run (other work on the machine skews figures). */
  loadAverage: [number, number];
  /** What a failing first request answered, to explain errors. */
  preflight: Array<{ method: string; path: string; status: number; body?: string }>;
}

const MB = 1024 * 1024;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/** A growable list of latencies (a plain number[] of millions of entries is wasteful). */
export class Latencies {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  summary() {
    const sorted = this.data.slice(0, this.length).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      mean: round(this.length ? sum / this.length : 0, 2),
      p50: round(percentile(sorted, 50), 2),
      p95: round(percentile(sorted, 95), 2),
      p99: round(percentile(sorted, 99), 2),
      max: round(sorted.length ? sorted[sorted.length - 1]! : 0, 2),
    };
  }
}

/** Sends each request of the sequence once (as one connection would) and reports what came back. */
async function preflight(url: string, requests: autocannon.Request[]): Promise<ScenarioResult['preflight']> {
  const ctx: Record<string, unknown> = {};
  const out: ScenarioResult['preflight'] = [];
  for (const r of requests) {
    const built = r.setupRequest && typeof r.setupRequest === 'function' ? r.setupRequest({ ...r }, ctx) : r;
    const method = built.method ?? 'GET';
    const path = built.path ?? '/';
    const res = await fetch(`${url}${path}`, {
      method,
      headers: built.headers as Record<string, string>,
      ...(built.body ? { body: built.body as string } : {}),
    });
    const text = await res.text();
    out.push({
      method,
      path,
      status: res.status,
      ...(res.status >= 300 ? { body: text.slice(0, 300) } : {}),
    });
  }
  return out;
}

export function judge(
  target: Target | null,
  r: Pick<ScenarioResult, 'rps' | 'latency' | 'peakRssMb'>,
  memoryMb?: number,
): Verdict {
  if (!target) return { memory: (memoryMb ?? r.peakRssMb) < 300 };
  const v: Verdict = {};
  if (target.minRps !== undefined) v.rps = r.rps >= target.minRps;
  if (target.maxP95Ms !== undefined) v.p95 = r.latency.p95 < target.maxP95Ms;
  if (target.maxP99Ms !== undefined) v.p99 = r.latency.p99 < target.maxP99Ms;
  v.memory = (memoryMb ?? r.peakRssMb) < target.maxMemoryMb;
  return v;
}

function fire(
  opts: autocannon.Options,
  onResponse?: (status: number, ms: number) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err: unknown, result: autocannon.Result) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result),
    );
    if (onResponse)
      instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) =>
        onResponse(status, ms),
      );
  });
}

export interface LoadOptions {
  url: string;
  duration: number;
  connections: number;
  warmup: number;
  /** Server processes whose memory is sampled. */
  pids: number[];
  overallRate?: number;
}

/**
 * Unmeasured load for `seconds`: brings a process that has not served this scenario yet (its code
 * compiled by the JIT, its caches and heap grown) to the state a measured run expects.
 */
export async function warmUp(sc: Scenario, fx: Fixture, url: string, connections: number, seconds: number) {
  const built = sc.build(fx);
  if (typeof built === 'string' || seconds <= 0) return;
  await fire({ url, connections, requests: built, timeout: 10, duration: seconds });
  await settle(url);
}

/** Runs one scenario: a short warm-up, then the measured run with memory sampled every 200 ms. */
export async function runScenario(sc: Scenario, fx: Fixture, opts: LoadOptions): Promise<ScenarioResult> {
  const base = {
    name: sc.name,
    title: sc.title,
    unit: sc.unit,
    durationSeconds: opts.duration,
    connections: opts.connections,
    target: sc.target,
  };
  const built = sc.build(fx);
  const empty = {
    requests: 0,
    rps: 0,
    latency: { mean: 0, p50: 0, p95: 0, p99: 0, max: 0 },
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    statusCodes: {},
    serverCpuMsPerRequest: 0,
    peakRssMb: 0,
    hwmMb: 0,
    loadAverage: [0, 0] as [number, number],
    verdict: {},
    preflight: [],
  };
  if (typeof built === 'string') return { ...base, ...empty, skipped: built };
  const pre = await preflight(opts.url, built);
  if (pre.some((p) => p.status >= 300)) {
    const bad = pre.find((p) => p.status >= 300)!;
    return {
      ...base,
      ...empty,
      preflight: pre,
      skipped: `first request failed: ${bad.method} ${bad.path} → ${bad.status} ${bad.body ?? ''}`,
    };
  }
  const common: autocannon.Options = {
    url: opts.url,
    connections: opts.connections,
    requests: built,
    timeout: 10,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
  };
  if (opts.warmup > 0) await fire({ ...common, duration: opts.warmup });
  await settle(opts.url);

  const latencies = new Latencies();
  const statusCodes: Record<string, number> = {};
  const loadBefore = os.loadavg()[0]!;
  const memory = sampleMemory(opts.pids, 200);
  const serverCpu = () => opts.pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  const cpu0 = serverCpu();
  const result = await fire({ ...common, duration: opts.duration }, (status, ms) => {
    latencies.push(ms);
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
  });
  const cpuSeconds = serverCpu() - cpu0;
  const { peakRss } = memory.stop();
  // Requests left in flight are still being served: let them finish before the next scenario starts.
  await settle(opts.url);
  const hwm = Math.max(...opts.pids.map((pid) => readMemory(pid)?.hwm ?? 0));
  const seconds = result.duration || opts.duration;
  const out = {
    ...base,
    durationSeconds: round(seconds, 2),
    requests: latencies.length,
    rps: round(latencies.length / seconds, 0),
    latency: latencies.summary(),
    non2xx: Object.entries(statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .reduce((sum, [, n]) => sum + n, 0),
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    serverCpuMsPerRequest: latencies.length ? round((cpuSeconds * 1000) / latencies.length, 3) : 0,
    peakRssMb: round(peakRss / MB, 0),
    hwmMb: round(hwm / MB, 0),
    loadAverage: [round(loadBefore, 1), round(os.loadavg()[0]!, 1)] as [number, number],
    preflight: pre,
  };
  return { ...out, verdict: judge(sc.target, out) };
}
