import { z } from 'zod';
import { MAX_ENTRY_MINUTES } from '../hours/rounding.ts';
import { id, isoInstant } from './common.ts';
import { calendarDate } from './contracts.ts';
import { currencyCode, timeZoneName } from './locale.ts';
import { pageQuery } from './pagination.ts';

/**
 * Time on tickets (issue 14, points 4 and 5). Stable names: filters and the billing issue depend on them.
 * An entry moves draft -> submitted -> approved -> invoiced; a submitted entry may return to draft.
 * Approval locks it: a correction is a reversing entry, never an edit.
 */
export const timeEntryStatuses = ['draft', 'submitted', 'approved', 'invoiced'] as const;
export type TimeEntryStatus = (typeof timeEntryStatuses)[number];

export const rateSources = ['contract', 'work-type', 'default'] as const;

export const TIME_NOTE_MAX = 2000;

const note = z.string().trim().max(TIME_NOTE_MAX, 'errors:validation.maxChars');

/** Whole minutes of work: 0 to a day (longer work is several entries). */
export const entryMinutes = z
  .number({ message: 'errors:validation.timeMinutes' })
  .int('errors:validation.timeMinutes')
  .min(0, 'errors:validation.timeMinutes')
  .max(MAX_ENTRY_MINUTES, 'errors:validation.timeTooLong');

