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
import { useMemo, useState } from 'react';
import { type AuditAction, auditActions } from '../../../shared/audit.ts';
import { type AuditEventItem, auditActionLabels } from '../../../shared/schemas/audit.ts';
import { useMe } from '../../api/auth.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { type DateFormat, formatDate } from '../../ui/format-date.ts';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { auditExportUrl, useAuditClients, useAuditLog, useAuditPeople } from './api/audit.ts';
import {
  type AuditFilterValues,
  dateRangeProblem,
  detailLines,
  emptyAuditFilters,
  hasFilters,
} from './audit-filters.ts';

const actorKindWords: Record<AuditEventItem['actor']['kind'], string> = {
  staff: 'Staff',
  contact: 'Contact',
  system: 'System',
  anonymous: 'Not signed in',
};

/** Actions grouped by area for the multi-select, in the order the catalogue lists them. */
const actionGroups = (() => {
  const groupName = (action: AuditAction) => {
    const area = action.split('.')[0];
    if (area === 'auth' || area === 'session') return 'Sign-in and security';
    if (area === 'client' || area === 'contact') return 'Clients and contacts';
    if (area === 'portal') return 'Portal access';
    return 'Administration';
  };
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const action of auditActions) {
    const name = groupName(action);
    groups.set(name, [...(groups.get(name) ?? []), { value: action, label: auditActionLabels[action] }]);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
})();

function actionLabel(action: string): string {
  return (auditActionLabels as Record<string, string>)[action] ?? action;
}

function useTimeFormatter() {
  const branding = useBrandingContext();
  return useMemo(() => {
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: branding.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    return (iso: string) => {
      const instant = new Date(iso);
      return `${formatDate(instant, branding.dateFormat as DateFormat, branding.timeZone)} ${time.format(instant)}`;
    };
  }, [branding.timeZone, branding.dateFormat]);
}

