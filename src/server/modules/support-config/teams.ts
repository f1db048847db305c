import type { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import type {
  AssignmentRuleResponse,
  assignmentRuleBody,
  assignmentRuleOrderBody,
  assignmentRulePatch,
  TeamResponse,
  teamBody,
  teamPatch,
} from '../../../shared/schemas/support-config.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { type Bound, bindContext } from '../../platform/context.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { type ErrorText, errors } from '../../platform/errors.ts';
import { assignmentRulesRepository } from './assignment-rules.repository.ts';
import { categoriesRepository } from './categories.repository.ts';
import {
  assertNameFree,
  type ConfigResource,
  flag,
  getConfig,
  listConfig,
  oneOf,
  recordConfigChange,
  removeConfig,
  renumber,
  writeConfig,
} from './common.ts';
import { referencesRepository } from './references.repository.ts';
import type { SupportConfigContext } from './support-config.context.ts';
import { ticketWorkerRoles } from './support-config.directory.ts';
import { teamsRepository } from './teams.repository.ts';

const teamTaken = (name: string) => message('errors:supportConfig.teamNameTaken', { name });

/** Which of these ids are staff who may be given tickets now (active, in a role that works on tickets). */
async function ticketWorkers(db: DbOrTrx, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  return new Set(await referencesRepository.activeStaffIn(db, ids, ticketWorkerRoles));
}

async function loadTeams(db: DbOrTrx, id?: number): Promise<TeamResponse[]> {
  const teams = await teamsRepository.list(db, id);
  if (teams.length === 0) return [];
  const members = await teamsRepository.members(
    db,
    teams.map((t) => t.id),
  );
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

const oneTeam = oneOf(loadTeams, message('errors:notFound.team'));

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
        memberAccountIds: message('errors:supportConfig.teamMembersField', {
          count: bad.length,
          ids: bad.join(', '),
        }),
      },
      message('errors:supportConfig.teamMembers'),
    );
  }
}

