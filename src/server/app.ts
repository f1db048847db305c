import { randomUUID } from 'node:crypto';
import path from 'node:path';
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
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { registerAuthHooks } from './modules/auth/auth.hooks.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { type AuthService, createAuthService } from './modules/auth/auth.service.ts';
import { createEmailComposer } from './modules/email/email.service.ts';
import { type ModuleDeps, registerModules } from './modules/index.ts';
import { settingsRoutes } from './modules/settings/settings.routes.ts';
import { createSettingsService, type SettingsService } from './modules/settings/settings.service.ts';
import { setupRoutes } from './modules/setup/setup.routes.ts';
import { createSetupService, type SetupService } from './modules/setup/setup.service.ts';
import type { Clock } from './platform/actor.ts';
import { createAudit } from './platform/audit.ts';
import { createBackground } from './platform/background.ts';
import { loadOrCreateSecrets, type Secrets } from './platform/crypto.ts';
import type { Database } from './platform/db/db.ts';
import { type EventBus, memoryEventBus, postgresEventBus } from './platform/events.ts';
import { registerErrorHandling } from './platform/http/error-handler.ts';
import { serializeRequest } from './platform/http/log-redaction.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { registerWeb } from './platform/http/web.ts';
import { createJobs, type Jobs } from './platform/jobs.ts';
import { createMailer } from './platform/mail.ts';
import { memoryRateLimiter, type RateLimiter } from './platform/rate-limit.ts';
import { closeRedis, createRedisClient, redisEventBus, redisRateLimiter } from './platform/redis.ts';
import { localStorage, type Storage } from './platform/storage.ts';
import { s3Storage } from './platform/storage-s3.ts';

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
  jobs: Jobs;
  events: EventBus;
  deps: ModuleDeps;
  /**
   * Starts this process's background work: the job runner, recurring job chains, mail receivers and
   * the session sweep. `serve` calls it (unless --no-workers or WORKERS=false) and `portico worker`
   * does; tests that only inject requests never do. Idempotent; `app.close()` stops it.
   */
  startBackground(): Promise<void>;
  stopBackground(): Promise<void>;
}

/** The file store the configuration asks for (STORAGE): DATA_DIR/files, or the S3-compatible bucket. */
export function createConfiguredStorage(
  config: Config,
  log?: { warn(obj: object, msg: string): void },
): Storage {
  return config.storage.kind === 's3'
    ? s3Storage({ ...config.storage, ...(log ? { log } : {}) })
    : localStorage(path.join(config.dataDir, 'files'));
}

export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; services: Services }> {
  const { config, database } = options;
  const clock = options.clock ?? (() => new Date());
  const secrets = loadOrCreateSecrets(config.dataDir, config);

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
  // Adapters chosen by the configuration (docs/deployment.md); what the app makes, it closes.
  const ownedStorage = options.storage === undefined ? createConfiguredStorage(config, app.log) : null;
  const storage = options.storage ?? (ownedStorage as Storage);
  let redis: Redis | null = null;
  if (!options.rateLimiter && config.rateLimitStore === 'redis' && config.redisUrl) {
    redis = createRedisClient(config.redisUrl, { name: 'portico', log: app.log });
  }
  const localLimiter = memoryRateLimiter(() => clock().getTime());
  const rateLimiter =
    options.rateLimiter ??
    (redis
      ? redisRateLimiter({ redis, prefix: config.redisPrefix, log: app.log, fallback: localLimiter })
      : localLimiter);
  const background = createBackground(app.log);
  app.decorate('background', background);

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

  const events =
    options.events ??
    (config.eventBus === 'redis' && config.redisUrl
      ? redisEventBus({ url: config.redisUrl, prefix: config.redisPrefix, log: app.log })
      : config.eventBus === 'postgres' && config.database.dialect === 'postgres'
        ? postgresEventBus({ url: config.database.url, log: app.log })
        : memoryEventBus({ log: app.log }));
  const audit = createAudit({ clock });
  const jobs = createJobs({ database, clock, log: app.log });
  const settings = createSettingsService({ database, storage, clock, audit });
  const mailer = createMailer({
    database,
    clock,
    jobs,
    settings: config.mail,
    fromName: async () => (await settings.current())?.name ?? 'Portico',
    messageIdDomain: config.baseUrl.hostname,
  });
  const auth = createAuthService({ config, database, clock, rateLimiter, settings, audit });
  const setup = createSetupService({ database, clock, settings });
  const hooks = registerAuthHooks(app, { config, auth, settings });
  const email = createEmailComposer({ config, settings, mailer });

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

  const deps: ModuleDeps = {
    config,
    database,
    clock,
    storage,
    rateLimiter,
    secrets,
    audit,
    jobs,
    events,
    mailer,
    email,
    settings,
    auth,
    hooks,
  };
  // Background work registered before the modules' own, so the job runner starts first and stops last.
  background.register({ name: 'jobs', start: () => jobs.start(), stop: () => jobs.stop() });
  let sweep: NodeJS.Timeout | null = null;
  background.register({
    name: 'sessions.sweep',
    // Expired sessions are swept hourly; reads never depend on it (expiry is checked on every request).
    start() {
      sweep = setInterval(() => {
        auth.purgeExpiredSessions().catch((err: unknown) => app.log.warn({ err }, 'session sweep failed'));
      }, 3_600_000);
      sweep.unref();
    },
    stop() {
      if (sweep) clearInterval(sweep);
      sweep = null;
    },
  });
  authRoutes(app, { auth, hooks });
  setupRoutes(app, { setup, auth, hooks });
  settingsRoutes(app, { settings });
  registerModules(app, deps);
  await registerWeb(app, { webRoot: config.webRoot, isSetUp: () => settings.isSetUp() });

  app.addHook('onClose', async () => {
    await background
      .stop()
      .catch((err: unknown) => app.log.error({ err }, 'stopping background work failed'));
    await jobs.stop();
    await mailer.close();
    await events.close();
    if (redis) await closeRedis(redis);
    await ownedStorage?.close?.();
  });

  return {
    app,
    services: {
      settings,
      auth,
      setup,
      secrets,
      jobs,
      events,
      deps,
      startBackground: () => background.start(),
      stopBackground: () => background.stop(),
    },
  };
}
