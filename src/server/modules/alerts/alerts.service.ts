import { formatCalendarDate } from '../../../shared/format/format.ts';
import { addDays, daysBetween } from '../../../shared/hours/calendar.ts';
import { resolveLocale } from '../../../shared/i18n/resolve.ts';
import type { NoticeKind, NoticeParams } from '../../../shared/schemas/notices.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { type EmailContent, emailMessage as m } from '../../platform/email-template.ts';
import type { ModuleDeps } from '../deps.ts';
import type { DomainEventPayload } from '../domain-events.ts';
import { noticesDirectory } from '../notices/notices.service.ts';
import { alertsRepository, type RecipientRow } from './alerts.repository.ts';

export type AlertsDeps = Pick<
  ModuleDeps,
  'database' | 'clock' | 'domainEvents' | 'email' | 'settings' | 'schedules'
>;

/** An alert as fired: what the unique key names, and what its email and notice say. */
export interface AlertInput {
  kind: NoticeKind;
  /** The record it is about (a contract). */
  subjectId: number;
  /** Days before the end, a percentage of a bank, …: one alert per threshold and period. */
  threshold: number;
  /** The period the threshold belongs to (a contract's end date, a bank period's start). */
  periodKey: string;
  clientId: number | null;
  /** Names, numbers and calendar dates ('YYYY-MM-DD', under keys ending in "Date"). */
  params: NoticeParams;
}

export type FiredAlert = DomainEventPayload<'alert.fired'>;

/**
 * What a kind of alert needs besides its wording: who hears of it (read when it is delivered, so a
 * contact removed since is left out) and where its notice and email lead, per face.
 */
export interface AlertKind {
  kind: NoticeKind;
  recipients(db: DbOrTrx, alert: FiredAlert): Promise<RecipientRow[]>;
  /** A path in the reader's face (no /staff or /portal prefix), or null. */
  link(alert: FiredAlert, face: 'staff' | 'portal'): string | null;
}

/** The wording of each kind's email; the notice's is the web app's (ui:notices.<kind>.*). */
type EmailKey = `emails:${string}`;
const emailKeys: Record<
  NoticeKind,
  { subject: EmailKey; heading: EmailKey; body: EmailKey; action: EmailKey }
> = {
  contractEnding: {
    subject: 'emails:alerts.contractEnding.subject',
    heading: 'emails:alerts.contractEnding.heading',
    body: 'emails:alerts.contractEnding.body',
    action: 'emails:alerts.contractEnding.action',
  },
  bankThreshold: {
    subject: 'emails:alerts.bankThreshold.subject',
    heading: 'emails:alerts.bankThreshold.heading',
    body: 'emails:alerts.bankThreshold.body',
    action: 'emails:alerts.bankThreshold.action',
  },
  bankOverage: {
    subject: 'emails:alerts.bankOverage.subject',
    heading: 'emails:alerts.bankOverage.heading',
    body: 'emails:alerts.bankOverage.body',
    action: 'emails:alerts.bankThreshold.action',
  },
};

/** The calendar day it is in `timeZone` at `at` ('YYYY-MM-DD'). */
export function calendarDateIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

export type AlertsService = ReturnType<typeof createAlertsService>;

/**
 * Alerts (issue 14, point 9): email and in-portal notice when something crosses a threshold, each once
 * per kind, subject, threshold and period however many workers run and whatever restarts between.
 *
 * - `fire(trx, alert)` inserts the alert_deliveries row (unique key) and, only when that insert went
 *   through, publishes `alert.fired` in the same transaction. A second worker, a retry or a run after a
 *   restart conflicts on the key and publishes nothing; a rolled-back change fires nothing.
 * - The `alerts.deliver` subscriber reads the kind's recipients when it runs and, in one transaction,
 *   claims one key per recipient, queues each email in the recipient's language and adds the notices.
 * - Contract ending alerts are the first kind: a daily schedule (`alerts.contract-ending`) fires, for
 *   each active contract, the most urgent threshold (days before its end date) it has reached.
 */
