/**
 * Hour banks (issue 14, point 6): what a contract's client bought, what their approved billable time drew
 * from it, entry by entry, and what each period closes with. Pure: no database, no clock; every date is a
 * plain calendar date ('YYYY-MM-DD', see calendar.ts) and every quantity whole minutes.
 *
 * Alga PSA's `computeBucketCharges` (packages/billing/src/lib/billing/compute/computeBucketCharges.ts)
 * is the model to beat. What it does:
 * - one bucket per contract line: `total_minutes` included per billing period, an `allow_rollover` flag,
 *   an overage rate in cents per hour;
 * - it takes the period's consumed minutes as one number (usage rows summed per period), computes
 *   available = included + rolled over, overage = max(0, consumed - available), and charges
 *   ceil(overage / 60 × rate) (a float product, always rounded up; the rate itself is ceil'd);
 * - rollover (`computeBucketPeriodState`) is the previous period's included - consumed, so rolled
 *   minutes do not compound; but consumption is counted against the base first, so rolled minutes are the
 *   last to be used and the first to be lost;
 * - it coerces its inputs (`Number(x) || 0`, `Math.max(0, …)`): a negative, fractional or garbled
 *   quantity becomes 0 or passes silently instead of being refused.
 * Where this module differs:
 * - several lots per period, drawn first in, first out: prepaid blocks by purchase date, then expiry; in a
 *   periodic bank the minutes rolled in from last period before this period's base, so the client uses
 *   the older minutes first and the base, which may roll over, last;
 * - rollover is none, capped (a cap in minutes) or unlimited, and only the period's unused BASE rolls;
 *   rolled minutes left unused expire at the end of the period they were rolled into (never compound);
 * - an entry-level ledger: each approved entry, in date order, says which lot(s) it drew from and how
 *   many minutes went to overage; an entry that straddles two lots, or a lot and overage, is split;
 * - a period close record that accounts for every minute: purchased + rolled in + carried in =
 *   drawn + rolled out + carried out + expired, and used = drawn + overage (tested as a property);
 * - prepaid blocks with their own expiry dates, carried from period to period until they expire;
 * - whole minutes and integer money only (BigInt where a product could overflow), one rounding rule for
 *   money (half up, rates.ts), and bad input refused with a typed code (errors.ts), never coerced.
 *
 * The rules:
 * - Periods are aligned to the contract's start date: monthly, quarterly or yearly, each ending the day
 *   before the next starts (a start on the 31st gives periods from the 28th/29th/30th in short months
 *   and back to the 31st after). A contract end date cuts the period it falls in short and makes it the
 *   last. All dates are inclusive.
 * - A periodic bank gives `allowanceMinutes` each period (the base). At the period's close the unused
 *   base rolls over by the rule (none / capped / unlimited) into the next period, where it is valid for
 *   that period only and is drawn before the base; whatever does not roll expires. The last period rolls
 *   nothing.
 * - A prepaid bank holds blocks: each has a purchase date, minutes and an optional expiry date (its last
 *   valid day). A block can be drawn from its purchase date to its expiry; unused minutes are carried
 *   into the next period while the block is valid, and expire in the period its expiry falls in. The
 *   plan's periods are then only statement periods. A contract end does not take a block's paid minutes:
 *   they are carried out of the last period, and what happens to them is the contract's business.
 * - Approved billable entries draw the bank down in order of date (then id): each from the lots valid
 *   on its date, oldest first; what no lot covers is overage, charged at the overage rate.
 */
import { addDays, addMonths, type CalendarDate, dayNumber, minDate } from './calendar.ts';
import { checkMinutes, HoursError } from './errors.ts';
import { amountForMinutes, type Money, type Rate } from './rates.ts';

export const periodLengths = ['monthly', 'quarterly', 'yearly'] as const;
export type PeriodLength = (typeof periodLengths)[number];
const MONTHS: Record<PeriodLength, number> = { monthly: 1, quarterly: 3, yearly: 12 };

export type Rollover = { kind: 'none' } | { kind: 'capped'; capMinutes: number } | { kind: 'unlimited' };

interface PlanDates {
  /** The contract's start: the first period starts here, and every period is aligned to it. */
  startDate: CalendarDate;
  /** The contract's last day, if it has one. */
  endDate?: CalendarDate | null;
  period: PeriodLength;
}

