/**
 * The live side of SLA timers (issue 4, item 6): pure helpers that turn the server's clock figures at
 * `asOf` into what a page shows at `now`, counting business time on the policy's calendar with the same
 * arithmetic the server uses. No React here, so it is unit-tested directly.
 */
import type { BusinessCalendar } from '../../../shared/schemas/sla.ts';
import type { SlaClockView, SlaSummary, TicketSla } from '../../../shared/schemas/tickets.ts';
import { AT_RISK_SHARE, businessTimeBetween, type Instant, toMs } from '../../../shared/sla-time.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** What a live clock is showing: one word for its state, and the business time left or over. */
export type LiveClockState = 'on-track' | 'at-risk' | 'breached' | 'paused' | 'met';

export interface LiveClock {
  state: LiveClockState;
  /** Business time left (0 when breached, met or over). */
  remainingMs: number;
  /** Business time over the target (0 unless breached). */
  overdueMs: number;
  /** Whether the figures change while time passes (a running clock, or one running past its deadline). */
  ticking: boolean;
}

/** A clock paused after its deadline still says 'breached'; `pausedSince` tells that it is not counting. */
type ClockInput = SlaClockView;

/**
 * The clock at `now`. A running clock loses the business time spent since `asOf`; when nothing is left it
 * is breached and the time over keeps growing. Paused and met clocks, and breached ones that stopped,
 * are shown as they were at `asOf`.
 */
export function liveClock(
  clock: ClockInput,
  calendar: BusinessCalendar,
  asOf: Instant,
  now: Instant,
): LiveClock {
  const spent = () => (toMs(now) > toMs(asOf) ? businessTimeBetween(calendar, asOf, now) : 0);
  switch (clock.state) {
    case 'met':
      return { state: 'met', remainingMs: clock.remainingMs, overdueMs: 0, ticking: false };
    case 'paused':
      return { state: 'paused', remainingMs: clock.remainingMs, overdueMs: 0, ticking: false };
    case 'breached': {
      const stopped = clock.stoppedAt !== null || clock.pausedSince !== null;
      const overdue = stopped ? clock.overdueMs : clock.overdueMs + spent();
      return { state: 'breached', remainingMs: 0, overdueMs: overdue, ticking: !stopped };
    }
    case 'running': {
      const remaining = clock.remainingMs - spent();
      if (remaining <= 0)
        return { state: 'breached', remainingMs: 0, overdueMs: Math.abs(remaining), ticking: true };
      const atRisk = remaining < clock.targetMs * AT_RISK_SHARE;
      return { state: atRisk ? 'at-risk' : 'on-track', remainingMs: remaining, overdueMs: 0, ticking: true };
    }
  }
}

/** Puts a catalogue key in the viewer's language (react-i18next's `t`, or a test's English one). */
export type SlaT = (key: string, params?: Record<string, unknown>) => string;

/**
 * A business-time duration in words: "45 s", "35 min", "1 h 20 min", "26 h". Time left rounds up to the
 * minute (so "due in 1 min" until it is due) and time over rounds down; under a minute shows seconds.
 */
export function formatDuration(ms: number, rounding: 'up' | 'down', t: SlaT): string {
  const abs = Math.max(0, ms);
  if (abs < MINUTE) {
    const s = rounding === 'up' ? Math.ceil(abs / SECOND) : Math.floor(abs / SECOND);
    return t('ui:sla.duration.seconds', { s });
  }
  const minutes = rounding === 'up' ? Math.ceil(abs / MINUTE) : Math.floor(abs / MINUTE);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('ui:sla.duration.minutes', { m });
  if (m === 0) return t('ui:sla.duration.hours', { h });
  return t('ui:sla.duration.hoursMinutes', { h, m });
}

export type ClockName = 'response' | 'resolution';

export const clockNames = {
  response: 'ui:sla.clock.response',
  resolution: 'ui:sla.clock.resolution',
} as const satisfies Record<ClockName, string>;

