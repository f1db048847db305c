import { NumberInput, Select, SimpleGrid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currencyDigits } from '../../../shared/format/format.ts';
import type { BillingTermsInput, BillingTermsResponse } from '../../../shared/schemas/hours.ts';

/** Hours as typed (decimal) to whole minutes; null when empty. */
export const toMinutes = (hours: string | number | null): number | null =>
  hours === '' || hours === null ? null : Math.round(Number(hours) * 60);
const toHours = (minutes: number | null): number | string => (minutes === null ? '' : minutes / 60);
/** Money as typed (major units) to whole minor units; null when empty. */
const toMinor = (value: string | number, currency: string): number | null =>
  value === '' ? null : Math.round(Number(value) * 10 ** currencyDigits(currency));
const toMajor = (minor: number | null, currency: string): number | string =>
  minor === null ? '' : minor / 10 ** currencyDigits(currency);

export interface BillingForm {
  rate: number | string;
  increment: number | string;
  minimum: number | string;
  direction: BillingTermsResponse['roundingDirection'];
  bankKind: BillingTermsResponse['bankKind'];
  bankPeriod: BillingTermsResponse['bankPeriod'];
  bankHours: number | string;
  rolloverKind: BillingTermsResponse['rolloverKind'];
  capHours: number | string;
  overageRate: number | string;
}

export function billingFormOf(b: BillingTermsResponse): BillingForm {
  return {
    rate: toMajor(b.rateMinor, b.currency),
    increment: b.roundingIncrement,
    minimum: b.roundingMinimum,
    direction: b.roundingDirection,
    bankKind: b.bankKind,
    bankPeriod: b.bankPeriod,
    bankHours: toHours(b.bankMinutes),
    rolloverKind: b.rolloverKind,
    capHours: toHours(b.rolloverCapMinutes),
    overageRate: toMajor(b.overageRateMinor, b.currency),
  };
}

export function billingTermsOf(f: BillingForm, currency: string): BillingTermsInput {
  return {
    currency,
    rateMinor: toMinor(f.rate, currency),
    roundingIncrement: Number(f.increment),
    roundingMinimum: Number(f.minimum),
    roundingDirection: f.direction,
    bankKind: f.bankKind,
    bankPeriod: f.bankPeriod,
    bankMinutes: f.bankKind === 'periodic' ? toMinutes(f.bankHours) : null,
    rolloverKind: f.bankKind === 'periodic' ? f.rolloverKind : 'none',
    rolloverCapMinutes:
      f.bankKind === 'periodic' && f.rolloverKind === 'capped' ? toMinutes(f.capHours) : null,
    overageRateMinor: toMinor(f.overageRate, currency),
  };
}

/** The terms a contract has when none are given (the API's defaults, billingTerms in shared/schemas/hours.ts). */
export const defaultBillingForm: BillingForm = {
  rate: '',
  increment: 1,
  minimum: 0,
  direction: 'up',
  bankKind: 'none',
  bankPeriod: 'monthly',
  bankHours: '',
  rolloverKind: 'none',
  capHours: '',
  overageRate: '',
};

/** True when the form still holds the defaults (a new contract then sends no billing terms). */
export function isDefaultBilling(f: BillingForm): boolean {
  return (Object.keys(defaultBillingForm) as (keyof BillingForm)[]).every(
    (k) => String(f[k]) === String(defaultBillingForm[k]),
  );
}

/**
 * The billing terms' fields, as the API takes them (rate and overage rate in the contract's currency,
 * rounding, the hour bank), on the contract page's Billing terms card and the new contract form.
 * `errors` are the server's, by the field's name under `billing.` (billing.rateMinor → rateMinor).
 * Without a currency (no client chosen yet) the amounts wait for one.
 */
