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
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ticketPriorityKeys, ticketStatusKeys } from '../../../shared/i18n/labels.ts';
import {
  type TicketPriority,
  type TicketStatus,
  ticketPriorities,
  ticketStatuses,
} from '../../../shared/schemas/tickets.ts';
import { useMe } from '../../api/auth.ts';
import { useLiveEvents } from '../../api/live.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { useTicketFormOptions, useTicketList } from './api/tickets.ts';
import { BulkBar } from './bulk-bar.tsx';
import { queueViewKeys } from './labels.ts';
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

const sortKeys = {
  'updated-desc': 'staffApp:tickets.sort.updatedDesc',
  'updated-asc': 'staffApp:tickets.sort.updatedAsc',
  'created-desc': 'staffApp:tickets.sort.createdDesc',
  'created-asc': 'staffApp:tickets.sort.createdAsc',
} as const satisfies Record<TicketSort, `staffApp:${string}`>;

const emptyKeys = {
  all: 'staffApp:tickets.empty.all',
  unassigned: 'staffApp:tickets.empty.unassigned',
  mine: 'staffApp:tickets.empty.mine',
  'breaching-soon': 'staffApp:tickets.empty.breachingSoon',
  'waiting-on-client': 'staffApp:tickets.empty.waitingOnClient',
} as const satisfies Record<QueueState['view'], `staffApp:${string}`>;

export function TicketQueuePage() {
  const { t } = useTranslation();
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
        <PageHeader title={t('staffApp:nav.tickets')}>
          {hasNarrowingFilters(state)
            ? t('staffApp:tickets.queue.introFiltered', { view: t(queueViewKeys[state.view]) })
            : t('staffApp:tickets.queue.intro', { view: t(queueViewKeys[state.view]) })}
        </PageHeader>
        {canManage ? (
          <Button component={Link} to="/staff/tickets/new" data-testid="new-ticket">
            {t('staffApp:tickets.new.title')}
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
          closeButtonLabel={t('staffApp:actions.dismiss')}
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
            setMessage(t(m.key, m.params));
          }}
        />
      ) : null}

      {list.isPending ? (
        <PageLoader label={t('staffApp:tickets.queue.loading')} />
      ) : list.isError && !list.data ? (
        <ErrorState
          title={t('staffApp:tickets.queue.loadError')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="tickets-empty">
          <Stack gap="xs" align="flex-start">
            <Text fw={600}>
              {hasNarrowingFilters(state) ? t('staffApp:tickets.empty.filtered') : t(emptyKeys[state.view])}
            </Text>
            {hasNarrowingFilters(state) ? (
              <Button
                size="xs"
                variant="default"
                onClick={() => update({ ...defaultQueueState, view: state.view, sort: state.sort })}
              >
                {t('staffApp:actions.clearFilters')}
              </Button>
            ) : null}
          </Stack>
        </Card>
      ) : (
        <>
          {list.isError ? (
            <Alert color="orange" mb="sm" role="alert" title={t('staffApp:tickets.queue.staleTitle')}>
              {t('staffApp:tickets.queue.staleText')}
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
            label={t('staffApp:tickets.queue.pages')}
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
  const { t } = useTranslation();
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
    categories.unshift({
      value: String(state.categoryId),
      label: t('staffApp:tickets.filters.categoryNumber', { id: state.categoryId }),
    });
  }

  return (
    <Card
      withBorder
      padding="md"
      mb="md"
      component="form"
      role="search"
      aria-label={t('staffApp:tickets.filters.label')}
      onSubmit={(e) => {
        e.preventDefault();
        commitSearch.cancel();
        onChange({ q: search });
      }}
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label={t('staffApp:tickets.canned.search')}
          description={t('staffApp:tickets.filters.searchHint')}
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            commitSearch(e.currentTarget.value);
          }}
          dir="auto"
          rightSection={
            search ? (
              <CloseButton
                aria-label={t('staffApp:tickets.filters.clearSearch')}
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
            {collapsed
              ? moreCount
                ? t('staffApp:tickets.filters.moreSet', { count: moreCount })
                : t('staffApp:tickets.filters.more')
              : t('staffApp:tickets.filters.fewer')}
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
          label={t('staffApp:tickets.fields.status')}
          description={
            state.view === 'waiting-on-client'
              ? t('staffApp:tickets.filters.statusQueue', {
                  status: t(ticketStatusKeys['waiting-on-client']),
                })
              : t('staffApp:tickets.filters.statusHint')
          }
          placeholder={state.status.length ? undefined : t('staffApp:tickets.filters.anyStatus')}
          data={ticketStatuses.map((s) => ({ value: s, label: t(ticketStatusKeys[s]) }))}
          value={state.status}
          onChange={(v) => set({ status: v as TicketStatus[] })}
          clearable
          hidePickedOptions
          data-testid="filter-status"
        />
        <MultiSelect
          label={t('staffApp:tickets.fields.priority')}
          description={t('staffApp:tickets.filters.priorityHint')}
          placeholder={state.priority.length ? undefined : t('staffApp:tickets.filters.anyPriority')}
          data={ticketPriorities.map((p) => ({ value: p, label: t(ticketPriorityKeys[p]) }))}
          value={state.priority}
          onChange={(v) => set({ priority: v as TicketPriority[] })}
          clearable
          hidePickedOptions
          data-testid="filter-priority"
        />
        <Select
          label={t('staffApp:tickets.filters.sort')}
          description={t('staffApp:tickets.filters.sortHint')}
          data={Object.entries(sortKeys).map(([value, key]) => ({ value, label: t(key) }))}
          value={state.sort}
          onChange={(v) => v && set({ sort: v as TicketSort })}
          allowDeselect={false}
          data-testid="filter-sort"
        />
        <ClientPicker
          label={t('staffApp:tickets.new.client')}
          description={t('staffApp:tickets.filters.clientHint')}
          placeholder={t('staffApp:tickets.filters.anyClient')}
          value={state.clientId}
          onChange={(clientId) => set({ clientId })}
          testId="filter-client"
        />
        <AssigneeSelect
          label={t('staffApp:tickets.fields.assignee')}
          description={
            state.view === 'unassigned'
              ? t('staffApp:tickets.filters.assigneeUnassigned')
              : t('staffApp:tickets.filters.assigneeHint')
          }
          disabled={state.view === 'unassigned'}
          placeholder={t('staffApp:tickets.pickers.anyone')}
          value={state.assigneeAccountId}
          onChange={(assigneeAccountId) => set({ assigneeAccountId })}
          testId="filter-assignee"
        />
        <Select
          label={t('staffApp:tickets.fields.category')}
          description={t('staffApp:tickets.filters.categoryHint')}
          placeholder={
            options.isError
              ? t('staffApp:tickets.new.categoriesError')
              : t('staffApp:tickets.filters.anyCategory')
          }
          data={categories}
          value={state.categoryId === null ? null : String(state.categoryId)}
          onChange={(v) => set({ categoryId: v ? Number(v) : null })}
          clearable
          searchable
          nothingFoundMessage={t('staffApp:tickets.filters.noCategory')}
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
            {t('staffApp:actions.clearFilters')}
          </Button>
        </Group>
      </SimpleGrid>
    </Card>
  );
}
