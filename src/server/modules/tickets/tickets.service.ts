import { type Bound, bindContext } from '../../platform/context.ts';
import { homeMetrics } from './home-metrics.ts';
import { listRatings, rateTicket, ratingSummary, ticketRating } from './ratings.ts';
import { ticketsAccessUseCases } from './tickets.access.ts';
import type { TicketsContext } from './tickets.context.ts';
import { setLogger } from './tickets.core.ts';
import { registerRecurringJobs } from './tickets.jobs.ts';
import { autoClose, sweepSla } from './tickets.maintenance.ts';
import {
  addWatcher,
  bulkUpdate,
  createView,
  deleteView,
  listAssignees,
  listViews,
  listWatchers,
  mergeTickets,
  removeWatcher,
} from './tickets.manage.ts';
import { listTickets, ticketDetail, ticketMessages } from './tickets.read.ts';
import { createTicket, replyToTicket, updateTicket } from './tickets.write.ts';

export type { TicketsContext, TicketsDeps } from './tickets.context.ts';

/**
 * The tickets module's use cases: lists, detail and conversation (tickets.read.ts), raising, replying
 * and changing tickets (tickets.write.ts); the seam for other modules (tickets.access.ts); staff queue
 * operations (tickets.manage.ts); the SLA sweep and auto-close (tickets.maintenance.ts, scheduled by
 * tickets.jobs.ts as schedules). Each takes the module's context first; createTicketsService binds them to it.
 */
export const ticketsUseCases = {
  ...ticketsAccessUseCases,
  bulk: bulkUpdate,
  merge: mergeTickets,
  watchers: listWatchers,
  addWatcher,
  removeWatcher,
  assignees: listAssignees,
  views: listViews,
  createView,
  deleteView,
  setLogger,
  list: listTickets,
  detail: ticketDetail,
  messages: ticketMessages,
  create: createTicket,
  reply: replyToTicket,
  update: updateTicket,
  sweepSla,
  autoClose,
  rating: ticketRating,
  rate: rateTicket,
  ratingSummary,
  ratings: listRatings,
  homeMetrics,
};

export type TicketsService = Bound<TicketsContext, typeof ticketsUseCases>;

/** The tickets service bound to its context; defines the recurring jobs' schedules (tickets.jobs.ts). */
export function createTicketsService(ctx: TicketsContext): TicketsService {
  const service = bindContext(ctx, ticketsUseCases);
  registerRecurringJobs(ctx, { sweepSla: () => service.sweepSla(), autoClose: () => service.autoClose() });
  return service;
}
