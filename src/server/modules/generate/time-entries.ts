import type { Random } from './random.ts';

/** The time_entries columns the generator writes, in order (see TableWriter). */
export const timeEntryColumns = [
  'ticket_id',
  'client_id',
  'account_id',
  'entry_date',
  'actual_minutes',
  'billed_minutes',
  'billable',
  'note',
  'status',
  'submitted_at',
  'approved_at',
  'approved_by',
  'invoiced_at',
  'created_at',
  'updated_at',
] as const;

const notes = [
  'Remote session with the user',
  'Checked the logs and the event viewer',
  'Replaced the cable and tested the link',
  'Updated the driver and rebooted',
  'Called the vendor’s support line',
  'Documented the fix in the runbook',
  '',
];

const DAY = 86_400_000;

/**
 * Time on one generated ticket (issue 14): most worked tickets carry one to three entries by their
 * assignee, on days between opening and resolution. A finished ticket's time is approved (invoiced when
 * older than a month); an open ticket's is a draft or submitted. Billed minutes round up to 15 minutes,
 * as many contracts do; money is left to the rate chain of a real entry (rate and amount stay empty).
 * Rows go to `add` in `timeEntryColumns` order; returns how many.
 */
export function timeEntriesFor(
  r: Random,
  t: {
    ticketId: number;
    clientId: number;
    assignee: number | null;
    createdMs: number;
    resolvedMs: number | null;
    nowMs: number;
    approverId: number;
  },
  add: (...row: unknown[]) => void,
): number {
  if (t.assignee === null || !r.chance(0.6)) return 0;
  const end = t.resolvedMs ?? t.nowMs;
  const n = r.int(1, 3);
  for (let k = 0; k < n; k++) {
    const at = t.createdMs + (end - t.createdMs) * r.next();
    const actual = Math.min(480, Math.max(1, Math.round(r.exp(35))));
    const billed = Math.ceil(actual / 15) * 15;
    const billable = r.chance(0.9);
    const finished = t.resolvedMs !== null;
    const status = finished
      ? t.nowMs - end > 30 * DAY
        ? 'invoiced'
        : 'approved'
      : r.chance(0.5)
        ? 'submitted'
        : 'draft';
    const iso = new Date(at).toISOString();
    const later = new Date(Math.min(t.nowMs, at + r.exp(DAY))).toISOString();
    add(
      t.ticketId,
      t.clientId,
      t.assignee,
      iso.slice(0, 10),
      actual,
      billable ? billed : 0,
      billable ? 1 : 0,
      r.pick(notes),
      status,
      status === 'draft' ? null : later,
      finished ? later : null,
      finished ? t.approverId : null,
      status === 'invoiced' ? later : null,
      iso,
      later,
    );
  }
  return n;
}
