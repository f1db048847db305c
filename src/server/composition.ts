import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { addDays as addCalendarDays } from '../shared/hours/calendar.ts';
import type { Config } from './config.ts';
import { createAlertsService } from './modules/alerts/alerts.service.ts';
import { createAttachments } from './modules/attachments/attachments.service.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { subscribeSignInNotices } from './modules/auth/auth.notices.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createClientsService } from './modules/clients/clients.service.ts';
import { createContactsService } from './modules/contacts/contacts.service.ts';
import { withContractPolicies } from './modules/contracts/contracts.directory.ts';
import { createContractsService } from './modules/contracts/contracts.service.ts';
import type { ModuleDeps } from './modules/deps.ts';
import { domainEventSchemas } from './modules/domain-events.ts';
import { createEmailComposer } from './modules/email/email.service.ts';
import { subscribeBankAlerts } from './modules/hours/hours.alerts.ts';
import { balanceFor, clientBankFigures, createHoursService } from './modules/hours/hours.service.ts';
import { createInvitationsService } from './modules/invitations/invitations.service.ts';
import { createMfaService } from './modules/mfa/mfa.service.ts';
import { createNoticesService } from './modules/notices/notices.service.ts';
import { subscribeOrderNotices } from './modules/orders/orders.notices.ts';
import { createOrdersService } from './modules/orders/orders.service.ts';
import { createOutboxService } from './modules/outbox/outbox.service.ts';
import { subscribeOverageNotices } from './modules/overage/overage.notices.ts';
import { createOverageService } from './modules/overage/overage.service.ts';
import { createPasswordResetService } from './modules/password-reset/password-reset.service.ts';
import { createPreviewService } from './modules/preview/preview.service.ts';
import { createProfileLocale } from './modules/profile/profile.locale.ts';
import { createProfileService } from './modules/profile/profile.service.ts';
import { createReportsService } from './modules/reports/reports.service.ts';
import { createSettingsService } from './modules/settings/settings.service.ts';
import { createSetupService } from './modules/setup/setup.service.ts';
import { createCannedResponsesService } from './modules/support-config/canned.ts';
import { createCategoriesService } from './modules/support-config/categories.ts';
import { createTicketOptionsService } from './modules/support-config/options.ts';
import { createSlaConfigService } from './modules/support-config/sla.ts';
import { supportConfigDirectory } from './modules/support-config/support-config.directory.ts';
import { createTeamsService } from './modules/support-config/teams.ts';
import { createInboundReview, createInboundService } from './modules/ticket-email/inbound.service.ts';
import { createInboundMail } from './modules/ticket-email/inbound-mail.ts';
import { subscribeTicketEmails } from './modules/ticket-email/notifier.ts';
import { createTicketsService } from './modules/tickets/tickets.service.ts';
import { createTimeService } from './modules/time/time.service.ts';
import type { Clock } from './platform/actor.ts';
import { createAudit } from './platform/audit.ts';
import { createBackground } from './platform/background.ts';
import { loadOrCreateSecrets } from './platform/crypto.ts';
import type { Database } from './platform/db/db.ts';
import { type DnsResolver, systemResolver } from './platform/dns.ts';
import { createDomainEvents } from './platform/domain-events.ts';
import { type EventBus, memoryEventBus, postgresEventBus } from './platform/events.ts';
import { createIdempotency } from './platform/http/idempotency.ts';
import { createJobs } from './platform/jobs.ts';
import { createMailer } from './platform/mail.ts';
import { memoryRateLimiter, type RateLimiter } from './platform/rate-limit.ts';
import { closeRedis, createRedisClient, redisEventBus, redisRateLimiter } from './platform/redis.ts';
import { createSchedules } from './platform/schedules.ts';
import { localStorage, type Storage } from './platform/storage.ts';
import { s3Storage } from './platform/storage-s3.ts';
import { clamdScanner } from './platform/virus-scan.ts';

export interface CompositionOptions {
  config: Config;
  database: Database;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Defaults to STORAGE: DATA_DIR/files, or the S3-compatible bucket. */
  storage?: Storage | undefined;
  /** Defaults to RATE_LIMIT_STORE: in process, or Redis. */
  rateLimiter?: RateLimiter | undefined;
  /** Defaults to EVENT_BUS: LISTEN/NOTIFY on PostgreSQL, in process on SQLite, or Redis pub/sub. */
  events?: EventBus | undefined;
  /** DNS for authenticating the senders of inbound email; defaults to the system's resolver. */
  dnsResolver?: DnsResolver | undefined;
}

export type Composition = ReturnType<typeof compose>;

/** The file store the configuration asks for (STORAGE): DATA_DIR/files, or the S3-compatible bucket. */
export function createConfiguredStorage(
  config: Config,
  log?: { warn(obj: object, msg: string): void },
): Storage {
  return config.storage.kind === 's3'
    ? s3Storage({ ...config.storage, ...(log ? { log } : {}) })
    : localStorage(path.join(config.dataDir, 'files'));
}

