import { message } from '../../../shared/i18n/i18n.ts';
import type { PreviewParams, PreviewStartResponse } from '../../../shared/schemas/preview.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import type { NewSession } from '../auth/auth.service.ts';
import { contactsService } from '../contacts/contacts.service.ts';
import type { ModuleDeps } from '../deps.ts';

/** The portal address a preview opens; the portal adds X-Portico-Preview to its calls from there on. */

/** Who may preview the portal as a contact (see requireAccess): staff whose role has portal:preview. */
export const previewPolicies = {
  start: {
    what: message('errors:notFound.contact'),
    staff: { permission: 'portal:preview', denied: message('errors:forbidden.default') },
  },
} as const satisfies Record<string, AccessPolicy>;

export const PREVIEW_URL = '/portal/?preview=1';

export type PreviewService = ReturnType<typeof createPreviewService>;

/**
 * A staff user sees the portal exactly as one contact does, read-only. The preview is a session of
 * its own (the staff account's, marked with the contact), kept in a separate cookie, so the staff
 * session carries on untouched; auth.hooks.ts refuses every change made through it.
 */
export function createPreviewService(deps: Pick<ModuleDeps, 'database' | 'auth' | 'audit'>) {
  const { database, auth, audit } = deps;
  return {
    async start(
      actor: StaffActor,
      params: PreviewParams,
      meta: RequestMeta,
      /** The preview cookie this browser already holds: a new preview replaces it. */
      previousToken: string | undefined,
    ): Promise<{ session: NewSession; response: PreviewStartResponse }> {
      const { db } = database.forActor(actor);
      await requireAccess(db, previewPolicies.start);
      // Another client's contact and a missing one are the same answer: 404.
      const contact = await contactsService.getForStaff(db, params.clientId, params.contactId);
      // Recorded first: a preview that cannot be audited does not start.
      await audit.record(db, {
        actor,
        action: 'portal.preview_started',
        clientId: params.clientId,
        target: { type: 'contact', id: contact.id },
        details: { contactName: contact.name },
        meta,
      });
      if (previousToken) await auth.logout(sha256Hex(previousToken));
      const session = await auth.createSession(actor.accountId, false, meta, {
        previewContactId: contact.id,
        db,
      });
      return { session, response: { url: PREVIEW_URL } };
    },
  };
}
