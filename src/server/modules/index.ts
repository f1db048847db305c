import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Clock } from '../platform/actor.ts';
import type { Audit } from '../platform/audit.ts';
import type { Secrets } from '../platform/crypto.ts';
import type { Database } from '../platform/db/db.ts';
import type { EventBus } from '../platform/events.ts';
import type { Jobs } from '../platform/jobs.ts';
import type { Mailer } from '../platform/mail.ts';
import type { RateLimiter } from '../platform/rate-limit.ts';
import type { Storage } from '../platform/storage.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import type { AuthHooks } from './auth/auth.hooks.ts';
import type { AuthService } from './auth/auth.service.ts';
import { registerDirectory } from './directory/directory.routes.ts';
import type { EmailComposer } from './email/email.service.ts';
import { invitationsRoutes } from './invitations/invitations.routes.ts';
import { mfaRoutes } from './mfa/mfa.routes.ts';
import { outboxRoutes } from './outbox/outbox.routes.ts';
import { passwordResetRoutes } from './password-reset/password-reset.routes.ts';
import { previewRoutes } from './preview/preview.routes.ts';
import { profileRoutes } from './profile/profile.routes.ts';
import type { SettingsService } from './settings/settings.service.ts';
import { registerSupport } from './support.ts';

/** What every feature module may use. A module talks to another only through its service. */
export interface ModuleDeps {
  config: Config;
  database: Database;
  clock: Clock;
  storage: Storage;
  rateLimiter: RateLimiter;
  secrets: Secrets;
  audit: Audit;
  jobs: Jobs;
  events: EventBus;
  mailer: Mailer;
  email: EmailComposer;
  settings: SettingsService;
  auth: AuthService;
  hooks: AuthHooks;
}

/**
 * Feature modules register their routes here, one line each. Every /api/v1 route must declare
 * config.policy (the app refuses to start otherwise) and is then covered by the scoping test.
 */
export function registerModules(app: FastifyInstance, deps: ModuleDeps): void {
  // Feature modules are added below.
  mfaRoutes(app, deps);
  profileRoutes(app, deps);
  registerDirectory(app, deps);
  auditRoutes(app, deps);
  previewRoutes(app, deps);
  outboxRoutes(app, deps);
  invitationsRoutes(app, deps);
  passwordResetRoutes(app, deps);
  registerSupport(app, deps);
}
