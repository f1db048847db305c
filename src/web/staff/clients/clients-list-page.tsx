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
import { Link } from 'react-router';
import type { ClientListQuery } from '../../../shared/schemas/clients.ts';
import { useMe } from '../../api/auth.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { formatDay } from '../../ui/format-date.ts';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { useClientList } from './api/clients.ts';
import { contactsExportUrl } from './api/contacts.ts';

const sortOptions = [
  { value: 'name:asc', label: 'Name, A to Z' },
  { value: 'name:desc', label: 'Name, Z to A' },
  { value: 'created:desc', label: 'Newest first' },
  { value: 'created:asc', label: 'Oldest first' },
];

export function ClientsListPage() {
  const branding = useBrandingContext();
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
      <PageHeader title="Clients">
        The companies you look after, their contacts and their portal access.
      </PageHeader>
      <Group justify="space-between" mb="md" gap="sm">
        <Group gap="sm">
          {canManage ? (
            <Button component={Link} to="/staff/clients/new" data-testid="new-client">
              New client
            </Button>
          ) : null}
          <Button
            component="a"
            href={contactsExportUrl(null)}
            variant="default"
            data-testid="export-all-contacts"
          >
            Export all contacts (CSV)
          </Button>
        </Group>
      </Group>
      <Card withBorder padding="md" mb="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Search by name"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 220px' }}
            data-testid="clients-search"
          />
          <Select
            label="Sort"
            data={sortOptions}
            value={sort}
            onChange={(v) => v && setSort(v)}
            allowDeselect={false}
            style={{ flex: '0 1 200px' }}
            data-testid="clients-sort"
          />
          <Switch
            label="Show archived"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.currentTarget.checked)}
            mb={8}
            data-testid="clients-show-archived"
          />
        </Group>
      </Card>

      {list.isPending ? (
        <PageLoader label="Loading clients" />
      ) : list.isError ? (
        <ErrorState title="Could not load clients" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="clients-empty">
          <Stack gap="xs" align="flex-start">
            <Text fw={600}>{q ? `No clients match “${q}”.` : 'No clients yet.'}</Text>
            <Text size="sm" c="dimmed">
              {q
                ? 'Check the spelling, or search for part of the name.'
                : canManage
                  ? 'Add the first company you look after; you can then add its contacts and invite them to the portal.'
                  : 'Clients appear here once someone with the right to manage clients adds them.'}
            </Text>
            {!q && canManage ? (
              <Button component={Link} to="/staff/clients/new" size="xs">
                New client
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
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Contacts</Table.Th>
                  <Table.Th scope="col">Portal</Table.Th>
                  <Table.Th scope="col">Phone</Table.Th>
                  <Table.Th scope="col">Added</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((c) => (
                  <Table.Tr key={c.id} data-testid={`client-row-${c.id}`}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor component={Link} to={`/staff/clients/${c.id}`} fw={600}>
                          {c.name}
                        </Anchor>
                        {c.archivedAt ? (
                          <Badge color="gray" variant="outline" size="sm">
                            Archived
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>{c.contactCount}</Table.Td>
                    <Table.Td>
                      {c.portalEnabled
                        ? `${c.portalUserCount} ${c.portalUserCount === 1 ? 'person' : 'people'} can sign in`
                        : 'Switched off'}
                    </Table.Td>
                    <Table.Td>{c.phone ?? '—'}</Table.Td>
                    <Table.Td>{formatDay(c.createdAt, branding)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            label="Client list pages"
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
