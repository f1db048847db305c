import type { ModuleDeps } from '../index.ts';
import type { AttachmentsService } from '../tickets/contracts.ts';

/** Uploads, stored files and their thumbnails for tickets (owned by modules/attachments). */
export function createAttachments(_deps: ModuleDeps): AttachmentsService {
  const pending = (): never => {
    throw new Error('attachments: not built yet');
  };
  return {
    linkPending: pending,
    storeAttached: pending,
    listForTickets: async () => [],
    moveToTicket: pending,
  };
}
