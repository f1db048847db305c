import { List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { expectationWords } from '../../../shared/format/sla-words.ts';
import { ticketStatusKeys } from '../../../shared/i18n/labels.ts';
import type { SlaHistoryEntry, TicketDetail } from '../../../shared/schemas/tickets.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';

const MINUTE = 60_000;

const historyKeys: Record<SlaHistoryEntry['kind'], `staffApp:${string}`> = {
  paused: 'staffApp:tickets.sla.history.paused',
  resumed: 'staffApp:tickets.sla.history.resumed',
  'response-met': 'staffApp:tickets.sla.history.responseMet',
  'response-breached': 'staffApp:tickets.sla.history.responseBreached',
  'resolution-met': 'staffApp:tickets.sla.history.resolutionMet',
  'resolution-breached': 'staffApp:tickets.sla.history.resolutionBreached',
};

/**
 * What the staff ticket page says under the SLA timers (issue 14, point 3), from the same ticket response
 * the portal reads: the policy and its targets, the hours that count, why the clock is paused and for how
 * long in all (the portal shows the reason, not the policy's name or the paused total), and the clocks'
 * history with who and when.
 */
export function SlaDetails({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const sla = ticket.sla;
  if (!sla) return null;
  const targets = expectationWords(
    Math.round(sla.response.targetMs / MINUTE),
    Math.round(sla.resolution.targetMs / MINUTE),
    sla.calendar.alwaysOpen,
    t,
  );
  const pausedSince = sla.resolution.pausedSince ?? sla.response.pausedSince;
  const pausedMs = Math.max(sla.resolution.pausedMs, sla.response.pausedMs);
  return (
    <Stack gap={4} mt="sm" data-testid="sla-details">
      {ticket.contract ? null : (
        <Text size="sm" data-testid="sla-standard-terms">
          {t('staffApp:tickets.sla.standardTerms')}
        </Text>
      )}
      <Text size="sm" data-testid="sla-policy">
        {t('staffApp:tickets.sla.policy')} <strong dir="auto">{sla.policyName}</strong>
      </Text>
      <Text size="sm" data-testid="sla-targets">
        {targets}
      </Text>
      <Text size="sm" c="dimmed">
        {t('staffApp:tickets.sla.coverage')}{' '}
        <span dir="auto">{sla.calendar.alwaysOpen ? t('ui:sla.aroundTheClock') : sla.calendarName}</span>
      </Text>
      {pausedSince ? (
        <Text size="sm" fw={600} data-testid="sla-paused-reason">
          {ticket.status === 'waiting-on-client'
            ? t('staffApp:tickets.sla.waitingOnClientSince')
            : t('staffApp:tickets.sla.pausedSince', { status: t(ticketStatusKeys[ticket.status]) })}{' '}
          <time dateTime={pausedSince}>{format.dateTime(pausedSince)}</time>
        </Text>
      ) : null}
      {pausedMs > 0 ? (
        <Text size="sm" c="dimmed" data-testid="sla-paused-total">
          {t('staffApp:tickets.sla.pausedTotal')}{' '}
          <time dateTime={`PT${Math.round(pausedMs / 1000)}S`}>{format.duration(pausedMs)}</time>
        </Text>
      ) : null}
      <Text size="sm" fw={600} mt="xs" id="staff-sla-history-title">
        {t('staffApp:tickets.sla.history.title')}
      </Text>
      {ticket.slaHistory.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('staffApp:tickets.sla.history.empty')}
        </Text>
      ) : (
        <List size="sm" spacing={4} aria-labelledby="staff-sla-history-title" data-testid="sla-history">
          {ticket.slaHistory.map((e) => (
            <List.Item key={`${e.kind}-${e.at}`} data-kind={e.kind}>
              <Text span size="sm" c="dimmed">
                <time dateTime={e.at}>{format.dateTime(e.at)}</time>
              </Text>{' '}
              {t(historyKeys[e.kind], { status: e.status ? t(ticketStatusKeys[e.status]) : '' })}
              {e.by ? (
                <>
                  {' '}
                  <span dir="auto">{t('staffApp:tickets.sla.history.by', { name: e.by })}</span>
                </>
              ) : null}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
