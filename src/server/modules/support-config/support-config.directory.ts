import { rolePermissions, type StaffRole, staffRoles } from '../../../shared/permissions.ts';
import { parseStoredCalendar } from '../../../shared/schemas/sla.ts';
import { type TicketPriority, type TicketStatus, ticketPriorities } from '../../../shared/schemas/tickets.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { PolicyTargets, SlaPolicyForTicket, SupportConfigDirectory } from '../tickets/contracts.ts';

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
  let query = db
    .selectFrom('sla_policies as p')
    .innerJoin('sla_calendars as c', 'c.id', 'p.calendar_id')
    .select(['p.id', 'p.name', 'p.targets', 'p.pausing_statuses', 'c.definition']);
  query = 'id' in where ? query.where('p.id', '=', where.id) : query.where('p.is_default', '=', 1);
  const row = await query.orderBy('p.id').limit(1).executeTakeFirst();
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
    const row = await db
      .selectFrom('ticket_categories')
      .select(['id', 'name'])
      .where('id', '=', categoryId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    return row ?? null;
  },

  activeCategories(db: DbOrTrx) {
    return db
      .selectFrom('ticket_categories')
      .select(['id', 'name'])
      .where('archived_at', 'is', null)
      .orderBy('position')
      .orderBy('name')
      .orderBy('id')
      .execute();
  },

  /**
   * Three queries whatever the number of rules: the matching rules, the people they could assign (active
   * staff whose role works on tickets), and the round-robin cursor's update. The cursor is moved with a
   * compare-and-set, so two tickets created at once by two app processes go to two different members.
   */
  async pickAssignee(db: DbOrTrx, input: { clientId: number; categoryId: number | null }) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const rules = await db
        .selectFrom('assignment_rules')
        .select(['id', 'team_id', 'assignee_account_id', 'last_assigned_account_id'])
        .where('enabled', '=', 1)
        .where((eb) => eb.or([eb('client_id', 'is', null), eb('client_id', '=', input.clientId)]))
        .where((eb) =>
          input.categoryId === null
            ? eb('category_id', 'is', null)
            : eb.or([eb('category_id', 'is', null), eb('category_id', '=', input.categoryId)]),
        )
        .orderBy('position')
        .orderBy('id')
        .execute();
      if (rules.length === 0) return null;

      const teamIds = [...new Set(rules.flatMap((r) => (r.team_id === null ? [] : [r.team_id])))];
      const personIds = [
        ...new Set(rules.flatMap((r) => (r.assignee_account_id === null ? [] : [r.assignee_account_id]))),
      ];
      const candidates: Candidate[] = await db
        .selectFrom('accounts as a')
        .leftJoin('team_members as m', (join) =>
          join.onRef('m.account_id', '=', 'a.id').on('m.team_id', 'in', teamIds.length > 0 ? teamIds : [-1]),
        )
        .select(['a.id', 'm.team_id as teamId'])
        .where('a.kind', '=', 'staff')
        .where('a.status', '=', 'active')
        .where('a.staff_role', 'in', ticketWorkerRoles)
        .where((eb) =>
          eb.or([eb('m.team_id', 'is not', null), eb('a.id', 'in', personIds.length > 0 ? personIds : [-1])]),
        )
        .orderBy('a.id')
        .execute();
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
        const moved = await db
          .updateTable('assignment_rules')
          .set({ last_assigned_account_id: next })
          .where('id', '=', rule.id)
          .where((eb) =>
            last === null
              ? eb('last_assigned_account_id', 'is', null)
              : eb('last_assigned_account_id', '=', last),
          )
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) === 1) return next;
        // Another ticket took this turn meanwhile: read the rules again and take the turn after it.
        lostTurn = true;
        break;
      }
      if (!lostTurn) return null;
    }
    return null;
  },
});
