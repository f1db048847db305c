import type { z } from 'zod';
import { okResponse } from '../../shared/schemas/common.ts';
import {
  activityList,
  monthlySummary,
  reportSchedule,
  type reportScheduleBody,
  reportScheduleList,
} from '../../shared/schemas/reports.ts';
import { api, toQuery } from './client.ts';

/** Whose reports: the contact's own company (portal) or one client's (staff). */
export type ReportScope = { kind: 'portal' } | { kind: 'staff'; clientId: number };

const base = (scope: ReportScope) =>
  scope.kind === 'portal' ? '/portal/reports' : `/clients/${scope.clientId}/reports`;
const schedulesBase = (scope: ReportScope) =>
  scope.kind === 'portal' ? '/portal/report-schedules' : `/clients/${scope.clientId}/report-schedules`;
const scheduleUrl = (scope: ReportScope, id: number) =>
  scope.kind === 'portal' ? `/portal/report-schedules/${id}` : `/report-schedules/${id}`;

/** The activity history's range: instants, `from` inclusive and `to` exclusive; unset: unbounded. */
export interface ActivityRange {
  from?: string | undefined;
  to?: string | undefined;
}

export const reportKeys = {
  all: ['reports'] as const,
  summary: (scope: ReportScope, month: string) => ['reports', 'summary', scope, month] as const,
  activity: (scope: ReportScope, range: ActivityRange) => ['reports', 'activity', scope, range] as const,
  schedules: (scope: ReportScope) => ['reports', 'schedules', scope] as const,
};

export const fetchMonthlySummary = (scope: ReportScope, month: string, signal?: AbortSignal) =>
  api.get(`${base(scope)}/summary${toQuery({ month })}`, monthlySummary, signal);

/** The address of the month's summary as a file (a plain link: the session cookie signs it in). */
export const summaryFileUrl = (scope: ReportScope, month: string, format: 'pdf' | 'csv') =>
  `/api/v1${base(scope)}/summary/export${toQuery({ month, format })}`;

/** One keyset page of the activity history, newest first. */
export const fetchActivity = (
  scope: ReportScope,
  range: ActivityRange,
  page: { cursor?: string | undefined; limit: number },
  signal?: AbortSignal,
) => api.get(`${base(scope)}/activity${toQuery({ ...range, ...page })}`, activityList, signal);

export const fetchReportSchedules = (scope: ReportScope, signal?: AbortSignal) =>
  api.get(schedulesBase(scope), reportScheduleList, signal);

export type ReportScheduleInput = z.input<typeof reportScheduleBody>;

export const createReportSchedule = (scope: ReportScope, body: ReportScheduleInput) =>
  api.post(schedulesBase(scope), reportSchedule, body);

export const pauseReportSchedule = (scope: ReportScope, id: number, paused: boolean) =>
  api.patch(scheduleUrl(scope, id), reportSchedule, { paused });

export const deleteReportSchedule = (scope: ReportScope, id: number) =>
  api.delete(scheduleUrl(scope, id), okResponse);
