/**
 * Calendar days in a time zone, turned into UTC instants for queries. Instants are stored in UTC; a person
 * filtering "2 March" means 2 March where they read the dates: the web app turns the days people pick
 * into instants in the viewer's zone (the same one the dates are shown in), and the API reads a bare day
 * in the organisation's.
 */

/** How far `timeZone` is ahead of UTC at `instant`, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant local midnight begins on `date` (YYYY-MM-DD) in `timeZone`. */
export function startOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the guess can differ from the offset at the answer around a DST change.
  let guess = wall - offsetMs(wall, timeZone);
  guess = wall - offsetMs(guess, timeZone);
  return new Date(guess);
}

/** The instant the day after `date` begins: the exclusive end of a range that includes `date`. */
export function endOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return startOfDay(next, timeZone);
}

/**
 * The instant a wall-clock time (`HH:MM`) on `date` (YYYY-MM-DD) happens in `timeZone`, with the offset
 * in force at that time, not the one at midnight: on a daylight-saving change day the two differ by an
 * hour. A time skipped by a spring-forward change (02:30 in Berlin on the last Sunday of March) is read
 * with the offset from before the change, so it lands after the gap (03:30), as a clock set by hand would.
 * A time that happens twice (autumn) is its first occurrence.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, Number(time.slice(0, 2)), Number(time.slice(3, 5)));
  // The offsets an hour either side of the wall time: around a change, the earlier one is the one
  // the time was read with (first occurrence when repeated; the pre-change offset inside a gap).
  const before = offsetMs(wall - 3_600_000 * 3, timeZone);
  const after = offsetMs(wall + 3_600_000 * 3, timeZone);
  const first = wall - before;
  if (before === after || offsetMs(first, timeZone) === before) return new Date(first);
  const second = wall - after;
  if (offsetMs(second, timeZone) === after) return new Date(second);
  // Inside a spring-forward gap: no instant shows this wall time; the pre-change offset places it after.
  return new Date(first);
}
