import type { Clock } from '../../platform/actor.ts';
import type { Audit } from '../../platform/audit.ts';
import type { Database } from '../../platform/db/db.ts';
import type { SettingsService } from '../settings/settings.service.ts';

/** What the support-configuration use cases (categories, SLA, teams and rules, canned responses) use. */
export interface SupportConfigContext {
  database: Database;
  clock: Clock;
  audit: Audit;
}

/** What the New ticket form's options use. */
export interface TicketOptionsContext {
  database: Database;
  settings: SettingsService;
}
