import { Badge, Box, Group, Paper, SimpleGrid, Stack, Text, VisuallyHidden } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaSummary, TicketSla } from '../../../shared/schemas/tickets.ts';
import { useFormat } from '../i18n/use-format.ts';
import {
  type ClockName,
  clockNames,
  clockSentence,
  clockWords,
  type LiveClockState,
  liveClocks,
  liveStateColors,
  liveStateLabels,
  type SummaryTone,
  stateChanges,
  summaryWords,
} from './sla-live.ts';

/** The current time, refreshed every `intervalMs` while `enabled`. */
export function useNow(intervalMs: number, enabled = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs, enabled]);
  return now;
}

/** A small shape per state, so the state never rests on colour alone (the word is always next to it). */
export function SlaStateIcon({ tone, size = 14 }: { tone: SummaryTone; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      style={{ flexShrink: 0 }}
    >
      {iconShapes[tone]}
    </svg>
  );
}

const iconShapes: Record<SummaryTone, ReactNode> = {
  // A clock face.
  'on-track': (
    <>
      <circle cx="8" cy="8" r="6.2" />
      <path d="M8 4.5V8l2.5 1.5" />
    </>
  ),
  // A warning triangle.
  'at-risk': (
    <>
      <path d="M8 1.8 14.8 14H1.2Z" />
      <path d="M8 6.2v3.6M8 11.6v.4" />
    </>
  ),
  // A cross in a circle.
  breached: (
    <>
      <circle cx="8" cy="8" r="6.2" />
      <path d="m5.6 5.6 4.8 4.8M10.4 5.6l-4.8 4.8" />
    </>
  ),
  paused: (
    <>
      <rect x="3.5" y="2.5" width="3" height="11" rx="1" fill="currentColor" stroke="none" />
      <rect x="9.5" y="2.5" width="3" height="11" rx="1" fill="currentColor" stroke="none" />
    </>
  ),
  met: <path d="m2.8 8.4 3.4 3.4 7-7.4" strokeWidth="2" />,
  none: <path d="M3.5 8h9" />,
};

function StateBadge({ state }: { state: LiveClockState }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={liveStateColors[state]}
      variant={state === 'breached' ? 'filled' : 'light'}
      leftSection={<SlaStateIcon tone={state} size={12} />}
      styles={{ label: { textTransform: 'none' } }}
    >
      {t(liveStateLabels[state])}
    </Badge>
  );
}

/**
 * Both SLA clocks of a ticket, live: each second the business time since `sla.asOf` is counted on the
 * policy's calendar (closed hours and holidays do not count). States show as a word, an icon and a
 * colour. Each clock is a `role="timer"` (not announced as it ticks); a polite live region says only when
 * a clock changes state ("Response is now at risk").
 *
 * `pausedLabel` says why a paused clock waits, e.g. "Paused (waiting on you)" in the portal.
 */
export function SlaTimers({
  sla,
  pausedLabel,
  contractName,
}: {
  sla: TicketSla | null;
  pausedLabel?: string;
  /** The client's contract the ticket runs under (its policy came from it). */
  contractName?: string | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const ticking =
    sla !== null &&
    [sla.response, sla.resolution].some(
      (c) => c.state === 'running' || (c.state === 'breached' && c.stoppedAt === null),
    );
  const now = useNow(1000, ticking);
  const live = sla ? liveClocks(sla, Math.max(now, Date.parse(sla.asOf))) : null;

  const [announcement, setAnnouncement] = useState('');
  const seen = useRef<Record<ClockName, LiveClockState> | null>(null);
  const responseState = live?.response.state;
  const resolutionState = live?.resolution.state;
  useEffect(() => {
    if (!responseState || !resolutionState) return;
    const next = { response: responseState, resolution: resolutionState };
    const changes = stateChanges(seen.current, next, t);
    seen.current = next;
    if (changes.length > 0) setAnnouncement(changes.join(' '));
  }, [responseState, resolutionState, t]);

  if (!sla || !live) {
    return (
      <Text size="sm" c="dimmed" data-testid="sla-none">
        {t('ui:sla.noneApplies')}
      </Text>
    );
  }

  return (
    <Box data-testid="sla-timers">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        {(['response', 'resolution'] as const).map((name) => {
          const clock = sla[name];
          const state = live[name];
          const words = clockWords(state, t, pausedLabel);
          const dueAt = clock.state === 'met' ? clock.stoppedAt : clock.dueAt;
          return (
            <Paper
              key={name}
              withBorder
              p="sm"
              radius="md"
              role="timer"
              aria-live="off"
              aria-label={clockSentence(name, words, t)}
              data-testid={`sla-${name}`}
              data-state={state.state}
              style={{
                borderInlineStart: `4px solid var(--mantine-color-${liveStateColors[state.state]}-filled)`,
              }}
            >
              <Stack gap={4} aria-hidden="true">
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Text size="sm" fw={600}>
                    {t(clockNames[name])}
                  </Text>
                  <StateBadge state={state.state} />
                </Group>
                <Text size="md" fw={600} data-testid={`sla-${name}-words`}>
                  {words}
                </Text>
                {dueAt ? (
                  <Text size="xs" c="dimmed">
                    {clock.state === 'met'
                      ? t('ui:sla.metAt', { when: format.dateTime(dueAt) })
                      : state.state === 'breached'
                        ? t('ui:sla.wasDue', { when: format.dateTime(dueAt) })
                        : t('ui:sla.due', { when: format.dateTime(dueAt) })}
                  </Text>
                ) : null}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt={6}>
        <span dir="auto">{sla.policyName}</span>
        {' · '}
        {sla.calendar.alwaysOpen ? t('ui:sla.aroundTheClock') : t('ui:sla.businessHours')}
        {contractName ? (
          <>
            {' · '}
            <span data-testid="sla-contract">
              {t('ui:sla.underContract')} <span dir="auto">{contractName}</span>
            </span>
          </>
        ) : null}
      </Text>
      <VisuallyHidden aria-live="polite" aria-atomic="true" data-testid="sla-announcement">
        {announcement}
      </VisuallyHidden>
    </Box>
  );
}

/** The SLA state of a list row: an icon, a word (with the clock it is about) and a colour. */
export function SlaBadge({ summary }: { summary: SlaSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { tone, label } = summaryWords(summary, t);
  const color = tone === 'none' ? 'gray' : liveStateColors[tone];
  const title =
    summary.dueAt && (tone === 'on-track' || tone === 'at-risk' || tone === 'breached')
      ? t(tone === 'breached' ? 'ui:sla.wasDue' : 'ui:sla.due', { when: format.dateTime(summary.dueAt) })
      : undefined;
  return (
    <Badge
      color={color}
      variant={tone === 'breached' ? 'filled' : tone === 'none' ? 'outline' : 'light'}
      leftSection={<SlaStateIcon tone={tone} size={12} />}
      title={title}
      styles={{ label: { textTransform: 'none' } }}
      data-testid="sla-badge"
      data-state={tone}
    >
      {label}
    </Badge>
  );
}
