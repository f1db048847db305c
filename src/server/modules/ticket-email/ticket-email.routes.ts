import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../index.ts';
import type { AttachmentsService, TicketsAccess } from '../tickets/contracts.ts';

/** Inbound email (IMAP polling, SMTP listener) and the held-email review routes. */
export function ticketEmailRoutes(
  _app: FastifyInstance,
  _deps: ModuleDeps & { tickets: TicketsAccess; attachments: AttachmentsService },
): void {}
