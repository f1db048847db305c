import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractResponse } from '../../../shared/schemas/contracts.ts';
import { ApiError } from '../../api/client.ts';
import { addHourBlock, fetchContractHours, hoursKeys } from '../../api/hours.ts';
import { HoursView } from '../../ui/hours/hours-view.tsx';
import { ErrorState, PageLoader, SubmitError } from '../../ui/states.tsx';
import { useUpdateContract } from './api.ts';
import {
  BillingFields,
  type BillingForm,
  billingFormOf,
  billingTermsOf,
  toMinutes,
} from './billing-fields.tsx';

/** The contract's billing terms: rate, rounding, hour bank and overage rate (in its frozen currency). */
function BillingCard({ contract, editable }: { contract: ContractResponse; editable: boolean }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<BillingForm>(() => billingFormOf(contract.billing));
  const update = useUpdateContract(contract.id);
  const queryClient = useQueryClient();
  const fields = update.error instanceof ApiError ? update.error.fields : {};
  const set = (patch: Partial<BillingForm>) => setForm((f) => ({ ...f, ...patch }));
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate(
      { billing: billingTermsOf(form, contract.billing.currency) },
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
          <BillingFields form={form} onChange={set} errors={fields} disabled={disabled} currency={currency} />
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
