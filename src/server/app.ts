import { randomUUID } from 'node:crypto';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
} from 'fastify-type-provider-zod';
import { message, translate } from '../shared/i18n/i18n.ts';
import { compose } from './composition.ts';
import type { Config } from './config.ts';
import type { AlertsService } from './modules/alerts/alerts.service.ts';
import { attachmentsRoutes } from './modules/attachments/attachments.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { registerAuthHooks } from './modules/auth/auth.hooks.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import type { AuthService } from './modules/auth/auth.service.ts';
import { clientsRoutes } from './modules/clients/clients.routes.ts';
import { colleaguesRoutes } from './modules/contacts/colleagues.routes.ts';
import { contactsRoutes } from './modules/contacts/contacts.routes.ts';
import { contractsRoutes } from './modules/contracts/contracts.routes.ts';
import type { ModuleDeps } from './modules/deps.ts';
import { eventsRoutes } from './modules/events/events.routes.ts';
import { hoursRoutes } from './modules/hours/hours.routes.ts';
import type { HoursService } from './modules/hours/hours.service.ts';
import { invitationsRoutes } from './modules/invitations/invitations.routes.ts';
import { mfaRoutes } from './modules/mfa/mfa.routes.ts';
import { noticesRoutes } from './modules/notices/notices.routes.ts';
import { ordersRoutes } from './modules/orders/orders.routes.ts';
import { outboxRoutes } from './modules/outbox/outbox.routes.ts';
import { overageRoutes } from './modules/overage/overage.routes.ts';
import type { OverageService } from './modules/overage/overage.service.ts';
import { passwordResetRoutes } from './modules/password-reset/password-reset.routes.ts';
import { previewRoutes } from './modules/preview/preview.routes.ts';
import { profileRoutes } from './modules/profile/profile.routes.ts';
import { reportsRoutes } from './modules/reports/reports.routes.ts';
import type { ReportsService } from './modules/reports/reports.service.ts';
import { settingsRoutes } from './modules/settings/settings.routes.ts';
import { portalNameOf, type SettingsService } from './modules/settings/settings.service.ts';
import { setupRoutes } from './modules/setup/setup.routes.ts';
import type { SetupService } from './modules/setup/setup.service.ts';
import { supportConfigRoutes } from './modules/support-config/support-config.routes.ts';
import { ticketEmailRoutes } from './modules/ticket-email/ticket-email.routes.ts';
import { ticketsRoutes } from './modules/tickets/tickets.routes.ts';
import { timeRoutes } from './modules/time/time.routes.ts';
import type { Clock } from './platform/actor.ts';
import type { Secrets } from './platform/crypto.ts';
import type { Database } from './platform/db/db.ts';
import type { DnsResolver } from './platform/dns.ts';
import type { EventBus } from './platform/events.ts';
import { registerErrorHandling } from './platform/http/error-handler.ts';
import { type IdempotencyEngine, registerIdempotency } from './platform/http/idempotency.ts';
import { serializeRequest } from './platform/http/log-redaction.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { registerStrictQueries } from './platform/http/strict-query.ts';
import { validatorCompiler } from './platform/http/validation.ts';
import { registerWeb } from './platform/http/web.ts';
import type { Jobs } from './platform/jobs.ts';
import type { RateLimiter } from './platform/rate-limit.ts';
import type { Schedules } from './platform/schedules.ts';
import type { Storage } from './platform/storage.ts';

export { createConfiguredStorage } from './composition.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  /** Defaults to STORAGE: DATA_DIR/files, or the S3-compatible bucket. */
  storage?: Storage;
  /** Defaults to RATE_LIMIT_STORE: in process, or Redis. */
  rateLimiter?: RateLimiter;
  /** Defaults to EVENT_BUS: LISTEN/NOTIFY on PostgreSQL, in process on SQLite, or Redis pub/sub. */
  events?: EventBus;
  /** DNS for authenticating inbound email senders; defaults to the system's resolver (tests: a stand-in). */
  dnsResolver?: DnsResolver;
  /** Tests pass false to keep output quiet; errors still fail tests through their assertions. */
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

