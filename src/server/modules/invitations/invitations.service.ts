import { type Bound, bindContext } from '../../platform/context.ts';
import type { InvitationsContext } from './invitations.context.ts';
import { acceptInvitation, describeInvitation, inviteContacts, openSession } from './invitations.invite.ts';
import { createLink, describeLink, joinByLink, listLinks, revokeLink } from './invitations.links.ts';

export { EMAIL_EXISTS_MESSAGE, type InvitationsContext } from './invitations.context.ts';
export { INVITE_TTL_DAYS } from './invitations.invite.ts';
export { linkErrors } from './invitations.links.ts';

/**
 * Portal invitations: emailed invitations and staff-set passwords (invitations.invite.ts), and
 * shareable invite links (invitations.links.ts). Each use case takes the context first; the
 * composition root binds them once, so callers write `invitations.invite(actor, clientId, body, meta)`.
 */
export const invitationsUseCases = {
  openSession,
  invite: inviteContacts,
  describeInvitation,
  acceptInvitation,
  createLink,
  listLinks,
  revokeLink,
  describeLink,
  join: joinByLink,
};

export type InvitationsService = Bound<InvitationsContext, typeof invitationsUseCases>;

export function createInvitationsService(ctx: InvitationsContext): InvitationsService {
  return bindContext(ctx, invitationsUseCases);
}
