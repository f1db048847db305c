import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyDigits } from '../../../shared/format/format.ts';
import type { ContractResponse } from '../../../shared/schemas/contracts.ts';
import type { BillingTermsInput, BillingTermsResponse } from '../../../shared/schemas/hours.ts';
import { ApiError } from '../../api/client.ts';
import { addHourBlock, fetchContractHours, hoursKeys } from '../../api/hours.ts';
import { HoursView } from '../../ui/hours/hours-view.tsx';
import { ErrorState, PageLoader, SubmitError } from '../../ui/states.tsx';
import { useUpdateContract } from './api.ts';

/** Hours as typed (decimal) to whole minutes; null when empty. */
const toMinutes = (hours: string | number | null): number | null =>
  hours === '' || hours === null ? null : Math.round(Number(hours) * 60);
const toHours = (minutes: number | null): number | string => (minutes === null ? '' : minutes / 60);
/** Money as typed (major units) to whole minor units; null when empty. */
const toMinor = (value: string | number, currency: string): number | null =>
  value === '' ? null : Math.round(Number(value) * 10 ** currencyDigits(currency));
const toMajor = (minor: number | null, currency: string): number | string =>
  minor === null ? '' : minor / 10 ** currencyDigits(currency);

interface Form {
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

function formOf(b: BillingTermsResponse): Form {
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

function termsOf(f: Form, currency: string): BillingTermsInput {
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

/** The contract's billing terms: rate, rounding, hour bank and overage rate (in its frozen currency). */
function BillingCard({ contract, editable }: { contract: ContractResponse; editable: boolean }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<Form>(() => formOf(contract.billing));
  const update = useUpdateContract(contract.id);
  const queryClient = useQueryClient();
  const fields = update.error instanceof ApiError ? update.error.fields : {};
  const err = (name: string) => fields[`billing.${name}`];
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate(
      { billing: termsOf(form, contract.billing.currency) },
      { onSuccess: () => void queryClient.invalidateQueries({ queryKey: hoursKeys.all }) },
    );
  };
  const disabled = !editable || update.isPending;
  const currency = contract.billing.currency;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb={4}>
        {t('staffAdmin:contracts.billing.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('staffAdmin:contracts.billing.currency', { currency })}
      </Text>
      <form onSubmit={onSubmit} noValidate aria-label={t('staffAdmin:contracts.billing.title')}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NumberInput
              label={t('staffAdmin:contracts.billing.rate', { currency })}
              value={form.rate}
              onChange={(v) => set({ rate: v })}
              min={0}
              decimalScale={currencyDigits(currency)}
              error={err('rateMinor') ?? err('currency')}
              disabled={disabled}
            />
            <NumberInput
              label={t('staffAdmin:contracts.billing.overageRate', { currency })}
              description={t('staffAdmin:contracts.billing.overageRateHint')}
              value={form.overageRate}
              onChange={(v) => set({ overageRate: v })}
              min={0}
              decimalScale={currencyDigits(currency)}
              error={err('overageRateMinor')}
              disabled={disabled}
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
            />
            <Select
              label={t('staffAdmin:contracts.billing.direction')}
              value={form.direction}
              onChange={(v) => v && set({ direction: v as Form['direction'] })}
              allowDeselect={false}
              data={[
                { value: 'up', label: t('staffAdmin:contracts.billing.up') },
                { value: 'down', label: t('staffAdmin:contracts.billing.down') },
                { value: 'nearest', label: t('staffAdmin:contracts.billing.nearest') },
              ]}
              disabled={disabled}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('staffAdmin:contracts.billing.bank')}
              value={form.bankKind}
              onChange={(v) => v && set({ bankKind: v as Form['bankKind'] })}
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
                onChange={(v) => v && set({ bankPeriod: v as Form['bankPeriod'] })}
                allowDeselect={false}
                data={[
                  { value: 'monthly', label: t('staffAdmin:contracts.billing.monthly') },
                  { value: 'quarterly', label: t('staffAdmin:contracts.billing.quarterly') },
                  { value: 'yearly', label: t('staffAdmin:contracts.billing.yearly') },
                ]}
                disabled={disabled}
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
              />
              <Select
                label={t('staffAdmin:contracts.billing.rollover')}
                value={form.rolloverKind}
                onChange={(v) => v && set({ rolloverKind: v as Form['rolloverKind'] })}
                allowDeselect={false}
                data={[
                  { value: 'none', label: t('staffAdmin:contracts.billing.rolloverNone') },
                  { value: 'capped', label: t('staffAdmin:contracts.billing.rolloverCapped') },
                  { value: 'unlimited', label: t('staffAdmin:contracts.billing.rolloverUnlimited') },
                ]}
                disabled={disabled}
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
                />
              ) : null}
            </SimpleGrid>
          ) : null}
          {update.isError ? (
            <SubmitError title={t('staffAdmin:contracts.billing.notSaved')} error={update.error} />
          ) : null}
          {editable ? (
            <Group>
              <Button type="submit" loading={update.isPending} data-testid="billing-save">
                {t('staffAdmin:contracts.billing.save')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
    </Card>
  );
}

/** Adds a block of prepaid hours. */
function AddBlock({ contractId }: { contractId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [hours, setHours] = useState<number | string>('');
  const [purchasedOn, setPurchasedOn] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const add = useMutation({
    mutationFn: () =>
      addHourBlock(contractId, {
        purchasedOn,
        minutes: toMinutes(hours) ?? 0,
        expiresOn: expiresOn === '' ? null : expiresOn,
      }),
    onSuccess: () => {
      setHours('');
      setExpiresOn('');
      void queryClient.invalidateQueries({ queryKey: hoursKeys.all });
    },
  });
  const fields = add.error instanceof ApiError ? add.error.fields : {};
  return (
    <form
      noValidate
      aria-label={t('staffAdmin:contracts.billing.addBlock')}
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <Title order={3} size="h5" mb="xs">
        {t('staffAdmin:contracts.billing.addBlock')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <NumberInput
          label={t('staffAdmin:contracts.billing.blockHours')}
          value={hours}
          onChange={setHours}
          min={0}
          decimalScale={2}
          error={fields.minutes}
          required
        />
        <TextInput
          type="date"
          label={t('staffAdmin:contracts.billing.purchasedOn')}
          value={purchasedOn}
          onChange={(e) => setPurchasedOn(e.currentTarget.value)}
          error={fields.purchasedOn}
          required
        />
        <TextInput
          type="date"
          label={t('staffAdmin:contracts.billing.expiresOn')}
          description={t('staffAdmin:contracts.billing.expiresHint')}
          value={expiresOn}
          onChange={(e) => setExpiresOn(e.currentTarget.value)}
          error={fields.expiresOn}
        />
      </SimpleGrid>
      {add.isError ? (
        <SubmitError title={t('staffAdmin:contracts.billing.blockNotAdded')} error={add.error} />
      ) : null}
      <Group mt="sm">
        <Button type="submit" variant="light" loading={add.isPending} data-testid="block-add">
          {t('staffAdmin:contracts.billing.addBlockButton')}
        </Button>
      </Group>
    </form>
  );
}

/** The contract page's billing terms and hours: the figures the client reads, from the same rows. */
export function ContractHours({ contract, editable }: { contract: ContractResponse; editable: boolean }) {
  const { t } = useTranslation();
  const hours = useQuery({
    queryKey: hoursKeys.staff(contract.id),
    queryFn: ({ signal }) => fetchContractHours(contract.id, signal),
  });
  return (
    <Stack gap="lg" mb="lg">
      <BillingCard contract={contract} editable={editable} />
      <section aria-labelledby="contract-hours">
        <Title order={2} size="h3" mb="sm" id="contract-hours">
          {t('staffAdmin:contracts.billing.hours')}
        </Title>
        {contract.billing.bankKind === 'none' ? (
          <Alert color="gray">{t('staffAdmin:contracts.billing.noBank')}</Alert>
        ) : hours.isPending ? (
          <PageLoader label={t('staffAdmin:contracts.billing.loadingHours')} />
        ) : hours.isError ? (
          <ErrorState
            title={t('staffAdmin:contracts.billing.couldNotLoadHours')}
            error={hours.error}
            onRetry={() => void hours.refetch()}
          />
        ) : (
          <Stack gap="lg">
            <HoursView page={hours.data} ticketHref={(id) => `/staff/tickets/${id}`} />
            {contract.billing.bankKind === 'prepaid' && editable ? (
              <AddBlock contractId={contract.id} />
            ) : null}
          </Stack>
        )}
      </section>
    </Stack>
  );
}