export interface PeriodicPlan extends PlanDates {
  kind: 'periodic';
  /** The base: minutes bought for each period. */
  allowanceMinutes: number;
  rollover: Rollover;
}

export interface PrepaidBlock {
  id: string;
  purchasedOn: CalendarDate;
  minutes: number;
  /** The block's last valid day; null for a block that never expires. */
  expiresOn: CalendarDate | null;
}

export interface PrepaidPlan extends PlanDates {
  kind: 'prepaid';
  blocks: readonly PrepaidBlock[];
}

export type BankPlan = PeriodicPlan | PrepaidPlan;

export interface Period {
  /** 0 for the period starting on the contract's start date. */
  index: number;
  start: CalendarDate;
  end: CalendarDate;
  /** True when the contract ends on `end`. */
  last: boolean;
}

/** An approved, billable time entry as the bank sees it. */
export interface BankEntry {
  id: string;
  date: CalendarDate;
  billedMinutes: number;
}

/** Where minutes came from. */
export type Lot =
  | { kind: 'allowance'; periodStart: CalendarDate }
  | { kind: 'rollover'; fromPeriodStart: CalendarDate }
  | { kind: 'block'; blockId: string };

export interface Draw {
  lot: Lot;
  minutes: number;
}

/** One entry in the ledger: its billed minutes, split over the lots it drew from and overage. */
export interface EntryAllocation {
  entryId: string;
  date: CalendarDate;
  billedMinutes: number;
  draws: Draw[];
  overageMinutes: number;
}

/** What happened to a lot's minutes by the close (or, in a snapshot, so far). */
export type LotFate = 'used' | 'rolled-over' | 'carried' | 'expired' | 'open';

export interface LotSummary {
  lot: Lot;
  /** Minutes the lot brought into the period. */
  minutes: number;
  drawnMinutes: number;
  /** Unused at the close (or at the snapshot's date). */
  leftMinutes: number;
  /** Of `leftMinutes`, how many rolled over (the unused base of a periodic bank, by its rule). */
  rolledOverMinutes: number;
  fate: LotFate;
}

/** The balance a period opens with: what the previous close (or the contract's start) hands on. */
export interface OpeningBalance {
  periodStart: CalendarDate;
  /** Periodic banks: unused base of the previous period that rolled over (0 when none). */
  rolledOverMinutes: number;
  /** The start of the period the rolled minutes come from (null when none rolled). */
  rolledOverFrom: CalendarDate | null;
  /** Prepaid banks: the minutes left in each block bought before this period and still valid. */
  blockMinutes: Readonly<Record<string, number>>;
}

/**
 * A closed period. Every minute is accounted for:
 * purchased + rolledOverIn + carriedIn = drawn + rolledOverOut + carriedOut + expired;
 * used = drawn + overage.
 */
export interface PeriodRecord {
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  last: boolean;
  /** Bought for this period: the base (periodic), or the blocks purchased in it (prepaid). */
  purchasedMinutes: number;
  rolledOverInMinutes: number;
  /** Prepaid: minutes left in earlier blocks, still valid, at the period's start. */
  carriedInMinutes: number;
  /** All the billed minutes of the period's entries. */
  usedMinutes: number;
  /** Of those, the minutes the bank covered. */
  drawnMinutes: number;
  /** Of those, the minutes beyond the bank. */
  overageMinutes: number;
  rolledOverOutMinutes: number;
  carriedOutMinutes: number;
  expiredMinutes: number;
}

/**
 * The open period as of a day. purchased + rolledOverIn + carriedIn = drawn + expired + remaining,
 * counting only blocks purchased by `asOf` and treating blocks whose expiry is before `asOf` as expired.
 */
export interface PeriodSnapshot {
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  asOf: CalendarDate;
  purchasedMinutes: number;
  rolledOverInMinutes: number;
  carriedInMinutes: number;
  usedMinutes: number;
  drawnMinutes: number;
  overageMinutes: number;
  expiredMinutes: number;
  remainingMinutes: number;
}

export interface ClosedPeriod {
  period: Period;
  record: PeriodRecord;
  allocations: EntryAllocation[];
  lots: LotSummary[];
  /** What the next period opens with; null after the contract's last period. */
  closing: OpeningBalance | null;
}

