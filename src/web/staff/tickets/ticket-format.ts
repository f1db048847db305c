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

/** A count for a queue card: the list is read a page at a time, so a full page with more means "100+". */
export function countLabel(count: number, more: boolean): string {
  return more ? `${count}+` : String(count);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago"; null when older than a week (show the date instead). */
export function relativeTime(iso: string, now: number): string | null {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return null;
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days <= 7) return days === 1 ? 'yesterday' : `${days} days ago`;
  return null;
}
