import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { meResponse, mfaLoginBody } from '../../../shared/schemas/auth.ts';
import {
  backupCodesResponse,
  mfaDisableBody,
  mfaEnrolmentConfirmBody,
  mfaEnrolmentStartBody,
  mfaEnrolmentStartResponse,
  mfaStatusResponse,
  regenerateBackupCodesBody,
} from '../../../shared/schemas/mfa.ts';
import { signedIn } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { AuthHooks } from '../auth/auth.hooks.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { MfaService } from './mfa.service.ts';

export function mfaRoutes(
  app: FastifyInstance,
  deps: { mfa: MfaService; auth: AuthService; hooks: AuthHooks },
) {
  const { mfa, auth, hooks } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['mfa'];

  r.post(
    '/api/v1/auth/login/mfa',
    {
      config: { policy: { auth: 'public' } },
      schema: {
        tags: ['auth'],
        summary:
          'Second step of a sign-in: the challenge from /auth/login and a code from the authenticator app (or a backup code)',
        body: mfaLoginBody,
        response: { 200: meResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { actor, session } = await auth.loginWithCode(request.body, requestMeta(request), (row, code) =>
        mfa.verifySecondFactor(row, code),
      );
      // A new session id after the second factor; any session this browser had is ended.
      if (request.session) await auth.logout(request.session.id);
      const csrf = hooks.startSession(reply, session);
      return auth.me(actor, csrf);
    },
  );

  r.get(
    '/api/v1/mfa',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags,
        summary: 'Whether two-factor authentication is on, required, and how many backup codes are left',
        response: { 200: mfaStatusResponse, ...errorResponses },
      },
    },
    (request) => mfa.status(signedIn(request)),
  );

  r.post(
    '/api/v1/mfa/enrolment',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags,
        summary:
          'Start setting up an authenticator app: answers the secret, its otpauth:// URI and a QR code. Nothing is on until confirmed.',
        body: mfaEnrolmentStartBody,
        response: { 200: mfaEnrolmentStartResponse, ...errorResponses, 409: errorResponses[400] },
      },
    },
    (request) => mfa.startEnrolment(signedIn(request), request.body),
  );

  r.post(
    '/api/v1/mfa/enrolment/confirm',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags,
        summary:
          'Confirm the authenticator app with a current code; switches two-factor authentication on and answers ten backup codes, shown this once',
        body: mfaEnrolmentConfirmBody,
        response: { 200: backupCodesResponse, ...errorResponses, 409: errorResponses[400] },
      },
    },
    (request) => mfa.confirmEnrolment(signedIn(request), request.body, requestMeta(request)),
  );

  r.post(
    '/api/v1/mfa/backup-codes',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags,
        summary:
          'Replace the backup codes (the current password confirms it is you); the old ones stop working',
        body: regenerateBackupCodesBody,
        response: { 200: backupCodesResponse, ...errorResponses, 409: errorResponses[400] },
      },
    },
    (request) => mfa.regenerateBackupCodes(signedIn(request), request.body, requestMeta(request)),
  );

  r.post(
    '/api/v1/mfa/disable',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags,
        summary: 'Switch two-factor authentication off: the current password and a code (or a backup code)',
        body: mfaDisableBody,
        response: { 200: mfaStatusResponse, ...errorResponses, 409: errorResponses[400] },
      },
    },
    (request) => mfa.disable(signedIn(request), request.body, requestMeta(request)),
  );
}
