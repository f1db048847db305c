import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import { errorEnvelope } from '../../../shared/schemas/common.ts';
import {
  alertStaffOptionList,
  brandingResponse,
  settingsPatch,
  settingsResponse,
} from '../../../shared/schemas/settings.ts';
import { errors } from '../../platform/errors.ts';
import { staffOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { maxLogoBytes, type SettingsService } from './settings.service.ts';

export function settingsRoutes(app: FastifyInstance, deps: { settings: SettingsService }) {
  const { settings } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/branding',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['settings'],
        summary: 'Public branding: enough to paint the sign-in page',
        response: { 200: brandingResponse },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return settings.branding();
    },
  );

  r.get(
    '/api/v1/branding/logo',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['settings'],
        summary: 'The organisation logo image',
        querystring: z.object({ v: z.string().max(64).optional() }).strict(),
      },
    },
    async (request, reply) => {
      const logo = await settings.logo();
      if (!logo) throw errors.notFound(message('errors:notFound.logo'));
      reply.header('etag', logo.etag);
      if (request.headers['if-none-match'] === logo.etag) return reply.code(304).send();
      reply
        .type(logo.type)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', 'inline; filename="logo"')
        .header(
          'cache-control',
          request.query.v ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
        );
      return reply.send(logo.data);
    },
  );

  r.get(
    '/api/v1/settings',
    {
      config: { policy: { auth: 'staff', permission: 'settings:view' } },
      schema: {
        tags: ['settings'],
        summary: 'Organisation settings',
        response: { 200: settingsResponse, ...errorResponses },
      },
    },
    (request) => settings.get(staffOnly(request.actor)),
  );

  r.get(
    '/api/v1/settings/alert-staff',
    {
      config: { policy: { auth: 'staff', permission: 'settings:view' } },
      schema: {
        tags: ['settings'],
        summary: 'The active staff who can be chosen to get every alert (alertStaffAccountIds)',
        response: { 200: alertStaffOptionList, ...errorResponses },
      },
    },
    (request) => settings.alertStaffOptions(staffOnly(request.actor)),
  );

  r.patch(
    '/api/v1/settings',
    {
      config: { policy: { auth: 'staff', permission: 'settings:edit' } },
      schema: {
        tags: ['settings'],
        summary: 'Change organisation settings; send only the fields to change',
        body: settingsPatch,
        response: { 200: settingsResponse, ...errorResponses },
      },
    },
    (request) => settings.update(staffOnly(request.actor), request.body),
  );

  r.put(
    '/api/v1/settings/logo',
    {
      config: { policy: { auth: 'staff', permission: 'settings:edit' } },
      schema: {
        tags: ['settings'],
        summary: 'Upload the logo (multipart/form-data, field "file"; PNG, JPEG or WebP, at most 1 MB)',
        consumes: ['multipart/form-data'],
        response: { 200: settingsResponse, ...errorResponses, 413: errorEnvelope, 415: errorEnvelope },
      },
    },
    async (request) => {
      const file = await request.file({ limits: { fileSize: maxLogoBytes, files: 1, fields: 0 } });
      if (!file)
        throw errors.validation(
          { file: message('errors:settings.chooseImageField') },
          message('errors:upload.noFile'),
        );
      const data = await file.toBuffer();
      if (data.length === 0)
        throw errors.validation({ file: message('errors:upload.empty') }, message('errors:upload.empty'));
      return settings.setLogo(staffOnly(request.actor), data);
    },
  );

  r.delete(
    '/api/v1/settings/logo',
    {
      config: { policy: { auth: 'staff', permission: 'settings:edit' } },
      schema: {
        tags: ['settings'],
        summary: 'Remove the logo',
        response: { 200: settingsResponse, ...errorResponses },
      },
    },
    (request) => settings.removeLogo(staffOnly(request.actor)),
  );
}
