import { NumberInput } from '@mantine/core';
import { currencyDigits, isCurrencyCode } from '../../shared/format/format.ts';

/**
 * An hourly rate typed in the currency's major unit (45.50 EUR) and kept in whole minor units (4550),
 * as the server stores money. Empty is null (no rate).
 */
export function RateInput(props: {
  label: string;
  description?: string;
  currency: string;
  value: number | null;
  onChange: (minor: number | null) => void;
  error?: string | undefined;
  disabled?: boolean;
  testId: string;
}) {
  const digits = isCurrencyCode(props.currency) ? currencyDigits(props.currency) : 2;
  const scale = 10 ** digits;
  return (
    <NumberInput
      label={props.label}
      {...(props.description ? { description: props.description } : {})}
      suffix={` ${props.currency}`}
      min={0}
      decimalScale={digits}
      allowNegative={false}
      value={props.value === null ? '' : props.value / scale}
      onChange={(v) => props.onChange(v === '' || v === undefined ? null : Math.round(Number(v) * scale))}
      error={props.error}
      disabled={props.disabled ?? false}
      data-testid={props.testId}
    />
  );
}
