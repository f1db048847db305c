import { Anchor, Badge, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import {
  type InboundEmailItem,
  type InboundStatus,
  inboundStatuses,
  inboundStatusLabels,
} from '../../../shared/schemas/ticket-email.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { formatInstant } from '../../ui/format-date.ts';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { useInboundList } from './api.ts';

type Filter = InboundStatus | 'all';

const filterOptions: { value: Filter; label: string }[] = [
  ...inboundStatuses.map((s) => ({ value: s, label: inboundStatusLabels[s] })),
  { value: 'all', label: 'All received email' },
];

export const statusColors: Record<InboundStatus, string> = {
  held: 'orange',
  added: 'teal',
  created: 'blue',
  discarded: 'gray',
};

export function StatusBadge({ status }: { status: InboundStatus }) {
  return (
    <Badge color={statusColors[status]} variant="light" data-testid="inbound-status">
      {inboundStatusLabels[status]}
    </Badge>
  );
}

/** Shown on email whose sender was not authenticated (whatever became of it). */
export function UnauthenticatedBadge() {
  return (
    <Badge color="red" variant="light" data-testid="inbound-unauthenticated">
      Sender not authenticated
    </Badge>
  );
}

const emptyWords: Record<Filter, string> = {
  held: 'Nothing is waiting for review. Email from unknown senders, senders who could not be authenticated, automatic replies and anything else that could not be matched appears here.',
  added: 'No email has been added to a ticket yet.',
  created: 'No email has opened a ticket yet.',
  discarded: 'No email has been discarded.',
  all: 'No email has been received yet. Set IMAP_URL or INBOUND_SMTP_PORT to receive email (see the admin guide).',
};

export function sender(e: Pick<InboundEmailItem, 'fromName' | 'fromAddress'>) {
  return e.fromName ? `${e.fromName} <${e.fromAddress}>` : e.fromAddress || '(no sender)';
}

/** /staff/inbound: received email, held for review first. */
export function InboundListPage() {
  const branding = useBrandingContext();
  const [searchParams, setSearchParams] = useSearchParams();
  const statusParam = searchParams.get('status');
  const filter: Filter = filterOptions.some((o) => o.value === statusParam)
    ? (statusParam as Filter)
    : 'held';
  const pages = useCursorPages(filter);
  const list = useInboundList({ status: filter, limit: 25, cursor: pages.cursor });

  return (
    <>
      <PageHeader title="Inbound email">
        Email received at the support address. Replies from contacts and new requests from known contacts
        become tickets by themselves; everything else is held here for you to decide: open a ticket, add it to
        a ticket, or discard it.
      </PageHeader>
      <Card withBorder padding="md" mb="md">
        <Select
          label="Show"
          data={filterOptions}
          value={filter}
          onChange={(v) => {
            if (!v) return;
            setSearchParams(v === 'held' ? {} : { status: v }, { replace: true });
          }}
          allowDeselect={false}
          maw={280}
          data-testid="inbound-filter"
        />
      </Card>
      {list.isPending ? (
        <PageLoader label="Loading received email" />
      ) : list.isError ? (
        <ErrorState
          title="Could not load received email"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="inbound-empty">
          <Stack gap="xs">
            <Text fw={600}>{filter === 'held' ? 'No held email.' : 'No email here.'}</Text>
            <Text size="sm" c="dimmed">
              {emptyWords[filter]}
            </Text>
          </Stack>
        </Card>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720} type="native">
            <Table striped highlightOnHover verticalSpacing="sm" data-testid="inbound-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Received</Table.Th>
                  <Table.Th scope="col">From</Table.Th>
                  <Table.Th scope="col">Subject</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((e) => (
                  <Table.Tr key={e.id} data-testid={`inbound-row-${e.id}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <time dateTime={e.receivedAt}>{formatInstant(e.receivedAt, branding)}</time>
                    </Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{sender(e)}</Table.Td>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/staff/inbound/${e.id}`}
                        fw={600}
                        data-testid="inbound-open"
                      >
                        {e.subject || '(no subject)'}
                      </Anchor>
                      {e.reason ? (
                        <Text size="xs" c="dimmed">
                          {e.reason}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <StatusBadge status={e.status} />
                        {e.ticketId && e.status !== 'held' ? (
                          <Anchor component={Link} to={`/staff/tickets/${e.ticketId}`} size="sm">
                            #{e.ticketId}
                          </Anchor>
                        ) : null}
                      </Group>
                      {e.senderAuth?.verdict === 'fail' ? <UnauthenticatedBadge /> : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            label="Received email pages"
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
