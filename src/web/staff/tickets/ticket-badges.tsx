import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ticketPriorityKeys, ticketStatusKeys } from '../../../shared/i18n/labels.ts';
import type { TicketPriority, TicketStatus } from '../../../shared/schemas/tickets.ts';
import { priorityColors } from '../../ui/ticket-format.ts';
import { statusColors } from './ticket-format.ts';

// Whole words, never cut to "OP…" by a narrow column; in the same case as the SLA badge beside them.
const noShrink = { flexShrink: 0, minWidth: 'max-content' } as const;
const plainCase = { label: { textTransform: 'none' as const } };

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant="light" style={noShrink} styles={plainCase}>
      {t(ticketStatusKeys[status])}
    </Badge>
  );
}

/** Priority in words; High and Critical are filled so they stand out by shape as well as colour. */
export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation();
  const strong = priority === 'high' || priority === 'critical';
  return (
    <Badge
      color={priorityColors[priority]}
      variant={strong ? 'filled' : 'outline'}
      style={noShrink}
      styles={plainCase}
    >
      {t(ticketPriorityKeys[priority])}
    </Badge>
  );
}
