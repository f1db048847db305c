import type { FastifyInstance } from 'fastify';
import { attachmentsRoutes } from './attachments/attachments.routes.ts';
import { createAttachments } from './attachments/attachments.service.ts';
import { eventsRoutes } from './events/events.routes.ts';
import type { ModuleDeps } from './index.ts';
import { supportConfigDirectory } from './support-config/support-config.directory.ts';
import { supportConfigRoutes } from './support-config/support-config.routes.ts';
import { createTicketNotifier } from './ticket-email/notifier.ts';
import { ticketEmailRoutes } from './ticket-email/ticket-email.routes.ts';
import { ticketsRoutes } from './tickets/tickets.routes.ts';
import { createTicketsService, type TicketsService } from './tickets/tickets.service.ts';

/**
 * Support (issue 4): the modules and the seams between them (see tickets/contracts.ts). The notifier
 * reads tickets lazily, since the tickets service is built with the notifier.
 */
export function registerSupport(app: FastifyInstance, deps: ModuleDeps): void {
  let tickets: TicketsService | null = null;
  const ticketsAccess = () => {
    if (!tickets) throw new Error('The tickets service is not built yet');
    return tickets;
  };
  const attachments = createAttachments(deps);
  const notifier = createTicketNotifier({ ...deps, tickets: ticketsAccess });
  tickets = createTicketsService({ ...deps, attachments, notifier, supportConfig: supportConfigDirectory });

  supportConfigRoutes(app, deps);
  ticketsRoutes(app, { ...deps, tickets });
  attachmentsRoutes(app, { ...deps, attachments, tickets });
  eventsRoutes(app, { ...deps, tickets });
  ticketEmailRoutes(app, { ...deps, tickets, attachments });
}
