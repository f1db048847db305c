import type { AuditAction } from '../../../shared/audit.ts';
import { endOfDay, startOfDay } from '../../../shared/format/zoned-day.ts';

/** What the filter form holds: empty strings and lists mean "no filter". */
export interface AuditFilterValues {
  clientId: string | null;
  actorId: string | null;
  actions: AuditAction[];
  /** YYYY-MM-DD: a calendar day in the viewer's time zone (the one the log's dates are shown in). */
  from: string;
  /** YYYY-MM-DD: the last day included, in the viewer's time zone. */
  to: string;
}

export const emptyAuditFilters: AuditFilterValues = {
  clientId: null,
  actorId: null,
  actions: [],
  from: '',
  to: '',
};

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The query string the list and the export share; only filters that are set. The days are read in the
 * viewer's time zone, as the dates in the log are shown, and sent as instants (the start of the first day,
 * the start of the day after the last), so the server never has to guess a zone.
 */
export function auditQueryString(
  filters: AuditFilterValues,
  timeZone: string,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  if (filters.clientId) params.set('clientId', filters.clientId);
  if (filters.actorId) params.set('actorId', filters.actorId);
  if (filters.actions.length) params.set('action', filters.actions.join(','));
  if (isDay(filters.from)) params.set('from', startOfDay(filters.from, timeZone).toISOString());
  if (isDay(filters.to)) params.set('to', endOfDay(filters.to, timeZone).toISOString());
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

/**
 * A problem to show before asking the server, so the person fixes it where they typed it: the catalogue
 * key of its words.
 */
export function dateRangeProblem(
  filters: Pick<AuditFilterValues, 'from' | 'to'>,
): `staffApp:${string}` | null {
  if (filters.from && filters.to && filters.from > filters.to) {
    return 'staffApp:audit.filters.dateOrder';
  }
  return null;
}

export function hasFilters(filters: AuditFilterValues): boolean {
  return auditQueryString(filters, 'UTC') !== '';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Details as short "key: value" lines; nested values are shown as compact JSON. */
export function detailLines(details: Record<string, unknown>): string[] {
  return Object.entries(details).map(([key, value]) => {
    const text =
      typeof value === 'string'
        ? value
        : Array.isArray(value) && value.every((v) => typeof v === 'string')
          ? value.join(', ')
          : isPlainObject(value)
            ? Object.keys(value).length
              ? Object.entries(value)
                  .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`)
                  .join('; ')
              : 'none'
            : JSON.stringify(value);
    return `${key}: ${text}`;
  });
}
