import { sql } from 'kysely';
import type { z } from 'zod';
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
import type { DbOrTrx, Trx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { type ConfigDeps, configReads, configWrites, flag, oneOf } from './common.ts';
import { parseTargets } from './support-config.directory.ts';

// ---------------------------------------------------------------------------------------------------
// Calendars

const calendarTaken = (name: string) => `A calendar named “${name}” already exists. Choose another name.`;

async function loadCalendars(db: DbOrTrx, id?: number): Promise<SlaCalendarResponse[]> {
  let query = db.selectFrom('sla_calendars').selectAll().orderBy('name').orderBy('id');
  if (id !== undefined) query = query.where('id', '=', id);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const policies = await db
    .selectFrom('sla_policies')
    .select(['id', 'name', 'calendar_id'])
    .where(
      'calendar_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    calendar: parseStoredCalendar(row.definition),
    policies: policies.filter((p) => p.calendar_id === row.id).map((p) => ({ id: p.id, name: p.name })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

const oneCalendar = oneOf(loadCalendars, 'That calendar');

// ---------------------------------------------------------------------------------------------------
// Policies

const policyTaken = (name: string) => `A policy named “${name}” already exists. Choose another name.`;

async function loadPolicies(db: DbOrTrx, id?: number): Promise<SlaPolicyResponse[]> {
  let query = db
    .selectFrom('sla_policies as p')
    .innerJoin('sla_calendars as c', 'c.id', 'p.calendar_id')
    .selectAll('p')
    .select(['c.name as calendar_name', 'c.definition'])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('tickets as t').select('t.id').whereRef('t.sla_policy_id', '=', 'p.id'))
        .as('in_use'),
    )
    .orderBy('p.is_default', 'desc')
    .orderBy('p.name')
    .orderBy('p.id');
  if (id !== undefined) query = query.where('p.id', '=', id);
  const rows = await query.execute();
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

const onePolicy = oneOf(loadPolicies, 'That policy');

async function assertCalendarExists(db: DbOrTrx, calendarId: number): Promise<void> {
  const found = await db
    .selectFrom('sla_calendars')
    .select('id')
    .where('id', '=', calendarId)
    .executeTakeFirst();
  if (!found) throw errors.validation({ calendarId: 'Choose a calendar from the list.' });
}

export type SlaConfigService = ReturnType<typeof createSlaConfigService>;

/**
 * Business-hours calendars and SLA policies. A ticket copies its policy's targets when they are set, so
 * editing a policy never moves an existing ticket's due dates.
 */
export function createSlaConfigService(deps: ConfigDeps) {
  const { database } = deps;
  const calendarReads = configReads(deps, 'settings:view', loadCalendars, oneCalendar);
  const policyReads = configReads(deps, 'settings:view', loadPolicies, onePolicy);
  const calendars = configWrites(deps, {
    permission: 'settings:edit',
    table: 'sla_calendars',
    action: 'support.calendar_changed',
    targetType: 'sla_calendar',
    unique: { column: 'name', taken: calendarTaken },
  });
  const policies = configWrites(deps, {
    permission: 'settings:edit',
    table: 'sla_policies',
    action: 'support.policy_changed',
    targetType: 'sla_policy',
    unique: { column: 'name', taken: policyTaken },
  });

  /**
   * On PostgreSQL, locks every policy row first: two people switching the default at once then take turns,
   * and exactly one default remains. (SQLite transactions begin IMMEDIATE and are serial already.)
   */
  async function lockPolicies(trx: Trx): Promise<void> {
    if (database.dialect === 'postgres') {
      await sql`select id from sla_policies for update`.execute(trx);
    }
  }

  return {
    // -- calendars

    listCalendars: calendarReads.list,
    getCalendar: calendarReads.get,

    async createCalendar(
      actor: StaffActor,
      input: z.output<typeof slaCalendarBody>,
      meta: RequestMeta,
    ): Promise<SlaCalendarResponse> {
      return calendars.write(
        actor,
        async (trx, at) => {
          await calendars.assertNameFree(trx, input.name, null);
          const { id } = await trx
            .insertInto('sla_calendars')
            .values({
              name: input.name,
              definition: JSON.stringify(input.calendar),
              created_at: at,
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await calendars.record(trx, actor, meta, id, { change: 'created', name: input.name });
          return oneCalendar(trx, id);
        },
        input.name,
      );
    },

    async updateCalendar(
      actor: StaffActor,
      calendarId: number,
      patch: z.output<typeof slaCalendarPatch>,
      meta: RequestMeta,
    ): Promise<SlaCalendarResponse> {
      return calendars.write(
        actor,
        async (trx, at) => {
          const row = await trx
            .selectFrom('sla_calendars')
            .selectAll()
            .where('id', '=', calendarId)
            .executeTakeFirst();
          if (!row) throw errors.notFound('That calendar');
          const values: { name?: string; definition?: string } = {};
          if (patch.name !== undefined && patch.name !== row.name) {
            await calendars.assertNameFree(trx, patch.name, calendarId);
            values.name = patch.name;
          }
          if (patch.calendar !== undefined) {
            const definition = JSON.stringify(patch.calendar);
            if (definition !== row.definition) values.definition = definition;
          }
          if (Object.keys(values).length > 0) {
            await trx
              .updateTable('sla_calendars')
              .set({ ...values, updated_at: at })
              .where('id', '=', calendarId)
              .execute();
            await calendars.record(trx, actor, meta, calendarId, {
              change: 'updated',
              name: values.name ?? row.name,
              changed: Object.keys(values).map((k) => (k === 'definition' ? 'calendar' : k)),
            });
          }
          return oneCalendar(trx, calendarId);
        },
        patch.name,
      );
    },

    async deleteCalendar(actor: StaffActor, calendarId: number, meta: RequestMeta): Promise<void> {
      await calendars.remove(actor, calendarId, meta, async (trx) => {
        const calendar = await oneCalendar(trx, calendarId);
        if (calendar.policies.length > 0) {
          throw errors.conflict(
            'calendar_in_use',
            `The calendar “${calendar.name}” is used by the ${calendar.policies.length === 1 ? 'policy' : 'policies'} ${calendar.policies.map((p) => `“${p.name}”`).join(', ')}. Give ${calendar.policies.length === 1 ? 'it' : 'them'} another calendar first.`,
          );
        }
        return { name: calendar.name };
      });
    },

    // -- policies

    listPolicies: policyReads.list,
    getPolicy: policyReads.get,

    async createPolicy(
      actor: StaffActor,
      input: z.output<typeof slaPolicyBody>,
      meta: RequestMeta,
    ): Promise<SlaPolicyResponse> {
      return policies.write(
        actor,
        async (trx, at) => {
          await lockPolicies(trx);
          await policies.assertNameFree(trx, input.name, null);
          await assertCalendarExists(trx, input.calendarId);
          const hasDefault = await trx
            .selectFrom('sla_policies')
            .select('id')
            .where('is_default', '=', 1)
            .executeTakeFirst();
          // The first policy there is becomes the default, so there is always exactly one.
          const isDefault = input.isDefault || !hasDefault;
          if (isDefault) {
            await trx
              .updateTable('sla_policies')
              .set({ is_default: 0, updated_at: at })
              .where('is_default', '=', 1)
              .execute();
          }
          const { id } = await trx
            .insertInto('sla_policies')
            .values({
              name: input.name,
              calendar_id: input.calendarId,
              targets: JSON.stringify(input.targets),
              pausing_statuses: JSON.stringify(input.pausingStatuses),
              is_default: flag(isDefault),
              created_at: at,
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await policies.record(trx, actor, meta, id, { change: 'created', name: input.name, isDefault });
          return onePolicy(trx, id);
        },
        input.name,
      );
    },

    async updatePolicy(
      actor: StaffActor,
      policyId: number,
      patch: z.output<typeof slaPolicyPatch>,
      meta: RequestMeta,
    ): Promise<SlaPolicyResponse> {
      return policies.write(
        actor,
        async (trx, at) => {
          await lockPolicies(trx);
          const row = await trx
            .selectFrom('sla_policies')
            .selectAll()
            .where('id', '=', policyId)
            .executeTakeFirst();
          if (!row) throw errors.notFound('That policy');
          if (patch.isDefault === false && row.is_default === 1) {
            throw errors.validation(
              { isDefault: 'Make another policy the default instead: there is always one default.' },
              'This is the default policy.',
            );
          }
          const values: {
            name?: string;
            calendar_id?: number;
            targets?: string;
            pausing_statuses?: string;
            is_default?: 0 | 1;
          } = {};
          if (patch.name !== undefined && patch.name !== row.name) {
            await policies.assertNameFree(trx, patch.name, policyId);
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
            await trx
              .updateTable('sla_policies')
              .set({ is_default: 0, updated_at: at })
              .where('is_default', '=', 1)
              .execute();
            values.is_default = 1;
          }
          if (Object.keys(values).length > 0) {
            await trx
              .updateTable('sla_policies')
              .set({ ...values, updated_at: at })
              .where('id', '=', policyId)
              .execute();
            const names: Record<string, string> = {
              calendar_id: 'calendarId',
              pausing_statuses: 'pausingStatuses',
              is_default: 'isDefault',
            };
            await policies.record(trx, actor, meta, policyId, {
              change: values.is_default ? 'made-default' : 'updated',
              name: values.name ?? row.name,
              changed: Object.keys(values).map((k) => names[k] ?? k),
            });
          }
          return onePolicy(trx, policyId);
        },
        patch.name,
      );
    },

    async deletePolicy(actor: StaffActor, policyId: number, meta: RequestMeta): Promise<void> {
      await policies.remove(actor, policyId, meta, async (trx) => {
        await lockPolicies(trx);
        const policy = await onePolicy(trx, policyId);
        if (policy.isDefault) {
          throw errors.conflict(
            'policy_is_default',
            `“${policy.name}” is the default policy. Make another policy the default before deleting this one.`,
          );
        }
        if (policy.inUse) {
          throw errors.conflict(
            'policy_in_use',
            `Tickets are measured by “${policy.name}”, so it cannot be deleted. Their due dates depend on it.`,
          );
        }
        return { name: policy.name };
      });
    },
  };
}
