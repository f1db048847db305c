import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { businessCalendar } from '../../../shared/schemas/sla.ts';
import type { SlaClockView, TicketSla } from '../../../shared/schemas/tickets.ts';
import { englishResources } from '../i18n/english.ts';
import { createWebI18n } from '../i18n/web-i18n.ts';
import {
  clockSentence,
  clockWords,
  formatDuration,
  liveClock,
  liveClocks,
  stateChanges,
  summaryWords,
} from './sla-live.ts';

const i18n = createWebI18n(englishResources);
const t = (key: string, params?: Record<string, unknown>) => i18n.t(key, params ?? {});

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Monday to Friday, 09:00 to 17:00 in London. */
const office = businessCalendar.parse({
  timeZone: 'Europe/London',
  weekly: [
    [],
    [{ start: '09:00', end: '17:00' }],
    [{ start: '09:00', end: '17:00' }],
    [{ start: '09:00', end: '17:00' }],
    [{ start: '09:00', end: '17:00' }],
    [{ start: '09:00', end: '17:00' }],
    [],
  ],
  holidays: ['2026-03-04'],
});
const always = businessCalendar.parse({ timeZone: 'UTC', alwaysOpen: true });

function clock(overrides: Partial<SlaClockView>): SlaClockView {
  return {
    state: 'running',
    targetMs: 4 * HOUR,
    elapsedMs: 2 * HOUR,
    remainingMs: 2 * HOUR,
    overdueMs: 0,
    pausedMs: 0,
    dueAt: null,
    atRisk: false,
    stoppedAt: null,
    pausedSince: null,
    ...overrides,
  };
}

// 2026-03-02 is a Monday (GMT, so London time equals UTC in early March).
const MON_10 = '2026-03-02T10:00:00.000Z';

describe('formatDuration', () => {
  it('writes seconds, minutes and hours', () => {
    assert.equal(formatDuration(0, 'down', t), '0 s');
    assert.equal(formatDuration(45_000, 'down', t), '45 s');
    assert.equal(formatDuration(35 * MIN, 'down', t), '35 min');
    assert.equal(formatDuration(80 * MIN, 'down', t), '1 h 20 min');
    assert.equal(formatDuration(3 * HOUR, 'down', t), '3 h');
    assert.equal(formatDuration(26 * HOUR + 5 * MIN, 'down', t), '26 h 5 min');
    assert.equal(formatDuration(-5 * MIN, 'down', t), '0 s', 'never negative');
  });

  it('rounds time left up and time over down', () => {
    assert.equal(formatDuration(34 * MIN + 1, 'up', t), '35 min');
    assert.equal(formatDuration(34 * MIN + 59_999, 'down', t), '34 min');
    assert.equal(formatDuration(59 * MIN + 30_000, 'up', t), '1 h');
    assert.equal(formatDuration(1_500, 'up', t), '2 s');
  });
});

describe('liveClock', () => {
  it('counts a running clock down in business time', () => {
    const c = clock({});
    const at = (iso: string) => liveClock(c, office, MON_10, iso);
    assert.deepEqual(at(MON_10), { state: 'on-track', remainingMs: 2 * HOUR, overdueMs: 0, ticking: true });
    assert.equal(at('2026-03-02T10:30:00Z').remainingMs, 90 * MIN);
    assert.equal(at('2026-03-02T10:30:00Z').state, 'on-track');
  });

  it('is at risk under a quarter of the target, then breached with the time over growing', () => {
    const c = clock({});
    // 4 h target: at risk under 1 h left.
    assert.equal(liveClock(c, office, MON_10, '2026-03-02T11:00:00Z').state, 'on-track', 'exactly 1 h left');
    const risky = liveClock(c, office, MON_10, '2026-03-02T11:48:00Z');
    assert.equal(risky.state, 'at-risk');
    assert.equal(risky.remainingMs, 12 * MIN);
    const due = liveClock(c, office, MON_10, '2026-03-02T12:00:00Z');
    assert.equal(due.state, 'breached');
    assert.equal(due.overdueMs, 0);
    const late = liveClock(c, office, MON_10, '2026-03-02T12:35:00Z');
    assert.deepEqual(late, { state: 'breached', remainingMs: 0, overdueMs: 35 * MIN, ticking: true });
  });

  it('does not count down while the calendar is closed', () => {
    // Friday 16:50: ten minutes of coverage left this week.
    const fri = '2026-03-06T16:50:00Z';
    const c = clock({ remainingMs: HOUR });
    assert.equal(liveClock(c, office, fri, '2026-03-06T17:00:00Z').remainingMs, 50 * MIN);
    assert.equal(liveClock(c, office, fri, '2026-03-07T12:00:00Z').remainingMs, 50 * MIN, 'Saturday');
    assert.equal(liveClock(c, office, fri, '2026-03-08T23:59:00Z').remainingMs, 50 * MIN, 'Sunday night');
    assert.equal(liveClock(c, office, fri, '2026-03-09T08:59:59Z').remainingMs, 50 * MIN, 'before opening');
    assert.equal(liveClock(c, office, fri, '2026-03-09T09:10:00Z').remainingMs, 40 * MIN, 'Monday 09:10');
  });

  it('skips holidays', () => {
    // Tuesday 16:30 with an hour left: 30 min on Tuesday, Wednesday is a holiday, 30 min on Thursday.
    const c = clock({ remainingMs: HOUR });
    const tue = '2026-03-03T16:30:00Z';
    assert.equal(liveClock(c, office, tue, '2026-03-04T13:00:00Z').remainingMs, 30 * MIN);
    assert.equal(liveClock(c, office, tue, '2026-03-05T09:29:00Z').state, 'at-risk');
    assert.equal(liveClock(c, office, tue, '2026-03-05T09:30:00Z').state, 'breached');
  });

  it('keeps paused and met clocks still', () => {
    const later = '2026-03-20T12:00:00Z';
    assert.deepEqual(liveClock(clock({ state: 'paused', remainingMs: 30 * MIN }), office, MON_10, later), {
      state: 'paused',
      remainingMs: 30 * MIN,
      overdueMs: 0,
      ticking: false,
    });
    const met = liveClock(clock({ state: 'met', stoppedAt: MON_10 }), office, MON_10, later);
    assert.equal(met.state, 'met');
    assert.equal(met.ticking, false);
  });

  it('keeps counting a breached clock that has not stopped, but not one that stopped or paused', () => {
    const running = clock({ state: 'breached', remainingMs: 0, overdueMs: 10 * MIN });
    assert.equal(liveClock(running, always, MON_10, '2026-03-02T10:05:00Z').overdueMs, 15 * MIN);
    const stopped = clock({ state: 'breached', remainingMs: 0, overdueMs: 10 * MIN, stoppedAt: MON_10 });
    assert.equal(liveClock(stopped, always, MON_10, '2026-03-02T11:00:00Z').overdueMs, 10 * MIN);
    const paused = { ...running, pausedSince: MON_10 };
    const seen = liveClock(paused, always, MON_10, '2026-03-02T11:00:00Z');
    assert.equal(seen.overdueMs, 10 * MIN);
    assert.equal(seen.ticking, false);
  });

  it('ignores a page clock behind the server clock', () => {
    assert.equal(liveClock(clock({}), always, MON_10, '2026-03-02T09:59:00Z').remainingMs, 2 * HOUR);
  });
});

