import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { translate } from '../../../shared/i18n/i18n.ts';
import { errorEnvelope } from '../../../shared/schemas/common.ts';
import {
  completeResetBody,
  contactResetParams,
  passwordResetAccepted,
  passwordResetRequestBody,
  resetCompleted,
  resetDescription,
  resetTokenBody,
} from '../../../shared/schemas/password-reset.ts';
import { staffOnly } from '../../platform/http/actors.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { PasswordResetService } from './password-reset.service.ts';

/** "Forgot password?" for both faces, and staff sending a contact a reset link. */
export function passwordResetRoutes(app: FastifyInstance, deps: { passwordReset: PasswordResetService }) {
  const service = deps.passwordReset;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/auth/password-reset',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['auth'],
        summary:
          'Ask for a password reset link; the answer is the same whether or not an account uses the email',
        body: passwordResetRequestBody,
        response: { 202: passwordResetAccepted, ...errorResponses },
      },
    },
    async (request, reply) => {
      const accepted = await service.request(request.body.email, requestMeta(request));
      return reply
        .code(202)
        .send({ ok: true, message: translate(requestLanguage(request), accepted.message) });
    },
  );

  r.post(
    '/api/v1/auth/password-reset/describe',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['auth'],
        summary: 'Whether a password reset link still works',
        body: resetTokenBody,
        response: { 200: resetDescription, ...errorResponses },
      },
    },
    (request) => service.describe(request.body.token),
  );

  r.post(
    '/api/v1/auth/password-reset/complete',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['auth'],
        summary:
          'Set a new password with a reset link; ends every session of the account. Sign in afterwards.',
        body: completeResetBody,
        response: { 200: resetCompleted, ...errorResponses, 409: errorEnvelope },
      },
    },
    (request) => service.complete(request.body, requestMeta(request)),
  );

  r.post(
    '/api/v1/clients/:clientId/contacts/:contactId/password-reset',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' } },
      schema: {
        tags: ['invitations'],
        summary: 'Email a contact a single-use link to choose a new password',
        params: contactResetParams,
        response: { 202: passwordResetAccepted, ...errorResponses, 409: errorEnvelope },
      },
    },
    async (request, reply) => {
      const accepted = await service.requestForContact(
        staffOnly(request.actor),
        request.params.clientId,
        request.params.contactId,
        requestMeta(request),
      );
      return reply
        .code(202)
        .send({ ok: true, message: translate(requestLanguage(request), accepted.message) });
    },
  );
}
