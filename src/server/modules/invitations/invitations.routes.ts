import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { meResponse } from '../../../shared/schemas/auth.ts';
import { errorEnvelope } from '../../../shared/schemas/common.ts';
import {
  acceptInvitationBody,
  clientParams,
  createdInviteLink,
  createInviteLinkBody,
  invitationDescription,
  inviteBody,
  inviteLink,
  inviteLinkDescription,
  inviteLinkParams,
  inviteLinksPage,
  inviteLinksQuery,
  inviteResponse,
  joinBody,
  tokenBody,
} from '../../../shared/schemas/invitations.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { staffOnly } from '../../platform/http/actors.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { AuthHooks } from '../auth/auth.hooks.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { InvitationsService } from './invitations.service.ts';

const withConflict = { ...errorResponses, 409: errorEnvelope } as const;

/**
 * Portal invitations and shareable invite links. Tokens always travel in request bodies, never in
 * paths or query strings, so they do not end up in access logs.
 */
export function invitationsRoutes(
  app: FastifyInstance,
  deps: { invitations: InvitationsService; auth: AuthService; hooks: AuthHooks },
) {
  const service = deps.invitations;
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** Signs in the account that has just been created through a link, like a password sign-in would. */
  async function signIn(request: FastifyRequest, reply: FastifyReply, accountId: number) {
    if (request.session) await deps.auth.logout(request.session.id);
    const { actor, session } = await service.openSession(accountId, requestMeta(request));
    const csrf = deps.hooks.startSession(reply, session);
    return deps.auth.me(actor, csrf);
  }

  r.post(
    '/api/v1/clients/:clientId/invitations',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' }, idempotency: 'keyed' },
      schema: {
        tags: ['invitations'],
        summary:
          'Invite contacts to the portal: an emailed single-use link, a password staff set, or a generated one shown once',
        params: clientParams,
        body: inviteBody,
        response: { 200: inviteResponse, ...withConflict },
      },
    },
    (request) =>
      service.invite(
        staffOnly(request.actor),
        request.params.clientId,
        request.body,
        requestMeta(request),
        requestLanguage(request),
      ),
  );

  r.post(
    '/api/v1/invitations/describe',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['invitations'],
        summary: 'Whether an invitation link still works, and for whom',
        body: tokenBody,
        response: { 200: invitationDescription, ...errorResponses },
      },
    },
    (request) => service.describeInvitation(request.body.token),
  );

  r.post(
    '/api/v1/invitations/accept',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['invitations'],
        summary: 'Accept an invitation: set the password, create the login and sign in',
        body: acceptInvitationBody,
        response: { 200: meResponse, ...withConflict },
      },
    },
    async (request, reply) => {
      const { accountId } = await service.acceptInvitation(request.body, requestMeta(request));
      return signIn(request, reply, accountId);
    },
  );

  r.get(
    '/api/v1/clients/:clientId/invite-links',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags: ['invitations'],
        summary: 'Shareable invite links of a client, newest first, with uses, expiry and status',
        params: clientParams,
        querystring: inviteLinksQuery,
        response: { 200: inviteLinksPage, ...errorResponses },
      },
    },
    (request) => service.listLinks(staffOnly(request.actor), request.params.clientId, request.query),
  );

  r.post(
    '/api/v1/clients/:clientId/invite-links',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' }, idempotency: 'keyed' },
      schema: {
        tags: ['invitations'],
        summary: 'Create a shareable invite link; its address is in this answer only',
        params: clientParams,
        body: createInviteLinkBody,
        response: { 201: createdInviteLink, ...withConflict },
      },
    },
    async (request, reply) => {
      const created = await service.createLink(
        staffOnly(request.actor),
        request.params.clientId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(created);
    },
  );

  r.delete(
    '/api/v1/clients/:clientId/invite-links/:id',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' } },
      schema: {
        tags: ['invitations'],
        summary: 'Revoke an invite link; nobody can join with it afterwards',
        params: inviteLinkParams,
        response: { 200: inviteLink, ...errorResponses },
      },
    },
    (request) =>
      service.revokeLink(
        staffOnly(request.actor),
        request.params.clientId,
        request.params.id,
        requestMeta(request),
      ),
  );

  r.post(
    '/api/v1/invite-links/describe',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['invitations'],
        summary: 'What an invite link joins (organisation, portal, client) and whether it still works',
        body: tokenBody,
        response: { 200: inviteLinkDescription, ...errorResponses },
      },
    },
    (request) => service.describeLink(request.body.token),
  );

  r.post(
    '/api/v1/invite-links/join',
    {
      config: {
        policy: { auth: 'public' },
        // Keyed by the invite link and the browser that sent it (decision 008): only that browser can
        // see the answer again, and only by sending the same body, password included.
        idempotency: {
          keyed: 'public',
          scope: (request) => `invite:${sha256Hex((request.body as { token: string }).token)}`,
        },
      },
      schema: {
        tags: ['invitations'],
        summary: 'Create a Standard portal login for the link’s client and sign in',
        body: joinBody,
        response: { 201: meResponse, ...withConflict },
      },
    },
    async (request, reply) => {
      const { accountId } = await service.join(request.body, requestMeta(request));
      const me = await signIn(request, reply, accountId);
      return reply.code(201).send(me);
    },
  );
}
