import './queue-counts.css';
import { Card, SimpleGrid, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketQueueView } from '../../../shared/schemas/tickets.ts';
import { useLiveEvents } from '../../api/live.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { useQueueCount } from './api/tickets.ts';
import { queueViewKeys } from './labels.ts';
import { defaultQueueState, queueSearchString } from './queue-filters.ts';
import { countLabel } from './ticket-format.ts';

const queues: { view: TicketQueueView; hint: `staffApp:${string}` }[] = [
  { view: 'unassigned', hint: 'staffApp:tickets.counts.hint.unassigned' },
  { view: 'mine', hint: 'staffApp:tickets.counts.hint.mine' },
  { view: 'breaching-soon', hint: 'staffApp:tickets.counts.hint.breachingSoon' },
  { view: 'waiting-on-client', hint: 'staffApp:tickets.counts.hint.waitingOnClient' },
];

/** The four queues a technician looks at first, with live counts; each opens the queue. */
export function QueueCounts() {
  const { t } = useTranslation();
  useLiveEvents();
  return (
    <section aria-labelledby="queues-heading">
      <Title order={2} size="h3" id="queues-heading" mb="sm">
        {t('staffApp:tickets.counts.title')}
      </Title>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing={{ base: 'xs', sm: 'md' }}>
        {queues.map((q) => (
          <QueueCard key={q.view} view={q.view} hint={q.hint} />
        ))}
      </SimpleGrid>
    </section>
  );
}

function QueueCard({ view, hint }: { view: TicketQueueView; hint: `staffApp:${string}` }) {
  const { t } = useTranslation();
  const format = useFormat();
  const count = useQueueCount(view, true);
  const label = t(queueViewKeys[view]);
  const value = count.isPending
    ? '…'
    : count.isError
      ? '?'
      : countLabel(count.data.count, count.data.more, format.number);
  // The link is named by what it shows (WCAG 2.5.3, label in name); the unit is for screen readers only.
  const unit = count.isPending
    ? t('staffApp:tickets.counts.unit.loading')
    : count.isError
      ? t('staffApp:tickets.counts.unit.unavailable')
      : t('staffApp:tickets.counts.unit.tickets', {
          count: count.data.more ? count.data.count + 1 : count.data.count,
        });
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
          {count.isError ? t('staffApp:tickets.counts.error') : t(hint)}
        </Text>
        <Text
          size="xs"
          fw={600}
          c="var(--mantine-color-anchor)"
          mt={6}
          className="portico-queue-card-more"
          aria-hidden="true"
        >
          {t('staffApp:tickets.counts.open')} ›
        </Text>
      </Card>
    </UnstyledButton>
  );
}
