import { Alert, Anchor, Breadcrumbs, Grid, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { ApiError } from '../../api/client.ts';
import { useLiveEvents } from '../../api/live.ts';
import { usePageTitle } from '../../ui/document-title.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { useTicket } from './api/tickets.ts';
import { Composer } from './composer.tsx';
import { Conversation } from './conversation.tsx';
import { parseTicketNumber } from './ticket-format.ts';
import { TicketHeader } from './ticket-header.tsx';
import { TicketOverage } from './ticket-overage.tsx';
import { TicketFacts, TicketFields } from './ticket-side-panel.tsx';
import { TicketTimeCard } from './ticket-time.tsx';

export function TicketPage() {
  const { t } = useTranslation();
  const params = useParams();
  const ticketId = parseTicketNumber(params.ticketId ?? '') ?? 0;
  const ticket = useTicket(ticketId);
  useLiveEvents();

  if (ticketId === 0 || (ticket.isError && ticket.error instanceof ApiError && ticket.error.status === 404)) {
    return <TicketNotFound />;
  }
  if (ticket.isPending) return <PageLoader label={t('staffApp:tickets.page.loading')} />;
  if (!ticket.data) {
    return (
      <ErrorState
        title={t('staffApp:tickets.page.loadError')}
        error={ticket.error}
        onRetry={() => void ticket.refetch()}
      />
    );
  }
  // Rendered from the last answer while refetching (live updates), so nothing below is remounted and the
  // draft in the composer stays as it is.
  return <TicketView key={ticket.data.id} ticket={ticket.data} stale={ticket.isError} />;
}

function TicketNotFound() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" maw={560} data-testid="ticket-not-found">
      <Title order={1}>{t('staffApp:tickets.notFound.title')}</Title>
      <Text>{t('staffApp:tickets.notFound.text')}</Text>
      <Anchor component={Link} to="/staff/tickets">
        {t('staffApp:tickets.notFound.back')}
      </Anchor>
    </Stack>
  );
}

function TicketView({ ticket, stale }: { ticket: TicketDetail; stale: boolean }) {
  const { t } = useTranslation();
  usePageTitle(`${ticket.number} ${ticket.subject}`);
  // Side column from Mantine's md breakpoint; on phones the facts and watchers follow the conversation.
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  return (
    <Stack gap="md">
      <Breadcrumbs separator="›">
        <Anchor component={Link} to="/staff/tickets" size="sm">
          {t('staffApp:nav.tickets')}
        </Anchor>
        <Text size="sm">{ticket.number}</Text>
      </Breadcrumbs>
      <TicketHeader ticket={ticket} />
      {stale ? (
        <Alert color="orange" role="alert" title={t('staffApp:tickets.page.staleTitle')}>
          {t('staffApp:tickets.page.staleText')}
        </Alert>
      ) : null}
      {ticket.mergedIntoId !== null ? (
        <Alert color="gray" title={t('staffApp:tickets.page.mergedTitle')} data-testid="merged-notice">
          {t('staffApp:tickets.page.mergedText')}{' '}
          <Anchor component={Link} to={`/staff/tickets/${ticket.mergedIntoId}`}>
            {t('staffApp:tickets.page.mergedLink', { id: ticket.mergedIntoId })}
          </Anchor>
        </Alert>
      ) : null}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="lg">
            <TicketOverage ticket={ticket} />
            <Conversation ticket={ticket} />
            <Composer ticket={ticket} />
            {wide ? null : <TicketFacts ticket={ticket} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Stack gap="md" component="aside" aria-label={t('staffApp:tickets.page.details')}>
            <TicketFields ticket={ticket} />
            <TicketTimeCard ticket={ticket} />
            {wide ? <TicketFacts ticket={ticket} /> : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
