import { type BusinessCalendar, parseStoredCalendar } from '../../../shared/schemas/sla.ts';
import type {
  SlaClockView,
  SlaHistoryEntry,
  SlaSummary,
  SlaSummaryState,
  TicketSla,
  TicketStatus,
} from '../../../shared/schemas/tickets.ts';
import {
  AT_RISK_SHARE,
  businessTimeBetween,
  type SlaClock,
  type StatusChange,
  slaClock,
} from '../../../shared/sla-time.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { SlaRecordState } from '../../platform/db/schema.ts';
import { type TicketListRow, type TicketRow, ticketsRepository } from './tickets.repository.ts';

/**
 * SLA figures of a ticket: computed from its status history with the pure arithmetic of
 * src/shared/sla-time.ts, and recorded on the ticket row on every change (and by the SLA sweep) so
 * lists, queues and the sweep can filter and sort by indexed columns.
 *
 * Response clock: from creation to the first public staff reply. Resolution clock: from creation to
 * resolution (or closing). Both pause in the policy's pausing statuses and, so that a ticket finished
 * without a reply never turns breached afterwards, while resolved or closed (a clock that was already
 * over its target when it paused stays breached).
 */

export interface TicketPolicy {
  name: string;
  /** The calendar's name: the contract's coverage hours, else the policy's own calendar. */
  calendarName?: string;
  calendar: BusinessCalendar;
  pausingStatuses: readonly string[];
}

const FINISHED = ['resolved', 'closed'];

/** The policy joined onto a ticket row (see ticketsWithNames), or null when none applies. */
export function policyOfRow(row: TicketListRow): TicketPolicy | null {
  if (
    row.sla_policy_id === null ||
    row.policy_name === null ||
    row.calendar_id === null ||
    row.calendar_definition === null ||
    row.calendar_updated_at === null
  ) {
    return null;
  }
  return {
    name: row.policy_name,
    calendarName: row.calendar_name ?? '',
    calendar: parseStoredCalendar(row.calendar_definition),
    pausingStatuses: row.pausing_statuses ? (JSON.parse(row.pausing_statuses) as string[]) : [],
  };
}

export interface Clocks {
  response: SlaClock | null;
  resolution: SlaClock | null;
}

type SlaFields = Pick<
  TicketRow,
  | 'created_at'
  | 'response_target_ms'
  | 'resolution_target_ms'
  | 'first_response_at'
  | 'resolved_at'
  | 'closed_at'
>;

export function computeClocks(
  policy: TicketPolicy | null,
  ticket: SlaFields,
  history: readonly StatusChange[],
  now: string,
): Clocks {
  if (!policy) return { response: null, resolution: null };
  const pausing = [...new Set([...policy.pausingStatuses, ...FINISHED])];
  const clock = (targetMs: number | null, stoppedAt: string | null) =>
    targetMs === null
      ? null
      : slaClock(policy.calendar, {
          startedAt: ticket.created_at,
          targetMs: Number(targetMs),
          history,
          pausingStatuses: pausing,
          now,
          stoppedAt,
        });
  return {
    response: clock(ticket.response_target_ms, ticket.first_response_at),
    resolution: clock(ticket.resolution_target_ms, ticket.resolved_at ?? ticket.closed_at),
  };
}

/** The columns that record the clocks (what the sweep and the queues read). */
export function recordedFields(clocks: Clocks): {
  response_due_at: string | null;
  resolution_due_at: string | null;
  sla_paused_ms: number;
  response_sla: SlaRecordState;
  resolution_sla: SlaRecordState;
} {
  return {
    response_due_at: clocks.response?.dueAt ?? null,
    resolution_due_at: clocks.resolution?.dueAt ?? null,
    sla_paused_ms: clocks.resolution?.pausedMs ?? clocks.response?.pausedMs ?? 0,
    response_sla: clocks.response?.state ?? 'none',
    resolution_sla: clocks.resolution?.state ?? 'none',
  };
}

/**
 * Recomputes and records a ticket's SLA figures in the caller's transaction (two queries and an
 * update). Returns the recorded states, so callers can tell whether anything changed.
 */
export async function recordSla(
  db: DbOrTrx,
  ticketId: number,
  now: string,
): Promise<{ response_sla: SlaRecordState; resolution_sla: SlaRecordState; changed: boolean } | null> {
  const row = await ticketsRepository.findForSla(db, ticketId);
  if (!row) return null;
  const history = await ticketsRepository.statusHistory(db, ticketId);
  const fields = recordedFields(computeClocks(policyOfRow(row), row, history, now));
  const changed =
    fields.response_sla !== row.response_sla ||
    fields.resolution_sla !== row.resolution_sla ||
    fields.response_due_at !== row.response_due_at ||
    fields.resolution_due_at !== row.resolution_due_at ||
    fields.sla_paused_ms !== Number(row.sla_paused_ms);
  if (changed) await ticketsRepository.updateSla(db, ticketId, fields);
  return { response_sla: fields.response_sla, resolution_sla: fields.resolution_sla, changed };
}

function clockView(c: SlaClock, targetMs: number): SlaClockView {
  return {
    state: c.state,
    targetMs,
    elapsedMs: Math.round(c.elapsedMs),
    remainingMs: Math.round(c.remainingMs),
    overdueMs: Math.round(c.overdueMs),
    pausedMs: Math.round(c.pausedMs),
    dueAt: c.dueAt,
    atRisk: c.atRisk,
    stoppedAt: c.stoppedAt,
    pausedSince: c.pausedSince,
  };
}

