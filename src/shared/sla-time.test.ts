import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Message, schemaBounds, translate } from './i18n/i18n.ts';
import { type BusinessCalendar, type BusinessCalendarInput, businessCalendar } from './schemas/sla.ts';
import {
  addBusinessTime,
  businessTimeBetween,
  intlOffsetMs,
  isOpen,
  nextChange,
  nextOpening,
  type SlaClockInput,
  slaClock,
  toMs,
  wallToUtc,
  zoneOffsetMs,
} from './sla-time.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Day = { start: string; end: string }[];

function calendar(input: BusinessCalendarInput): BusinessCalendar {
  return businessCalendar.parse(input);
}

/** Same hours Monday to Friday, closed at the weekend. */
function weekdays(timeZone: string, day: Day, holidays: string[] = []): BusinessCalendar {
  return calendar({ timeZone, weekly: [[], day, day, day, day, day, []], holidays });
}

const z = (iso: string) => new Date(iso).toISOString();

const london = weekdays('Europe/London', [{ start: '09:00', end: '17:30' }], ['2026-12-25', '2026-12-28']);
const split = weekdays('Europe/London', [
  { start: '08:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
]);
const alwaysOpen = calendar({ timeZone: 'America/New_York', alwaysOpen: true });
const allDay = (timeZone: string) =>
  calendar({ timeZone, weekly: Array.from({ length: 7 }, () => [{ start: '00:00', end: '24:00' }]) });

describe('calendar schema', () => {
  const base = {
    timeZone: 'Europe/London',
    weekly: [[], [{ start: '09:00', end: '17:00' }], [], [], [], [], []],
  };
  const messages = (input: unknown) => {
    const r = businessCalendar.safeParse(input);
    assert.equal(r.success, false);
    // The schema's messages are catalogue keys; read them in English.
    return r.error!.issues.map(
      (i) => `${i.path.join('.')}: ${translate('en', i.message as Message['key'], schemaBounds(i))}`,
    );
  };

  test('accepts a valid calendar and fills defaults', () => {
    const c = businessCalendar.parse(base);
    assert.equal(c.alwaysOpen, false);
    assert.deepEqual(c.holidays, []);
    assert.ok(businessCalendar.parse({ timeZone: 'UTC', alwaysOpen: true }).alwaysOpen);
  });

  test('rejects bad times, reversed and overlapping intervals', () => {
    const at = (day: Day) => ({ ...base, weekly: [[], day, [], [], [], [], []] });
    assert.match(
      messages(at([{ start: '9:00', end: '17:00' }])).join(),
      /weekly\.1\.0\.start: Use a 24-hour time/,
    );
    assert.match(messages(at([{ start: '09:00', end: '24:30' }])).join(), /weekly\.1\.0\.end/);
    assert.match(
      messages(at([{ start: '17:00', end: '09:00' }])).join(),
      /end of coverage must be after its start/,
    );
    assert.match(
      messages(
        at([
          { start: '12:00', end: '17:00' },
          { start: '09:00', end: '12:30' },
        ]),
      ).join(),
      /weekly\.1\.0\.start: Coverage intervals in a day must not overlap/,
    );
    // Touching intervals are fine.
    businessCalendar.parse(
      at([
        { start: '09:00', end: '12:00' },
        { start: '12:00', end: '17:00' },
      ]),
    );
  });

  test('rejects unknown zones, bad holidays, wrong week length and no coverage', () => {
    assert.match(messages({ ...base, timeZone: 'Mars/Olympus' }).join(), /timeZone: Unknown time zone/);
    assert.match(messages({ ...base, holidays: ['2026-02-30'] }).join(), /holidays\.0: Use a real date/);
    assert.match(messages({ ...base, weekly: [[]] }).join(), /all seven weekdays/);
    assert.match(
      messages({ ...base, weekly: [[], [], [], [], [], [], []] }).join(),
      /needs some coverage hours/,
    );
  });
});

describe('local time to UTC', () => {
  const wall = (s: string) => Date.parse(`${s}Z`);
  const cases: [zone: string, local: string, utc: string][] = [
    ['Europe/London', '2026-01-15T09:00:00', '2026-01-15T09:00:00.000Z'],
    ['Europe/London', '2026-07-15T09:00:00', '2026-07-15T08:00:00.000Z'],
    // Spring gap: 01:30 does not exist; the first valid instant is the change (01:00 GMT = 02:00 BST).
    ['Europe/London', '2026-03-29T01:30:00', '2026-03-29T01:00:00.000Z'],
    // Autumn: 01:30 happens twice; the first (BST) is meant.
    ['Europe/London', '2026-10-25T01:30:00', '2026-10-25T00:30:00.000Z'],
    ['America/New_York', '2026-03-08T02:30:00', '2026-03-08T07:00:00.000Z'],
    ['America/New_York', '2026-11-01T01:30:00', '2026-11-01T05:30:00.000Z'],
    ['Australia/Sydney', '2026-04-05T02:30:00', '2026-04-04T15:30:00.000Z'],
    ['Australia/Sydney', '2026-10-04T02:30:00', '2026-10-03T16:00:00.000Z'],
    ['Asia/Kolkata', '2026-03-29T09:00:00', '2026-03-29T03:30:00.000Z'],
    // Lord Howe moves by 30 minutes: +10:30 to +11:00 at 02:00.
    ['Australia/Lord_Howe', '2026-10-04T02:15:00', '2026-10-03T15:30:00.000Z'],
  ];
  for (const [zone, local, utc] of cases) {
    test(`${zone} ${local}`, () => assert.equal(new Date(wallToUtc(zone, wall(local))).toISOString(), utc));
  }
});

describe('business time on weekday hours (London, 09:00-17:30)', () => {
  test('within a day, across days and across a weekend', () => {
    assert.equal(addBusinessTime(london, '2026-03-02T10:00:00Z', 4 * HOUR), z('2026-03-02T14:00:00Z'));
    assert.equal(addBusinessTime(london, '2026-03-02T15:00:00Z', 8 * HOUR), z('2026-03-03T14:30:00Z'));
    assert.equal(addBusinessTime(london, '2026-03-06T16:00:00Z', 4 * HOUR), z('2026-03-09T11:30:00Z'));
    assert.equal(businessTimeBetween(london, '2026-03-06T16:00:00Z', '2026-03-09T11:30:00Z'), 4 * HOUR);
    assert.equal(businessTimeBetween(london, '2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z'), 5 * 8.5 * HOUR);
    assert.equal(businessTimeBetween(london, '2026-03-09T00:00:00Z', '2026-03-02T00:00:00Z'), 0);
  });

  test('a due time can be the close of business exactly', () => {
    assert.equal(addBusinessTime(london, '2026-03-02T09:00:00Z', 8.5 * HOUR), z('2026-03-02T17:30:00Z'));
    assert.equal(isOpen(london, '2026-03-02T17:30:00Z'), false);
    assert.equal(isOpen(london, '2026-03-02T17:29:59.999Z'), true);
    assert.equal(isOpen(london, '2026-03-02T09:00:00Z'), true);
  });

  test('tickets opened outside coverage start the clock at the next opening', () => {
    // Before opening, after closing, at the weekend.
    assert.equal(addBusinessTime(london, '2026-03-03T07:00:00Z', HOUR), z('2026-03-03T10:00:00Z'));
    assert.equal(addBusinessTime(london, '2026-03-03T18:00:00Z', HOUR), z('2026-03-04T10:00:00Z'));
    assert.equal(addBusinessTime(london, '2026-03-07T10:00:00Z', HOUR), z('2026-03-09T10:00:00Z'));
    assert.equal(addBusinessTime(london, '2026-03-07T10:00:00Z', 0), z('2026-03-09T09:00:00Z'));
    assert.equal(nextOpening(london, '2026-03-07T10:00:00Z'), z('2026-03-09T09:00:00Z'));
    assert.equal(nextOpening(london, '2026-03-09T10:00:00Z'), z('2026-03-09T10:00:00Z'));
    // On a holiday: Christmas Friday, weekend, and the Monday bank holiday are all closed.
    assert.equal(isOpen(london, '2026-12-25T10:00:00Z'), false);
    assert.equal(addBusinessTime(london, '2026-12-24T18:00:00Z', HOUR), z('2026-12-29T10:00:00Z'));
    assert.equal(addBusinessTime(london, '2026-12-25T11:00:00Z', HOUR), z('2026-12-29T10:00:00Z'));
    assert.equal(businessTimeBetween(london, '2026-12-21T00:00:00Z', '2027-01-04T00:00:00Z'), 8 * 8.5 * HOUR);
  });

  test('next change of state', () => {
    assert.equal(nextChange(london, '2026-03-02T10:00:00Z'), z('2026-03-02T17:30:00Z'));
    assert.equal(nextChange(london, '2026-03-06T18:00:00Z'), z('2026-03-09T09:00:00Z'));
    assert.equal(nextChange(split, '2026-03-02T12:30:00Z'), z('2026-03-02T13:00:00Z'));
    assert.equal(nextChange(alwaysOpen, '2026-03-02T12:30:00Z'), null);
  });
});

describe('several intervals a day', () => {
  test('the lunch break is not counted', () => {
    assert.equal(addBusinessTime(split, '2026-03-02T11:00:00Z', 2 * HOUR), z('2026-03-02T14:00:00Z'));
    assert.equal(addBusinessTime(split, '2026-03-02T12:30:00Z', 30 * MINUTE), z('2026-03-02T13:30:00Z'));
    assert.equal(addBusinessTime(split, '2026-03-02T08:00:00Z', 4 * HOUR), z('2026-03-02T12:00:00Z'));
    assert.equal(businessTimeBetween(split, '2026-03-02T11:00:00Z', '2026-03-02T14:00:00Z'), 2 * HOUR);
    assert.equal(isOpen(split, '2026-03-02T12:15:00Z'), false);
  });
});

describe('time zones and daylight saving', () => {
  test('Europe/London: the weekend BST starts', () => {
    // Friday 17:00 GMT + 1h: 30 min Friday, then Monday 09:00 BST = 08:00Z.
    assert.equal(addBusinessTime(london, '2026-03-27T17:00:00Z', HOUR), z('2026-03-30T08:30:00Z'));
    assert.equal(businessTimeBetween(london, '2026-03-27T09:00:00Z', '2026-03-30T16:30:00Z'), 17 * HOUR);
    // Every-day 00:00-24:00 coverage: the spring Sunday has 23 hours, the autumn one 25.
    const london24 = allDay('Europe/London');
    assert.equal(businessTimeBetween(london24, '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z'), 23 * HOUR);
    assert.equal(businessTimeBetween(london24, '2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z'), 25 * HOUR);
  });

  test('America/New_York: across the spring change, gap and overlap boundaries', () => {
    const ny = weekdays('America/New_York', [{ start: '09:00', end: '17:00' }]);
    assert.equal(addBusinessTime(ny, '2026-03-06T21:00:00Z', 2 * HOUR), z('2026-03-09T14:00:00Z'));
    assert.equal(addBusinessTime(ny, '2026-10-30T20:00:00Z', 2 * HOUR), z('2026-11-02T15:00:00Z'));
    const sunday = (start: string, end: string) =>
      calendar({ timeZone: 'America/New_York', weekly: [[{ start, end }], [], [], [], [], [], []] });
    // 01:00 EST to 04:00 EDT is two real hours; in the autumn 01:00 EDT to 04:00 EST is four.
    assert.equal(
      businessTimeBetween(sunday('01:00', '04:00'), '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z'),
      2 * HOUR,
    );
    assert.equal(
      businessTimeBetween(sunday('01:00', '04:00'), '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'),
      4 * HOUR,
    );
    // An interval inside the gap is empty that day; one starting in the overlap starts at its first occurrence.
    assert.equal(
      businessTimeBetween(sunday('02:00', '03:00'), '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z'),
      0,
    );
    assert.equal(
      businessTimeBetween(sunday('02:00', '03:00'), '2026-03-15T00:00:00Z', '2026-03-16T00:00:00Z'),
      HOUR,
    );
    assert.equal(
      businessTimeBetween(sunday('01:30', '02:30'), '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'),
      2 * HOUR,
    );
    assert.equal(nextOpening(sunday('02:00', '03:00'), '2026-03-08T00:00:00Z'), z('2026-03-15T06:00:00Z'));
  });

  test('Australia/Sydney: DST ends in April and starts in October', () => {
    const syd = weekdays('Australia/Sydney', [{ start: '09:00', end: '17:00' }]);
    // Friday 3 April 16:00 AEDT (05:00Z) + 2h: Monday 10:00 AEST (00:00Z).
    assert.equal(addBusinessTime(syd, '2026-04-03T05:00:00Z', 2 * HOUR), z('2026-04-06T00:00:00Z'));
    // Friday 2 October 16:00 AEST (06:00Z) + 2h: Monday 10:00 AEDT (23:00Z on Sunday).
    assert.equal(addBusinessTime(syd, '2026-10-02T06:00:00Z', 2 * HOUR), z('2026-10-04T23:00:00Z'));
  });

  test('Asia/Kolkata (no DST, +05:30) and Australia/Lord_Howe (30-minute DST shift)', () => {
    const sixDays: Day = [{ start: '09:00', end: '18:00' }];
    const ind = calendar({
      timeZone: 'Asia/Kolkata',
      weekly: [[], sixDays, sixDays, sixDays, sixDays, sixDays, sixDays],
    });
    // Saturday 17:00 IST + 2h: Monday 10:00 IST.
    assert.equal(addBusinessTime(ind, '2026-03-07T11:30:00Z', 2 * HOUR), z('2026-03-09T04:30:00Z'));
    assert.equal(businessTimeBetween(ind, '2026-01-04T00:00:00Z', '2027-01-03T00:00:00Z'), 52 * 6 * 9 * HOUR);
    const lordHowe = calendar({
      timeZone: 'Australia/Lord_Howe',
      weekly: [[{ start: '01:00', end: '03:00' }], [], [], [], [], [], []],
    });
    assert.equal(businessTimeBetween(lordHowe, '2026-10-03T00:00:00Z', '2026-10-04T00:00:00Z'), 1.5 * HOUR);
    assert.equal(businessTimeBetween(lordHowe, '2026-04-04T00:00:00Z', '2026-04-05T00:00:00Z'), 2.5 * HOUR);
  });

  test('24x7 counts every real millisecond, whatever the zone does', () => {
    assert.equal(addBusinessTime(alwaysOpen, '2026-03-07T12:00:00Z', 48 * HOUR), z('2026-03-09T12:00:00Z'));
    assert.equal(businessTimeBetween(alwaysOpen, '2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z'), 48 * HOUR);
    assert.equal(isOpen(alwaysOpen, '2026-12-25T03:00:00Z'), true);
    assert.equal(nextOpening(alwaysOpen, '2026-12-25T03:00:00Z'), z('2026-12-25T03:00:00Z'));
  });
});

describe('long spans', () => {
  // How fast this runs is measured by `npm run bench:sla-time` (bench/sla-time.ts), not asserted here.
  test('10,000 business hours there and back', () => {
    const fresh = weekdays('Europe/London', [{ start: '09:00', end: '17:30' }], ['2026-12-25', '2027-12-27']);
    const due = addBusinessTime(fresh, '2026-03-02T09:00:00Z', 10_000 * HOUR);
    const back = businessTimeBetween(fresh, '2026-03-02T09:00:00Z', due);
    assert.equal(back, 10_000 * HOUR);
  });
});

describe('SLA clocks', () => {
  const clock = (over: Partial<SlaClockInput>) =>
    slaClock(london, {
      startedAt: '2026-03-02T09:00:00Z',
      targetMs: 8 * HOUR,
      history: [],
      now: '2026-03-02T09:00:00Z',
      ...over,
    });

  test('running with no pauses', () => {
    const c = clock({
      now: '2026-03-02T11:00:00Z',
      history: [{ status: 'New', at: '2026-03-02T09:00:00Z' }],
    });
    assert.deepEqual(c, {
      dueAt: z('2026-03-02T17:00:00Z'),
      elapsedMs: 2 * HOUR,
      remainingMs: 6 * HOUR,
      overdueMs: 0,
      pausedMs: 0,
      pausedSince: null,
      state: 'running',
      atRisk: false,
      stoppedAt: null,
    });
  });

  const waiting = [
    { status: 'Open', at: '2026-03-02T09:00:00Z' },
    { status: 'waiting-on-client', at: '2026-03-02T11:00:00Z' },
    { status: 'Open', at: '2026-03-04T11:00:00Z' },
  ];

  test('paused while Waiting on Client: no due time, clock frozen', () => {
    const c = clock({ history: waiting, now: '2026-03-03T10:00:00Z' });
    assert.equal(c.state, 'paused');
    assert.equal(c.dueAt, null);
    assert.equal(c.elapsedMs, 2 * HOUR);
    assert.equal(c.pausedMs, (6.5 + 1) * HOUR);
    assert.equal(c.pausedSince, z('2026-03-02T11:00:00Z'));
  });

  test('resumed: paused business time is excluded and the due time moves', () => {
    const c = clock({ history: waiting, now: '2026-03-04T12:00:00Z' });
    assert.equal(c.state, 'running');
    assert.equal(c.elapsedMs, 3 * HOUR);
    assert.equal(c.pausedMs, (6.5 + 8.5 + 2) * HOUR);
    assert.equal(c.dueAt, z('2026-03-04T17:00:00Z'));
  });

  test('a pause spanning a weekend', () => {
    const c = clock({
      startedAt: '2026-03-06T09:00:00Z',
      now: '2026-03-09T11:00:00Z',
      history: [
        { status: 'waiting-on-client', at: '2026-03-06T12:00:00Z' },
        { status: 'Open', at: '2026-03-09T10:00:00Z' },
      ],
    });
    assert.equal(c.elapsedMs, 4 * HOUR);
    assert.equal(c.pausedMs, 6.5 * HOUR);
    assert.equal(c.dueAt, z('2026-03-09T15:00:00Z'));
  });

  test('only the configured statuses pause; history before the start sets the initial state', () => {
    const history = [{ status: 'Waiting on Vendor', at: '2026-03-02T10:00:00Z' }];
    assert.equal(clock({ history, now: '2026-03-02T12:00:00Z' }).elapsedMs, 3 * HOUR);
    const vendor = clock({ history, now: '2026-03-02T12:00:00Z', pausingStatuses: ['Waiting on Vendor'] });
    assert.equal(vendor.elapsedMs, HOUR);
    assert.equal(vendor.state, 'paused');
    const before = clock({
      history: [{ status: 'waiting-on-client', at: '2026-03-01T10:00:00Z' }],
      now: '2026-03-02T12:00:00Z',
    });
    assert.equal(before.state, 'paused');
    assert.equal(before.elapsedMs, 0);
  });

  test('met versus breached', () => {
    const met = clock({ targetMs: 4 * HOUR, stoppedAt: '2026-03-02T12:00:00Z', now: '2026-03-05T00:00:00Z' });
    assert.equal(met.state, 'met');
    assert.equal(met.elapsedMs, 3 * HOUR);
    assert.equal(met.stoppedAt, z('2026-03-02T12:00:00Z'));
    assert.equal(met.atRisk, false);
    const onTime = clock({
      targetMs: 4 * HOUR,
      stoppedAt: '2026-03-02T13:00:00Z',
      now: '2026-03-05T00:00:00Z',
    });
    assert.equal(onTime.state, 'met');
    const late = clock({
      targetMs: 4 * HOUR,
      stoppedAt: '2026-03-02T14:00:00Z',
      now: '2026-03-05T00:00:00Z',
    });
    assert.equal(late.state, 'breached');
    assert.equal(late.dueAt, z('2026-03-02T13:00:00Z'));
    assert.equal(late.overdueMs, HOUR);
    const open = clock({ targetMs: 4 * HOUR, now: '2026-03-02T14:00:00Z' });
    assert.equal(open.state, 'breached');
    assert.equal(open.remainingMs, 0);
    // Due at close of business; by the evening the target is gone even though no business time passed since.
    const evening = clock({ targetMs: 8.5 * HOUR, now: '2026-03-02T20:00:00Z' });
    assert.equal(evening.dueAt, z('2026-03-02T17:30:00Z'));
    assert.equal(evening.state, 'breached');
    // A pause after the deadline does not clear the breach.
    const pausedLate = clock({
      targetMs: 4 * HOUR,
      history: [{ status: 'waiting-on-client', at: '2026-03-02T15:00:00Z' }],
      now: '2026-03-02T16:00:00Z',
    });
    assert.equal(pausedLate.state, 'breached');
    assert.equal(pausedLate.dueAt, z('2026-03-02T13:00:00Z'));
    assert.equal(pausedLate.elapsedMs, 6 * HOUR);
  });

  test('at risk under 25 % left, while running or paused', () => {
    assert.equal(clock({ targetMs: 4 * HOUR, now: '2026-03-02T12:00:00Z' }).atRisk, false);
    assert.equal(clock({ targetMs: 4 * HOUR, now: '2026-03-02T12:01:00Z' }).atRisk, true);
    const paused = clock({
      targetMs: 4 * HOUR,
      history: [{ status: 'waiting-on-client', at: '2026-03-02T12:30:00Z' }],
      now: '2026-03-03T12:00:00Z',
    });
    assert.equal(paused.state, 'paused');
    assert.equal(paused.atRisk, true);
  });

  test('a change to a pausing status at this very instant pauses a live clock', () => {
    const c = clock({
      history: [{ status: 'waiting-on-client', at: '2026-03-02T11:00:00Z' }],
      now: '2026-03-02T11:00:00Z',
    });
    assert.equal(c.state, 'paused');
    assert.equal(c.dueAt, null);
    assert.equal(c.elapsedMs, 2 * HOUR);
  });

  test('instants must carry a zone', () => {
    assert.throws(() => clock({ now: '2026-03-02T11:00:00' }), /zone designator/);
    assert.throws(() => isOpen(london, 'yesterday'), RangeError);
    assert.equal(isOpen(london, '2026-03-02T10:00:00+01:00'), true);
    assert.equal(isOpen(london, new Date('2026-03-02T08:59:00Z')), false);
  });

  test('a ticket raised at the weekend starts counting on Monday', () => {
    const c = clock({ startedAt: '2026-03-07T10:00:00Z', targetMs: HOUR, now: '2026-03-08T10:00:00Z' });
    assert.equal(c.elapsedMs, 0);
    assert.equal(c.dueAt, z('2026-03-09T10:00:00Z'));
    assert.equal(c.state, 'running');
  });
});

describe('properties', () => {
  const zones = [
    'UTC',
    'Europe/London',
    'America/New_York',
    'Australia/Sydney',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'America/St_Johns',
  ];
  const hhmm = (q: number) =>
    q === 96
      ? '24:00'
      : `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
  // A day: an even number of distinct quarter-hour boundaries, paired into intervals.
  const dayArb = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((qs) => {
    const sorted = [...qs].sort((a, b) => a - b);
    const day: Day = [];
    for (let k = 0; k + 1 < sorted.length; k += 2)
      day.push({ start: hhmm(sorted[k]!), end: hhmm(sorted[k + 1]!) });
    return day;
  });
  const FROM = Date.parse('2025-01-01T00:00:00Z');
  const TO = Date.parse('2028-01-01T00:00:00Z');
  const dateArb = fc.integer({ min: FROM, max: TO }).map((t) => new Date(t).toISOString().slice(0, 10));
  const calendarArb = fc
    .record({
      timeZone: fc.constantFrom(...zones),
      alwaysOpen: fc.constant(false),
      weekly: fc.array(dayArb, { minLength: 7, maxLength: 7 }),
      holidays: fc.array(dateArb, { maxLength: 20 }),
    })
    .filter((c) => c.weekly.some((d) => d.length > 0))
    .map((c) => businessCalendar.parse(c));
  const anyCalendar = fc.oneof(
    { weight: 9, arbitrary: calendarArb },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...zones).map((timeZone) => calendar({ timeZone, alwaysOpen: true })),
    },
  );
  const instant = fc.integer({ min: FROM, max: TO });
  const duration = fc.integer({ min: 0, max: 300 * HOUR });
  /** SLA_PROPERTY_RUNS=5000 for a longer soak; 200 keeps the file at a few seconds. */
  const runs = { numRuns: Number(process.env.SLA_PROPERTY_RUNS ?? 200) };

  test('measuring an added duration gives it back', () => {
    fc.assert(
      fc.property(anyCalendar, instant, duration, (c, t, d) => {
        assert.equal(businessTimeBetween(c, t, addBusinessTime(c, t, d)), d);
      }),
      runs,
    );
  });

  test('adding is monotonic in the duration and never goes back in time', () => {
    fc.assert(
      fc.property(anyCalendar, instant, duration, duration, (c, t, d1, d2) => {
        const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const a = toMs(addBusinessTime(c, t, lo));
        assert.ok(a >= t);
        assert.ok(a <= toMs(addBusinessTime(c, t, hi)));
      }),
      runs,
    );
  });

  test('a due instant is open, or the end of an interval', () => {
    fc.assert(
      fc.property(anyCalendar, instant, duration, (c, t, d) => {
        const due = toMs(addBusinessTime(c, t, d));
        assert.ok(isOpen(c, due) || (d > 0 && isOpen(c, due - 1)), new Date(due).toISOString());
        if (d === 0) assert.equal(due, toMs(nextOpening(c, t)));
      }),
      runs,
    );
  });

  test('business time is additive over adjacent spans', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, instant, (c, x, y, w) => {
        const [a, b, d] = [x, y, w].sort((p, q) => p - q) as [number, number, number];
        assert.equal(
          businessTimeBetween(c, a, d),
          businessTimeBetween(c, a, b) + businessTimeBetween(c, b, d),
        );
      }),
      runs,
    );
  });
});

describe('zone offsets', () => {
  test('the quarter-hour cache agrees with Intl at every instant, across DST changes', () => {
    const zones = [
      'Europe/London',
      'America/New_York',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'America/St_Johns',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }),
        (zone, instant) => {
          assert.equal(zoneOffsetMs(zone, instant), intlOffsetMs(zone, instant));
        },
      ),
      { numRuns: 3000 },
    );
    // The instants either side of a change (London, spring 2026: 01:00 UTC on 29 March).
    const change = Date.UTC(2026, 2, 29, 1, 0, 0);
    assert.equal(zoneOffsetMs('Europe/London', change - 1), 0);
    assert.equal(zoneOffsetMs('Europe/London', change), 3_600_000);
  });

  test('changes at an odd minute or second are cached right (property-test counterexample)', () => {
    // The counterexample: St John's went from -03:30 to -02:30 at 00:01 local, 03:31 UTC on 7 April 1991.
    assert.equal(zoneOffsetMs('America/St_Johns', 670995060000), -2.5 * HOUR);
    assert.equal(zoneOffsetMs('America/St_Johns', 670995060000 - 1), -3.5 * HOUR);
    assert.equal(zoneOffsetMs('America/St_Johns', 670995060000 + 13 * MINUTE), -2.5 * HOUR);
    // Each change, and the instants around it, agree with Intl: St John's and Moncton at 00:01 local,
    // Casey at 16:01 UTC, Monrovia at 00:44:30 UTC (from -00:44:30 to UTC).
    const changes: [zone: string, at: number][] = [
      ['America/St_Johns', 670995060000],
      ['America/St_Johns', Date.UTC(1991, 9, 27, 2, 31)],
      ['America/Moncton', Date.UTC(1993, 3, 4, 4, 1)],
      ['Antarctica/Casey', Date.UTC(2020, 9, 3, 16, 1)],
      ['Africa/Monrovia', Date.UTC(1972, 0, 7, 0, 44, 30)],
    ];
    for (const [zone, at] of changes) {
      assert.notEqual(intlOffsetMs(zone, at - 1), intlOffsetMs(zone, at), `${zone} changes at ${at}`);
      for (const d of [-15 * MINUTE, -MINUTE, -1000, -1, 0, 1, 1000, MINUTE, 13 * MINUTE, 15 * MINUTE]) {
        assert.equal(zoneOffsetMs(zone, at + d), intlOffsetMs(zone, at + d), `${zone} at ${at} + ${d}`);
      }
    }
  });
});
