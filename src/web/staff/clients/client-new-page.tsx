import { Alert, Button, Group, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { PageHeader, SubmitError } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useCreateClient } from './api/clients.ts';
import { localProblems, toCreateBody, valuesFromClient } from './client-form.ts';
import { ClientFormFields } from './client-form-fields.tsx';

export function ClientNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('clients:manage');
  const [values, setValues] = useState(() => valuesFromClient());
  const [local, setLocal] = useState<Record<string, string>>({});
  const create = useSubmitOnce(useCreateClient());
  const serverErrors = create.error instanceof ApiError ? create.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = localProblems(values, t);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(toCreateBody(values), {
      onSuccess: (client) => void navigate(`/staff/clients/${client.id}`),
    });
  };

  if (!canManage) {
    return (
      <>
        <PageHeader title={t('staffAdmin:clients.new.title')} />
        <Alert color="gray" title={t('staffAdmin:viewOnly')}>
          {t('staffAdmin:clients.new.viewOnly')}
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('staffAdmin:clients.new.title')}>{t('staffAdmin:clients.new.intro')}</PageHeader>
      <form onSubmit={onSubmit} noValidate aria-label={t('staffAdmin:clients.new.title')}>
        <Stack gap="lg">
          <ClientFormFields
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
            <SubmitError title={t('staffAdmin:clients.new.notCreated')} error={create.error} />
          ) : null}
          <Group>
            <Button type="submit" loading={create.isPending} data-testid="client-create">
              {t('staffAdmin:clients.new.create')}
            </Button>
            <Button variant="default" component={Link} to="/staff/clients">
              {t('staffAdmin:cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
