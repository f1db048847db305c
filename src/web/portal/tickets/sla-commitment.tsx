import { List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { expectationWords } from '../../../shared/format/sla-words.ts';
import type { SlaHistoryEntry, TicketDetail } from '../../../shared/schemas/tickets.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { statusWords } from './format.ts';

const MINUTE = 60_000;

/**
 * Why a paused clock waits, in the reader's zone and language: "Waiting on you since 10:42" (today), or
 * with the date when it began another day. Null when the clock is not paused.
 */
export function usePausedLabel(t: TicketDetail, now: number): string | undefined {
  const { t: tr } = useTranslation();
  const format = useFormat();
  const since = t.sla?.resolution.pausedSince ?? t.sla?.response.pausedSince ?? null;
  if (!since) return undefined;
  const sameDay = format.date(since) === format.date(new Date(now).toISOString());
  const when = sameDay ? format.time(since) : format.dateTime(since);
  return t.status === 'waiting-on-client'
    ? tr('portalApp:sla.waitingOnYouSince', { when })
    : tr('portalApp:sla.pausedSince', { when, status: statusWords(t.status) });
}

/** Which contract and commitment the ticket runs under: the contract, its targets in words, its hours. */
export function SlaCommitment({ ticket: t }: { ticket: TicketDetail }) {
  const { t: tr } = useTranslation();
  if (!t.sla) return null;
  const targets = expectationWords(
    Math.round(t.sla.response.targetMs / MINUTE),
    Math.round(t.sla.resolution.targetMs / MINUTE),
    t.sla.calendar.alwaysOpen,
    tr,
  );
  return (
    <Stack gap={2} mt="sm" data-testid="sla-commitment">
      <Text size="sm">
        {t.contract ? (
          <>
            {tr('portalApp:sla.runsUnder')} <strong dir="auto">{t.contract.name}</strong>
          </>
        ) : (
          tr('portalApp:sla.standardTerms')
        )}
      </Text>
      <Text size="sm" data-testid="sla-targets">
        {targets}
      </Text>
      <Text size="sm" c="dimmed">
        {tr('portalApp:sla.coverage', {
          hours: t.sla.calendar.alwaysOpen ? tr('ui:sla.aroundTheClock') : t.sla.calendarName,
        })}
      </Text>
    </Stack>
  );
}

const historyKeys: Record<SlaHistoryEntry['kind'], string> = {
  paused: 'portalApp:sla.history.paused',
  resumed: 'portalApp:sla.history.resumed',
  'response-met': 'portalApp:sla.history.responseMet',
  'response-breached': 'portalApp:sla.history.responseBreached',
  'resolution-met': 'portalApp:sla.history.resolutionMet',
  'resolution-breached': 'portalApp:sla.history.resolutionBreached',
};

/** The SLA clocks' history: pauses and resumptions with who and when, targets met or missed. */
export function SlaHistory({ ticket: t }: { ticket: TicketDetail }) {
  const { t: tr } = useTranslation();
  const format = useFormat();
  if (!t.sla) return null;
  return (
    <Stack gap={4} mt="md">
      <Text size="sm" fw={600} id="sla-history-title">
        {tr('portalApp:sla.history.title')}
      </Text>
      {t.slaHistory.length === 0 ? (
        <Text size="sm" c="dimmed">
          {tr('portalApp:sla.history.empty')}
        </Text>
      ) : (
        <List size="sm" spacing={4} aria-labelledby="sla-history-title" data-testid="sla-history">
          {t.slaHistory.map((e) => (
            <List.Item key={`${e.kind}-${e.at}`} data-kind={e.kind}>
              <Text span size="sm" c="dimmed">
                <time dateTime={e.at}>{format.dateTime(e.at)}</time>
              </Text>{' '}
              {tr(historyKeys[e.kind], { status: e.status ? statusWords(e.status) : '' })}
              {e.by ? (
                <>
                  {' '}
                  <span dir="auto">{tr('portalApp:sla.history.by', { name: e.by })}</span>
                </>
              ) : null}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
