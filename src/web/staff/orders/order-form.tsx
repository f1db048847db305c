import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderCreateBody, OrderPatchBody, OrderResponse } from '../../../shared/schemas/orders.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { RateInput } from '../../ui/rate-input.tsx';
import { useClientChoices, useClientParts } from './api.ts';

export interface LineValues {
  description: string;
  quantity: number | '';
  unitPriceMinor: number | null;
}

export interface OrderValues {
  clientId: number | null;
  lines: LineValues[];
  orderedByContactId: number | null;
  carrier: string;
  trackingNumber: string;
  expectedDate: string;
  notes: string;
}

const emptyLine = (): LineValues => ({ description: '', quantity: 1, unitPriceMinor: null });

export function valuesFromOrder(order?: OrderResponse, clientId?: number): OrderValues {
  return {
    clientId: order?.clientId ?? clientId ?? null,
    lines: order
      ? order.lines.map((l) => ({
          description: l.description,
          quantity: l.quantity,
          unitPriceMinor: l.unitPriceMinor,
        }))
      : [emptyLine()],
    orderedByContactId: order?.orderedBy?.id ?? null,
    carrier: order?.tracking.carrier ?? '',
    trackingNumber: order?.tracking.trackingNumber ?? '',
    expectedDate: order?.expectedDate ?? '',
    notes: order?.notes ?? '',
  };
}

const lines = (v: OrderValues) =>
  v.lines.map((l) => ({
    description: l.description,
    quantity: l.quantity === '' ? 0 : l.quantity,
    unitPriceMinor: l.unitPriceMinor ?? -1,
  }));

export function toCreateBody(v: OrderValues): OrderCreateBody {
  return {
    clientId: v.clientId ?? 0,
    lines: lines(v),
    orderedByContactId: v.orderedByContactId,
    carrier: v.carrier,
    trackingNumber: v.trackingNumber,
    expectedDate: v.expectedDate === '' ? null : v.expectedDate,
    notes: v.notes,
  };
}

export function toPatchBody(v: OrderValues): OrderPatchBody {
  return {
    lines: lines(v),
    orderedByContactId: v.orderedByContactId,
    carrier: v.carrier,
    trackingNumber: v.trackingNumber,
    expectedDate: v.expectedDate === '' ? null : v.expectedDate,
    notes: v.notes,
  };
}

/** What the form can tell before sending: a client chosen (the server checks the rest, by field). */
export function localProblems(v: OrderValues, t: (key: string) => string): Record<string, string> {
  const problems: Record<string, string> = {};
  if (v.clientId === null) problems.clientId = t('staffAdmin:orders.form.chooseClient');
  return problems;
}

