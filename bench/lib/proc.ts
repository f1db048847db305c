import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The repository root (bench/lib/ is two levels down). */
export const repoRoot = path.resolve(import.meta.dirname, '../..');
/**
 * The checkout whose server is measured: this one, or another build (`--server-root`), so that two
 * builds are compared with the same harness, scenarios and reports.
 */
export let serverRoot = repoRoot;
export function measureServerAt(dir: string): void {
  serverRoot = path.resolve(dir);
}
/** The compiled server (what `npm start` runs); run.ts builds it first. */
const mainJs = () => path.join(serverRoot, 'dist/server/main.js');

/** Every process the harness started, so they are ended on any exit (errors and Ctrl+C included). */
const running = new Set<ChildProcess>();
const cleanups: Array<() => void | Promise<void>> = [];
let cleaningUp = false;

export function onCleanup(fn: () => void | Promise<void>): void {
  cleanups.push(fn);
}

/** Ends every child process and runs the registered clean-ups (scratch data, databases), once. */
export async function cleanupAll(): Promise<void> {
  if (cleaningUp) return;
  cleaningUp = true;
  await Promise.all([...running].map((c) => stopChild(c)));
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (e) {
      console.error(`clean-up failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

export function installSignalHandlers(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the servers and cleaning up…`);
    void cleanupAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Last resort: a synchronous kill of anything still alive when the harness exits.
  process.on('exit', () => {
    for (const c of running) if (c.exitCode === null && c.pid) c.kill('SIGKILL');
  });
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface PorticoProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Set for `serve`. */
  port: number | null;
  url: string | null;
  /** The tail of stderr (warnings and errors), for reports when something fails. */
  stderrTail(): string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess, graceMs = 8000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs `portico <args>` to completion, returning its stdout (stderr is passed through for progress). */
export function runPortico(
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { passStderr?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainJs(), ...args], {
      cwd: serverRoot,
      env,
      stdio: ['ignore', 'pipe', opts.passStderr === false ? 'pipe' : 'inherit'],
    });
    running.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      running.delete(child);
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `portico ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${Buffer.concat(err).toString('utf8').slice(-2000) || stdout.slice(-2000)}`,
          ),
        );
    });
  });
}

/** Starts a long-running `portico serve` or `portico worker`; for `serve`, waits until /healthz answers. */
export async function startPortico(
  name: string,
  command: 'serve' | 'worker',
  env: NodeJS.ProcessEnv,
  opts: { readyTimeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<PorticoProcess> {
  const port = command === 'serve' ? await freePort() : null;
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), mainJs(), command], {
    cwd: serverRoot,
    env: { ...env, ...(port ? { PORT: String(port), HOST: '127.0.0.1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const proc: PorticoProcess = {
    name,
    child,
    pid: child.pid!,
    port,
    url: port ? `http://127.0.0.1:${port}` : null,
    stderrTail: () => tail,
    stop: () => stopChild(child),
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  if (command === 'worker') {
    // A worker has no port: give it a moment and make sure it did not exit at once.
    await new Promise((r) => setTimeout(r, 2500));
    if (child.exitCode !== null) throw new Error(`${name} exited at once: ${tail}`);
    return proc;
  }
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited before it was ready: ${tail}`);
    try {
      const res = await fetch(`${proc.url}/healthz`);
      if (res.ok) return proc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`${name} was not ready within ${opts.readyTimeoutMs ?? 120_000} ms: ${tail}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits until the server answers /healthz quickly again: requests still queued in it (those a load run
 * left in flight when it stopped, e.g. slow writes) would otherwise be charged to the next run.
 */
export async function settle(url: string, maxMs = 30_000): Promise<number> {
  const started = Date.now();
  let quick = 0;
  while (Date.now() - started < maxMs) {
    const t = performance.now();
    try {
      await (await fetch(`${url}/healthz`)).text();
    } catch {
      return Date.now() - started;
    }
    quick = performance.now() - t < 25 ? quick + 1 : 0;
    if (quick >= 3) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}

export interface MemoryReading {
  /** Resident set size now, in bytes. */
  rss: number;
  /** Peak resident set size since the process started ("high water mark"), in bytes. */
  hwm: number;
}

/** Reads VmRSS and VmHWM of a process from /proc (Linux); null once it is gone. */
export function readMemory(pid: number): MemoryReading | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Samples a process's memory at an interval; `stop()` returns the peak RSS seen and every sample. */
export function sampleMemory(pids: number[], everyMs: number) {
  const samples: Array<{ t: number; rss: number[] }> = [];
  const started = Date.now();
  let peak = 0;
  const take = () => {
    const rss = pids.map((pid) => readMemory(pid)?.rss ?? 0);
    for (const r of rss) peak = Math.max(peak, r);
    samples.push({ t: (Date.now() - started) / 1000, rss });
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peakRss: peak, samples };
    },
  };
}

/** CPU time (user + system) a process has used, in seconds; 0 once it is gone. */
export function cpuSecondsOf(pid: number, ticksPerSecond = 100): number {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** Pids of the PostgreSQL server's processes (postmaster and backends) on this machine. */
function postgresPids(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Busy and total CPU time of the whole machine so far (all cores), in seconds, from /proc/stat. */
function machineCpu(ticksPerSecond = 100): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: (total - idle) / ticksPerSecond, total: total / ticksPerSecond };
}

export interface CpuShares {
  /** Share of the machine's cores that were busy, 0–100 % of all cores. */
  machineBusyPercent: number;
  /** Each part's CPU in the window, in % of one core. */
  byPart: Record<string, number>;
}

/**
 * Where the machine's CPU went during a window: named processes, this process (the load generator and
 * anything else running in the harness) and PostgreSQL's processes.
 */
export function measureCpu(parts: Record<string, number>) {
  const started = Date.now();
  const machine0 = machineCpu();
  const self0 = process.cpuUsage();
  const parts0 = Object.fromEntries(Object.entries(parts).map(([name, pid]) => [name, cpuSecondsOf(pid)]));
  const pg0 = new Map(postgresPids().map((pid) => [pid, cpuSecondsOf(pid)]));
  return {
    stop(): CpuShares {
      const seconds = (Date.now() - started) / 1000;
      const machine1 = machineCpu();
      const self = process.cpuUsage(self0);
      const pct = (cpu: number) => Math.round((cpu / seconds) * 100);
      const byPart: Record<string, number> = {};
      for (const [name, pid] of Object.entries(parts))
        byPart[name] = pct(cpuSecondsOf(pid) - (parts0[name] ?? 0));
      byPart.harness = pct((self.user + self.system) / 1e6);
      let pg = 0;
      for (const pid of postgresPids()) pg += cpuSecondsOf(pid) - (pg0.get(pid) ?? 0);
      byPart.postgres = pct(pg);
      const total = machine1.total - machine0.total;
      return {
        machineBusyPercent: total > 0 ? Math.round(((machine1.busy - machine0.busy) / total) * 100) : 0,
        byPart,
      };
    },
  };
}
