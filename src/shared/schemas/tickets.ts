import { z } from 'zod';
import { id, isoInstant } from './common.ts';
import { pageOf, pageQuery } from './pagination.ts';
import { businessCalendar } from './sla.ts';

/**
 * Tickets (issue 4): the API contract the server validates with and both faces type their calls with.
 * One set of routes serves staff and contacts; fields marked "staff only" are never filled for a contact
 * (the server leaves them null/empty/false) and internal messages never reach a contact.
 */

export const ticketStatuses = [
  'new',
  'open',
  'in-progress',
  'waiting-on-client',
  'waiting-on-vendor',
  'resolved',
  'closed',
] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketStatusLabels: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  'in-progress': 'In Progress',
  'waiting-on-client': 'Waiting on Client',
  'waiting-on-vendor': 'Waiting on Vendor',
  resolved: 'Resolved',
  closed: 'Closed',
};
/** Statuses in which a ticket is still being worked on (the SLA resolution clock runs). */
export const openStatuses: readonly TicketStatus[] = [
  'new',
  'open',
  'in-progress',
  'waiting-on-client',
  'waiting-on-vendor',
];
export const ticketStatus = z.enum(ticketStatuses, {
  message: 'errors:validation.ticketStatus',
});

export const ticketPriorities = ['low', 'medium', 'high', 'critical'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];
export const ticketPriority = z.enum(ticketPriorities, {
  message: 'errors:validation.ticketPriority',
});

export const ticketSources = ['portal', 'staff', 'email'] as const;

/** A comma-separated list in a query string (`?status=open,new`), or a repeated parameter. */
function listParam<T extends z.ZodType>(item: T, max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').filter((s) => s !== '') : v),
    z.array(item).max(max),
  );
}

// ---------------------------------------------------------------------------------------------------
// SLA as shown on a ticket

export const slaClockStates = ['running', 'paused', 'met', 'breached'] as const;

/** One SLA clock at `asOf`. A page keeps it live by counting business time since `asOf` on `calendar`. */
export const slaClockView = z
  .object({
    state: z.enum(slaClockStates),
    targetMs: z.number().int().nonnegative(),
    elapsedMs: z.number().int().nonnegative(),
    remainingMs: z.number().int().nonnegative(),
    overdueMs: z.number().int().nonnegative(),
    pausedMs: z.number().int().nonnegative(),
    /** When it is (or was) due; null while paused before the deadline (it moves while paused). */
    dueAt: isoInstant.nullable(),
    atRisk: z.boolean(),
    stoppedAt: isoInstant.nullable(),
    /** Since when the clock is paused (also after its deadline, when `state` stays 'breached'); else null. */
    pausedSince: isoInstant.nullable(),
  })
  .meta({ id: 'SlaClock' });
export type SlaClockView = z.infer<typeof slaClockView>;

export const ticketSla = z
  .object({
    policyName: z.string(),
    /** The name of the calendar below: the contract's coverage hours, else the policy's calendar. */
    calendarName: z.string(),
    /** The business-hours calendar the clocks count on (the page ticks timers with src/shared/sla-time.ts). */
    calendar: businessCalendar,
    /** The instant the figures below were computed at. */
    asOf: isoInstant,
    response: slaClockView,
    resolution: slaClockView,
  })
  .meta({ id: 'TicketSla' });
export type TicketSla = z.infer<typeof ticketSla>;

/**
 * What happened to a ticket's SLA clocks, oldest first (issue 14): the status changes that paused or
 * resumed them, and when each clock was met or breached. `by` names who did it (null: nobody in
 * particular, e.g. a deadline passing, or the system); `status` is the status a pause or resume moved to.
 */
export const slaHistoryKinds = [
  'paused',
  'resumed',
  'response-met',
  'response-breached',
  'resolution-met',
  'resolution-breached',
] as const;
export type SlaHistoryKind = (typeof slaHistoryKinds)[number];
export const slaHistoryEntry = z
  .object({
    kind: z.enum(slaHistoryKinds),
    at: isoInstant,
    status: ticketStatus.nullable(),
    by: z.string().nullable(),
  })
  .meta({ id: 'SlaHistoryEntry' });
