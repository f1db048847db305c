import type { z } from 'zod';
import { renderMarkdown } from '../../../shared/markdown.ts';
import type {
  CannedResponseDetail,
  CannedResponseList,
  cannedResponseBody,
  cannedResponsePatch,
  cannedResponseQuery,
} from '../../../shared/schemas/support-config.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { type ConfigDeps, configWrites, containsText, requirePermission } from './common.ts';

/** The most a list answers with; a search narrows it down. */
export const CANNED_LIST_MAX = 500;

const titleTaken = (title: string) =>
  `A canned response titled “${title}” already exists. Choose another title, or edit that one.`;

async function detail(db: DbOrTrx, id: number): Promise<CannedResponseDetail> {
  const row = await db
    .selectFrom('canned_responses as r')
    .leftJoin('accounts as a', 'a.id', 'r.created_by')
    .selectAll('r')
    .select('a.name as created_by_name')
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound('That canned response');
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    bodyHtml: renderMarkdown(row.body),
    updatedAt: row.updated_at,
    createdAt: row.created_at,
    createdByName: row.created_by_name,
  };
}

export type CannedResponsesService = ReturnType<typeof createCannedResponsesService>;

/** Canned responses: reusable Markdown replies that anyone who works on tickets may use and curate. */
export function createCannedResponsesService(deps: ConfigDeps) {
  const { database } = deps;
  const canned = configWrites(deps, {
    permission: 'tickets:manage',
    table: 'canned_responses',
    action: 'support.canned_response_changed',
    targetType: 'canned_response',
    unique: { column: 'title', taken: titleTaken },
  });

  return {
    async list(actor: StaffActor, query: z.output<typeof cannedResponseQuery>): Promise<CannedResponseList> {
      requirePermission(actor, 'tickets:manage');
      const { db } = database.forActor(actor);
      let select = db
        .selectFrom('canned_responses')
        .select(['id', 'title', 'body', 'updated_at'])
        .orderBy('title')
        .orderBy('id')
        .limit(CANNED_LIST_MAX);
      if (query.q) {
        const q = query.q;
        select = select.where((eb) => eb.or([containsText('title', q), containsText('body', q)]));
      }
      const rows = await select.execute();
      return {
        items: rows.map((r) => ({ id: r.id, title: r.title, body: r.body, updatedAt: r.updated_at })),
      };
    },

    async get(actor: StaffActor, id: number): Promise<CannedResponseDetail> {
      requirePermission(actor, 'tickets:manage');
      return detail(database.forActor(actor).db, id);
    },

    async create(
      actor: StaffActor,
      input: z.output<typeof cannedResponseBody>,
      meta: RequestMeta,
    ): Promise<CannedResponseDetail> {
      return canned.write(
        actor,
        async (trx, at) => {
          await canned.assertNameFree(trx, input.title, null);
          const { id } = await trx
            .insertInto('canned_responses')
            .values({
              title: input.title,
              body: input.body,
              created_by: actor.accountId,
              created_at: at,
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await canned.record(trx, actor, meta, id, { change: 'created', title: input.title });
          return detail(trx, id);
        },
        input.title,
      );
    },

    async update(
      actor: StaffActor,
      id: number,
      patch: z.output<typeof cannedResponsePatch>,
      meta: RequestMeta,
    ): Promise<CannedResponseDetail> {
      return canned.write(
        actor,
        async (trx, at) => {
          const row = await trx
            .selectFrom('canned_responses')
            .selectAll()
            .where('id', '=', id)
            .executeTakeFirst();
          if (!row) throw errors.notFound('That canned response');
          const values: { title?: string; body?: string } = {};
          if (patch.title !== undefined && patch.title !== row.title) {
            await canned.assertNameFree(trx, patch.title, id);
            values.title = patch.title;
          }
          if (patch.body !== undefined && patch.body !== row.body) values.body = patch.body;
          if (Object.keys(values).length > 0) {
            await trx
              .updateTable('canned_responses')
              .set({ ...values, updated_at: at })
              .where('id', '=', id)
              .execute();
            await canned.record(trx, actor, meta, id, {
              change: 'updated',
              title: values.title ?? row.title,
              changed: Object.keys(values),
            });
          }
          return detail(trx, id);
        },
        patch.title,
      );
    },

    async remove(actor: StaffActor, id: number, meta: RequestMeta): Promise<void> {
      await canned.remove(actor, id, meta, async (trx) => {
        const row = await trx
          .selectFrom('canned_responses')
          .select(['id', 'title'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (!row) throw errors.notFound('That canned response');
        return { title: row.title };
      });
    },
  };
}
