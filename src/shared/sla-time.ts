/**
 * SLA arithmetic: business time on a calendar, and SLA clocks with pauses (issue 4, items 5-7).
 *
 * Pure: no database, no I/O, no reading the clock. Every instant is passed in, as an ISO-8601 string,
 * epoch milliseconds or a Date; every instant returned is an ISO-8601 UTC string; durations are ms.
 *
 * Calendars (see src/shared/schemas/sla.ts) give weekly [start, end) coverage intervals in local
 * wall-clock time of an IANA zone, whole-day holidays, or 24x7. Local times become UTC with Intl only:
 * - a local time that does not exist (the spring-forward gap) moves forward to the first valid instant
 *   (the moment of the change), so an interval lying wholly in the gap is empty that day;
 * - a local time that happens twice (the autumn fall-back) means its first occurrence.
 * Long spans skip whole weeks arithmetically when a week has no holiday and no offset change, so adding
 * 10,000 business hours costs a few hundred Intl calls, not one per minute or per day.
 *
 * Calendars are expected to be valid (parse them with `businessCalendar` first). Compiled forms are cached
 * per calendar object, so treat calendar objects as immutable.
 */
import { type BusinessCalendar, minutesOf } from './schemas/sla.ts';

/** An instant: ISO-8601 string (with a zone designator, e.g. '2026-03-02T09:00:00Z'), epoch ms or Date. */
export type Instant = string | number | Date;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Widest UTC offsets in use (+14:00 Kiribati, -12:00), rounded up. */
const MAX_OFFSET = 14 * HOUR;
/** How far ahead `nextOpening` looks before deciding a calendar never opens. */
const MAX_SCAN_DAYS = 3 * 366;

/** The statuses that pause an SLA clock unless the policy says otherwise. */
export const DEFAULT_PAUSING_STATUSES: readonly string[] = ['waiting-on-client'];

/** A date-only string (read as UTC midnight) or a date-time with Z or a numeric offset: never host-local time. */
const ZONED = /^\d{4}-\d{2}-\d{2}$|(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms of an instant; throws RangeError on an unparseable one. */
export function toMs(instant: Instant): number {
  if (typeof instant === 'string' && !ZONED.test(instant)) {
    throw new RangeError(`An instant needs a date only, or a zone designator (Z or +hh:mm): ${instant}`);
  }
  const ms =
    typeof instant === 'number' ? instant : instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  return ms;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

// ---------------------------------------------------------------------------------------------------
// Time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Etc/Universal', 'Etc/Zulu']);
/**
 * Offsets by zone and quarter hour (UTC). Intl is slow (about 0.1 ms a call) and lists of tickets ask for
 * the same hours again and again. Most changes happen on a quarter-hour boundary, so one offset serves the
 * whole quarter hour; but some happen at an odd minute or second (St John's, Goose Bay and Moncton at 00:01
 * local time for years, Casey at 16:01 UTC, Monrovia at 00:44:30 UTC), so a quarter hour whose first and
 * last seconds disagree keeps the instant of its change and both offsets. This relies only on no zone
 * changing offset twice within 15 minutes (no zone in tzdb has since 1970).
 */
const QUARTER_HOUR = 900_000;
/** A quarter hour in which the offset changes: `before` until `at` (a whole second), `after` from it. */
interface OffsetChange {
  readonly at: number;
  readonly before: number;
  readonly after: number;
}
const offsetCache = new Map<string, Map<number, number | OffsetChange>>();
const OFFSET_CACHE_LIMIT = 50_000;

/** How far `timeZone` is ahead of UTC at `instant` (ms), e.g. 3_600_000 for BST. */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  if (UTC_ZONES.has(timeZone)) return 0;
  if (instant < 0) return intlOffsetMs(timeZone, instant);
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const bucket = Math.floor(instant / QUARTER_HOUR);
  let entry = zone.get(bucket);
  if (entry === undefined) {
    entry = quarterHourOffsets(timeZone, bucket * QUARTER_HOUR);
    if (zone.size >= OFFSET_CACHE_LIMIT) zone.clear();
    zone.set(bucket, entry);
  }
  if (typeof entry === 'number') return entry;
  return instant < entry.at ? entry.before : entry.after;
}

/** The offset through the quarter hour from `start`, or where and how it changes inside it. */
function quarterHourOffsets(timeZone: string, start: number): number | OffsetChange {
  const before = intlOffsetMs(timeZone, start);
  const after = intlOffsetMs(timeZone, start + QUARTER_HOUR - 1000);
  if (before === after) return before;
  // The change is at a whole second in (start, last second]: find the first second with the new offset.
  let lo = start / 1000;
  let hi = (start + QUARTER_HOUR) / 1000 - 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (intlOffsetMs(timeZone, mid * 1000) === before) lo = mid;
    else hi = mid;
  }
  return { at: hi * 1000, before, after };
}

