import type { z } from 'zod';
import { zonedInstant } from '../../../shared/format/zoned-day.ts';
import {
  amountForMinutes,
  checkEntryMinutes,
  EXACT_MINUTES,
  HoursError,
  isHoursError,
  type Rate,
  type RoundingDirection,
  resolveRate,
  roundEntry,
} from '../../../shared/hours/index.ts';
import { message } from '../../../shared/i18n/i18n.ts';
import type {
  PortalTicketTime,
  TimeEntryPage,
  TimeEntryResponse,
  TimerResponse,
  timeApproveBody,
  timeEntryCreateBody,
  timeEntryPatchBody,
  timeReverseBody,
  timerStartBody,
  timerStopBody,
  timesheetQuery,
  WorkTypeList,
  WorkTypeResponse,
  workTypeCreateBody,
  workTypePatchBody,
} from '../../../shared/schemas/time.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Clock, ContactActor, StaffActor } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import type { Database } from '../../platform/db/db.ts';
import { type DbOrTrx, isUniqueViolation } from '../../platform/db/db.ts';
import { type AppError, errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import type { PorticoDomainEvents } from '../domain-events.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { ticketPolicies } from '../tickets/tickets.policies.ts';
import { presentEntry, presentPortalEntry, presentWorkType } from './time.presenter.ts';
import {
  type EntryFilter,
  type EntryRow,
  type EntryValues,
  timeRepository as repo,
  type TicketTerms,
  type WorkTypeRow,
  type WorkTypeValues,
} from './time.repository.ts';

type WorkTypeCreate = z.output<typeof workTypeCreateBody>;
type WorkTypePatch = z.output<typeof workTypePatchBody>;
type EntryCreate = z.output<typeof timeEntryCreateBody>;
type EntryPatch = z.output<typeof timeEntryPatchBody>;
type ApproveInput = z.output<typeof timeApproveBody>;
type ReverseInput = z.output<typeof timeReverseBody>;
type StartInput = z.output<typeof timerStartBody>;
type StopInput = z.output<typeof timerStopBody>;
type SheetInput = z.output<typeof timesheetQuery>;

const notFoundEntry = message('errors:notFound.timeEntry');
const notFoundTicket = message('errors:notFound.ticket');

/**
 * Who may do what with time (see requireAccess). Staff only, except the portal's read of a ticket's
 * approved time (the access layer hides drafts and submitted entries from contacts).
 * - read: tickets:view (a ticket's time, the timesheet, the work types to choose from);
 * - log: time:log, on a ticket the person may see (timers, manual entries, their own drafts);
 * - approve: time:approve (approve, reverse, and change or delete anyone's drafts);
 * - workTypes: settings:edit.
 */
export const timePolicies = {
  read: {
    what: notFoundEntry,
    table: 'time_entries',
    staff: { permission: 'tickets:view', denied: message('errors:denied.ticketsView') },
  },
  log: {
    what: notFoundTicket,
    table: 'tickets',
    staff: { permission: 'time:log', denied: message('errors:denied.timeLog') },
  },
  logEntry: {
    what: notFoundEntry,
    table: 'time_entries',
    staff: { permission: 'time:log', denied: message('errors:denied.timeLog') },
  },
  approve: {
    what: notFoundEntry,
    table: 'time_entries',
    staff: { permission: 'time:approve', denied: message('errors:denied.timeApprove') },
  },
  workTypes: {
    what: message('errors:notFound.workType'),
    table: 'work_types',
    staff: { permission: 'settings:edit', denied: message('errors:denied.workTypesChange') },
  },
  readWorkTypes: {
    what: message('errors:notFound.workType'),
    table: 'work_types',
    staff: { permission: 'tickets:view', denied: message('errors:denied.ticketsView') },
  },
  portal: ticketPolicies.read,
} as const satisfies Record<string, AccessPolicy>;

/** 'YYYY-MM-DD' of `instant` in `timeZone`. */
export function dayIn(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** An arithmetic refusal (src/shared/hours) as a 400 naming the field. */
function refusal(error: HoursError, field: string): AppError {
  const d = error.detail;
  switch (error.code) {
    case 'currency-mismatch':
      return errors.validation(
        {
          [d.source === 'work-type' ? 'workTypeId' : 'rate']: message('errors:time.currencyMismatch', {
            expected: String(d.expected ?? ''),
            found: String(d.found ?? ''),
          }),
        },
        message('errors:time.currencyMismatch', {
          expected: String(d.expected ?? ''),
          found: String(d.found ?? ''),
        }),
      );
    case 'entry-too-long':
      return errors.validation({ [field]: message('errors:validation.timeTooLong') });
    case 'negative-minutes':
    case 'fractional-minutes':
      return errors.validation({ [field]: message('errors:validation.timeMinutes') });
    default:
      return errors.validation({ contract: message('errors:time.badTerms') });
  }
}

function hoursSafe<T>(field: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isHoursError(error)) throw refusal(error, field);
    throw error;
  }
}