export function createAlertsService(deps: AlertsDeps) {
  const { database, clock, domainEvents, email, settings, schedules } = deps;
  const kinds = new Map<NoticeKind, AlertKind>();

  async function record(db: DbOrTrx, alert: AlertInput): Promise<number | null> {
    return alertsRepository.insertDelivery(db, {
      kind: alert.kind,
      subject_id: alert.subjectId,
      threshold: alert.threshold,
      period_key: alert.periodKey,
      client_id: alert.clientId,
      created_at: clock().toISOString(),
    });
  }

  /** Fires the alert once: true when this call fired it, false when it had fired already. */
  async function fire(db: DbOrTrx, alert: AlertInput): Promise<boolean> {
    if (!kinds.has(alert.kind)) throw new Error(`No alert kind ${alert.kind} is defined`);
    const alertId = await record(db, alert);
    if (alertId === null) return false;
    await domainEvents.publish(db, 'alert.fired', { alertId, ...alert });
    return true;
  }

  function emailContent(alert: FiredAlert, r: RecipientRow, locale: ReturnType<typeof resolveLocale>) {
    const keys = emailKeys[alert.kind];
    // Calendar dates are worded for the reader; everything else is said as it is.
    const params: Record<string, string | number> = { name: r.name };
    for (const [k, v] of Object.entries(alert.params)) {
      params[k] = k.endsWith('Date') && typeof v === 'string' ? formatCalendarDate(v, locale) : v;
    }
    // People's own text (a contract's name) is kept as typed; a date is the catalogue's wording.
    const personal = [
      'name',
      ...Object.keys(alert.params).filter((k) => typeof alert.params[k] === 'string' && !k.endsWith('Date')),
    ];
    return { keys, params, personal };
  }

  async function deliver(
    alert: FiredAlert,
    claim: (db: DbOrTrx, keys: readonly string[]) => Promise<Set<string>>,
  ): Promise<void> {
    const kind = kinds.get(alert.kind);
    if (!kind) throw new Error(`No alert kind ${alert.kind} is defined in this process`);
    await database.system('alert delivery').transaction(async (trx) => {
      const found = await kind.recipients(trx, alert);
      const byKey = new Map<string, RecipientRow>();
      for (const r of found) {
        const key =
          r.account_id !== null
            ? `account:${r.account_id}`
            : r.email
              ? `email:${r.email.toLowerCase()}`
              : null;
        if (key && !byKey.has(key)) byKey.set(key, r);
      }
      const fresh = await claim(trx, [...byKey.keys()]);
      if (!fresh.size) return;
      const organisation = await settings.current(trx);
      const fallback = {
        language: organisation?.language ?? 'en',
        timeZone: organisation?.timeZone ?? 'UTC',
        dateFormat: organisation?.dateFormat ?? 'D MMM YYYY',
        currency: organisation?.currency ?? 'EUR',
      };
      const notices = [];
      for (const [key, r] of byKey) {
        if (!fresh.has(key)) continue;
        const face = r.client_id === null ? 'staff' : 'portal';
        const link = kind.link(alert, face);
        if (r.account_id !== null) {
          notices.push({
            accountId: r.account_id,
            clientId: r.client_id,
            kind: alert.kind,
            params: alert.params,
            link,
          });
        }
        if (!r.email) continue;
        const locale = resolveLocale(
          [
            { language: r.language, timeZone: r.time_zone, dateFormat: r.date_format },
            { language: r.client_language, timeZone: r.client_time_zone },
          ],
          fallback,
        );
        const { keys, params, personal } = emailContent(alert, r, locale);
        const content: EmailContent = {
          subject: m(keys.subject, params, personal),
          heading: m(keys.heading, params, personal),
          paragraphs: [m('emails:hello', { name: r.name }, ['name']), m(keys.body, params, personal)],
          ...(link ? { action: { label: m(keys.action), url: email.link(`/${face}${link}`) } } : {}),
          note: m('emails:alerts.note'),
        };
        await email.send(trx, { email: r.email, name: r.name, language: locale.language }, content, {
          clientId: r.client_id,
        });
      }
      await noticesDirectory.add(trx, notices, clock().toISOString());
    });
  }

  domainEvents.subscribe({
    event: 'alert.fired',
    name: 'alerts.deliver',
    handle: (ctx, event) => deliver(event.payload, ctx.claim),
  });

  const service = {
    /** Defines a kind of alert (its recipients and links); its wording is in the catalogues. */
    defineKind(kind: AlertKind): void {
      if (kinds.has(kind.kind)) throw new Error(`Alert kind ${kind.kind} is already defined`);
      kinds.set(kind.kind, kind);
    },
    fire,
    /** The alerts of these kinds that fired (or were recorded) for a subject in a period. */
    firedIn: (db: DbOrTrx, kinds: readonly NoticeKind[], subjectId: number, periodKey: string) =>
      alertsRepository.firedIn(db, kinds, subjectId, periodKey),
    /**
     * Records an alert as fired without sending it: a less urgent threshold passed together with a
     * more urgent one (a contract that starts 20 days before its end hears of 30 days, not of 60 too).
     */
    record: async (db: DbOrTrx, alert: AlertInput): Promise<boolean> => (await record(db, alert)) !== null,

    /**
     * One daily run: every active contract of an active client whose end date is at most the largest
     * threshold away (the organisation's `contractEndingAlertDays`) fires the most urgent threshold it
     * has reached (recording the others it passed), unless one as near was already sent for that end date.
     * Each contract in a transaction of its own; a run that repeats fires nothing twice.
     */
    async contractEndingRun(at: Date): Promise<number> {
      const s = await settings.current();
      if (!s) return 0;
      const thresholds = [...new Set(s.contractEndingAlertDays)].sort((a, b) => a - b);
      if (!thresholds.length) return 0;
      const today = calendarDateIn(s.timeZone, at);
      const handle = database.system('contract ending alerts');
      const ending = await alertsRepository.endingBetween(
        handle.db,
        today,
        addDays(today, thresholds.at(-1) as number),
      );
      let fired = 0;
      for (const contract of ending) {
        const left = daysBetween(today, contract.end_date);
        const reached = thresholds.filter((t) => left <= t);
        const [urgent, ...passed] = reached;
        if (urgent === undefined) continue;
        const base = {
          kind: 'contractEnding' as const,
          subjectId: contract.id,
          periodKey: contract.end_date,
          clientId: contract.client_id,
          params: { contract: contract.name, endDate: contract.end_date, days: left },
        };
        await handle.transaction(async (trx) => {
          // Only news: after the days were changed, a threshold further out than one already sent for
          // this end date (30 sent, 45 added) is recorded without a message.
          const told = await alertsRepository.firedIn(
            trx,
            ['contractEnding'],
            contract.id,
            contract.end_date,
          );
          if (told.some((a) => a.threshold <= urgent)) await record(trx, { ...base, threshold: urgent });
          else if (await fire(trx, { ...base, threshold: urgent })) fired++;
          for (const threshold of passed) await record(trx, { ...base, threshold });
        });
      }
      return fired;
    },
  };

  // A contract's alerts go to the contacts it names to notify and the staff chosen in the settings.
  async function contractRecipients(db: DbOrTrx, alert: FiredAlert): Promise<RecipientRow[]> {
    const s = await settings.current(db);
    const [contacts, staff] = await Promise.all([
      alertsRepository.contractContacts(db, alert.subjectId),
      alertsRepository.staff(db, s?.alertStaffAccountIds ?? []),
    ]);
    return [...contacts, ...staff];
  }
  service.defineKind({
    kind: 'contractEnding',
    recipients: contractRecipients,
    link: (alert, face) => (face === 'portal' ? '/contracts' : `/contracts/${alert.subjectId}`),
  });
  // Hour banks (fired by modules/hours, hours.alerts.ts): the portal's hours page, the staff contract.
  for (const kind of ['bankThreshold', 'bankOverage'] as const) {
    service.defineKind({
      kind,
      recipients: contractRecipients,
      link: (alert, face) => (face === 'portal' ? '/hours' : `/contracts/${alert.subjectId}`),
    });
  }

  schedules.define({
    name: 'alerts.contract-ending',
    // Daily, early in the morning (UTC); "today" is the organisation's day when it runs.
    cron: '15 5 * * *',
    maxAttempts: 3,
    run: async ({ scheduledFor }) => {
      await service.contractEndingRun(scheduledFor ?? clock());
    },
  });

  return service;
}
