import type { ModuleDeps } from '../deps.ts';
import type { AttachmentsService, SupportConfigDirectory } from './contracts.ts';

/** Where publishing failures are reported (the composition root hands over the app's logger). */
export interface TicketsLogger {
  error(obj: object, msg: string): void;
}

/** What the tickets module's services are built from (composition.ts passes it to createTicketsService). */
export type TicketsDeps = ModuleDeps & {
  attachments: AttachmentsService;
  supportConfig: SupportConfigDirectory;
};

/**
 * The tickets module's context: every use case takes it first. `log` is set once by `setLogger` (the
 * app's logger exists after the services are built).
 */
export interface TicketsContext extends TicketsDeps {
  log?: TicketsLogger;
}