export type SlaHistoryEntry = z.infer<typeof slaHistoryEntry>;

/** The state a list shows for a ticket: its most urgent running clock, in words as well as colour. */
export const slaSummaryStates = ['none', 'running', 'at-risk', 'paused', 'met', 'breached'] as const;
export type SlaSummaryState = (typeof slaSummaryStates)[number];
export const slaSummary = z
  .object({
    state: z.enum(slaSummaryStates),
    /** Which clock the state is about. */
    clock: z.enum(['response', 'resolution']).nullable(),
    dueAt: isoInstant.nullable(),
  })
  .meta({ id: 'SlaSummary' });
export type SlaSummary = z.infer<typeof slaSummary>;

// ---------------------------------------------------------------------------------------------------
// Attachments

export const attachmentResponse = z
  .object({
    id: z.number().int(),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    /** The authorised download route (Content-Disposition: attachment). */
    url: z.string(),
    /** A small preview for images, or null. */
    thumbnailUrl: z.string().nullable(),
    /** Staff only: true when it belongs to an internal note (a contact never receives such a row). */
    internal: z.boolean(),
    messageId: z.number().int().nullable(),
    createdAt: isoInstant,
  })
  .meta({ id: 'Attachment' });
export type AttachmentResponse = z.infer<typeof attachmentResponse>;
export const attachmentListResponse = z.object({ items: z.array(attachmentResponse) });

/** A file uploaded ahead of the ticket or reply it belongs to; pass its id in `attachmentIds`. */
export const uploadResponse = attachmentResponse.meta({ id: 'Upload' });
export type UploadResponse = z.infer<typeof uploadResponse>;

export const attachmentIds = z
  .array(id)
  .max(20, 'errors:validation.maxAttachments')
  .refine((ids) => new Set(ids).size === ids.length, 'errors:validation.attachmentOnce');

// ---------------------------------------------------------------------------------------------------
// Tickets

const subject = z.string().trim().min(1, 'errors:validation.subject').max(200, 'errors:validation.maxChars');
const markdownBody = (empty: 'errors:validation.description' | 'errors:validation.message') =>
  z.string().trim().min(1, empty).max(50_000, 'errors:validation.maxChars');

export const ticketParams = z.object({ ticketId: id });
export const attachmentParams = z.object({ ticketId: id, attachmentId: id });

export const ticketListItem = z
  .object({
    id: z.number().int(),
    /** Shown as "#id". */
    number: z.string(),
    subject: z.string(),
    status: ticketStatus,
    priority: ticketPriority,
    categoryId: z.number().int().nullable(),
    categoryName: z.string().nullable(),
    clientId: z.number().int(),
    clientName: z.string(),
    requesterContactId: z.number().int().nullable(),
    requesterName: z.string().nullable(),
    assigneeAccountId: z.number().int().nullable(),
    /** The assignee's display name (contacts see the name only). */
    assigneeName: z.string().nullable(),
    /** For staff: the last change of any kind; for a contact: the last change they can see. */
    updatedAt: isoInstant,
    createdAt: isoInstant,
    sla: slaSummary,
  })
  .meta({ id: 'TicketListItem' });
export type TicketListItem = z.infer<typeof ticketListItem>;

export const ticketListResponse = pageOf(ticketListItem).meta({ id: 'TicketList' });
export type TicketListResponse = z.infer<typeof ticketListResponse>;

export const ticketSorts = ['updated-desc', 'updated-asc', 'created-desc', 'created-asc'] as const;

/** Built-in staff queue views. */
export const ticketQueueViews = ['all', 'unassigned', 'mine', 'breaching-soon', 'waiting-on-client'] as const;
export type TicketQueueView = (typeof ticketQueueViews)[number];
export const ticketQueueViewLabels: Record<TicketQueueView, string> = {
  all: 'All open',
  unassigned: 'Unassigned',
  mine: 'Mine',
  'breaching-soon': 'Breaching soon',
  'waiting-on-client': 'Waiting on client',
};

