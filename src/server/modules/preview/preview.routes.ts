import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { previewParams, previewStartResponse } from '../../../shared/schemas/preview.ts';
import { errors } from '../../platform/errors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { AuthHooks } from '../auth/auth.hooks.ts';
import type { PreviewService } from './preview.service.ts';

export function previewRoutes(app: FastifyInstance, deps: { preview: PreviewService; hooks: AuthHooks }) {
  const service = deps.preview;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/clients/:clientId/contacts/:contactId/preview',
    {
      config: { policy: { auth: 'staff', permission: 'portal:preview' } },
      schema: {
        tags: ['preview'],
        summary:
          'Start a read-only preview of the portal as this contact; open the returned URL (in a new tab) to see it',
        params: previewParams,
        response: { 200: previewStartResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor?.kind !== 'staff') throw errors.forbidden();
      const { session, response } = await service.start(
        actor,
        request.params,
        requestMeta(request),
        request.cookies[deps.hooks.names.preview],
      );
      deps.hooks.startPreview(reply, session);
      return response;
    },
  );
}