/** The offset straight from Intl, uncached (exported for the tests that check the cache against it). */
export function intlOffsetMs(timeZone: string, instant: number): number {
  const seconds = Math.floor(instant / 1000) * 1000;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const p of formatterFor(timeZone).formatToParts(seconds)) {
    switch (p.type) {
      case 'year':
        year = Number(p.value);
        break;
      case 'month':
        month = Number(p.value);
        break;
      case 'day':
        day = Number(p.value);
        break;
      case 'hour':
        hour = Number(p.value);
        break;
      case 'minute':
        minute = Number(p.value);
        break;
      case 'second':
        second = Number(p.value);
        break;
    }
  }
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  return wall.getTime() - seconds;
}

/**
 * The UTC instant of a local wall-clock time, given as "wall ms" (the local date and time read as if it
 * were UTC). Gap: the first valid instant after it. Overlap: the first occurrence.
 */
export function wallToUtc(timeZone: string, wall: number): number {
  const before = zoneOffsetMs(timeZone, wall - DAY);
  const after = zoneOffsetMs(timeZone, wall + DAY);
  if (before === after) return wall - before;
  const t1 = wall - before;
  const t2 = wall - after;
  const valid1 = zoneOffsetMs(timeZone, t1) === before;
  const valid2 = zoneOffsetMs(timeZone, t2) === after;
  if (valid1 && valid2) return Math.min(t1, t2);
  if (valid1) return t1;
  if (valid2) return t2;
  // In the gap (after > before): the change happens in (t2, t1]; find its first second.
  let lo = Math.floor(Math.min(t1, t2) / 1000);
  let hi = Math.ceil(Math.max(t1, t2) / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zoneOffsetMs(timeZone, mid * 1000) === before) lo = mid;
    else hi = mid;
  }
  return hi * 1000;
}

/** The local calendar day (days since 1970-01-01 in the zone) containing `instant`. */
function localDay(timeZone: string, instant: number): number {
  return Math.floor((instant + zoneOffsetMs(timeZone, instant)) / DAY);
}

function dayNumberOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / DAY);
}

// ---------------------------------------------------------------------------------------------------
// Compiled calendars

type Span = readonly [start: number, end: number];

interface Compiled {
  readonly timeZone: string;
  readonly alwaysOpen: boolean;
  /** Per weekday (0 = Sunday), intervals as [startMs, endMs) from local midnight, sorted. */
  readonly weekly: readonly (readonly Span[])[];
  readonly holidays: ReadonlySet<number>;
  /** Nominal coverage of one week, in ms. */
  readonly weekMs: number;
  /** Recently computed UTC intervals per local day. */
  readonly days: Map<number, readonly Span[]>;
}

const compiledCache = new WeakMap<BusinessCalendar, Compiled>();

function compile(calendar: BusinessCalendar): Compiled {
  let c = compiledCache.get(calendar);
  if (c) return c;
  const weekly = Array.from({ length: 7 }, (_, w) =>
    (calendar.weekly[w] ?? [])
      .map((i): Span => [minutesOf(i.start) * MINUTE, minutesOf(i.end) * MINUTE])
      .filter(([s, e]) => e > s)
      .sort((a, b) => a[0] - b[0]),
  );
  const weekMs = weekly.flat().reduce((sum, [s, e]) => sum + (e - s), 0);
  c = {
    timeZone: calendar.timeZone,
    alwaysOpen: calendar.alwaysOpen,
    weekly,
    holidays: new Set(calendar.holidays.map(dayNumberOf)),
    weekMs,
    days: new Map(),
  };
  compiledCache.set(calendar, c);
  return c;
}