export function BillingFields({
  form,
  onChange,
  errors,
  disabled,
  currency,
}: {
  form: BillingForm;
  onChange: (patch: Partial<BillingForm>) => void;
  errors: Record<string, string>;
  disabled: boolean;
  currency: string | null;
}) {
  const { t } = useTranslation();
  const err = (name: string) => errors[`billing.${name}`];
  const set = onChange;
  const digits = currency ? currencyDigits(currency) : 2;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <NumberInput
          label={
            currency
              ? t('staffAdmin:contracts.billing.rate', { currency })
              : t('staffAdmin:contracts.billing.rateAny')
          }
          value={form.rate}
          onChange={(v) => set({ rate: v })}
          min={0}
          decimalScale={digits}
          error={err('rateMinor') ?? err('currency')}
          disabled={disabled || !currency}
          data-testid="billing-rate"
        />
        <NumberInput
          label={
            currency
              ? t('staffAdmin:contracts.billing.overageRate', { currency })
              : t('staffAdmin:contracts.billing.overageRateAny')
          }
          description={t('staffAdmin:contracts.billing.overageRateHint')}
          value={form.overageRate}
          onChange={(v) => set({ overageRate: v })}
          min={0}
          decimalScale={digits}
          error={err('overageRateMinor')}
          disabled={disabled || !currency}
          data-testid="billing-overage-rate"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <NumberInput
          label={t('staffAdmin:contracts.billing.increment')}
          value={form.increment}
          onChange={(v) => set({ increment: v })}
          min={1}
          max={1440}
          allowDecimal={false}
          error={err('roundingIncrement')}
          disabled={disabled}
          data-testid="billing-increment"
        />
        <NumberInput
          label={t('staffAdmin:contracts.billing.minimum')}
          value={form.minimum}
          onChange={(v) => set({ minimum: v })}
          min={0}
          max={1440}
          allowDecimal={false}
          error={err('roundingMinimum')}
          disabled={disabled}
          data-testid="billing-minimum"
        />
        <Select
          label={t('staffAdmin:contracts.billing.direction')}
          value={form.direction}
          onChange={(v) => v && set({ direction: v as BillingForm['direction'] })}
          allowDeselect={false}
          data={[
            { value: 'up', label: t('staffAdmin:contracts.billing.up') },
            { value: 'down', label: t('staffAdmin:contracts.billing.down') },
            { value: 'nearest', label: t('staffAdmin:contracts.billing.nearest') },
          ]}
          disabled={disabled}
          error={err('roundingDirection')}
          data-testid="billing-direction"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('staffAdmin:contracts.billing.bank')}
          value={form.bankKind}
          onChange={(v) => v && set({ bankKind: v as BillingForm['bankKind'] })}
          allowDeselect={false}
          data={[
            { value: 'none', label: t('staffAdmin:contracts.billing.bankNone') },
            { value: 'periodic', label: t('staffAdmin:contracts.billing.bankPeriodic') },
            { value: 'prepaid', label: t('staffAdmin:contracts.billing.bankPrepaid') },
          ]}
          error={err('bankKind')}
          disabled={disabled}
          data-testid="billing-bank-kind"
        />
        {form.bankKind !== 'none' ? (
          <Select
            label={t('staffAdmin:contracts.billing.period')}
            value={form.bankPeriod}
            onChange={(v) => v && set({ bankPeriod: v as BillingForm['bankPeriod'] })}
            allowDeselect={false}
            data={[
              { value: 'monthly', label: t('staffAdmin:contracts.billing.monthly') },
              { value: 'quarterly', label: t('staffAdmin:contracts.billing.quarterly') },
              { value: 'yearly', label: t('staffAdmin:contracts.billing.yearly') },
            ]}
            disabled={disabled}
            error={err('bankPeriod')}
            data-testid="billing-period"
          />
        ) : null}
      </SimpleGrid>
      {form.bankKind === 'periodic' ? (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <NumberInput
            label={t('staffAdmin:contracts.billing.hoursPerPeriod')}
            value={form.bankHours}
            onChange={(v) => set({ bankHours: v })}
            min={0}
            decimalScale={2}
            error={err('bankMinutes')}
            disabled={disabled}
            data-testid="billing-bank-hours"
          />
          <Select
            label={t('staffAdmin:contracts.billing.rollover')}
            value={form.rolloverKind}
            onChange={(v) => v && set({ rolloverKind: v as BillingForm['rolloverKind'] })}
            allowDeselect={false}
            data={[
              { value: 'none', label: t('staffAdmin:contracts.billing.rolloverNone') },
              { value: 'capped', label: t('staffAdmin:contracts.billing.rolloverCapped') },
              { value: 'unlimited', label: t('staffAdmin:contracts.billing.rolloverUnlimited') },
            ]}
            error={err('rolloverKind')}
            disabled={disabled}
            data-testid="billing-rollover"
          />
          {form.rolloverKind === 'capped' ? (
            <NumberInput
              label={t('staffAdmin:contracts.billing.cap')}
              value={form.capHours}
              onChange={(v) => set({ capHours: v })}
              min={0}
              decimalScale={2}
              error={err('rolloverCapMinutes')}
              disabled={disabled}
              data-testid="billing-cap"
            />
          ) : null}
        </SimpleGrid>
      ) : null}
    </Stack>
  );
}