export interface OpenPeriod {
  period: Period;
  snapshot: PeriodSnapshot;
  allocations: EntryAllocation[];
  lots: LotSummary[];
}

// ---------------------------------------------------------------------------------------------------
// Plans and periods

function invalidPlan(field: string, value: string | number | null): never {
  throw new HoursError('invalid-plan', { field, value });
}

/** The plan itself, checked (dates, whole minutes, a cap, unique blocks inside the contract). */
export function checkPlan(plan: BankPlan): BankPlan {
  dayNumber(plan.startDate, 'startDate');
  if (plan.endDate != null) {
    dayNumber(plan.endDate, 'endDate');
    if (plan.endDate < plan.startDate) invalidPlan('endDate', plan.endDate);
  }
  if (!(periodLengths as readonly string[]).includes(plan.period)) invalidPlan('period', String(plan.period));
  if (plan.kind === 'periodic') {
    checkMinutes(plan.allowanceMinutes, 'allowanceMinutes');
    const rollover = plan.rollover as Rollover | undefined;
    const kind: unknown = rollover?.kind;
    if (rollover?.kind === 'capped') checkMinutes(rollover.capMinutes, 'capMinutes');
    else if (kind !== 'none' && kind !== 'unlimited') invalidPlan('rollover', String(kind));
  } else if (plan.kind === 'prepaid') {
    const ids = new Set<string>();
    for (const block of plan.blocks) {
      if (typeof block.id !== 'string' || block.id === '') invalidPlan('blocks.id', String(block.id));
      if (ids.has(block.id)) throw new HoursError('duplicate-id', { field: 'blocks.id', value: block.id });
      ids.add(block.id);
      checkMinutes(block.minutes, 'blocks.minutes');
      if (block.minutes === 0) invalidPlan('blocks.minutes', 0);
      dayNumber(block.purchasedOn, 'blocks.purchasedOn');
      if (block.purchasedOn < plan.startDate || (plan.endDate != null && block.purchasedOn > plan.endDate)) {
        invalidPlan('blocks.purchasedOn', block.purchasedOn);
      }
      if (block.expiresOn != null) {
        dayNumber(block.expiresOn, 'blocks.expiresOn');
        if (block.expiresOn < block.purchasedOn) invalidPlan('blocks.expiresOn', block.expiresOn);
      }
    }
  } else {
    invalidPlan('kind', String((plan as { kind: unknown }).kind));
  }
  return plan;
}

/** The plan's period number `index` (0 = the first), or null when the contract has ended before it. */
export function periodAt(plan: BankPlan, index: number): Period | null {
  if (!Number.isSafeInteger(index) || index < 0) throw new HoursError('invalid-period', { index });
  const months = MONTHS[plan.period];
  const start = addMonths(plan.startDate, index * months);
  if (plan.endDate != null && start > plan.endDate) return null;
  const end = addDays(addMonths(plan.startDate, (index + 1) * months), -1);
  if (plan.endDate != null && end >= plan.endDate) {
    return { index, start, end: plan.endDate, last: true };
  }
  return { index, start, end, last: false };
}

/** The period a day falls in; refuses a day before the contract starts or after it ends. */
export function periodContaining(plan: BankPlan, date: CalendarDate): Period {
  dayNumber(date);
  if (date < plan.startDate || (plan.endDate != null && date > plan.endDate)) {
    throw new HoursError('entry-outside-period', {
      date,
      startDate: plan.startDate,
      endDate: plan.endDate ?? null,
    });
  }
  const [sy, sm] = plan.startDate.split('-').map(Number) as [number, number];
  const [y, m] = date.split('-').map(Number) as [number, number];
  let index = Math.max(0, Math.floor(((y - sy) * 12 + (m - sm)) / MONTHS[plan.period]) - 1);
  for (;;) {
    const period = periodAt(plan, index);
    if (period === null) throw new HoursError('entry-outside-period', { date });
    if (date <= period.end) return period;
    index += 1;
  }
}

/** What the first period opens with: nothing rolled, no earlier block. */
export function initialBalance(plan: BankPlan): OpeningBalance {
  return { periodStart: plan.startDate, rolledOverMinutes: 0, rolledOverFrom: null, blockMinutes: {} };
}

// ---------------------------------------------------------------------------------------------------
// One period

