import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { okResponse } from '../../../shared/schemas/common.ts';
import {
  activityList,
  activityQuery,
  clientReportParams,
  monthlySummary,
  reportFormats,
  reportMonth,
  reportSchedule,
  reportScheduleBody,
  reportScheduleList,
  reportScheduleParams,
  reportSchedulePatch,
  summaryQuery,
} from '../../../shared/schemas/reports.ts';
import { contactOnly, staffOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { ReportsService } from './reports.service.ts';

const exportQuery = z.object({ month: reportMonth, format: z.enum(reportFormats) }).strict();
const fileResponse = {
  200: z.string().describe('The report file (application/pdf or text/csv)'),
  ...errorResponses,
};

function sendFile(reply: FastifyReply, file: { filename: string; contentType: string; data: Buffer }) {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.data);
}

/**
 * The client's reports: the activity history, the monthly summary (JSON, PDF, CSV) and scheduled
 * delivery; staff per client under /clients/:clientId, contacts for their own client under /portal.
 */
export function reportsRoutes(app: FastifyInstance, deps: { reports: ReportsService }) {
  const { reports } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const portal = { auth: 'contact', feature: 'reports' } as const;

  // Staff, per client.
  r.get(
    '/api/v1/clients/:clientId/reports/activity',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags,
        summary:
          "A client's activity history, newest first (keyset pages): requests raised, replies and internal notes (marked), status changes, time logged (not drafts), ratings",
        params: clientReportParams,
        querystring: activityQuery,
        response: { 200: activityList, ...errorResponses },
      },
    },
    (request) => reports.activity(staffOnly(request.actor), request.params.clientId, request.query),
  );
  r.get(
    '/api/v1/clients/:clientId/reports/summary',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags,
        summary: "A client's monthly service summary (the month in the client's time zone)",
        params: clientReportParams,
        querystring: summaryQuery,
        response: { 200: monthlySummary, ...errorResponses },
      },
    },
    (request) => reports.summary(staffOnly(request.actor), request.params.clientId, request.query.month),
  );
  r.get(
    '/api/v1/clients/:clientId/reports/summary/export',
    {
      config: { policy: { auth: 'staff', permission: 'clients:view' } },
      schema: {
        tags,
        summary: "A client's monthly summary as a PDF or CSV file, in the client's language",
        params: clientReportParams,
        querystring: exportQuery,
        produces: ['application/pdf', 'text/csv'],
        response: fileResponse,
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await reports.summaryFile(
          staffOnly(request.actor),
          request.params.clientId,
          request.query.month,
          request.query.format,
        ),
      ),
  );
  r.get(
    '/api/v1/clients/:clientId/report-schedules',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' } },
      schema: {
        tags,
        summary: "A client's scheduled reports",
        params: clientReportParams,
        response: { 200: reportScheduleList, ...errorResponses },
      },
    },
    (request) => reports.schedules(staffOnly(request.actor), request.params.clientId),
  );
  r.post(
    '/api/v1/clients/:clientId/report-schedules',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' }, idempotency: 'keyed' },
      schema: {
        tags,
        summary: 'Schedule a report (weekly, monthly or quarterly; PDF or CSV) to up to 20 recipients',
        params: clientReportParams,
        body: reportScheduleBody,
        response: { 201: reportSchedule, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await reports.createSchedule(
            staffOnly(request.actor),
            request.params.clientId,
            request.body,
            requestMeta(request),
          ),
        ),
  );
  r.patch(
    '/api/v1/report-schedules/:reportScheduleId',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' } },
      schema: {
        tags,
        summary: 'Pause or resume a scheduled report (resuming starts from the next period)',
        params: reportScheduleParams,
        body: reportSchedulePatch,
        response: { 200: reportSchedule, ...errorResponses },
      },
    },
    (request) =>
      reports.setSchedulePaused(
        staffOnly(request.actor),
        request.params.reportScheduleId,
        request.body.paused,
        requestMeta(request),
      ),
  );
  r.delete(
    '/api/v1/report-schedules/:reportScheduleId',
    {
      config: { policy: { auth: 'staff', permission: 'clients:manage' } },
      schema: {
        tags,
        summary: 'Stop a scheduled report',
        params: reportScheduleParams,
        response: { 200: okResponse, ...errorResponses },
      },
    },
    async (request) => {
      await reports.removeSchedule(
        staffOnly(request.actor),
        request.params.reportScheduleId,
        requestMeta(request),
      );
      return { ok: true as const };
    },
  );

  // Portal: the contact's own client.
  r.get(
    '/api/v1/portal/reports/activity',
    {
      config: { policy: { ...portal, permission: 'tickets:view-company' } },
      schema: {
        tags,
        summary:
          "The company's activity history, newest first (keyset pages), for contacts who see all company requests: never internal notes or unapproved time",
        querystring: activityQuery,
        response: { 200: activityList, ...errorResponses },
      },
    },
    (request) => reports.activity(contactOnly(request.actor), undefined, request.query),
  );
  r.get(
    '/api/v1/portal/reports/summary',
    {
      config: { policy: { ...portal, permission: 'reports:view' } },
      schema: {
        tags,
        summary: "The company's monthly service summary",
        querystring: summaryQuery,
        response: { 200: monthlySummary, ...errorResponses },
      },
    },
    (request) => reports.summary(contactOnly(request.actor), undefined, request.query.month),
  );
  r.get(
    '/api/v1/portal/reports/summary/export',
    {
      config: { policy: { ...portal, permission: 'reports:view' } },
      schema: {
        tags,
        summary: "The company's monthly summary as a PDF or CSV file",
        querystring: exportQuery,
        produces: ['application/pdf', 'text/csv'],
        response: fileResponse,
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await reports.summaryFile(
          contactOnly(request.actor),
          undefined,
          request.query.month,
          request.query.format,
        ),
      ),
  );
  r.get(
    '/api/v1/portal/report-schedules',
    {
      config: { policy: { ...portal, permission: 'reports:schedule' } },
      schema: {
        tags,
        summary: "The company's scheduled reports",
        response: { 200: reportScheduleList, ...errorResponses },
      },
    },
    (request) => reports.schedules(contactOnly(request.actor), undefined),
  );
  r.post(
    '/api/v1/portal/report-schedules',
    {
      config: { policy: { ...portal, permission: 'reports:schedule' }, idempotency: 'keyed' },
      schema: {
        tags,
        summary: "Schedule a report to the company's own contacts (their addresses only)",
        body: reportScheduleBody,
        response: { 201: reportSchedule, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await reports.createSchedule(
            contactOnly(request.actor),
            undefined,
            request.body,
            requestMeta(request),
          ),
        ),
  );
  r.patch(
    '/api/v1/portal/report-schedules/:reportScheduleId',
    {
      config: { policy: { ...portal, permission: 'reports:schedule' } },
      schema: {
        tags,
        summary: 'Pause or resume one of the company’s scheduled reports',
        params: reportScheduleParams,
        body: reportSchedulePatch,
        response: { 200: reportSchedule, ...errorResponses },
      },
    },
    (request) =>
      reports.setSchedulePaused(
        contactOnly(request.actor),
        request.params.reportScheduleId,
        request.body.paused,
        requestMeta(request),
      ),
  );
  r.delete(
    '/api/v1/portal/report-schedules/:reportScheduleId',
    {
      config: { policy: { ...portal, permission: 'reports:schedule' } },
      schema: {
        tags,
        summary: 'Stop one of the company’s scheduled reports',
        params: reportScheduleParams,
        response: { 200: okResponse, ...errorResponses },
      },
    },
    async (request) => {
      await reports.removeSchedule(
        contactOnly(request.actor),
        request.params.reportScheduleId,
        requestMeta(request),
      );
      return { ok: true as const };
    },
  );
}
