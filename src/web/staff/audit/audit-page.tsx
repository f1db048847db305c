import {
  Alert,
  Button,
  Card,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditAction, auditActions } from '../../../shared/audit.ts';
import { type AuditEventItem, auditActionKeys } from '../../../shared/schemas/audit.ts';
import { useMe } from '../../api/auth.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { isolate } from '../isolate.ts';

import { auditExportUrl, useAuditClients, useAuditLog, useAuditPeople } from './api/audit.ts';
import {
  type AuditFilterValues,
  dateRangeProblem,
  detailLines,
  emptyAuditFilters,
  hasFilters,
} from './audit-filters.ts';

const actorKindKeys = {
  staff: 'staffApp:audit.actor.staff',
  contact: 'staffApp:audit.actor.contact',
  system: 'staffApp:audit.actor.system',
  anonymous: 'staffApp:audit.actor.anonymous',
} as const satisfies Record<AuditEventItem['actor']['kind'], `staffApp:${string}`>;

/** The same, inside a sentence ("Ann (staff)"). */
const actorKindInlineKeys = {
  staff: 'staffApp:audit.actorInline.staff',
  contact: 'staffApp:audit.actorInline.contact',
  system: 'staffApp:audit.actorInline.system',
  anonymous: 'staffApp:audit.actorInline.anonymous',
} as const satisfies Record<AuditEventItem['actor']['kind'], `staffApp:${string}`>;

/** Actions grouped by area for the multi-select, in the order the catalogue lists them. */
function actionGroups(t: TFunction) {
  const groupKey = (action: AuditAction) => {
    const area = action.split('.')[0];
    if (area === 'auth' || area === 'session') return 'staffApp:audit.group.security';
    if (area === 'client' || area === 'contact' || area === 'contract') return 'staffApp:audit.group.clients';
    if (area === 'portal') return 'staffApp:audit.group.portal';
    return 'staffApp:audit.group.administration';
  };
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const action of auditActions) {
    const name = t(groupKey(action));
    groups.set(name, [...(groups.get(name) ?? []), { value: action, label: t(auditActionKeys[action]) }]);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

function actionLabel(t: TFunction, action: string): string {
  const key = (auditActionKeys as Record<string, `staffApp:${string}`>)[action];
  return key ? t(key) : action;
}

/** Date and time to the second, in the viewer's zone, date format and language (an audit trail is read closely). */
function useTimeFormatter() {
  const format = useFormat();
  const { language, timeZone } = format.locale;
  return useMemo(() => {
    const time = new Intl.DateTimeFormat(language, { timeZone, timeStyle: 'medium' });
    return (iso: string) => {
      const day = format.date(iso);
      if (!day) return '';
      return `${day} ${time.format(new Date(iso))}`;
    };
  }, [format, language, timeZone]);
}

function ClientFilter({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<{ value: string; label: string } | null>(null);
  const [q] = useDebouncedValue(search === selected?.label ? '' : search, 250);
  const clients = useAuditClients(q);
  const data = useMemo(() => {
    const items = (clients.data?.items ?? []).map((c) => ({
      value: String(c.id),
      label: c.archived ? t('staffApp:audit.filters.archivedClient', { name: c.name }) : c.name,
    }));
    // The chosen client stays selectable whatever the search shows.
    if (selected && value && !items.some((i) => i.value === selected.value)) items.unshift(selected);
    return items;
  }, [clients.data, selected, value, t]);
  return (
    <Select
      label={t('staffApp:tickets.new.client')}
      description={t('staffApp:audit.filters.clientHint')}
      placeholder={t('staffApp:tickets.filters.anyClient')}
      searchable
      clearable
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v, option) => {
        setSelected(option ? { value: option.value, label: option.label } : null);
        onChange(v);
      }}
      nothingFoundMessage={
        clients.isFetching ? t('staffApp:actions.searching') : t('staffApp:tickets.pickers.noClient')
      }
      data-testid="audit-filter-client"
    />
  );
}

function PersonFilter({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<{ value: string; label: string } | null>(null);
  const [q] = useDebouncedValue(search === selected?.label ? '' : search, 250);
  const people = useAuditPeople(q);
  const data = useMemo(() => {
    const items = (people.data?.items ?? []).map((p) => ({
      value: String(p.accountId),
      label:
        p.kind === 'staff'
          ? t('staffApp:audit.filters.personStaff', { name: p.name })
          : p.clientName
            ? t('staffApp:audit.filters.personOf', { name: p.name, client: p.clientName })
            : t('staffApp:audit.filters.personContact', { name: p.name }),
    }));
    if (selected && value && !items.some((i) => i.value === selected.value)) items.unshift(selected);
    return items;
  }, [people.data, selected, value, t]);
  return (
    <Select
      label={t('staffApp:audit.filters.person')}
      description={t('staffApp:audit.filters.personHint')}
      placeholder={t('staffApp:tickets.pickers.anyone')}
      searchable
      clearable
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v, option) => {
        setSelected(option ? { value: option.value, label: option.label } : null);
        onChange(v);
      }}
      nothingFoundMessage={
        people.isFetching ? t('staffApp:actions.searching') : t('staffApp:audit.filters.nobody')
      }
      data-testid="audit-filter-person"
    />
  );
}