interface WorkingLot {
  lot: Lot;
  minutes: number;
  left: number;
  /** First and last day it can be drawn on, within the period. */
  from: CalendarDate;
  to: CalendarDate;
  /** FIFO keys: purchase date, then expiry (null = never, last), then a tie-break. */
  purchased: CalendarDate;
  expires: CalendarDate | null;
  tie: string;
  source: 'rollover' | 'allowance' | 'carried' | 'bought';
}

function fifo(a: WorkingLot, b: WorkingLot): number {
  if (a.purchased !== b.purchased) return a.purchased < b.purchased ? -1 : 1;
  if (a.expires !== b.expires) {
    if (a.expires === null) return 1;
    if (b.expires === null) return -1;
    return a.expires < b.expires ? -1 : 1;
  }
  return a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0;
}

function checkOpening(plan: BankPlan, period: Period, opening: OpeningBalance): void {
  if (opening.periodStart !== period.start) {
    throw new HoursError('invalid-period', { periodStart: opening.periodStart, expected: period.start });
  }
  checkMinutes(opening.rolledOverMinutes, 'rolledOverMinutes');
  if (opening.rolledOverMinutes > 0) {
    const previous = period.index > 0 ? periodAt(plan, period.index - 1) : null;
    if (plan.kind !== 'periodic' || previous === null || opening.rolledOverFrom !== previous.start) {
      throw new HoursError('invalid-period', { rolledOverFrom: opening.rolledOverFrom });
    }
    // Only the previous period's base rolls, and never more than the rule lets through.
    const rule = plan.rollover;
    const cap = rule.kind === 'none' ? 0 : rule.kind === 'capped' ? rule.capMinutes : plan.allowanceMinutes;
    if (opening.rolledOverMinutes > Math.min(cap, plan.allowanceMinutes)) {
      throw new HoursError('invalid-period', { rolledOverMinutes: opening.rolledOverMinutes });
    }
  }
  const blocks = plan.kind === 'prepaid' ? new Map(plan.blocks.map((b) => [b.id, b])) : new Map();
  for (const [id, minutes] of Object.entries(opening.blockMinutes)) {
    const block = blocks.get(id);
    checkMinutes(minutes, 'blockMinutes');
    if (
      !block ||
      block.purchasedOn >= period.start ||
      (block.expiresOn !== null && block.expiresOn < period.start) ||
      minutes > block.minutes
    ) {
      throw new HoursError('invalid-period', { blockId: id, minutes });
    }
  }
}

function checkEntries(period: Period, entries: readonly BankEntry[], asOf: CalendarDate | null): BankEntry[] {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (typeof entry.id !== 'string' || entry.id === '') {
      throw new HoursError('duplicate-id', { field: 'entries.id', value: String(entry.id) });
    }
    if (ids.has(entry.id)) throw new HoursError('duplicate-id', { field: 'entries.id', value: entry.id });
    ids.add(entry.id);
    dayNumber(entry.date, 'entries.date');
    checkMinutes(entry.billedMinutes, 'billedMinutes');
    const last = asOf === null ? period.end : minDate(asOf, period.end);
    if (entry.date < period.start || entry.date > last) {
      throw new HoursError('entry-outside-period', {
        entryId: entry.id,
        date: entry.date,
        periodStart: period.start,
      });
    }
  }
  return [...entries].sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}

function buildLots(plan: BankPlan, period: Period, opening: OpeningBalance): WorkingLot[] {
  const lots: WorkingLot[] = [];
  if (plan.kind === 'periodic') {
    if (opening.rolledOverMinutes > 0 && opening.rolledOverFrom !== null) {
      lots.push({
        lot: { kind: 'rollover', fromPeriodStart: opening.rolledOverFrom },
        minutes: opening.rolledOverMinutes,
        left: opening.rolledOverMinutes,
        from: period.start,
        to: period.end,
        purchased: opening.rolledOverFrom,
        expires: period.end,
        tie: 'a',
        source: 'rollover',
      });
    }
    lots.push({
      lot: { kind: 'allowance', periodStart: period.start },
      minutes: plan.allowanceMinutes,
      left: plan.allowanceMinutes,
      from: period.start,
      to: period.end,
      purchased: period.start,
      expires: period.end,
      tie: 'b',
      source: 'allowance',
    });
  } else {
    for (const block of plan.blocks) {
      const carried = opening.blockMinutes[block.id];
      const bought = block.purchasedOn >= period.start && block.purchasedOn <= period.end;
      if (carried === undefined && !bought) continue;
      const minutes = bought ? block.minutes : (carried ?? 0);
      lots.push({
        lot: { kind: 'block', blockId: block.id },
        minutes,
        left: minutes,
        from: bought ? block.purchasedOn : period.start,
        to: block.expiresOn === null ? period.end : minDate(block.expiresOn, period.end),
        purchased: block.purchasedOn,
        expires: block.expiresOn,
        tie: block.id,
        source: bought ? 'bought' : 'carried',
      });
    }
  }
  return lots.sort(fifo);
}

