import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { endOfDay, startOfDay } from '../../../shared/format/zoned-day.ts';
import { ticketStatusKeys } from '../../../shared/i18n/labels.ts';
import type { ActivityItem } from '../../../shared/schemas/reports.ts';
import type { TicketStatus } from '../../../shared/schemas/tickets.ts';
import { type ActivityRange, fetchActivity, type ReportScope, reportKeys } from '../../api/reports.ts';
import { type BoundFormat, useFormat } from '../i18n/use-format.ts';
import { ErrorState, PageLoader } from '../states.tsx';

const PAGE_SIZE = 25;
const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The days typed, as the API's instants in the viewer's zone (`to` is the last day included). */
export function activityRange(from: string, to: string, timeZone: string): ActivityRange {
  return {
    from: isDay(from) ? startOfDay(from, timeZone).toISOString() : undefined,
    to: isDay(to) ? endOfDay(to, timeZone).toISOString() : undefined,
  };
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** What happened, in words (the same words as the PDF and CSV of the activity report). */
function activityWhat(item: ActivityItem, t: Translate, format: BoundFormat): string {
  switch (item.kind) {
    case 'created':
      return t('common:report.activity.created');
    case 'replied':
      return item.internal ? t('common:report.activity.internal') : t('common:report.activity.replied');
    case 'resolved':
      return t('common:report.activity.resolved');
    case 'status': {
      const key = ticketStatusKeys[item.status as TicketStatus];
      return t('common:report.activity.status', { status: key ? t(key) : (item.status ?? '') });
    }
    case 'time':
      return t('common:report.activity.time', { duration: format.duration((item.minutes ?? 0) * 60_000) });
    case 'rated':
      return t('common:report.activity.rated', {
        rating: item.rating === 'good' ? t('common:report.rating.good') : t('common:report.rating.bad'),
      });
  }
}

const kindColours: Record<ActivityItem['kind'], string> = {
  created: 'blue',
  replied: 'gray',
  status: 'violet',
  resolved: 'teal',
  time: 'orange',
  rated: 'pink',
};

/**
 * The activity history of a client's requests (issue 14, point 10), in both faces: newest first, a
 * date range in the viewer's time zone, "Load more" following the server's keyset cursor; each event
 * says what happened, on which request (a link to it), who did it and when.
 */
export function ActivityHistory({
  scope,
  ticketHref,
}: {
  scope: ReportScope;
  ticketHref: (id: number) => string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const backwards = isDay(from) && isDay(to) && from > to;
  const range = backwards ? {} : activityRange(from, to, format.locale.timeZone);
  const activity = useInfiniteQuery({
    queryKey: reportKeys.activity(scope, range),
    queryFn: ({ pageParam, signal }) =>
      fetchActivity(scope, range, { cursor: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: !backwards,
  });
  const items = activity.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      <Card withBorder padding="md" component="section" aria-label={t('ui:reports.activity.filters')}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <TextInput
            type="date"
            label={t('ui:reports.activity.from')}
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.currentTarget.value)}
            data-testid="activity-from"
          />
          <TextInput
            type="date"
            label={t('ui:reports.activity.to')}
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={backwards ? t('ui:reports.activity.backwards') : null}
            data-testid="activity-to"
          />
        </SimpleGrid>
        {from || to ? (
          <Group mt="sm">
            <Button
              variant="default"
              size="xs"
              onClick={() => {
                setFrom('');
                setTo('');
              }}
              data-testid="activity-clear"
            >
              {t('ui:reports.activity.clear')}
            </Button>
          </Group>
        ) : null}
      </Card>
      {backwards ? null : activity.isPending ? (
        <PageLoader label={t('ui:reports.activity.loading')} />
      ) : activity.isError && !activity.isFetchNextPageError ? (
        <ErrorState
          title={t('ui:reports.activity.couldNotLoad')}
          error={activity.error}
          onRetry={() => void activity.refetch()}
        />
      ) : items.length === 0 ? (
        <Card withBorder padding="lg" data-testid="activity-empty">
          <Text fw={600}>{t('ui:reports.activity.emptyTitle')}</Text>
          <Text size="sm" c="dimmed">
            {from || to ? t('ui:reports.activity.emptyRange') : t('ui:reports.activity.empty')}
          </Text>
        </Card>
      ) : (
        <Stack gap="sm">
          <Card withBorder padding={0} component="section" aria-label={t('common:report.activityTitle')}>
            <ol className="portico-activity" data-testid="activity-list" aria-busy={activity.isFetching}>
              {items.map((item) => (
                <li key={item.id} className="portico-activity-item" data-testid="activity-item">
                  <Group gap="xs" wrap="wrap" justify="space-between" align="flex-start">
                    <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
                      <Badge
                        variant="light"
                        color={kindColours[item.kind]}
                        styles={{ label: { textTransform: 'none' } }}
                        data-testid="activity-what"
                      >
                        {activityWhat(item, t, format)}
                      </Badge>
                      {item.internal ? (
                        <Text size="xs" c="dimmed">
                          {t('ui:reports.activity.staffOnly')}
                        </Text>
                      ) : null}
                    </Group>
                    <Text size="sm" c="dimmed">
                      <time dateTime={item.at}>{format.dateTime(item.at)}</time>
                    </Text>
                  </Group>
                  <Anchor
                    component={Link}
                    to={ticketHref(item.ticket.id)}
                    size="sm"
                    mt={4}
                    display="block"
                    style={{ overflowWrap: 'anywhere' }}
                    data-testid="activity-ticket"
                  >
                    {t('ui:reports.activity.ticket', { id: item.ticket.id })}{' '}
                    <span dir="auto">{item.ticket.subject}</span>
                  </Anchor>
                  <Text size="sm" c="dimmed" data-testid="activity-by">
                    {item.by ? (
                      <>
                        <span dir="auto">{item.by.name}</span>
                        {' · '}
                        {t(
                          item.by.kind === 'staff'
                            ? 'ui:reports.activity.byStaff'
                            : item.by.kind === 'contact'
                              ? 'ui:reports.activity.byContact'
                              : 'ui:reports.activity.bySystem',
                        )}
                      </>
                    ) : (
                      t('ui:reports.activity.byNobody')
                    )}
                  </Text>
                </li>
              ))}
            </ol>
          </Card>
          {activity.isFetchNextPageError ? (
            <ErrorState
              title={t('ui:reports.activity.couldNotLoadMore')}
              error={activity.error}
              onRetry={() => void activity.fetchNextPage()}
            />
          ) : null}
          {activity.hasNextPage ? (
            <Group justify="center">
              <Button
                variant="default"
                onClick={() => void activity.fetchNextPage()}
                loading={activity.isFetchingNextPage}
                data-testid="activity-more"
              >
                {t('ui:reports.activity.more')}
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed" ta="center" data-testid="activity-end">
              {t('ui:reports.activity.end', { count: items.length })}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
