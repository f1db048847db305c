import type { z } from 'zod';
import {
  type BankPlan,
  checkPlan,
  type EntryAllocation,
  HoursError,
  type HoursErrorCode,
  isHoursError,
  type Lot,
  overageCharge,
  portalFigures,
  projectedRunOut,
} from '../../../shared/hours/index.ts';
import { message } from '../../../shared/i18n/i18n.ts';
import type {
  BankBalance,
  ClosedPeriodOut,
  HourBlock,
  HoursPage,
  hourBlockBody,
  LedgerEntry,
  LotOut,
} from '../../../shared/schemas/hours.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Actor, Clock, ContactActor, StaffActor } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import type { Database, DbOrTrx } from '../../platform/db/db.ts';
import { type ErrorText, errors } from '../../platform/errors.ts';
import type { Schedules } from '../../platform/schedules.ts';
import {
  type BlockRow,
  CLOSE_GRACE_MS,
  type CloseDetail,
  type ContractTerms,
  openingAfter,
  overageRateOf,
  type PeriodInput,
  parseDetail,
  planFor,
  runFrom,
} from './hours.bank.ts';
import { hoursRepository, type LedgerRow } from './hours.repository.ts';

type BlockInput = z.output<typeof hourBlockBody>;

export const CLOSE_JOB = 'hours.close-periods';

export const hoursPolicies = {
  view: {
    what: message('errors:notFound.contract'),
    table: 'contracts',
    staff: { permission: 'clients:view', denied: message('errors:denied.contractsView') },
    contact: { anyOf: ['contracts:view'], denied: message('errors:denied.portalContracts') },
  },
  manage: {
    what: message('errors:notFound.contract'),
    table: 'contracts',
    staff: { permission: 'clients:manage', denied: message('errors:denied.contractsChange') },
  },
} as const satisfies Record<string, AccessPolicy>;

/** The catalogue message for each refusal of the pure module. */
const hoursMessages: Record<HoursErrorCode, ErrorText> = {
  'negative-minutes': message('errors:hours.negativeMinutes'),
  'fractional-minutes': message('errors:hours.fractionalMinutes'),
  'entry-too-long': message('errors:hours.entryTooLong'),
  'invalid-rounding-rule': message('errors:hours.invalidRounding'),
  'invalid-rate': message('errors:hours.invalidRate'),
  'no-rate': message('errors:hours.noRate'),
  'currency-mismatch': message('errors:hours.currencyMismatch'),
  'amount-too-large': message('errors:hours.amountTooLarge'),
  'invalid-date': message('errors:validation.realDate'),
  'invalid-plan': message('errors:hours.invalidPlan'),
  'duplicate-id': message('errors:hours.invalidPlan'),
  'entry-outside-period': message('errors:hours.outsideContract'),
  'invalid-period': message('errors:hours.invalidPlan'),
  'invalid-thresholds': message('errors:hours.invalidPlan'),
};

/** The field names the pure module reports, as the API's. */
const fieldNames: Record<string, string> = {
  allowanceMinutes: 'bankMinutes',
  capMinutes: 'rolloverCapMinutes',
  'blocks.minutes': 'minutes',
  'blocks.purchasedOn': 'purchasedOn',
  'blocks.expiresOn': 'expiresOn',
  endDate: 'endDate',
  startDate: 'startDate',
  increment: 'roundingIncrement',
  minimum: 'roundingMinimum',
  direction: 'roundingDirection',
};

/** A refusal of the pure module as a 400 naming the field. */
export function hoursValidation(error: HoursError, fallbackField: string): never {
  const raw = typeof error.detail.field === 'string' ? error.detail.field : null;
  const field = raw !== null ? (fieldNames[raw] ?? raw) : fallbackField;
  throw errors.validation({ [field]: hoursMessages[error.code] });
}

/** Runs `fn`, turning the pure module's refusals into 400s. */
export function checked<T>(fn: () => T, field: string): T {
  try {
    return fn();
  } catch (error) {
    if (isHoursError(error)) hoursValidation(error, field);
    throw error;
  }
}

/** Today in a time zone, as a calendar date. */
export function todayIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

interface Loaded {
  contract: ContractTerms;
  plan: BankPlan;
  blocks: BlockRow[];
  rows: LedgerRow[];
  state: ReturnType<typeof runFrom>;
}