function draw(lots: WorkingLot[], entries: BankEntry[]): EntryAllocation[] {
  return entries.map((entry) => {
    let rest = entry.billedMinutes;
    const draws: Draw[] = [];
    for (const lot of lots) {
      if (rest === 0) break;
      if (lot.left === 0 || entry.date < lot.from || entry.date > lot.to) continue;
      const take = Math.min(rest, lot.left);
      lot.left -= take;
      rest -= take;
      draws.push({ lot: lot.lot, minutes: take });
    }
    return {
      entryId: entry.id,
      date: entry.date,
      billedMinutes: entry.billedMinutes,
      draws,
      overageMinutes: rest,
    };
  });
}

function rolled(plan: PeriodicPlan, unusedBase: number): number {
  const rule = plan.rollover;
  if (rule.kind === 'none') return 0;
  if (rule.kind === 'capped') return Math.min(unusedBase, rule.capMinutes);
  return unusedBase;
}

function totals(lots: WorkingLot[], allocations: EntryAllocation[]) {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const of = (source: WorkingLot['source']) =>
    sum(lots.filter((l) => l.source === source).map((l) => l.minutes));
  const used = sum(allocations.map((a) => a.billedMinutes));
  const overage = sum(allocations.map((a) => a.overageMinutes));
  return {
    purchasedMinutes: of('allowance') + of('bought'),
    rolledOverInMinutes: of('rollover'),
    carriedInMinutes: of('carried'),
    usedMinutes: used,
    drawnMinutes: used - overage,
    overageMinutes: overage,
  };
}

/**
 * Closes a period: draws its entries down (all must be dated in the period), then settles every lot.
 * `opening` is `initialBalance(plan)` for the first period, else the previous close's `closing`.
 */
export function closePeriod(
  plan: BankPlan,
  opening: OpeningBalance,
  entries: readonly BankEntry[],
): ClosedPeriod {
  checkPlan(plan);
  const period = periodContaining(plan, opening.periodStart);
  checkOpening(plan, period, opening);
  const sorted = checkEntries(period, entries, null);
  const lots = buildLots(plan, period, opening);
  const allocations = draw(lots, sorted);

  let rolledOut = 0;
  let carriedOut = 0;
  let expired = 0;
  const carriedBlocks: Record<string, number> = {};
  const summaries: LotSummary[] = lots.map((lot) => {
    const drawnMinutes = lot.minutes - lot.left;
    let rolledOverMinutes = 0;
    let fate: LotFate = lot.left === 0 ? 'used' : 'expired';
    if (lot.left === 0) {
      // Nothing left to settle.
    } else if (lot.source === 'allowance' && plan.kind === 'periodic' && !period.last) {
      rolledOverMinutes = rolled(plan, lot.left);
      rolledOut += rolledOverMinutes;
      if (rolledOverMinutes > 0) fate = 'rolled-over';
    } else if (
      (lot.source === 'bought' || lot.source === 'carried') &&
      (lot.expires === null || lot.expires > period.end)
    ) {
      carriedOut += lot.left;
      if (lot.lot.kind === 'block') carriedBlocks[lot.lot.blockId] = lot.left;
      fate = 'carried';
    }
    if (fate !== 'carried') expired += lot.left - rolledOverMinutes;
    return {
      lot: lot.lot,
      minutes: lot.minutes,
      drawnMinutes,
      leftMinutes: lot.left,
      rolledOverMinutes,
      fate,
    };
  });

  const record: PeriodRecord = {
    periodStart: period.start,
    periodEnd: period.end,
    last: period.last,
    ...totals(lots, allocations),
    rolledOverOutMinutes: rolledOut,
    carriedOutMinutes: carriedOut,
    expiredMinutes: expired,
  };
  const closing: OpeningBalance | null = period.last
    ? null
    : {
        periodStart: addDays(period.end, 1),
        rolledOverMinutes: rolledOut,
        rolledOverFrom: rolledOut > 0 ? period.start : null,
        blockMinutes: carriedBlocks,
      };
  return { period, record, allocations, lots: summaries, closing };
}

