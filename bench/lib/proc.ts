import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The repository root (bench/lib/ is two levels down). */
export const repoRoot = path.resolve(import.meta.dirname, '../..');
/** The compiled server (what `npm start` runs); run.ts builds it first. */
const mainJs = path.join(repoRoot, 'dist/server/main.js');

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
    const child = spawn(process.execPath, [mainJs, ...args], {
      cwd: repoRoot,
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
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), mainJs, command], {
    cwd: repoRoot,
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