/** The bank of one contract as of a day: 3 queries (contract, blocks, last close) + the entries. */
async function loadBank(
  db: DbOrTrx,
  contract: ContractTerms,
  asOf: string,
  lastClose: Awaited<ReturnType<typeof hoursRepository.lastClose>> | null,
): Promise<Loaded | null> {
  const blocks = await hoursRepository.blocks(db, contract.id);
  const plan = planFor(contract, blocks);
  if (plan === null) return null;
  const { opening, cutoff } = openingAfter(plan, lastClose ?? null);
  const from = opening?.periodStart ?? asOf;
  const rows = opening === null ? [] : await hoursRepository.entries(db, contract.id, from, asOf, cutoff);
  const state = runFrom(plan, opening, rows, asOf);
  return { contract, plan, blocks, rows, state };
}

function balanceOf(contractId: number, state: Loaded['state']): BankBalance | null {
  if (state.current === null) return null;
  const { snapshot } = state.current.open;
  const figures = portalFigures(snapshot);
  return {
    contractId,
    periodStart: snapshot.periodStart,
    periodEnd: snapshot.periodEnd,
    asOf: snapshot.asOf,
    purchasedMinutes: figures.purchasedMinutes,
    usedMinutes: figures.usedMinutes,
    remainingMinutes: 'remainingMinutes' in figures.balance ? figures.balance.remainingMinutes : null,
    overMinutes: 'overMinutes' in figures.balance ? figures.balance.overMinutes : null,
    overageMinutes: snapshot.overageMinutes,
  };
}

/**
 * The current period's figures of a contract's bank as of a day (`YYYY-MM-DD`), read through `db` (the
 * caller's scope applies): null when the contract has no bank, is not reachable, or `asOf` is outside
 * it. Four queries whatever the contract's age. For the alerts, the consent check and the home page.
 */
export async function balanceFor(db: DbOrTrx, contractId: number, asOf: string): Promise<BankBalance | null> {
  const contract = await hoursRepository.contract(db, contractId);
  if (!contract || contract.bank_kind === 'none') return null;
  const loaded = await loadBank(
    db,
    contract,
    asOf,
    (await hoursRepository.lastClose(db, contractId)) ?? null,
  );
  return loaded === null ? null : balanceOf(contractId, loaded.state);
}

/**
 * A client's hour banks summed as of a day (`YYYY-MM-DD`): what their current periods include, used
 * and have left (0 when over), for the monthly summary (modules/reports). Null when no contract of the
 * client has a bank open on that day. A few queries per banked contract; a report, not a page read.
 */
export async function clientBankFigures(
  db: DbOrTrx,
  clientId: number,
  asOf: string,
): Promise<{ includedMinutes: number; usedMinutes: number; remainingMinutes: number } | null> {
  const contracts = await hoursRepository.contractsWithBanks(db, clientId);
  let found = false;
  const sum = { includedMinutes: 0, usedMinutes: 0, remainingMinutes: 0 };
  for (const contract of contracts) {
    const balance = await balanceFor(db, contract.id, asOf);
    if (!balance) continue;
    found = true;
    sum.includedMinutes += balance.purchasedMinutes;
    sum.usedMinutes += balance.usedMinutes;
    sum.remainingMinutes += balance.remainingMinutes ?? 0;
  }
  return found ? sum : null;
}

function lotOut(lot: Lot, blocks: Map<string, BlockRow>): LotOut {
  if (lot.kind === 'block') {
    return {
      kind: 'block',
      blockId: Number(lot.blockId),
      purchasedOn: blocks.get(lot.blockId)?.purchased_on ?? '',
    };
  }
  return lot;
}

function ledgerOf(
  allocations: readonly EntryAllocation[],
  input: PeriodInput,
  rows: readonly LedgerRow[],
  blocks: Map<string, BlockRow>,
): LedgerEntry[] {
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  const credited = new Map<string, number>();
  for (const c of input.credits) credited.set(c.entryId, (credited.get(c.entryId) ?? 0) + c.minutes);
  const out: LedgerEntry[] = [];
  for (const a of allocations) {
    const row = byId.get(a.entryId);
    if (!row) continue;
    out.push({
      entryId: row.id,
      ticketId: row.ticket_id,
      ticketSubject: row.ticket_subject,
      who: row.worker,
      date: row.entry_date,
      countedOn: input.late.has(a.entryId) ? a.date : null,
      actualMinutes: row.actual_minutes,
      billedMinutes: row.billed_minutes,
      creditedMinutes: credited.get(a.entryId) ?? 0,
      draws: a.draws.map((d) => ({ lot: lotOut(d.lot, blocks), minutes: d.minutes })),
      overageMinutes: a.overageMinutes,
    });
  }
  // The corrections themselves, so every approved row the client is billed for appears.
  for (const row of rows) {
    if (!input.rowIds.has(row.id) || (row.billed_minutes >= 0 && row.reverses_id === null)) continue;
    out.push({
      entryId: row.id,
      ticketId: row.ticket_id,
      ticketSubject: row.ticket_subject,
      who: row.worker,
      date: row.entry_date,
      countedOn: null,
      actualMinutes: row.actual_minutes,
      billedMinutes: row.billed_minutes,
      creditedMinutes: 0,
      draws: [],
      overageMinutes: 0,
    });
  }
  return out.sort((x, y) => (x.date !== y.date ? (x.date < y.date ? -1 : 1) : x.entryId - y.entryId));
}