interface Priced {
  actual_minutes: number;
  billed_minutes: number;
  rate_minor: number | null;
  currency: string | null;
  amount_minor: number | null;
  rate_source: string | null;
}

/**
 * Minutes billed and what they cost: rounded by the ticket's contract (none: the minutes worked), at
 * the first rate of contract -> work type -> organisation default, in the contract's currency (no
 * contract: the client's). Non-billable time bills 0 minutes and carries no rate.
 */
export function price(
  terms: TicketTerms,
  workType: WorkTypeRow | null,
  minutes: number,
  billable: boolean,
  defaultRate: Rate | null,
): Priced {
  return hoursSafe('minutes', () => {
    checkEntryMinutes(minutes);
    const currency = terms.contract_currency ?? terms.client_currency;
    const rule =
      terms.contract_id === null
        ? EXACT_MINUTES
        : {
            incrementMinutes: terms.rounding_increment ?? 1,
            minimumMinutes: terms.rounding_minimum ?? 0,
            direction: (terms.rounding_direction ?? 'up') as RoundingDirection,
          };
    if (!billable) {
      return {
        actual_minutes: minutes,
        billed_minutes: 0,
        rate_minor: null,
        currency,
        amount_minor: null,
        rate_source: null,
      };
    }
    const { billedMinutes } = roundEntry(minutes, rule);
    let resolved: ReturnType<typeof resolveRate> | null = null;
    try {
      resolved = resolveRate(
        {
          contract:
            terms.contract_id !== null && terms.contract_rate_minor !== null
              ? { minorUnitsPerHour: terms.contract_rate_minor, currency }
              : null,
          workType:
            workType && workType.rate_minor !== null && workType.currency !== null
              ? { minorUnitsPerHour: workType.rate_minor, currency: workType.currency }
              : null,
          default: defaultRate,
        },
        currency,
      );
    } catch (error) {
      // No rate anywhere: the minutes are kept, the money is left for whoever invoices.
      if (!(error instanceof HoursError && error.code === 'no-rate')) throw error;
    }
    return {
      actual_minutes: minutes,
      billed_minutes: billedMinutes,
      rate_minor: resolved?.rate.minorUnitsPerHour ?? null,
      currency,
      amount_minor: resolved ? amountForMinutes(billedMinutes, resolved.rate).minorUnits : null,
      rate_source: resolved?.source ?? null,
    };
  });
}

export type TimeService = ReturnType<typeof createTimeService>;

