import {
  type DateFormat,
  formatCalendarDate,
  formatDateTime,
  formatDuration,
  formatNumber,
} from '../../../shared/format/format.ts';
import type { Translate } from '../../../shared/i18n/i18n.ts';
import { ticketPriorityKeys, ticketStatusKeys } from '../../../shared/i18n/labels.ts';
import { directionOf } from '../../../shared/i18n/languages.ts';
import type { ActivityItem, MonthlySummary } from '../../../shared/schemas/reports.ts';
import { type TicketPriority, type TicketStatus, ticketPriorities } from '../../../shared/schemas/tickets.ts';
import { toCsv } from '../../platform/csv.ts';
import type { PdfBlock, PdfDocumentModel } from './reports.pdf.ts';
import type { CountRow, ResolvedRow } from './reports.repository.ts';

/**
 * The reports' figures and documents, pure: the summary from the grouped rows, and the PDF models and
 * CSV files of the summary and of the activity history, in a language and its number and date formats.
 */

export interface ReportLocale {
  language: string;
  timeZone: string;
  dateFormat: DateFormat;
}

const n = (v: number | string | bigint) => Number(v);

function counts(rows: readonly CountRow[]) {
  const byPriority = new Map<string, number>();
  const byCategory = new Map<string, { label: string | null; count: number }>();
  let total = 0;
  for (const r of rows) {
    const c = n(r.count);
    total += c;
    byPriority.set(r.priority, (byPriority.get(r.priority) ?? 0) + c);
    const key = r.category_id === null ? 'none' : String(r.category_id);
    const cat = byCategory.get(key) ?? { label: r.category_name, count: 0 };
    cat.count += c;
    byCategory.set(key, cat);
  }
  const order = (p: string) => {
    const i = ticketPriorities.indexOf(p as TicketPriority);
    return i < 0 ? ticketPriorities.length : i;
  };
  return {
    total,
    byPriority: [...byPriority]
      .sort((a, b) => order(b[0]) - order(a[0]))
      .map(([key, count]) => ({ key, label: null, count })),
    byCategory: [...byCategory]
      .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
      .map(([key, v]) => ({ key, label: v.label, count: v.count })),
  };
}

function sla(rows: readonly ResolvedRow[], which: 'response_sla' | 'resolution_sla') {
  let met = 0;
  let breached = 0;
  for (const r of rows) {
    if (r[which] === 'met') met += n(r.count);
    if (r[which] === 'breached') breached += n(r.count);
  }
  return { met, breached, share: met + breached > 0 ? met / (met + breached) : null };
}

export function buildSummary(input: {
  client: { id: number; name: string };
  fromDate: string;
  from: string;
  to: string;
  locale: ReportLocale;
  submitted: readonly CountRow[];
  resolved: readonly ResolvedRow[];
  ratings: readonly { rating: string; count: number }[];
  time: { actual: number; billed: number; entries: number };
  bank: MonthlySummary['hours']['bank'];
  top: MonthlySummary['topRequesters'];
}): MonthlySummary {
  const good = input.ratings.find((r) => r.rating === 'good')?.count ?? 0;
  const bad = input.ratings.find((r) => r.rating === 'bad')?.count ?? 0;
  return {
    client: input.client,
    month: input.fromDate.slice(0, 7),
    from: input.from,
    to: input.to,
    timeZone: input.locale.timeZone,
    language: input.locale.language,
    submitted: counts(input.submitted),
    resolved: counts(input.resolved),
    sla: { response: sla(input.resolved, 'response_sla'), resolution: sla(input.resolved, 'resolution_sla') },
    satisfaction: { good, bad, share: good + bad > 0 ? good / (good + bad) : null },
    hours: {
      actualMinutes: input.time.actual,
      billedMinutes: input.time.billed,
      entries: input.time.entries,
      bank: input.bank,
    },
    topRequesters: input.top,
  };
}

/** Hours in the reader's language: "12.5 hr", "12,5 Std.". */
export function hoursText(minutes: number, language: string): string {
  return formatNumber(minutes / 60, language, {
    style: 'unit',
    unit: 'hour',
    unitDisplay: 'short',
    maximumFractionDigits: 2,
  });
}

const percent = (share: number, language: string) =>
  formatNumber(share, language, { style: 'percent', maximumFractionDigits: 1 });

export function priorityLabel(t: Translate, key: string): string {
  const k = ticketPriorityKeys[key as TicketPriority];
  return k ? t(k) : key;
}

function categoryLabel(t: Translate, c: { key: string; label: string | null }): string {
  return c.key === 'none' || c.label === null ? t('common:report.noCategory') : c.label;
}