/** The detail page's SLA: both clocks computed live at `now`. */
export function ticketSlaView(
  policy: TicketPolicy | null,
  ticket: SlaFields,
  history: readonly StatusChange[],
  now: string,
): { sla: TicketSla | null; clocks: Clocks } {
  const clocks = computeClocks(policy, ticket, history, now);
  if (!policy || !clocks.response || !clocks.resolution) return { sla: null, clocks };
  return {
    sla: {
      policyName: policy.name,
      calendarName: policy.calendarName ?? '',
      calendar: policy.calendar,
      asOf: now,
      response: clockView(clocks.response, Number(ticket.response_target_ms)),
      resolution: clockView(clocks.resolution, Number(ticket.resolution_target_ms)),
    },
    clocks,
  };
}

/**
 * A ticket's SLA history as its page shows it, oldest first: each status change that paused the clocks
 * (into a pausing status) or started them again (out of a pausing or finished status), with who made it;
 * and when each clock was met (the first public reply, the resolution) or breached (its deadline passing,
 * once it has passed). Everything here is already on the page a contact may see: statuses, public
 * replies, and names of the people who made them. No query of its own.
 */
export function slaHistory(
  policy: TicketPolicy | null,
  clocks: Clocks,
  history: readonly { status: string; at: string; by: string | null }[],
  names: { firstResponder: string | null },
  now: string,
): SlaHistoryEntry[] {
  if (!policy || !clocks.response || !clocks.resolution) return [];
  const out: SlaHistoryEntry[] = [];
  const pausing = new Set(policy.pausingStatuses);
  let was: 'running' | 'paused' | 'finished' = 'running';
  for (const change of history) {
    const status = change.status as TicketStatus;
    const next = FINISHED.includes(status) ? 'finished' : pausing.has(status) ? 'paused' : 'running';
    if (next === 'paused' && was !== 'paused') {
      out.push({ kind: 'paused', at: change.at, status, by: change.by });
    } else if (next === 'running' && was !== 'running') {
      out.push({ kind: 'resumed', at: change.at, status, by: change.by });
    }
    was = next;
  }
  const stoppedAt = clocks.resolution.stoppedAt;
  const resolver = history.find((c) => c.at === stoppedAt && FINISHED.includes(c.status));
  const clockEntries = [
    ['response', clocks.response, names.firstResponder],
    ['resolution', clocks.resolution, resolver?.by ?? null],
  ] as const;
  for (const [name, c, by] of clockEntries) {
    if (c.state === 'met' && c.stoppedAt) {
      out.push({ kind: `${name}-met`, at: c.stoppedAt, status: null, by });
    } else if (c.state === 'breached' && c.dueAt && c.dueAt <= now) {
      out.push({ kind: `${name}-breached`, at: c.dueAt, status: null, by: null });
    }
  }
  // Stable: at the same instant, a status change comes before the clock it stopped.
  return out
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.i - b.i))
    .map((x) => x.entry);
}

const rank: Record<SlaSummaryState, number> = {
  breached: 5,
  'at-risk': 4,
  running: 3,
  paused: 2,
  met: 1,
  none: 0,
};

function pick(candidates: SlaSummary[]): SlaSummary {
  let best: SlaSummary = { state: 'none', clock: null, dueAt: null };
  for (const c of candidates) {
    if (
      rank[c.state] > rank[best.state] ||
      (rank[c.state] === rank[best.state] &&
        c.dueAt !== null &&
        (best.dueAt === null || c.dueAt < best.dueAt))
    ) {
      best = c;
    }
  }
  return best;
}

/** The summary from live clocks (detail). */
export function summaryOfClocks(clocks: Clocks): SlaSummary {
  const out: SlaSummary[] = [];
  for (const clock of ['response', 'resolution'] as const) {
    const c = clocks[clock];
    if (!c) continue;
    const state: SlaSummaryState = c.state === 'running' && c.atRisk ? 'at-risk' : c.state;
    out.push({ state, clock, dueAt: c.dueAt });
  }
  return pick(out);
}

/**
 * The summary of a list row from its recorded figures and the calendar alone (no query per row): a
 * running clock past its due instant is breached (the sweep may not have recorded it yet); one with
 * under 25 % of its target left in business time is at risk.
 */
export function summaryOfRecord(
  row: Pick<
    TicketRow,
    | 'response_sla'
    | 'resolution_sla'
    | 'response_due_at'
    | 'resolution_due_at'
    | 'response_target_ms'
    | 'resolution_target_ms'
  >,
  calendar: BusinessCalendar | null,
  now: string,
): SlaSummary {
  const out: SlaSummary[] = [];
  const clocks = [
    ['response', row.response_sla, row.response_due_at, row.response_target_ms],
    ['resolution', row.resolution_sla, row.resolution_due_at, row.resolution_target_ms],
  ] as const;
  for (const [clock, recorded, dueAt, target] of clocks) {
    if (recorded === 'none') continue;
    let state: SlaSummaryState = recorded;
    if (recorded === 'running' && dueAt !== null) {
      if (dueAt < now) state = 'breached';
      else if (
        calendar &&
        target !== null &&
        businessTimeBetween(calendar, now, dueAt) < Number(target) * AT_RISK_SHARE
      ) {
        state = 'at-risk';
      }
    }
    out.push({ state, clock, dueAt });
  }
  return pick(out);
}
