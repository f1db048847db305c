import {
  Alert,
  Button,
  Card,
  CloseButton,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedCallback, useMediaQuery } from '@mantine/hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  type TicketPriority,
  type TicketStatus,
  ticketPriorities,
  ticketPriorityLabels,
  ticketQueueViewLabels,
  ticketStatuses,
  ticketStatusLabels,
} from '../../../shared/schemas/tickets.ts';
import { useMe } from '../../api/auth.ts';
import { useLiveEvents } from '../../api/live.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { useTicketFormOptions, useTicketList } from './api/tickets.ts';
import { BulkBar } from './bulk-bar.tsx';
import { AssigneeSelect, ClientPicker } from './pickers.tsx';
import {
  defaultQueueState,
  filterKey,
  hasNarrowingFilters,
  parseQueueSearch,
  type QueueState,
  queueSearchString,
  type TicketSort,
  toListParams,
} from './queue-filters.ts';
import { QueueCards, QueueTable } from './queue-table.tsx';
import { QueueViews } from './queue-views.tsx';
import { hiddenSelected, toggleAllVisible, toggleOne } from './selection.ts';

const PAGE_SIZE = 25;

const sortOptions: { value: TicketSort; label: string }[] = [
  { value: 'updated-desc', label: 'Recently updated first' },
  { value: 'updated-asc', label: 'Least recently updated first' },
  { value: 'created-desc', label: 'Newest first' },
  { value: 'created-asc', label: 'Oldest first' },
];

const emptyWords: Record<QueueState['view'], string> = {
  all: 'No open tickets. Everything is answered.',
  unassigned: 'No unassigned tickets: every open ticket has someone on it.',
  mine: 'No open tickets are assigned to you.',
  'breaching-soon': 'No ticket is close to breaching its SLA.',
  'waiting-on-client': 'No ticket is waiting on a client.',
};

export function TicketQueuePage() {
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('tickets:manage');
  const [searchParams, setSearchParams] = useSearchParams();
  const state = useMemo(() => parseQueueSearch(searchParams), [searchParams]);
  const key = filterKey(state);
  const pages = useCursorPages(key);
  const list = useTicketList(toListParams(state, { limit: PAGE_SIZE, cursor: pages.cursor }));
  const narrow = useMediaQuery('(max-width: 48em)');
  const [message, setMessage] = useState<string | null>(null);

  // The selection belongs to one list (filters and page); live refetches keep it.
  const selectionKey = `${key}|${pages.page}`;
  const [selectionState, setSelectionState] = useState<{ key: string; ids: Set<number> }>({
    key: selectionKey,
    ids: new Set(),
  });
  const selection = selectionState.key === selectionKey ? selectionState.ids : new Set<number>();
  const setSelection = (ids: Set<number>) => setSelectionState({ key: selectionKey, ids });

  useLiveEvents();

  /** Applies a change to what the address holds now (a debounced search may land after another change). */
  const update = (change: Partial<QueueState> | QueueState, replace = false) => {
    setMessage(null);
    setSearchParams(
      (current) => new URLSearchParams(queueSearchString({ ...parseQueueSearch(current), ...change })),
      {
        replace,
      },
    );
  };

  const items = list.data?.items ?? [];
  const visibleIds = items.map((t) => t.id);
  const hidden = hiddenSelected(selection, visibleIds);

  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm" mb={{ base: 'sm', sm: 0 }}>
        <PageHeader title="Tickets">
          {ticketQueueViewLabels[state.view]}
          {hasNarrowingFilters(state) ? ', filtered' : ''}. The list updates by itself as tickets change.
        </PageHeader>
        {canManage ? (
          <Button component={Link} to="/staff/tickets/new" data-testid="new-ticket">
            New ticket
          </Button>
        ) : null}
      </Group>

      <QueueViews state={state} onMessage={setMessage} />
      <QueueFilterForm state={state} onChange={update} />

      {message ? (
        <Alert
          color="teal"
          mb="sm"
          role="status"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setMessage(null)}
          data-testid="queue-message"
        >
          {message}
        </Alert>
      ) : null}

      {canManage && selection.size > 0 ? (
        <BulkBar
          selected={[...selection]}
          hiddenCount={hidden.length}
          onClear={() => setSelection(new Set())}
          onDone={(m) => {
            setSelection(new Set());
            setMessage(m);
          }}
        />
      ) : null}

      {list.isPending ? (
        <PageLoader label="Loading tickets" />
      ) : list.isError && !list.data ? (
        <ErrorState
          title="Could not load the tickets"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="tickets-empty">
          <Stack gap="xs" align="flex-start">
            <Text fw={600}>
              {hasNarrowingFilters(state) ? 'No tickets match these filters.' : emptyWords[state.view]}
            </Text>
            {hasNarrowingFilters(state) ? (
              <Button
                size="xs"
                variant="default"
                onClick={() => update({ ...defaultQueueState, view: state.view, sort: state.sort })}
              >
                Clear filters
              </Button>
            ) : null}
          </Stack>
        </Card>
      ) : (
        <>
          {list.isError ? (
            <Alert color="orange" mb="sm" role="alert" title="Showing the last list loaded">
              The latest changes could not be loaded. They will show once the connection is back.
            </Alert>
          ) : null}
          <div aria-busy={list.isFetching} data-testid="tickets-results">
            {narrow ? (
              <QueueCards
                tickets={items}
                selectable={canManage}
                selection={selection}
                onToggle={(id) => setSelection(toggleOne(selection, id))}
                onToggleAll={() => setSelection(toggleAllVisible(selection, visibleIds))}
              />
            ) : (
              <QueueTable
                tickets={items}
                selectable={canManage}
                selection={selection}
                onToggle={(id) => setSelection(toggleOne(selection, id))}
                onToggleAll={() => setSelection(toggleAllVisible(selection, visibleIds))}
              />
            )}
          </div>
          <Pager
            label="Ticket list pages"
            page={pages.page}
            hasPrevious={pages.hasPrevious}
            nextCursor={list.data.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        </>
      )}
    </>
  );
}

