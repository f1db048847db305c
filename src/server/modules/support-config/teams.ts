import type { z } from 'zod';
import {
  ASSIGNMENT_RULE_ONE_TARGET,
  type AssignmentRuleResponse,
  type assignmentRuleBody,
  type assignmentRuleOrderBody,
  type assignmentRulePatch,
  type TeamResponse,
  type teamBody,
  type teamPatch,
} from '../../../shared/schemas/support-config.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { type ConfigDeps, configReads, configWrites, flag, oneOf, renumber } from './common.ts';
import { ticketWorkerRoles } from './support-config.directory.ts';

const teamTaken = (name: string) => `A team named “${name}” already exists. Choose another name.`;

/** Which of these ids are staff who may be given tickets now (active, in a role that works on tickets). */
async function ticketWorkers(db: DbOrTrx, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('accounts')
    .select('id')
    .where('id', 'in', [...ids])
    .where('kind', '=', 'staff')
    .where('status', '=', 'active')
    .where('staff_role', 'in', ticketWorkerRoles)
    .execute();
  return new Set(rows.map((r) => r.id));
}

async function loadTeams(db: DbOrTrx, id?: number): Promise<TeamResponse[]> {
  let query = db.selectFrom('teams').selectAll().orderBy('name').orderBy('id');
  if (id !== undefined) query = query.where('id', '=', id);
  const teams = await query.execute();
  if (teams.length === 0) return [];
  const members = await db
    .selectFrom('team_members as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.team_id', 'a.id', 'a.name', 'a.email', 'a.status', 'a.staff_role'])
    .where(
      'm.team_id',
      'in',
      teams.map((t) => t.id),
    )
    .orderBy('a.name')
    .orderBy('a.id')
    .execute();
  const workerRoles = new Set<string>(ticketWorkerRoles);
  return teams.map((team) => ({
    id: team.id,
    name: team.name,
    members: members
      .filter((m) => m.team_id === team.id)
      .map((m) => ({
        accountId: m.id,
        name: m.name,
        email: m.email,
        active: m.status === 'active' && m.staff_role !== null && workerRoles.has(m.staff_role),
      })),
    createdAt: team.created_at,
    updatedAt: team.updated_at,
  }));
}

const oneTeam = oneOf(loadTeams, 'That team');

/** Members must be people who can be given tickets; existing members who since lost that may stay. */
async function assertMembers(
  db: DbOrTrx,
  ids: readonly number[],
  alreadyMembers: ReadonlySet<number>,
): Promise<void> {
  const fresh = ids.filter((id) => !alreadyMembers.has(id));
  const workers = await ticketWorkers(db, fresh);
  const bad = fresh.filter((id) => !workers.has(id));
  if (bad.length > 0) {
    throw errors.validation(
      {
        memberAccountIds: `Only active staff who work on tickets can join a team (not ${bad.length === 1 ? 'account' : 'accounts'} ${bad.join(', ')}).`,
      },
      'Some members cannot be added.',
    );
  }
}

