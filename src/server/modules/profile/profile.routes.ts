import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorEnvelope, okResponse } from '../../../shared/schemas/common.ts';
import { personLocalePatch, profileLocaleResponse } from '../../../shared/schemas/locale.ts';
import {
  appearance,
  emailChangeBody,
  emailChangeResponse,
  emailConfirmBody,
  emailConfirmResponse,
  notificationPrefs,
  passwordChangeBody,
  passwordChangeResponse,
  profilePatch,
  profileResponse,
  revokeOthersResponse,
  sessionParams,
  sessionsResponse,
  signInHistoryQuery,
  signInHistoryResponse,
} from '../../../shared/schemas/profile.ts';
import { errors } from '../../platform/errors.ts';
import { signedInSession } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { ModuleDeps } from '../deps.ts';
import type { ProfileLocaleService } from './profile.locale.ts';
import type { ProfileService } from './profile.service.ts';

const MINUTE = 60_000;

/** The signed-in person's own profile, for staff and contacts alike (`/staff/profile`, `/portal/profile`). */
export function profileRoutes(
  app: FastifyInstance,
  deps: Pick<ModuleDeps, 'config' | 'rateLimiter'> & {
    profile: ProfileService;
    profileLocale: ProfileLocaleService;
  },
) {
  const { profile } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['profile'];
  const any = { policy: { auth: 'any' as const } };

  r.get(
    '/api/v1/profile',
    {
      config: any,
      schema: {
        tags,
        summary: 'Your own profile: name, email, phones (contacts), security state and notification choices',
        response: { 200: profileResponse, ...errorResponses },
      },
    },
    (request) => profile.get(signedInSession(request).actor),
  );

  r.patch(
    '/api/v1/profile',
    {
      config: any,
      schema: {
        tags,
        summary: 'Change your name (and, for contacts, phone and mobile); send only what changes',
        body: profilePatch,
        response: { 200: profileResponse, ...errorResponses },
      },
    },
    (request) => profile.update(signedInSession(request).actor, request.body, requestMeta(request)),
  );

  r.put(
    '/api/v1/profile/notifications',
    {
      config: any,
      schema: {
        tags,
        summary: 'Which emails you want: ticket updates, invoices, announcements',
        body: notificationPrefs,
        response: { 200: notificationPrefs, ...errorResponses },
      },
    },
    (request) => profile.setNotifications(signedInSession(request).actor, request.body),
  );

  r.get(
    '/api/v1/profile/locale',
    {
      config: any,
      schema: {
        tags,
        summary:
          'Your language, time zone and date format (null: your client’s or the organisation’s), and what is in effect',
        response: { 200: profileLocaleResponse, ...errorResponses },
      },
    },
    (request) => deps.profileLocale.get(signedInSession(request).actor),
  );

  r.put(
    '/api/v1/profile/locale',
    {
      config: any,
      schema: {
        tags,
        summary: 'Choose your language, time zone and date format; null inherits, a field left out is kept',
        body: personLocalePatch,
        response: { 200: profileLocaleResponse, ...errorResponses },
      },
    },
    (request) => deps.profileLocale.set(signedInSession(request).actor, request.body, requestMeta(request)),
  );

  r.get(
    '/api/v1/profile/appearance',
    {
      config: any,
      schema: {
        tags,
        summary: 'Your colour scheme: system (follow the device), light or dark',
        response: { 200: appearance, ...errorResponses },
      },
    },
    (request) => profile.appearance(signedInSession(request).actor),
  );

  r.put(
    '/api/v1/profile/appearance',
    {
      config: any,
      schema: {
        tags,
        summary: 'Choose your colour scheme: system (follow the device), light or dark',
        body: appearance,
        response: { 200: appearance, ...errorResponses },
      },
    },
    (request) => profile.setAppearance(signedInSession(request).actor, request.body),
  );

  r.post(
    '/api/v1/profile/email',
    {
      config: any,
      schema: {
        tags,
        summary:
          'Change your email: your current password, then a single-use link (24 hours) to the new address; the old one gets a notice',
        body: emailChangeBody,
        response: { 202: emailChangeResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await profile.requestEmailChange(
        signedInSession(request).actor,
        request.body,
        requestMeta(request),
      );
      reply.code(202);
      return result;
    },
  );

  r.post(
    '/api/v1/profile/email/confirm',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags,
        summary: 'Confirm a new email address with the token from the link sent to it (works once)',
        body: emailConfirmBody,
        response: { 200: emailConfirmResponse, ...errorResponses, 409: errorEnvelope },
      },
    },
    async (request) => {
      // Tokens are 256-bit, but a public endpoint still should not be a free guessing machine.
      const limit = await deps.rateLimiter.hit(
        `email-confirm:${request.ip}`,
        30,
        deps.config.loginLimits.windowMinutes * MINUTE,
      );
      if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);
      return profile.confirmEmailChange(request.body.token, requestMeta(request));
    },
  );

  r.post(
    '/api/v1/profile/password',
    {
      config: any,
      schema: {
        tags,
        summary: 'Change your password (the current one is required); your other sessions end',
        body: passwordChangeBody,
        response: { 200: passwordChangeResponse, ...errorResponses },
      },
    },
    (request) => {
      const { actor, sessionId } = signedInSession(request);
      return profile.changePassword(actor, request.body, sessionId, requestMeta(request));
    },
  );

  r.get(
    '/api/v1/profile/sessions',
    {
      config: any,
      schema: {
        tags,
        summary: 'Your signed-in sessions, most recently used first; `current` marks this one',
        response: { 200: sessionsResponse, ...errorResponses },
      },
    },
    (request) => {
      const { actor, sessionId } = signedInSession(request);
      return profile.sessions(actor, sessionId);
    },
  );

  r.delete(
    '/api/v1/profile/sessions/:id',
    {
      config: any,
      schema: {
        tags,
        summary: 'Sign out one of your other sessions',
        params: sessionParams,
        response: { 200: okResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { actor, sessionId } = signedInSession(request);
      await profile.revokeSession(actor, sessionId, request.params.id, requestMeta(request));
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/profile/sessions/revoke-others',
    {
      config: any,
      schema: {
        tags,
        summary: 'Sign out every session but this one',
        response: { 200: revokeOthersResponse, ...errorResponses },
      },
    },
    (request) => {
      const { actor, sessionId } = signedInSession(request);
      return profile.revokeOtherSessions(actor, sessionId, requestMeta(request));
    },
  );

  r.get(
    '/api/v1/profile/sign-ins',
    {
      config: any,
      schema: {
        tags,
        summary: 'Your sign-in history (successes, failures, locks), newest first, cursor-paginated',
        querystring: signInHistoryQuery,
        response: { 200: signInHistoryResponse, ...errorResponses },
      },
    },
    (request) => profile.signIns(signedInSession(request).actor, request.query),
  );
}