describe('words', () => {
  it('says each state in words', () => {
    const words = (c: SlaClockView, now: string, paused?: string) =>
      clockWords(liveClock(c, always, MON_10, now), t, paused);
    assert.equal(words(clock({ remainingMs: 80 * MIN + 1 }), MON_10), 'Due in 1 h 21 min');
    assert.equal(words(clock({ remainingMs: 80 * MIN }), MON_10), 'Due in 1 h 20 min');
    assert.equal(words(clock({ remainingMs: 12 * MIN }), MON_10), 'At risk: 12 min left');
    assert.equal(words(clock({ remainingMs: 10 * MIN }), '2026-03-02T10:45:00Z'), '35 min overdue');
    assert.equal(
      words(clock({ state: 'paused', remainingMs: 0 }), MON_10, 'Paused (waiting on you)'),
      'Paused (waiting on you)',
    );
    assert.equal(words(clock({ state: 'paused', remainingMs: 90 * MIN }), MON_10), 'Paused, 1 h 30 min left');
    assert.equal(words(clock({ state: 'met' }), MON_10), 'Met');
    assert.equal(clockSentence('response', 'Due in 1 h 20 min', t), 'Response: Due in 1 h 20 min');
    assert.equal(clockSentence('resolution', 'At risk: 12 min left', t), 'Resolution: At risk: 12 min left');
  });

  it('summarises a list row with the clock it is about', () => {
    assert.deepEqual(summaryWords({ state: 'at-risk', clock: 'response', dueAt: null }, t), {
      tone: 'at-risk',
      label: 'Response at risk',
    });
    assert.deepEqual(summaryWords({ state: 'breached', clock: 'resolution', dueAt: null }, t), {
      tone: 'breached',
      label: 'Resolution overdue',
    });
    assert.equal(summaryWords({ state: 'running', clock: null, dueAt: null }, t).label, 'On track');
    assert.equal(summaryWords({ state: 'none', clock: null, dueAt: null }, t).label, 'No SLA');
    assert.equal(summaryWords({ state: 'met', clock: null, dueAt: null }, t).tone, 'met');
    assert.equal(summaryWords({ state: 'paused', clock: 'resolution', dueAt: null }, t).label, 'Paused');
  });

  it('announces only state changes', () => {
    assert.deepEqual(stateChanges(null, { response: 'on-track', resolution: 'on-track' }, t), []);
    assert.deepEqual(
      stateChanges(
        { response: 'on-track', resolution: 'on-track' },
        { response: 'at-risk', resolution: 'on-track' },
        t,
      ),
      ['Response is now at risk.'],
    );
    assert.deepEqual(
      stateChanges(
        { response: 'at-risk', resolution: 'paused' },
        { response: 'breached', resolution: 'met' },
        t,
      ),
      ['Response is now overdue.', 'Resolution is now met.'],
    );
    assert.deepEqual(
      stateChanges({ response: 'at-risk', resolution: 'met' }, { response: 'at-risk', resolution: 'met' }, t),
      [],
    );
  });

  it('computes both clocks of a ticket', () => {
    const sla: TicketSla = {
      policyName: 'Standard',
      calendarName: 'Around the clock',
      calendar: always,
      asOf: MON_10,
      response: clock({ remainingMs: 30 * MIN }),
      resolution: clock({ targetMs: 16 * HOUR, remainingMs: 10 * HOUR }),
    };
    const both = liveClocks(sla, '2026-03-02T10:20:00Z');
    assert.equal(both.response.remainingMs, 10 * MIN);
    assert.equal(both.response.state, 'at-risk');
    assert.equal(both.resolution.remainingMs, 10 * HOUR - 20 * MIN);
    assert.equal(both.resolution.state, 'on-track');
  });
});
