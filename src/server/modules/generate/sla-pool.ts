import { Worker } from 'node:worker_threads';
import { parseStoredCalendar } from '../../../shared/schemas/sla.ts';
import type { StatusChange } from '../../../shared/sla-time.ts';
import { computeClocks, recordedFields, type TicketPolicy } from '../tickets/sla-record.ts';

export interface SlaPolicyData {
  name: string;
  calendarDefinition: string;
  pausingStatuses: string[];
}

export interface SlaInput {
  fields: {
    created_at: string;
    response_target_ms: number | null;
    resolution_target_ms: number | null;
    first_response_at: string | null;
    resolved_at: string | null;
    closed_at: string | null;
  };
  history: StatusChange[];
}

export type SlaRecorded = ReturnType<typeof recordedFields>;

export interface SlaJob {
  id: number;
  now: string;
  tickets: SlaInput[];
}

export interface SlaPool {
  compute(tickets: SlaInput[], now: string): Promise<SlaRecorded[]>;
  close(): Promise<void>;
}

const none = recordedFields({ response: null, resolution: null });

/**
 * SLA figures for batches of tickets, computed on a worker thread (`thread: true`) so generation and
 * database writes on the main thread overlap with it, or inline. Either way the app's computeClocks.
 */
export function slaPool(policy: SlaPolicyData | null, options: { thread: boolean }): SlaPool {
  if (!policy) {
    return { compute: async (tickets) => tickets.map(() => ({ ...none })), close: async () => {} };
  }
  if (!options.thread) {
    const p: TicketPolicy = {
      name: policy.name,
      calendar: parseStoredCalendar(policy.calendarDefinition),
      pausingStatuses: policy.pausingStatuses,
    };
    return {
      compute: async (tickets, now) =>
        tickets.map((t) => recordedFields(computeClocks(p, t.fields, t.history, now))),
      close: async () => {},
    };
  }
  // The worker loads TypeScript through tsx like the main process (bin/portico.js registers it in
  // process, which a worker does not inherit on Node 20), so it registers tsx itself first.
  // The compiled server (dist/server, npm start) has the worker compiled beside it instead.
  const compiled = import.meta.url.endsWith('.js');
  const bootstrap = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((m) => { m.register(); return import(workerData.entry); });`;
  const worker = compiled
    ? new Worker(new URL('./sla-worker.js', import.meta.url), { execArgv: [], workerData: { policy } })
    : new Worker(bootstrap, {
        eval: true,
        execArgv: [],
        workerData: {
          tsx: import.meta.resolve('tsx/esm/api'),
          entry: new URL('./sla-worker.ts', import.meta.url).href,
          policy,
        },
      });
  const waiting = new Map<number, { resolve(r: SlaRecorded[]): void; reject(e: unknown): void }>();
  let failure: unknown = null;
  const failAll = (e: unknown) => {
    failure = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: { id: number; results: SlaRecorded[] }) => {
    waiting.get(m.id)?.resolve(m.results);
    waiting.delete(m.id);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    if (waiting.size) failAll(new Error(`The SLA worker stopped (exit code ${code})`));
  });
  let next = 0;
  return {
    compute(tickets, now) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, now, tickets } satisfies SlaJob);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
