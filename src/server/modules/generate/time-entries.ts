import { amountForMinutes, roundEntry } from '../../../shared/hours/index.ts';
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
  'contract_id',
  'rate_minor',
  'currency',
  'amount_minor',
  'rate_source',
] as const;

/** Where a row's date, billed minutes, billable flag and status sit (for the caller's bank tally). */
export const timeEntryAt = { date: 3, billed: 5, billable: 6, status: 8 } as const;

/** The billing terms of the contract a ticket runs under, as the time module reads them. */
export interface GeneratedTerms {
  contractId: number;
  /** Null: the contract has no rate of its own (the money is left to the rate chain). */
  rateMinor: number | null;
  currency: string;
  /** Billed minutes round up to this increment. */
  incrementMinutes: number;
}

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
 * older than a month); an open ticket's is a draft or submitted. On a ticket under a contract the entry
 * is the contract's: billed minutes round up by its rule (the time module's `roundEntry`) and the money is
 * its rate in its currency (`amountForMinutes`), as the time module freezes them. Without a contract the
 * billed minutes round up to 15 minutes and the money is left to the rate chain (rate and amount empty).
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
    terms?: GeneratedTerms | null;
  },
  add: (...row: unknown[]) => void,
): number {
  if (t.assignee === null || !r.chance(0.6)) return 0;
  const end = t.resolvedMs ?? t.nowMs;
  const n = r.int(1, 3);
  for (let k = 0; k < n; k++) {
    const at = t.createdMs + (end - t.createdMs) * r.next();
    const actual = Math.min(480, Math.max(1, Math.round(r.exp(35))));
    const terms = t.terms ?? null;
    const billed = roundEntry(actual, {
      incrementMinutes: terms?.incrementMinutes ?? 15,
      minimumMinutes: 0,
      direction: 'up',
    }).billedMinutes;
    const billable = r.chance(0.9);
    const rate =
      terms !== null && terms.rateMinor !== null && billable
        ? { minorUnitsPerHour: terms.rateMinor, currency: terms.currency }
        : null;
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
      terms?.contractId ?? null,
      rate?.minorUnitsPerHour ?? null,
      terms?.currency ?? null,
      rate === null ? null : amountForMinutes(billed, rate).minorUnits,
      rate === null ? null : 'contract',
    );
  }
  return n;
}
