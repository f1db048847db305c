import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { PageHeader, SubmitError } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useClientParts, useCreateContract } from './api.ts';
import {
  BillingFields,
  type BillingForm,
  billingTermsOf,
  defaultBillingForm,
  isDefaultBilling,
} from './billing-fields.tsx';
import { ContractFormFields, localProblems, toCreateBody, valuesFromContract } from './contract-form.tsx';

export function ContractNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('clients:manage');
  const fromClient = Number(search.get('clientId'));
  const [values, setValues] = useState(() =>
    valuesFromContract(undefined, Number.isInteger(fromClient) && fromClient > 0 ? fromClient : undefined),
  );
  const [local, setLocal] = useState<Record<string, string>>({});
  const [billing, setBilling] = useState<BillingForm>(defaultBillingForm);
  // Amounts are in the client's currency, which becomes the contract's (the API refuses any other).
  const { client } = useClientParts(values.clientId ? Number(values.clientId) : null);
  const currency = client.data?.currency ?? null;
  const create = useSubmitOnce(useCreateContract());
  const serverErrors = create.error instanceof ApiError ? create.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = localProblems(values, t);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    // Terms left as they are send none: the contract gets the API's defaults, as before.
    const body = isDefaultBilling(billing)
      ? toCreateBody(values)
      : { ...toCreateBody(values), billing: termsFor(billing, currency) };
    create.mutate(body, {
      onSuccess: (contract) => void navigate(`/staff/contracts/${contract.id}`),
    });
  };

  if (!canManage) {
    return (
      <>
        <PageHeader title={t('staffAdmin:contracts.new.title')} />
        <Alert color="gray" title={t('staffAdmin:viewOnly')}>
          {t('staffAdmin:contracts.new.viewOnly')}
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('staffAdmin:contracts.new.title')}>
        {t('staffAdmin:contracts.new.intro')}
      </PageHeader>
      <form onSubmit={onSubmit} noValidate aria-label={t('staffAdmin:contracts.new.title')}>
        <Stack gap="lg">
          <ContractFormFields
            values={values}
            onChange={(v) => {
              setValues(v);
              setLocal({});
            }}
            errors={{ ...serverErrors, ...local }}
            disabled={create.isPending}
            creating
          />
          <Card withBorder component="section" aria-labelledby="contract-new-billing">
            <Title order={2} size="h4" mb={4} id="contract-new-billing">
              {t('staffAdmin:contracts.billing.title')}
            </Title>
            <Text size="sm" c="dimmed" mb="sm" data-testid="billing-currency">
              {currency
                ? t('staffAdmin:contracts.form.billingCurrency', { currency })
                : t('staffAdmin:contracts.form.billingNoClient')}{' '}
              {t('staffAdmin:contracts.form.billingHelp')}
            </Text>
            <BillingFields
              form={billing}
              onChange={(patch) => setBilling((f) => ({ ...f, ...patch }))}
              errors={serverErrors}
              disabled={create.isPending}
              currency={currency}
            />
          </Card>
          {create.isError ? (
            <SubmitError title={t('staffAdmin:contracts.new.notCreated')} error={create.error} />
          ) : null}
          <Group>
            <Button type="submit" loading={create.isPending} data-testid="contract-create">
              {t('staffAdmin:contracts.new.create')}
            </Button>
            <Button variant="default" component={Link} to="/staff/contracts">
              {t('staffAdmin:cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

/** The terms to send; the currency only to check, so none while the client's is not known yet. */
function termsFor(form: BillingForm, currency: string | null) {
  const { currency: _check, ...terms } = billingTermsOf(form, currency ?? '');
  return currency ? { ...terms, currency } : terms;
}
