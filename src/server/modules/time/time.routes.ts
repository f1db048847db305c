import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuery } from '../../../shared/schemas/pagination.ts';
import {
  portalTicketTime,
  ticketTimeParams,
  timeApproveBody,
  timeApproveResponse,
  timeEntryCreateBody,
  timeEntryPage,
  timeEntryParams,
  timeEntryPatchBody,
  timeEntryResponse,
  timeReverseBody,
  timeReverseResponse,
  timerResponse,
  timerStartBody,
  timerStartResponse,
  timerStopBody,
  timerStopResponse,
  timesheetQuery,
  workTypeCreateBody,
  workTypeList,
  workTypeParams,
  workTypePatchBody,
  workTypeResponse,
} from '../../../shared/schemas/time.ts';
import { contactOnly, staffOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { TimeService } from './time.service.ts';

const ticketTimeQuery = z.object({ ...pageQuery }).strict();

export function timeRoutes(app: FastifyInstance, deps: { time: TimeService }) {
  const { time } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['time'];
  const view = { auth: 'staff', permission: 'tickets:view' } as const;
  const log = { auth: 'staff', permission: 'time:log' } as const;
  const approve = { auth: 'staff', permission: 'time:approve' } as const;

  r.get(
    '/api/v1/work-types',
    {
      config: { policy: view },
      schema: { tags, summary: 'Work types, by name', response: { 200: workTypeList, ...errorResponses } },
    },
    (request) => time.listWorkTypes(staffOnly(request.actor)),
  );

  r.post(
    '/api/v1/work-types',
    {
      config: { policy: { auth: 'staff', permission: 'settings:edit' }, idempotency: 'keyed' },
      schema: {
        tags,
        summary: 'Create a work type (optional rate in minor units per hour, with its currency)',
        body: workTypeCreateBody,
        response: { 201: workTypeResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await time.createWorkType(staffOnly(request.actor), request.body, requestMeta(request));
      return reply.code(201).send(created);
    },
  );

  r.patch(
    '/api/v1/work-types/:workTypeId',
    {
      config: { policy: { auth: 'staff', permission: 'settings:edit' } },
      schema: {
        tags,
        summary: 'Change a work type; send only what changes',
        params: workTypeParams,
        body: workTypePatchBody,
        response: { 200: workTypeResponse, ...errorResponses },
      },
    },
    (request) =>
      time.updateWorkType(
        staffOnly(request.actor),
        request.params.workTypeId,
        request.body,
        requestMeta(request),
      ),
  );

  r.get(
    '/api/v1/time-entries',
    {
      config: { policy: view },
      schema: {
        tags,
        summary:
          'The timesheet: entries by person, ticket, status and date range, newest day first (keyset pages), with totals',
        querystring: timesheetQuery,
        response: { 200: timeEntryPage, ...errorResponses },
      },
    },
    (request) => time.timesheet(staffOnly(request.actor), request.query),
  );

  r.post(
    '/api/v1/time-entries',
    {
      config: { policy: log, idempotency: 'keyed' },
      schema: {
        tags,
        summary: 'Log time on a ticket by hand (a draft): a duration, or a start and end time',
        body: timeEntryCreateBody,
        response: { 201: timeEntryResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await time.create(staffOnly(request.actor), request.body);
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/api/v1/time-entries/:entryId',
    {
      config: { policy: view },
      schema: {
        tags,
        summary: 'One time entry',
        params: timeEntryParams,
        response: { 200: timeEntryResponse, ...errorResponses },
      },
    },
    (request) => time.get(staffOnly(request.actor), request.params.entryId),
  );

  r.patch(
    '/api/v1/time-entries/:entryId',
    {
      config: { policy: log },
      schema: {
        tags,
        summary: 'Change a draft (its author, or staff who approve time); approved entries are refused (409)',
        params: timeEntryParams,
        body: timeEntryPatchBody,
        response: { 200: timeEntryResponse, ...errorResponses },
      },
    },
    (request) => time.update(staffOnly(request.actor), request.params.entryId, request.body),
  );

  r.delete(
    '/api/v1/time-entries/:entryId',
    {
      config: { policy: log },
      schema: {
        tags,
        summary: 'Delete a draft (its author, or staff who approve time)',
        params: timeEntryParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await time.remove(staffOnly(request.actor), request.params.entryId);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/time-entries/:entryId/submit',
    {
      config: { policy: log },
      schema: {
        tags,
        summary: 'Submit a draft for approval',
        params: timeEntryParams,
        response: { 200: timeEntryResponse, ...errorResponses },
      },
    },
    (request) => time.move(staffOnly(request.actor), request.params.entryId, 'submitted'),
  );

  r.post(
    '/api/v1/time-entries/:entryId/return',
    {
      config: { policy: log },
      schema: {
        tags,
        summary: 'Return a submitted entry to draft',
        params: timeEntryParams,
        response: { 200: timeEntryResponse, ...errorResponses },
      },
    },
    (request) => time.move(staffOnly(request.actor), request.params.entryId, 'draft'),
  );

  r.post(
    '/api/v1/time-entries/approve',
    {
      config: { policy: approve },
      schema: {
        tags,
        summary:
          'Approve submitted entries, all or none: an entry changed since `updatedAt` refuses the lot (409 changed_meanwhile)',
        body: timeApproveBody,
        response: { 200: timeApproveResponse, ...errorResponses },
      },
    },
    (request) => time.approve(staffOnly(request.actor), request.body, requestMeta(request)),
  );

  r.post(
    '/api/v1/time-entries/:entryId/reverse',
    {
      config: { policy: approve, idempotency: 'keyed' },
      schema: {
        tags,
        summary:
          'Correct an approved or invoiced entry: a reversing entry (once), and optionally the corrected one as a draft',
        params: timeEntryParams,
        body: timeReverseBody,
        response: { 201: timeReverseResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const made = await time.reverse(
        staffOnly(request.actor),
        request.params.entryId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(made);
    },
  );

  r.get(
    '/api/v1/tickets/:ticketId/time-entries',
    {
      config: { policy: view },
      schema: {
        tags,
        summary: "A ticket's time entries (every status), newest day first, with totals",
        params: ticketTimeParams,
        querystring: ticketTimeQuery,
        response: { 200: timeEntryPage, ...errorResponses },
      },
    },
    (request) => time.ticketTime(staffOnly(request.actor), request.params.ticketId, request.query),
  );

  r.get(
    '/api/v1/timer',
    {
      config: { policy: log },
      schema: {
        tags,
        summary: "The signed-in person's running timer, or null",
        response: { 200: timerResponse, ...errorResponses },
      },
    },
    (request) => time.timer(staffOnly(request.actor)),
  );

  r.post(
    '/api/v1/timer/start',
    {
      config: { policy: log },
      schema: {
        tags,
        summary:
          'Start a timer on a ticket; another running timer refuses it (409 timer_running) unless replace: true stops it first',
        body: timerStartBody,
        response: { 200: timerStartResponse, ...errorResponses },
      },
    },
    (request) => time.startTimer(staffOnly(request.actor), request.body),
  );

  r.post(
    '/api/v1/timer/stop',
    {
      config: { policy: log },
      schema: {
        tags,
        summary: 'Stop the running timer: its minutes become a draft entry',
        body: timerStopBody,
        response: { 200: timerStopResponse, ...errorResponses },
      },
    },
    (request) => time.stopTimer(staffOnly(request.actor), request.body),
  );

  r.delete(
    '/api/v1/timer',
    {
      config: { policy: log },
      schema: {
        tags,
        summary: 'Discard the running timer without logging time',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await time.discardTimer(staffOnly(request.actor));
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/portal/tickets/:ticketId/time',
    {
      config: { policy: { auth: 'contact', feature: 'tickets' } },
      schema: {
        tags,
        summary:
          "The approved time on one of the contact's tickets (when the provider shows time): date, who, actual and billed minutes, note, totals",
        params: ticketTimeParams,
        response: { 200: portalTicketTime, ...errorResponses },
      },
    },
    (request) => time.portalTicketTime(contactOnly(request.actor), request.params.ticketId),
  );
}
