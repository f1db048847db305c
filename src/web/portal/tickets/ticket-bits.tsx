import { Alert, Badge, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketPriority, TicketStatus } from '../../../shared/schemas/tickets.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
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
  useTranslation();
  const format = useFormat();
  const exact = format.dateTime(iso);
  const relative = relativeTime(iso, now);
  return (
    <time dateTime={iso} title={exact}>
      {relative ?? exact}
    </time>
  );
}

/** Why the page is not shown: tickets switched off, or no permission for it. */
export function TicketsUnavailable({ access, need }: { access: TicketAccess; need: 'view' | 'create' }) {
  const { t } = useTranslation();
  if (!access.enabled) {
    return (
      <Alert color="gray" title={t('portalApp:unavailable.off')} data-testid="tickets-unavailable">
        {t('portalApp:unavailable.offBody')}
      </Alert>
    );
  }
  if (need === 'create' && access.preview) {
    return (
      <Alert color="gray" title={t('portalApp:unavailable.preview')} data-testid="tickets-unavailable">
        {t('portalApp:unavailable.previewBody')}
      </Alert>
    );
  }
  return (
    <Alert
      color="gray"
      title={
        need === 'create' ? t('portalApp:unavailable.cannotRaise') : t('portalApp:unavailable.cannotSee')
      }
      data-testid="tickets-unavailable"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {need === 'create'
            ? t('portalApp:unavailable.cannotRaiseBody', { company: access.companyName })
            : t('portalApp:unavailable.cannotSeeBody', { company: access.companyName })}
        </Text>
        {need === 'create' && access.viewOwn ? (
          <Button component={Link} to="/portal/tickets" variant="default" size="xs">
            {t('portalApp:unavailable.back')}
          </Button>
        ) : null}
        {need === 'view' && access.create ? (
          <Button component={Link} to="/portal/tickets/new" size="xs">
            {t('portalApp:tickets.new')}
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}
