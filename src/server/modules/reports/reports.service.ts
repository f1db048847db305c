import type { z } from 'zod';
import { fileNameStamp } from '../../../shared/format/format.ts';
import { startOfDay } from '../../../shared/format/zoned-day.ts';
import { message, translatorFor } from '../../../shared/i18n/i18n.ts';
import type {
  ActivityItem,
  ActivityList,
  activityQuery,
  MonthlySummary,
  ReportFormat,
  ReportFrequency,
  ReportKind,
  ReportSchedule,
  ReportScheduleList,
  reportScheduleBody,
} from '../../../shared/schemas/reports.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Actor, Clock } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import type { Database, DbOrTrx } from '../../platform/db/db.ts';
import { emailMessage } from '../../platform/email-template.ts';
import { errors } from '../../platform/errors.ts';
import type { EmailAttachment } from '../../platform/mail.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { nextRunAfter, type ScheduledRun, type Schedules } from '../../platform/schedules.ts';
import type { EmailComposer } from '../email/email.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import {
  activityCsv,
  activityDocument,
  buildSummary,
  periodText,
  type ReportLocale,
  summaryCsv,
  summaryDocument,
} from './reports.documents.ts';
import { renderPdf } from './reports.pdf.ts';
import { presentActivity, presentSchedule } from './reports.presenter.ts';
import { type ActivityCursor, activitySources, reportsRepository } from './reports.repository.ts';

type ActivityInput = z.output<typeof activityQuery>;
type ScheduleInput = z.output<typeof reportScheduleBody>;

/**
 * The hour bank's figures for a client's period, from the hours module (issue 14, point 6) when it is
 * composed: `balanceFor` answers what was included, used and remains for the client's bank over the
 * period, or null when the client has no bank. Until the hours module passes one to
 * createReportsService, the summary's `hours.bank` is null and the pages, PDF and CSV show the hours
 * used without a bank line: nothing is shown that is not there.
 */
export interface HoursBankSeam {
  balanceFor(
    db: DbOrTrx,
    clientId: number,
    period: { fromDate: string; toDate: string },
  ): Promise<MonthlySummary['hours']['bank']>;
}

/**
 * Who may read and schedule reports (see requireAccess). Staff: clients:view reads any client's
 * reports, clients:manage schedules them. Contacts: reports:view for the summary, tickets:view-company
 * for the activity history (it lists every request of the company), reports:schedule to schedule.
 */
export const reportPolicies = {
  summary: {
    what: message('errors:notFound.client'),
    table: 'clients',
    staff: { permission: 'clients:view', denied: message('errors:denied.reportsView') },
    contact: { anyOf: ['reports:view'], denied: message('errors:denied.reportsView') },
  },
  activity: {
    what: message('errors:notFound.client'),
    table: 'clients',
    staff: { permission: 'clients:view', denied: message('errors:denied.reportsView') },
    contact: { anyOf: ['tickets:view-company'], denied: message('errors:denied.reportsActivity') },
  },
  schedules: {
    what: message('errors:notFound.client'),
    table: 'clients',
    staff: { permission: 'clients:manage', denied: message('errors:denied.reportsSchedule') },
    contact: { anyOf: ['reports:schedule'], denied: message('errors:denied.reportsSchedule') },
  },
  schedule: {
    what: message('errors:notFound.reportSchedule'),
    table: 'report_schedules',
    staff: { permission: 'clients:manage', denied: message('errors:denied.reportsSchedule') },
    contact: { anyOf: ['reports:schedule'], denied: message('errors:denied.reportsSchedule') },
  },
} as const satisfies Record<string, AccessPolicy>;

/** A client may have this many scheduled reports. */
export const SCHEDULES_PER_CLIENT = 20;
/** A scheduled activity report lists at most this many events (newest first). */
const ACTIVITY_EXPORT_MAX = 2000;
export const REPORT_JOB_KIND = 'reports.deliver';

/** Each frequency's cron expression: the first day of the next period, 07:00 in the client's zone. */
export const frequencyCron: Record<ReportFrequency, string> = {
  weekly: '0 7 * * 1',
  monthly: '0 7 1 * *',
  quarterly: '0 7 1 1,4,7,10 *',
};

const shiftMonths = (date: string, months: number) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 10);
};
const shiftDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The period a run covers: the whole week, month or quarter before the day it runs, as calendar days
 * in the client's time zone (`toDate` exclusive). A run that is late (a retry, a worker that was down)
 * still covers the period it was scheduled for.
 */
