import {
  type CalendarDate,
  daysBetween,
  type PeriodLength,
  periodAt,
  periodContaining,
} from '../../../shared/hours/index.ts';
import type { Random } from './random.ts';

/**
 * Contracts' billing terms and hour banks for `portico generate` (issue 14, point 6). Each active
 * contract gets a rate in its client's currency and, most of them, a bank: a prepaid contract holds
 * blocks of hours, a managed-services contract often a monthly or quarterly allowance. Each bank aims at
 * a state (healthy, near its limit, in overage) that is settled once the generated time is known
 * (`settleBank`): the allowance or blocks are sized from the minutes that time drew, so every state
 * appears at every size. The figures themselves (what was drawn, rolled over, closed) are never
 * computed here: the hours module closes the periods and reads the balances from the rows.
 */

export type BankTarget = 'healthy' | 'near' | 'over';

/** A ticket of a banked contract that may ask its client for overage (the last few are kept). */
export interface OverageCandidate {
  ticketId: number;
  requesterContactId: number;
  assignee: number | null;
  createdMs: number;
  resolved: boolean;
}

export interface GeneratedContract {
  id: number;
  clientIndex: number;
  currency: string;
  startDate: CalendarDate;
  endDate: CalendarDate | null;
  /** Midnight (UTC) of the start date and of the day after the end: a ticket opened in between is covered. */
  startMs: number;
  endMs: number;
  rateMinor: number | null;
  overageRateMinor: number | null;
  bank: 'none' | 'periodic' | 'prepaid';
  period: PeriodLength;
  rollover: 'none' | 'capped' | 'unlimited';
  capMinutes: number | null;
  target: BankTarget;
  /** The sites covered when not all of them. */
  siteIds: number[] | null;
  /** Approved billable minutes by entry date (the bank's draws), filled while the time is generated. */
  usage: Map<CalendarDate, number>;
  recent: OverageCandidate[];
}

/** The contracts columns after the base ones, in `billingRow` order. */
export const contractBillingColumns = [
  'currency',
  'rate_minor',
  'rounding_increment',
  'rounding_minimum',
  'rounding_direction',
  'bank_kind',
  'bank_period',
  'bank_minutes',
  'rollover_kind',
  'rollover_cap_minutes',
  'overage_rate_minor',
] as const;

/** Bank states in turn: half healthy, a quarter near the limit, a quarter in overage. */
const targets: BankTarget[] = ['over', 'near', 'healthy', 'healthy'];

/** Billed minutes round up to a quarter of an hour on every generated contract. */
export const GENERATED_INCREMENT = 15;

const DAY = 86_400_000;

function base(
  id: number,
  clientIndex: number,
  currency: string,
  startDate: CalendarDate,
  endDate: CalendarDate | null,
): GeneratedContract {
  return {
    id,
    clientIndex,
    currency,
    startDate,
    endDate,
    startMs: Date.parse(`${startDate}T00:00:00Z`),
    endMs: endDate === null ? Number.POSITIVE_INFINITY : Date.parse(`${endDate}T00:00:00Z`) + DAY,
    rateMinor: null,
    overageRateMinor: null,
    bank: 'none',
    period: 'monthly',
    rollover: 'none',
    capMinutes: null,
    target: 'healthy',
    siteIds: null,
    usage: new Map(),
    recent: [],
  };
}

/** A contract without a bank (a previous term, a draft): its client's currency, no rate of its own. */
export function plainContract(
  id: number,
  clientIndex: number,
  currency: string,
  startDate: CalendarDate,
  endDate: CalendarDate | null,
): GeneratedContract {
  return base(id, clientIndex, currency, startDate, endDate);
}

/** An active contract with a rate and, most often, a bank; its draws from `r` alone. */
export function bankedContract(
  r: Random,
  c: {
    id: number;
    clientIndex: number;
    currency: string;
    startDate: CalendarDate;
    endDate: CalendarDate | null;
    prepaid: boolean;
  },
): GeneratedContract {
  const contract = base(c.id, c.clientIndex, c.currency, c.startDate, c.endDate);
  // Rates per hour in minor units: about 90 to 120 EUR, or 400 to 520 AED.
  const aed = c.currency === 'AED';
  contract.rateMinor = (aed ? 40_000 : 9_000) + (aed ? 2_000 : 500) * r.int(0, 6);
  contract.overageRateMinor = Math.round((contract.rateMinor * 1.25) / 100) * 100;
  // The first clients' contracts always have a bank, and the targets take turns, so every state appears
  // whatever the size (the first clients are also those with logins).
  const kind = c.prepaid ? 'prepaid' : r.chance(0.6) || c.clientIndex < 4 ? 'periodic' : 'none';
  contract.bank = kind;
  if (kind === 'none') return contract;
  contract.period = kind === 'periodic' && r.chance(0.3) ? 'quarterly' : 'monthly';
  contract.target = targets[c.clientIndex % targets.length] as BankTarget;
  if (kind === 'periodic' && contract.target === 'healthy') {
    const y = r.next();
    contract.rollover = y < 0.3 ? 'none' : y < 0.7 ? 'capped' : 'unlimited';
  }
  return contract;
}

