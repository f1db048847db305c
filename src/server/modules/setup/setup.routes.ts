import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { meResponse } from '../../../shared/schemas/auth.ts';
import { errorEnvelope } from '../../../shared/schemas/common.ts';
import { setupBody, setupStatus } from '../../../shared/schemas/setup.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { AuthHooks } from '../auth/auth.hooks.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { SetupService } from './setup.service.ts';

export function setupRoutes(
  app: FastifyInstance,
  deps: { setup: SetupService; auth: AuthService; hooks: AuthHooks },
) {
  const { setup, auth, hooks } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/setup',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['setup'],
        summary: 'Whether first-run setup is still needed',
        response: { 200: setupStatus },
      },
    },
    () => setup.status(),
  );

  r.post(
    '/api/v1/setup',
    {
      config: {
        policy: { auth: 'public' },
        // Keyed by first-run setup and the browser that sent it (decision 008): only that browser can
        // see the answer again, and only by sending the same body, password included.
        idempotency: { keyed: 'public', scope: () => 'setup' },
      },
      schema: {
        tags: ['setup'],
        summary:
          'First-run setup: create the organisation and its owner (and optionally demo data); signs the owner in',
        body: setupBody,
        response: { 201: meResponse, ...errorResponses, 409: errorEnvelope },
      },
    },
    async (request, reply) => {
      const actor = await setup.setup(request.body, requestMeta(request));
      const session = await auth.createSession(actor.accountId, false, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      const csrf = hooks.startSession(reply, session);
      reply.code(201);
      return auth.me(actor, csrf);
    },
  );
}
