import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import { ApiError } from '../../api/client.ts';
import { SubmitError } from '../../ui/states.tsx';
import { useUpdateClient } from './api/clients.ts';
import { type ClientFormValues, localProblems, toPatch, valuesFromClient } from './client-form.ts';
import { ClientFormFields } from './client-form-fields.tsx';

export function OverviewTab({ client, canManage }: { client: ClientResponse; canManage: boolean }) {
  const { t } = useTranslation();
  const [baseline, setBaseline] = useState<ClientFormValues>(() => valuesFromClient(client));
  const [values, setValues] = useState<ClientFormValues>(baseline);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const update = useUpdateClient(client.id);
  const patch = useMemo(() => toPatch(baseline, values), [baseline, values]);
  const dirty = Object.keys(patch).length > 0;
  const serverErrors = update.error instanceof ApiError ? update.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canManage || !dirty) return;
    const found = localProblems(values, t);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    update.mutate(patch, {
      onSuccess: (fresh) => {
        const next = valuesFromClient(fresh);
        setBaseline(next);
        setValues(next);
        setSaved(true);
      },
    });
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={t('staffAdmin:clients.overview.formLabel', { name: client.name })}
    >
      <Stack gap="lg">
        {!canManage ? (
          <Alert color="gray" title={t('staffAdmin:viewOnly')}>
            {t('staffAdmin:clients.overview.viewOnly')}
          </Alert>
        ) : null}
        <ClientFormFields
          values={values}
          onChange={(v) => {
            setValues(v);
            setLocal({});
            setSaved(false);
          }}
          errors={{ ...serverErrors, ...local }}
          disabled={!canManage || update.isPending}
        />
        {update.isError ? (
          <SubmitError title={t('staffAdmin:clients.overview.notSaved')} error={update.error} />
        ) : null}
        {canManage ? (
          <Group
            gap="sm"
            // While there is something to save, the buttons stay in view at the bottom of the screen.
            pos={dirty ? 'sticky' : 'static'}
            bottom={0}
            py="sm"
            bg="var(--mantine-color-body)"
            style={{ borderTop: '1px solid var(--mantine-color-default-border)', zIndex: 2 }}
          >
            <Button type="submit" disabled={!dirty} loading={update.isPending} data-testid="client-save">
              {t('staffAdmin:saveChanges')}
            </Button>
            <Button
              variant="default"
              disabled={!dirty || update.isPending}
              onClick={() => {
                setValues(baseline);
                setLocal({});
                update.reset();
              }}
            >
              {t('staffAdmin:discard')}
            </Button>
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="client-save-state">
              {saved && !dirty ? t('staffAdmin:saved') : dirty ? t('staffAdmin:unsavedChanges') : ''}
            </Text>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}
