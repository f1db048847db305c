import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { csrfResponse, loginBody, loginResponse, meResponse } from '../../../shared/schemas/auth.ts';
import { okResponse } from '../../../shared/schemas/common.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { AuthHooks } from './auth.hooks.ts';
import type { AuthService } from './auth.service.ts';

export function authRoutes(app: FastifyInstance, deps: { auth: AuthService; hooks: AuthHooks }) {
  const { auth, hooks } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/auth/csrf',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['auth'],
        summary: 'Get the CSRF token to send as X-CSRF-Token on every state-changing request',
        response: { 200: csrfResponse },
      },
    },
    async (request, reply) => ({ csrfToken: hooks.csrfToken(request, reply) }),
  );

  r.post(
    '/api/v1/auth/login',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['auth'],
        summary:
          'Sign in with email and password (staff and contacts alike). With two-factor authentication on, the answer is `{ mfaRequired, challengeToken }`: send a code to /auth/login/mfa next.',
        body: loginBody,
        response: { 200: loginResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const outcome = await auth.login(request.body, requestMeta(request));
      if (outcome.kind === 'mfa') {
        return {
          mfaRequired: true as const,
          challengeToken: outcome.challengeToken,
          expiresAt: outcome.expiresAt,
        };
      }
      // A sign-in always starts a new session; any session this browser had is ended.
      if (request.session) await auth.logout(request.session.id);
      const csrf = hooks.startSession(reply, outcome.session);
      return auth.me(outcome.actor, csrf);
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      config: { policy: { auth: 'public', previewAllowed: true } },
      schema: {
        tags: ['auth'],
        summary: 'Sign out and end this session',
        response: { 200: okResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor?.kind === 'contact' && actor.previewBy && request.session) {
        // Leaving a preview ends only the preview; the staff session stays.
        await auth.logout(request.session.id);
        hooks.endPreview(reply);
        return { ok: true as const };
      }
      if (request.session) await auth.logout(request.session.id, actor, requestMeta(request));
      hooks.endSession(reply);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/me',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags: ['auth'],
        summary: 'Who the signed-in actor is: staff with role, or contact with client and permissions',
        response: { 200: meResponse, ...errorResponses },
      },
    },
    async (request, reply) => auth.me(request.actor!, hooks.csrfToken(request, reply)),
  );
}
