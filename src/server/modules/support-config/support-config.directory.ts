import { rolePermissions, type StaffRole, staffRoles } from '../../../shared/permissions.ts';
import { parseStoredCalendar } from '../../../shared/schemas/sla.ts';
import { type TicketPriority, type TicketStatus, ticketPriorities } from '../../../shared/schemas/tickets.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { PolicyTargets, SlaPolicyForTicket, SupportConfigDirectory } from '../tickets/contracts.ts';
import { assignmentRulesRepository } from './assignment-rules.repository.ts';
import { categoriesRepository } from './categories.repository.ts';
import { slaRepository } from './sla.repository.ts';

/** Staff roles whose people may be given tickets (team members and rule assignees must hold one). */
export const ticketWorkerRoles: StaffRole[] = staffRoles.filter((role) =>
  rolePermissions[role].includes('tickets:manage'),
);

export function parseTargets(json: string): Record<TicketPriority, PolicyTargets> {
  const stored = JSON.parse(json) as Partial<Record<TicketPriority, PolicyTargets>>;
  return Object.fromEntries(
    ticketPriorities.map((p) => [p, stored[p] ?? { responseMinutes: 0, resolutionMinutes: 0 }]),
  ) as Record<TicketPriority, PolicyTargets>;
}

async function loadPolicy(
  db: DbOrTrx,
  where: { id: number } | { isDefault: true },
): Promise<SlaPolicyForTicket | null> {
  const row = await slaRepository.policyForTicket(db, where);
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    calendar: parseStoredCalendar(row.definition),
    targets: parseTargets(row.targets),
    pausingStatuses: JSON.parse(row.pausing_statuses) as TicketStatus[],
  };
}

/** The default policy (every client's, until contracts choose one). */
export function defaultPolicy(db: DbOrTrx): Promise<SlaPolicyForTicket | null> {
  return loadPolicy(db, { isDefault: true });
}

interface Candidate {
  id: number;
  teamId: number | null;
}

/**
 * The next member after `last` in a team's round-robin (members in account-id order, wrapping round);
 * the first member when `last` is null or no longer a member.
 */
export function nextInRotation(members: readonly number[], last: number | null): number | null {
  if (members.length === 0) return null;
  if (last === null) return members[0] ?? null;
  return members.find((m) => m > last) ?? members[0] ?? null;
}

export const supportConfigDirectory: SupportConfigDirectory = Object.freeze({
  policyForClient(db: DbOrTrx, _clientId: number) {
    // Contracts (issue 6) will choose a policy per client; until then the default applies to everyone.
    return defaultPolicy(db);
  },

  policyById(db: DbOrTrx, policyId: number) {
    return loadPolicy(db, { id: policyId });
  },

  async category(db: DbOrTrx, categoryId: number) {
    const row = await categoriesRepository.findActive(db, categoryId);
    return row ?? null;
  },

  activeCategories(db: DbOrTrx) {
    return categoriesRepository.active(db);
  },

  /**
   * Three queries whatever the number of rules: the matching rules, the people they could assign (active
   * staff whose role works on tickets), and the round-robin cursor's update. The cursor is moved with a
   * compare-and-set, so two tickets created at once by two app processes go to two different members.
   */
  async pickAssignee(db: DbOrTrx, input: { clientId: number; categoryId: number | null }) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const rules = await assignmentRulesRepository.matching(db, input);
      if (rules.length === 0) return null;

      const teamIds = [...new Set(rules.flatMap((r) => (r.team_id === null ? [] : [r.team_id])))];
      const personIds = [
        ...new Set(rules.flatMap((r) => (r.assignee_account_id === null ? [] : [r.assignee_account_id]))),
      ];
      const candidates: Candidate[] = await assignmentRulesRepository.candidates(
        db,
        teamIds,
        personIds,
        ticketWorkerRoles,
      );
      const activePeople = new Set(candidates.map((c) => c.id));

      let lostTurn = false;
      for (const rule of rules) {
        if (rule.assignee_account_id !== null) {
          if (activePeople.has(rule.assignee_account_id)) return rule.assignee_account_id;
          continue;
        }
        if (rule.team_id === null) continue;
        const members = candidates.filter((c) => c.teamId === rule.team_id).map((c) => c.id);
        const next = nextInRotation(members, rule.last_assigned_account_id);
        if (next === null) continue;
        const last = rule.last_assigned_account_id;
        if (await assignmentRulesRepository.moveCursor(db, rule.id, last, next)) return next;
        // Another ticket took this turn meanwhile: read the rules again and take the turn after it.
        lostTurn = true;
        break;
      }
      if (!lostTurn) return null;
    }
    return null;
  },
});
