import type { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import type {
  categoryCreateBody,
  categoryPatchBody,
  TicketCategory,
} from '../../../shared/schemas/support-config.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { type Bound, bindContext } from '../../platform/context.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { TicketCategoryTable } from '../../platform/db/schema.ts';
import { errors } from '../../platform/errors.ts';
import { categoriesRepository } from './categories.repository.ts';
import {
  assertNameFree,
  type ConfigResource,
  moveTo,
  recordConfigChange,
  renumber,
  requirePermission,
  writeConfig,
} from './common.ts';
import type { SupportConfigContext } from './support-config.context.ts';

type Row = Omit<TicketCategoryTable, 'id' | 'position'> & { id: number; position: number };

function present(row: Row): TicketCategory {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    archived: row.archived_at !== null,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const taken = (name: string) => message('errors:supportConfig.categoryNameTaken', { name });

async function fetchOne(db: DbOrTrx, id: number): Promise<TicketCategory> {
  return present(await categoriesRepository.get(db, id));
}

const categoryConfig: ConfigResource = {
  permission: 'settings:edit',
  table: 'ticket_categories',
  action: 'support.category_changed',
  targetType: 'ticket_category',
  unique: { column: 'name', taken },
};

export async function listCategories(
  ctx: SupportConfigContext,
  actor: StaffActor,
): Promise<{ items: TicketCategory[] }> {
  requirePermission(actor, 'tickets:view');
  const rows = await categoriesRepository.ordered(ctx.database.forActor(actor).db);
  return { items: rows.map(present) };
}

export async function createCategory(
  ctx: SupportConfigContext,
  actor: StaffActor,
  input: z.output<typeof categoryCreateBody>,
  meta: RequestMeta,
): Promise<TicketCategory> {
  return writeConfig(
    ctx,
    categoryConfig,
    actor,
    async (trx, at) => {
      await assertNameFree(categoryConfig, trx, input.name, null);
      const rows = await categoriesRepository.ordered(trx);
      const id = await categoriesRepository.insert(trx, { name: input.name, position: rows.length, at });
      const ids = rows.map((r) => r.id);
      const order = moveTo([...ids, id], id, input.position ?? ids.length);
      const current = new Map(rows.map((r) => [r.id, r.position]));
      current.set(id, rows.length);
      await renumber(trx, 'ticket_categories', order, current, at);
      await recordConfigChange(ctx, categoryConfig, trx, actor, meta, id, {
        change: 'created',
        name: input.name,
      });
      return fetchOne(trx, id);
    },
    input.name,
  );
}

export async function updateCategory(
  ctx: SupportConfigContext,
  actor: StaffActor,
  categoryId: number,
  patch: z.output<typeof categoryPatchBody>,
  meta: RequestMeta,
): Promise<TicketCategory> {
  return writeConfig(
    ctx,
    categoryConfig,
    actor,
    async (trx, at) => {
      const rows = await categoriesRepository.ordered(trx);
      const row = rows.find((r) => r.id === categoryId);
      if (!row) throw errors.notFound(message('errors:notFound.category'));
      const changes: string[] = [];
      const values: { name?: string; archived_at?: string | null } = {};
      if (patch.name !== undefined && patch.name !== row.name) {
        await assertNameFree(categoryConfig, trx, patch.name, categoryId);
        values.name = patch.name;
        changes.push('renamed');
      }
      if (patch.archived !== undefined && patch.archived !== (row.archived_at !== null)) {
        values.archived_at = patch.archived ? at : null;
        changes.push(patch.archived ? 'archived' : 'restored');
      }
      if (Object.keys(values).length > 0) {
        await categoriesRepository.update(trx, categoryId, values, at);
      }
      if (patch.position !== undefined) {
        const ids = rows.map((r) => r.id);
        const order = moveTo(ids, categoryId, patch.position);
        if (order.indexOf(categoryId) !== ids.indexOf(categoryId)) changes.push('moved');
        await renumber(trx, 'ticket_categories', order, new Map(rows.map((r) => [r.id, r.position])), at);
      }
      if (changes.length > 0) {
        await recordConfigChange(ctx, categoryConfig, trx, actor, meta, categoryId, {
          change: changes.join(','),
          name: values.name ?? row.name,
          ...(values.name ? { previousName: row.name } : {}),
        });
      }
      return fetchOne(trx, categoryId);
    },
    patch.name,
  );
}

export const categoriesUseCases = {
  list: listCategories,
  create: createCategory,
  update: updateCategory,
};

export type CategoriesService = Bound<SupportConfigContext, typeof categoriesUseCases>;

/** Ticket categories: staff name and order them; archived ones stay on old tickets but are not offered. */
export function createCategoriesService(ctx: SupportConfigContext): CategoriesService {
  return bindContext(ctx, categoriesUseCases);
}
