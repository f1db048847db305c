import { DEFAULT_THRESHOLDS } from '../../../shared/hours/thresholds.ts';
import type { Clock } from '../../platform/actor.ts';
import type { Database, DbOrTrx } from '../../platform/db/db.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import type { PorticoDomainEvents } from '../domain-events.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { hoursRepository } from './hours.repository.ts';
import { balanceFor } from './hours.service.ts';

/** The calendar day it is in `timeZone` at `at` ('YYYY-MM-DD'). */
function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * Hour-bank alerts (issue 14, point 9): when an approval's billable time draws a contract's bank, the
 * bank's figures for today's period decide which thresholds it has reached (the organisation's
 * `bankAlertThresholds`, by default 75, 90 and 100 % of the period's hours) and whether overage has
 * started. Each fires once per contract, threshold and period
 * (alert_deliveries' unique key, docs/events.md): the most urgent one reached is sent when it has not
 * been yet, the ones below it are recorded without a message, and overage is sent instead of 100 %.
 * The subscriber is idempotent: a redelivered event finds every key taken and sends nothing.
 */
export function subscribeBankAlerts(deps: {
  database: Database;
  clock: Clock;
  domainEvents: PorticoDomainEvents;
  settings: Pick<SettingsService, 'current'>;
  alerts: Pick<AlertsService, 'fire' | 'record' | 'firedIn'>;
}): void {
  const { database, clock, domainEvents, settings, alerts } = deps;

  /** One contract's bank, once: a fixed number of queries, however many of its entries were approved. */
  async function check(
    trx: DbOrTrx,
    contractId: number,
    today: string,
    thresholds: readonly number[],
  ): Promise<void> {
    const contract = await hoursRepository.contract(trx, contractId);
    if (!contract) return;
    const balance = await balanceFor(trx, contractId, today);
    if (!balance || balance.purchasedMinutes <= 0) return;
    const base = {
      subjectId: contractId,
      periodKey: balance.periodStart,
      clientId: contract.client_id,
    };
    // The organisation's percentages as they are now. An alert's key names its percentage, so a
    // percentage kept through a change never fires twice, and a new one fires once when reached.
    const reached = thresholds
      .filter((t) => balance.usedMinutes * 100 >= t * balance.purchasedMinutes)
      .slice()
      .sort((a, b) => b - a);
    const over = (balance.overMinutes ?? 0) > 0;
    const params = { contract: contract.name, periodEndDate: balance.periodEnd };
    const news = [
      ...(over ? [{ ...base, kind: 'bankOverage' as const, threshold: 100, params }] : []),
      ...reached.map((threshold) => ({
        ...base,
        kind: 'bankThreshold' as const,
        threshold,
        params: { ...params, share: threshold / 100 },
      })),
    ];
    const [urgent, ...passed] = news;
    if (!urgent) return;
    // One message per approval, and only news: the most urgent alert reached, unless this period
    // has told of as much or more already (a percentage added below one already sent, or kept
    // after a higher one was removed, would announce a figure long passed). What lies below it is
    // recorded without a message.
    const told = await alerts.firedIn(trx, ['bankThreshold', 'bankOverage'], contractId, base.periodKey);
    const level = (a: { kind: string; threshold: number }) =>
      a.kind === 'bankOverage' ? Number.POSITIVE_INFINITY : a.threshold;
    const highestTold = Math.max(0, ...told.map(level));
    if (level(urgent) > highestTold) await alerts.fire(trx, urgent);
    else await alerts.record(trx, urgent);
    for (const alert of passed) await alerts.record(trx, alert);
  }

  domainEvents.subscribe({
    event: 'time-entries.approved',
    name: 'hours.bank-alerts-by-approval',
    // Once per approval, not per entry: a bulk approval of a hundred entries checks each bank once.
    handle: async (_ctx, event) => {
      const { contractIds } = event.payload;
      if (!contractIds.length) return;
      const s = await settings.current();
      const today = dayIn(s?.timeZone ?? 'UTC', clock());
      await database.system('hour bank alerts').transaction(async (trx) => {
        const thresholds = s?.bankAlertThresholds ?? DEFAULT_THRESHOLDS;
        for (const contractId of contractIds) await check(trx, contractId, today, thresholds);
      });
    },
  });
}