function slaText(t: Translate, f: MonthlySummary['sla']['response'], language: string): string {
  if (f.share === null) return t('common:report.noTarget');
  return t('common:report.slaFigure', {
    share: percent(f.share, language),
    met: formatNumber(f.met, language),
    total: formatNumber(f.met + f.breached, language),
  });
}

function satisfactionText(t: Translate, s: MonthlySummary['satisfaction'], language: string): string {
  if (s.share === null) return t('common:report.noRatings');
  return t('common:report.satisfactionFigure', {
    share: percent(s.share, language),
    good: formatNumber(s.good, language),
    bad: formatNumber(s.bad, language),
  });
}

/** The period's first and last day (the end is exclusive in the summary). */
export function periodText(t: Translate, fromDate: string, toDateExclusive: string, locale: ReportLocale) {
  const last = new Date(Date.parse(`${toDateExclusive}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return t('common:report.period', {
    from: formatCalendarDate(fromDate, locale),
    to: formatCalendarDate(last, locale),
  });
}

export function summaryDocument(
  s: MonthlySummary,
  t: Translate,
  locale: ReportLocale,
  period: { fromDate: string; toDate: string },
  generatedAt: Date,
): PdfDocumentModel {
  const lang = locale.language;
  const num = (v: number) => formatNumber(v, lang);
  const bars = (title: string, rows: { label: string; count: number }[]): PdfBlock =>
    rows.length
      ? {
          kind: 'bars',
          title,
          rows: rows.map((r) => ({ label: r.label, value: r.count, text: num(r.count) })),
        }
      : { kind: 'note', text: `${title}: ${t('common:report.none')}` };
  const section = (title: string, c: MonthlySummary['submitted']): PdfBlock[] => [
    { kind: 'heading', text: title },
    { kind: 'pair', label: t('common:report.total'), value: num(c.total) },
    bars(
      t('common:report.byPriority'),
      c.byPriority.map((p) => ({ label: priorityLabel(t, p.key), count: p.count })),
    ),
    bars(
      t('common:report.byCategory'),
      c.byCategory.map((p) => ({ label: categoryLabel(t, p), count: p.count })),
    ),
  ];
  const blocks: PdfBlock[] = [
    ...section(t('common:report.submitted'), s.submitted),
    ...section(t('common:report.resolved'), s.resolved),
    { kind: 'heading', text: t('common:report.sla') },
    { kind: 'pair', label: t('common:report.slaResponse'), value: slaText(t, s.sla.response, lang) },
    { kind: 'pair', label: t('common:report.slaResolution'), value: slaText(t, s.sla.resolution, lang) },
    { kind: 'heading', text: t('common:report.satisfaction') },
    {
      kind: 'pair',
      label: t('common:report.satisfaction'),
      value: satisfactionText(t, s.satisfaction, lang),
    },
    { kind: 'heading', text: t('common:report.hours') },
    { kind: 'pair', label: t('common:report.actualTime'), value: hoursText(s.hours.actualMinutes, lang) },
    { kind: 'pair', label: t('common:report.billedTime'), value: hoursText(s.hours.billedMinutes, lang) },
    ...(s.hours.bank
      ? ([
          {
            kind: 'pair',
            label: t('common:report.bankIncluded'),
            value: hoursText(s.hours.bank.includedMinutes, lang),
          },
          {
            kind: 'pair',
            label: t('common:report.bankRemaining'),
            value: hoursText(s.hours.bank.remainingMinutes, lang),
          },
        ] satisfies PdfBlock[])
      : []),
    { kind: 'heading', text: t('common:report.topRequesters') },
    s.topRequesters.length
      ? {
          kind: 'table',
          columns: [t('common:report.col.who'), t('common:report.requests')],
          widths: [3, 1],
          rows: s.topRequesters.map((r) => [r.name, num(r.count)]),
        }
      : { kind: 'note', text: t('common:report.none') },
  ];
  return {
    title: t('common:report.summaryTitle'),
    subtitle: [
      t('common:report.preparedFor', { client: s.client.name }),
      periodText(t, period.fromDate, period.toDate, locale),
    ],
    blocks,
    footer: t('common:report.generated', { date: formatDateTime(generatedAt, locale) }),
    direction: directionOf(lang),
    language: lang,
  };
}

/** The summary as CSV: one row per figure (section, item, value), numbers as plain digits. */
export function summaryCsv(s: MonthlySummary, t: Translate): string {
  const rows: unknown[][] = [];
  const add = (section: string, c: MonthlySummary['submitted']) => {
    rows.push([section, t('common:report.total'), c.total]);
    for (const p of c.byPriority)
      rows.push([section, `${t('common:report.byPriority')}: ${priorityLabel(t, p.key)}`, p.count]);
    for (const p of c.byCategory)
      rows.push([section, `${t('common:report.byCategory')}: ${categoryLabel(t, p)}`, p.count]);
  };
  add(t('common:report.submitted'), s.submitted);
  add(t('common:report.resolved'), s.resolved);
  const slaRows = (label: string, f: MonthlySummary['sla']['response']) => {
    rows.push([t('common:report.sla'), `${label}: met`, f.met]);
    rows.push([t('common:report.sla'), `${label}: breached`, f.breached]);
  };
  slaRows(t('common:report.slaResponse'), s.sla.response);
  slaRows(t('common:report.slaResolution'), s.sla.resolution);
  rows.push([t('common:report.satisfaction'), t('common:report.rating.good'), s.satisfaction.good]);
  rows.push([t('common:report.satisfaction'), t('common:report.rating.bad'), s.satisfaction.bad]);
  const minutes = (label: string) => t('common:report.csv.minutes', { label });
  rows.push([t('common:report.hours'), minutes(t('common:report.actualTime')), s.hours.actualMinutes]);
  rows.push([t('common:report.hours'), minutes(t('common:report.billedTime')), s.hours.billedMinutes]);
  if (s.hours.bank) {
    rows.push([
      t('common:report.hours'),
      minutes(t('common:report.bankIncluded')),
      s.hours.bank.includedMinutes,
    ]);
    rows.push([
      t('common:report.hours'),
      minutes(t('common:report.bankRemaining')),
      s.hours.bank.remainingMinutes,
    ]);
  }
  for (const r of s.topRequesters) rows.push([t('common:report.topRequesters'), r.name, r.count]);
  return toCsv(
    [t('common:report.csv.section'), t('common:report.csv.item'), t('common:report.csv.value')],
    rows,
  );
}

/** What happened, in words (the activity history's "What" column). */
export function activityWhat(item: ActivityItem, t: Translate, language: string): string {
  switch (item.kind) {
    case 'created':
      return t('common:report.activity.created');
    case 'replied':
      return item.internal ? t('common:report.activity.internal') : t('common:report.activity.replied');
    case 'resolved':
      return t('common:report.activity.resolved');
    case 'status': {
      const key = ticketStatusKeys[item.status as TicketStatus];
      return t('common:report.activity.status', { status: key ? t(key) : (item.status ?? '') });
    }
    case 'time':
      return t('common:report.activity.time', {
        duration: formatDuration((item.minutes ?? 0) * 60_000, language),
      });
    case 'rated':
      return t('common:report.activity.rated', {
        rating: item.rating === 'good' ? t('common:report.rating.good') : t('common:report.rating.bad'),
      });
  }
}

function activityRows(items: readonly ActivityItem[], t: Translate, locale: ReportLocale): string[][] {
  return items.map((i) => [
    formatDateTime(i.at, locale),
    `#${i.ticket.id} ${i.ticket.subject}`,
    activityWhat(i, t, locale.language),
    i.by?.name ?? '',
  ]);
}

