import { z } from 'zod';
import { periodLengths } from '../hours/bank.ts';
import { dayNumber } from '../hours/calendar.ts';
import { roundingDirections } from '../hours/rounding.ts';
import { id, isoInstant } from './common.ts';

/**
 * A contract's billing terms and hour bank (issue 14, points 4 and 6) and the hours page (point 7).
 * Minutes and minor units throughout; docs/hours.md has the rules.
 */
function isDay(value: string): boolean {
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}
const calendarDate = z
  .string({ message: 'errors:validation.realDate' })
  .refine(isDay, { message: 'errors:validation.realDate' });

export const bankKinds = ['none', 'periodic', 'prepaid'] as const;
export type BankKind = (typeof bankKinds)[number];
export const rolloverKinds = ['none', 'capped', 'unlimited'] as const;
export type RolloverKind = (typeof rolloverKinds)[number];

/** 1,000,000 hours: far above any bank, far below what a number holds exactly. */
const MAX_BANK_MINUTES = 60_000_000;

const minutes = z
  .number({ message: 'errors:validation.wholeMinutes' })
  .int('errors:validation.wholeMinutes')
  .min(0, 'errors:validation.wholeMinutes')
  .max(MAX_BANK_MINUTES, 'errors:validation.wholeMinutes');
const minorUnits = z
  .number({ message: 'errors:validation.minorUnits' })
  .int('errors:validation.minorUnits')
  .min(0, 'errors:validation.minorUnits')
  .max(1_000_000_000_000, 'errors:validation.minorUnits');

export const billingTerms = z
  .object({
    /** The contract's currency: the client's, frozen when the contract is made. Sent only to check. */
    currency: z.string().optional(),
    /** Hourly rate in minor units of the currency; null: the work type's, then the default. */
    rateMinor: minorUnits.nullable().default(null),
    roundingIncrement: z.number().int('errors:validation.wholeMinutes').default(1),
    roundingMinimum: z.number().int('errors:validation.wholeMinutes').default(0),
    roundingDirection: z
      .enum(roundingDirections, { message: 'errors:validation.roundingDirection' })
      .default('up'),
    bankKind: z.enum(bankKinds, { message: 'errors:validation.bankKind' }).default('none'),
    bankPeriod: z.enum(periodLengths, { message: 'errors:validation.bankPeriod' }).default('monthly'),
    /** Periodic banks: minutes each period. */
    bankMinutes: minutes.nullable().default(null),
    rolloverKind: z.enum(rolloverKinds, { message: 'errors:validation.rolloverKind' }).default('none'),
    rolloverCapMinutes: minutes.nullable().default(null),
    /** Minor units per hour beyond the bank; null: the hourly rate. */
    overageRateMinor: minorUnits.nullable().default(null),
  })
  .strict()
  .meta({ id: 'BillingTerms' });
export type BillingTermsInput = z.input<typeof billingTerms>;

export const billingTermsResponse = z
  .object({
    currency: z.string(),
    rateMinor: z.number().int().nullable(),
    roundingIncrement: z.number().int(),
    roundingMinimum: z.number().int(),
    roundingDirection: z.enum(roundingDirections),
    bankKind: z.enum(bankKinds),
    bankPeriod: z.enum(periodLengths),
    bankMinutes: z.number().int().nullable(),
    rolloverKind: z.enum(rolloverKinds),
    rolloverCapMinutes: z.number().int().nullable(),
    overageRateMinor: z.number().int().nullable(),
  })
  .meta({ id: 'BillingTermsOut' });
export type BillingTermsResponse = z.infer<typeof billingTermsResponse>;

export const hourBlockBody = z
  .object({
    purchasedOn: calendarDate,
    minutes: z
      .number({ message: 'errors:validation.blockMinutes' })
      .int('errors:validation.blockMinutes')
      .min(1, 'errors:validation.blockMinutes')
      .max(MAX_BANK_MINUTES, 'errors:validation.blockMinutes'),
    expiresOn: calendarDate.nullable().default(null),
    note: z.string().trim().max(500, 'errors:validation.maxChars').default(''),
  })
  .strict()
  .meta({ id: 'HourBlockCreate' });
export type HourBlockBody = z.input<typeof hourBlockBody>;

