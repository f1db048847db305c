import type { Config } from '../config.ts';
import type { Clock } from '../platform/actor.ts';
import type { Audit } from '../platform/audit.ts';
import type { Secrets } from '../platform/crypto.ts';
import type { Database } from '../platform/db/db.ts';
import type { EventBus } from '../platform/events.ts';
import type { Jobs } from '../platform/jobs.ts';
import type { Mailer } from '../platform/mail.ts';
import type { RateLimiter } from '../platform/rate-limit.ts';
import type { Schedules } from '../platform/schedules.ts';
import type { Storage } from '../platform/storage.ts';
import type { VirusScanner } from '../platform/virus-scan.ts';
import type { AuthService } from './auth/auth.service.ts';
import type { PorticoDomainEvents } from './domain-events.ts';
import type { EmailComposer } from './email/email.service.ts';
import type { SettingsService } from './settings/settings.service.ts';

/**
 * What every feature module's service may use: the platform's services and the few module services
 * everything builds on. A module talks to another only through its service. Built once, in order, by
 * the composition root (src/server/composition.ts); this file imports types only and nothing that
 * registers routes, so no module depends on its own registrar.
 */
export interface ModuleDeps {
  config: Config;
  database: Database;
  clock: Clock;
  storage: Storage;
  /** clamd when CLAMD_URL is set; null: files are not scanned. */
  scanner: VirusScanner | null;
  rateLimiter: RateLimiter;
  secrets: Secrets;
  audit: Audit;
  jobs: Jobs;
  /** Recurring jobs from cron expressions: code-defined, or stored for people (platform/schedules.ts). */
  schedules: Schedules;
  /** Live updates for open pages (SSE), published after commit. */
  events: EventBus;
  /** What happened, recorded with the change and delivered to subscribers by the job runner. */
  domainEvents: PorticoDomainEvents;
  mailer: Mailer;
  email: EmailComposer;
  settings: SettingsService;
  auth: AuthService;
}