function closedOut(
  row: {
    period_start: string;
    period_end: string;
    purchased_minutes: number;
    rolled_over_in_minutes: number;
    carried_in_minutes: number;
    used_minutes: number;
    drawn_minutes: number;
    overage_minutes: number;
    rolled_over_out_minutes: number;
    carried_out_minutes: number;
    expired_minutes: number;
    overage_amount_minor: number;
    currency: string;
  },
  closedAt: string | null,
): ClosedPeriodOut {
  return {
    periodStart: row.period_start,
    periodEnd: row.period_end,
    purchasedMinutes: row.purchased_minutes,
    rolledOverInMinutes: row.rolled_over_in_minutes,
    carriedInMinutes: row.carried_in_minutes,
    usedMinutes: row.used_minutes,
    drawnMinutes: row.drawn_minutes,
    overageMinutes: row.overage_minutes,
    rolledOverOutMinutes: row.rolled_over_out_minutes,
    carriedOutMinutes: row.carried_out_minutes,
    expiredMinutes: row.expired_minutes,
    overageAmountMinor: row.overage_amount_minor,
    currency: row.currency,
    closedAt,
  };
}

/** A record as the close writes it (and as the page shows an ended period the close has not reached). */
function recordRow(contract: ContractTerms, closed: ReturnType<typeof runFrom>['pending'][number]['closed']) {
  const { record } = closed;
  const rate = overageRateOf(contract);
  const currency = contract.currency ?? 'EUR';
  return {
    period_start: record.periodStart,
    period_end: record.periodEnd,
    purchased_minutes: record.purchasedMinutes,
    rolled_over_in_minutes: record.rolledOverInMinutes,
    carried_in_minutes: record.carriedInMinutes,
    used_minutes: record.usedMinutes,
    drawn_minutes: record.drawnMinutes,
    overage_minutes: record.overageMinutes,
    rolled_over_out_minutes: record.rolledOverOutMinutes,
    carried_out_minutes: record.carriedOutMinutes,
    expired_minutes: record.expiredMinutes,
    overage_amount_minor: rate === null ? 0 : overageCharge(record, rate).minorUnits,
    currency,
  };
}

/**
 * Closes every ended period of one contract not closed yet, in the caller's transaction (system work:
 * the nightly close, and `portico generate` for the banks it makes). See `closeContract`.
 */
export async function closeContractPeriods(
  trx: DbOrTrx,
  contractId: number,
  now: Date,
  asOf: string,
): Promise<number> {
  const contract = await hoursRepository.contract(trx, contractId);
  if (!contract || contract.bank_kind === 'none') return 0;
  const last = (await hoursRepository.lastClose(trx, contractId)) ?? null;
  const blocks = await hoursRepository.blocks(trx, contractId);
  const plan = planFor(contract, blocks);
  if (plan === null) return 0;
  const { opening, cutoff: previous } = openingAfter(plan, last);
  if (opening === null) return 0;
  const cutoff = new Date(now.getTime() - CLOSE_GRACE_MS).toISOString();
  const rows = await hoursRepository.entries(trx, contractId, opening.periodStart, asOf, previous);
  const state = runFrom(plan, opening, rows, asOf, cutoff);
  let written = 0;
  for (const { closed, input } of state.pending) {
    const detail: CloseDetail = {
      cutoff,
      closing: closed.closing,
      allocations: closed.allocations,
      lots: closed.lots,
      unusedCreditMinutes: input.unusedCreditMinutes,
    };
    const ok = await hoursRepository.insertClose(trx, {
      contract_id: contract.id,
      client_id: contract.client_id,
      ...recordRow(contract, closed),
      detail: JSON.stringify(detail),
      closed_at: now.toISOString(),
    });
    if (!ok) break;
    written += 1;
  }
  return written;
}