/** A wall-clock time 'HH:MM' on the entry's date, in the organisation's time zone. */
export const wallTime = z
  .string({ message: 'errors:validation.wallTime' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'errors:validation.wallTime');

/** Minor units per hour: a whole number, 0 (free work) or more. */
const rateMinor = z
  .number({ message: 'errors:validation.rateMinor' })
  .int('errors:validation.rateMinor')
  .min(0, 'errors:validation.rateMinor')
  .max(100_000_000, 'errors:validation.rateMinor');

// ---- Work types ----------------------------------------------------------------------------------

export const workTypeResponse = z
  .object({
    id,
    name: z.string(),
    rateMinor: z.number().int().nullable(),
    currency: z.string().nullable(),
    billable: z.boolean(),
    active: z.boolean(),
    updatedAt: isoInstant,
  })
  .meta({ id: 'WorkType' });
export type WorkTypeResponse = z.infer<typeof workTypeResponse>;

export const workTypeList = z.object({ items: z.array(workTypeResponse) }).meta({ id: 'WorkTypeList' });
export type WorkTypeList = z.infer<typeof workTypeList>;

const workTypeName = z
  .string({ message: 'errors:validation.workTypeName' })
  .trim()
  .min(1, 'errors:validation.workTypeName')
  .max(120, 'errors:validation.maxChars');

/** A rate and its currency go together: both, or neither. */
function rateWithCurrency(
  value: { rateMinor?: number | null | undefined; currency?: string | null | undefined },
  ctx: z.RefinementCtx,
) {
  if (value.rateMinor === undefined && value.currency === undefined) return;
  const hasRate = value.rateMinor !== null && value.rateMinor !== undefined;
  const hasCurrency = value.currency !== null && value.currency !== undefined;
  if (hasRate && !hasCurrency) {
    ctx.addIssue({ code: 'custom', path: ['currency'], message: 'errors:validation.rateNeedsCurrency' });
  }
  if (!hasRate && hasCurrency) {
    ctx.addIssue({ code: 'custom', path: ['rateMinor'], message: 'errors:validation.currencyNeedsRate' });
  }
}

export const workTypeCreateBody = z
  .object({
    name: workTypeName,
    rateMinor: rateMinor.nullable().default(null),
    currency: currencyCode.nullable().default(null),
    billable: z.boolean().default(true),
    active: z.boolean().default(true),
  })
  .strict()
  .superRefine(rateWithCurrency)
  .meta({ id: 'WorkTypeCreate' });
export type WorkTypeCreateBody = z.input<typeof workTypeCreateBody>;

export const workTypePatchBody = z
  .object({
    name: workTypeName.optional(),
    rateMinor: rateMinor.nullable().optional(),
    currency: currencyCode.nullable().optional(),
    billable: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .superRefine(rateWithCurrency)
  .meta({ id: 'WorkTypePatch' });
export type WorkTypePatchBody = z.input<typeof workTypePatchBody>;

export const workTypeParams = z.object({ workTypeId: id }).strict();

// ---- Entries -------------------------------------------------------------------------------------

export const timeEntryResponse = z
  .object({
    id,
    ticketId: id,
    ticketSubject: z.string(),
    clientId: id,
    clientName: z.string(),
    contractId: id.nullable(),
    accountId: id,
    accountName: z.string(),
    workTypeId: id.nullable(),
    workTypeName: z.string().nullable(),
    /** The calendar day the work counts on, in the organisation's time zone. */
    entryDate: z.string(),
    startedAt: isoInstant.nullable(),
    actualMinutes: z.number().int(),
    billedMinutes: z.number().int(),
    billable: z.boolean(),
    rateMinor: z.number().int().nullable(),
    currency: z.string().nullable(),
    amountMinor: z.number().int().nullable(),
    rateSource: z.enum(rateSources).nullable(),
    note: z.string(),
    status: z.enum(timeEntryStatuses),
    /** The entry this one reverses; `reversedById`: the entry that reverses this one. */
    reversesId: id.nullable(),
    reversedById: id.nullable(),
    approvedAt: isoInstant.nullable(),
    approvedByName: z.string().nullable(),
    createdAt: isoInstant,
    /** Sent back with a bulk approval: an entry changed since is refused. */
    updatedAt: isoInstant,
  })
  .meta({ id: 'TimeEntry' });
export type TimeEntryResponse = z.infer<typeof timeEntryResponse>;

const totals = z.object({ actualMinutes: z.number().int(), billedMinutes: z.number().int() });

export const timeEntryPage = z
  .object({ items: z.array(timeEntryResponse), nextCursor: z.string().nullable(), totals })
  .meta({ id: 'TimeEntryPage' });
export type TimeEntryPage = z.infer<typeof timeEntryPage>;

export const timeEntryParams = z.object({ entryId: id }).strict();
export const ticketTimeParams = z.object({ ticketId: id }).strict();

export const timesheetQuery = z
  .object({
    accountId: id.optional(),
    ticketId: id.optional(),
    status: z.enum(timeEntryStatuses).optional(),
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    ...pageQuery,
  })
  .strict();
export type TimesheetQuery = z.input<typeof timesheetQuery>;

/**
 * A manual entry: a date (default today) and either a duration in minutes, or a start and end time on
 * that day. The day and the times are read in `timeZone`, the zone of the person typing them (the staff
 * app sends the one it shows dates in); left out, the organisation's. The client and contract come from
 * the ticket, never from here.
 */
export const timeEntryCreateBody = z
  .object({
    ticketId: id,
    entryDate: calendarDate.optional(),
    minutes: entryMinutes.optional(),
    startTime: wallTime.optional(),
    endTime: wallTime.optional(),
    timeZone: timeZoneName.optional(),
    note: note.default(''),
    /** Left out: the work type's default (billable when there is none). */
    billable: z.boolean().optional(),
    workTypeId: id.nullable().default(null),
  })
  .strict()
  .superRefine((v, ctx) => {
    const span = v.startTime !== undefined || v.endTime !== undefined;
    if (span && (v.startTime === undefined || v.endTime === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.startTime === undefined ? 'startTime' : 'endTime'],
        message: 'errors:validation.startAndEnd',
      });
    } else if (span && v.startTime !== undefined && v.endTime !== undefined && v.endTime <= v.startTime) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'errors:validation.endTimeAfterStart' });
    }
    if (v.minutes === undefined && !span) {
      ctx.addIssue({ code: 'custom', path: ['minutes'], message: 'errors:validation.timeMinutes' });
    }
    if (v.minutes !== undefined && span) {
      ctx.addIssue({ code: 'custom', path: ['minutes'], message: 'errors:validation.durationOrSpan' });
    }
  })
  .meta({ id: 'TimeEntryCreate' });
