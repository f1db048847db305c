import { Anchor, Button, Card, Group, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { WorkTypeResponse } from '../../../shared/schemas/time.ts';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { fetchWorkTypes, timeCalls, timeKeys } from '../../api/time.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { useViewerLocale } from '../../ui/i18n/locale-context.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { allCurrencyOptions } from '../../ui/locale-options.ts';
import { RateInput } from '../../ui/rate-input.tsx';
import { ErrorState, PageHeader, PageLoader, SubmitError } from '../../ui/states.tsx';

/**
 * Work types (issue 14, point 4): the kinds of work time is logged as, each with an optional hourly rate
 * (the second link of the rate chain: contract, work type, default), billable by default or not, and
 * active or retired. Settings editors change them; everyone who logs time chooses from them.
 */
export function WorkTypesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data: me } = useMe();
  const canEdit = me?.kind === 'staff' && me.permissions.includes('settings:edit');
  const list = useQuery({ queryKey: timeKeys.workTypes, queryFn: ({ signal }) => fetchWorkTypes(signal) });
  const [editing, setEditing] = useState<WorkTypeResponse | 'new' | null>(null);

  return (
    <>
      <PageHeader title={t('staffApp:time.types.title')}>{t('staffApp:time.types.intro')}</PageHeader>
      <Group mb="md" gap="sm">
        <Anchor component={Link} to="/staff/settings" size="sm">
          {t('staffApp:time.types.backToSettings')}
        </Anchor>
        {canEdit && editing === null ? (
          <Button size="sm" onClick={() => setEditing('new')} data-testid="work-type-new">
            {t('staffApp:time.types.new')}
          </Button>
        ) : null}
      </Group>
      {editing !== null ? (
        <WorkTypeForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : null}
      {list.isPending ? (
        <PageLoader label={t('staffApp:time.types.loading')} />
      ) : list.isError ? (
        <ErrorState
          title={t('staffApp:time.types.couldNotLoad')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl">
          <Text fw={600}>{t('staffApp:time.types.empty')}</Text>
        </Card>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table striped data-testid="work-types">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('staffApp:time.types.name')}</Table.Th>
                <Table.Th>{t('staffApp:time.types.rate')}</Table.Th>
                <Table.Th>{t('staffApp:time.types.billable')}</Table.Th>
                <Table.Th>{t('staffApp:time.types.active')}</Table.Th>
                {canEdit ? <Table.Th>{t('staffApp:time.col.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((w) => (
                <Table.Tr key={w.id}>
                  <Table.Td dir="auto">{w.name}</Table.Td>
                  <Table.Td>
                    {w.rateMinor !== null && w.currency
                      ? format.money(w.rateMinor, w.currency)
                      : t('staffApp:time.types.noRate')}
                  </Table.Td>
                  <Table.Td>{w.billable ? t('staffApp:time.yes') : t('staffApp:time.no')}</Table.Td>
                  <Table.Td>{w.active ? t('staffApp:time.yes') : t('staffApp:time.no')}</Table.Td>
                  {canEdit ? (
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" onClick={() => setEditing(w)}>
                        {t('staffApp:time.types.edit')}
                      </Button>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}

function WorkTypeForm({ initial, onDone }: { initial: WorkTypeResponse | null; onDone: () => void }) {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const viewer = useViewerLocale();
  const [name, setName] = useState(initial?.name ?? '');
  const [currency, setCurrency] = useState(initial?.currency ?? branding.currency);
  const [rate, setRate] = useState<number | null>(initial?.rateMinor ?? null);
  const [billable, setBillable] = useState(initial?.billable ?? true);
  const [active, setActive] = useState(initial?.active ?? true);
  const currencies = useMemo(
    () => allCurrencyOptions(currency, viewer.language),
    [currency, viewer.language],
  );
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => {
      const body = { name, rateMinor: rate, currency: rate === null ? null : currency, billable, active };
      return initial ? timeCalls.updateWorkType(initial.id, body) : timeCalls.createWorkType(body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: timeKeys.workTypes });
      onDone();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Card
      withBorder
      padding="md"
      mb="md"
      component="form"
      onSubmit={submit}
      noValidate
      data-testid="work-type-form"
    >
      <Stack gap="sm">
        <TextInput
          label={t('staffApp:time.types.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={120}
          required
          error={fields.name}
          data-testid="work-type-name"
        />
        <Group gap="sm" align="flex-start" wrap="wrap">
          <Select
            label={t('staffApp:time.types.currency')}
            data={currencies}
            value={currency}
            onChange={(v) => v && setCurrency(v)}
            searchable
            allowDeselect={false}
            error={fields.currency}
          />
          <RateInput
            label={t('staffApp:time.types.rate')}
            description={t('staffApp:time.types.rateHelp')}
            currency={currency}
            value={rate}
            onChange={setRate}
            error={fields.rateMinor}
            testId="work-type-rate"
          />
        </Group>
        <Switch
          label={t('staffApp:time.types.billable')}
          checked={billable}
          onChange={(e) => setBillable(e.currentTarget.checked)}
        />
        <Switch
          label={t('staffApp:time.types.active')}
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        {save.isError && Object.keys(fields).length === 0 ? (
          <SubmitError title={t('staffApp:time.actionFailed')} error={save.error} />
        ) : null}
        <Group gap="sm">
          <Button type="submit" loading={save.isPending} data-testid="work-type-save">
            {t('staffApp:time.types.save')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('staffApp:time.cancel')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