export type HoursService = ReturnType<typeof createHoursService>;

export function createHoursService(deps: {
  database: Database;
  clock: Clock;
  audit: Audit;
  schedules: Schedules;
  settings: { current(): Promise<{ timeZone: string } | null> };
}) {
  const { database, clock, audit, schedules, settings } = deps;

  async function today(): Promise<string> {
    const org = await settings.current();
    return todayIn(clock(), org?.timeZone ?? 'UTC');
  }

  async function page(db: DbOrTrx, clientId: number, contractId: number | undefined, asOf: string) {
    const options = await hoursRepository.contractsWithBanks(db, clientId);
    const empty: HoursPage = {
      contracts: options.map((c) => ({ id: c.id, name: c.name, bankKind: c.bank_kind as 'periodic' })),
      contract: null,
      balance: null,
      runOutOn: null,
      lastsThePeriod: false,
      perTicket: [],
      ledger: [],
      usageByMonth: [],
      closedPeriods: [],
      blocks: [],
    };
    const contract = contractId === undefined ? options[0] : options.find((c) => c.id === contractId);
    if (!contract) {
      if (contractId !== undefined) throw errors.notFound(message('errors:notFound.contract'));
      return empty;
    }
    const closes = await hoursRepository.closes(db, contract.id);
    const last = closes.at(-1) ?? null;
    const loaded = await loadBank(db, contract, asOf, last);
    if (loaded === null) return empty;
    const usage = await hoursRepository.usageByMonth(db, contract.id, asOf);
    const blockMap = new Map(loaded.blocks.map((b) => [String(b.id), b]));
    const balance = balanceOf(contract.id, loaded.state);
    const current = loaded.state.current;
    let runOutOn: string | null = null;
    let lastsThePeriod = false;
    if (balance && current) {
      runOutOn = projectedRunOut({
        since: balance.periodStart,
        today: asOf,
        usedMinutes: current.open.snapshot.usedMinutes,
        remainingMinutes: current.open.snapshot.remainingMinutes,
      });
      if (runOutOn !== null && runOutOn > balance.periodEnd && loaded.plan.kind === 'periodic') {
        lastsThePeriod = true;
        runOutOn = null;
      }
    }
    const ledger = current ? ledgerOf(current.open.allocations, current.input, loaded.rows, blockMap) : [];
    const perTicket = new Map<
      number,
      { ticketId: number; subject: string; actualMinutes: number; billedMinutes: number }
    >();
    for (const e of ledger) {
      const t = perTicket.get(e.ticketId) ?? {
        ticketId: e.ticketId,
        subject: e.ticketSubject,
        actualMinutes: 0,
        billedMinutes: 0,
      };
      t.actualMinutes += e.actualMinutes;
      t.billedMinutes += e.billedMinutes;
      perTicket.set(e.ticketId, t);
    }
    const closedPeriods = [
      ...closes.map((c) => closedOut(c, c.closed_at)),
      ...loaded.state.pending.map((p) => closedOut(recordRow(contract, p.closed), null)),
    ].reverse();
    return {
      ...empty,
      contract: {
        id: contract.id,
        name: contract.name,
        bankKind: contract.bank_kind as 'periodic',
        bankPeriod: contract.bank_period as 'monthly',
        currency: contract.currency ?? 'EUR',
        overageRateMinor: overageRateOf(contract)?.minorUnitsPerHour ?? null,
      },
      balance,
      runOutOn,
      lastsThePeriod,
      perTicket: [...perTicket.values()].sort(
        (a, b) => b.billedMinutes - a.billedMinutes || a.ticketId - b.ticketId,
      ),
      ledger,
      usageByMonth: usage,
      closedPeriods,
      blocks: loaded.blocks.map(blockOut),
    } satisfies HoursPage;
  }

  function blockOut(b: BlockRow): HourBlock {
    return {
      id: b.id,
      purchasedOn: b.purchased_on,
      minutes: b.minutes,
      expiresOn: b.expires_on,
      note: b.note,
    };
  }

  /**
   * Closes every ended period of one contract that is not closed yet, oldest first, each once: the
   * unique (contract, period start) key makes a second closer's insert do nothing, and a closer that
   * loses stops there (the winner's records stand). Returns how many records this call wrote.
   */
  async function closeContract(contractId: number, now: Date, asOf: string): Promise<number> {
    const { transaction } = database.system('hours: closing bank periods');
    return transaction((trx) => closeContractPeriods(trx, contractId, now, asOf));
  }

  const service = {
    /** The portal's hours page: the contact's client's banks, one chosen. */
    async portalPage(actor: ContactActor, contractId: number | undefined): Promise<HoursPage> {
      const { db } = database.forActor(actor);
      await requireAccess(db, hoursPolicies.view, contractId === undefined ? [] : [contractId]);
      return page(db, actor.clientId, contractId, await today());
    },

    /** The same figures for staff, from the same rows (the contract page's Hours tab). */
    async staffPage(actor: StaffActor, contractId: number): Promise<HoursPage> {
      const { db } = database.forActor(actor);
      const [row] = await requireAccess(db, hoursPolicies.view, [contractId]);
      const contract = await hoursRepository.contract(db, row?.id ?? contractId);
      if (!contract) throw errors.notFound(message('errors:notFound.contract'));
      if (contract.bank_kind === 'none') {
        return { ...(await page(db, contract.client_id, undefined, await today())), contract: null };
      }
      return page(db, contract.client_id, contractId, await today());
    },

    balanceFor(actor: Actor, contractId: number, asOf: string): Promise<BankBalance | null> {
      return balanceFor(database.forActor(actor).db, contractId, asOf);
    },

    async addBlock(
      actor: StaffActor,
      contractId: number,
      input: BlockInput,
      meta: RequestMeta,
    ): Promise<HourBlock> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, hoursPolicies.manage, [contractId]);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const contract = await hoursRepository.contract(trx, contractId);
        if (!contract) throw errors.notFound(message('errors:notFound.contract'));
        if (contract.bank_kind !== 'prepaid') {
          throw errors.conflict('bank_not_prepaid', message('errors:hours.notPrepaid'));
        }
        const blocks = await hoursRepository.blocks(trx, contractId);
        const plan = planFor(contract, [
          ...blocks,
          {
            id: 0,
            contract_id: contractId,
            purchased_on: input.purchasedOn,
            minutes: input.minutes,
            expires_on: input.expiresOn,
            note: input.note,
          },
        ]);
        if (plan) checked(() => checkPlan(plan), 'purchasedOn');
        const last = await hoursRepository.lastClose(trx, contractId);
        if (last && input.purchasedOn <= last.period_end) {
          throw errors.conflict('bank_period_closed', message('errors:hours.periodClosed'));
        }
        const blockId = await hoursRepository.insertBlock(trx, {
          contract_id: contractId,
          purchased_on: input.purchasedOn,
          minutes: input.minutes,
          expires_on: input.expiresOn,
          note: input.note,
          at,
        });
        await audit.record(trx, {
          actor,
          action: 'contract.hour_block_added',
          clientId: contract.client_id,
          target: { type: 'contract', id: contractId },
          details: {
            blockId,
            minutes: input.minutes,
            purchasedOn: input.purchasedOn,
            expiresOn: input.expiresOn,
          },
          meta,
        });
        return blockOut({
          id: blockId,
          contract_id: contractId,
          ...input,
          purchased_on: input.purchasedOn,
          expires_on: input.expiresOn,
        });
      });
    },

    async listBlocks(actor: StaffActor, contractId: number): Promise<HourBlock[]> {
      const { db } = database.forActor(actor);
      await requireAccess(db, hoursPolicies.view, [contractId]);
      return (await hoursRepository.blocks(db, contractId)).map(blockOut);
    },

    closeContract,

    /** The nightly close: every contract with a bank, in pages. Returns how many records were written. */
    async closeEndedPeriods(): Promise<number> {
      const now = clock();
      const asOf = await today();
      const { db } = database.system('hours: contracts to close');
      let written = 0;
      let after = 0;
      for (;;) {
        const page = await hoursRepository.contractsToClose(db, after, 200);
        for (const contract of page) {
          try {
            written += await closeContract(contract.id, now, asOf);
          } catch (error) {
            // A contract whose terms no longer make a plan is skipped, never blocking the others.
            if (!(error instanceof HoursError)) throw error;
          }
        }
        if (page.length < 200) return written;
        after = page.at(-1)?.id ?? after;
      }
    },
  };

  schedules.define({
    name: CLOSE_JOB,
    cron: '15 0 * * *',
    maxAttempts: 3,
    run: async () => {
      await service.closeEndedPeriods();
    },
  });

  return service;
}

export { parseDetail };