/** Filters a staff member can combine and save as a view (a contact's list ignores the staff-only ones). */
export const ticketQueueFilters = z
  .object({
    q: z.string().trim().max(200).optional(),
    status: listParam(ticketStatus, ticketStatuses.length).optional(),
    priority: listParam(ticketPriority, ticketPriorities.length).optional(),
    /** Staff only. */
    view: z.enum(ticketQueueViews).optional(),
    /** Staff only. */
    clientId: id.optional(),
    /** Staff only; 0 would be meaningless, use view=unassigned. */
    assigneeAccountId: id.optional(),
    categoryId: id.optional(),
  })
  .strict();
export type TicketQueueFilters = z.infer<typeof ticketQueueFilters>;

export const ticketListQuery = ticketQueueFilters
  .extend({
    /** Contacts: 'mine' (raised or watched by me) or 'company' (needs tickets:view-company). */
    scope: z.enum(['mine', 'company']).optional(),
    /** Staff: a saved view's id, whose filters apply under any given here. */
    savedViewId: id.optional(),
    sort: z.enum(ticketSorts).default('updated-desc'),
    ...pageQuery,
  })
  .strict();
export type TicketListQuery = z.infer<typeof ticketListQuery>;

export const ticketDetail = ticketListItem
  .omit({ sla: true })
  .extend({
    description: z.string(),
    /** The description rendered from Markdown and sanitised. */
    descriptionHtml: z.string(),
    source: z.enum(ticketSources),
    affected: z.array(z.string()),
    /** Total minutes logged; null for a contact when the provider does not show time. */
    timeSpentMinutes: z.number().int().nullable(),
    firstResponseAt: isoInstant.nullable(),
    resolvedAt: isoInstant.nullable(),
    closedAt: isoInstant.nullable(),
    /** Set on a ticket merged into another; it is then closed. */
    mergedIntoId: z.number().int().nullable(),
    /** Null when no SLA policy applies. */
    sla: ticketSla.nullable(),
    /** The client's contract the ticket runs under (its SLA policy came from it); null: none. */
    contract: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    /** The client's site the ticket is about; null: none named. */
    site: z.object({ id: z.number().int(), label: z.string() }).nullable(),
    /** The SLA clocks' history (empty when no SLA policy applies). */
    slaHistory: z.array(slaHistoryEntry),
    slaSummary,
    /** Attachments of the ticket itself (those of messages come with the messages). */
    attachments: z.array(attachmentResponse),
    watchers: z.array(
      z.object({
        kind: z.enum(['staff', 'contact']),
        /** The staff account id or the contact id. */
        id: z.number().int(),
        name: z.string(),
      }),
    ),
    /** What the asking person may do now, so pages show only buttons that work. */
    can: z.object({
      reply: z.boolean(),
      close: z.boolean(),
      reopen: z.boolean(),
      /** Staff: change status, priority, assignee, category; post internal notes. */
      manage: z.boolean(),
    }),
    /** For a contact: until when a closed ticket may still be reopened (null: not closed or no window). */
    reopenUntil: isoInstant.nullable(),
    /**
     * Staff only: the ticket was opened by an email whose sender was not authenticated (SPF, DKIM, DMARC),
     * accepted with a warning by the settings; the received email's id (its review page says more). Null
     * otherwise, and always for a contact.
     */
    unauthenticatedEmailId: z.number().int().nullable(),
  })
  .meta({ id: 'Ticket' });
export type TicketDetail = z.infer<typeof ticketDetail>;

export const ticketCreateBody = z
  .object({
    subject,
    description: markdownBody('errors:validation.description'),
    priority: ticketPriority.default('medium'),
    categoryId: id.nullable().optional(),
    affected: z.array(z.string().trim().min(1).max(200)).max(20, 'errors:validation.maxLinks').default([]),
    attachmentIds: attachmentIds.default([]),
    /**
     * The client's site the ticket is about (one of the client's sites; decides which contract covers
     * it). Left out or null: none.
     */
    siteId: id.nullable().optional(),
    /** Staff only: the client the ticket is for (required for staff). */
    clientId: id.optional(),
    /** Staff only: the contact it is raised for (must belong to the client). */
    requesterContactId: id.nullable().optional(),
    /** Staff only: assign at once (else the auto-assignment rules decide). */
    assigneeAccountId: id.nullable().optional(),
  })
  .strict()
  .meta({ id: 'TicketCreate' });