export function periodFor(frequency: ReportFrequency, runDate: string): { fromDate: string; toDate: string } {
  switch (frequency) {
    case 'weekly': {
      const day = new Date(`${runDate}T12:00:00Z`).getUTCDay(); // 0 Sunday
      const monday = shiftDays(runDate, -((day + 6) % 7));
      return { fromDate: shiftDays(monday, -7), toDate: monday };
    }
    case 'monthly': {
      const first = `${runDate.slice(0, 7)}-01`;
      return { fromDate: shiftMonths(first, -1), toDate: first };
    }
    case 'quarterly': {
      const [y, m] = runDate.split('-').map(Number) as [number, number];
      const quarterStart = `${y}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`;
      return { fromDate: shiftMonths(quarterStart, -3), toDate: quarterStart };
    }
  }
}

export type ReportsService = ReturnType<typeof createReportsService>;

export function createReportsService(deps: {
  database: Database;
  clock: Clock;
  audit: Audit;
  schedules: Schedules;
  email: EmailComposer;
  settings: Pick<SettingsService, 'branding' | 'logo'>;
  hours?: HoursBankSeam;
}) {
  const { database, clock, audit, schedules, email, settings } = deps;

  async function clientLocale(db: DbOrTrx, clientId: number) {
    const client = await reportsRepository.clientOf(db, clientId);
    if (!client) throw errors.notFound(message('errors:notFound.client'));
    const locale = await email.localeOf(db, { language: client.language, timeZone: client.time_zone });
    return { client: { id: client.id, name: client.name }, locale };
  }

  /** The summary of a client's period (calendar days in the client's zone, `toDate` exclusive). */
  async function summaryOf(
    db: DbOrTrx,
    clientId: number,
    period: { fromDate: string; toDate: string },
    override?: ReportLocale,
  ): Promise<{ summary: MonthlySummary; locale: ReportLocale }> {
    const { client, locale: own } = await clientLocale(db, clientId);
    const locale = override ?? own;
    const from = startOfDay(period.fromDate, own.timeZone).toISOString();
    const to = startOfDay(period.toDate, own.timeZone).toISOString();
    const [submitted, resolved, ratings, time, top, bank] = [
      await reportsRepository.submittedCounts(db, clientId, from, to),
      await reportsRepository.resolvedCounts(db, clientId, from, to),
      await reportsRepository.ratingCounts(db, clientId, from, to),
      await reportsRepository.billableTime(db, clientId, period.fromDate, period.toDate),
      await reportsRepository.topRequesters(db, clientId, from, to, 5),
      deps.hours ? await deps.hours.balanceFor(db, clientId, period) : null,
    ];
    return {
      summary: buildSummary({
        client,
        fromDate: period.fromDate,
        from,
        to,
        locale: { ...locale, timeZone: own.timeZone },
        submitted,
        resolved,
        ratings,
        time,
        bank,
        top,
      }),
      locale,
    };
  }

  async function activityPage(
    db: DbOrTrx,
    clientId: number,
    staff: boolean,
    q: { from?: string | undefined; to?: string | undefined; cursor: ActivityCursor | null; limit: number },
  ): Promise<{ items: ActivityItem[]; next: ActivityCursor | null }> {
    const rows = await reportsRepository.activity(db, { clientId, staff, ...q, from: q.from, to: q.to });
    const key = (r: { at: string; source: string; id: number }) => ({
      at: new Date(r.at).toISOString(),
      source: activitySources.indexOf(r.source as (typeof activitySources)[number]),
      id: r.id,
    });
    const sorted = rows
      .map((r) => ({ row: r, key: key(r) }))
      .sort((a, b) =>
        a.key.at !== b.key.at
          ? a.key.at < b.key.at
            ? 1
            : -1
          : b.key.source - a.key.source || b.key.id - a.key.id,
      );
    const page = sorted.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map((p) => presentActivity(p.row)),
      next: sorted.length > q.limit && last ? last.key : null,
    };
  }

  /** The activity cursor travels as the platform's opaque cursor: k = instant, id = row id * 8 + source. */
  const toCursor = (c: ActivityCursor) => encodeCursor({ k: c.at, id: c.id * 8 + c.source });
  function fromCursor(value: string | undefined): ActivityCursor | null {
    const c = decodeCursor(value);
    if (!c) return null;
    if (typeof c.k !== 'string' || Number.isNaN(Date.parse(c.k)) || c.id < 0) {
      throw errors.validation(
        { cursor: message('errors:cursor.invalidField') },
        message('errors:cursor.invalid'),
      );
    }
    return { at: new Date(c.k).toISOString(), source: c.id % 8, id: Math.floor(c.id / 8) };
  }

  async function files(
    db: DbOrTrx,
    clientId: number,
    period: { fromDate: string; toDate: string },
    report: ReportKind,
    format: ReportFormat,
    locale: ReportLocale | undefined,
  ): Promise<{ filename: string; contentType: string; data: Buffer; locale: ReportLocale; client: string }> {
    const now = clock();
    const { client, locale: own } = await clientLocale(db, clientId);
    const l = locale ?? own;
    const t = translatorFor(l.language);
    const stamp = `${period.fromDate}_${shiftDays(period.toDate, -1)}`;
    if (report === 'summary') {
      const { summary } = await summaryOf(db, clientId, period, l);
      if (format === 'csv') {
        return {
          filename: `summary-${clientId}-${stamp}.csv`,
          contentType: 'text/csv; charset=utf-8',
          data: Buffer.from(`\uFEFF${summaryCsv(summary, t)}`, 'utf8'),
          locale: l,
          client: client.name,
        };
      }
      const branding = await settings.branding(db);
      const logo = branding.logoUrl ? await settings.logo() : null;
      const pdf = await renderPdf(summaryDocument(summary, t, l, period, now), {
        organisationName: branding.organisationName,
        primaryColor: branding.primaryColor,
        logo: logo && /png|jpe?g/.test(logo.type) ? logo.data : null,
      });
      return {
        filename: `summary-${clientId}-${stamp}.pdf`,
        contentType: 'application/pdf',
        data: pdf,
        locale: l,
        client: client.name,
      };
    }
    // The activity of the period, newest first, up to ACTIVITY_EXPORT_MAX events (a fixed number of pages).
    const from = startOfDay(period.fromDate, own.timeZone).toISOString();
    const to = startOfDay(period.toDate, own.timeZone).toISOString();
    const items: ActivityItem[] = [];
    let cursor: ActivityCursor | null = null;
    for (let pages = 0; pages < ACTIVITY_EXPORT_MAX / 100; pages++) {
      const page = await activityPage(db, clientId, false, { from, to, cursor, limit: 100 });
      items.push(...page.items);
      if (!page.next) break;
      cursor = page.next;
    }
    if (format === 'csv') {
      return {
        filename: `activity-${clientId}-${stamp}.csv`,
        contentType: 'text/csv; charset=utf-8',
        data: Buffer.from(`\uFEFF${activityCsv(items, t, l)}`, 'utf8'),
        locale: l,
        client: client.name,
      };
    }
    const branding = await settings.branding(db);
    const logo = branding.logoUrl ? await settings.logo() : null;
    const pdf = await renderPdf(activityDocument(items, client.name, t, l, period, now), {
      organisationName: branding.organisationName,
      primaryColor: branding.primaryColor,
      logo: logo && /png|jpe?g/.test(logo.type) ? logo.data : null,
    });
    return {
      filename: `activity-${clientId}-${stamp}.pdf`,
      contentType: 'application/pdf',
      data: pdf,
      locale: l,
      client: client.name,
    };
  }

  const monthPeriod = (month: string) => {
    const fromDate = `${month}-01`;
    return { fromDate, toDate: shiftMonths(fromDate, 1) };
  };

  const timingName = (scheduleId: number) => `report:${scheduleId}`;

  /**
   * A client's schedules, each with its next run (computed from its expression) and whether it is
   * paused. Paused is the timing row's `enabled`, the platform's and staff-only: read under the
   * system's scope, by name, after the caller's access check decided.
   */
  async function listSchedules(db: DbOrTrx, clientId: number): Promise<ReportScheduleList> {
    const { locale } = await clientLocale(db, clientId);
    const rows = await reportsRepository.schedules(db, clientId);
    const enabled = await schedules.enabledOf(
      database.system('report schedule states').db,
      rows.map((r) => timingName(r.id)),
    );
    const now = clock();
    return {
      items: rows.map((r) =>
        presentSchedule(
          r,
          nextRunAfter(frequencyCron[r.frequency as ReportFrequency], locale.timeZone, now)?.toISOString() ??
            null,
          enabled.get(timingName(r.id)) === false,
        ),
      ),
    };
  }

  /** A scheduled run: the period's report, once, to each recipient in their language. */
  async function deliver(run: ScheduledRun): Promise<void> {
    const { scheduleId } = (run.payload ?? {}) as { scheduleId?: number };
    if (!scheduleId) return;
    const { db, transaction } = database.system('scheduled report delivery');
    const schedule = await reportsRepository.schedule(db, scheduleId);
    if (!schedule) return; // removed since the run was enqueued
    // Paused since the run was enqueued: nothing is sent for it.
    const timing = await schedules.find(db, timingName(scheduleId));
    if (timing && !timing.enabled) return;
    const { locale: own } = await clientLocale(db, schedule.client_id);
    const runDate = fileNameStamp(run.scheduledFor ?? clock(), own.timeZone).date;
    const period = periodFor(schedule.frequency as ReportFrequency, runDate);
    const recipients = JSON.parse(schedule.recipients) as string[];
    await transaction(async (trx) => {
      // Once per (schedule, period): the unique key decides, in the transaction that queues the emails.
      const first = await reportsRepository.recordDelivery(trx, {
        schedule_id: schedule.id,
        client_id: schedule.client_id,
        period_start: period.fromDate,
        period_end: period.toDate,
        recipients: recipients.length,
        created_at: clock().toISOString(),
      });
      if (!first) return;
      const languages = await reportsRepository.recipientLanguages(trx, schedule.client_id, recipients);
      const rendered = new Map<string, Awaited<ReturnType<typeof files>>>();
      for (const to of recipients) {
        const locale = await email.localeOf(trx, {
          language: languages.get(to) ?? null,
          timeZone: own.timeZone,
          dateFormat: own.dateFormat,
        });
        const l: ReportLocale = {
          language: locale.language,
          timeZone: own.timeZone,
          dateFormat: own.dateFormat,
        };
        let file = rendered.get(l.language);
        if (!file) {
          file = await files(
            trx,
            schedule.client_id,
            period,
            schedule.report as ReportKind,
            schedule.format as ReportFormat,
            l,
          );
          rendered.set(l.language, file);
        }
        const t = translatorFor(l.language);
        const report =
          schedule.report === 'summary' ? t('common:report.summaryTitle') : t('common:report.activityTitle');
        const periodWords = periodText(t, period.fromDate, period.toDate, l);
        const attachment: EmailAttachment = {
          filename: file.filename,
          contentType: file.contentType,
          content: file.data.toString('base64'),
        };
        await email.send(
          trx,
          { email: to, language: l.language },
          {
            subject: emailMessage(
              'emails:reports.scheduled.subject',
              { report, client: file.client, period: periodWords },
              ['client'],
            ),
            heading: report,
            paragraphs: [
              emailMessage(
                'emails:reports.scheduled.body',
                { report, client: file.client, period: periodWords },
                ['client'],
              ),
              emailMessage('emails:reports.scheduled.why'),
            ],
          },
          { clientId: schedule.client_id, attachments: [attachment] },
        );
      }
    });
  }

  schedules.handle(REPORT_JOB_KIND, { run: deliver, maxAttempts: 5 });

  function clientOf(actor: Actor, clientId: number | undefined): number {
    if (actor.kind === 'contact') return actor.clientId;
    if (clientId === undefined) throw errors.notFound(message('errors:notFound.client'));
    return clientId;
  }

  return {
    async activity(actor: Actor, clientId: number | undefined, query: ActivityInput): Promise<ActivityList> {
      const { db } = database.forActor(actor);
      const id = clientOf(actor, clientId);
      await requireAccess(db, reportPolicies.activity, [id]);
      const page = await activityPage(db, id, actor.kind === 'staff', {
        from: query.from,
        to: query.to,
        cursor: fromCursor(query.cursor),
        limit: query.limit,
      });
      return { items: page.items, nextCursor: page.next ? toCursor(page.next) : null };
    },

    async summary(actor: Actor, clientId: number | undefined, month: string): Promise<MonthlySummary> {
      const { db } = database.forActor(actor);
      const id = clientOf(actor, clientId);
      await requireAccess(db, reportPolicies.summary, [id]);
      return (await summaryOf(db, id, monthPeriod(month))).summary;
    },

    /** The month's summary as a file, in the client's language and formats. */
    async summaryFile(actor: Actor, clientId: number | undefined, month: string, format: ReportFormat) {
      const { db } = database.forActor(actor);
      const id = clientOf(actor, clientId);
      await requireAccess(db, reportPolicies.summary, [id]);
      return files(db, id, monthPeriod(month), 'summary', format, undefined);
    },

    async schedules(actor: Actor, clientId: number | undefined): Promise<ReportScheduleList> {
      const { db } = database.forActor(actor);
      const id = clientOf(actor, clientId);
      await requireAccess(db, reportPolicies.schedules, [id]);
      return listSchedules(db, id);
    },

    async createSchedule(
      actor: Actor,
      clientId: number | undefined,
      input: ScheduleInput,
      meta: RequestMeta,
    ): Promise<ReportSchedule> {
      const { db } = database.forActor(actor);
      const id = clientOf(actor, clientId);
      await requireAccess(db, reportPolicies.schedules, [id]);
      const recipients = [...new Set(input.recipients)];
      // A contact sends the company's reports only to the company's own contacts; staff to anyone.
      if (actor.kind === 'contact') {
        const own = await reportsRepository.contactEmailsOf(db, id, recipients);
        const problems = Object.fromEntries(
          recipients
            .map((r, i) => [`recipients.${i}`, r] as const)
            .filter(([, r]) => !own.has(r))
            .map(([k]) => [k, message('errors:reports.recipientNotContact')]),
        );
        if (Object.keys(problems).length) throw errors.validation(problems);
      }
      if ((await reportsRepository.countSchedules(db, id)) >= SCHEDULES_PER_CLIENT) {
        throw errors.conflict('report_schedules_full', message('errors:reports.tooMany'));
      }
      const { locale } = await clientLocale(db, id);
      const at = clock().toISOString();
      // The schedule's timing is a job_schedules row, the platform's and staff-only: the access checks
      // above decided, and the two rows are written together under the system's scope.
      const scheduleId = await database.system('report schedule').transaction(async (trx) => {
        const scheduleId = await reportsRepository.insertSchedule(trx, {
          client_id: id,
          report: input.report,
          frequency: input.frequency,
          format: input.format,
          recipients: JSON.stringify(recipients),
          created_by_account_id: actor.accountId,
          created_at: at,
          updated_at: at,
        });
        await schedules.create(trx, {
          name: timingName(scheduleId),
          kind: REPORT_JOB_KIND,
          cron: frequencyCron[input.frequency],
          timezone: locale.timeZone,
          payload: { scheduleId },
          clientId: id,
          createdByAccountId: actor.accountId,
        });
        await audit.record(trx, {
          actor,
          action: 'report_schedule.created',
          clientId: id,
          target: { type: 'report_schedule', id: scheduleId },
          details: {
            report: input.report,
            frequency: input.frequency,
            format: input.format,
            recipients: recipients.length,
          },
          meta,
        });
        return scheduleId;
      });
      const list = await listSchedules(db, id);
      const created = list.items.find((s) => s.id === scheduleId);
      if (!created) throw errors.notFound(message('errors:notFound.reportSchedule'));
      return created;
    },

    async removeSchedule(actor: Actor, scheduleId: number, meta: RequestMeta): Promise<void> {
      const { db } = database.forActor(actor);
      await requireAccess(db, reportPolicies.schedule, [scheduleId]);
      const row = await reportsRepository.schedule(db, scheduleId);
      if (!row) throw errors.notFound(message('errors:notFound.reportSchedule'));
      await database.system('report schedule').transaction(async (trx) => {
        await reportsRepository.deleteSchedule(trx, scheduleId);
        await schedules.remove(trx, timingName(scheduleId));
        await audit.record(trx, {
          actor,
          action: 'report_schedule.deleted',
          clientId: row.client_id,
          target: { type: 'report_schedule', id: scheduleId },
          meta,
        });
      });
    },

    /**
     * Pauses or resumes a schedule. Resuming starts from now: its next run is the next period's, and
     * the periods it was paused through are not sent.
     */
    async setSchedulePaused(
      actor: Actor,
      scheduleId: number,
      paused: boolean,
      meta: RequestMeta,
    ): Promise<ReportSchedule> {
      const { db } = database.forActor(actor);
      await requireAccess(db, reportPolicies.schedule, [scheduleId]);
      const row = await reportsRepository.schedule(db, scheduleId);
      if (!row) throw errors.notFound(message('errors:notFound.reportSchedule'));
      const at = clock().toISOString();
      await database.system('report schedule').transaction(async (trx) => {
        const found = await schedules.update(trx, timingName(scheduleId), { enabled: !paused });
        if (!found) throw errors.notFound(message('errors:notFound.reportSchedule'));
        await reportsRepository.touchSchedule(trx, scheduleId, at);
        await audit.record(trx, {
          actor,
          action: paused ? 'report_schedule.paused' : 'report_schedule.resumed',
          clientId: row.client_id,
          target: { type: 'report_schedule', id: scheduleId },
          meta,
        });
      });
      const list = await listSchedules(db, row.client_id);
      const changed = list.items.find((s) => s.id === scheduleId);
      if (!changed) throw errors.notFound(message('errors:notFound.reportSchedule'));
      return changed;
    },

    /** Tests and the CLI: a run of a schedule by hand, for the period before `at`. */
    deliver,
  };
}
