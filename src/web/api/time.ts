import { z } from 'zod';
import {
  portalTicketTime,
  type TimeApproveBody,
  type TimeEntryCreateBody,
  type TimeEntryPatchBody,
  type TimeReverseBody,
  type TimerStartBody,
  type TimerStopBody,
  type TimesheetQuery,
  timeApproveResponse,
  timeEntryPage,
  timeEntryResponse,
  timeReverseResponse,
  timerResponse,
  timerStartResponse,
  timerStopResponse,
  type WorkTypeCreateBody,
  type WorkTypePatchBody,
  workTypeList,
  workTypeResponse,
} from '../../shared/schemas/time.ts';
import { api, toQuery } from './client.ts';

/** The one definition of the time query keys (ticket pages, the timesheet, the timer, the portal). */
export const timeKeys = {
  all: ['time'] as const,
  ticket: (ticketId: number) => ['time', 'ticket', ticketId] as const,
  sheet: (params: TimesheetQuery) => ['time', 'sheet', params] as const,
  timer: ['time', 'timer'] as const,
  workTypes: ['time', 'work-types'] as const,
  portal: (ticketId: number) => ['time', 'portal', ticketId] as const,
};

export const fetchTicketTime = (ticketId: number, signal?: AbortSignal) =>
  api.get(`/tickets/${ticketId}/time-entries?limit=100`, timeEntryPage, signal);
export const fetchTimesheet = (params: TimesheetQuery, signal?: AbortSignal) =>
  api.get(`/time-entries${toQuery({ ...params })}`, timeEntryPage, signal);
export const fetchTimer = (signal?: AbortSignal) => api.get('/timer', timerResponse, signal);
export const fetchWorkTypes = (signal?: AbortSignal) => api.get('/work-types', workTypeList, signal);
export const fetchPortalTicketTime = (ticketId: number, signal?: AbortSignal) =>
  api.get(`/portal/tickets/${ticketId}/time`, portalTicketTime, signal);

export const timeCalls = {
  create: (body: TimeEntryCreateBody) => api.post('/time-entries', timeEntryResponse, body),
  update: (entryId: number, body: TimeEntryPatchBody) =>
    api.patch(`/time-entries/${entryId}`, timeEntryResponse, body),
  remove: (entryId: number) => api.delete(`/time-entries/${entryId}`, z.null()),
  submit: (entryId: number) => api.post(`/time-entries/${entryId}/submit`, timeEntryResponse),
  return: (entryId: number) => api.post(`/time-entries/${entryId}/return`, timeEntryResponse),
  approve: (body: TimeApproveBody) => api.post('/time-entries/approve', timeApproveResponse, body),
  reverse: (entryId: number, body: TimeReverseBody) =>
    api.post(`/time-entries/${entryId}/reverse`, timeReverseResponse, body),
  start: (body: TimerStartBody) => api.post('/timer/start', timerStartResponse, body),
  stop: (body: TimerStopBody) => api.post('/timer/stop', timerStopResponse, body),
  discard: () => api.delete('/timer', z.null()),
  createWorkType: (body: WorkTypeCreateBody) => api.post('/work-types', workTypeResponse, body),
  updateWorkType: (workTypeId: number, body: WorkTypePatchBody) =>
    api.patch(`/work-types/${workTypeId}`, workTypeResponse, body),
};
