import { Alert, Button, Group, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { PageHeader, SubmitError } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useCreateClient } from './api/clients.ts';
import { localProblems, toCreateBody, valuesFromClient } from './client-form.ts';
import { ClientFormFields } from './client-form-fields.tsx';

export function ClientNewPage() {
  const navigate = useNavigate();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('clients:manage');
  const [values, setValues] = useState(() => valuesFromClient());
  const [local, setLocal] = useState<Record<string, string>>({});
  const create = useSubmitOnce(useCreateClient());
  const serverErrors = create.error instanceof ApiError ? create.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = localProblems(values);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(toCreateBody(values), {
      onSuccess: (client) => void navigate(`/staff/clients/${client.id}`),
    });
  };

  if (!canManage) {
    return (
      <>
        <PageHeader title="New client" />
        <Alert color="gray" title="View only">
          Your role can look at clients but not add them.
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader title="New client">Add a company; you can add its contacts next.</PageHeader>
      <form onSubmit={onSubmit} noValidate aria-label="New client">
        <Stack gap="lg">
          <ClientFormFields
            values={values}
            onChange={(v) => {
              setValues(v);
              setLocal({});
            }}
            errors={{ ...serverErrors, ...local }}
            disabled={create.isPending}
          />
          {create.isError ? <SubmitError title="The client was not created" error={create.error} /> : null}
          <Group>
            <Button type="submit" loading={create.isPending} data-testid="client-create">
              Create client
            </Button>
            <Button variant="default" component={Link} to="/staff/clients">
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