export type TimeEntryCreateBody = z.input<typeof timeEntryCreateBody>;

/** A draft's change: send only what changes. */
export const timeEntryPatchBody = z
  .object({
    entryDate: calendarDate.optional(),
    minutes: entryMinutes.optional(),
    note: note.optional(),
    billable: z.boolean().optional(),
    workTypeId: id.nullable().optional(),
  })
  .strict()
  .meta({ id: 'TimeEntryPatch' });
export type TimeEntryPatchBody = z.input<typeof timeEntryPatchBody>;

/** Approve many at once: each entry with the `updatedAt` the approver saw. All or nothing. */
export const timeApproveBody = z
  .object({
    entries: z
      .array(z.object({ id, updatedAt: isoInstant }).strict())
      .min(1, 'errors:validation.chooseEntries')
      .max(200, 'errors:validation.maxItems'),
  })
  .strict()
  .meta({ id: 'TimeApprove' });
export type TimeApproveBody = z.input<typeof timeApproveBody>;

export const timeApproveResponse = z.object({ approved: z.array(id) }).meta({ id: 'TimeApproved' });

/**
 * Reverse an approved (or invoiced) entry, saying why (the reversal's note, required: the client's ledger
 * shows it); optionally log the corrected one as a new draft in the same transaction.
 */
export const timeReverseBody = z
  .object({
    note: z
      .string()
      .trim()
      .min(1, 'errors:validation.reverseReason')
      .max(TIME_NOTE_MAX, 'errors:validation.maxChars'),
    corrected: z
      .object({ minutes: entryMinutes, note: note.optional(), billable: z.boolean().optional() })
      .strict()
      .nullable()
      .default(null),
  })
  .strict()
  .meta({ id: 'TimeReverse' });
export type TimeReverseBody = z.input<typeof timeReverseBody>;

export const timeReverseResponse = z
  .object({ reversal: timeEntryResponse, corrected: timeEntryResponse.nullable() })
  .meta({ id: 'TimeReversed' });

// ---- Timer ---------------------------------------------------------------------------------------

export const timerResponse = z
  .object({
    timer: z
      .object({
        ticketId: id,
        ticketSubject: z.string(),
        workTypeId: id.nullable(),
        note: z.string(),
        startedAt: isoInstant,
      })
      .nullable(),
  })
  .meta({ id: 'Timer' });
export type TimerResponse = z.infer<typeof timerResponse>;

export const timerStartBody = z
  .object({
    ticketId: id,
    workTypeId: id.nullable().default(null),
    note: note.default(''),
    /** A timer already running elsewhere: false (default) refuses (409 timer_running); true stops it first. */
    replace: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'TimerStart' });
export type TimerStartBody = z.input<typeof timerStartBody>;

export const timerStopBody = z
  .object({ note: note.optional(), billable: z.boolean().optional(), workTypeId: id.nullable().optional() })
  .strict()
  .meta({ id: 'TimerStop' });
export type TimerStopBody = z.input<typeof timerStopBody>;

export const timerStopResponse = z.object({ entry: timeEntryResponse }).meta({ id: 'TimerStopped' });

export const timerStartResponse = z
  .object({
    timer: timerResponse.shape.timer,
    /** The entry made from the timer that was running before, when `replace` stopped it. */
    stopped: timeEntryResponse.nullable(),
  })
  .meta({ id: 'TimerStarted' });

// ---- Portal --------------------------------------------------------------------------------------

/** Approved time on a ticket, as its client reads it. */
export const portalTicketTime = z
  .object({
    shown: z.boolean(),
    items: z.array(
      z.object({
        id,
        entryDate: z.string(),
        who: z.string(),
        actualMinutes: z.number().int(),
        billedMinutes: z.number().int(),
        note: z.string(),
      }),
    ),
    totals,
  })
  .meta({ id: 'PortalTicketTime' });
export type PortalTicketTime = z.infer<typeof portalTicketTime>;
