/**
 * From stored rows to the pure module's inputs and back (issue 14, point 6). Every figure comes from
 * src/shared/hours (closePeriod, periodSnapshot, portalFigures, projectedRunOut, overageCharge); this
 * file only decides which entries go into which period, and in what form.
 *
 * Which period an entry counts in (docs/hours.md, "Closed periods and late corrections"):
 * - A closed period's record is written once (bank_periods) with a `cutoff` instant. It holds the
 *   entries dated in it that were approved at or before the cutoff, and never changes afterwards.
 * - An entry approved after the cutoff of the period its date falls in (a late approval, a correction)
 *   counts in the first period not yet closed, as if dated on that period's first day.
 * - A correction is a reversing entry (negative minutes). It cancels its original when both count in
 *   the same period. When the original is in a closed record, the reversal's minutes are a credit that
 *   offsets the billable minutes of the period it counts in, in date order (the ledger shows which);
 *   credit beyond them is shown, not carried on.
 * - The close sets the cutoff a few minutes before the moment it runs, so an approval still committing
 *   while a period closes is never half in: it is either in the record or counts later.
 */
import {
  type BankEntry,
  type BankPlan,
  type ClosedPeriod,
  closePeriod,
  type EntryAllocation,
  initialBalance,
  type LotSummary,
  type OpeningBalance,
  type OpenPeriod,
  type Period,
  periodContaining,
  periodSnapshot,
  type Rate,
} from '../../../shared/hours/index.ts';

/** The close leaves approvals of the last minutes to the next period: no transaction is that long. */
export const CLOSE_GRACE_MS = 5 * 60_000;

export interface ContractTerms {
  id: number;
  client_id: number;
  name: string;
  status: string;
  start_date: string;
  end_date: string | null;
  currency: string | null;
  rate_minor: number | null;
  bank_kind: string;
  bank_period: string;
  bank_minutes: number | null;
  rollover_kind: string;
  rollover_cap_minutes: number | null;
  overage_rate_minor: number | null;
}

export interface BlockRow {
  id: number;
  contract_id: number;
  purchased_on: string;
  minutes: number;
  expires_on: string | null;
  note: string;
}

/** What a close keeps beside its record: enough to go on from it without reading anything before it. */
export interface CloseDetail {
  cutoff: string;
  closing: OpeningBalance | null;
  allocations: EntryAllocation[];
  lots: LotSummary[];
  /** Credit from corrections of earlier closed periods that had no minutes left to offset. */
  unusedCreditMinutes: number;
}

export interface StoredClose {
  period_start: string;
  period_end: string;
  detail: string;
  closed_at: string;
}

/** An approved billable entry as read for the bank (reversals have negative minutes). */
export interface EntryRow {
  id: number;
  ticket_id: number;
  entry_date: string;
  billed_minutes: number;
  actual_minutes: number;
  reverses_id: number | null;
  approved_at: string;
}

/** The plan the pure module works on, or null when the contract has no bank. */
export function planFor(contract: ContractTerms, blocks: readonly BlockRow[]): BankPlan | null {
  const dates = {
    startDate: contract.start_date,
    endDate: contract.end_date,
    period: contract.bank_period as BankPlan['period'],
  };
  if (contract.bank_kind === 'periodic') {
    return {
      kind: 'periodic',
      ...dates,
      allowanceMinutes: contract.bank_minutes ?? 0,
      rollover:
        contract.rollover_kind === 'capped'
          ? { kind: 'capped', capMinutes: contract.rollover_cap_minutes ?? 0 }
          : contract.rollover_kind === 'unlimited'
            ? { kind: 'unlimited' }
            : { kind: 'none' },
    };
  }
  if (contract.bank_kind === 'prepaid') {
    return {
      kind: 'prepaid',
      ...dates,
      blocks: blocks.map((b) => ({
        id: String(b.id),
        purchasedOn: b.purchased_on,
        minutes: b.minutes,
        expiresOn: b.expires_on,
      })),
    };
  }
  return null;
}

/** The rate overage is charged at: the contract's overage rate, else its hourly rate; null: none set. */
export function overageRateOf(contract: ContractTerms): Rate | null {
  const minor = contract.overage_rate_minor ?? contract.rate_minor;
  if (minor === null || contract.currency === null) return null;
  return { minorUnitsPerHour: minor, currency: contract.currency };
}

export function parseDetail(close: StoredClose): CloseDetail {
  return JSON.parse(close.detail) as CloseDetail;
}