export type TicketCreateBody = z.input<typeof ticketCreateBody>;

export const ticketPatchBody = z
  .object({
    /** Contacts may only close a resolved ticket ('closed') or reopen ('open') within the window. */
    status: ticketStatus.optional(),
    /** Staff only from here on. */
    priority: ticketPriority.optional(),
    subject: subject.optional(),
    categoryId: id.nullable().optional(),
    assigneeAccountId: id.nullable().optional(),
    requesterContactId: id.nullable().optional(),
    /**
     * One of the client's sites, or null for none. On a ticket still open, the covering contract (and
     * its SLA policy and coverage hours) is chosen again for the new site; a finished ticket keeps its own.
     */
    siteId: id.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'errors:validation.someField')
  .meta({ id: 'TicketPatch' });
export type TicketPatchBody = z.input<typeof ticketPatchBody>;

export const ticketBulkBody = z
  .object({
    ids: z
      .array(id)
      .min(1, 'errors:validation.someTicket')
      .max(100, 'errors:validation.maxTickets')
      .refine((ids) => new Set(ids).size === ids.length, 'errors:validation.ticketOnce'),
    status: ticketStatus.optional(),
    assigneeAccountId: id.nullable().optional(),
  })
  .strict()
  .refine(
    (b) => b.status !== undefined || b.assigneeAccountId !== undefined,
    'Choose a status or an assignee',
  )
  .meta({ id: 'TicketBulk' });
export const ticketBulkResponse = z.object({ updated: z.number().int() });

export const ticketMergeBody = z.object({ intoTicketId: id }).strict().meta({ id: 'TicketMerge' });

// ---------------------------------------------------------------------------------------------------
// Messages

export const messageAuthorKinds = ['staff', 'contact', 'system'] as const;

export const ticketMessage = z
  .object({
    id: z.number().int(),
    ticketId: z.number().int(),
    authorKind: z.enum(messageAuthorKinds),
    authorName: z.string(),
    body: z.string(),
    bodyHtml: z.string(),
    /** Staff only: an internal note (a contact never receives such a message). */
    internal: z.boolean(),
    source: z.enum(ticketSources),
    /** Minutes logged with this message; 0 for a contact unless the provider shows time. */
    timeSpentMinutes: z.number().int(),
    attachments: z.array(attachmentResponse),
    createdAt: isoInstant,
    /**
     * Staff only: this reply came by an email whose sender was not authenticated (SPF, DKIM, DMARC) and was
     * accepted with a warning (or added by a reviewer); the received email's id. Null otherwise, and
     * always for a contact.
     */
    unauthenticatedEmailId: z.number().int().nullable(),
  })
  .meta({ id: 'TicketMessage' });
export type TicketMessage = z.infer<typeof ticketMessage>;

/** Oldest first; `cursor` continues after the last id seen. */
export const ticketMessagesQuery = z.object({ ...pageQuery, limit: pageQuery.limit.default(100) }).strict();
export const ticketMessageList = pageOf(ticketMessage).meta({ id: 'TicketMessageList' });

export const ticketMessageBody = z
  .object({
    body: markdownBody('errors:validation.message'),
    /** Staff only: an internal note. */
    internal: z.boolean().default(false),
    attachmentIds: attachmentIds.default([]),
    /** Staff only: minutes spent, logged with this message. */
    timeSpentMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60, 'errors:validation.maxTimeEntry')
      .default(0),
    /** Staff only: set the ticket's status with the reply (e.g. reply and wait on the client). */
    status: ticketStatus.optional(),
  })
  .strict()
  .meta({ id: 'TicketMessageCreate' });
export type TicketMessageBody = z.input<typeof ticketMessageBody>;

// ---------------------------------------------------------------------------------------------------
// Watchers and saved views

