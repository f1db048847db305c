import type { ModuleDeps } from '../index.ts';
import type {
  AttachmentsService,
  SupportConfigDirectory,
  TicketNotifier,
  TicketsAccess,
} from './contracts.ts';

export type TicketsService = TicketsAccess;

export function createTicketsService(
  _deps: ModuleDeps & {
    attachments: AttachmentsService;
    notifier: TicketNotifier;
    supportConfig: SupportConfigDirectory;
  },
): TicketsService {
  const pending = (): never => {
    throw new Error('tickets: not built yet');
  };
  return {
    visibleTicket: pending,
    forEmail: pending,
    messageForEmail: pending,
    createFromEmail: pending,
    replyFromEmail: pending,
    publishAfterCommit: pending,
  };
}
