import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { useOutbox } from './api/outbox.ts';
import { statusColors, statusKeys } from './status-words.ts';

/** Date and time of an instant in the viewer's zone, date format and language. */
export function useInstantFormatter() {
  const format = useFormat();
  return (iso: string) => format.dateTime(iso);
}

export function OutboxPage() {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const [debounced] = useDebouncedValue(to.trim(), 300);
  const outbox = useOutbox(debounced);
  const format = useInstantFormatter();
  const emails = outbox.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader title={t('staffApp:nav.outbox')}>{t('staffApp:outbox.intro')}</PageHeader>
      <TextInput
        label={t('staffApp:outbox.recipient')}
        description={t('staffApp:outbox.recipientHint')}
        placeholder={t('staffApp:outbox.recipientPlaceholder')}
        dir="auto"
        value={to}
        onChange={(e) => setTo(e.currentTarget.value)}
        maw={420}
        mb="lg"
        type="search"
        data-testid="outbox-filter-to"
      />
      {outbox.isPending ? (
        <PageLoader label={t('staffApp:outbox.loading')} />
      ) : outbox.isError && !outbox.data ? (
        <ErrorState
          title={t('staffApp:outbox.loadError')}
          error={outbox.error}
          onRetry={() => void outbox.refetch()}
        />
      ) : emails.length === 0 ? (
        <Alert color="gray" title={t('staffApp:outbox.emptyTitle')} data-testid="outbox-empty">
          {debounced ? t('staffApp:outbox.emptyFor', { to: debounced }) : t('staffApp:outbox.empty')}
        </Alert>
      ) : (
        <Stack gap="md">
          <Table.ScrollContainer minWidth={720} type="native">
            <Table striped highlightOnHover verticalSpacing="xs" data-testid="outbox-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('staffApp:outbox.written')}</Table.Th>
                  <Table.Th scope="col">{t('staffApp:outbox.to')}</Table.Th>
                  <Table.Th scope="col">{t('staffApp:tickets.form.subject')}</Table.Th>
                  <Table.Th scope="col">{t('staffApp:tickets.fields.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {emails.map((email) => (
                  <Table.Tr key={email.id} data-testid="outbox-row">
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <time dateTime={email.createdAt}>{format(email.createdAt)}</time>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" dir="auto">
                        {email.toName ?? email.to}
                      </Text>
                      {email.toName ? (
                        <Text size="xs" c="dimmed" dir="auto">
                          {email.to}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/staff/outbox/${email.id}`}
                        dir="auto"
                        data-testid="outbox-open"
                      >
                        {email.subject}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={statusColors[email.status]} variant="light" title={email.statusText}>
                        {t(statusKeys[email.status])}
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
                {t('staffApp:actions.loadMore')}
              </Button>
            </Group>
          ) : null}
          {outbox.isFetchNextPageError ? (
            <ErrorState
              title={t('staffApp:outbox.loadMoreError')}
              error={outbox.error}
              onRetry={() => void outbox.fetchNextPage()}
            />
          ) : null}
        </Stack>
      )}
    </>
  );
}