function ClientFilter({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<{ value: string; label: string } | null>(null);
  const [q] = useDebouncedValue(search === selected?.label ? '' : search, 250);
  const clients = useAuditClients(q);
  const data = useMemo(() => {
    const items = (clients.data?.items ?? []).map((c) => ({
      value: String(c.id),
      label: c.archived ? `${c.name} (archived)` : c.name,
    }));
    // The chosen client stays selectable whatever the search shows.
    if (selected && value && !items.some((i) => i.value === selected.value)) items.unshift(selected);
    return items;
  }, [clients.data, selected, value]);
  return (
    <Select
      label="Client"
      description="The company it concerns"
      placeholder="Any client"
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
      nothingFoundMessage={clients.isFetching ? 'Searching…' : 'No client by that name'}
      data-testid="audit-filter-client"
    />
  );
}

function PersonFilter({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<{ value: string; label: string } | null>(null);
  const [q] = useDebouncedValue(search === selected?.label ? '' : search, 250);
  const people = useAuditPeople(q);
  const data = useMemo(() => {
    const items = (people.data?.items ?? []).map((p) => ({
      value: String(p.accountId),
      label: `${p.name} (${p.kind === 'staff' ? 'staff' : (p.clientName ?? 'contact')})`,
    }));
    if (selected && value && !items.some((i) => i.value === selected.value)) items.unshift(selected);
    return items;
  }, [people.data, selected, value]);
  return (
    <Select
      label="Person"
      description="Who acted: staff or a contact"
      placeholder="Anyone"
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
      nothingFoundMessage={people.isFetching ? 'Searching…' : 'Nobody by that name or email'}
      data-testid="audit-filter-person"
    />
  );
}

function AuditRow({ event, formatTime }: { event: AuditEventItem; formatTime: (iso: string) => string }) {
  const details = detailLines(event.details);
  return (
    <Table.Tr data-testid="audit-row">
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={event.at}>{formatTime(event.at)}</time>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {event.actor.name ?? '—'}
        </Text>
        <Text size="xs" c="dimmed">
          {actorKindWords[event.actor.kind]}
        </Text>
      </Table.Td>
      <Table.Td>{event.client ? (event.client.name ?? `Client ${event.client.id}`) : '—'}</Table.Td>
      <Table.Td>
        <Text size="sm">{actionLabel(event.action)}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {event.action}
        </Text>
      </Table.Td>
      <Table.Td>{event.target ? `${event.target.type} ${event.target.id}` : '—'}</Table.Td>
      <Table.Td>
        <Text size="sm">{event.ip ?? '—'}</Text>
        {event.userAgent ? (
          <Text size="xs" c="dimmed" lineClamp={2} title={event.userAgent} maw={260}>
            {event.userAgent}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {details.length ? (
          <Stack gap={0}>
            {details.map((line) => (
              <Text key={line} size="xs" style={{ wordBreak: 'break-word' }} maw={280}>
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
  const details = detailLines(event.details);
  return (
    <Card withBorder padding="sm" component="li" data-testid="audit-card">
      <Text size="sm" fw={600}>
        {actionLabel(event.action)}
      </Text>
      <Text size="xs" c="dimmed">
        <time dateTime={event.at}>{formatTime(event.at)}</time>
      </Text>
      <Text size="sm" mt={6}>
        {event.actor.name ?? '—'} ({actorKindWords[event.actor.kind].toLowerCase()})
        {event.client ? ` · ${event.client.name ?? `Client ${event.client.id}`}` : ''}
      </Text>
      {event.target ? (
        <Text size="xs">
          Target: {event.target.type} {event.target.id}
        </Text>
      ) : null}
      {event.ip || event.userAgent ? (
        <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          From {event.ip ?? 'an unknown address'}
          {event.userAgent ? `, ${event.userAgent}` : ''}
        </Text>
      ) : null}
      {details.map((line) => (
        <Text key={line} size="xs" style={{ overflowWrap: 'anywhere' }}>
          {line}
        </Text>
      ))}
    </Card>
  );
}

export function AuditPage() {
  const { data: me } = useMe();
  const branding = useBrandingContext();
  const [filters, setFilters] = useState<AuditFilterValues>(emptyAuditFilters);
  const problem = dateRangeProblem(filters);
  const log = useAuditLog(filters, problem === null);
  const formatTime = useTimeFormatter();
  const set = (patch: Partial<AuditFilterValues>) => setFilters((f) => ({ ...f, ...patch }));
  const events = log.data?.pages.flatMap((p) => p.items) ?? [];
  const allowed = me?.kind === 'staff' && me.permissions.includes('audit:view');
  const narrow = useMediaQuery('(max-width: 48em)');

  if (me && !allowed) {
    return (
      <>
        <PageHeader title="Audit log" />
        <Alert color="gray" title="Not available for your role" data-testid="audit-forbidden">
          Only owners and administrators can read the audit log.
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Audit log">
        Who did what, and when: sign-ins, security changes, portal access and settings. Times are in{' '}
        {branding.timeZone}. Entries cannot be changed or removed.
      </PageHeader>

      <Card
        withBorder
        mb="lg"
        component="form"
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(e) => e.preventDefault()}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          <ClientFilter value={filters.clientId} onChange={(clientId) => set({ clientId })} />
          <PersonFilter value={filters.actorId} onChange={(actorId) => set({ actorId })} />
          <MultiSelect
            label="Actions"
            description="One or several"
            placeholder={filters.actions.length ? undefined : 'Any action'}
            data={actionGroups}
            value={filters.actions}
            onChange={(v) => set({ actions: v as AuditAction[] })}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage="No action by that name"
            data-testid="audit-filter-actions"
          />
          <TextInput
            type="date"
            label="From"
            description="First day included"
            value={filters.from}
            onChange={(e) => set({ from: e.currentTarget.value })}
            data-testid="audit-filter-from"
          />
          <TextInput
            type="date"
            label="To"
            description="Last day included"
            value={filters.to}
            onChange={(e) => set({ to: e.currentTarget.value })}
            error={problem}
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
            Clear filters
          </Button>
          <Button
            component="a"
            href={problem ? undefined : auditExportUrl(filters)}
            download
            variant="light"
            aria-disabled={problem !== null}
            data-testid="audit-export"
          >
            Export CSV
          </Button>
          <Text size="xs" c="dimmed">
            The export uses these filters, newest first, up to 50,000 rows, and is itself recorded here.
          </Text>
        </Group>
      </Card>

      {problem ? null : log.isPending ? (
        <PageLoader label="Loading the audit log" />
      ) : log.isError && !log.data ? (
        <ErrorState
          title="Could not load the audit log"
          error={log.error}
          onRetry={() => void log.refetch()}
        />
      ) : events.length === 0 ? (
        <Alert color="gray" title="Nothing to show" data-testid="audit-empty">
          {hasFilters(filters)
            ? 'No audit entries match these filters. Widen the dates or clear a filter.'
            : 'Nothing has been recorded yet.'}
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
              aria-label="Audit entries"
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
                    <Table.Th scope="col">When</Table.Th>
                    <Table.Th scope="col">Who</Table.Th>
                    <Table.Th scope="col">Client</Table.Th>
                    <Table.Th scope="col">Action</Table.Th>
                    <Table.Th scope="col">Target</Table.Th>
                    <Table.Th scope="col">From</Table.Th>
                    <Table.Th scope="col">Details</Table.Th>
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
            {events.length} {events.length === 1 ? 'entry' : 'entries'} shown
            {log.hasNextPage ? '; more are available' : ''}
          </Text>
          {log.hasNextPage ? (
            <Group>
              <Button
                variant="default"
                onClick={() => void log.fetchNextPage()}
                loading={log.isFetchingNextPage}
                data-testid="audit-load-more"
              >
                Load more
              </Button>
            </Group>
          ) : null}
          {log.isFetchNextPageError ? (
            <ErrorState
              title="Could not load more entries"
              error={log.error}
              onRetry={() => void log.fetchNextPage()}
            />
          ) : null}
        </Stack>
      )}
    </>
  );
}