export const liveStateLabels = {
  'on-track': 'ui:sla.state.onTrack',
  'at-risk': 'ui:sla.state.atRisk',
  breached: 'ui:sla.state.breached',
  paused: 'ui:sla.state.paused',
  met: 'ui:sla.state.met',
} as const satisfies Record<LiveClockState, string>;

/** Mantine colour per state; always shown with an icon and a word, never alone. */
export const liveStateColors: Record<LiveClockState, string> = {
  'on-track': 'teal',
  'at-risk': 'orange',
  breached: 'red',
  paused: 'gray',
  met: 'blue',
};

/**
 * The words of one clock: "Due in 1 h 20 min", "At risk: 12 min left", "35 min overdue", "Paused
 * (waiting on you)", "Met". `pausedLabel` says why it is paused (default "Paused").
 */
export function clockWords(live: LiveClock, t: SlaT, pausedLabel?: string): string {
  const label = pausedLabel ?? t('ui:sla.state.paused');
  switch (live.state) {
    case 'met':
      return t('ui:sla.state.met');
    case 'breached':
      return t('ui:sla.words.overdue', { duration: formatDuration(live.overdueMs, 'down', t) });
    case 'at-risk':
      return t('ui:sla.words.atRisk', { duration: formatDuration(live.remainingMs, 'up', t) });
    case 'on-track':
      return t('ui:sla.words.dueIn', { duration: formatDuration(live.remainingMs, 'up', t) });
    case 'paused':
      return live.remainingMs > 0
        ? t('ui:sla.words.pausedLeft', { label, duration: formatDuration(live.remainingMs, 'up', t) })
        : label;
  }
}

/** The full sentence for screen readers: "Response: Due in 1 h 20 min". */
export function clockSentence(name: ClockName, words: string, t: SlaT): string {
  return t('ui:sla.sentence', { clock: t(clockNames[name]), words });
}

/** How a change of state is announced ("Response is now overdue"). */
const announcedStates: Record<LiveClockState, string> = {
  'on-track': 'onTrack',
  'at-risk': 'atRisk',
  breached: 'overdue',
  paused: 'paused',
  met: 'met',
};

/** Both clocks of a ticket at `now`. */
export function liveClocks(sla: TicketSla, now: Instant): Record<ClockName, LiveClock> {
  return {
    response: liveClock(sla.response, sla.calendar, sla.asOf, now),
    resolution: liveClock(sla.resolution, sla.calendar, sla.asOf, now),
  };
}

/** The state changes worth announcing between two renders ("Response is now at risk"). */
export function stateChanges(
  before: Record<ClockName, LiveClockState> | null,
  after: Record<ClockName, LiveClockState>,
  t: SlaT,
): string[] {
  if (!before) return [];
  const out: string[] = [];
  for (const name of ['response', 'resolution'] as const) {
    if (before[name] !== after[name]) {
      out.push(t('ui:sla.nowState', { clock: name, state: announcedStates[after[name]] }));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// List rows

export type SummaryTone = 'none' | LiveClockState;

/** The badge of a list row: a word (with the clock it is about) and a colour. */
export function summaryWords(summary: SlaSummary, t: SlaT): { tone: SummaryTone; label: string } {
  const clock = summary.clock ?? 'none';
  switch (summary.state) {
    case 'none':
      return { tone: 'none', label: t('ui:sla.summary.none') };
    case 'running':
      return { tone: 'on-track', label: t('ui:sla.summary.onTrack', { clock }) };
    case 'at-risk':
      return { tone: 'at-risk', label: t('ui:sla.summary.atRisk', { clock }) };
    case 'paused':
      return { tone: 'paused', label: t('ui:sla.state.paused') };
    case 'met':
      return { tone: 'met', label: t('ui:sla.state.met') };
    case 'breached':
      return { tone: 'breached', label: t('ui:sla.summary.overdue', { clock }) };
  }
}
