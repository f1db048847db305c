import { z } from 'zod';
import { email, id, isoInstant } from './common.ts';
import { pageOf, pageQuery } from './pagination.ts';

/**
 * The client's reports (issue 14, points 10 to 12): the activity history of the client's requests, the
 * monthly service summary (page, PDF, CSV) and reports sent on a schedule.
 */

// ---------------------------------------------------------------------------------------------------
// Activity history

export const activityKinds = ['created', 'replied', 'status', 'resolved', 'time', 'rated'] as const;
export type ActivityKind = (typeof activityKinds)[number];

export const activityQuery = z
  .object({
    /** Inclusive instant (the viewer's choice of day boundary); default: no lower bound. */
    from: isoInstant.optional(),
    /** Exclusive instant; default: no upper bound. */
    to: isoInstant.optional(),
    ...pageQuery,
  })
  .strict();

export const activityItem = z
  .object({
    /** Unique in the list: the kind and the id of the row it came from (`replied:42`). */
    id: z.string(),
    kind: z.enum(activityKinds),
    at: isoInstant,
    ticket: z.object({ id: z.number().int(), subject: z.string() }),
    /** Who did it; null when nobody is recorded (a system change, a deleted person). */
    by: z.object({ kind: z.enum(['staff', 'contact', 'system']), name: z.string() }).nullable(),
    /** status: the new status; resolved: 'resolved'. */
    status: z.string().nullable(),
    /** time: the approved entry's billed minutes. */
    minutes: z.number().int().nullable(),
    /** rated: good or bad. */
    rating: z.enum(['good', 'bad']).nullable(),
    /** Staff only: a reply that is an internal note (never listed for a contact). */
    internal: z.boolean(),
  })
  .meta({ id: 'ActivityItem' });
export type ActivityItem = z.infer<typeof activityItem>;

export const activityList = pageOf(activityItem).meta({ id: 'ActivityList' });
export type ActivityList = z.infer<typeof activityList>;

// ---------------------------------------------------------------------------------------------------
// Monthly summary

/** A calendar month, `YYYY-MM`, read in the client's time zone. */
export const reportMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'errors:reports.month');

export const summaryQuery = z.object({ month: reportMonth }).strict();

const countOf = z.object({ key: z.string(), label: z.string().nullable(), count: z.number().int() });
const slaFigure = z.object({
  met: z.number().int(),
  breached: z.number().int(),
  /** met / (met + breached), 0..1; null when no ticket had a target. */
  share: z.number().nullable(),
});

export const monthlySummary = z
  .object({
    client: z.object({ id: z.number().int(), name: z.string() }),
    month: reportMonth,
    /** The month's first instant and the next month's first instant, in the client's time zone. */
    from: isoInstant,
    to: isoInstant,
    timeZone: z.string(),
    language: z.string(),
    submitted: z.object({
      total: z.number().int(),
      byPriority: z.array(countOf),
      byCategory: z.array(countOf),
    }),
    resolved: z.object({
      total: z.number().int(),
      byPriority: z.array(countOf),
      byCategory: z.array(countOf),
    }),
    /** Over the tickets resolved in the month that had a target. */
    sla: z.object({ response: slaFigure, resolution: slaFigure }),
    satisfaction: z.object({
      good: z.number().int(),
      bad: z.number().int(),
      share: z.number().nullable(),
    }),
    hours: z.object({
      /** Approved (or invoiced) billable time worked in the month. */
      actualMinutes: z.number().int(),
      billedMinutes: z.number().int(),
      entries: z.number().int(),
      /** The hour bank's figures when the hours module provides them; null: no bank figure. */
      bank: z
        .object({
          includedMinutes: z.number().int(),
          usedMinutes: z.number().int(),
          remainingMinutes: z.number().int(),
        })
        .nullable(),
    }),
    topRequesters: z.array(
      z.object({ contactId: z.number().int().nullable(), name: z.string(), count: z.number().int() }),
    ),
  })
  .meta({ id: 'MonthlySummary' });
export type MonthlySummary = z.infer<typeof monthlySummary>;

// ---------------------------------------------------------------------------------------------------
// Scheduled delivery

export const reportKinds = ['summary', 'activity'] as const;
export type ReportKind = (typeof reportKinds)[number];
export const reportFrequencies = ['weekly', 'monthly', 'quarterly'] as const;
export type ReportFrequency = (typeof reportFrequencies)[number];
export const reportFormats = ['pdf', 'csv'] as const;
export type ReportFormat = (typeof reportFormats)[number];
export const REPORT_RECIPIENTS_MAX = 20;

export const reportScheduleBody = z
  .object({
    report: z.enum(reportKinds),
    frequency: z.enum(reportFrequencies),
    format: z.enum(reportFormats),
    recipients: z
      .array(email)
      .min(1, 'errors:reports.recipientsMin')
      .max(REPORT_RECIPIENTS_MAX, 'errors:reports.recipientsMax'),
  })
  .strict();

/** Pause (true) or resume (false) a schedule; resuming starts from now, missed periods are not sent. */
export const reportSchedulePatch = z.object({ paused: z.boolean() }).strict();

export const reportScheduleParams = z.object({ reportScheduleId: id }).strict();
export const clientReportParams = z.object({ clientId: id }).strict();

export const reportSchedule = z
  .object({
    id: z.number().int(),
    clientId: z.number().int(),
    report: z.enum(reportKinds),
    frequency: z.enum(reportFrequencies),
    format: z.enum(reportFormats),
    recipients: z.array(z.string()),
    /** Paused: nothing is sent until it is resumed. */
    paused: z.boolean(),
    /** The next run (the first day of the next period, 07:00 in the client's time zone); null while paused. */
    nextRunAt: isoInstant.nullable(),
    lastSentAt: isoInstant.nullable(),
    createdAt: isoInstant,
  })
  .meta({ id: 'ReportSchedule' });
export type ReportSchedule = z.infer<typeof reportSchedule>;

export const reportScheduleList = z
  .object({ items: z.array(reportSchedule) })
  .meta({ id: 'ReportScheduleList' });
export type ReportScheduleList = z.infer<typeof reportScheduleList>;
