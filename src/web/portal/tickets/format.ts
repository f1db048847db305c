import { ticketPriorityKeys, ticketStatusKeys } from '../../../shared/i18n/labels.ts';
import type { TicketPriority, TicketStatus } from '../../../shared/schemas/tickets.ts';
import { webI18n } from '../../ui/i18n/instance.ts';

/** Outside components: the page's i18next (a component calling these re-renders on a language change). */
const t = (key: string, params?: Record<string, unknown>) => webI18n.t(key, params ?? {});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago"; null past four weeks (show the date). */
export function relativeTime(iso: string, now: number): string | null {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  if (ms < MINUTE) return t('portalApp:time.justNow');
  if (ms < HOUR) return t('portalApp:time.minutesAgo', { count: Math.floor(ms / MINUTE) });
  if (ms < DAY) return t('portalApp:time.hoursAgo', { count: Math.floor(ms / HOUR) });
  const days = Math.floor(ms / DAY);
  if (days === 1) return t('portalApp:time.yesterday');
  if (days < 28) return t('portalApp:time.daysAgo', { count: days });
  return null;
}

/** The contact's view of a status: "Waiting on Client" reads "Waiting on you" in the portal. */
export function statusWords(status: TicketStatus): string {
  return status === 'waiting-on-client' ? t('portalApp:status.waitingOnYou') : t(ticketStatusKeys[status]);
}

export function priorityWords(priority: TicketPriority): string {
  return t(ticketPriorityKeys[priority]);
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