/** Weekday of a local day number: 1970-01-01 was a Thursday (4). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The open intervals of local day `day`, as sorted, disjoint UTC [start, end) spans. */
function dayIntervals(c: Compiled, day: number): readonly Span[] {
  const cached = c.days.get(day);
  if (cached) return cached;
  let spans: Span[] = [];
  const local = c.weekly[weekday(day)] ?? [];
  if (local.length > 0 && !c.holidays.has(day)) {
    const midnight = day * DAY;
    const dayStart = wallToUtc(c.timeZone, midnight);
    const dayEnd = wallToUtc(c.timeZone, midnight + DAY);
    if (dayEnd - dayStart === DAY) {
      // No offset change today: one offset for every boundary.
      const offset = midnight - dayStart;
      spans = local.map(([s, e]): Span => [midnight + s - offset, midnight + e - offset]);
    } else {
      spans = local
        .map(([s, e]): Span => [wallToUtc(c.timeZone, midnight + s), wallToUtc(c.timeZone, midnight + e)])
        .filter(([s, e]) => e > s);
    }
  }
  if (c.days.size >= 4096) c.days.clear();
  c.days.set(day, spans);
  return spans;
}

/**
 * If the seven local days from `day` have no holiday and no offset change, the UTC instant the week
 * starts at (its coverage is then exactly `weekMs`); otherwise null.
 */
function plainWeekStart(c: Compiled, day: number): number | null {
  for (let d = day; d < day + 7; d++) if (c.holidays.has(d)) return null;
  const from = day * DAY - MAX_OFFSET;
  const to = (day + 7) * DAY + MAX_OFFSET;
  const offset = zoneOffsetMs(c.timeZone, from);
  if (zoneOffsetMs(c.timeZone, (from + to) / 2) !== offset || zoneOffsetMs(c.timeZone, to) !== offset) {
    return null;
  }
  return day * DAY - offset;
}

// ---------------------------------------------------------------------------------------------------
// Business time

/** Whether the calendar is open (inside coverage) at `instant`. Interval ends are closed instants. */
export function isOpen(calendar: BusinessCalendar, instant: Instant): boolean {
  const c = compile(calendar);
  const t = toMs(instant);
  if (c.alwaysOpen) return true;
  const day = localDay(c.timeZone, t);
  for (let d = day - 1; d <= day + 1; d++) {
    for (const [s, e] of dayIntervals(c, d)) if (s <= t && t < e) return true;
  }
  return false;
}

function nextOpeningMs(c: Compiled, t: number): number {
  if (c.alwaysOpen) return t;
  const first = localDay(c.timeZone, t) - 1;
  for (let d = first; d <= first + MAX_SCAN_DAYS; d++) {
    for (const [s, e] of dayIntervals(c, d)) if (e > t) return Math.max(s, t);
  }
  throw new RangeError('This calendar has no coverage hours in the next three years.');
}

/** `instant` itself when open, else the next instant coverage starts. */
export function nextOpening(calendar: BusinessCalendar, instant: Instant): string {
  return iso(nextOpeningMs(compile(calendar), toMs(instant)));
}

/**
 * The next instant after `instant` at which the calendar opens or closes (for scheduling timer
 * refreshes); null for 24x7.
 */
export function nextChange(calendar: BusinessCalendar, instant: Instant): string | null {
  const c = compile(calendar);
  if (c.alwaysOpen) return null;
  const t = toMs(instant);
  const first = localDay(c.timeZone, t) - 1;
  // While inside an opening, touching intervals (12:00-17:00 after 08:00-12:00, or across midnight) extend it.
  let openUntil: number | null = null;
  for (let d = first; d <= first + MAX_SCAN_DAYS; d++) {
    for (const [s, e] of dayIntervals(c, d)) {
      if (e <= t) continue;
      if (openUntil === null) {
        if (s > t) return iso(s);
        openUntil = e;
      } else if (s === openUntil) openUntil = e;
      else return iso(openUntil);
    }
  }
  if (openUntil !== null) return iso(openUntil);
  throw new RangeError('This calendar has no coverage hours in the next three years.');
}

