import { Anchor, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { openStatuses } from '../../../shared/schemas/tickets.ts';
import { errorMessage } from '../../api/client.ts';
import { useLiveEvents } from '../../api/live.ts';
import { SlaBadge, useNow } from '../../ui/sla/index.ts';
import { useTicketAccess, useTicketList } from './api.ts';
import { StatusBadge, When } from './ticket-bits.tsx';

/** Open tickets are counted up to this many ("100 or more" beyond). */
const COUNT_LIMIT = 100;

/** The home page's tickets summary: how many are open, the latest few, and a New ticket button. */
export function TicketsCard() {
  const access = useTicketAccess();
  const visible = Boolean(access?.enabled && (access.viewOwn || access.create));
  if (!access || !visible) return null;
  return <TicketsSummary canView={access.viewOwn} canCreate={access.create} />;
}

function TicketsSummary({ canView, canCreate }: { canView: boolean; canCreate: boolean }) {
  const { t } = useTranslation();
  useLiveEvents();
  const now = useNow(30_000);
  const open = useTicketList(
    { scope: 'mine', status: [...openStatuses], sort: 'updated-desc', limit: COUNT_LIMIT },
    canView,
  );
  const recent = useTicketList({ scope: 'mine', sort: 'updated-desc', limit: 4 }, canView);

  const count = open.data ? open.data.items.length : null;
  const countWords =
    count === null
      ? null
      : open.data?.nextCursor
        ? t('portalApp:card.openMany', { count: COUNT_LIMIT })
        : t('portalApp:card.open', { count });

  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-labelledby="home-tickets"
      data-testid="home-tickets"
    >
      <Group justify="space-between" align="flex-start" mb="xs" gap="sm">
        <Title order={2} size="h3" id="home-tickets">
          {t('portalApp:nav.tickets')}
        </Title>
        {canCreate ? (
          <Button component={Link} to="/portal/tickets/new" size="xs" data-testid="home-new-ticket">
            {t('portalApp:tickets.new')}
          </Button>
        ) : null}
      </Group>
      {!canView ? (
        <Text size="sm">{t('portalApp:card.raiseHint')}</Text>
      ) : open.isError || recent.isError ? (
        <Stack gap="xs" align="flex-start">
          <Text size="sm" c="red">
            {t('portalApp:card.couldNotLoad', { error: errorMessage(open.error ?? recent.error) })}
          </Text>
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              void open.refetch();
              void recent.refetch();
            }}
          >
            {t('ui:state.retry')}
          </Button>
        </Stack>
      ) : open.isPending || recent.isPending ? (
        <Stack gap="xs" aria-busy="true">
          <Skeleton height={16} width="60%" />
          <Skeleton height={36} />
          <Skeleton height={36} />
        </Stack>
      ) : (
        <Stack gap="sm">
          <Text size="sm" data-testid="home-open-count">
            {countWords}
          </Text>
          {recent.data.items.length > 0 ? (
            <Stack
              gap={0}
              component="ul"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
              aria-label={t('portalApp:card.recent')}
            >
              {recent.data.items.map((ticket) => (
                <li
                  key={ticket.id}
                  style={{ borderTop: '1px solid var(--mantine-color-default-border)', padding: '8px 0' }}
                >
                  <Anchor
                    component={Link}
                    to={`/portal/tickets/${ticket.id}`}
                    fw={600}
                    size="sm"
                    style={{ overflowWrap: 'anywhere' }}
                  >
                    {ticket.number} <span dir="auto">{ticket.subject}</span>
                  </Anchor>
                  <Group gap={6} mt={4} wrap="wrap">
                    <StatusBadge status={ticket.status} />
                    <SlaBadge summary={ticket.sla} />
                    <Text size="xs" c="dimmed">
                      {t('portalApp:card.updated')} <When iso={ticket.updatedAt} now={now} />
                    </Text>
                  </Group>
                </li>
              ))}
            </Stack>
          ) : null}
          <Anchor component={Link} to="/portal/tickets" size="sm">
            {t('portalApp:card.seeAll')}
          </Anchor>
        </Stack>
      )}
    </Card>
  );
}
