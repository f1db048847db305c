import {
  Anchor,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  openStatuses,
  type TicketListItem,
  ticketPriorities,
  ticketPriorityLabels,
  type ticketSorts,
  ticketStatuses,
} from '../../../shared/schemas/tickets.ts';
import { useLiveEvents } from '../../api/live.ts';
import { SlaBadge, useNow } from '../../ui/sla/index.ts';
import { ErrorState, PageHeader } from '../../ui/states.tsx';
import { type TicketAccess, type TicketListParams, useTicketAccess, useTicketList } from './api.ts';
import { statusWords } from './format.ts';
import { PriorityBadge, StatusBadge, TicketsUnavailable, When } from './ticket-bits.tsx';

type Sort = (typeof ticketSorts)[number];

const sortOptions: { value: Sort; label: string }[] = [
  { value: 'updated-desc', label: 'Last update, newest first' },
  { value: 'updated-asc', label: 'Last update, oldest first' },
  { value: 'created-desc', label: 'Created, newest first' },
  { value: 'created-asc', label: 'Created, oldest first' },
];

const statusOptions = [
  { value: 'any', label: 'Any status' },
  { value: 'still-open', label: 'Still open' },
  ...ticketStatuses.map((s) => ({ value: s, label: statusWords(s) })),
];

const priorityOptions = [
  { value: 'any', label: 'Any priority' },
  ...ticketPriorities.map((p) => ({ value: p, label: ticketPriorityLabels[p] })),
];

const PAGE_SIZE = 25;

export function TicketsPage() {
  const access = useTicketAccess();
  if (!access) return null;
  if (!access.enabled || !access.viewOwn) {
    return (
      <>
        <PageHeader title="Tickets" />
        <TicketsUnavailable access={access} need="view" />
      </>
    );
  }
  return <TicketList access={access} />;
}

function TicketList({ access }: { access: TicketAccess }) {
  useLiveEvents();
  const now = useNow(30_000);
  // Filters live in the address, so Back from a ticket returns to the same list.
  const [searchParams, setSearchParams] = useSearchParams();
  const scope = access.viewCompany && searchParams.get('scope') === 'company' ? 'company' : 'mine';
  const status = searchParams.get('status') ?? 'any';
  const priority = searchParams.get('priority') ?? 'any';
  const sort = (sortOptions.find((o) => o.value === searchParams.get('sort'))?.value ??
    'updated-desc') as Sort;
  const q = (searchParams.get('q') ?? '').trim();
  const [search, setSearch] = useState(q);

  const setParam = (key: string, value: string, fallback: string) =>
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === fallback || value === '') next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  // The search box writes to the address once typing pauses.
  const writeSearch = useDebouncedCallback((value: string) => setParam('q', value.trim(), ''), 300);

  const filterKey = `${scope}|${status}|${priority}|${sort}|${q}`;
  const [pages, setPages] = useState<{ key: string; stack: (string | undefined)[] }>({
    key: filterKey,
    stack: [undefined],
  });
  const stack = pages.key === filterKey ? pages.stack : [undefined];

  const params: TicketListParams = {
    scope,
    sort,
    limit: PAGE_SIZE,
    q: q || undefined,
    status: status === 'any' ? undefined : status === 'still-open' ? [...openStatuses] : [status],
    priority: priority === 'any' ? undefined : [priority],
    cursor: stack.at(-1),
  };
  const list = useTicketList(params);
  const filtered = q !== '' || status !== 'any' || priority !== 'any';

  // Each filter lives in the address under `param`; its `fallback` leaves the address without it.
  const filterSelects = [
    { param: 'status', label: 'Status', data: statusOptions, value: status, fallback: 'any', basis: '160px' },
    {
      param: 'priority',
      label: 'Priority',
      data: priorityOptions,
      value: priority,
      fallback: 'any',
      basis: '140px',
    },
    {
      param: 'sort',
      label: 'Sort by',
      data: sortOptions,
      value: sort,
      fallback: 'updated-desc',
      basis: '210px',
    },
  ];

  const clearFilters = () => {
    setSearch('');
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const key of ['q', 'status', 'priority']) next.delete(key);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm" mb="lg" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 260px' }}>
          <Title order={1}>Tickets</Title>
          <Text c="dimmed" size="sm">
            {scope === 'company'
              ? `Every ticket raised by the people at ${access.companyName}.`
              : 'The tickets you raised or follow, and where each one stands.'}
          </Text>
        </Stack>
        {access.create ? (
          <Button component={Link} to="/portal/tickets/new" data-testid="new-ticket">
            New ticket
          </Button>
        ) : null}
      </Group>

      {access.viewCompany ? (
        <SegmentedControl
          aria-label="Whose tickets"
          value={scope}
          onChange={(v) => setParam('scope', v, 'mine')}
          data={[
            { value: 'mine', label: 'My tickets' },
            { value: 'company', label: `All of ${access.companyName}'s tickets` },
          ]}
          mb="md"
          fullWidth
          maw={640}
          data-testid="tickets-scope"
          styles={{ label: { whiteSpace: 'normal' } }}
        />
      ) : null}

      <Card withBorder padding="md" mb="md" role="search" aria-label="Find tickets">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Subject or #number"
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              writeSearch(e.currentTarget.value);
            }}
            style={{ flex: '1 1 220px' }}
            data-testid="tickets-search"
          />
          {filterSelects.map((f) => (
            <Select
              key={f.param}
              label={f.label}
              data={f.data}
              value={f.value}
              onChange={(v) => setParam(f.param, v ?? f.fallback, f.fallback)}
              allowDeselect={false}
              style={{ flex: `1 1 ${f.basis}` }}
              data-testid={`tickets-${f.param}`}
            />
          ))}
        </Group>
      </Card>

      {list.isPending ? (
        <ListSkeleton />
      ) : list.isError ? (
        <ErrorState title="Could not load tickets" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 && stack.length === 1 ? (
        filtered ? (
          <EmptyCard
            title="No tickets match"
            testId="tickets-no-match"
            action={
              <Button size="xs" variant="default" onClick={clearFilters} data-testid="tickets-clear-filters">
                Clear filters
              </Button>
            }
          >
            {q ? `Nothing matches “${q}” with these filters. ` : 'Nothing matches these filters. '}
            Check the spelling, or clear the filters to see every ticket.
          </EmptyCard>
        ) : (
          <EmptyCard
            title="No tickets yet"
            testId="tickets-empty"
            action={
              access.create ? (
                <Button component={Link} to="/portal/tickets/new" size="xs">
                  New ticket
                </Button>
              ) : null
            }
          >
            {access.create
              ? 'When something needs fixing or you have a question, raise a ticket and follow it here.'
              : scope === 'company'
                ? `Nobody at ${access.companyName} has raised a ticket yet.`
                : 'Tickets raised for you will show here.'}
          </EmptyCard>
        )
      ) : (
        <>
          <VisuallyHidden aria-live="polite">
            {list.isFetching ? 'Updating the list' : `${list.data.items.length} tickets shown`}
          </VisuallyHidden>
          <TicketTable items={list.data.items} now={now} showRequester={scope === 'company'} />
          <TicketCards items={list.data.items} now={now} showRequester={scope === 'company'} />
          {stack.length > 1 || list.data.nextCursor ? (
            <Group justify="space-between" mt="md" component="nav" aria-label="Ticket list pages">
              <Button
                variant="default"
                size="xs"
                disabled={stack.length <= 1}
                onClick={() => setPages({ key: filterKey, stack: stack.slice(0, -1) })}
                data-testid="tickets-previous"
              >
                Previous page
              </Button>
              <Text size="sm" c="dimmed">
                Page {stack.length}
              </Text>
              <Button
                variant="default"
                size="xs"
                disabled={!list.data.nextCursor}
                onClick={() => {
                  const next = list.data.nextCursor;
                  if (next) setPages({ key: filterKey, stack: [...stack, next] });
                }}
                data-testid="tickets-next"
              >
                Next page
              </Button>
            </Group>
          ) : null}
        </>
      )}
    </>
  );
}

