import type { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import { parseStoredCalendar } from '../../../shared/schemas/sla.ts';
import type {
  PausableStatus,
  SlaCalendarResponse,
  SlaPolicyResponse,
  slaCalendarBody,
  slaCalendarPatch,
  slaPolicyBody,
  slaPolicyPatch,
} from '../../../shared/schemas/support-config.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { type Bound, bindContext } from '../../platform/context.ts';
import type { DbOrTrx, Trx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import {
  assertNameFree,
  type ConfigResource,
  flag,
  getConfig,
  listConfig,
  oneOf,
  recordConfigChange,
  removeConfig,
  writeConfig,
} from './common.ts';
import { type PolicyValues, slaRepository } from './sla.repository.ts';
import type { SupportConfigContext } from './support-config.context.ts';
import { parseTargets } from './support-config.directory.ts';

// ---------------------------------------------------------------------------------------------------
// Calendars

const calendarTaken = (name: string) => message('errors:supportConfig.calendarNameTaken', { name });

async function loadCalendars(db: DbOrTrx, id?: number): Promise<SlaCalendarResponse[]> {
  const rows = await slaRepository.calendars(db, id);
  if (rows.length === 0) return [];
  const policies = await slaRepository.policiesOfCalendars(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    calendar: parseStoredCalendar(row.definition),
    policies: policies.filter((p) => p.calendar_id === row.id).map((p) => ({ id: p.id, name: p.name })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

const oneCalendar = oneOf(loadCalendars, message('errors:notFound.calendar'));

// ---------------------------------------------------------------------------------------------------
// Policies

const policyTaken = (name: string) => message('errors:supportConfig.policyNameTaken', { name });

async function loadPolicies(db: DbOrTrx, id?: number): Promise<SlaPolicyResponse[]> {
  const rows = await slaRepository.policies(db, id);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    calendarId: row.calendar_id,
    calendarName: row.calendar_name,
    calendarAlwaysOpen: parseStoredCalendar(row.definition).alwaysOpen,
    targets: parseTargets(row.targets),
    pausingStatuses: JSON.parse(row.pausing_statuses) as PausableStatus[],
    isDefault: row.is_default === 1,
    inUse: Boolean(row.in_use),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

const onePolicy = oneOf(loadPolicies, message('errors:notFound.policy'));

async function assertCalendarExists(db: DbOrTrx, calendarId: number): Promise<void> {
  const found = await slaRepository.calendarExists(db, calendarId);
  if (!found) throw errors.validation({ calendarId: message('errors:supportConfig.calendarField') });
}

const calendarConfig: ConfigResource = {
  permission: 'settings:edit',
  table: 'sla_calendars',
  action: 'support.calendar_changed',
  targetType: 'sla_calendar',
  unique: { column: 'name', taken: calendarTaken },
};

const policyConfig: ConfigResource = {
  permission: 'settings:edit',
  table: 'sla_policies',
  action: 'support.policy_changed',
  targetType: 'sla_policy',
  unique: { column: 'name', taken: policyTaken },
};

/**
 * On PostgreSQL, locks every policy row first: two people switching the default at once then take turns,
 * and exactly one default remains. (SQLite transactions begin IMMEDIATE and are serial already.)
 */
async function lockPolicies({ database }: SupportConfigContext, trx: Trx): Promise<void> {
  await slaRepository.lockPolicies(trx, database.dialect);
}

// -- calendars

export function listCalendars(ctx: SupportConfigContext, actor: StaffActor) {
  return listConfig(ctx, 'settings:view', loadCalendars, actor);
}

export function getCalendar(ctx: SupportConfigContext, actor: StaffActor, id: number) {
  return getConfig(ctx, 'settings:view', oneCalendar, actor, id);
}

export async function createCalendar(
  ctx: SupportConfigContext,
  actor: StaffActor,
  input: z.output<typeof slaCalendarBody>,
  meta: RequestMeta,
): Promise<SlaCalendarResponse> {
  return writeConfig(
    ctx,
    calendarConfig,
    actor,
    async (trx, at) => {
      await assertNameFree(calendarConfig, trx, input.name, null);
      const id = await slaRepository.insertCalendar(trx, {
        name: input.name,
        definition: JSON.stringify(input.calendar),
        at,
      });
      await recordConfigChange(ctx, calendarConfig, trx, actor, meta, id, {
        change: 'created',
        name: input.name,
      });
      return oneCalendar(trx, id);
    },
    input.name,
  );
}

export async function updateCalendar(
  ctx: SupportConfigContext,
  actor: StaffActor,
  calendarId: number,
  patch: z.output<typeof slaCalendarPatch>,
  meta: RequestMeta,
): Promise<SlaCalendarResponse> {
  return writeConfig(
    ctx,
    calendarConfig,
    actor,
    async (trx, at) => {
      const row = await slaRepository.findCalendar(trx, calendarId);
      if (!row) throw errors.notFound(message('errors:notFound.calendar'));
      const values: { name?: string; definition?: string } = {};
      if (patch.name !== undefined && patch.name !== row.name) {
        await assertNameFree(calendarConfig, trx, patch.name, calendarId);
        values.name = patch.name;
      }
      if (patch.calendar !== undefined) {
        const definition = JSON.stringify(patch.calendar);
        if (definition !== row.definition) values.definition = definition;
      }
      if (Object.keys(values).length > 0) {
        await slaRepository.updateCalendar(trx, calendarId, values, at);
        await recordConfigChange(ctx, calendarConfig, trx, actor, meta, calendarId, {
          change: 'updated',
          name: values.name ?? row.name,
          changed: Object.keys(values).map((k) => (k === 'definition' ? 'calendar' : k)),
        });
      }
      return oneCalendar(trx, calendarId);
    },
    patch.name,
  );
}

export async function deleteCalendar(
  ctx: SupportConfigContext,
  actor: StaffActor,
  calendarId: number,
  meta: RequestMeta,
): Promise<void> {
  await removeConfig(ctx, calendarConfig, actor, calendarId, meta, async (trx) => {
    const calendar = await oneCalendar(trx, calendarId);
    if (calendar.policies.length > 0) {
      throw errors.conflict(
        'calendar_in_use',
        message('errors:supportConfig.calendarInUse', {
          name: calendar.name,
          count: calendar.policies.length,
          policies: calendar.policies.map((p) => p.name).join(', '),
        }),
      );
    }
    return { name: calendar.name };
  });
}

// -- policies

export function listPolicies(ctx: SupportConfigContext, actor: StaffActor) {
  return listConfig(ctx, 'settings:view', loadPolicies, actor);
}

export function getPolicy(ctx: SupportConfigContext, actor: StaffActor, id: number) {
  return getConfig(ctx, 'settings:view', onePolicy, actor, id);
}

export async function createPolicy(
  ctx: SupportConfigContext,
  actor: StaffActor,
  input: z.output<typeof slaPolicyBody>,
  meta: RequestMeta,
): Promise<SlaPolicyResponse> {
  return writeConfig(
    ctx,
    policyConfig,
    actor,
    async (trx, at) => {
      await lockPolicies(ctx, trx);
      await assertNameFree(policyConfig, trx, input.name, null);
      await assertCalendarExists(trx, input.calendarId);
      const hasDefault = await slaRepository.hasDefault(trx);
      // The first policy there is becomes the default, so there is always exactly one.
      const isDefault = input.isDefault || !hasDefault;
      if (isDefault) await slaRepository.clearDefault(trx, at);
      const id = await slaRepository.insertPolicy(trx, {
        name: input.name,
        calendar_id: input.calendarId,
        targets: JSON.stringify(input.targets),
        pausing_statuses: JSON.stringify(input.pausingStatuses),
        is_default: flag(isDefault),
        at,
      });
      await recordConfigChange(ctx, policyConfig, trx, actor, meta, id, {
        change: 'created',
        name: input.name,
        isDefault,
      });
      return onePolicy(trx, id);
    },
    input.name,
  );
}

export async function updatePolicy(
  ctx: SupportConfigContext,
  actor: StaffActor,
  policyId: number,
  patch: z.output<typeof slaPolicyPatch>,
  meta: RequestMeta,
): Promise<SlaPolicyResponse> {
  return writeConfig(
    ctx,
    policyConfig,
    actor,
    async (trx, at) => {
      await lockPolicies(ctx, trx);
      const row = await slaRepository.findPolicy(trx, policyId);
      if (!row) throw errors.notFound(message('errors:notFound.policy'));
      if (patch.isDefault === false && row.is_default === 1) {
        throw errors.validation(
          { isDefault: message('errors:supportConfig.defaultPolicyField') },
          message('errors:supportConfig.defaultPolicy'),
        );
      }
      const values: PolicyValues = {};
      if (patch.name !== undefined && patch.name !== row.name) {
        await assertNameFree(policyConfig, trx, patch.name, policyId);
        values.name = patch.name;
      }
      if (patch.calendarId !== undefined && patch.calendarId !== row.calendar_id) {
        await assertCalendarExists(trx, patch.calendarId);
        values.calendar_id = patch.calendarId;
      }
      if (patch.targets !== undefined) {
        const targets = JSON.stringify(patch.targets);
        if (targets !== JSON.stringify(parseTargets(row.targets))) values.targets = targets;
      }
      if (patch.pausingStatuses !== undefined) {
        const statuses = JSON.stringify(patch.pausingStatuses);
        if (statuses !== row.pausing_statuses) values.pausing_statuses = statuses;
      }
      if (patch.isDefault === true && row.is_default !== 1) {
        await slaRepository.clearDefault(trx, at);
        values.is_default = 1;
      }
      if (Object.keys(values).length > 0) {
        await slaRepository.updatePolicy(trx, policyId, values, at);
        const names: Record<string, string> = {
          calendar_id: 'calendarId',
          pausing_statuses: 'pausingStatuses',
          is_default: 'isDefault',
        };
        await recordConfigChange(ctx, policyConfig, trx, actor, meta, policyId, {
          change: values.is_default ? 'made-default' : 'updated',
          name: values.name ?? row.name,
          changed: Object.keys(values).map((k) => names[k] ?? k),
        });
      }
      return onePolicy(trx, policyId);
    },
    patch.name,
  );
}

export async function deletePolicy(
  ctx: SupportConfigContext,
  actor: StaffActor,
  policyId: number,
  meta: RequestMeta,
): Promise<void> {
  await removeConfig(ctx, policyConfig, actor, policyId, meta, async (trx) => {
    await lockPolicies(ctx, trx);
    const policy = await onePolicy(trx, policyId);
    if (policy.isDefault) {
      throw errors.conflict(
        'policy_is_default',
        message('errors:supportConfig.policyIsDefault', { name: policy.name }),
      );
    }
    if (policy.inUse) {
      throw errors.conflict(
        'policy_in_use',
        message('errors:supportConfig.policyInUse', { name: policy.name }),
      );
    }
    return { name: policy.name };
  });
}

export const slaConfigUseCases = {
  listCalendars,
  getCalendar,
  createCalendar,
  updateCalendar,
  deleteCalendar,
  listPolicies,
  getPolicy,
  createPolicy,
  updatePolicy,
  deletePolicy,
};

export type SlaConfigService = Bound<SupportConfigContext, typeof slaConfigUseCases>;

/**
 * Business-hours calendars and SLA policies. A ticket copies its policy's targets when they are set, so
 * editing a policy never moves an existing ticket's due dates.
 */
export function createSlaConfigService(ctx: SupportConfigContext): SlaConfigService {
  return bindContext(ctx, slaConfigUseCases);
}