async function loadRules(db: DbOrTrx, id?: number): Promise<AssignmentRuleResponse[]> {
  let query = db
    .selectFrom('assignment_rules as r')
    .leftJoin('clients as c', 'c.id', 'r.client_id')
    .leftJoin('ticket_categories as k', 'k.id', 'r.category_id')
    .leftJoin('teams as t', 't.id', 'r.team_id')
    .leftJoin('accounts as a', 'a.id', 'r.assignee_account_id')
    .selectAll('r')
    .select([
      'c.name as client_name',
      'k.name as category_name',
      't.name as team_name',
      'a.name as assignee_name',
    ])
    .orderBy('r.position')
    .orderBy('r.id');
  if (id !== undefined) query = query.where('r.id', '=', id);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    clientId: r.client_id,
    clientName: r.client_name,
    categoryId: r.category_id,
    categoryName: r.category_name,
    teamId: r.team_id,
    teamName: r.team_name,
    assigneeAccountId: r.assignee_account_id,
    assigneeName: r.assignee_name,
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

const oneRule = oneOf(loadRules, 'That assignment rule');

interface RuleTarget {
  clientId: number | null;
  categoryId: number | null;
  teamId: number | null;
  assigneeAccountId: number | null;
}

/** Every id a rule names must exist (and the person must be able to take tickets): else a field error. */
async function assertRuleRefs(db: DbOrTrx, next: RuleTarget, changed: Partial<RuleTarget>): Promise<void> {
  const problems: Record<string, string> = {};
  if ((next.teamId === null) === (next.assigneeAccountId === null)) {
    problems.teamId = ASSIGNMENT_RULE_ONE_TARGET;
  }
  if (changed.clientId != null) {
    const found = await db
      .selectFrom('clients')
      .select('id')
      .where('id', '=', changed.clientId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (!found) problems.clientId = 'Choose a client from the list.';
  }
  if (changed.categoryId != null) {
    const found = await db
      .selectFrom('ticket_categories')
      .select('id')
      .where('id', '=', changed.categoryId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (!found) problems.categoryId = 'Choose a category that is in use.';
  }
  if (changed.teamId != null) {
    const found = await db
      .selectFrom('teams')
      .select('id')
      .where('id', '=', changed.teamId)
      .executeTakeFirst();
    if (!found) problems.teamId = 'Choose a team from the list.';
  }
  if (changed.assigneeAccountId != null) {
    const workers = await ticketWorkers(db, [changed.assigneeAccountId]);
    if (!workers.has(changed.assigneeAccountId)) {
      problems.assigneeAccountId = 'Choose an active staff member who works on tickets.';
    }
  }
  if (Object.keys(problems).length > 0) throw errors.validation(problems, 'The rule needs attention.');
}

export type TeamsService = ReturnType<typeof createTeamsService>;

/** Teams of staff, and the rules that give new tickets to a team (round-robin) or a person. */
export function createTeamsService(deps: ConfigDeps) {
  const { audit } = deps;
  const teamReads = configReads(deps, 'settings:view', loadTeams, oneTeam);
  const ruleReads = configReads(deps, 'settings:view', loadRules, oneRule);
  const teams = configWrites(deps, {
    permission: 'settings:edit',
    table: 'teams',
    action: 'support.team_changed',
    targetType: 'team',
    unique: { column: 'name', taken: teamTaken },
  });
  const rules = configWrites(deps, {
    permission: 'settings:edit',
    table: 'assignment_rules',
    action: 'support.rule_changed',
    targetType: 'assignment_rule',
  });

  return {
    // -- teams

    listTeams: teamReads.list,
    getTeam: teamReads.get,

    async createTeam(
      actor: StaffActor,
      input: z.output<typeof teamBody>,
      meta: RequestMeta,
    ): Promise<TeamResponse> {
      return teams.write(
        actor,
        async (trx, at) => {
          await teams.assertNameFree(trx, input.name, null);
          await assertMembers(trx, input.memberAccountIds, new Set());
          const { id } = await trx
            .insertInto('teams')
            .values({ name: input.name, created_at: at, updated_at: at })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (input.memberAccountIds.length > 0) {
            await trx
              .insertInto('team_members')
              .values(input.memberAccountIds.map((accountId) => ({ team_id: id, account_id: accountId })))
              .execute();
          }
          await teams.record(trx, actor, meta, id, {
            change: 'created',
            name: input.name,
            members: input.memberAccountIds,
          });
          return oneTeam(trx, id);
        },
        input.name,
      );
    },

    async updateTeam(
      actor: StaffActor,
      teamId: number,
      patch: z.output<typeof teamPatch>,
      meta: RequestMeta,
    ): Promise<TeamResponse> {
      return teams.write(
        actor,
        async (trx, at) => {
          const team = await oneTeam(trx, teamId);
          const changed: string[] = [];
          const details: Record<string, unknown> = {};
          if (patch.name !== undefined && patch.name !== team.name) {
            await teams.assertNameFree(trx, patch.name, teamId);
            changed.push('name');
            details.previousName = team.name;
          }
          if (patch.memberAccountIds !== undefined) {
            const before = new Set(team.members.map((m) => m.accountId));
            const after = new Set(patch.memberAccountIds);
            await assertMembers(trx, patch.memberAccountIds, before);
            const added = [...after].filter((id) => !before.has(id));
            const removed = [...before].filter((id) => !after.has(id));
            if (removed.length > 0) {
              await trx
                .deleteFrom('team_members')
                .where('team_id', '=', teamId)
                .where('account_id', 'in', removed)
                .execute();
            }
            if (added.length > 0) {
              await trx
                .insertInto('team_members')
                .values(added.map((accountId) => ({ team_id: teamId, account_id: accountId })))
                .execute();
            }
            if (added.length > 0 || removed.length > 0) {
              changed.push('members');
              details.added = added;
              details.removed = removed;
            }
          }
          if (changed.length > 0) {
            await trx
              .updateTable('teams')
              .set({ ...(changed.includes('name') ? { name: patch.name } : {}), updated_at: at })
              .where('id', '=', teamId)
              .execute();
            await teams.record(trx, actor, meta, teamId, {
              change: 'updated',
              name: patch.name ?? team.name,
              changed,
              ...details,
            });
          }
          return oneTeam(trx, teamId);
        },
        patch.name,
      );
    },

    async deleteTeam(actor: StaffActor, teamId: number, meta: RequestMeta): Promise<void> {
      await teams.remove(actor, teamId, meta, async (trx) => {
        const team = await oneTeam(trx, teamId);
        const used = await trx
          .selectFrom('assignment_rules')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('team_id', '=', teamId)
          .executeTakeFirstOrThrow();
        const n = Number(used.n);
        if (n > 0) {
          throw errors.conflict(
            'team_in_use',
            `The team “${team.name}” is used by ${n === 1 ? 'an assignment rule' : `${n} assignment rules`}. Change or delete ${n === 1 ? 'it' : 'them'} first.`,
          );
        }
        return { name: team.name };
      });
    },

    // -- assignment rules

    listRules: ruleReads.list,
    getRule: ruleReads.get,

    async createRule(
      actor: StaffActor,
      input: z.output<typeof assignmentRuleBody>,
      meta: RequestMeta,
    ): Promise<AssignmentRuleResponse> {
      return rules.write(actor, async (trx, at) => {
        await assertRuleRefs(trx, input, input);
        const last = await trx
          .selectFrom('assignment_rules')
          .select((eb) => eb.fn.max('position').as('p'))
          .executeTakeFirst();
        const position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
        const { id } = await trx
          .insertInto('assignment_rules')
          .values({
            position,
            client_id: input.clientId,
            category_id: input.categoryId,
            team_id: input.teamId,
            assignee_account_id: input.assigneeAccountId,
            enabled: flag(input.enabled),
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await rules.record(trx, actor, meta, id, { change: 'created', ...input });
        return oneRule(trx, id);
      });
    },

    async updateRule(
      actor: StaffActor,
      ruleId: number,
      patch: z.output<typeof assignmentRulePatch>,
      meta: RequestMeta,
    ): Promise<AssignmentRuleResponse> {
      return rules.write(actor, async (trx, at) => {
        const row = await trx
          .selectFrom('assignment_rules')
          .selectAll()
          .where('id', '=', ruleId)
          .executeTakeFirst();
        if (!row) throw errors.notFound('That assignment rule');
        const before: RuleTarget = {
          clientId: row.client_id,
          categoryId: row.category_id,
          teamId: row.team_id,
          assigneeAccountId: row.assignee_account_id,
        };
        const wanted: Partial<RuleTarget> = { ...patch };
        // Naming a team drops the person and the other way round, unless the patch says otherwise.
        if (patch.teamId != null && patch.assigneeAccountId === undefined) wanted.assigneeAccountId = null;
        if (patch.assigneeAccountId != null && patch.teamId === undefined) wanted.teamId = null;
        const changed: Partial<RuleTarget> = {};
        for (const key of ['clientId', 'categoryId', 'teamId', 'assigneeAccountId'] as const) {
          const value = wanted[key];
          if (value !== undefined && value !== before[key]) changed[key] = value;
        }
        const next: RuleTarget = { ...before, ...changed };
        await assertRuleRefs(trx, next, changed);
        const enabledChanged = patch.enabled !== undefined && flag(patch.enabled) !== row.enabled;
        if (Object.keys(changed).length > 0 || enabledChanged) {
          await trx
            .updateTable('assignment_rules')
            .set({
              client_id: next.clientId,
              category_id: next.categoryId,
              team_id: next.teamId,
              assignee_account_id: next.assigneeAccountId,
              // A new team starts its rotation afresh.
              ...(changed.teamId !== undefined ? { last_assigned_account_id: null } : {}),
              ...(enabledChanged ? { enabled: flag(patch.enabled === true) } : {}),
              updated_at: at,
            })
            .where('id', '=', ruleId)
            .execute();
          await rules.record(trx, actor, meta, ruleId, {
            change: 'updated',
            ...changed,
            ...(enabledChanged ? { enabled: patch.enabled } : {}),
          });
        }
        return oneRule(trx, ruleId);
      });
    },

    async deleteRule(actor: StaffActor, ruleId: number, meta: RequestMeta): Promise<void> {
      await rules.remove(actor, ruleId, meta, async (trx) => {
        const rule = await oneRule(trx, ruleId);
        return {
          clientId: rule.clientId,
          categoryId: rule.categoryId,
          teamId: rule.teamId,
          assigneeAccountId: rule.assigneeAccountId,
        };
      });
    },

    /** The rules in a new order: `ids` must name every rule exactly once (a stale page is told to reload). */
    async orderRules(
      actor: StaffActor,
      input: z.output<typeof assignmentRuleOrderBody>,
      meta: RequestMeta,
    ): Promise<{ items: AssignmentRuleResponse[] }> {
      return rules.write(actor, async (trx, at) => {
        const rows = await trx
          .selectFrom('assignment_rules')
          .select(['id', 'position'])
          .orderBy('position')
          .orderBy('id')
          .execute();
        const known = new Set(rows.map((r) => r.id));
        if (input.ids.length !== rows.length || input.ids.some((id) => !known.has(id))) {
          throw errors.validation(
            { ids: 'Name every assignment rule once, in the new order. The list may have changed: reload.' },
            'The order does not match the rules.',
          );
        }
        const current = new Map(rows.map((r) => [r.id, r.position]));
        const changed = input.ids.some((id, index) => current.get(id) !== index);
        if (changed) {
          await renumber(trx, 'assignment_rules', input.ids, current, at);
          await audit.record(trx, {
            actor,
            action: 'support.rule_changed',
            details: { change: 'reordered', order: input.ids },
            meta,
          });
        }
        return { items: await loadRules(trx) };
      });
    },
  };
}
