import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * CPU budgets for the several-process run (issue 5 item 8): each app process is confined to a fixed
 * share of the machine's cores with a Linux control group, as if it ran on a host of its own with that
 * many cores. Without one, two app processes, PostgreSQL and the load generator all compete for the same
 * two cores, and what the run measures is the machine, not whether the processes add up.
 *
 * Uses cgroup v2 (`cpu.max`) where the unified hierarchy has the cpu controller, else cgroup v1
 * (`cpu.cfs_quota_us`). Needs root (or a delegated cgroup); `available()` says whether it can work here.
 */

/**
 * The accounting period. The kernel's default (100 ms) lets a budgeted process run flat out for its
 * share of the period and then stall for the rest, which turns into bursts of queued requests; a 10 ms
 * period spreads the same budget evenly.
 */
const PERIOD_US = 10_000;

interface Hierarchy {
  kind: 'v2' | 'v1';
  root: string;
}

function hierarchy(): Hierarchy | null {
  const v2 = '/sys/fs/cgroup';
  try {
    const controllers = readFileSync(path.join(v2, 'cgroup.controllers'), 'utf8').split(/\s+/);
    if (controllers.includes('cpu')) return { kind: 'v2', root: v2 };
  } catch {
    // not a unified (v2-only) hierarchy
  }
  const v1 = '/sys/fs/cgroup/cpu';
  if (existsSync(path.join(v1, 'cpu.cfs_quota_us'))) return { kind: 'v1', root: v1 };
  return null;
}

/** Why budgets cannot be set on this machine, or null when they can. */
export function unavailableReason(): string | null {
  const h = hierarchy();
  if (!h) return 'no cgroup cpu controller is mounted (/sys/fs/cgroup)';
  const probe = path.join(h.root, `portico-bench-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return null;
  } catch (e) {
    return `cannot create a control group under ${h.root} (${e instanceof Error ? e.message : String(e)}); run as root`;
  }
}

export interface CpuBudget {
  /** The cores the process may use (e.g. 0.5). */
  cores: number;
  /** Moves the process back to the root group (if still alive) and removes its group. */
  release(): void;
}

/** Confines the process `pid` (all its threads) to `cores` of CPU time. */
export function confineCpu(pid: number, cores: number, label: string): CpuBudget {
  const h = hierarchy();
  if (!h) throw new Error(unavailableReason() ?? 'no cgroup cpu controller');
  if (!(cores > 0)) throw new Error('a CPU budget must be more than 0 cores');
  const dir = path.join(h.root, `portico-bench-${label.replace(/[^a-z0-9-]/gi, '-')}-${pid}`);
  mkdirSync(dir);
  const quota = Math.round(cores * PERIOD_US);
  if (h.kind === 'v2') writeFileSync(path.join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
  else {
    writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(quota));
  }
  writeFileSync(path.join(dir, 'cgroup.procs'), String(pid));
  let released = false;
  return {
    cores,
    release() {
      if (released) return;
      released = true;
      try {
        writeFileSync(path.join(h.root, 'cgroup.procs'), String(pid));
      } catch {
        // the process has exited
      }
      try {
        rmdirSync(dir);
      } catch {
        // still has tasks (an exiting process): the kernel removes nothing; leave it for the next run
      }
    },
  };
}
