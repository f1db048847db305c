import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translatorFor } from '../../../shared/i18n/i18n.ts';
import {
  bodyFrom,
  calendarProblems,
  draftFrom,
  draftInterval,
  holidayRowOf,
  newCalendarDraft,
  rowKey,
  weekSummary,
} from './calendar-form.ts';
import { newPolicyDraft, policyBodyFrom, policyProblems } from './policy-form.ts';
import { swapped } from './rules-order.ts';

const t = translatorFor('en');

describe('calendar form', () => {
  it('starts Monday to Friday, nine to five, in the given zone', () => {
    const draft = newCalendarDraft('Europe/Paris');
    assert.equal(draft.timeZone, 'Europe/Paris');
    assert.equal(weekSummary({ alwaysOpen: false, weekly: draft.weekly }, t, 'en'), 'Mon–Fri 09:00–17:00');
    const [mon, fri] = [1, 5].map((d) =>
      new Intl.DateTimeFormat('de', { weekday: 'short', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2026, 0, 4 + d, 12)),
      ),
    );
    assert.equal(
      weekSummary({ alwaysOpen: false, weekly: draft.weekly }, t, 'de'),
      `${mon}–${fri} 09:00–17:00`,
    );
    assert.notEqual(mon, 'Mon', 'German day names');
    assert.deepEqual(calendarProblems({ ...draft, name: 'Paris' }), {});
  });

  it('summarises weeks in words, grouping equal days and leaving closed ones out', () => {
    const nine = [{ start: '09:00', end: '17:00' }];
    const weekly = [
      [],
      nine,
      nine,
      nine,
      [{ start: '09:00', end: '12:00' }],
      nine,
      [{ start: '10:00', end: '14:00' }],
    ];
    assert.equal(
      weekSummary({ alwaysOpen: false, weekly }, t, 'en'),
      'Mon–Wed 09:00–17:00; Thu 09:00–12:00; Fri 09:00–17:00; Sat 10:00–14:00',
    );
    assert.equal(weekSummary({ alwaysOpen: true, weekly }, t, 'en'), 'Open around the clock (24x7)');
    assert.equal(
      weekSummary({ alwaysOpen: false, weekly: [[], [], [], [], [], [], []] }, t, 'en'),
      'Never open',
    );
  });

  it('sends holidays sorted, without blanks or repeats, and maps their errors back to the rows', () => {
    const draft = {
      ...newCalendarDraft('UTC'),
      name: 'UK',
      holidays: [
        { key: rowKey(), date: '2026-12-26' },
        { key: rowKey(), date: '' },
        { key: rowKey(), date: '2026-12-25' },
        { key: rowKey(), date: '2026-12-26' },
      ],
    };
    assert.deepEqual(bodyFrom(draft).calendar.holidays, ['2026-12-25', '2026-12-26']);
    assert.equal(holidayRowOf(draft, 0), 2);
    assert.equal(holidayRowOf(draft, 1), 0);
    assert.equal(holidayRowOf(draft, 5), -1);
  });

  it('finds the same problems as the server, under the same keys', () => {
    const draft = newCalendarDraft('UTC');
    draft.weekly[1] = [draftInterval('17:00', '09:00')];
    draft.weekly[2] = [draftInterval('09:00', '13:00'), draftInterval('12:00', '17:00')];
    draft.weekly[3] = [draftInterval('9', '17:00')];
    const problems = calendarProblems({ ...draft, timeZone: 'Nowhere/Special' });
    assert.ok(problems.name);
    assert.ok(problems['calendar.timeZone']);
    assert.ok(problems['calendar.weekly.1.0.end']);
    assert.ok(problems['calendar.weekly.2.1.start']);
    assert.ok(problems['calendar.weekly.3.0.start']);
    const closed = { ...newCalendarDraft('UTC'), name: 'X', weekly: [[], [], [], [], [], [], []] };
    assert.ok(calendarProblems(closed)['calendar.weekly']);
    assert.deepEqual(calendarProblems({ ...closed, alwaysOpen: true }), {});
  });

  it('round-trips a stored calendar', () => {
    const calendar = {
      timeZone: 'America/New_York',
      alwaysOpen: false,
      weekly: [[], [{ start: '08:00', end: '24:00' }], [], [], [], [], []],
      holidays: ['2026-07-04'],
    };
    assert.deepEqual(bodyFrom(draftFrom('NY', calendar)), { name: 'NY', calendar });
  });
});

describe('policy form', () => {
  it('suggests targets that pass, pausing on Waiting on Client', () => {
    const draft = { ...newPolicyDraft(3), name: 'Standard' };
    assert.deepEqual(policyProblems(draft, t), {});
    assert.deepEqual(policyBodyFrom(draft).pausingStatuses, ['waiting-on-client']);
  });

  it('names the field of each problem as the server does', () => {
    const draft = newPolicyDraft(null);
    draft.targets.high = { responseMinutes: 600, resolutionMinutes: 480 };
    draft.targets.low = { responseMinutes: Number.NaN, resolutionMinutes: 2.5 };
    const problems = policyProblems(draft, t);
    assert.ok(problems.name);
    assert.equal(problems.calendarId, 'Choose a calendar');
    assert.match(problems['targets.high.responseMinutes'] ?? '', /no later than the resolution/);
    assert.ok(problems['targets.low.responseMinutes']);
    assert.ok(problems['targets.low.resolutionMinutes']);
  });
});

describe('rule order', () => {
  it('swaps neighbours, and refuses to move past either end', () => {
    assert.deepEqual(swapped([1, 2, 3], 0, 1), [2, 1, 3]);
    assert.deepEqual(swapped([1, 2, 3], 2, 1), [1, 3, 2]);
    assert.equal(swapped([1, 2, 3], 0, -1), null);
    assert.equal(swapped([1, 2, 3], 2, 3), null);
  });
});