/**
 * The open period as of `asOf` (a day within it): its entries so far (none may be dated after `asOf`),
 * and what is left. Blocks bought after `asOf` are not counted yet; blocks whose last day is before
 * `asOf` count as expired.
 */
export function periodSnapshot(
  plan: BankPlan,
  opening: OpeningBalance,
  entries: readonly BankEntry[],
  asOf: CalendarDate,
): OpenPeriod {
  checkPlan(plan);
  const period = periodContaining(plan, opening.periodStart);
  checkOpening(plan, period, opening);
  dayNumber(asOf, 'asOf');
  if (asOf < period.start || asOf > period.end) {
    throw new HoursError('invalid-period', { asOf, periodStart: period.start, periodEnd: period.end });
  }
  const sorted = checkEntries(period, entries, asOf);
  const lots = buildLots(plan, period, opening).filter((lot) => lot.from <= asOf);
  const allocations = draw(lots, sorted);
  let expired = 0;
  let remaining = 0;
  const summaries: LotSummary[] = lots.map((lot) => {
    const gone = lot.to < asOf;
    if (gone) expired += lot.left;
    else remaining += lot.left;
    return {
      lot: lot.lot,
      minutes: lot.minutes,
      drawnMinutes: lot.minutes - lot.left,
      leftMinutes: lot.left,
      rolledOverMinutes: 0,
      fate: lot.left === 0 ? 'used' : gone ? 'expired' : 'open',
    };
  });
  const snapshot: PeriodSnapshot = {
    periodStart: period.start,
    periodEnd: period.end,
    asOf,
    ...totals(lots, allocations),
    expiredMinutes: expired,
    remainingMinutes: remaining,
  };
  return { period, snapshot, allocations, lots: summaries };
}

export interface BankHistory {
  /** Every period that ended before `asOf`, in order. */
  closed: ClosedPeriod[];
  /** The period `asOf` falls in; null before the contract starts or after it has ended. */
  current: OpenPeriod | null;
}

/**
 * The whole bank from the contract's start to `asOf`: every period before it closed, the one it falls
 * in as a snapshot. `entries` are all the approved billable entries up to `asOf`.
 */
export function runBank(plan: BankPlan, entries: readonly BankEntry[], asOf: CalendarDate): BankHistory {
  checkPlan(plan);
  dayNumber(asOf, 'asOf');
  const byPeriod = new Map<number, BankEntry[]>();
  const ids = new Set<string>();
  for (const entry of entries) {
    if (ids.has(entry.id)) throw new HoursError('duplicate-id', { field: 'entries.id', value: entry.id });
    ids.add(entry.id);
    dayNumber(entry.date, 'entries.date');
    if (entry.date > asOf) {
      throw new HoursError('entry-outside-period', { entryId: entry.id, date: entry.date, asOf });
    }
    const { index } = periodContaining(plan, entry.date);
    const list = byPeriod.get(index) ?? [];
    list.push(entry);
    byPeriod.set(index, list);
  }
  const closed: ClosedPeriod[] = [];
  let opening: OpeningBalance | null = initialBalance(plan);
  let index = 0;
  while (opening !== null && asOf >= opening.periodStart) {
    const period = periodAt(plan, index);
    if (period === null) break;
    const mine = byPeriod.get(index) ?? [];
    if (asOf <= period.end) {
      return { closed, current: periodSnapshot(plan, opening, mine, asOf) };
    }
    const done = closePeriod(plan, opening, mine);
    closed.push(done);
    opening = done.closing;
    index += 1;
  }
  return { closed, current: null };
}

/** The charge for a closed period's overage at the contract's overage rate. */
export function overageCharge(record: Pick<PeriodRecord, 'overageMinutes'>, overageRate: Rate): Money {
  return amountForMinutes(record.overageMinutes, overageRate);
}
