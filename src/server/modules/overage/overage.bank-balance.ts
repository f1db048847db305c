import type { DbOrTrx } from '../../platform/db/db.ts';

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
