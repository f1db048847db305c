import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startOfDay, zonedInstant } from './zoned-day.ts';

/** Wall times to instants on the days clocks change (2026), where a fixed offset is an hour out. */
describe('zonedInstant', () => {
  const cases: [string, string, string, string][] = [
    // Europe/Berlin: CET (+1) to CEST (+2) at 02:00 on 29 March; back at 03:00 on 25 October.
    ['2026-03-29', '00:30', 'Europe/Berlin', '2026-03-28T23:30:00.000Z'],
    ['2026-03-29', '09:00', 'Europe/Berlin', '2026-03-29T07:00:00.000Z'],
    ['2026-03-29', '03:00', 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    ['2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'], // in the gap: read as 03:30
    ['2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'], // twice: the first (CEST)
    ['2026-10-25', '09:00', 'Europe/Berlin', '2026-10-25T08:00:00.000Z'],
    // America/New_York: EST (-5) to EDT (-4) at 02:00 on 8 March; back at 02:00 on 1 November.
    ['2026-03-08', '01:30', 'America/New_York', '2026-03-08T06:30:00.000Z'],
    ['2026-03-08', '09:00', 'America/New_York', '2026-03-08T13:00:00.000Z'],
    ['2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'], // in the gap: 03:30 EDT
    ['2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'], // twice: the first (EDT)
    ['2026-11-01', '09:00', 'America/New_York', '2026-11-01T14:00:00.000Z'],
    // No change, and half-hour offsets.
    ['2026-06-01', '09:00', 'UTC', '2026-06-01T09:00:00.000Z'],
    ['2026-06-01', '09:00', 'Asia/Kolkata', '2026-06-01T03:30:00.000Z'],
    ['2026-04-05', '09:00', 'Australia/Lord_Howe', '2026-04-04T22:30:00.000Z'],
  ];
  for (const [date, time, zone, expected] of cases) {
    it(`${date} ${time} in ${zone} is ${expected}`, () => {
      assert.equal(zonedInstant(date, time, zone).toISOString(), expected);
    });
  }

  it('differs from midnight plus the minutes (the old fixed-offset reading) after a change', () => {
    const fixed = startOfDay('2026-03-29', 'Europe/Berlin').getTime() + 9 * 3_600_000;
    assert.equal(zonedInstant('2026-03-29', '09:00', 'Europe/Berlin').getTime(), fixed - 3_600_000);
  });
});