export const watcherBody = z
  .union([z.object({ staffAccountId: id }).strict(), z.object({ contactId: id }).strict()])
  .meta({ id: 'TicketWatcher' });
export const watcherParams = z.object({ ticketId: id, kind: z.enum(['staff', 'contact']), watcherId: id });
/** One watcher as lists show it (a contact sees only the contacts watching). */
export const ticketWatcherResponse = z
  .object({
    kind: z.enum(['staff', 'contact']),
    /** The staff account id or the contact id. */
    id: z.number().int(),
    name: z.string(),
  })
  .meta({ id: 'TicketWatcherEntry' });
/** GET/POST /api/v1/tickets/:ticketId/watchers and DELETE …/watchers/:kind/:watcherId answer the list. */
export const ticketWatcherList = z
  .object({ items: z.array(ticketWatcherResponse) })
  .meta({ id: 'TicketWatcherList' });

/**
 * The saved filters as responses carry them: plain arrays, since a response schema must not transform
 * (the list parameters above split comma-separated query strings, which the serializer cannot encode).
 */
export const ticketQueueFiltersResponse = z
  .object({
    q: z.string().optional(),
    status: z.array(ticketStatus).optional(),
    priority: z.array(ticketPriority).optional(),
    view: z.enum(ticketQueueViews).optional(),
    clientId: z.number().int().optional(),
    assigneeAccountId: z.number().int().optional(),
    categoryId: z.number().int().optional(),
  })
  .meta({ id: 'TicketQueueFilters' });

export const ticketViewResponse = z
  .object({
    id: z.number().int(),
    name: z.string(),
    filters: ticketQueueFiltersResponse,
    createdAt: isoInstant,
  })
  .meta({ id: 'TicketView' });
export const ticketViewList = z.object({ items: z.array(ticketViewResponse) });
export const ticketViewBody = z
  .object({
    name: z.string().trim().min(1, 'errors:validation.viewName').max(60, 'errors:validation.maxChars'),
    filters: ticketQueueFilters,
  })
  .strict();
export const ticketViewParams = z.object({ viewId: id });

/** Staff who may be assigned tickets (active, with tickets:manage): GET /api/v1/tickets/assignees. */
export const ticketAssigneeList = z
  .object({ items: z.array(z.object({ accountId: z.number().int(), name: z.string(), email: z.string() })) })
  .meta({ id: 'TicketAssignees' });

// ---------------------------------------------------------------------------------------------------
// What the New ticket form needs (GET /api/v1/ticket-options, built by the support-config module)

export const ticketOptions = z
  .object({
    categories: z.array(z.object({ id: z.number().int(), name: z.string() })),
    /** The client's sites a ticket may name (empty for staff without a client chosen). */
    sites: z.array(z.object({ id: z.number().int(), label: z.string() })),
    /** Each priority with its targets from the SLA policy that applies (null: no policy). */
    priorities: z.array(
      z.object({
        value: ticketPriority,
        label: z.string(),
        responseMinutes: z.number().int().nullable(),
        resolutionMinutes: z.number().int().nullable(),
        /** e.g. "First response within 4 business hours" (English; the web app words it from the figures). */
        expectation: z.string().nullable(),
        /** Whether the targets count around the clock (false: business hours of the policy's calendar). */
        alwaysOpen: z.boolean(),
      }),
    ),
    /** Largest file accepted, in bytes. */
    maxAttachmentBytes: z.number().int(),
  })
  .meta({ id: 'TicketOptions' });
export type TicketOptions = z.infer<typeof ticketOptions>;

// ---------------------------------------------------------------------------------------------------
// Live updates (Server-Sent Events on GET /api/v1/events)

/**
 * An event names what changed, never its content: the page refetches through the scoped API. A contact
 * receives events only for tickets they may see, and never for internal notes.
 */
export const liveEvent = z
  .object({
    type: z.enum(['ticket.created', 'ticket.updated', 'ticket.message', 'ticket.sla', 'resync']),
    ticketId: z.number().int().nullable(),
  })
  .meta({ id: 'LiveEvent' });
export type LiveEvent = z.infer<typeof liveEvent>;
