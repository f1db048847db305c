import type { z } from 'zod';
import { resolveRate } from '../../../shared/hours/index.ts';
import { message } from '../../../shared/i18n/i18n.ts';
import {
  type askBody,
  type decisionBody,
  OVERAGE_STEP_MINUTES,
  type OverageRequest,
  type OverageState,
  type OverageStatus,
  type OverageTrigger,
} from '../../../shared/schemas/overage.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Actor, Clock, ContactActor, StaffActor } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import { type Database, type DbOrTrx, isUniqueViolation } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import type { PorticoDomainEvents } from '../domain-events.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { TicketsAccess } from '../tickets/contracts.ts';
import type { BankBalance } from './overage.bank-balance.ts';
import {
  type OverageRequestWithNames,
  overageRepository as repo,
  type TicketTerms,
} from './overage.repository.ts';

type AskInput = z.output<typeof askBody>;
type DecisionInput = z.output<typeof decisionBody>;

/*
 * Consent before overage (issue 14, point 8). A technician sets an estimate on a ticket; when the work
 * the ticket still needs would go past what is left in its contract's hour bank, the ticket asks its
 * client "approve up to N extra hours at R per hour?". Contacts with overage:approve answer once; staff
 * see the answer on the ticket before working on.
 *
 * The need: max(estimate - approved billable time, billable time not yet approved). The extra: the need
 * beyond the bank's remaining minutes, rounded up to a quarter hour, less what approved requests on the
 * ticket already allow. A ticket has at most one pending request (a partial unique index); a new need
 * replaces it (the old one withdrawn, the new one asked, in one transaction), and a need that went away
 * withdraws it, unless staff asked by hand.
 */

const HISTORY_LIMIT = 50;

export const overagePolicies = {
  /** Setting the estimate, asking by hand: staff who may work on tickets. */
  manage: {
    what: message('errors:notFound.ticket'),
    table: 'tickets',
    staff: { permission: 'tickets:manage', denied: message('errors:denied.ticketsChange') },
  },
} as const satisfies Record<string, AccessPolicy>;

/** Who may answer a request: a contact holding overage:approve (and seeing the ticket). */
export function mayApprove(actor: Actor): actor is ContactActor {
  return (
    actor.kind === 'contact' && actor.previewBy === undefined && actor.permissions.has('overage:approve')
  );
}

function present(row: OverageRequestWithNames): OverageRequest {
  return {
    id: row.id,
    status: row.status as OverageStatus,
    trigger: row.trigger as OverageTrigger,
    extraMinutes: row.extra_minutes,
    rateMinor: row.rate_minor,
    currency: row.currency,
    requestedAt: row.requested_at,
    requestedByName: row.requested_by_name,
    decidedAt: row.decided_at,
    decidedByName: row.decided_by_name,
    comment: row.comment,
    withdrawnAt: row.withdrawn_at,
  };
}

/** The hourly rate of extra time: the contract's overage rate, else its rate chain; null: none set. */
export function overageRate(terms: TicketTerms): { rateMinor: number | null; currency: string | null } {
  const currency = terms.currency;
  if (currency === null) return { rateMinor: null, currency: null };
  if (terms.overage_rate_minor !== null) return { rateMinor: terms.overage_rate_minor, currency };
  // Work types and the organisation's default rate join this chain when the time module brings them.
  if (terms.rate_minor === null) return { rateMinor: null, currency };
  const { rate } = resolveRate({ contract: { minorUnitsPerHour: terms.rate_minor, currency } }, currency);
  return { rateMinor: rate.minorUnitsPerHour, currency };
}

/** The extra minutes to ask for (0: none), in quarter hours; see the rules at the top. */
export function extraMinutes(input: {
  estimateMinutes: number | null;
  approvedMinutes: number;
  pendingMinutes: number;
  remainingMinutes: number;
  approvedExtraMinutes: number;
}): number {
  const needed = Math.max((input.estimateMinutes ?? 0) - input.approvedMinutes, input.pendingMinutes);
  const beyond = needed - Math.max(0, input.remainingMinutes);
  if (beyond <= 0) return 0;
  const rounded = Math.ceil(beyond / OVERAGE_STEP_MINUTES) * OVERAGE_STEP_MINUTES;
  return Math.max(0, rounded - input.approvedExtraMinutes);
}

const banked = (t: TicketTerms | undefined): t is TicketTerms & { contract_id: number } =>
  t !== undefined && t.contract_id !== null && t.bank_kind !== null && t.bank_kind !== 'none';

export type OverageService = ReturnType<typeof createOverageService>;

