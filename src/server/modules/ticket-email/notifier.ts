import type { ModuleDeps } from '../index.ts';
import type { TicketNotifier, TicketsAccess } from '../tickets/contracts.ts';

/** Ticket notification emails (owned by modules/ticket-email). */
export function createTicketNotifier(_deps: ModuleDeps & { tickets: () => TicketsAccess }): TicketNotifier {
  return {
    async ticketCreated() {},
    async messagePosted() {},
    async statusChanged() {},
  };
}
