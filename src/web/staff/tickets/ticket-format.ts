import type { TicketStatus } from '../../../shared/schemas/tickets.ts';

/** Badge colours; every badge also carries the status or priority in words. */
export const statusColors: Record<TicketStatus, string> = {
  new: 'blue',
  open: 'cyan',
  'in-progress': 'indigo',
  'waiting-on-client': 'yellow',
  'waiting-on-vendor': 'orange',
  resolved: 'teal',
  closed: 'gray',
};

/** A ticket id from what a person types: "42", "#42" or " # 42 "; null for anything else. */
export function parseTicketNumber(input: string): number | null {
  const match = /^\s*#?\s*(\d{1,10})\s*$/.exec(input);
  if (!match) return null;
  const n = Number(match[1]);
  return n > 0 && n <= 2_147_483_647 ? n : null;
}

/**
 * A count for a queue card: the list is read a page at a time, so a full page with more means "100+".
 * `formatNumber` puts the digits in the viewer's language (useFormat().number).
 */
export function countLabel(
  count: number,
  more: boolean,
  formatNumber: (n: number) => string = String,
): string {
  return more ? `${formatNumber(count)}+` : formatNumber(count);
}

const WEEK = 7 * 24 * 60 * 60 * 1000;

/**
 * How long ago `iso` was, as a signed offset for a relative time ("5 minutes ago"), never in the future
 * (a clock slightly behind the server) and at least a minute ago; null when older than a week or not an
 * instant (show the date instead).
 */
export function recentOffset(iso: string, now: number): number | null {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return null;
  const ago = now - then;
  if (ago > WEEK) return null;
  return -Math.max(60_000, ago);
}