/** Where the bank goes on from: the last stored close's closing balance, else the contract's start. */
export function openingAfter(
  plan: BankPlan,
  last: StoredClose | null,
): {
  opening: OpeningBalance | null;
  cutoff: string | null;
} {
  if (last === null) return { opening: initialBalance(plan), cutoff: null };
  const detail = parseDetail(last);
  return { opening: detail.closing, cutoff: detail.cutoff };
}

/** A credit applied to an entry of the period: which correction, how many minutes. */
export interface Credit {
  entryId: string;
  reversalId: number;
  minutes: number;
}

/** One period's worth of entries, as the pure module takes them, and how the rows were folded in. */
export interface PeriodInput {
  entries: BankEntry[];
  /** Entries counted in this period though dated in an earlier, closed one: id -> real date. */
  late: Map<string, string>;
  credits: Credit[];
  unusedCreditMinutes: number;
  /** Every row counted in this period, corrections included. */
  rowIds: Set<number>;
}

/**
 * Folds one period's rows into bank entries: reversals cancel their original when it is here,
 * otherwise offset this period's minutes in date order; late entries count on the period's first day.
 */
export function periodInput(period: Period, rows: readonly EntryRow[]): PeriodInput {
  const late = new Map<string, string>();
  const minutes = new Map<number, number>();
  const dated = new Map<number, string>();
  const reversals: EntryRow[] = [];
  for (const row of rows) {
    if (row.billed_minutes < 0 || row.reverses_id !== null) {
      reversals.push(row);
      continue;
    }
    minutes.set(row.id, row.billed_minutes);
    const date = row.entry_date < period.start ? period.start : row.entry_date;
    if (date !== row.entry_date) late.set(String(row.id), row.entry_date);
    dated.set(row.id, date);
  }
  const credits: Credit[] = [];
  let unused = 0;
  const order = [...minutes.keys()].sort((a, b) => {
    const da = dated.get(a) ?? '';
    const dbb = dated.get(b) ?? '';
    return da !== dbb ? (da < dbb ? -1 : 1) : a - b;
  });
  for (const reversal of reversals) {
    let credit = Math.abs(reversal.billed_minutes);
    const original = reversal.reverses_id;
    const targets = original !== null && minutes.has(original) ? [original] : order;
    for (const target of targets) {
      if (credit === 0) break;
      const left = minutes.get(target) ?? 0;
      const take = Math.min(left, credit);
      if (take === 0) continue;
      minutes.set(target, left - take);
      credit -= take;
      credits.push({ entryId: String(target), reversalId: reversal.id, minutes: take });
    }
    unused += credit;
  }
  const entries: BankEntry[] = order.map((id) => ({
    id: String(id),
    date: dated.get(id) ?? period.start,
    billedMinutes: minutes.get(id) ?? 0,
  }));
  return { entries, late, credits, unusedCreditMinutes: unused, rowIds: new Set(rows.map((r) => r.id)) };
}

export interface VirtualClose {
  closed: ClosedPeriod;
  input: PeriodInput;
}

export interface BankState {
  plan: BankPlan;
  /** Ended periods not yet closed in the database, computed as the close will write them. */
  pending: VirtualClose[];
  current: { open: OpenPeriod; input: PeriodInput } | null;
}

/**
 * The bank from where the last close left it to `asOf`: the ended periods still to close and the open
 * one. `rows` are the approved billable entries dated from `opening.periodStart` to `asOf`, and those
 * dated earlier approved after the last close's cutoff. `cutoff` (closing only): entries approved after
 * it are left to the period after the last one closed.
 */
export function runFrom(
  plan: BankPlan,
  opening: OpeningBalance | null,
  rows: readonly EntryRow[],
  asOf: string,
  cutoff: string | null = null,
): BankState {
  const pending: VirtualClose[] = [];
  if (opening === null || asOf < opening.periodStart) return { plan, pending, current: null };
  let balance: OpeningBalance | null = opening;
  let waiting = [...rows];
  while (balance !== null) {
    const period = periodContaining(plan, balance.periodStart);
    const ended = asOf > period.end;
    const mine = waiting.filter(
      (r) => r.entry_date <= period.end && (!ended || cutoff === null || r.approved_at <= cutoff),
    );
    const ids = new Set(mine.map((r) => r.id));
    waiting = waiting.filter((r) => !ids.has(r.id));
    const input = periodInput(period, mine);
    if (!ended) {
      return { plan, pending, current: { open: periodSnapshot(plan, balance, input.entries, asOf), input } };
    }
    const closed = closePeriod(plan, balance, input.entries);
    pending.push({ closed, input });
    balance = closed.closing;
  }
  return { plan, pending, current: null };
}
