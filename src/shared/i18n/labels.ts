import type { TicketPriority, TicketStatus } from '../schemas/tickets.ts';
import type { Message } from './i18n.ts';

/** Catalogue keys of the words both faces and the emails show for a ticket's status and priority. */
export const ticketStatusKeys: Record<TicketStatus, Message['key']> = {
  new: 'common:ticketStatus.new',
  open: 'common:ticketStatus.open',
  'in-progress': 'common:ticketStatus.inProgress',
  'waiting-on-client': 'common:ticketStatus.waitingOnClient',
  'waiting-on-vendor': 'common:ticketStatus.waitingOnVendor',
  resolved: 'common:ticketStatus.resolved',
  closed: 'common:ticketStatus.closed',
};

export const ticketPriorityKeys: Record<TicketPriority, Message['key']> = {
  low: 'common:ticketPriority.low',
  medium: 'common:ticketPriority.medium',
  high: 'common:ticketPriority.high',
  critical: 'common:ticketPriority.critical',
};
