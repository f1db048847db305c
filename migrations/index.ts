import foundation from './0001_foundation.ts';
import directoryAccess from './0002_directory_access.ts';
import accountSecurity from './0003_account_security.ts';
import contactEmailUnique from './0004_contact_email_unique.ts';
import support from './0005_support.ts';
import ticketSearchIndex from './0006_ticket_search_index.ts';
import domainEvents from './0007_domain_events.ts';
import signInThrottles from './0008_sign_in_throttles.ts';
import inboundSenderAuth from './0009_inbound_sender_auth.ts';
import idempotencyKeys from './0010_idempotency_keys.ts';
import colourScheme from './0011_colour_scheme.ts';
import localePreferences from './0012_locale_preferences.ts';
import idempotencyScopes from './0013_idempotency_scopes.ts';
import jobSchedules from './0014_job_schedules.ts';
import contracts from './0015_contracts.ts';
import ticketRatings from './0016_ticket_ratings.ts';
import timeAndHourBanks from './0017_time_and_hour_banks.ts';
import alertsAndNotices from './0018_alerts_and_notices.ts';
import reports from './0019_reports.ts';
import ticketSitesAndContractFiles from './0020_ticket_sites_and_contract_files.ts';
import overageRequests from './0024_overage_requests.ts';
import invoices from './0025_invoices.ts';
import orders from './0026_orders.ts';
import type { Dialect, Migration } from './helpers.ts';

/**
 * Forward-only migrations, in order. Names never change once released; a new change is a new file.
 * Each file builds its migration for the dialect so that one set runs unchanged on SQLite and PostgreSQL.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_foundation': foundation(dialect),
    '0002_directory_access': directoryAccess(dialect),
    '0003_account_security': accountSecurity(dialect),
    '0004_contact_email_unique': contactEmailUnique(dialect),
    '0005_support': support(dialect),
    '0006_ticket_search_index': ticketSearchIndex(dialect),
    '0007_domain_events': domainEvents(dialect),
    '0008_sign_in_throttles': signInThrottles(dialect),
    '0009_inbound_sender_auth': inboundSenderAuth(dialect),
    '0010_idempotency_keys': idempotencyKeys(dialect),
    '0011_colour_scheme': colourScheme(dialect),
    '0012_locale_preferences': localePreferences(dialect),
    '0013_idempotency_scopes': idempotencyScopes(dialect),
    '0014_job_schedules': jobSchedules(dialect),
    '0015_contracts': contracts(dialect),
    '0016_ticket_ratings': ticketRatings(dialect),
    '0017_time_and_hour_banks': timeAndHourBanks(dialect),
    '0018_alerts_and_notices': alertsAndNotices(dialect),
    '0019_reports': reports(dialect),
    '0020_ticket_sites_and_contract_files': ticketSitesAndContractFiles(dialect),
    '0024_overage_requests': overageRequests(dialect),
    '0025_invoices': invoices(dialect),
    '0026_orders': orders(dialect),
  };
}
