import type { z } from 'zod';
import type {
  categoryCreateBody,
  categoryPatchBody,
  TicketCategory,
} from '../../../shared/schemas/support-config.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { TicketCategoryTable } from '../../platform/db/schema.ts';
import { errors } from '../../platform/errors.ts';
import { type ConfigDeps, configWrites, moveTo, renumber, requirePermission } from './common.ts';

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

const taken = (name: string) =>
  `A category named “${name}” already exists (perhaps archived). Choose another name, or restore that one.`;

function ordered(db: DbOrTrx) {
  return db.selectFrom('ticket_categories').selectAll().orderBy('position').orderBy('name').orderBy('id');
}

async function fetchOne(db: DbOrTrx, id: number): Promise<TicketCategory> {
  return present(
    await db.selectFrom('ticket_categories').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
}

export type CategoriesService = ReturnType<typeof createCategoriesService>;

/** Ticket categories: staff name and order them; archived ones stay on old tickets but are not offered. */
export function createCategoriesService(deps: ConfigDeps) {
  const { database } = deps;
  const categories = configWrites(deps, {
    permission: 'settings:edit',
    table: 'ticket_categories',
    action: 'support.category_changed',
    targetType: 'ticket_category',
    unique: { column: 'name', taken },
  });

  return {
    async list(actor: StaffActor): Promise<{ items: TicketCategory[] }> {
      requirePermission(actor, 'tickets:view');
      const rows = await ordered(database.forActor(actor).db).execute();
      return { items: rows.map(present) };
    },

    async create(
      actor: StaffActor,
      input: z.output<typeof categoryCreateBody>,
      meta: RequestMeta,
    ): Promise<TicketCategory> {
      return categories.write(
        actor,
        async (trx, at) => {
          await categories.assertNameFree(trx, input.name, null);
          const rows = await ordered(trx).execute();
          const { id } = await trx
            .insertInto('ticket_categories')
            .values({ name: input.name, position: rows.length, created_at: at, updated_at: at })
            .returning('id')
            .executeTakeFirstOrThrow();
          const ids = rows.map((r) => r.id);
          const order = moveTo([...ids, id], id, input.position ?? ids.length);
          const current = new Map(rows.map((r) => [r.id, r.position]));
          current.set(id, rows.length);
          await renumber(trx, 'ticket_categories', order, current, at);
          await categories.record(trx, actor, meta, id, { change: 'created', name: input.name });
          return fetchOne(trx, id);
        },
        input.name,
      );
    },

    async update(
      actor: StaffActor,
      categoryId: number,
      patch: z.output<typeof categoryPatchBody>,
      meta: RequestMeta,
    ): Promise<TicketCategory> {
      return categories.write(
        actor,
        async (trx, at) => {
          const rows = await ordered(trx).execute();
          const row = rows.find((r) => r.id === categoryId);
          if (!row) throw errors.notFound('That category');
          const changes: string[] = [];
          const values: { name?: string; archived_at?: string | null } = {};
          if (patch.name !== undefined && patch.name !== row.name) {
            await categories.assertNameFree(trx, patch.name, categoryId);
            values.name = patch.name;
            changes.push('renamed');
          }
          if (patch.archived !== undefined && patch.archived !== (row.archived_at !== null)) {
            values.archived_at = patch.archived ? at : null;
            changes.push(patch.archived ? 'archived' : 'restored');
          }
          if (Object.keys(values).length > 0) {
            await trx
              .updateTable('ticket_categories')
              .set({ ...values, updated_at: at })
              .where('id', '=', categoryId)
              .execute();
          }
          if (patch.position !== undefined) {
            const ids = rows.map((r) => r.id);
            const order = moveTo(ids, categoryId, patch.position);
            if (order.indexOf(categoryId) !== ids.indexOf(categoryId)) changes.push('moved');
            await renumber(trx, 'ticket_categories', order, new Map(rows.map((r) => [r.id, r.position])), at);
          }
          if (changes.length > 0) {
            await categories.record(trx, actor, meta, categoryId, {
              change: changes.join(','),
              name: values.name ?? row.name,
              ...(values.name ? { previousName: row.name } : {}),
            });
          }
          return fetchOne(trx, categoryId);
        },
        patch.name,
      );
    },
  };
}