/** The order's fields: client (when creating), lines, who asked, tracking, expected date, notes. */
export function OrderFormFields({
  values,
  onChange,
  errors,
  disabled,
  creating,
}: {
  values: OrderValues;
  onChange: (v: OrderValues) => void;
  errors: Record<string, string>;
  disabled: boolean;
  creating: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const clients = useClientChoices();
  const parts = useClientParts(values.clientId);
  const currency = parts.client.data?.currency ?? 'EUR';
  const set = (patch: Partial<OrderValues>) => onChange({ ...values, ...patch });
  const setLine = (i: number, patch: Partial<LineValues>) =>
    set({ lines: values.lines.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const total = values.lines.reduce(
    (sum, l) => sum + (l.quantity === '' ? 0 : l.quantity) * (l.unitPriceMinor ?? 0),
    0,
  );
  return (
    <Stack gap="md">
      {creating ? (
        <Select
          label={t('staffAdmin:orders.form.client')}
          required
          searchable
          data={(clients.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
          value={values.clientId === null ? null : String(values.clientId)}
          onChange={(v) => set({ clientId: v ? Number(v) : null, orderedByContactId: null })}
          error={errors.clientId}
          disabled={disabled}
          data-testid="order-client"
        />
      ) : null}
      <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <legend>
          <Text fw={600}>{t('staffAdmin:orders.form.lines')}</Text>
        </legend>
        <Stack gap="sm">
          {values.lines.map((line, i) => (
            // Lines have no identity until saved; their position is their key.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Group key={i} align="flex-start" gap="sm" wrap="wrap" data-testid={`order-line-${i}`}>
              <TextInput
                label={t('staffAdmin:orders.form.description', { n: i + 1 })}
                value={line.description}
                onChange={(e) => setLine(i, { description: e.currentTarget.value })}
                error={errors[`lines.${i}.description`]}
                disabled={disabled}
                dir="auto"
                style={{ flex: '2 1 240px' }}
                data-testid={`order-line-${i}-description`}
              />
              <NumberInput
                label={t('staffAdmin:orders.form.quantity')}
                value={line.quantity}
                min={1}
                allowDecimal={false}
                onChange={(v) => setLine(i, { quantity: v === '' ? '' : Number(v) })}
                error={errors[`lines.${i}.quantity`]}
                disabled={disabled}
                style={{ flex: '0 1 110px' }}
                data-testid={`order-line-${i}-quantity`}
              />
              <div style={{ flex: '1 1 160px' }}>
                <RateInput
                  label={t('staffAdmin:orders.form.unitPrice')}
                  currency={currency}
                  value={line.unitPriceMinor}
                  onChange={(minor) => setLine(i, { unitPriceMinor: minor })}
                  error={errors[`lines.${i}.unitPriceMinor`]}
                  disabled={disabled}
                  testId={`order-line-${i}-price`}
                />
              </div>
              {values.lines.length > 1 ? (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={28}
                  aria-label={t('staffAdmin:orders.form.removeLine', { n: i + 1 })}
                  onClick={() => set({ lines: values.lines.filter((_, j) => j !== i) })}
                  disabled={disabled}
                >
                  ×
                </ActionIcon>
              ) : null}
            </Group>
          ))}
          {errors.lines ? (
            <Text c="red" size="sm" role="alert">
              {errors.lines}
            </Text>
          ) : null}
          <Group justify="space-between">
            <Button
              variant="default"
              onClick={() => set({ lines: [...values.lines, emptyLine()] })}
              disabled={disabled}
              data-testid="order-add-line"
            >
              {t('staffAdmin:orders.form.addLine')}
            </Button>
            <Text fw={600} data-testid="order-form-total">
              {t('staffAdmin:orders.form.total', { total: format.money(total, currency) })}
            </Text>
          </Group>
        </Stack>
      </fieldset>
      <Select
        label={t('staffAdmin:orders.form.orderedBy')}
        description={t('staffAdmin:orders.form.orderedByHint')}
        clearable
        searchable
        data={(parts.contacts.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
        value={values.orderedByContactId === null ? null : String(values.orderedByContactId)}
        onChange={(v) => set({ orderedByContactId: v ? Number(v) : null })}
        error={errors.orderedByContactId}
        disabled={disabled || values.clientId === null}
        data-testid="order-ordered-by"
      />
      <Group grow align="flex-start" wrap="wrap">
        <TextInput
          label={t('staffAdmin:orders.form.carrier')}
          description={t('staffAdmin:orders.form.carrierHint')}
          value={values.carrier}
          onChange={(e) => set({ carrier: e.currentTarget.value })}
          error={errors.carrier}
          disabled={disabled}
          dir="auto"
          data-testid="order-carrier"
        />
        <TextInput
          label={t('staffAdmin:orders.form.trackingNumber')}
          value={values.trackingNumber}
          onChange={(e) => set({ trackingNumber: e.currentTarget.value })}
          error={errors.trackingNumber}
          disabled={disabled}
          dir="auto"
          data-testid="order-tracking-number"
        />
        <TextInput
          type="date"
          label={t('staffAdmin:orders.form.expectedDate')}
          value={values.expectedDate}
          onChange={(e) => set({ expectedDate: e.currentTarget.value })}
          error={errors.expectedDate}
          disabled={disabled}
          data-testid="order-expected"
        />
      </Group>
      <Textarea
        label={t('staffAdmin:orders.form.notes')}
        description={t('staffAdmin:orders.form.notesHint')}
        autosize
        minRows={2}
        value={values.notes}
        onChange={(e) => set({ notes: e.currentTarget.value })}
        error={errors.notes}
        disabled={disabled}
        dir="auto"
        data-testid="order-notes"
      />
    </Stack>
  );
}
