import { stringify } from 'csv-stringify/sync';
import type { AuditAction } from '../../../shared/audit.ts';
import { isTimeZone } from '../../../shared/format/format.ts';
import { endOfDay, startOfDay } from '../../../shared/format/zoned-day.ts';
import { message, type Translate, translatorFor } from '../../../shared/i18n/i18n.ts';
import {
  AUDIT_EXPORT_MAX_ROWS,
  type AuditClientsResponse,
  type AuditEventItem,
  type AuditFilters,
  type AuditListQuery,
  type AuditListResponse,
  type AuditPeopleResponse,
  auditActionKeys,
} from '../../../shared/schemas/audit.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Clock, StaffActor } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import { neutraliseCell, toCsv } from '../../platform/csv.ts';
import type { Database, DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { identity } from '../identity/identity.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { type AuditQueryFilters, type AuditRow, auditRepository } from './audit.repository.ts';

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The one place an audit row becomes API output: named fields only. */

/** Who may read this (see requireAccess): staff whose role has audit:view. */
export const auditPolicies = {
  view: {
    what: message('errors:notFound.auditEvent'),
    staff: { permission: 'audit:view', denied: message('errors:denied.auditOwnersOnly') },
  },
} as const satisfies Record<string, AccessPolicy>;

export function presentAuditEvent(row: AuditRow): AuditEventItem {
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    actor: { kind: row.actor_kind, accountId: row.actor_account_id, name: row.actor_name },
    client: row.client_id === null ? null : { id: row.client_id, name: row.client_name },
    target:
      row.target_type !== null && row.target_id !== null
        ? { type: row.target_type, id: row.target_id }
        : null,
    ip: row.ip,
    userAgent: row.user_agent,
    details: parseDetails(row.details),
  };
}

/**
 * The file's header in the language of the person who asks; the second column names the zone its times
 * are in (the viewer's). The action is given twice: in words, and as its stable code for machines.
 */
const csvHeader = (t: Translate, tz: string) => [
  t('staffApp:audit.csv.timeUtc'),
  t('staffApp:audit.csv.timeLocal', { zone: tz }),
  t('staffApp:audit.csv.action'),
  t('staffApp:audit.csv.actionCode'),
  t('staffApp:audit.csv.actorKind'),
  t('staffApp:audit.csv.actor'),
  t('staffApp:audit.csv.actorAccountId'),
  t('staffApp:audit.csv.client'),
  t('staffApp:audit.csv.clientId'),
  t('staffApp:audit.csv.targetType'),
  t('staffApp:audit.csv.targetId'),
  t('staffApp:audit.csv.ip'),
  t('staffApp:audit.csv.browser'),
  t('staffApp:audit.csv.details'),
];

/** Rows are read from the database in batches this size while the file streams out. */
const EXPORT_BATCH = 1000;

export type AuditService = ReturnType<typeof createAuditService>;

/**
 * Reading the audit log: list, lookups for its filters, and the CSV export. Writing stays with
 * platform/audit.ts, which only inserts; nothing in the application updates or deletes audit rows.
 */
