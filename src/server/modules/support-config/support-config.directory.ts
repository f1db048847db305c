import { businessCalendar } from '../../../shared/schemas/sla.ts';
import { type TicketPriority, type TicketStatus, ticketPriorities } from '../../../shared/schemas/tickets.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { PolicyTargets, SlaPolicyForTicket, SupportConfigDirectory } from '../tickets/contracts.ts';

/**
 * Read side of the support configuration, for the tickets module. Parsed calendars are cached by the
 * row's id and updated_at, so the SLA arithmetic's per-calendar compile cache stays warm.
 */
const calendarCache = new Map<string, SlaPolicyForTicket['calendar']>();

async function loadPolicy(
  db: DbOrTrx,
  where: { id: number } | { isDefault: true },
): Promise<SlaPolicyForTicket | null> {
  let query = db
    .selectFrom('sla_policies as p')
    .innerJoin('sla_calendars as c', 'c.id', 'p.calendar_id')
    .select([
      'p.id',
      'p.name',
      'p.targets',
      'p.pausing_statuses',
      'c.id as calendar_id',
      'c.definition',
      'c.updated_at as calendar_updated_at',
    ]);
  query = 'id' in where ? query.where('p.id', '=', where.id) : query.where('p.is_default', '=', 1);
  const row = await query.orderBy('p.id').limit(1).executeTakeFirst();
  if (!row) return null;
  const cacheKey = `${row.calendar_id}:${row.calendar_updated_at}`;
  let calendar = calendarCache.get(cacheKey);
  if (!calendar) {
    calendar = businessCalendar.parse(JSON.parse(row.definition));
    if (calendarCache.size > 500) calendarCache.clear();
    calendarCache.set(cacheKey, calendar);
  }
  const stored = JSON.parse(row.targets) as Partial<Record<TicketPriority, PolicyTargets>>;
  const targets = Object.fromEntries(
    ticketPriorities.map((p) => [p, stored[p] ?? { responseMinutes: 0, resolutionMinutes: 0 }]),
  ) as Record<TicketPriority, PolicyTargets>;
  return {
    id: row.id,
    name: row.name,
    calendar,
    targets,
    pausingStatuses: JSON.parse(row.pausing_statuses) as TicketStatus[],
  };
}

export const supportConfigDirectory: SupportConfigDirectory = Object.freeze({
  policyForClient(db: DbOrTrx, _clientId: number) {
    return loadPolicy(db, { isDefault: true });
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
      .execute();
  },

  async pickAssignee(db: DbOrTrx, input: { clientId: number; categoryId: number | null }) {
    const rules = await db
      .selectFrom('assignment_rules')
      .selectAll()
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
    for (const rule of rules) {
      if (rule.assignee_account_id !== null) {
        const active = await db
          .selectFrom('accounts')
          .select('id')
          .where('id', '=', rule.assignee_account_id)
          .where('kind', '=', 'staff')
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (active) return active.id;
        continue;
      }
      if (rule.team_id === null) continue;
      const members = await db
        .selectFrom('team_members as m')
        .innerJoin('accounts as a', 'a.id', 'm.account_id')
        .select('a.id')
        .where('m.team_id', '=', rule.team_id)
        .where('a.status', '=', 'active')
        .where('a.kind', '=', 'staff')
        .orderBy('a.id')
        .execute();
      if (members.length === 0) continue;
      const last = rule.last_assigned_account_id;
      const next = members.find((m) => last === null || m.id > last) ?? members[0]!;
      await db
        .updateTable('assignment_rules')
        .set({ last_assigned_account_id: next.id })
        .where('id', '=', rule.id)
        .execute();
      return next.id;
    }
    return null;
  },
});