export function createOverageService(deps: {
  database: Database;
  clock: Clock;
  audit: Audit;
  domainEvents: PorticoDomainEvents;
  settings: Pick<SettingsService, 'current'>;
  tickets: Pick<TicketsAccess, 'visibleTicket' | 'addSystemLine' | 'publishAfterCommit'>;
  /** The hour bank's balance (the hours module's balanceFor; see overage.bank-balance.ts). */
  bankBalance: BankBalance;
}) {
  const { database, clock, audit, domainEvents, settings, tickets, bankBalance } = deps;

  /** Today in the organisation's time zone: the day the bank is read on. */
  async function today(db: DbOrTrx): Promise<string> {
    const zone = (await settings.current(db))?.timeZone ?? 'UTC';
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(clock());
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  }

  /** Withdraws the pending request (if any) and asks for `extra` minutes instead, in `trx`. */
  async function replacePending(
    trx: DbOrTrx,
    terms: TicketTerms & { contract_id: number },
    input: { extra: number; trigger: OverageTrigger; actor: Actor | 'system' },
    meta?: RequestMeta,
  ): Promise<number> {
    const at = clock().toISOString();
    const pending = await repo.pending(trx, terms.id);
    if (pending) await repo.withdraw(trx, pending.id, at);
    const { rateMinor, currency } = overageRate(terms);
    const requestId = await repo.insert(trx, {
      ticket_id: terms.id,
      contract_id: terms.contract_id,
      extra_minutes: input.extra,
      rate_minor: rateMinor,
      currency,
      trigger: input.trigger,
      status: 'pending',
      requested_by_account_id:
        input.actor !== 'system' && input.actor.kind === 'staff' ? input.actor.accountId : null,
      requested_at: at,
      decided_by_contact_id: null,
      decided_by_name: null,
      decided_at: null,
      decided_ip: null,
      comment: null,
      withdrawn_at: null,
    });
    await audit.record(trx, {
      actor: input.actor,
      action: 'ticket.overage_requested',
      clientId: terms.client_id,
      target: { type: 'ticket', id: terms.id },
      details: {
        requestId,
        extraMinutes: input.extra,
        trigger: input.trigger,
        rateMinor,
        currency,
        replaced: pending?.id ?? null,
      },
      ...(meta ? { meta } : {}),
    });
    await domainEvents.publish(trx, 'overage.requested', {
      requestId,
      ticketId: terms.id,
      clientId: terms.client_id,
      extraMinutes: input.extra,
      trigger: input.trigger,
      at,
    });
    return requestId;
  }

  /**
   * The check, in the caller's transaction: asks (or re-asks) the client when the ticket's need goes
   * past its bank, withdraws a pending request the need no longer calls for. Returns the pending
   * request's id after the check, or null when nothing is pending. Run by this module when the estimate
   * changes, and by the time module after an entry is created or submitted.
   */
  async function check(
    trx: DbOrTrx,
    ticketId: number,
    how: { trigger: 'estimate' | 'time'; actor: Actor | 'system' },
    meta?: RequestMeta,
  ): Promise<number | null> {
    const terms = await repo.terms(trx, ticketId);
    if (!banked(terms)) return null;
    const balance = await bankBalance(trx, terms.contract_id, await today(trx));
    if (balance === null) return null;
    const [estimateMinutes, billed, approvedExtraMinutes, pending] = await Promise.all([
      repo.estimate(trx, ticketId),
      repo.billed(trx, ticketId),
      repo.approvedExtra(trx, ticketId),
      repo.pending(trx, ticketId),
    ]);
    const extra = extraMinutes({
      estimateMinutes,
      approvedMinutes: billed.approved,
      pendingMinutes: billed.pending,
      remainingMinutes: balance.remainingMinutes,
      approvedExtraMinutes,
    });
    if (extra === 0) {
      // A need that went away (a lower estimate) withdraws what it asked; what staff asked by hand stays.
      if (pending && pending.trigger !== 'manual') {
        await repo.withdraw(trx, pending.id, clock().toISOString());
        return null;
      }
      return pending?.id ?? null;
    }
    if (pending && pending.extra_minutes === extra) return pending.id;
    return replacePending(trx, terms, { extra, trigger: how.trigger, actor: how.actor }, meta);
  }

  async function stateFor(db: DbOrTrx, actor: Actor, ticketId: number): Promise<OverageState> {
    await tickets.visibleTicket(db, actor, ticketId);
    const terms = await repo.terms(db, ticketId);
    const rows = await repo.history(db, ticketId, HISTORY_LIMIT);
    const current = rows.find((r) => r.status === 'pending') ?? rows.find((r) => r.status !== 'withdrawn');
    const isStaff = actor.kind === 'staff';
    const isBanked = banked(terms);
    const balance = isStaff && isBanked ? await bankBalance(db, terms.contract_id, await today(db)) : null;
    return {
      banked: isBanked,
      estimateMinutes: isStaff ? await repo.estimate(db, ticketId) : null,
      balance,
      current: current ? present(current) : null,
      history: isStaff ? rows.map(present) : [],
      canDecide: mayApprove(actor) && current?.status === 'pending',
    };
  }

  async function changedEstimate(
    actor: StaffActor,
    ticketId: number,
    minutes: number | null,
    meta: RequestMeta,
  ): Promise<OverageState> {
    const { db, transaction } = database.forActor(actor);
    const [ticket] = await requireAccess(db, overagePolicies.manage, [ticketId]);
    await transaction(async (trx) => {
      const terms = await repo.terms(trx, ticketId);
      if (!terms) throw errors.notFound(message('errors:notFound.ticket'));
      const before = await repo.estimate(trx, ticketId);
      if (before === minutes) return;
      if (minutes === null) await repo.clearEstimate(trx, ticketId);
      else {
        await repo.setEstimate(trx, {
          ticket_id: ticketId,
          minutes,
          set_by_account_id: actor.accountId,
          updated_at: clock().toISOString(),
        });
      }
      await audit.record(trx, {
        actor,
        action: 'ticket.estimate_changed',
        clientId: terms.client_id,
        target: { type: 'ticket', id: ticket?.id ?? ticketId },
        details: { from: before, to: minutes },
        meta,
      });
      await check(trx, ticketId, { trigger: 'estimate', actor }, meta);
    });
    return stateFor(db, actor, ticketId);
  }

  return {
    check,

    /** The ticket's estimate and requests as `actor` may see them (contacts: the current request only). */
    state(actor: Actor, ticketId: number): Promise<OverageState> {
      const { db } = database.forActor(actor);
      return stateFor(db, actor, ticketId);
    },

    setEstimate(actor: StaffActor, ticketId: number, minutes: number, meta: RequestMeta) {
      return changedEstimate(actor, ticketId, minutes, meta);
    },

    clearEstimate(actor: StaffActor, ticketId: number, meta: RequestMeta) {
      return changedEstimate(actor, ticketId, null, meta);
    },

    /** "Ask the client now": staff ask for a number of extra hours, replacing any pending request. */
    async ask(
      actor: StaffActor,
      ticketId: number,
      input: AskInput,
      meta: RequestMeta,
    ): Promise<OverageState> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, overagePolicies.manage, [ticketId]);
      try {
        await transaction(async (trx) => {
          const terms = await repo.terms(trx, ticketId);
          if (!banked(terms)) throw errors.conflict('overage_no_bank', message('errors:overage.noBank'));
          await replacePending(
            trx,
            terms,
            { extra: Math.round(input.hours * 60), trigger: 'manual', actor },
            meta,
          );
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw errors.conflict('changed_meanwhile', message('errors:overage.changedMeanwhile'));
        }
        throw error;
      }
      return stateFor(db, actor, ticketId);
    },

    /** A contact allowed to approves or refuses the pending request, once; who, when and from where is kept. */
    async decide(
      actor: ContactActor,
      ticketId: number,
      requestId: number,
      input: DecisionInput,
      meta: RequestMeta,
    ): Promise<OverageState> {
      const { db, transaction } = database.forActor(actor);
      await transaction(async (trx) => {
        // Another client's ticket, or one this contact may not see: the ticket's 404, before anything else.
        const ticket = await tickets.visibleTicket(trx, actor, ticketId);
        if (!mayApprove(actor)) throw errors.forbidden(message('errors:denied.overageApprove'));
        const request = await repo.find(trx, requestId);
        if (!request || request.ticket_id !== ticket.id) {
          throw errors.notFound(message('errors:notFound.overageRequest'));
        }
        if (request.status !== 'pending') {
          throw errors.conflict('overage_not_pending', message('errors:overage.notPending'));
        }
        if (input.decision === 'refuse' && input.comment === null) {
          throw errors.validation({ comment: message('errors:overage.refusalComment') });
        }
        const at = clock().toISOString();
        const status = input.decision === 'approve' ? 'approved' : 'refused';
        const done = await repo.decide(trx, request.id, {
          status,
          decided_by_contact_id: actor.contactId,
          decided_by_name: actor.name,
          decided_at: at,
          decided_ip: meta.ip,
          comment: input.comment,
        });
        if (!done) throw errors.conflict('overage_not_pending', message('errors:overage.notPending'));
        await audit.record(trx, {
          actor,
          action: 'ticket.overage_decided',
          clientId: ticket.clientId,
          target: { type: 'ticket', id: ticket.id },
          details: {
            requestId: request.id,
            decision: status,
            extraMinutes: request.extra_minutes,
            commented: input.comment !== null,
          },
          meta,
        });
        await tickets.addSystemLine(trx, {
          ticketId: ticket.id,
          text: message(
            status === 'approved' ? 'common:overage.line.approved' : 'common:overage.line.refused',
            {
              name: actor.name,
              hours: request.extra_minutes / 60,
              hasComment: input.comment === null ? 'no' : 'yes',
              comment: input.comment ?? '',
            },
          ),
          by: { accountId: actor.accountId, contactId: actor.contactId, name: actor.name },
          source: 'portal',
          at,
        });
        await domainEvents.publish(trx, 'overage.decided', {
          requestId: request.id,
          ticketId: ticket.id,
          clientId: ticket.clientId,
          decision: status,
          contactId: actor.contactId,
          at,
        });
      });
      await tickets.publishAfterCommit([{ type: 'ticket.message', ticketId }], db);
      return stateFor(db, actor, ticketId);
    },
  };
}