function AuditRow({ event, formatTime }: { event: AuditEventItem; formatTime: (iso: string) => string }) {
  const { t } = useTranslation();
  const details = detailLines(event.details);
  return (
    <Table.Tr data-testid="audit-row">
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={event.at}>{formatTime(event.at)}</time>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500} dir="auto">
          {event.actor.name ?? '—'}
        </Text>
        <Text size="xs" c="dimmed">
          {t(actorKindKeys[event.actor.kind])}
        </Text>
      </Table.Td>
      <Table.Td>
        {event.client ? (
          event.client.name ? (
            <bdi>{event.client.name}</bdi>
          ) : (
            t('staffApp:outbox.clientNumber', { id: event.client.id })
          )
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{actionLabel(t, event.action)}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          <bdi dir="ltr">{event.action}</bdi>
        </Text>
      </Table.Td>
      <Table.Td>
        {event.target ? <bdi dir="ltr">{`${event.target.type} ${event.target.id}`}</bdi> : '—'}
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <bdi dir="ltr">{event.ip ?? '—'}</bdi>
        </Text>
        {event.userAgent ? (
          <Text size="xs" c="dimmed" lineClamp={2} title={event.userAgent} maw={260}>
            <bdi dir="ltr">{event.userAgent}</bdi>
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {details.length ? (
          <Stack gap={0}>
            {details.map((line) => (
              <Text key={line} size="xs" style={{ wordBreak: 'break-word' }} maw={280} dir="auto">
                {line}
              </Text>
            ))}
          </Stack>
        ) : (
          '—'
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** The same entry as a card, for narrow screens where seven columns do not fit. */
function AuditCard({ event, formatTime }: { event: AuditEventItem; formatTime: (iso: string) => string }) {
  const { t } = useTranslation();
  const details = detailLines(event.details);
  return (
    <Card withBorder padding="sm" component="li" data-testid="audit-card">
      <Text size="sm" fw={600}>
        {actionLabel(t, event.action)}
      </Text>
      <Text size="xs" c="dimmed">
        <time dateTime={event.at}>{formatTime(event.at)}</time>
      </Text>
      <Text size="sm" mt={6}>
        {t(actorKindInlineKeys[event.actor.kind], { name: isolate(event.actor.name ?? '—') })}
        {event.client ? (
          <>
            {' · '}
            {event.client.name ? (
              <bdi>{event.client.name}</bdi>
            ) : (
              t('staffApp:outbox.clientNumber', { id: event.client.id })
            )}
          </>
        ) : null}
      </Text>
      {event.target ? (
        <Text size="xs">
          {t('staffApp:audit.card.target', { target: `${event.target.type} ${event.target.id}` })}
        </Text>
      ) : null}
      {event.ip || event.userAgent ? (
        <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {event.ip ? t('staffApp:audit.card.from', { ip: event.ip }) : t('staffApp:audit.card.fromUnknown')}
          {event.userAgent ? (
            <>
              , <bdi dir="ltr">{event.userAgent}</bdi>
            </>
          ) : null}
        </Text>
      ) : null}
      {details.map((line) => (
        <Text key={line} size="xs" style={{ overflowWrap: 'anywhere' }} dir="auto">
          {line}
        </Text>
      ))}
    </Card>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const format = useFormat();
  const [filters, setFilters] = useState<AuditFilterValues>(emptyAuditFilters);
  const problem = dateRangeProblem(filters);
  const log = useAuditLog(filters, format.locale.timeZone, problem === null);
  const formatTime = useTimeFormatter();
  const set = (patch: Partial<AuditFilterValues>) => setFilters((f) => ({ ...f, ...patch }));
  const events = log.data?.pages.flatMap((p) => p.items) ?? [];
  const allowed = me?.kind === 'staff' && me.permissions.includes('audit:view');
  const narrow = useMediaQuery('(max-width: 48em)');
  const groups = useMemo(() => actionGroups(t), [t]);

  if (me && !allowed) {
    return (
      <>
        <PageHeader title={t('staffApp:nav.audit')} />
        <Alert color="gray" title={t('staffApp:audit.forbiddenTitle')} data-testid="audit-forbidden">
          {t('staffApp:audit.forbidden')}
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('staffApp:nav.audit')}>
        {t('staffApp:audit.intro', { zone: format.locale.timeZone })}
      </PageHeader>

      <Card
        withBorder
        mb="lg"
        component="form"
        role="search"
        aria-label={t('staffApp:audit.filters.label')}
        onSubmit={(e) => e.preventDefault()}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          <ClientFilter value={filters.clientId} onChange={(clientId) => set({ clientId })} />
          <PersonFilter value={filters.actorId} onChange={(actorId) => set({ actorId })} />
          <MultiSelect
            label={t('staffApp:audit.filters.actions')}
            description={t('staffApp:audit.filters.actionsHint')}
            placeholder={filters.actions.length ? undefined : t('staffApp:audit.filters.anyAction')}
            data={groups}
            value={filters.actions}
            onChange={(v) => set({ actions: v as AuditAction[] })}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage={t('staffApp:audit.filters.noAction')}
            data-testid="audit-filter-actions"
          />
          <TextInput
            type="date"
            label={t('staffApp:audit.filters.from')}
            description={t('staffApp:audit.filters.fromHint')}
            value={filters.from}
            onChange={(e) => set({ from: e.currentTarget.value })}
            data-testid="audit-filter-from"
          />
          <TextInput
            type="date"
            label={t('staffApp:audit.filters.to')}
            description={t('staffApp:audit.filters.toHint')}
            value={filters.to}
            onChange={(e) => set({ to: e.currentTarget.value })}
            error={problem ? t(problem) : null}
            data-testid="audit-filter-to"
          />
        </SimpleGrid>
        <Group mt="md" gap="sm">
          <Button
            variant="default"
            onClick={() => setFilters(emptyAuditFilters)}
            disabled={!hasFilters(filters)}
            data-testid="audit-clear"
          >
            {t('staffApp:actions.clearFilters')}
          </Button>
          <Button
            component="a"
            href={problem ? undefined : auditExportUrl(filters, format.locale.timeZone)}
            download
            variant="light"
            aria-disabled={problem !== null}
            data-testid="audit-export"
          >
            {t('staffApp:audit.export')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('staffApp:audit.exportHint', { max: 50_000 })}
          </Text>
        </Group>
      </Card>

      {problem ? null : log.isPending ? (
        <PageLoader label={t('staffApp:audit.loading')} />
      ) : log.isError && !log.data ? (
        <ErrorState
          title={t('staffApp:audit.loadError')}
          error={log.error}
          onRetry={() => void log.refetch()}
        />
      ) : events.length === 0 ? (
        <Alert color="gray" title={t('staffApp:audit.emptyTitle')} data-testid="audit-empty">
          {hasFilters(filters) ? t('staffApp:audit.emptyFiltered') : t('staffApp:audit.empty')}
        </Alert>
      ) : (
        <Stack gap="md" data-testid="audit-results">
          {narrow ? (
            <Stack
              component="ul"
              gap="xs"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
              aria-label={t('staffApp:audit.entries')}
            >
              {events.map((event) => (
                <AuditCard key={event.id} event={event} formatTime={formatTime} />
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={960} type="native">
              <Table striped highlightOnHover verticalSpacing="xs" data-testid="audit-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('staffApp:audit.column.when')}</Table.Th>
                    <Table.Th scope="col">{t('staffApp:audit.column.who')}</Table.Th>
                    <Table.Th scope="col">{t('staffApp:tickets.new.client')}</Table.Th>
                    <Table.Th scope="col">{t('staffApp:audit.column.action')}</Table.Th>
                    <Table.Th scope="col">{t('staffApp:audit.column.target')}</Table.Th>
                    <Table.Th scope="col">{t('staffApp:audit.column.from')}</Table.Th>
                    <Table.Th scope="col">{t('staffApp:audit.column.details')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {events.map((event) => (
                    <AuditRow key={event.id} event={event} formatTime={formatTime} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Text size="sm" c="dimmed" role="status">
            {log.hasNextPage
              ? t('staffApp:audit.shownMore', { count: events.length })
              : t('staffApp:audit.shown', { count: events.length })}
          </Text>
          {log.hasNextPage ? (
            <Group>
              <Button
                variant="default"
                onClick={() => void log.fetchNextPage()}
                loading={log.isFetchingNextPage}
                data-testid="audit-load-more"
              >
                {t('staffApp:actions.loadMore')}
              </Button>
            </Group>
          ) : null}
          {log.isFetchNextPageError ? (
            <ErrorState
              title={t('staffApp:audit.loadMoreError')}
              error={log.error}
              onRetry={() => void log.fetchNextPage()}
            />
          ) : null}
        </Stack>
      )}
    </>
  );
}
