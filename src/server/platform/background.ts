/**
 * Background work of a process: the job runner, the scheduler, mail receivers, sweeps. Modules
 * register what they run here while the app is built (`app.background.register`); nothing starts until
 * `start()` is called, which `portico serve` does (unless `--no-workers` or WORKERS=false) and
 * `portico worker` does; tests that only inject requests never do. Starters must be idempotent across
 * processes (several workers may run): the scheduler enqueues each run of a schedule once (its unique
 * key; platform/schedules.ts).
 */
export interface BackgroundTask {
  name: string;
  start(): Promise<void> | void;
  stop?(): Promise<void> | void;
}

export interface Background {
  register(task: BackgroundTask): void;
  /** Starts every task in registration order; a second call while running does nothing. */
  start(): Promise<void>;
  /** Stops the started tasks in reverse order; safe to call when not started. */
  stop(): Promise<void>;
  readonly running: boolean;
  readonly names: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Where modules register their background work (platform/background.ts). */
    background: Background;
  }
}

export function createBackground(log?: { info(obj: object, msg: string): void }): Background {
  const tasks: BackgroundTask[] = [];
  let started: BackgroundTask[] = [];
  let running = false;
  let transition: Promise<void> = Promise.resolve();

  const start = async () => {
    if (running) return;
    running = true;
    try {
      for (const task of tasks) {
        await task.start();
        started.push(task);
      }
    } catch (error) {
      // Leave nothing half-running: stop what did start, then report the failure.
      await stop();
      throw error;
    }
    log?.info({ tasks: started.map((t) => t.name) }, 'background work started');
  };

  const stop = async () => {
    const toStop = started.reverse();
    started = [];
    running = false;
    const failures: unknown[] = [];
    for (const task of toStop) {
      try {
        await task.stop?.();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length) throw failures[0];
  };

  // Start and stop never overlap: each waits for the one before it.
  const serial = (fn: () => Promise<void>) => {
    const next = transition.then(fn, fn);
    transition = next.catch(() => undefined);
    return next;
  };

  return {
    register(task) {
      if (running) throw new Error(`Background task ${task.name} registered after start`);
      tasks.push(task);
    },
    start: () => serial(start),
    stop: () => serial(stop),
    get running() {
      return running;
    },
    get names() {
      return tasks.map((t) => t.name);
    },
  };
}
