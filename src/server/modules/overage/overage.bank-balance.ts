import {
  type BankEntry,
  type BankPlan,
  isHoursError,
  type PeriodLength,
  type Rollover,
  runBank,
} from '../../../shared/hours/index.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { overageRepository as repo } from './overage.repository.ts';

/**
 * What the overage check asks of an hour bank: the current period's remaining and over minutes for a
 * contract as of a day (YYYY-MM-DD), or null when the contract has no bank. The composition root wires
 * the hours module's `balanceFor` here; this module never reads the bank's rules itself.
 */
export type BankBalance = (
  db: DbOrTrx,
  contractId: number,
  asOf: string,
) => Promise<{ remainingMinutes: number; overMinutes: number } | null>;

/**
 * INTERIM, until the hours module (`balanceFor`) is merged: the same figures from the same rows, with
 * src/shared/hours's `runBank` over the contract's plan, its blocks and its approved billable time (a
 * correction netted against the entry it reverses). The merge replaces its one use in composition.ts
 * (`bankBalance: interimBankBalance`) with the hours module's `balanceFor`, and deletes this function.
 * A contract whose plan the arithmetic refuses (a periodic bank with no minutes) counts as no bank.
 */
export const interimBankBalance: BankBalance = async (db, contractId, asOf) => {
  const contract = await repo.contractPlan(db, contractId);
  if (!contract || (contract.bank_kind !== 'periodic' && contract.bank_kind !== 'prepaid')) return null;
  const dates = {
    startDate: contract.start_date,
    endDate: contract.end_date,
    period: contract.bank_period as PeriodLength,
  };
  let plan: BankPlan;
  if (contract.bank_kind === 'periodic') {
    const rollover: Rollover =
      contract.rollover_kind === 'capped'
        ? { kind: 'capped', capMinutes: contract.rollover_cap_minutes ?? 0 }
        : contract.rollover_kind === 'unlimited'
          ? { kind: 'unlimited' }
          : { kind: 'none' };
    plan = { kind: 'periodic', ...dates, allowanceMinutes: contract.bank_minutes ?? -1, rollover };
  } else {
    const blocks = await repo.blocks(db, contractId);
    plan = {
      kind: 'prepaid',
      ...dates,
      blocks: blocks.map((b) => ({
        id: String(b.id),
        purchasedOn: b.purchased_on,
        minutes: b.minutes,
        expiresOn: b.expires_on,
      })),
    };
  }
  const rows = await repo.approvedEntries(db, contractId, asOf);
  const minutes = new Map<number, number>();
  for (const r of rows) {
    if (r.reverses_id !== null && minutes.has(r.reverses_id)) {
      minutes.set(r.reverses_id, (minutes.get(r.reverses_id) ?? 0) + r.billed_minutes);
    } else if (r.reverses_id === null) minutes.set(r.id, r.billed_minutes);
  }
  const entries: BankEntry[] = rows
    .filter((r) => r.reverses_id === null && (minutes.get(r.id) ?? 0) > 0 && r.entry_date >= dates.startDate)
    .map((r) => ({ id: String(r.id), date: r.entry_date, billedMinutes: minutes.get(r.id) ?? 0 }));
  try {
    const history = runBank(plan, entries, asOf);
    if (!history.current) return { remainingMinutes: 0, overMinutes: 0 };
    const { remainingMinutes, overageMinutes } = history.current.snapshot;
    return { remainingMinutes, overMinutes: overageMinutes };
  } catch (error) {
    if (isHoursError(error)) return null;
    throw error;
  }
};
