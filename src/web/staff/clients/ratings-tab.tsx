import { Badge, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import { fetchRatingSummary, fetchRatings, ratingKeys } from '../../api/ratings.ts';
import { useCursorPages } from '../../api/use-cursor-pages.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageLoader } from '../../ui/states.tsx';

const DAY = 86_400_000;
const periods = ['30', '90', '365'] as const;

/** The client's ticket ratings (issue 14): good, bad and share of good over a period, per technician, and the latest ratings. */
export function RatingsTab({ client }: { client: ClientResponse }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [period, setPeriod] = useState<(typeof periods)[number]>('90');
  const [now] = useState(() => Date.now());
  const range = {
    clientId: client.id,
    from: new Date(now - Number(period) * DAY).toISOString(),
    to: new Date(now).toISOString(),
  };
  const pages = useCursorPages(`${client.id}:${period}`);
  const listParams = { ...range, limit: 25, cursor: pages.cursor };
  const summary = useQuery({
    queryKey: ratingKeys.summary(range),
    queryFn: ({ signal }) => fetchRatingSummary(range, signal),
    placeholderData: keepPreviousData,
  });
  const list = useQuery({
    queryKey: ratingKeys.list(listParams),
    queryFn: ({ signal }) => fetchRatings(listParams, signal),
    placeholderData: keepPreviousData,
  });
  const percent = (p: number | null) =>
    p === null ? t('staffAdmin:clients.ratings.noPercent') : format.number(p / 100, { style: 'percent' });

  return (
    <Stack gap="lg">
      <SegmentedControl
        value={period}
        onChange={(v) => setPeriod(v as (typeof periods)[number])}
        data={periods.map((p) => ({
          value: p,
          label: t('staffAdmin:clients.ratings.lastDays', { count: Number(p) }),
        }))}
        aria-label={t('staffAdmin:clients.ratings.period')}
        data-testid="ratings-period"
        style={{ alignSelf: 'flex-start' }}
      />
      {summary.isPending ? (
        <PageLoader label={t('staffAdmin:clients.ratings.loading')} />
      ) : summary.isError ? (
        <ErrorState
          title={t('staffAdmin:clients.ratings.couldNotLoad')}
          error={summary.error}
          onRetry={() => void summary.refetch()}
        />
      ) : (
        <Card
          withBorder
          padding="md"
          component="section"
          aria-labelledby="ratings-summary"
          data-testid="ratings-summary"
        >
          <Title order={2} size="h4" id="ratings-summary" mb="xs">
            {t('staffAdmin:clients.ratings.summary')}
          </Title>
          <Text size="sm" data-testid="ratings-total">
            {t('staffAdmin:clients.ratings.totals', {
              good: summary.data.total.good,
              bad: summary.data.total.bad,
              percent: percent(summary.data.total.percentGood),
            })}
          </Text>
          {summary.data.technicians.length > 0 ? (
            <Table mt="sm" data-testid="ratings-technicians">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('staffAdmin:clients.ratings.technician')}</Table.Th>
                  <Table.Th>{t('staffAdmin:clients.ratings.good')}</Table.Th>
                  <Table.Th>{t('staffAdmin:clients.ratings.bad')}</Table.Th>
                  <Table.Th>{t('staffAdmin:clients.ratings.percentGood')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {summary.data.technicians.map((row) => (
                  <Table.Tr key={row.accountId ?? 'none'}>
                    <Table.Td dir="auto">{row.name ?? t('staffAdmin:clients.ratings.unassigned')}</Table.Td>
                    <Table.Td>{format.number(row.good)}</Table.Td>
                    <Table.Td>{format.number(row.bad)}</Table.Td>
                    <Table.Td>{percent(row.percentGood)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </Card>
      )}
      <Stack gap="xs" component="section" aria-labelledby="ratings-recent">
        <Title order={2} size="h4" id="ratings-recent">
          {t('staffAdmin:clients.ratings.recent')}
        </Title>
        {list.isPending ? null : list.isError ? (
          <ErrorState
            title={t('staffAdmin:clients.ratings.couldNotLoad')}
            error={list.error}
            onRetry={() => void list.refetch()}
          />
        ) : list.data.items.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="ratings-empty">
            {t('staffAdmin:clients.ratings.empty')}
          </Text>
        ) : (
          <>
            {list.data.items.map((r) => (
              <Card key={r.id} withBorder padding="sm" data-testid="rating-item">
                <Group gap="xs" wrap="wrap">
                  <Badge
                    color={r.rating === 'good' ? 'green' : 'red'}
                    variant="light"
                    styles={{ label: { textTransform: 'none' } }}
                  >
                    {r.rating === 'good'
                      ? t('staffAdmin:clients.ratings.good')
                      : t('staffAdmin:clients.ratings.bad')}
                  </Badge>
                  <Link to={`/staff/tickets/${r.ticketId}`}>
                    {r.ticketNumber} <span dir="auto">{r.ticketSubject}</span>
                  </Link>
                  <Text size="sm" c="dimmed">
                    <time dateTime={r.ratedAt}>{format.dateTime(r.ratedAt)}</time>
                  </Text>
                </Group>
                {r.comment ? (
                  <Text
                    size="sm"
                    mt={4}
                    dir="auto"
                    style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                  >
                    {r.comment}
                  </Text>
                ) : null}
              </Card>
            ))}
            <Pager
              label={t('staffAdmin:clients.ratings.pages')}
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={list.data.nextCursor}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </Stack>
    </Stack>
  );
}