export interface Services {
  settings: SettingsService;
  auth: AuthService;
  setup: SetupService;
  secrets: Secrets;
  /** Idempotency keys: the sweep that forgets them after a day (platform/http/idempotency.ts). */
  idempotency: IdempotencyEngine;
  jobs: Jobs;
  /** Recurring jobs from cron expressions (platform/schedules.ts). */
  schedules: Schedules;
  events: EventBus;
  /** Hour banks: the nightly close and the balance other modules ask for (modules/hours). */
  hours: HoursService;
  /** Alerts (issue 14): `fire` once per threshold and period; the daily contract ending run. */
  alerts: AlertsService;
  deps: ModuleDeps;
  /** The client's reports; tests run a scheduled delivery by hand (`reports.deliver`). */
  reports: ReportsService;
  /** Consent before overage: its `check` is the hook the time module calls (issue 14, point 8). */
  overage: OverageService;
  /**
   * Starts this process's background work: the job runner, the scheduler, mail receivers and
   * the session sweep. `serve` calls it (unless --no-workers or WORKERS=false) and `portico worker`
   * does; tests that only inject requests never do. Idempotent; `app.close()` stops it.
   */
  startBackground(): Promise<void>;
  stopBackground(): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; services: Services }> {
  const { config, database } = options;
  const clock = options.clock ?? (() => new Date());

  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
            serializers: { req: serializeRequest },
            ...(options.logStream
              ? { stream: options.logStream }
              : config.logPretty
                ? { transport: { target: 'pino-pretty', options: { colorize: true } } }
                : {}),
          },
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
  });
  // Every service is built in one place (composition.ts); what follows is the HTTP side.
  const services = compose({
    config,
    database,
    clock,
    log: app.log,
    storage: options.storage,
    rateLimiter: options.rateLimiter,
    events: options.events,
    dnsResolver: options.dnsResolver,
  });
  const { background, settings, auth } = services;
  app.decorate('background', background);
  app.decorate('inboundMail', services.inboundMail);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // While shutting down, answers in flight tell the client to close its connection, so a keep-alive
  // socket does not hold the process open until its timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    if (closing) reply.header('connection', 'close');
    // Nothing an API answers may be kept by a shared cache or the browser's back button.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });

  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets CSS variables and positions through style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.baseUrl.protocol === 'https:' ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.baseUrl.protocol === 'https:' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  // Before compression (its answers are stored as the JSON text they are) and before any route.
  registerIdempotency(app, { clock, idempotency: services.idempotency });
  await app.register(fastifyCompress, { global: true, threshold: 1024 });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: 1024 * 1024, files: 1, fields: 5, parts: 6 } });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Portico API',
        version: '1',
        description:
          'The JSON API that the staff app and the client portal use. Send `X-CSRF-Token` (from `GET /api/v1/auth/csrf`) with every state-changing request. Errors use one envelope: `{ "error": { "code", "message", "fields" } }`.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'portico_session' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  // Before any /api/v1 route: each refuses query parameters it does not know.
  registerStrictQueries(app);
  const hooks = registerAuthHooks(app, {
    config,
    auth,
    settings,
    sessionSecret: services.secrets.sessionSecret,
  });

  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      // A provider table: the access layer lets the unscoped handle read it, and it exists once migrated.
      await database.db
        .selectFrom('organisation')
        .select((eb) => eb.lit(1).as('one'))
        .limit(1)
        .execute();
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({
        error: { code: 'unavailable', message: 'The database does not answer.', requestId: request.id },
      });
    }
  });

  // Every /api/v1 route must declare config.policy (the app refuses to start otherwise) and is then
  // covered by the scoping test. Each registrar receives only what it uses.
  const { deps } = services;
  authRoutes(app, { auth, hooks });
  setupRoutes(app, { setup: services.setup, auth, hooks });
  settingsRoutes(app, { settings });
  mfaRoutes(app, { mfa: services.mfa, auth, hooks });
  profileRoutes(app, {
    profile: services.profile,
    profileLocale: services.profileLocale,
    config,
    rateLimiter: deps.rateLimiter,
  });
  clientsRoutes(app, { clients: services.clients });
  contactsRoutes(app, { contacts: services.contacts });
  contractsRoutes(app, { contracts: services.contracts });
  reportsRoutes(app, { reports: services.reports });
  timeRoutes(app, { time: services.time });
  hoursRoutes(app, { hours: services.hours });
  noticesRoutes(app, { notices: services.notices });
  colleaguesRoutes(app, { contacts: services.contacts });
  auditRoutes(app, { auditLog: services.auditLog });
  previewRoutes(app, { preview: services.preview, hooks });
  outboxRoutes(app, { outbox: services.outbox });
  invitationsRoutes(app, { invitations: services.invitations, auth, hooks });
  passwordResetRoutes(app, { passwordReset: services.passwordReset });
  supportConfigRoutes(app, services.supportConfig);
  ticketsRoutes(app, { tickets: services.tickets });
  overageRoutes(app, { overage: services.overage });
  ordersRoutes(app, { orders: services.orders });
  attachmentsRoutes(app, {
    ...deps,
    attachments: services.attachments,
    tickets: services.tickets,
    idempotency: services.idempotency,
  });
  eventsRoutes(app, { ...deps, tickets: services.tickets, hooks });
  ticketEmailRoutes(app, { review: services.inboundReview });
  await registerWeb(app, {
    webRoot: config.webRoot,
    isSetUp: () => settings.isSetUp(),
    shellBranding: async (face) => {
      const b = await settings.branding();
      // The page before the app starts speaks the organisation's language.
      const own = portalNameOf(b);
      const portalName = typeof own === 'string' ? own : translate(b.language, own);
      return face === 'portal'
        ? { name: portalName, title: portalName, primaryColor: b.primaryColor }
        : {
            name: b.organisationName,
            title: translate(
              b.language,
              message('staffApp:documentTitle', { organisation: b.organisationName }),
            ),
            primaryColor: b.primaryColor,
          };
    },
  });

  app.addHook('onClose', () => services.close());

  return {
    app,
    services: {
      settings,
      auth,
      setup: services.setup,
      secrets: services.secrets,
      idempotency: services.idempotency,
      jobs: services.jobs,
      schedules: services.schedules,
      events: services.events,
      hours: services.hours,
      alerts: services.alerts,
      deps,
      reports: services.reports,
      overage: services.overage,
      startBackground: () => background.start(),
      stopBackground: () => background.stop(),
    },
  };
}