export const hourBlock = z
  .object({
    id,
    purchasedOn: z.string(),
    minutes: z.number().int(),
    expiresOn: z.string().nullable(),
    note: z.string(),
  })
  .meta({ id: 'HourBlock' });
export type HourBlock = z.infer<typeof hourBlock>;

/** Where minutes came from: this period's hours, hours rolled over from a period, or a prepaid block. */
export const lotOut = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('allowance'), periodStart: z.string() }),
  z.object({ kind: z.literal('rollover'), fromPeriodStart: z.string() }),
  z.object({ kind: z.literal('block'), blockId: id, purchasedOn: z.string() }),
]);
export type LotOut = z.infer<typeof lotOut>;

export const ledgerEntry = z.object({
  entryId: id,
  ticketId: id,
  ticketSubject: z.string(),
  who: z.string(),
  /** The day the work was done. */
  date: z.string(),
  /** Set when it counts in this period though done in an earlier, closed one (a late correction). */
  countedOn: z.string().nullable(),
  actualMinutes: z.number().int(),
  /** Billed minutes as entered (negative for a correction). */
  billedMinutes: z.number().int(),
  /** Of those, what corrections credited back (0 when none). */
  creditedMinutes: z.number().int(),
  draws: z.array(z.object({ lot: lotOut, minutes: z.number().int() })),
  overageMinutes: z.number().int(),
});
export type LedgerEntry = z.infer<typeof ledgerEntry>;

export const closedPeriodOut = z.object({
  periodStart: z.string(),
  periodEnd: z.string(),
  purchasedMinutes: z.number().int(),
  rolledOverInMinutes: z.number().int(),
  carriedInMinutes: z.number().int(),
  usedMinutes: z.number().int(),
  drawnMinutes: z.number().int(),
  overageMinutes: z.number().int(),
  rolledOverOutMinutes: z.number().int(),
  carriedOutMinutes: z.number().int(),
  expiredMinutes: z.number().int(),
  overageAmountMinor: z.number().int(),
  currency: z.string(),
  /** null: ended, not yet closed by the nightly close (the figures are what it will write). */
  closedAt: isoInstant.nullable(),
});
export type ClosedPeriodOut = z.infer<typeof closedPeriodOut>;

/** The current period's headline figures: never a negative remainder (`overMinutes` instead). */
export const bankBalance = z
  .object({
    contractId: id,
    periodStart: z.string(),
    periodEnd: z.string(),
    asOf: z.string(),
    /** All the minutes this period can draw on: bought for it, rolled in and carried in. */
    purchasedMinutes: z.number().int(),
    usedMinutes: z.number().int(),
    /** Exactly one of these is set. */
    remainingMinutes: z.number().int().nullable(),
    overMinutes: z.number().int().nullable(),
    overageMinutes: z.number().int(),
  })
  .meta({ id: 'BankBalance' });
export type BankBalance = z.infer<typeof bankBalance>;

export const hoursContractOption = z.object({ id, name: z.string(), bankKind: z.enum(bankKinds) });

export const hoursPage = z
  .object({
    /** The client's contracts with a bank, to choose from. */
    contracts: z.array(hoursContractOption),
    contract: z
      .object({
        id,
        name: z.string(),
        bankKind: z.enum(bankKinds),
        bankPeriod: z.enum(periodLengths),
        currency: z.string(),
        overageRateMinor: z.number().int().nullable(),
      })
      .nullable(),
    /** The open period; null before the contract starts and after it ends. */
    balance: bankBalance.nullable(),
    /** The day the bank runs out at this period's pace; null when nothing is used (or never). */
    runOutOn: z.string().nullable(),
    /** True when a periodic bank lasts past the period's end at this pace. */
    lastsThePeriod: z.boolean(),
    perTicket: z.array(
      z.object({
        ticketId: id,
        subject: z.string(),
        actualMinutes: z.number().int(),
        billedMinutes: z.number().int(),
      }),
    ),
    ledger: z.array(ledgerEntry),
    /** Billed minutes per calendar month (YYYY-MM), the last twelve months that have any. */
    usageByMonth: z.array(z.object({ month: z.string(), minutes: z.number().int() })),
    closedPeriods: z.array(closedPeriodOut),
    blocks: z.array(hourBlock),
  })
  .meta({ id: 'HoursPage' });
export type HoursPage = z.infer<typeof hoursPage>;

export const contractHoursParams = z.object({ contractId: id }).strict();
