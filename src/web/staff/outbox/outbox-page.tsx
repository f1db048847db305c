import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { type DateFormat, formatDate } from '../../ui/format-date.ts';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { useOutbox } from './api/outbox.ts';
import { statusColors, statusLabels } from './status-words.ts';

export function useInstantFormatter() {
  const branding = useBrandingContext();
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: branding.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (iso: string) => {
    const instant = new Date(iso);
    return `${formatDate(instant, branding.dateFormat as DateFormat, branding.timeZone)} ${time.format(instant)}`;
  };
}

export function OutboxPage() {
  const [to, setTo] = useState('');
  const [debounced] = useDebouncedValue(to.trim(), 300);
  const outbox = useOutbox(debounced);
  const format = useInstantFormatter();
  const emails = outbox.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader title="Email outbox">
        Every email Portico has written and what became of it. Without an SMTP server configured, email stays
        here instead of being sent, so you can still open invitations and reset links.
      </PageHeader>
      <TextInput
        label="Recipient"
        description="Part of the email address or name"
        placeholder="e.g. acme.example"
        value={to}
        onChange={(e) => setTo(e.currentTarget.value)}
        maw={420}
        mb="lg"
        type="search"
        data-testid="outbox-filter-to"
      />
      {outbox.isPending ? (
        <PageLoader label="Loading the outbox" />
      ) : outbox.isError && !outbox.data ? (
        <ErrorState
          title="Could not load the outbox"
          error={outbox.error}
          onRetry={() => void outbox.refetch()}
        />
      ) : emails.length === 0 ? (
        <Alert color="gray" title="No email" data-testid="outbox-empty">
          {debounced ? `No email to “${debounced}”.` : 'Nothing has been written yet.'}
        </Alert>
      ) : (
        <Stack gap="md">
          <Table.ScrollContainer minWidth={720} type="native">
            <Table striped highlightOnHover verticalSpacing="xs" data-testid="outbox-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Written</Table.Th>
                  <Table.Th scope="col">To</Table.Th>
                  <Table.Th scope="col">Subject</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {emails.map((email) => (
                  <Table.Tr key={email.id} data-testid="outbox-row">
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <time dateTime={email.createdAt}>{format(email.createdAt)}</time>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{email.toName ?? email.to}</Text>
                      {email.toName ? (
                        <Text size="xs" c="dimmed">
                          {email.to}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/staff/outbox/${email.id}`} data-testid="outbox-open">
                        {email.subject}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={statusColors[email.status]} variant="light" title={email.statusText}>
                        {statusLabels[email.status]}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {outbox.hasNextPage ? (
            <Group>
              <Button
                variant="default"
                onClick={() => void outbox.fetchNextPage()}
                loading={outbox.isFetchingNextPage}
                data-testid="outbox-load-more"
              >
                Load more
              </Button>
            </Group>
          ) : null}
          {outbox.isFetchNextPageError ? (
            <ErrorState
              title="Could not load more"
              error={outbox.error}
              onRetry={() => void outbox.fetchNextPage()}
            />
          ) : null}
        </Stack>
      )}
    </>
  );
}