function addMs(c: Compiled, start: number, duration: number): number {
  if (!(duration >= 0) || !Number.isFinite(duration)) {
    throw new RangeError(`Business time to add must be a finite, non-negative number of ms: ${duration}`);
  }
  if (c.alwaysOpen) return start + duration;
  const firstDay = localDay(c.timeZone, start);
  let remaining = duration;
  let idle = 0;
  for (let d = firstDay - 1; ; d++) {
    if (d > firstDay) {
      // Skip whole plain weeks while more than a week's coverage is left.
      while (remaining > c.weekMs && plainWeekStart(c, d) !== null) {
        remaining -= c.weekMs;
        d += 7;
      }
    }
    const spans = dayIntervals(c, d);
    if (spans.length === 0) {
      if (++idle > MAX_SCAN_DAYS) throw new RangeError('This calendar has no coverage hours.');
      continue;
    }
    idle = 0;
    for (const [s, e] of spans) {
      if (e <= start) continue;
      const from = Math.max(s, start);
      if (from + remaining <= e) return from + remaining;
      remaining -= e - from;
    }
  }
}

/**
 * The instant by which `durationMs` of business time has passed since `start`: the earliest instant at
 * which `businessTimeBetween(calendar, start, result) === durationMs`. If `start` is outside coverage the
 * clock starts at the next opening, so a zero duration gives `nextOpening(start)`. A result is always
 * open or the end of a coverage interval (e.g. 17:30 exactly).
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Instant, durationMs: number): string {
  return iso(addMs(compile(calendar), toMs(start), durationMs));
}

function betweenMs(c: Compiled, a: number, b: number): number {
  if (b <= a) return 0;
  if (c.alwaysOpen) return b - a;
  const firstDay = localDay(c.timeZone, a);
  let total = 0;
  for (let d = firstDay - 1; ; d++) {
    if (d > firstDay) {
      for (;;) {
        const weekStart = plainWeekStart(c, d);
        if (weekStart === null || weekStart + 7 * DAY > b) break;
        total += c.weekMs;
        d += 7;
      }
      if (wallToUtc(c.timeZone, d * DAY) >= b) return total;
    }
    for (const [s, e] of dayIntervals(c, d)) {
      if (s >= b) return total;
      const from = Math.max(s, a);
      const to = Math.min(e, b);
      if (to > from) total += to - from;
    }
  }
}

/** Business time (ms of coverage) in [a, b); 0 when b <= a. */
export function businessTimeBetween(calendar: BusinessCalendar, a: Instant, b: Instant): number {
  return betweenMs(compile(calendar), toMs(a), toMs(b));
}

// ---------------------------------------------------------------------------------------------------
// SLA clocks

/** One entry of a ticket's status history: the ticket entered `status` at `at`. */
export interface StatusChange {
  status: string;
  at: Instant;
}

export interface SlaClockInput {
  /** When the clock started (the ticket was created, or the target was set). */
  startedAt: Instant;
  /** The target in business ms (e.g. 4 business hours = 4 * 3_600_000). */
  targetMs: number;
  /**
   * Status changes in any order (sorted stably by `at`, so of two at the same instant the later in the
   * list wins). The status in effect at `startedAt` is the latest change at or before it (none: not
   * paused). Changes after now, or at or after `stoppedAt`, are ignored.
   */
  history: readonly StatusChange[];
  /** Statuses that pause the clock; default DEFAULT_PAUSING_STATUSES ('waiting-on-client', the status value). */
  pausingStatuses?: readonly string[];
  /** The current instant (the caller's clock). */
  now: Instant;
  /** When the target was met (first public response sent, or resolved); absent or null while open. */
  stoppedAt?: Instant | null;
}

export type SlaState = 'running' | 'paused' | 'met' | 'breached';

