import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Message, message } from '../../../shared/i18n/i18n.ts';
import type { Config } from '../../config.ts';
import type { Actor, RoutePolicy } from '../../platform/actor.ts';
import { safeEqual } from '../../platform/crypto.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { AuthService, NewSession, SessionGate, SessionInfo } from './auth.service.ts';
import { createCsrfTokens, SIGNED_OUT } from './csrf.ts';
import { ipAllowed, ipNotAllowedMessage } from './ip-allowlist.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
    sessionExpired: boolean;
    /**
     * What this browser's CSRF token must be bound to: the session cookie it sent (valid or not; an
     * expired one still gets its 401 rather than a CSRF refusal), or SIGNED_OUT without one.
     */
    csrfBinding: string;
    /** The binding the browser holds after this answer (signed out when its session cookie is cleared). */
    csrfBindingAfter: string;
  }
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CookieNames {
  session: string;
  csrf: string;
  /** A staff preview of the portal: its own session, used only when the portal asks for it. */
  preview: string;
}

export function cookieNames(config: Config): CookieNames {
  // __Host- cookies must be Secure, sent to / only and carry no Domain: a sibling subdomain cannot set them.
  return config.secureCookies
    ? { session: '__Host-portico_session', csrf: '__Host-portico_csrf', preview: '__Host-portico_preview' }
    : { session: 'portico_session', csrf: 'portico_csrf', preview: 'portico_preview' };
}

/**
 * While a session has a duty to fulfil first (a new password, or setting up two-factor
 * authentication), only these routes work; every other signed-in route answers 403. Public routes
 * (sign-out among them) are never held back.
 */
const gateExemptions: Record<Exclude<SessionGate, null>, ReadonlySet<string>> = {
  'change-password': new Set(['GET /api/v1/me', 'GET /api/v1/profile', 'POST /api/v1/profile/password']),
  'mfa-enrolment': new Set([
    'GET /api/v1/me',
    'GET /api/v1/profile',
    'GET /api/v1/mfa',
    'POST /api/v1/mfa/enrolment',
    'POST /api/v1/mfa/enrolment/confirm',
  ]),
};

const gateMessages: Record<Exclude<SessionGate, null>, Message> = {
  'change-password': message('errors:signIn.gateChangePassword'),
  'mfa-enrolment': message('errors:signIn.gateMfaEnrolment'),
};

/**
 * The request pipeline for identity: resolve the actor once, check CSRF on every state-changing
 * request, and enforce the route's declared policy, all before the body is parsed or validated.
 */
