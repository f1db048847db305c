import type { TicketPriority } from '../../shared/schemas/tickets.ts';

/** Priority badge colours, the same on both faces; every badge also carries the priority in words. */
export const priorityColors: Record<TicketPriority, string> = {
  low: 'gray',
  medium: 'blue',
  high: 'orange',
  critical: 'red',
};

/** "1 h 20 min", "45 min", "2 h", "0 min" of logged time. */
export function formatMinutes(total: number): string {
  const minutes = Math.max(0, Math.round(total));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
