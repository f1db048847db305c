import type { ActivityItem, ReportSchedule } from '../../../shared/schemas/reports.ts';
import type { ActivityRow, ScheduleRow } from './reports.repository.ts';

/** Responses built from whitelisted fields only. */

export function presentActivity(row: ActivityRow): ActivityItem {
  const kind = row.source === 'status' && row.status === 'resolved' ? 'resolved' : row.source;
  return {
    id: `${row.source}:${row.id}`,
    kind,
    at: new Date(row.at).toISOString(),
    ticket: { id: row.ticket_id, subject: row.subject },
    by: row.by_name !== null ? { kind: row.by_kind ?? 'system', name: row.by_name } : null,
    status: row.source === 'status' ? row.status : null,
    minutes: row.source === 'time' ? row.minutes : null,
    rating: row.source === 'rated' && (row.rating === 'good' || row.rating === 'bad') ? row.rating : null,
    internal: row.internal === 1,
  };
}

export function presentSchedule(
  row: ScheduleRow & { last_sent_at: string | null },
  nextRunAt: string | null,
  paused: boolean,
): ReportSchedule {
  return {
    id: row.id,
    clientId: row.client_id,
    report: row.report as ReportSchedule['report'],
    frequency: row.frequency as ReportSchedule['frequency'],
    format: row.format as ReportSchedule['format'],
    recipients: JSON.parse(row.recipients) as string[],
    paused,
    nextRunAt: paused ? null : nextRunAt,
    lastSentAt: row.last_sent_at ? new Date(row.last_sent_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
