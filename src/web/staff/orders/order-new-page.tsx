import { Alert, Button, Group, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { PageHeader, SubmitError } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useCreateOrder } from './api.ts';
import { localProblems, OrderFormFields, toCreateBody, valuesFromOrder } from './order-form.tsx';

export function OrderNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('clients:manage');
  const fromClient = Number(search.get('clientId'));
  const [values, setValues] = useState(() =>
    valuesFromOrder(undefined, Number.isInteger(fromClient) && fromClient > 0 ? fromClient : undefined),
  );
  const [local, setLocal] = useState<Record<string, string>>({});
  const create = useSubmitOnce(useCreateOrder());
  const serverErrors = create.error instanceof ApiError ? create.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = localProblems(values, t);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(toCreateBody(values), {
      onSuccess: (order) => void navigate(`/staff/orders/${order.id}`),
    });
  };

  if (!canManage) {
    return (
      <>
        <PageHeader title={t('staffAdmin:orders.new.title')} />
        <Alert color="gray" title={t('staffAdmin:viewOnly')}>
          {t('staffAdmin:orders.new.viewOnly')}
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('staffAdmin:orders.new.title')}>{t('staffAdmin:orders.new.intro')}</PageHeader>
      <form onSubmit={onSubmit} noValidate aria-label={t('staffAdmin:orders.new.title')}>
        <Stack gap="lg">
          <OrderFormFields
            values={values}
            onChange={(v) => {
              setValues(v);
              setLocal({});
            }}
            errors={{ ...serverErrors, ...local }}
            disabled={create.isPending}
            creating
          />
          {create.isError ? (
            <SubmitError title={t('staffAdmin:orders.new.notCreated')} error={create.error} />
          ) : null}
          <Group>
            <Button type="submit" loading={create.isPending} data-testid="order-create">
              {t('staffAdmin:orders.new.create')}
            </Button>
            <Button variant="default" component={Link} to="/staff/orders">
              {t('staffAdmin:cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
