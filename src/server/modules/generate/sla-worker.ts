/**
 * Worker thread for `portico generate`: records SLA figures with the app's own code (computeClocks and
 * recordedFields) while the main thread generates and writes rows, so the two cores share the work.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseStoredCalendar } from '../../../shared/schemas/sla.ts';
import { computeClocks, recordedFields, type TicketPolicy } from '../tickets/sla-record.ts';
import type { SlaJob, SlaPolicyData } from './sla-pool.ts';

const data = workerData as { policy: SlaPolicyData };
const policy: TicketPolicy = {
  name: data.policy.name,
  calendar: parseStoredCalendar(data.policy.calendarDefinition),
  pausingStatuses: data.policy.pausingStatuses,
};

parentPort?.on('message', (job: SlaJob) => {
  const results = job.tickets.map((t) => recordedFields(computeClocks(policy, t.fields, t.history, job.now)));
  parentPort?.postMessage({ id: job.id, results });
});