export function createTimeService(deps: {
  database: Database;
  clock: Clock;
  audit: Audit;
  domainEvents: PorticoDomainEvents;
  settings: Pick<SettingsService, 'current'>;
  /**
   * Run in the transaction of every change to a ticket's unapproved time (an entry made, changed or
   * deleted, a timer stopped): the consent-before-overage check (modules/overage), wired by the
   * composition root.
   */
  afterTicketTime?: (trx: DbOrTrx, ticketId: number, actor: StaffActor) => Promise<unknown>;
}) {
  const { database, clock, audit, domainEvents, settings } = deps;
  const afterTicketTime = deps.afterTicketTime ?? (async () => null);

  async function orgTerms(db: DbOrTrx): Promise<{ timeZone: string; defaultRate: Rate | null }> {
    const org = await settings.current(db);
    const timeZone = org?.timeZone ?? 'UTC';
    const minor = org?.defaultHourlyRateMinor ?? null;
    return {
      timeZone,
      defaultRate: minor === null || !org ? null : { minorUnitsPerHour: minor, currency: org.currency },
    };
  }

  async function ticketTerms(db: DbOrTrx, ticketId: number): Promise<TicketTerms> {
    const terms = await repo.ticketTerms(db, ticketId);
    if (!terms) throw errors.notFound(notFoundTicket);
    return terms;
  }

  /** The work type an entry names: it must exist and be active (an old entry may keep an inactive one). */
  async function workTypeFor(db: DbOrTrx, workTypeId: number | null, keep?: number | null) {
    if (workTypeId === null) return null;
    const row = await repo.findWorkType(db, workTypeId);
    if (!row || (row.active !== 1 && workTypeId !== keep)) {
      throw errors.validation({ workTypeId: message('errors:time.workTypeUnavailable') });
    }
    return row;
  }

  async function loadEntry(db: DbOrTrx, entryId: number): Promise<EntryRow> {
    const row = await repo.findEntry(db, entryId);
    if (!row) throw errors.notFound(notFoundEntry);
    return row;
  }

  /** Drafts are changed by their author, or by someone who approves time. */
  function mayTouch(actor: StaffActor, row: EntryRow) {
    if (row.account_id !== actor.accountId && !actor.permissions.has('time:approve')) {
      throw errors.forbidden(message('errors:denied.timeOthers'));
    }
  }

  function refuseLocked(row: EntryRow, allowed: readonly string[]) {
    if (row.status === 'approved' || row.status === 'invoiced') {
      throw errors.conflict('time_entry_locked', message('errors:time.locked'));
    }
    if (!allowed.includes(row.status)) {
      throw errors.conflict('time_entry_status_not_allowed', message('errors:time.statusNotAllowed'));
    }
  }

  async function sheet(db: DbOrTrx, filter: EntryFilter, cursor: string | undefined, limit: number) {
    const rows = await repo.listEntries(db, filter, decodeCursor(cursor), limit);
    const page = pageOf(rows, limit, (r) => r.entry_date);
    const totals = await repo.totals(db, filter);
    return {
      items: page.items.map(presentEntry),
      nextCursor: page.nextCursor,
      totals: { actualMinutes: totals.actual, billedMinutes: totals.billed },
    } satisfies TimeEntryPage;
  }

  /** Makes a draft entry from a running timer (in the caller's transaction) and removes the timer. */
  async function stopTimer(
    trx: DbOrTrx,
    actor: StaffActor,
    input: StopInput,
  ): Promise<{ entryId: number } | null> {
    const timer = await repo.timerOf(trx, actor.accountId);
    if (!timer) return null;
    const now = clock();
    const elapsed = Math.max(0, now.getTime() - Date.parse(timer.started_at));
    const minutes = Math.ceil(elapsed / 60_000);
    if (minutes > 24 * 60) throw errors.conflict('timer_too_long', message('errors:time.timerTooLong'));
    const org = await orgTerms(trx);
    const terms = await ticketTerms(trx, timer.ticket_id);
    const workTypeId = input.workTypeId !== undefined ? input.workTypeId : timer.work_type_id;
    const workType = await workTypeFor(trx, workTypeId);
    const billable = input.billable ?? (workType ? workType.billable === 1 : true);
    if (!(await repo.deleteTimer(trx, timer.id))) {
      throw errors.conflict('changed_meanwhile', message('errors:time.timerChanged'));
    }
    const at = now.toISOString();
    const entryId = await repo.insertEntry(
      trx,
      {
        ticket_id: terms.id,
        client_id: terms.client_id,
        contract_id: terms.contract_id,
        account_id: actor.accountId,
        work_type_id: workType?.id ?? null,
        entry_date: dayIn(new Date(timer.started_at), org.timeZone),
        started_at: timer.started_at,
        billable: billable ? 1 : 0,
        note: input.note ?? timer.note,
        status: 'draft',
        reverses_id: null,
        ...price(terms, workType, minutes, billable, org.defaultRate),
      },
      at,
    );
    await afterTicketTime(trx, terms.id, actor);
    return { entryId };
  }

  return {
    // ---- Work types ----
    async listWorkTypes(actor: StaffActor): Promise<WorkTypeList> {
      const { db } = database.forActor(actor);
      await requireAccess(db, timePolicies.readWorkTypes);
      return { items: (await repo.listWorkTypes(db)).map(presentWorkType) };
    },

    async createWorkType(
      actor: StaffActor,
      input: WorkTypeCreate,
      meta: RequestMeta,
    ): Promise<WorkTypeResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, timePolicies.workTypes);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const id = await repo.insertWorkType(
          trx,
          {
            name: input.name,
            rate_minor: input.rateMinor,
            currency: input.rateMinor === null ? null : input.currency,
            billable: input.billable ? 1 : 0,
            active: input.active ? 1 : 0,
          },
          at,
        );
        await audit.record(trx, {
          actor,
          action: 'time.work_type_changed',
          target: { type: 'work_type', id },
          details: { created: true, name: input.name },
          meta,
        });
        const row = await repo.findWorkType(trx, id);
        if (!row) throw errors.notFound(message('errors:notFound.workType'));
        return presentWorkType(row);
      });
    },

    async updateWorkType(
      actor: StaffActor,
      workTypeId: number,
      patch: WorkTypePatch,
      meta: RequestMeta,
    ): Promise<WorkTypeResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, timePolicies.workTypes, [workTypeId]);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const row = await repo.findWorkType(trx, workTypeId);
        if (!row) throw errors.notFound(message('errors:notFound.workType'));
        const values: Partial<WorkTypeValues> = {};
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.rateMinor !== undefined) {
          values.rate_minor = patch.rateMinor;
          values.currency = patch.rateMinor === null ? null : (patch.currency ?? row.currency);
          if (values.rate_minor !== null && values.currency === null) {
            throw errors.validation({ currency: message('errors:validation.rateNeedsCurrency') });
          }
        }
        if (patch.billable !== undefined) values.billable = patch.billable ? 1 : 0;
        if (patch.active !== undefined) values.active = patch.active ? 1 : 0;
        const changed = Object.keys(patch);
        if (changed.length > 0) {
          await repo.updateWorkType(trx, workTypeId, values, at);
          await audit.record(trx, {
            actor,
            action: 'time.work_type_changed',
            target: { type: 'work_type', id: workTypeId },
            details: { changed },
            meta,
          });
        }
        const fresh = await repo.findWorkType(trx, workTypeId);
        if (!fresh) throw errors.notFound(message('errors:notFound.workType'));
        return presentWorkType(fresh);
      });
    },

    // ---- Reading ----
    async timesheet(actor: StaffActor, query: SheetInput): Promise<TimeEntryPage> {
      const { db } = database.forActor(actor);
      await requireAccess(db, timePolicies.read);
      if (query.from && query.to && query.to < query.from) {
        throw errors.validation({ to: message('errors:time.rangeBackwards') });
      }
      return sheet(
        db,
        {
          accountId: query.accountId,
          ticketId: query.ticketId,
          statuses: query.status ? [query.status] : undefined,
          from: query.from,
          to: query.to,
        },
        query.cursor,
        query.limit,
      );
    },

    async ticketTime(
      actor: StaffActor,
      ticketId: number,
      query: { cursor?: string | undefined; limit: number },
    ): Promise<TimeEntryPage> {
      const { db } = database.forActor(actor);
      await requireAccess(db, { ...timePolicies.log, staff: timePolicies.read.staff }, [ticketId]);
      return sheet(db, { ticketId }, query.cursor, query.limit);
    },

    async get(actor: StaffActor, entryId: number): Promise<TimeEntryResponse> {
      const { db } = database.forActor(actor);
      await requireAccess(db, timePolicies.read, [entryId]);
      return presentEntry(await loadEntry(db, entryId));
    },

    /** The approved time on a ticket, for its client (none when the provider does not show time). */
    async portalTicketTime(actor: ContactActor, ticketId: number): Promise<PortalTicketTime> {
      const { db } = database.forActor(actor);
      await requireAccess(db, timePolicies.portal, [ticketId]);
      const org = await settings.current(db);
      if (!org?.portalShowTimeLogged) {
        return { shown: false, items: [], totals: { actualMinutes: 0, billedMinutes: 0 } };
      }
      // The access layer keeps a contact to approved and invoiced entries of their own client.
      const filter = { ticketId, statuses: ['approved', 'invoiced'] };
      const rows = await repo.listEntries(db, filter, null, 500);
      const totals = await repo.totals(db, filter);
      return {
        shown: true,
        items: rows.map(presentPortalEntry),
        totals: { actualMinutes: totals.actual, billedMinutes: totals.billed },
      };
    },

    // ---- Logging ----
    async create(actor: StaffActor, input: EntryCreate): Promise<TimeEntryResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, timePolicies.log, [input.ticketId]);
      const at = clock();
      return transaction(async (trx) => {
        const org = await orgTerms(trx);
        const terms = await ticketTerms(trx, input.ticketId);
        const workType = await workTypeFor(trx, input.workTypeId);
        const billable = input.billable ?? (workType ? workType.billable === 1 : true);
        // The day and the times as the person typed them, in their zone (the organisation's if not sent).
        const zone = input.timeZone ?? org.timeZone;
        const entryDate = input.entryDate ?? dayIn(at, zone);
        let minutes = input.minutes ?? 0;
        let startedAt: string | null = null;
        if (input.startTime !== undefined && input.endTime !== undefined) {
          // Each wall time with the offset in force at that moment, not midnight's: on a daylight-saving
          // change day they differ by an hour, and the span is the time that really passed.
          const start = zonedInstant(entryDate, input.startTime, zone);
          const end = zonedInstant(entryDate, input.endTime, zone);
          minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
          if (minutes <= 0) {
            // Possible only when the start falls in a spring-forward gap and is read as after it.
            throw errors.validation({ endTime: message('errors:validation.endTimeAfterStart') });
          }
          startedAt = start.toISOString();
        }
        const entryId = await repo.insertEntry(
          trx,
          {
            ticket_id: terms.id,
            client_id: terms.client_id,
            contract_id: terms.contract_id,
            account_id: actor.accountId,
            work_type_id: workType?.id ?? null,
            entry_date: entryDate,
            started_at: startedAt,
            billable: billable ? 1 : 0,
            note: input.note,
            status: 'draft',
            reverses_id: null,
            ...price(terms, workType, minutes, billable, org.defaultRate),
          },
          at.toISOString(),
        );
        await afterTicketTime(trx, terms.id, actor);
        return presentEntry(await loadEntry(trx, entryId));
      });
    },

    async update(actor: StaffActor, entryId: number, patch: EntryPatch): Promise<TimeEntryResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, timePolicies.logEntry, [entryId]);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const row = await loadEntry(trx, entryId);
        refuseLocked(row, ['draft']);
        mayTouch(actor, row);
        const org = await orgTerms(trx);
        const terms = await ticketTerms(trx, row.ticket_id);
        const workTypeId = patch.workTypeId !== undefined ? patch.workTypeId : row.work_type_id;
        const workType = await workTypeFor(trx, workTypeId, row.work_type_id);
        const billable = patch.billable ?? row.billable === 1;
        const minutes = patch.minutes ?? row.actual_minutes;
        const values: Partial<EntryValues> = {
          entry_date: patch.entryDate ?? row.entry_date,
          note: patch.note ?? row.note,
          work_type_id: workType?.id ?? null,
          billable: billable ? 1 : 0,
          // A draft is re-priced on every change: the ticket's contract and the rates as they are now.
          contract_id: terms.contract_id,
          ...price(terms, workType, minutes, billable, org.defaultRate),
        };
        await repo.updateEntry(trx, entryId, values, at);
        await afterTicketTime(trx, row.ticket_id, actor);
        return presentEntry(await loadEntry(trx, entryId));
      });
    },

    async remove(actor: StaffActor, entryId: number): Promise<void> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, timePolicies.logEntry, [entryId]);
      await transaction(async (trx) => {
        const row = await loadEntry(trx, entryId);
        refuseLocked(row, ['draft']);
        mayTouch(actor, row);
        await repo.deleteEntry(trx, entryId);
        await afterTicketTime(trx, row.ticket_id, actor);
      });
    },

    /** draft -> submitted (`submit`), or submitted -> draft (`return`). */
    async move(actor: StaffActor, entryId: number, to: 'submitted' | 'draft'): Promise<TimeEntryResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, timePolicies.logEntry, [entryId]);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const row = await loadEntry(trx, entryId);
        const from = to === 'submitted' ? 'draft' : 'submitted';
        refuseLocked(row, [from]);
        mayTouch(actor, row);
        const moved = await repo.moveAll(
          trx,
          [entryId],
          from,
          { status: to, submitted_at: to === 'submitted' ? at : null },
          at,
        );
        if (moved !== 1) throw errors.conflict('changed_meanwhile', message('errors:time.changedMeanwhile'));
        return presentEntry(await loadEntry(trx, entryId));
      });
    },

    /**
     * Approve submitted entries, all or none, in one transaction: each must still be submitted and
     * unchanged since the approver saw it (`updatedAt`), else nothing is approved (409 changed_meanwhile).
     * Each approval publishes `time-entry.approved` in the same transaction, and the approval as a whole
     * `time-entries.approved` (once, with the contracts it draws on).
     */
    async approve(
      actor: StaffActor,
      input: ApproveInput,
      meta: RequestMeta,
    ): Promise<{ approved: number[] }> {
      const { db, transaction } = database.forActor(actor);
      const ids = [...new Set(input.entries.map((e) => e.id))];
      await requireAccess(db, timePolicies.approve, ids);
      const at = clock().toISOString();
      return transaction(async (trx) => {
        const rows = await repo.findEntries(trx, ids);
        const seen = new Map(input.entries.map((e) => [e.id, e.updatedAt]));
        for (const row of rows) {
          if (row.status === 'approved' || row.status === 'invoiced' || row.status !== 'submitted') {
            if (row.status === 'draft') {
              throw errors.conflict(
                'time_entry_status_not_allowed',
                message('errors:time.approveSubmittedOnly'),
              );
            }
            throw errors.conflict('changed_meanwhile', message('errors:time.changedMeanwhile'));
          }
          if (Date.parse(row.updated_at) !== Date.parse(seen.get(row.id) ?? '')) {
            throw errors.conflict('changed_meanwhile', message('errors:time.changedMeanwhile'));
          }
        }
        const moved = await repo.moveAll(
          trx,
          ids,
          'submitted',
          { status: 'approved', approved_at: at, approved_by: actor.accountId },
          at,
        );
        // Another approver or a return got there between the read and the write: undo all of it.
        if (moved !== ids.length) {
          throw errors.conflict('changed_meanwhile', message('errors:time.changedMeanwhile'));
        }
        for (const row of rows) {
          await domainEvents.publish(trx, 'time-entry.approved', {
            entryId: row.id,
            ticketId: row.ticket_id,
            clientId: row.client_id,
            contractId: row.contract_id,
            accountId: row.account_id,
            entryDate: row.entry_date,
            actualMinutes: row.actual_minutes,
            billedMinutes: row.billed_minutes,
            billable: row.billable === 1,
            approvedByAccountId: actor.accountId,
            at,
          });
        }
        await domainEvents.publish(trx, 'time-entries.approved', {
          entryIds: ids,
          contractIds: [
            ...new Set(
              rows.flatMap((row) =>
                row.billable === 1 && row.contract_id !== null ? [row.contract_id] : [],
              ),
            ),
          ],
          approvedByAccountId: actor.accountId,
          at,
        });
        await audit.record(trx, {
          actor,
          action: 'time.entries_approved',
          target: { type: 'time_entry', id: ids[0] ?? 0 },
          details: { entryIds: ids },
          meta,
        });
        return { approved: ids };
      });
    },

    /**
     * Correct an approved (or invoiced) entry: a reversing entry (negative minutes and amount, approved
     * at once, dated today) and, optionally, the corrected work as a new draft. Once per entry: the
     * unique reverses_id key refuses a second reversal even from a concurrent request.
     */
    async reverse(
      actor: StaffActor,
      entryId: number,
      input: ReverseInput,
      meta: RequestMeta,
    ): Promise<{ reversal: TimeEntryResponse; corrected: TimeEntryResponse | null }> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, timePolicies.approve, [entryId]);
      const now = clock();
      const at = now.toISOString();
      try {
        return await transaction(async (trx) => {
          const row = await loadEntry(trx, entryId);
          if ((row.status !== 'approved' && row.status !== 'invoiced') || row.reverses_id !== null) {
            throw errors.conflict(
              'time_entry_status_not_allowed',
              message('errors:time.reverseApprovedOnly'),
            );
          }
          if (row.reversed_by_id !== null) {
            throw errors.conflict('time_entry_already_reversed', message('errors:time.alreadyReversed'));
          }
          const org = await orgTerms(trx);
          const reversalId = await repo.insertEntry(
            trx,
            {
              ticket_id: row.ticket_id,
              client_id: row.client_id,
              contract_id: row.contract_id,
              account_id: row.account_id,
              work_type_id: row.work_type_id,
              entry_date: dayIn(now, org.timeZone),
              started_at: null,
              actual_minutes: -row.actual_minutes,
              billed_minutes: -row.billed_minutes,
              billable: row.billable,
              rate_minor: row.rate_minor,
              currency: row.currency,
              amount_minor: row.amount_minor === null ? null : -row.amount_minor,
              rate_source: row.rate_source,
              note: input.note,
              status: 'approved',
              reverses_id: row.id,
            },
            at,
            { approved_at: at, approved_by: actor.accountId },
          );
          await domainEvents.publish(trx, 'time-entry.reversed', {
            entryId: reversalId,
            reversesId: row.id,
            ticketId: row.ticket_id,
            clientId: row.client_id,
            contractId: row.contract_id,
            accountId: row.account_id,
            entryDate: dayIn(now, org.timeZone),
            actualMinutes: -row.actual_minutes,
            billedMinutes: -row.billed_minutes,
            billable: row.billable === 1,
            approvedByAccountId: actor.accountId,
            at,
          });
          let correctedId: number | null = null;
          if (input.corrected) {
            const terms = await ticketTerms(trx, row.ticket_id);
            const workType = await workTypeFor(trx, row.work_type_id, row.work_type_id);
            const billable = input.corrected.billable ?? row.billable === 1;
            correctedId = await repo.insertEntry(
              trx,
              {
                ticket_id: row.ticket_id,
                client_id: row.client_id,
                contract_id: terms.contract_id,
                account_id: row.account_id,
                work_type_id: row.work_type_id,
                entry_date: row.entry_date,
                started_at: row.started_at,
                billable: billable ? 1 : 0,
                note: input.corrected.note ?? row.note,
                status: 'draft',
                reverses_id: null,
                ...price(terms, workType, input.corrected.minutes, billable, org.defaultRate),
              },
              at,
            );
          }
          await audit.record(trx, {
            actor,
            action: 'time.entry_reversed',
            clientId: row.client_id,
            target: { type: 'time_entry', id: row.id },
            details: { reversalId, correctedId },
            meta,
          });
          return {
            reversal: presentEntry(await loadEntry(trx, reversalId)),
            corrected: correctedId === null ? null : presentEntry(await loadEntry(trx, correctedId)),
          };
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw errors.conflict('time_entry_already_reversed', message('errors:time.alreadyReversed'));
        }
        throw error;
      }
    },

    // ---- Timer ----
    async timer(actor: StaffActor): Promise<TimerResponse> {
      const { db } = database.forActor(actor);
      await requireAccess(db, timePolicies.log);
      const row = await repo.timerOf(db, actor.accountId);
      return {
        timer: row
          ? {
              ticketId: row.ticket_id,
              ticketSubject: row.ticket_subject,
              workTypeId: row.work_type_id,
              note: row.note,
              startedAt: new Date(row.started_at).toISOString(),
            }
          : null,
      };
    },

    /**
     * Start a timer on a ticket. One per person: with another running, the start is refused (409
     * timer_running) unless `replace`, which stops the running one (a draft entry) first. A closed
     * ticket takes no timer (manual entries after the fact are still allowed).
     */
    async startTimer(
      actor: StaffActor,
      input: StartInput,
    ): Promise<{ timer: TimerResponse['timer']; stopped: TimeEntryResponse | null }> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, timePolicies.log, [input.ticketId]);
      const now = clock();
      try {
        return await transaction(async (trx) => {
          const terms = await ticketTerms(trx, input.ticketId);
          if (terms.status === 'closed') {
            throw errors.conflict('time_ticket_closed', message('errors:time.ticketClosed'));
          }
          await workTypeFor(trx, input.workTypeId);
          let stopped: TimeEntryResponse | null = null;
          const running = await repo.timerOf(trx, actor.accountId);
          if (running) {
            if (!input.replace) {
              throw errors.conflict('timer_running', message('errors:time.timerRunning'));
            }
            const made = await stopTimer(trx, actor, {});
            if (made) stopped = presentEntry(await loadEntry(trx, made.entryId));
          }
          const startedAt = now.toISOString();
          await repo.insertTimer(trx, {
            account_id: actor.accountId,
            ticket_id: terms.id,
            client_id: terms.client_id,
            work_type_id: input.workTypeId,
            note: input.note,
            started_at: startedAt,
          });
          return {
            timer: {
              ticketId: terms.id,
              ticketSubject: terms.subject,
              workTypeId: input.workTypeId,
              note: input.note,
              startedAt,
            },
            stopped,
          };
        });
      } catch (error) {
        // Two starts at once: the unique key on the person lets one through.
        if (isUniqueViolation(error)) {
          throw errors.conflict('timer_running', message('errors:time.timerRunning'));
        }
        throw error;
      }
    },

    /** Stop the person's timer: its minutes (whole, started minutes count) become a draft entry. */
    async stopTimer(actor: StaffActor, input: StopInput): Promise<{ entry: TimeEntryResponse }> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, timePolicies.log);
      return transaction(async (trx) => {
        const made = await stopTimer(trx, actor, input);
        if (!made) throw errors.conflict('timer_not_running', message('errors:time.noTimer'));
        return { entry: presentEntry(await loadEntry(trx, made.entryId)) };
      });
    },

    /** Throw the running timer away without logging anything. */
    async discardTimer(actor: StaffActor): Promise<void> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, timePolicies.log);
      await transaction(async (trx) => {
        const timer = await repo.timerOf(trx, actor.accountId);
        if (!timer) throw errors.conflict('timer_not_running', message('errors:time.noTimer'));
        await repo.deleteTimer(trx, timer.id);
      });
    },
  };
}