/** The billing columns of a contract, in `contractBillingColumns` order (bank size settled later). */
export function billingRow(c: GeneratedContract): unknown[] {
  return [
    c.currency,
    c.rateMinor,
    GENERATED_INCREMENT,
    0,
    'up',
    c.bank,
    c.period,
    null,
    c.rollover,
    null,
    c.overageRateMinor,
  ];
}

/** The contract covering a ticket opened at `ms` at `siteId` (null: no site named), if any. */
export function covering(
  c: GeneratedContract | undefined,
  ms: number,
  siteId: number | null,
): GeneratedContract | null {
  if (!c || ms < c.startMs || ms >= c.endMs) return null;
  if (c.siteIds !== null && (siteId === null || !c.siteIds.includes(siteId))) return null;
  return c;
}

export interface SettledBank {
  /** Periodic banks: minutes each period; and the rollover cap when capped. */
  bankMinutes: number | null;
  capMinutes: number | null;
  blocks: { purchasedOn: CalendarDate; minutes: number; expiresOn: CalendarDate | null }[];
}

const up = (minutes: number, step: number) => Math.max(step, Math.ceil(minutes / step) * step);
const down = (minutes: number, step: number) => Math.max(step, Math.floor(minutes / step) * step);

function usedBetween(c: GeneratedContract, from: CalendarDate, to: CalendarDate): number {
  let sum = 0;
  for (const [date, minutes] of c.usage) if (date >= from && date <= to) sum += minutes;
  return sum;
}

/**
 * Sizes a bank from the minutes its time drew, so it lands in its target state today: healthy (well
 * within), near (about 80 to 95 % used) or over (overage this period). A bank whose period has too
 * little time for its target stays healthy. Null for a contract without a bank or not open today.
 */
export function settleBank(r: Random, c: GeneratedContract, today: CalendarDate): SettledBank | null {
  if (c.bank === 'none' || today < c.startDate || (c.endDate !== null && today > c.endDate)) return null;
  const dates = { startDate: c.startDate, endDate: c.endDate, period: c.period };
  const current = periodContaining({ kind: 'prepaid', ...dates, blocks: [] }, today);
  const used = usedBetween(c, current.start, today);
  if (c.bank === 'periodic') {
    const elapsed = (daysBetween(current.start, today) + 1) / (daysBetween(current.start, current.end) + 1);
    let earlier = 0;
    let periods = 0;
    for (let k = current.index - 1; k >= Math.max(0, current.index - 3); k--) {
      const p = periodAt({ kind: 'prepaid', ...dates, blocks: [] }, k);
      if (p === null) continue;
      earlier += usedBetween(c, p.start, p.end);
      periods += 1;
    }
    const pace = Math.max(used / Math.max(elapsed, 0.25), periods ? earlier / periods : 0);
    let minutes = up(Math.max(600, pace * 1.5), 60);
    if (c.target === 'near' && used >= 120) minutes = up(used / (0.8 + 0.15 * r.next()), 30);
    else if (c.target === 'over' && used >= 120) minutes = down(used / (1.15 + 0.3 * r.next()), 60);
    const capMinutes = c.rollover === 'capped' ? up(minutes / 2, 60) : null;
    return { bankMinutes: minutes, capMinutes, blocks: [] };
  }
  // Prepaid: what the whole contract drew so far, bought as one block at the start (and a top-up).
  const total = usedBetween(c, c.startDate, today);
  if (c.target === 'near' && total >= 120) {
    return {
      bankMinutes: null,
      capMinutes: null,
      blocks: [
        { purchasedOn: c.startDate, minutes: up(total / (0.8 + 0.15 * r.next()), 30), expiresOn: null },
      ],
    };
  }
  if (c.target === 'over' && total >= 120) {
    return {
      bankMinutes: null,
      capMinutes: null,
      blocks: [
        { purchasedOn: c.startDate, minutes: down(total / (1.15 + 0.3 * r.next()), 60), expiresOn: null },
      ],
    };
  }
  const first = up(Math.max(600, total), 600);
  const blocks: SettledBank['blocks'] = [{ purchasedOn: c.startDate, minutes: first, expiresOn: c.endDate }];
  // A top-up bought at the start of this period, never expiring: the older block is drawn first.
  if (current.start > c.startDate)
    blocks.push({ purchasedOn: current.start, minutes: up(first / 2, 600), expiresOn: null });
  return { bankMinutes: null, capMinutes: null, blocks };
}