export interface SlaClock {
  /**
   * When the target is (or was) due. Once the target has been used up this is the fixed instant it ran
   * out; before that it is projected from the clock's end (now, or `stoppedAt`), and null when the clock
   * is paused there (the due instant moves while paused).
   */
  dueAt: string | null;
  /** Business time counted so far (pauses excluded), up to now or `stoppedAt`. */
  elapsedMs: number;
  /** Business time left: max(0, target - elapsed). */
  remainingMs: number;
  /** Business time over the target: max(0, elapsed - target). */
  overdueMs: number;
  /** Business time excluded by pauses (coverage that fell inside a pausing status). */
  pausedMs: number;
  /** Since when the clock is paused (the clock's end lies in a pausing status); else null. */
  pausedSince: string | null;
  /**
   * 'met': stopped within the target; 'breached': stopped after it, or not stopped and past `dueAt`
   * (a clock paused after its deadline stays breached); 'paused' / 'running' otherwise.
   */
  state: SlaState;
  /** Running or paused with under 25 % of the target left (never when met or breached). */
  atRisk: boolean;
  /** Echo of the input's `stoppedAt` as ISO, or null. */
  stoppedAt: string | null;
}

/** Share of the target under which a live clock counts as at risk. */
export const AT_RISK_SHARE = 0.25;

/** The state of an SLA clock at `now`, with business time spent in pausing statuses excluded. */
export function slaClock(calendar: BusinessCalendar, input: SlaClockInput): SlaClock {
  const c = compile(calendar);
  const target = input.targetMs;
  if (!(target >= 0) || !Number.isFinite(target)) {
    throw new RangeError(`An SLA target must be a finite, non-negative number of ms: ${target}`);
  }
  const start = toMs(input.startedAt);
  const stopped = input.stoppedAt == null ? null : toMs(input.stoppedAt);
  const now = toMs(input.now);
  const end = Math.max(start, stopped ?? now);
  const pausing = new Set(input.pausingStatuses ?? DEFAULT_PAUSING_STATUSES);

  // The running segments of [start, end): the stretches not in a pausing status.
  const changes = input.history
    .map((h) => ({ paused: pausing.has(h.status), at: toMs(h.at) }))
    .sort((x, y) => x.at - y.at);
  let paused = false;
  let since = start;
  const running: Span[] = [];
  const pauses: Span[] = [];
  for (const change of changes) {
    if (change.at <= start) {
      paused = change.paused;
      continue;
    }
    // A change at the very end still says whether a live clock is paused now; a stopped clock ignores it.
    if (change.at > end || (stopped !== null && change.at === end)) break;
    if (change.paused === paused) continue;
    (paused ? pauses : running).push([since, change.at]);
    paused = change.paused;
    since = change.at;
  }
  (paused ? pauses : running).push([since, end]);

  let elapsed = 0;
  let dueAt: number | null = null;
  for (const [s, e] of running) {
    const span = betweenMs(c, s, e);
    if (dueAt === null && elapsed + span >= target) dueAt = addMs(c, s, target - elapsed);
    elapsed += span;
  }
  const pausedMs = pauses.reduce((sum, [s, e]) => sum + betweenMs(c, s, e), 0);
  if (dueAt === null && !paused) dueAt = addMs(c, end, target - elapsed);

  let state: SlaState;
  if (stopped !== null) state = dueAt !== null && elapsed >= target && stopped > dueAt ? 'breached' : 'met';
  else if (dueAt !== null && now > dueAt) state = 'breached';
  else state = paused ? 'paused' : 'running';

  const remainingMs = Math.max(0, target - elapsed);
  return {
    dueAt: dueAt === null ? null : iso(dueAt),
    elapsedMs: elapsed,
    remainingMs,
    overdueMs: Math.max(0, elapsed - target),
    pausedMs,
    pausedSince: paused ? iso(since) : null,
    state,
    atRisk: (state === 'running' || state === 'paused') && remainingMs < target * AT_RISK_SHARE,
    stoppedAt: stopped === null ? null : iso(stopped),
  };
}
