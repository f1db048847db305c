import { Alert, Badge, Button, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { TicketPriority, TicketStatus } from '../../../shared/schemas/tickets.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { formatDateTime } from '../../ui/format-date.ts';
import { priorityColors } from '../../ui/ticket-format.ts';
import type { TicketAccess } from './api.ts';
import { priorityWords, relativeTime, statusColors, statusWords } from './format.ts';

export function StatusBadge({ status }: { status: TicketStatus }) {
  return (
    <Badge
      color={statusColors[status]}
      variant={status === 'closed' ? 'outline' : 'light'}
      styles={{ label: { textTransform: 'none' } }}
      data-testid="ticket-status"
    >
      {statusWords(status)}
    </Badge>
  );
}

/** Priority in words; "High" and "Critical" get a stronger look as well as their colour. */
export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return (
    <Badge
      color={priorityColors[priority]}
      variant={priority === 'critical' ? 'filled' : priority === 'high' ? 'light' : 'outline'}
      styles={{ label: { textTransform: 'none' } }}
      data-testid="ticket-priority"
    >
      {priorityWords(priority)}
    </Badge>
  );
}

/** "5 min ago", with the exact date and time on hover and for assistive technology. */
export function When({ iso, now }: { iso: string; now: number }) {
  const branding = useBrandingContext();
  const exact = formatDateTime(iso, branding);
  const relative = relativeTime(iso, now);
  return (
    <time dateTime={iso} title={exact}>
      {relative ?? exact}
    </time>
  );
}

/** Why the page is not shown: tickets switched off, or no permission for it. */
export function TicketsUnavailable({ access, need }: { access: TicketAccess; need: 'view' | 'create' }) {
  if (!access.enabled) {
    return (
      <Alert color="gray" title="Tickets are not available" data-testid="tickets-unavailable">
        Your provider has not switched on tickets in this portal.
      </Alert>
    );
  }
  if (need === 'create' && access.preview) {
    return (
      <Alert color="gray" title="This is a preview" data-testid="tickets-unavailable">
        You are seeing the portal as this contact sees it. A preview cannot change anything, so raising
        tickets is switched off.
      </Alert>
    );
  }
  return (
    <Alert
      color="gray"
      title={need === 'create' ? 'You cannot raise tickets' : 'You cannot see tickets'}
      data-testid="tickets-unavailable"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {need === 'create'
            ? `Your access does not include raising tickets. Ask a colleague who manages contacts at ${access.companyName}, or your provider, if you need it.`
            : `Your access does not include seeing tickets. Ask a colleague who manages contacts at ${access.companyName}, or your provider, if you need it.`}
        </Text>
        {need === 'create' && access.viewOwn ? (
          <Button component={Link} to="/portal/tickets" variant="default" size="xs">
            Back to tickets
          </Button>
        ) : null}
        {need === 'view' && access.create ? (
          <Button component={Link} to="/portal/tickets/new" size="xs">
            New ticket
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}