/**
 * The composition root: every platform service and every module service is built here, once, in
 * dependency order, and handed out. app.ts registers the HTTP side (hooks, routes) from what this
 * returns, and each route registrar receives only the services it uses. Background work (the job
 * runner, the scheduler, mail receivers, the session sweep) is registered here too, in the order it
 * starts; nothing starts until `background.start()`.
 */
export function compose(options: CompositionOptions) {
  const { config, database, clock, log } = options;

  // ---------------------------------------------------------------------------------------------
  // Platform: adapters chosen by the configuration (docs/deployment.md); what is made here is closed here.
  const secrets = loadOrCreateSecrets(config.dataDir, config);
  const ownedStorage = options.storage === undefined ? createConfiguredStorage(config, log) : null;
  const storage = options.storage ?? (ownedStorage as Storage);
  // CLAMD_URL: every uploaded or emailed file is scanned by clamd; unset, none is.
  const scanner = config.uploads.clamd ? clamdScanner(config.uploads.clamd) : null;
  let redis: Redis | null = null;
  if (!options.rateLimiter && config.rateLimitStore === 'redis' && config.redisUrl) {
    redis = createRedisClient(config.redisUrl, { name: 'portico', log });
  }
  const localLimiter = memoryRateLimiter(() => clock().getTime());
  const rateLimiter =
    options.rateLimiter ??
    (redis
      ? redisRateLimiter({ redis, prefix: config.redisPrefix, log, fallback: localLimiter })
      : localLimiter);
  const events =
    options.events ??
    (config.eventBus === 'redis' && config.redisUrl
      ? redisEventBus({ url: config.redisUrl, prefix: config.redisPrefix, log })
      : config.eventBus === 'postgres' && config.database.dialect === 'postgres'
        ? postgresEventBus({ url: config.database.url, log })
        : memoryEventBus({ log }));
  const background = createBackground(log);
  const audit = createAudit({ clock });
  const jobs = createJobs({ database, clock, log });
  // Domain events are delivered by the job runner; subscribers register below, as modules are built.
  const domainEvents = createDomainEvents({ database, clock, jobs, catalog: domainEventSchemas, log });
  // Recurring jobs from cron expressions: modules define theirs below; runs are enqueued once each,
  // however many processes run background work (platform/schedules.ts, decision 011).
  const schedules = createSchedules({ database, clock, jobs, log });
  // Registered before the modules' own work, so the job runner starts first and stops last; the
  // scheduler next (it writes the code-defined schedules, then enqueues their due runs).
  background.register({ name: 'jobs', start: () => jobs.start(), stop: () => jobs.stop() });
  background.register({ name: 'schedules', start: () => schedules.start(), stop: () => schedules.stop() });

  // ---------------------------------------------------------------------------------------------
  // The modules everything builds on.
  const settings = createSettingsService({ database, storage, clock, audit });
  const mailer = createMailer({
    database,
    clock,
    jobs,
    settings: config.mail,
    fromName: async () => (await settings.current())?.name ?? 'Portico',
    messageIdDomain: config.baseUrl.hostname,
  });
  const auth = createAuthService({ config, database, clock, rateLimiter, settings, audit, domainEvents });
  const setup = createSetupService({ database, clock, settings, audit });
  const email = createEmailComposer({ config, settings, mailer });
  // The account holder hears of failed sign-ins that began to wait (published by sign-in).
  subscribeSignInNotices({ database, domainEvents, email, settings });
  let sweep: NodeJS.Timeout | null = null;
  background.register({
    name: 'sessions.sweep',
    // Expired sessions are swept hourly; reads never depend on it (expiry is checked on every request).
    start() {
      sweep = setInterval(() => {
        auth.purgeExpiredSessions().catch((err: unknown) => log.warn({ err }, 'session sweep failed'));
      }, 3_600_000);
      sweep.unref();
    },
    stop() {
      if (sweep) clearInterval(sweep);
      sweep = null;
    },
  });

  // Idempotency keys (platform/http/idempotency.ts) are kept a day, then forgotten by an hourly sweep.
  const idempotency = createIdempotency({
    database,
    clock,
    secret: secrets.sessionSecret,
    leaseMs: config.idempotencyLeaseMs,
  });
  let idempotencySweep: NodeJS.Timeout | null = null;
  background.register({
    name: 'idempotency.sweep',
    start() {
      idempotencySweep = setInterval(() => {
        idempotency.purgeExpired().catch((err: unknown) => log.warn({ err }, 'idempotency key sweep failed'));
      }, 3_600_000);
      idempotencySweep.unref();
    },
    stop() {
      if (idempotencySweep) clearInterval(idempotencySweep);
      idempotencySweep = null;
    },
  });

  const deps: ModuleDeps = {
    config,
    database,
    clock,
    storage,
    scanner,
    rateLimiter,
    secrets,
    audit,
    jobs,
    schedules,
    events,
    domainEvents,
    mailer,
    email,
    settings,
    auth,
  };

  // ---------------------------------------------------------------------------------------------
  // Feature modules.
  const directory = { database, clock, audit };
  const clients = createClientsService({ ...directory, settings });
  const contacts = createContactsService(directory);
  const contracts = createContractsService({ ...directory, settings });
  // Hour banks (issue 14, point 6): the figures, prepaid blocks and the nightly close of ended periods.
  const hours = createHoursService({ ...directory, schedules, settings });
  const profile = createProfileService(deps);
  const profileLocale = createProfileLocale(deps);
  const mfa = createMfaService(deps);
  const passwordReset = createPasswordResetService(deps);
  const invitations = createInvitationsService(deps);
  const preview = createPreviewService(deps);
  const auditLog = createAuditService(deps);
  const outbox = createOutboxService(deps);
  const supportConfig = {
    categories: createCategoriesService(deps),
    sla: createSlaConfigService(deps),
    teams: createTeamsService(deps),
    canned: createCannedResponsesService(deps),
    options: createTicketOptionsService(deps),
  };

  // Support (issue 4): the modules and the seams between them (see tickets/contracts.ts). Tickets
  // publishes domain events; the notification emails subscribe to them (and read through tickets).
  const attachments = createAttachments(deps);
  const tickets = createTicketsService({
    ...deps,
    attachments,
    // A new ticket's SLA policy comes from the client's covering contract (issue 14), else the default.
    supportConfig: withContractPolicies(supportConfigDirectory, clock),
  });
  tickets.setLogger(log);
  subscribeTicketEmails({ ...deps, tickets });
  // The SLA sweep and auto-close are schedules the tickets service defines (tickets.jobs.ts): they run
  // where background work runs (`serve` unless WORKERS=false, and `portico worker`), each run once.
  const inbound = createInboundService({
    ...deps,
    tickets,
    attachments,
    resolver: options.dnsResolver ?? systemResolver(),
  });
  const inboundReview = createInboundReview({ ...deps, tickets });

  // Consent before overage (issue 14, point 8): the estimate and the requests, asked against the hour
  // bank's balance. `check` is the hook the time module calls after an entry is created or submitted.
  const overage = createOverageService({
    ...deps,
    tickets,
    // The hours module's figures: a bank past its hours has 0 remaining, one within them 0 over.
    bankBalance: async (db, contractId, asOf) => {
      const balance = await balanceFor(db, contractId, asOf);
      return (
        balance && { remainingMinutes: balance.remainingMinutes ?? 0, overMinutes: balance.overMinutes ?? 0 }
      );
    },
  });
  subscribeOverageNotices({ ...deps, tickets });
  // Time (issue 14, points 4 and 5): a change to a ticket's time runs the overage check in its transaction.
  const time = createTimeService({
    ...directory,
    domainEvents,
    settings,
    afterTicketTime: (trx, ticketId, actor) => overage.check(trx, ticketId, { trigger: 'time', actor }),
  });
  const inboundMail = createInboundMail({ config, settings, service: inbound, background, log });
  // Reports (issue 14, points 10 to 12), with the hour banks' figures as of the period's last day.
  const reports = createReportsService({
    database,
    clock,
    audit,
    schedules,
    email,
    settings,
    hours: {
      balanceFor: (db, clientId, period) =>
        clientBankFigures(db, clientId, addCalendarDays(period.toDate, -1)),
    },
  });
  // Alerts (issue 14): fired once per threshold and period, delivered as emails and bell notices.
  const notices = createNoticesService({ database, clock });
  const alerts = createAlertsService(deps);
  // Hour-bank alerts (issue 14, point 9): approved time that takes a bank past a threshold.
  subscribeBankAlerts({ ...deps, alerts });
  // Orders (issue 15, point 4): hardware and software ordered for clients; the shipping email.
  const orders = createOrdersService({ ...directory, domainEvents });
  subscribeOrderNotices(deps);

  return {
    deps,
    secrets,
    idempotency,
    jobs,
    schedules,
    events,
    domainEvents,
    background,
    settings,
    auth,
    setup,
    clients,
    contacts,
    contracts,
    time,
    hours,
    profile,
    profileLocale,
    mfa,
    passwordReset,
    invitations,
    preview,
    auditLog,
    outbox,
    supportConfig,
    attachments,
    tickets,
    overage,
    inboundReview,
    inboundMail,
    reports,
    notices,
    alerts,
    orders,
    /** Stops the background work, then closes what was made here (the caller closes the database). */
    async close(): Promise<void> {
      await background.stop().catch((err: unknown) => log.error({ err }, 'stopping background work failed'));
      await inboundMail.stop();
      await schedules.stop();
      await jobs.stop();
      await mailer.close();
      await events.close();
      if (redis) await closeRedis(redis);
      await ownedStorage?.close?.();
    },
  };
}
