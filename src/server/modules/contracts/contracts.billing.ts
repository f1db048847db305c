import type { z } from 'zod';
import {
  type BankPlan,
  checkPlan,
  checkRate,
  checkRoundingRule,
  type HoursError,
  isHoursError,
} from '../../../shared/hours/index.ts';
import { message } from '../../../shared/i18n/i18n.ts';
import type { BillingTermsResponse, billingTerms } from '../../../shared/schemas/hours.ts';
import { errors } from '../../platform/errors.ts';

export type BillingInput = z.output<typeof billingTerms>;

/** The contract columns that hold its billing terms (migration 0017). */
export interface BillingValues {
  rate_minor: number | null;
  rounding_increment: number;
  rounding_minimum: number;
  rounding_direction: string;
  bank_kind: string;
  bank_period: string;
  bank_minutes: number | null;
  rollover_kind: string;
  rollover_cap_minutes: number | null;
  overage_rate_minor: number | null;
}

/** The columns that shape the bank's periods and allowance: frozen once a period has closed. */
export const bankColumns = [
  'bank_kind',
  'bank_period',
  'bank_minutes',
  'rollover_kind',
  'rollover_cap_minutes',
] as const;

const fieldOf: Record<string, string> = {
  incrementMinutes: 'billing.roundingIncrement',
  minimumMinutes: 'billing.roundingMinimum',
  direction: 'billing.roundingDirection',
  allowanceMinutes: 'billing.bankMinutes',
  capMinutes: 'billing.rolloverCapMinutes',
  endDate: 'endDate',
  startDate: 'startDate',
};

/**
 * Checks billing terms with the pure module's checks (src/shared/hours) and returns the columns; every
 * problem is a 400 naming its field. `currency` is the contract's (the client's, frozen).
 */
export function billingValues(
  input: BillingInput,
  currency: string,
  dates: { startDate: string; endDate: string | null },
): BillingValues {
  const problems: Record<string, ReturnType<typeof message>> = {};
  const refuse = (field: string, error: unknown) => {
    if (!isHoursError(error)) throw error;
    const reported = typeof error.detail.field === 'string' ? fieldOf[error.detail.field] : undefined;
    problems[reported ?? field] = hoursText(error);
  };
  if (input.currency !== undefined && input.currency !== currency) {
    problems['billing.currency'] = message('errors:hours.currencyMismatch');
  }
  try {
    checkRoundingRule({
      incrementMinutes: input.roundingIncrement,
      minimumMinutes: input.roundingMinimum,
      direction: input.roundingDirection,
    });
  } catch (error) {
    refuse('billing.roundingIncrement', error);
  }
  for (const [field, value] of [
    ['billing.rateMinor', input.rateMinor],
    ['billing.overageRateMinor', input.overageRateMinor],
  ] as const) {
    if (value === null) continue;
    try {
      checkRate({ minorUnitsPerHour: value, currency });
    } catch (error) {
      refuse(field, error);
    }
  }
  if (input.bankKind === 'periodic') {
    if (input.bankMinutes === null || input.bankMinutes === 0) {
      problems['billing.bankMinutes'] = message('errors:hours.bankMinutesNeeded');
    }
    if (input.rolloverKind === 'capped' && input.rolloverCapMinutes === null) {
      problems['billing.rolloverCapMinutes'] = message('errors:hours.capNeeded');
    }
  }
  if (input.bankKind !== 'none' && Object.keys(problems).length === 0) {
    const plan: BankPlan =
      input.bankKind === 'periodic'
        ? {
            kind: 'periodic',
            startDate: dates.startDate,
            endDate: dates.endDate,
            period: input.bankPeriod,
            allowanceMinutes: input.bankMinutes ?? 0,
            rollover:
              input.rolloverKind === 'capped'
                ? { kind: 'capped', capMinutes: input.rolloverCapMinutes ?? 0 }
                : { kind: input.rolloverKind },
          }
        : {
            kind: 'prepaid',
            startDate: dates.startDate,
            endDate: dates.endDate,
            period: input.bankPeriod,
            blocks: [],
          };
    try {
      checkPlan(plan);
    } catch (error) {
      refuse('billing.bankKind', error);
    }
  }
  if (Object.keys(problems).length > 0) throw errors.validation(problems);
  const periodic = input.bankKind === 'periodic';
  return {
    rate_minor: input.rateMinor,
    rounding_increment: input.roundingIncrement,
    rounding_minimum: input.roundingMinimum,
    rounding_direction: input.roundingDirection,
    bank_kind: input.bankKind,
    bank_period: input.bankPeriod,
    bank_minutes: periodic ? input.bankMinutes : null,
    rollover_kind: periodic ? input.rolloverKind : 'none',
    rollover_cap_minutes: periodic && input.rolloverKind === 'capped' ? input.rolloverCapMinutes : null,
    overage_rate_minor: input.overageRateMinor,
  };
}

function hoursText(error: HoursError) {
  switch (error.code) {
    case 'invalid-rounding-rule':
      return message('errors:hours.invalidRounding');
    case 'invalid-rate':
      return message('errors:hours.invalidRate');
    case 'currency-mismatch':
      return message('errors:hours.currencyMismatch');
    case 'negative-minutes':
      return message('errors:hours.negativeMinutes');
    case 'fractional-minutes':
      return message('errors:hours.fractionalMinutes');
    default:
      return message('errors:hours.invalidPlan');
  }
}

export function presentBilling(row: BillingValues & { currency: string | null }): BillingTermsResponse {
  return {
    currency: row.currency ?? '',
    rateMinor: row.rate_minor,
    roundingIncrement: row.rounding_increment,
    roundingMinimum: row.rounding_minimum,
    roundingDirection: row.rounding_direction as BillingTermsResponse['roundingDirection'],
    bankKind: row.bank_kind as BillingTermsResponse['bankKind'],
    bankPeriod: row.bank_period as BillingTermsResponse['bankPeriod'],
    bankMinutes: row.bank_minutes,
    rolloverKind: row.rollover_kind as BillingTermsResponse['rolloverKind'],
    rolloverCapMinutes: row.rollover_cap_minutes,
    overageRateMinor: row.overage_rate_minor,
  };
}
