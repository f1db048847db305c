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
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  openStatuses,
  type TicketListItem,
  ticketPriorities,
  type ticketSorts,
  ticketStatuses,
} from '../../../shared/schemas/tickets.ts';
import { useLiveEvents } from '../../api/live.ts';
import { SlaBadge, useNow } from '../../ui/sla/index.ts';
import { ErrorState, PageHeader } from '../../ui/states.tsx';
import { type TicketAccess, type TicketListParams, useTicketAccess, useTicketList } from './api.ts';
import { priorityWords, statusWords } from './format.ts';
import { PriorityBadge, StatusBadge, TicketsUnavailable, When } from './ticket-bits.tsx';

type Sort = (typeof ticketSorts)[number];

type T = (key: string) => string;

const sortOptions = (t: T): { value: Sort; label: string }[] => [
  { value: 'updated-desc', label: t('portalApp:list.sort.updatedDesc') },
  { value: 'updated-asc', label: t('portalApp:list.sort.updatedAsc') },
  { value: 'created-desc', label: t('portalApp:list.sort.createdDesc') },
  { value: 'created-asc', label: t('portalApp:list.sort.createdAsc') },
];

const statusOptions = (t: T) => [
  { value: 'any', label: t('portalApp:list.anyStatus') },
  { value: 'still-open', label: t('portalApp:list.stillOpen') },
  ...ticketStatuses.map((s) => ({ value: s, label: statusWords(s) })),
];

const priorityOptions = (t: T) => [
  { value: 'any', label: t('portalApp:list.anyPriority') },
  ...ticketPriorities.map((p) => ({ value: p, label: priorityWords(p) })),
];

const PAGE_SIZE = 25;

export function TicketsPage() {
  const { t } = useTranslation();
  const access = useTicketAccess();
  if (!access) return null;
  if (!access.enabled || !access.viewOwn) {
    return (
      <>
        <PageHeader title={t('portalApp:nav.tickets')} />
        <TicketsUnavailable access={access} need="view" />
      </>
    );
  }
  return <TicketList access={access} />;
}