function QueueFilterForm({
  state,
  onChange,
}: {
  state: QueueState;
  onChange: (change: Partial<QueueState>, replace?: boolean) => void;
}) {
  const options = useTicketFormOptions(null);
  const [search, setSearch] = useState(state.q);
  // The address changed from outside (Back, a view link): show its search.
  useEffect(() => setSearch((s) => (s.trim() === state.q ? s : state.q)), [state.q]);
  // Starting or clearing a search is a step Back undoes; refining the words replaces that step.
  const currentQ = useRef(state.q);
  currentQ.current = state.q;
  const commitSearch = useDebouncedCallback((q: string) => {
    const next = q.trim();
    if (next === currentQ.current) return;
    onChange({ q: next }, currentQ.current !== '' && next !== '');
  }, 350);
  const set = (patch: Partial<QueueState>) => onChange(patch);
  const narrow = useMediaQuery('(max-width: 48em)');
  const [showMore, setShowMore] = useState(false);
  const moreCount = [
    state.status.length > 0,
    state.priority.length > 0,
    state.sort !== 'updated-desc',
    state.clientId !== null,
    state.assigneeAccountId !== null,
    state.categoryId !== null,
  ].filter(Boolean).length;
  const collapsed = narrow && !showMore;
  const categories = (options.data?.categories ?? []).map((c) => ({ value: String(c.id), label: c.name }));
  if (state.categoryId !== null && !categories.some((c) => c.value === String(state.categoryId))) {
    categories.unshift({ value: String(state.categoryId), label: `Category ${state.categoryId}` });
  }

  return (
    <Card
      withBorder
      padding="md"
      mb="md"
      component="form"
      role="search"
      aria-label="Filter the tickets"
      onSubmit={(e) => {
        e.preventDefault();
        commitSearch.cancel();
        onChange({ q: search });
      }}
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label="Search"
          description="Subject or #number"
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            commitSearch(e.currentTarget.value);
          }}
          rightSection={
            search ? (
              <CloseButton
                aria-label="Clear the search"
                size="sm"
                onClick={() => {
                  commitSearch.cancel();
                  setSearch('');
                  onChange({ q: '' });
                }}
              />
            ) : null
          }
          data-testid="tickets-search"
        />
        {narrow ? (
          <Button
            variant="default"
            onClick={() => setShowMore((v) => !v)}
            aria-expanded={!collapsed}
            aria-controls="ticket-filters-more"
            data-testid="filters-toggle"
          >
            {collapsed ? `More filters${moreCount ? ` (${moreCount} set)` : ''}` : 'Fewer filters'}
          </Button>
        ) : null}
      </SimpleGrid>
      <SimpleGrid
        cols={{ base: 1, xs: 2, md: 4 }}
        spacing="sm"
        mt="sm"
        id="ticket-filters-more"
        hidden={collapsed}
        display={collapsed ? 'none' : undefined}
      >
        <MultiSelect
          label="Status"
          description={
            state.view === 'waiting-on-client'
              ? 'This queue: Waiting on Client'
              : 'Open ones unless you choose'
          }
          placeholder={state.status.length ? undefined : 'Any status'}
          data={ticketStatuses.map((s) => ({ value: s, label: ticketStatusLabels[s] }))}
          value={state.status}
          onChange={(v) => set({ status: v as TicketStatus[] })}
          clearable
          hidePickedOptions
          data-testid="filter-status"
        />
        <MultiSelect
          label="Priority"
          description="Any unless you choose"
          placeholder={state.priority.length ? undefined : 'Any priority'}
          data={ticketPriorities.map((p) => ({ value: p, label: ticketPriorityLabels[p] }))}
          value={state.priority}
          onChange={(v) => set({ priority: v as TicketPriority[] })}
          clearable
          hidePickedOptions
          data-testid="filter-priority"
        />
        <Select
          label="Sort"
          description="Order of the list"
          data={sortOptions}
          value={state.sort}
          onChange={(v) => v && set({ sort: v as TicketSort })}
          allowDeselect={false}
          data-testid="filter-sort"
        />
        <ClientPicker
          label="Client"
          description="Search by name"
          placeholder="Any client"
          value={state.clientId}
          onChange={(clientId) => set({ clientId })}
          testId="filter-client"
        />
        <AssigneeSelect
          label="Assignee"
          description={state.view === 'unassigned' ? 'Not in the Unassigned queue' : 'Who works on it'}
          disabled={state.view === 'unassigned'}
          placeholder="Anyone"
          value={state.assigneeAccountId}
          onChange={(assigneeAccountId) => set({ assigneeAccountId })}
          testId="filter-assignee"
        />
        <Select
          label="Category"
          description="As set in Support setup"
          placeholder={options.isError ? 'Could not load categories' : 'Any category'}
          data={categories}
          value={state.categoryId === null ? null : String(state.categoryId)}
          onChange={(v) => set({ categoryId: v ? Number(v) : null })}
          clearable
          searchable
          nothingFoundMessage="No category by that name"
          data-testid="filter-category"
        />
        <Group align="flex-end">
          <Button
            variant="default"
            onClick={() => {
              commitSearch.cancel();
              setSearch('');
              onChange({ ...defaultQueueState, view: state.view, sort: state.sort });
            }}
            disabled={!hasNarrowingFilters(state)}
            data-testid="filters-clear"
          >
            Clear filters
          </Button>
        </Group>
      </SimpleGrid>
    </Card>
  );
}
