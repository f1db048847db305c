import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
import type { Actor } from '../../platform/actor.ts';
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
 * Who a route serves. Staff name the client in the path and need the staff permission; a contact is
 * always their own client (no client id: the service's access check scopes them) and needs the portal
 * feature and permission. The handlers are the same for both faces: only where the route lives, its
 * policy and its words differ, and the scope is enforced by the service and the access layer, not here.
 */
interface Face {
  /** Where the face's routes start: `/api/v1/clients/:clientId` or `/api/v1/portal`. */
  base: string;
  /** Where a single scheduled report lives (staff: outside any client). */
  scheduleBase: string;
  params: typeof clientReportParams | undefined;
  who(request: FastifyRequest): { actor: Actor; clientId: number | undefined };
  policy: Record<'activity' | 'summary' | 'schedules', RoutePolicy>;
  summary: Record<'activity' | 'summary' | 'export' | 'schedules' | 'create' | 'pause' | 'remove', string>;
}

type RoutePolicy = NonNullable<FastifyContextConfig['policy']>;

const staffFace: Face = {
  base: '/api/v1/clients/:clientId',
  scheduleBase: '/api/v1',
  params: clientReportParams,
  who: (request) => ({
    actor: staffOnly(request.actor),
    clientId: (request.params as { clientId: number }).clientId,
  }),
  policy: {
    activity: { auth: 'staff', permission: 'clients:view' },
    summary: { auth: 'staff', permission: 'clients:view' },
    schedules: { auth: 'staff', permission: 'clients:manage' },
  },
  summary: {
    activity:
      "A client's activity history, newest first (keyset pages): requests raised, replies and internal notes (marked), status changes, time logged (not drafts), ratings",
    summary: "A client's monthly service summary (the month in the client's time zone)",
    export: "A client's monthly summary as a PDF or CSV file, in the client's language",
    schedules: "A client's scheduled reports",
    create: 'Schedule a report (weekly, monthly or quarterly; PDF or CSV) to up to 20 recipients',
    pause: 'Pause or resume a scheduled report (resuming starts from the next period)',
    remove: 'Stop a scheduled report',
  },
};

const portal = { auth: 'contact', feature: 'reports' } as const;
const portalFace: Face = {
  base: '/api/v1/portal',
  scheduleBase: '/api/v1/portal',
  params: undefined,
  who: (request) => ({ actor: contactOnly(request.actor), clientId: undefined }),
  policy: {
    activity: { ...portal, permission: 'tickets:view-company' },
    summary: { ...portal, permission: 'reports:view' },
    schedules: { ...portal, permission: 'reports:schedule' },
  },
  summary: {
    activity:
      "The company's activity history, newest first (keyset pages), for contacts who see all company requests: never internal notes or unapproved time",
    summary: "The company's monthly service summary",
    export: "The company's monthly summary as a PDF or CSV file",
    schedules: "The company's scheduled reports",
    create: "Schedule a report to the company's own contacts (their addresses only)",
    pause: 'Pause or resume one of the company’s scheduled reports',
    remove: 'Stop one of the company’s scheduled reports',
  },
};

/**
 * The client's reports: the activity history, the monthly summary (JSON, PDF, CSV) and scheduled
 * delivery; staff per client under /clients/:clientId, contacts for their own client under /portal.
 */
export function reportsRoutes(app: FastifyInstance, deps: { reports: ReportsService }) {
  const { reports } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];

  for (const face of [staffFace, portalFace]) {
    const params = face.params ? { params: face.params } : {};
    r.get(
      `${face.base}/reports/activity`,
      {
        config: { policy: face.policy.activity },
        schema: {
          tags,
          summary: face.summary.activity,
          ...params,
          querystring: activityQuery,
          response: { 200: activityList, ...errorResponses },
        },
      },
      (request) => {
        const { actor, clientId } = face.who(request);
        return reports.activity(actor, clientId, request.query);
      },
    );
    r.get(
      `${face.base}/reports/summary`,
      {
        config: { policy: face.policy.summary },
        schema: {
          tags,
          summary: face.summary.summary,
          ...params,
          querystring: summaryQuery,
          response: { 200: monthlySummary, ...errorResponses },
        },
      },
      (request) => {
        const { actor, clientId } = face.who(request);
        return reports.summary(actor, clientId, request.query.month);
      },
    );
    r.get(
      `${face.base}/reports/summary/export`,
      {
        config: { policy: face.policy.summary },
        schema: {
          tags,
          summary: face.summary.export,
          ...params,
          querystring: exportQuery,
          produces: ['application/pdf', 'text/csv'],
          response: fileResponse,
        },
      },
      async (request, reply) => {
        const { actor, clientId } = face.who(request);
        return sendFile(
          reply,
          await reports.summaryFile(actor, clientId, request.query.month, request.query.format),
        );
      },
    );
    r.get(
      `${face.base}/report-schedules`,
      {
        config: { policy: face.policy.schedules },
        schema: {
          tags,
          summary: face.summary.schedules,
          ...params,
          response: { 200: reportScheduleList, ...errorResponses },
        },
      },
      (request) => {
        const { actor, clientId } = face.who(request);
        return reports.schedules(actor, clientId);
      },
    );
    r.post(
      `${face.base}/report-schedules`,
      {
        config: { policy: face.policy.schedules, idempotency: 'keyed' },
        schema: {
          tags,
          summary: face.summary.create,
          ...params,
          body: reportScheduleBody,
          response: { 201: reportSchedule, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { actor, clientId } = face.who(request);
        return reply
          .code(201)
          .send(await reports.createSchedule(actor, clientId, request.body, requestMeta(request)));
      },
    );
    r.patch(
      `${face.scheduleBase}/report-schedules/:reportScheduleId`,
      {
        config: { policy: face.policy.schedules },
        schema: {
          tags,
          summary: face.summary.pause,
          params: reportScheduleParams,
          body: reportSchedulePatch,
          response: { 200: reportSchedule, ...errorResponses },
        },
      },
      (request) =>
        reports.setSchedulePaused(
          face.who(request).actor,
          request.params.reportScheduleId,
          request.body.paused,
          requestMeta(request),
        ),
    );
    r.delete(
      `${face.scheduleBase}/report-schedules/:reportScheduleId`,
      {
        config: { policy: face.policy.schedules },
        schema: {
          tags,
          summary: face.summary.remove,
          params: reportScheduleParams,
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await reports.removeSchedule(
          face.who(request).actor,
          request.params.reportScheduleId,
          requestMeta(request),
        );
        return { ok: true as const };
      },
    );
  }
}