export function activityDocument(
  items: readonly ActivityItem[],
  client: string,
  t: Translate,
  locale: ReportLocale,
  period: { fromDate: string; toDate: string },
  generatedAt: Date,
): PdfDocumentModel {
  return {
    title: t('common:report.activityTitle'),
    subtitle: [
      t('common:report.preparedFor', { client }),
      periodText(t, period.fromDate, period.toDate, locale),
    ],
    blocks: items.length
      ? [
          {
            kind: 'table',
            columns: [
              t('common:report.col.when'),
              t('common:report.col.request'),
              t('common:report.col.what'),
              t('common:report.col.who'),
            ],
            widths: [2.2, 3.6, 2.6, 1.8],
            rows: activityRows(items, t, locale),
          },
        ]
      : [{ kind: 'note', text: t('common:report.none') }],
    footer: t('common:report.generated', { date: formatDateTime(generatedAt, locale) }),
    direction: directionOf(locale.language),
    language: locale.language,
  };
}

export function activityCsv(items: readonly ActivityItem[], t: Translate, locale: ReportLocale): string {
  return toCsv(
    [
      t('common:report.col.when'),
      t('common:report.col.request'),
      t('common:report.col.what'),
      t('common:report.col.who'),
    ],
    items.map((i) => [
      i.at,
      `#${i.ticket.id} ${i.ticket.subject}`,
      activityWhat(i, t, locale.language),
      i.by?.name ?? '',
    ]),
  );
}