function TicketList({ access }: { access: TicketAccess }) {
  const { t } = useTranslation();
  useLiveEvents();
  const now = useNow(30_000);
  // Filters live in the address, so Back from a ticket returns to the same list.
  const [searchParams, setSearchParams] = useSearchParams();
  const scope = access.viewCompany && searchParams.get('scope') === 'company' ? 'company' : 'mine';
  const status = searchParams.get('status') ?? 'any';
  const priority = searchParams.get('priority') ?? 'any';
  const sort = (sortOptions(t).find((o) => o.value === searchParams.get('sort'))?.value ??
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
    {
      param: 'status',
      label: t('portalApp:list.status'),
      data: statusOptions(t),
      value: status,
      fallback: 'any',
      basis: '160px',
    },
    {
      param: 'priority',
      label: t('portalApp:list.priority'),
      data: priorityOptions(t),
      value: priority,
      fallback: 'any',
      basis: '140px',
    },
    {
      param: 'sort',
      label: t('portalApp:list.sortBy'),
      data: sortOptions(t),
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
          <Title order={1}>{t('portalApp:nav.tickets')}</Title>
          <Text c="dimmed" size="sm">
            {scope === 'company'
              ? t('portalApp:list.introCompany', { company: access.companyName })
              : t('portalApp:list.intro')}
          </Text>
        </Stack>
        {access.create ? (
          <Button component={Link} to="/portal/tickets/new" data-testid="new-ticket">
            {t('portalApp:tickets.new')}
          </Button>
        ) : null}
      </Group>

      {access.viewCompany ? (
        <SegmentedControl
          aria-label={t('portalApp:list.whose')}
          value={scope}
          onChange={(v) => setParam('scope', v, 'mine')}
          data={[
            { value: 'mine', label: t('portalApp:list.mine') },
            { value: 'company', label: t('portalApp:list.company', { company: access.companyName }) },
          ]}
          mb="md"
          fullWidth
          maw={640}
          data-testid="tickets-scope"
          styles={{ label: { whiteSpace: 'normal' } }}
        />
      ) : null}

      <Card withBorder padding="md" mb="md" role="search" aria-label={t('portalApp:list.find')}>
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label={t('portalApp:list.search')}
            placeholder={t('portalApp:list.searchHint')}
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
        <ErrorState
          title={t('portalApp:list.couldNotLoad')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 && stack.length === 1 ? (
        filtered ? (
          <EmptyCard
            title={t('portalApp:list.noMatch')}
            testId="tickets-no-match"
            action={
              <Button size="xs" variant="default" onClick={clearFilters} data-testid="tickets-clear-filters">
                {t('portalApp:list.clearFilters')}
              </Button>
            }
          >
            {q ? t('portalApp:list.noMatchQuery', { q }) : t('portalApp:list.noMatchBody')}
          </EmptyCard>
        ) : (
          <EmptyCard
            title={t('portalApp:list.empty')}
            testId="tickets-empty"
            action={
              access.create ? (
                <Button component={Link} to="/portal/tickets/new" size="xs">
                  {t('portalApp:tickets.new')}
                </Button>
              ) : null
            }
          >
            {access.create
              ? t('portalApp:list.emptyCreate')
              : scope === 'company'
                ? t('portalApp:list.emptyCompany', { company: access.companyName })
                : t('portalApp:list.emptyMine')}
          </EmptyCard>
        )
      ) : (
        <>
          <VisuallyHidden aria-live="polite">
            {list.isFetching
              ? t('portalApp:list.updating')
              : t('portalApp:list.shown', { count: list.data.items.length })}
          </VisuallyHidden>
          <TicketTable items={list.data.items} now={now} showRequester={scope === 'company'} />
          <TicketCards items={list.data.items} now={now} showRequester={scope === 'company'} />
          {stack.length > 1 || list.data.nextCursor ? (
            <Group justify="space-between" mt="md" component="nav" aria-label={t('portalApp:list.pages')}>
              <Button
                variant="default"
                size="xs"
                disabled={stack.length <= 1}
                onClick={() => setPages({ key: filterKey, stack: stack.slice(0, -1) })}
                data-testid="tickets-previous"
              >
                {t('ui:pager.previous')}
              </Button>
              <Text size="sm" c="dimmed">
                {t('ui:pager.page', { page: stack.length })}
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
                {t('ui:pager.next')}
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
      <span dir="auto">{ticket.subject}</span>
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
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720} visibleFrom="sm">
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="tickets-table">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }}>
          <VisuallyHidden>{t('portalApp:nav.tickets')}</VisuallyHidden>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('portalApp:list.number')}</Table.Th>
            <Table.Th scope="col">{t('portalApp:list.subject')}</Table.Th>
            <Table.Th scope="col">{t('portalApp:list.status')}</Table.Th>
            <Table.Th scope="col">{t('portalApp:list.priority')}</Table.Th>
            <Table.Th scope="col">{t('portalApp:list.lastUpdate')}</Table.Th>
            <Table.Th scope="col">{t('portalApp:list.sla')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((ticket) => (
            <Table.Tr key={ticket.id} data-testid={`ticket-row-${ticket.id}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{ticket.number}</Table.Td>
              <Table.Td>
                <SubjectLink ticket={ticket} />
                {showRequester && ticket.requesterName ? (
                  <Text size="xs" c="dimmed">
                    {t('portalApp:list.raisedBy', { name: ticket.requesterName })}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={ticket.status} />
              </Table.Td>
              <Table.Td>
                <PriorityBadge priority={ticket.priority} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <When iso={ticket.updatedAt} now={now} />
              </Table.Td>
              <Table.Td>
                <SlaBadge summary={ticket.sla} />
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
  const { t } = useTranslation();
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
      {items.map((ticket) => (
        <Card key={ticket.id} withBorder padding="sm" component="li" data-testid={`ticket-card-${ticket.id}`}>
          <Stack gap={6}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                {ticket.number}
              </Text>
              <SubjectLink ticket={ticket} />
            </Group>
            <Group gap={6} wrap="wrap">
              <StatusBadge status={ticket.status} />
              <PriorityBadge priority={ticket.priority} />
              <SlaBadge summary={ticket.sla} />
            </Group>
            <Text size="xs" c="dimmed">
              {t('portalApp:card.updated')} <When iso={ticket.updatedAt} now={now} />
              {showRequester && ticket.requesterName
                ? ` · ${t('portalApp:list.raisedBy', { name: ticket.requesterName })}`
                : ''}
            </Text>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

function ListSkeleton() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" aria-busy="true" data-testid="tickets-loading">
      <VisuallyHidden role="status">{t('portalApp:list.loading')}</VisuallyHidden>
      {[0, 1, 2, 3, 4].map((i) => (
        <Skeleton key={i} height={44} radius="sm" />
      ))}
    </Stack>
  );
}
