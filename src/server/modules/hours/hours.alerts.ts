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
 * bank's figures for today's period decide which thresholds it has reached (75, 90 and 100 % of the
 * period's hours) and whether overage has started. Each fires once per contract, threshold and period
 * (alert_deliveries' unique key, docs/events.md): the most urgent one reached is sent, the ones passed
 * with it are recorded without a message, and overage, when it starts, is sent instead of 100 %.
 * The subscriber is idempotent: a redelivered event finds every key taken and sends nothing.
 */
export function subscribeBankAlerts(deps: {
  database: Database;
  clock: Clock;
  domainEvents: PorticoDomainEvents;
  settings: Pick<SettingsService, 'current'>;
  alerts: Pick<AlertsService, 'fire' | 'record'>;
}): void {
  const { database, clock, domainEvents, settings, alerts } = deps;

  /** One contract's bank, once: a fixed number of queries, however many of its entries were approved. */
  async function check(trx: DbOrTrx, contractId: number, today: string): Promise<void> {
    const contract = await hoursRepository.contract(trx, contractId);
    if (!contract) return;
    const balance = await balanceFor(trx, contractId, today);
    if (!balance || balance.purchasedMinutes <= 0) return;
    const base = {
      subjectId: contractId,
      periodKey: balance.periodStart,
      clientId: contract.client_id,
    };
    const reached = DEFAULT_THRESHOLDS.filter(
      (t) => balance.usedMinutes * 100 >= t * balance.purchasedMinutes,
    )
      .slice()
      .sort((a, b) => b - a);
    const over = (balance.overMinutes ?? 0) > 0;
    const params = { contract: contract.name, periodEndDate: balance.periodEnd };
    let sent = false;
    if (over) {
      sent = await alerts.fire(trx, { ...base, kind: 'bankOverage', threshold: 100, params });
    }
    for (const threshold of reached) {
      const alert = {
        ...base,
        kind: 'bankThreshold' as const,
        threshold,
        params: { ...params, share: threshold / 100 },
      };
      // One message per approval: the most urgent news; what it passed on the way is only recorded.
      if (!sent) sent = await alerts.fire(trx, alert);
      else await alerts.record(trx, alert);
    }
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
        for (const contractId of contractIds) await check(trx, contractId, today);
      });
    },
  });
}
