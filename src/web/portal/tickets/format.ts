import {
  type TicketPriority,
  type TicketStatus,
  ticketPriorityLabels,
  ticketStatusLabels,
} from '../../../shared/schemas/tickets.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago"; null past four weeks (show the date). */
export function relativeTime(iso: string, now: number): string | null {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ago`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ago`;
  const days = Math.floor(ms / DAY);
  if (days === 1) return 'yesterday';
  if (days < 28) return `${days} days ago`;
  return null;
}

/** The contact's view of a status: "Waiting on Client" reads "Waiting on you" in the portal. */
export function statusWords(status: TicketStatus): string {
  return status === 'waiting-on-client' ? 'Waiting on you' : ticketStatusLabels[status];
}

export function priorityWords(priority: TicketPriority): string {
  return ticketPriorityLabels[priority];
}

export const statusColors: Record<TicketStatus, string> = {
  new: 'blue',
  open: 'cyan',
  'in-progress': 'indigo',
  'waiting-on-client': 'orange',
  'waiting-on-vendor': 'grape',
  resolved: 'teal',
  closed: 'gray',
};