async function loadRules(db: DbOrTrx, id?: number): Promise<AssignmentRuleResponse[]> {
  const rows = await assignmentRulesRepository.list(db, id);
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

const oneRule = oneOf(loadRules, message('errors:notFound.assignmentRule'));

interface RuleTarget {
  clientId: number | null;
  categoryId: number | null;
  teamId: number | null;
  assigneeAccountId: number | null;
}

/** Every id a rule names must exist (and the person must be able to take tickets): else a field error. */
async function assertRuleRefs(db: DbOrTrx, next: RuleTarget, changed: Partial<RuleTarget>): Promise<void> {
  const problems: Record<string, ErrorText> = {};
  if ((next.teamId === null) === (next.assigneeAccountId === null)) {
    problems.teamId = message('errors:supportConfig.ruleOneTarget');
  }
  if (changed.clientId != null) {
    const found = await referencesRepository.activeClientExists(db, changed.clientId);
    if (!found) problems.clientId = message('errors:supportConfig.ruleClientField');
  }
  if (changed.categoryId != null) {
    const found = await categoriesRepository.activeExists(db, changed.categoryId);
    if (!found) problems.categoryId = message('errors:supportConfig.ruleCategoryField');
  }
  if (changed.teamId != null) {
    const found = await teamsRepository.exists(db, changed.teamId);
    if (!found) problems.teamId = message('errors:supportConfig.ruleTeamField');
  }
  if (changed.assigneeAccountId != null) {
    const workers = await ticketWorkers(db, [changed.assigneeAccountId]);
    if (!workers.has(changed.assigneeAccountId)) {
      problems.assigneeAccountId = message('errors:supportConfig.ruleAssigneeField');
    }
  }
  if (Object.keys(problems).length > 0)
    throw errors.validation(problems, message('errors:supportConfig.ruleInvalid'));
}

const teamConfig: ConfigResource = {
  permission: 'settings:edit',
  table: 'teams',
  action: 'support.team_changed',
  targetType: 'team',
  unique: { column: 'name', taken: teamTaken },
};

const ruleConfig: ConfigResource = {
  permission: 'settings:edit',
  table: 'assignment_rules',
  action: 'support.rule_changed',
  targetType: 'assignment_rule',
};

// -- teams

export function listTeams(ctx: SupportConfigContext, actor: StaffActor) {
  return listConfig(ctx, 'settings:view', loadTeams, actor);
}

export function getTeam(ctx: SupportConfigContext, actor: StaffActor, id: number) {
  return getConfig(ctx, 'settings:view', oneTeam, actor, id);
}

export async function createTeam(
  ctx: SupportConfigContext,
  actor: StaffActor,
  input: z.output<typeof teamBody>,
  meta: RequestMeta,
): Promise<TeamResponse> {
  return writeConfig(
    ctx,
    teamConfig,
    actor,
    async (trx, at) => {
      await assertNameFree(teamConfig, trx, input.name, null);
      await assertMembers(trx, input.memberAccountIds, new Set());
      const id = await teamsRepository.insert(trx, { name: input.name, at });
      if (input.memberAccountIds.length > 0) {
        await teamsRepository.addMembers(trx, id, input.memberAccountIds);
      }
      await recordConfigChange(ctx, teamConfig, trx, actor, meta, id, {
        change: 'created',
        name: input.name,
        members: input.memberAccountIds,
      });
      return oneTeam(trx, id);
    },
    input.name,
  );
}

export async function updateTeam(
  ctx: SupportConfigContext,
  actor: StaffActor,
  teamId: number,
  patch: z.output<typeof teamPatch>,
  meta: RequestMeta,
): Promise<TeamResponse> {
  return writeConfig(
    ctx,
    teamConfig,
    actor,
    async (trx, at) => {
      const team = await oneTeam(trx, teamId);
      const changed: string[] = [];
      const details: Record<string, unknown> = {};
      if (patch.name !== undefined && patch.name !== team.name) {
        await assertNameFree(teamConfig, trx, patch.name, teamId);
        changed.push('name');
        details.previousName = team.name;
      }
      if (patch.memberAccountIds !== undefined) {
        const before = new Set(team.members.map((m) => m.accountId));
        const after = new Set(patch.memberAccountIds);
        await assertMembers(trx, patch.memberAccountIds, before);
        const added = [...after].filter((id) => !before.has(id));
        const removed = [...before].filter((id) => !after.has(id));
        if (removed.length > 0) await teamsRepository.removeMembers(trx, teamId, removed);
        if (added.length > 0) await teamsRepository.addMembers(trx, teamId, added);
        if (added.length > 0 || removed.length > 0) {
          changed.push('members');
          details.added = added;
          details.removed = removed;
        }
      }
      if (changed.length > 0) {
        await teamsRepository.update(trx, teamId, changed.includes('name') ? { name: patch.name } : {}, at);
        await recordConfigChange(ctx, teamConfig, trx, actor, meta, teamId, {
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
}

export async function deleteTeam(
  ctx: SupportConfigContext,
  actor: StaffActor,
  teamId: number,
  meta: RequestMeta,
): Promise<void> {
  await removeConfig(ctx, teamConfig, actor, teamId, meta, async (trx) => {
    const team = await oneTeam(trx, teamId);
    const n = await assignmentRulesRepository.countForTeam(trx, teamId);
    if (n > 0) {
      throw errors.conflict(
        'team_in_use',
        message('errors:supportConfig.teamInUse', { name: team.name, count: n }),
      );
    }
    return { name: team.name };
  });
}

// -- assignment rules

export function listRules(ctx: SupportConfigContext, actor: StaffActor) {
  return listConfig(ctx, 'settings:view', loadRules, actor);
}

export function getRule(ctx: SupportConfigContext, actor: StaffActor, id: number) {
  return getConfig(ctx, 'settings:view', oneRule, actor, id);
}

export async function createRule(
  ctx: SupportConfigContext,
  actor: StaffActor,
  input: z.output<typeof assignmentRuleBody>,
  meta: RequestMeta,
): Promise<AssignmentRuleResponse> {
  return writeConfig(ctx, ruleConfig, actor, async (trx, at) => {
    await assertRuleRefs(trx, input, input);
    const last = await assignmentRulesRepository.lastPosition(trx);
    const position = last === null ? 0 : last + 1;
    const id = await assignmentRulesRepository.insert(trx, {
      position,
      client_id: input.clientId,
      category_id: input.categoryId,
      team_id: input.teamId,
      assignee_account_id: input.assigneeAccountId,
      enabled: flag(input.enabled),
      at,
    });
    await recordConfigChange(ctx, ruleConfig, trx, actor, meta, id, { change: 'created', ...input });
    return oneRule(trx, id);
  });
}

export async function updateRule(
  ctx: SupportConfigContext,
  actor: StaffActor,
  ruleId: number,
  patch: z.output<typeof assignmentRulePatch>,
  meta: RequestMeta,
): Promise<AssignmentRuleResponse> {
  return writeConfig(ctx, ruleConfig, actor, async (trx, at) => {
    const row = await assignmentRulesRepository.find(trx, ruleId);
    if (!row) throw errors.notFound(message('errors:notFound.assignmentRule'));
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
      await assignmentRulesRepository.update(
        trx,
        ruleId,
        {
          client_id: next.clientId,
          category_id: next.categoryId,
          team_id: next.teamId,
          assignee_account_id: next.assigneeAccountId,
          // A new team starts its rotation afresh.
          ...(changed.teamId !== undefined ? { last_assigned_account_id: null } : {}),
          ...(enabledChanged ? { enabled: flag(patch.enabled === true) } : {}),
        },
        at,
      );
      await recordConfigChange(ctx, ruleConfig, trx, actor, meta, ruleId, {
        change: 'updated',
        ...changed,
        ...(enabledChanged ? { enabled: patch.enabled } : {}),
      });
    }
    return oneRule(trx, ruleId);
  });
}

export async function deleteRule(
  ctx: SupportConfigContext,
  actor: StaffActor,
  ruleId: number,
  meta: RequestMeta,
): Promise<void> {
  await removeConfig(ctx, ruleConfig, actor, ruleId, meta, async (trx) => {
    const rule = await oneRule(trx, ruleId);
    return {
      clientId: rule.clientId,
      categoryId: rule.categoryId,
      teamId: rule.teamId,
      assigneeAccountId: rule.assigneeAccountId,
    };
  });
}

/** The rules in a new order: `ids` must name every rule exactly once (a stale page is told to reload). */
export async function orderRules(
  ctx: SupportConfigContext,
  actor: StaffActor,
  input: z.output<typeof assignmentRuleOrderBody>,
  meta: RequestMeta,
): Promise<{ items: AssignmentRuleResponse[] }> {
  return writeConfig(ctx, ruleConfig, actor, async (trx, at) => {
    const rows = await assignmentRulesRepository.positions(trx);
    const known = new Set(rows.map((r) => r.id));
    if (input.ids.length !== rows.length || input.ids.some((id) => !known.has(id))) {
      throw errors.validation(
        { ids: message('errors:supportConfig.ruleOrderField') },
        message('errors:supportConfig.ruleOrder'),
      );
    }
    const current = new Map(rows.map((r) => [r.id, r.position]));
    const changed = input.ids.some((id, index) => current.get(id) !== index);
    if (changed) {
      await renumber(trx, 'assignment_rules', input.ids, current, at);
      await ctx.audit.record(trx, {
        actor,
        action: 'support.rule_changed',
        details: { change: 'reordered', order: input.ids },
        meta,
      });
    }
    return { items: await loadRules(trx) };
  });
}

export const teamsUseCases = {
  listTeams,
  getTeam,
  createTeam,
  updateTeam,
  deleteTeam,
  listRules,
  getRule,
  createRule,
  updateRule,
  deleteRule,
  orderRules,
};

export type TeamsService = Bound<SupportConfigContext, typeof teamsUseCases>;

/** Teams of staff, and the rules that give new tickets to a team (round-robin) or a person. */
export function createTeamsService(ctx: SupportConfigContext): TeamsService {
  return bindContext(ctx, teamsUseCases);
}
