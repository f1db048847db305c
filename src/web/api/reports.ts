import { monthlySummary } from '../../shared/schemas/reports.ts';
import { api, toQuery } from './client.ts';

/** Whose reports: the contact's own company (portal) or one client's (staff). */
export type ReportScope = { kind: 'portal' } | { kind: 'staff'; clientId: number };

const base = (scope: ReportScope) =>
  scope.kind === 'portal' ? '/portal/reports' : `/clients/${scope.clientId}/reports`;

export const reportKeys = {
  all: ['reports'] as const,
  summary: (scope: ReportScope, month: string) => ['reports', 'summary', scope, month] as const,
};

export const fetchMonthlySummary = (scope: ReportScope, month: string, signal?: AbortSignal) =>
  api.get(`${base(scope)}/summary${toQuery({ month })}`, monthlySummary, signal);

/** The address of the month's summary as a file (a plain link: the session cookie signs it in). */
export const summaryFileUrl = (scope: ReportScope, month: string, format: 'pdf' | 'csv') =>
  `/api/v1${base(scope)}/summary/export${toQuery({ month, format })}`;
