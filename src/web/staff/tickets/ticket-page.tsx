import { Alert, Anchor, Breadcrumbs, Grid, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { ApiError } from '../../api/client.ts';
import { useLiveEvents } from '../../api/live.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { useTicket } from './api/tickets.ts';
import { Composer } from './composer.tsx';
import { Conversation } from './conversation.tsx';
import { parseTicketNumber } from './ticket-format.ts';
import { TicketHeader } from './ticket-header.tsx';
import { TicketFacts, TicketFields } from './ticket-side-panel.tsx';

export function TicketPage() {
  const params = useParams();
  const ticketId = parseTicketNumber(params.ticketId ?? '') ?? 0;
  const ticket = useTicket(ticketId);
  useLiveEvents();

  if (ticketId === 0 || (ticket.isError && ticket.error instanceof ApiError && ticket.error.status === 404)) {
    return <TicketNotFound />;
  }
  if (ticket.isPending) return <PageLoader label="Loading the ticket" />;
  if (!ticket.data) {
    return (
      <ErrorState
        title="Could not load the ticket"
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
  return (
    <Stack gap="sm" maw={560} data-testid="ticket-not-found">
      <Title order={1}>Ticket not found</Title>
      <Text>There is no ticket at this address. It may have been mistyped, or the link may be wrong.</Text>
      <Anchor component={Link} to="/staff/tickets">
        Go to the ticket queue
      </Anchor>
    </Stack>
  );
}

function TicketView({ ticket, stale }: { ticket: TicketDetail; stale: boolean }) {
  // Side column from Mantine's md breakpoint; on phones the facts and watchers follow the conversation.
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  return (
    <Stack gap="md">
      <Breadcrumbs separator="›">
        <Anchor component={Link} to="/staff/tickets" size="sm">
          Tickets
        </Anchor>
        <Text size="sm">{ticket.number}</Text>
      </Breadcrumbs>
      <TicketHeader ticket={ticket} />
      {stale ? (
        <Alert color="orange" role="alert" title="This page may be out of date">
          The latest version of the ticket could not be loaded. It will refresh once the connection is back.
        </Alert>
      ) : null}
      {ticket.mergedIntoId !== null ? (
        <Alert color="gray" title="Merged" data-testid="merged-notice">
          This ticket was merged into{' '}
          <Anchor component={Link} to={`/staff/tickets/${ticket.mergedIntoId}`}>
            #{ticket.mergedIntoId}
          </Anchor>
          . Carry on the conversation there.
        </Alert>
      ) : null}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="lg">
            <Conversation ticket={ticket} />
            <Composer ticket={ticket} />
            {wide ? null : <TicketFacts ticket={ticket} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Stack gap="md" component="aside" aria-label="Ticket details">
            <TicketFields ticket={ticket} />
            {wide ? <TicketFacts ticket={ticket} /> : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