export function createAuditService(
  deps: { database: Database; settings: SettingsService; audit: Audit; clock: Clock },
  options: { exportMaxRows?: number } = {},
) {
  const { database, settings } = deps;
  const exportMaxRows = options.exportMaxRows ?? AUDIT_EXPORT_MAX_ROWS;

  /** The one access check of every read here (see requireAccess). */
  function requireView(actor: StaffActor) {
    return requireAccess(database.forActor(actor).db, auditPolicies.view);
  }

  /**
   * The viewer's time zone: their own, else the organisation's. The audit page picks its days in it, so the
   * API's days and the export's times are in it too, and the three agree.
   */
  async function viewerZone(actor: StaffActor): Promise<string> {
    const own = (await identity.accountById(database.forActor(actor).db, actor.accountId))?.time_zone;
    if (own && isTimeZone(own)) return own;
    return (await settings.current())?.timeZone ?? 'UTC';
  }

  /**
   * `from` and `to` are instants (the web app's, from the days its viewer picked in their own zone) or
   * calendar days in the viewer's time zone (`to` then includes its whole day); the database compares UTC
   * instants, from included, to not.
   */
  async function toQueryFilters(actor: StaffActor, filters: AuditFilters): Promise<AuditQueryFilters> {
    const isDay = (v: string) => v.length === 10;
    const days = (filters.from && isDay(filters.from)) || (filters.to && isDay(filters.to));
    const tz = days ? await viewerZone(actor) : 'UTC';
    const fromUtc = filters.from
      ? (isDay(filters.from) ? startOfDay(filters.from, tz) : new Date(filters.from)).toISOString()
      : undefined;
    const toUtc = filters.to
      ? (isDay(filters.to) ? endOfDay(filters.to, tz) : new Date(filters.to)).toISOString()
      : undefined;
    if (fromUtc && toUtc && toUtc <= fromUtc) {
      throw errors.validation(
        { to: message('errors:audit.rangeEndField') },
        message('errors:audit.rangeBackwards'),
      );
    }
    return {
      clientId: filters.clientId,
      actorId: filters.actorId,
      actions: filters.action,
      fromUtc,
      toUtc,
    };
  }

  function localTime(at: string, tz: string): string {
    // sv-SE prints an ISO-like "2026-03-02 10:00:00", which sorts and reads well in a spreadsheet.
    return new Intl.DateTimeFormat('sv-SE', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(at));
  }

  function csvRow(row: AuditRow, tz: string, t: Translate): unknown[] {
    const key = (auditActionKeys as Record<string, (typeof auditActionKeys)[AuditAction]>)[row.action];
    return [
      row.at,
      localTime(row.at, tz),
      key ? t(key) : row.action,
      row.action,
      row.actor_kind,
      row.actor_name,
      row.actor_account_id,
      row.client_name,
      row.client_id,
      row.target_type,
      row.target_id,
      row.ip,
      row.user_agent,
      row.details === '{}' ? '' : row.details,
    ];
  }

  async function* csvChunks(
    db: DbOrTrx,
    filters: AuditQueryFilters,
    tz: string,
    t: Translate,
    max: number,
  ): AsyncGenerator<string> {
    // The header comes first even when nothing matches, so an empty export is still a valid file.
    yield toCsv(csvHeader(t, tz), []);
    let cursor: { k: string; id: number } | null = null;
    let written = 0;
    while (written < max) {
      const want = Math.min(EXPORT_BATCH, max - written);
      const rows = await auditRepository.list(db, filters, cursor, want);
      const batch = rows.slice(0, want);
      if (batch.length) {
        // Cells go through the same formula neutralisation as toCsv.
        yield stringify(
          batch.map((r) => csvRow(r, tz, t).map(neutraliseCell)),
          { record_delimiter: '\r\n' },
        );
      }
      written += batch.length;
      const last = batch.at(-1);
      if (rows.length <= want || !last) return;
      cursor = { k: last.at, id: last.id };
    }
  }

  return {
    async list(actor: StaffActor, query: AuditListQuery): Promise<AuditListResponse> {
      await requireView(actor);
      const filters = await toQueryFilters(actor, query);
      const cursor = decodeCursor(query.cursor);
      if (cursor && typeof cursor.k !== 'string') {
        throw errors.validation(
          { cursor: message('errors:cursor.invalidField') },
          message('errors:cursor.invalid'),
        );
      }
      const rows = await auditRepository.list(database.forActor(actor).db, filters, cursor, query.limit);
      const page = pageOf(rows, query.limit, (r) => r.at);
      return { items: page.items.map(presentAuditEvent), nextCursor: page.nextCursor };
    },

    /**
     * The export is recorded before it streams: who took a copy of the log matters even if the
     * download is then interrupted. Headers and action names are in `language` (the request's).
     */
    async exportCsv(
      actor: StaffActor,
      query: AuditFilters,
      meta: RequestMeta,
      language: string,
    ): Promise<{ filename: string; truncated: boolean; maxRows: number; chunks: AsyncGenerator<string> }> {
      await requireView(actor);
      const { db } = database.forActor(actor);
      const filters = {
        ...(await toQueryFilters(actor, query)),
        untilId: await auditRepository.maxId(db),
      };
      const tz = await viewerZone(actor);
      const matching = await auditRepository.countUpTo(db, filters, exportMaxRows + 1);
      const truncated = matching > exportMaxRows;
      await deps.audit.record(db, {
        actor,
        action: 'audit.exported',
        details: {
          filters: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)),
          rows: Math.min(matching, exportMaxRows),
          truncated,
        },
        meta,
      });
      const stamp = localTime(deps.clock().toISOString(), tz).slice(0, 10);
      const filename = truncated
        ? `audit-log-${stamp}-newest-${exportMaxRows}-rows.csv`
        : `audit-log-${stamp}.csv`;
      // The file holds what existed when it was asked for; its own audit row comes after that.
      return {
        filename,
        truncated,
        maxRows: exportMaxRows,
        chunks: csvChunks(db, filters, tz, translatorFor(language), Math.min(matching, exportMaxRows)),
      };
    },

    async people(actor: StaffActor, q: string): Promise<AuditPeopleResponse> {
      await requireView(actor);
      const rows = await auditRepository.searchPeople(database.forActor(actor).db, q, 20);
      return {
        items: rows.map((r) => ({
          accountId: r.id,
          name: r.name,
          email: r.email,
          kind: r.kind,
          clientName: r.client_name,
        })),
      };
    },

    async clients(actor: StaffActor, q: string): Promise<AuditClientsResponse> {
      await requireView(actor);
      const rows = await auditRepository.searchClients(database.forActor(actor).db, q, 20);
      return { items: rows.map((r) => ({ id: r.id, name: r.name, archived: r.archived_at !== null })) };
    },
  };
}
