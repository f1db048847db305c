import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ClientListQuery } from '../../../shared/schemas/clients.ts';
import { useMe } from '../../api/auth.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { useClientList } from './api/clients.ts';
import { contactsExportUrl } from './api/contacts.ts';

const sortOptions = [
  { value: 'name:asc', label: 'staffAdmin:clients.list.sortNameAsc' },
  { value: 'name:desc', label: 'staffAdmin:clients.list.sortNameDesc' },
  { value: 'created:desc', label: 'staffAdmin:clients.list.sortNewest' },
  { value: 'created:asc', label: 'staffAdmin:clients.list.sortOldest' },
] as const;

export function ClientsListPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('clients:manage');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [sort, setSort] = useState('name:asc');
  const [showArchived, setShowArchived] = useState(false);
  const [sortBy, order] = sort.split(':') as [NonNullable<ClientListQuery['sort']>, 'asc' | 'desc'];
  const pages = useCursorPages(`${q}|${sort}|${showArchived}`);
  const params: ClientListQuery = {
    q: q || undefined,
    sort: sortBy,
    order,
    status: showArchived ? 'all' : 'active',
    limit: 25,
    cursor: pages.cursor,
  };
  const list = useClientList(params);

  return (
    <>
      <PageHeader title={t('staffAdmin:clients.list.title')}>{t('staffAdmin:clients.list.intro')}</PageHeader>
      <Group justify="space-between" mb="md" gap="sm">
        <Group gap="sm">
          {canManage ? (
            <Button component={Link} to="/staff/clients/new" data-testid="new-client">
              {t('staffAdmin:clients.list.newClient')}
            </Button>
          ) : null}
          <Button
            component="a"
            href={contactsExportUrl(null)}
            variant="default"
            data-testid="export-all-contacts"
          >
            {t('staffAdmin:clients.list.exportAll')}
          </Button>
        </Group>
      </Group>
      <Card withBorder padding="md" mb="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label={t('staffAdmin:clients.list.search')}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 220px' }}
            data-testid="clients-search"
          />
          <Select
            label={t('staffAdmin:clients.list.sort')}
            data={sortOptions.map((o) => ({ value: o.value, label: t(o.label) }))}
            value={sort}
            onChange={(v) => v && setSort(v)}
            allowDeselect={false}
            style={{ flex: '0 1 200px' }}
            data-testid="clients-sort"
          />
          <Switch
            label={t('staffAdmin:clients.list.showArchived')}
            checked={showArchived}
            onChange={(e) => setShowArchived(e.currentTarget.checked)}
            mb={8}
            data-testid="clients-show-archived"
          />
        </Group>
      </Card>

      {list.isPending ? (
        <PageLoader label={t('staffAdmin:clients.list.loading')} />
      ) : list.isError ? (
        <ErrorState
          title={t('staffAdmin:clients.list.loadError')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="clients-empty">
          <Stack gap="xs" align="flex-start">
            <Text fw={600}>
              {q ? t('staffAdmin:clients.list.noMatch', { query: q }) : t('staffAdmin:clients.list.empty')}
            </Text>
            <Text size="sm" c="dimmed">
              {q
                ? t('staffAdmin:clients.list.noMatchHelp')
                : canManage
                  ? t('staffAdmin:clients.list.emptyManage')
                  : t('staffAdmin:clients.list.emptyView')}
            </Text>
            {!q && canManage ? (
              <Button component={Link} to="/staff/clients/new" size="xs">
                {t('staffAdmin:clients.list.newClient')}
              </Button>
            ) : null}
          </Stack>
        </Card>
      ) : (
        <>
          <Table.ScrollContainer minWidth={560}>
            <Table striped highlightOnHover verticalSpacing="sm" data-testid="clients-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('staffAdmin:clients.list.colName')}</Table.Th>
                  <Table.Th scope="col">{t('staffAdmin:clients.list.colContacts')}</Table.Th>
                  <Table.Th scope="col">{t('staffAdmin:clients.list.colPortal')}</Table.Th>
                  <Table.Th scope="col">{t('staffAdmin:clients.list.colPhone')}</Table.Th>
                  <Table.Th scope="col">{t('staffAdmin:clients.list.colAdded')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((c) => (
                  <Table.Tr key={c.id} data-testid={`client-row-${c.id}`}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor component={Link} to={`/staff/clients/${c.id}`} fw={600} dir="auto">
                          {c.name}
                        </Anchor>
                        {c.archivedAt ? (
                          <Badge color="gray" variant="outline" size="sm">
                            {t('staffAdmin:clients.archived')}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>{c.contactCount}</Table.Td>
                    <Table.Td>
                      {c.portalEnabled
                        ? t('staffAdmin:clients.list.portalUsers', { count: c.portalUserCount })
                        : t('staffAdmin:clients.list.portalOff')}
                    </Table.Td>
                    <Table.Td>{c.phone ?? '—'}</Table.Td>
                    <Table.Td>
                      <time dateTime={c.createdAt}>{format.date(c.createdAt)}</time>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            label={t('staffAdmin:clients.list.pages')}
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
