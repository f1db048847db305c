import './queue-counts.css';
import { Card, SimpleGrid, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { type TicketQueueView, ticketQueueViewLabels } from '../../../shared/schemas/tickets.ts';
import { useLiveEvents } from '../../api/live.ts';
import { useQueueCount } from './api/tickets.ts';
import { defaultQueueState, queueSearchString } from './queue-filters.ts';
import { countLabel } from './ticket-format.ts';

const queues: { view: TicketQueueView; hint: string }[] = [
  { view: 'unassigned', hint: 'Open tickets nobody has taken yet' },
  { view: 'mine', hint: 'Open tickets assigned to you' },
  { view: 'breaching-soon', hint: 'Close to missing or past their SLA target' },
  { view: 'waiting-on-client', hint: 'Paused until the client answers' },
];

/** The four queues a technician looks at first, with live counts; each opens the queue. */
export function QueueCounts() {
  useLiveEvents();
  return (
    <section aria-labelledby="queues-heading">
      <Title order={2} size="h3" id="queues-heading" mb="sm">
        Ticket queues
      </Title>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing={{ base: 'xs', sm: 'md' }}>
        {queues.map((q) => (
          <QueueCard key={q.view} view={q.view} hint={q.hint} />
        ))}
      </SimpleGrid>
    </section>
  );
}

function QueueCard({ view, hint }: { view: TicketQueueView; hint: string }) {
  const count = useQueueCount(view, true);
  const label = ticketQueueViewLabels[view];
  const value = count.isPending ? '…' : count.isError ? '?' : countLabel(count.data.count, count.data.more);
  // The link is named by what it shows (WCAG 2.5.3, label in name); the unit is for screen readers only.
  const unit = count.isPending
    ? 'loading'
    : count.isError
      ? 'count not available'
      : count.data.count === 1 && !count.data.more
        ? 'ticket'
        : 'tickets';
  return (
    <UnstyledButton
      component={Link}
      to={`/staff/tickets${queueSearchString({ ...defaultQueueState, view })}`}
      data-testid={`queue-count-${view}`}
      className="portico-queue-card"
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
    >
      <Card withBorder padding="md" h="100%">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text fz={32} fw={700} lh={1.2}>
          <span data-testid={`queue-count-${view}-value`}>{value}</span>
          <VisuallyHidden> {unit}</VisuallyHidden>
        </Text>
        <Text size="xs" c={count.isError ? 'red' : 'dimmed'}>
          {count.isError ? 'Could not count these tickets' : hint}
        </Text>
        <Text
          size="xs"
          fw={600}
          c="var(--mantine-color-anchor)"
          mt={6}
          className="portico-queue-card-more"
          aria-hidden="true"
        >
          Open the queue ›
        </Text>
      </Card>
    </UnstyledButton>
  );
}