function EmptyCard({
  title,
  testId,
  action,
  children,
}: {
  title: string;
  testId: string;
  action: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="xl" data-testid={testId}>
      <Stack gap="xs" align="flex-start">
        <Text fw={600}>{title}</Text>
        <Text size="sm" c="dimmed">
          {children}
        </Text>
        {action}
      </Stack>
    </Card>
  );
}

function SubjectLink({ ticket }: { ticket: TicketListItem }) {
  return (
    <Anchor
      component={Link}
      to={`/portal/tickets/${ticket.id}`}
      fw={600}
      style={{ overflowWrap: 'anywhere' }}
    >
      {ticket.subject}
    </Anchor>
  );
}

/** One page of tickets; the company view names who raised each. */
interface TicketListProps {
  items: TicketListItem[];
  now: number;
  showRequester: boolean;
}

function TicketTable({ items, now, showRequester }: TicketListProps) {
  return (
    <Table.ScrollContainer minWidth={720} visibleFrom="sm">
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="tickets-table">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
          <VisuallyHidden>Tickets</VisuallyHidden>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Number</Table.Th>
            <Table.Th scope="col">Subject</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Priority</Table.Th>
            <Table.Th scope="col">Last update</Table.Th>
            <Table.Th scope="col">SLA</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((t) => (
            <Table.Tr key={t.id} data-testid={`ticket-row-${t.id}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{t.number}</Table.Td>
              <Table.Td>
                <SubjectLink ticket={t} />
                {showRequester && t.requesterName ? (
                  <Text size="xs" c="dimmed">
                    Raised by {t.requesterName}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={t.status} />
              </Table.Td>
              <Table.Td>
                <PriorityBadge priority={t.priority} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <When iso={t.updatedAt} now={now} />
              </Table.Td>
              <Table.Td>
                <SlaBadge summary={t.sla} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Narrow screens: one card per ticket, the same facts with their names. */
function TicketCards({ items, now, showRequester }: TicketListProps) {
  return (
    <Stack
      gap="sm"
      hiddenFrom="sm"
      component="ul"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      data-testid="tickets-cards"
    >
      {items.map((t) => (
        <Card key={t.id} withBorder padding="sm" component="li" data-testid={`ticket-card-${t.id}`}>
          <Stack gap={6}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                {t.number}
              </Text>
              <SubjectLink ticket={t} />
            </Group>
            <Group gap={6} wrap="wrap">
              <StatusBadge status={t.status} />
              <PriorityBadge priority={t.priority} />
              <SlaBadge summary={t.sla} />
            </Group>
            <Text size="xs" c="dimmed">
              Updated <When iso={t.updatedAt} now={now} />
              {showRequester && t.requesterName ? ` · raised by ${t.requesterName}` : ''}
            </Text>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

function ListSkeleton() {
  return (
    <Stack gap="sm" aria-busy="true" data-testid="tickets-loading">
      <VisuallyHidden role="status">Loading tickets…</VisuallyHidden>
      {[0, 1, 2, 3, 4].map((i) => (
        <Skeleton key={i} height={44} radius="sm" />
      ))}
    </Stack>
  );
}