export function registerAuthHooks(
  app: FastifyInstance,
  deps: { config: Config; auth: AuthService; settings: SettingsService; sessionSecret: string },
) {
  const { config, auth, settings } = deps;
  const names = cookieNames(config);
  const csrf = createCsrfTokens(deps.sessionSecret);
  const cookieBase = { path: '/', secure: config.secureCookies, sameSite: 'lax' as const };

  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('csrfBinding', SIGNED_OUT);
  app.decorateRequest('csrfBindingAfter', SIGNED_OUT);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    if (url.startsWith('/api/v1') && !route.config?.policy) {
      throw new Error(`Route ${String(route.method)} ${url} declares no access policy (config.policy).`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const policy = request.routeOptions.config.policy;
    if (!policy) return;
    // The portal sends X-Portico-Preview while a staff user previews it; the staff app never does, so
    // one browser can hold both the staff session and a preview at once.
    // An EventSource cannot send headers, so the live stream also takes ?preview=1 (a read, GET only).
    const previewAsked =
      request.headers['x-portico-preview'] === '1' ||
      (request.method === 'GET' &&
        request.routeOptions.url === '/api/v1/events' &&
        (request.query as { preview?: unknown } | undefined)?.preview === '1');
    const previewToken = previewAsked ? request.cookies[names.preview] : undefined;
    const cookieName = previewToken ? names.preview : names.session;
    const token = previewToken ?? request.cookies[names.session];
    // The CSRF token is bound to the browser's own session, never to a preview's.
    request.csrfBinding = csrf.bindingOf(request.cookies[names.session]);
    request.csrfBindingAfter = request.csrfBinding;
    if (token) {
      const resolved = await auth.resolve(token);
      if (resolved.status === 'ok') {
        request.actor = resolved.actor;
        request.session = resolved.session;
      } else {
        request.sessionExpired = resolved.status === 'expired';
        reply.clearCookie(cookieName, cookieBase);
        if (cookieName === names.session) request.csrfBindingAfter = SIGNED_OUT;
      }
    }
    if (!safeMethods.has(request.method)) checkCsrf(request);
    await enforce(policy, request);
  });

  function checkCsrf(request: FastifyRequest) {
    const fetchSite = request.headers['sec-fetch-site'];
    if (fetchSite === 'cross-site') throw new AppError('csrf_failed', message('errors:csrf.crossSite'));
    const origin = request.headers.origin;
    if (origin && origin !== config.baseUrl.origin) {
      throw new AppError('csrf_failed', message('errors:csrf.otherSite'));
    }
    const header = request.headers['x-csrf-token'];
    const cookie = request.cookies[names.csrf];
    // Double submit (the header echoes the cookie), and the token was issued for this very session.
    if (
      typeof header !== 'string' ||
      !cookie ||
      !safeEqual(header, cookie) ||
      !csrf.verify(cookie, request.csrfBinding)
    ) {
      throw new AppError('csrf_failed', message('errors:csrf.tokenMissing'));
    }
  }

  async function enforce(policy: RoutePolicy, request: FastifyRequest) {
    if (policy.auth === 'public') return;
    const actor = request.actor;
    if (!actor) {
      throw request.sessionExpired
        ? new AppError('session_expired', message('errors:sessionExpired'))
        : errors.unauthenticated();
    }
    // A staff preview of the portal looks and never touches. Leaving the preview is the one exception.
    if (
      actor.kind === 'contact' &&
      actor.previewBy &&
      !safeMethods.has(request.method) &&
      !policy.previewAllowed
    ) {
      throw errors.forbidden(message('errors:forbidden.preview'));
    }
    const session = request.session;
    // The client's IP allowlist holds for every request of a contact's session, not only the sign-in.
    if (session?.ipAllowlist && !ipAllowed(session.ipAllowlist, request.ip)) {
      throw errors.forbidden(ipNotAllowedMessage(request.ip));
    }
    if (session?.gate && !gateExemptions[session.gate].has(`${request.method} ${request.routeOptions.url}`)) {
      throw errors.forbidden(gateMessages[session.gate]);
    }
    if (policy.auth === 'any') return;
    if (policy.auth === 'staff') {
      if (actor.kind !== 'staff') throw errors.forbidden(message('errors:forbidden.staffOnly'));
      if (policy.permission && !actor.permissions.has(policy.permission))
        throw errors.forbidden(policy.denied);
      return;
    }
    if (actor.kind !== 'contact') throw errors.forbidden(message('errors:forbidden.contactsOnly'));
    // A feature that is switched off does not exist for contacts.
    if (policy.feature && !(await settings.enabledFeatures()).includes(policy.feature))
      throw errors.notFound(message('errors:notFound.page'));
    if (policy.permission && !actor.permissions.has(policy.permission)) throw errors.forbidden(policy.denied);
  }

  return {
    names,
    /**
     * The CSRF token for this browser's session, issuing one when it has none, or one issued for
     * another session (or for before it signed in or out).
     */
    csrfToken(request: FastifyRequest, reply: FastifyReply): string {
      const existing = request.cookies[names.csrf];
      if (existing && csrf.verify(existing, request.csrfBindingAfter)) return existing;
      return rotateCsrf(reply, request.csrfBindingAfter);
    },
    /** Starts a session: its cookie, and a CSRF token bound to it (the one from before no longer works). */
    startSession(reply: FastifyReply, session: NewSession): string {
      reply.setCookie(names.session, session.token, {
        ...cookieBase,
        httpOnly: true,
        ...(session.maxAgeSeconds ? { maxAge: session.maxAgeSeconds } : {}),
      });
      return rotateCsrf(reply, csrf.bindingOf(session.token));
    },
    endSession(reply: FastifyReply) {
      reply.clearCookie(names.session, cookieBase);
      reply.clearCookie(names.preview, cookieBase);
      rotateCsrf(reply, SIGNED_OUT);
    },
    startPreview(reply: FastifyReply, session: NewSession) {
      reply.setCookie(names.preview, session.token, { ...cookieBase, httpOnly: true });
    },
    endPreview(reply: FastifyReply) {
      reply.clearCookie(names.preview, cookieBase);
    },
  };

  function rotateCsrf(reply: FastifyReply, binding: string): string {
    const token = csrf.issue(binding);
    // Readable by the page (not HttpOnly) so it can echo it in a header; SameSite=Strict keeps it home.
    reply.setCookie(names.csrf, token, { ...cookieBase, sameSite: 'strict', httpOnly: false });
    return token;
  }
}

export type AuthHooks = ReturnType<typeof registerAuthHooks>;
