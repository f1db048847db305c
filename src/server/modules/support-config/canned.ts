import type { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
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
import { type Bound, bindContext } from '../../platform/context.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { cannedRepository } from './canned.repository.ts';
import {
  assertNameFree,
  type ConfigResource,
  recordConfigChange,
  removeConfig,
  requirePermission,
  writeConfig,
} from './common.ts';
import type { SupportConfigContext } from './support-config.context.ts';

/** The most a list answers with; a search narrows it down. */
export const CANNED_LIST_MAX = 500;

const titleTaken = (title: string) => message('errors:supportConfig.cannedTitleTaken', { title });

async function detail(db: DbOrTrx, id: number): Promise<CannedResponseDetail> {
  const row = await cannedRepository.detail(db, id);
  if (!row) throw errors.notFound(message('errors:notFound.cannedResponse'));
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

const cannedConfig: ConfigResource = {
  permission: 'tickets:manage',
  table: 'canned_responses',
  action: 'support.canned_response_changed',
  targetType: 'canned_response',
  unique: { column: 'title', taken: titleTaken },
};

export async function listCannedResponses(
  ctx: SupportConfigContext,
  actor: StaffActor,
  query: z.output<typeof cannedResponseQuery>,
): Promise<CannedResponseList> {
  requirePermission(actor, 'tickets:manage');
  const { db } = ctx.database.forActor(actor);
  const rows = await cannedRepository.list(db, query.q || undefined, CANNED_LIST_MAX);
  return {
    items: rows.map((r) => ({ id: r.id, title: r.title, body: r.body, updatedAt: r.updated_at })),
  };
}

export async function getCannedResponse(
  ctx: SupportConfigContext,
  actor: StaffActor,
  id: number,
): Promise<CannedResponseDetail> {
  requirePermission(actor, 'tickets:manage');
  return detail(ctx.database.forActor(actor).db, id);
}

export async function createCannedResponse(
  ctx: SupportConfigContext,
  actor: StaffActor,
  input: z.output<typeof cannedResponseBody>,
  meta: RequestMeta,
): Promise<CannedResponseDetail> {
  return writeConfig(
    ctx,
    cannedConfig,
    actor,
    async (trx, at) => {
      await assertNameFree(cannedConfig, trx, input.title, null);
      const id = await cannedRepository.insert(trx, {
        title: input.title,
        body: input.body,
        created_by: actor.accountId,
        at,
      });
      await recordConfigChange(ctx, cannedConfig, trx, actor, meta, id, {
        change: 'created',
        title: input.title,
      });
      return detail(trx, id);
    },
    input.title,
  );
}

export async function updateCannedResponse(
  ctx: SupportConfigContext,
  actor: StaffActor,
  id: number,
  patch: z.output<typeof cannedResponsePatch>,
  meta: RequestMeta,
): Promise<CannedResponseDetail> {
  return writeConfig(
    ctx,
    cannedConfig,
    actor,
    async (trx, at) => {
      const row = await cannedRepository.find(trx, id);
      if (!row) throw errors.notFound(message('errors:notFound.cannedResponse'));
      const values: { title?: string; body?: string } = {};
      if (patch.title !== undefined && patch.title !== row.title) {
        await assertNameFree(cannedConfig, trx, patch.title, id);
        values.title = patch.title;
      }
      if (patch.body !== undefined && patch.body !== row.body) values.body = patch.body;
      if (Object.keys(values).length > 0) {
        await cannedRepository.update(trx, id, values, at);
        await recordConfigChange(ctx, cannedConfig, trx, actor, meta, id, {
          change: 'updated',
          title: values.title ?? row.title,
          changed: Object.keys(values),
        });
      }
      return detail(trx, id);
    },
    patch.title,
  );
}

export async function removeCannedResponse(
  ctx: SupportConfigContext,
  actor: StaffActor,
  id: number,
  meta: RequestMeta,
): Promise<void> {
  await removeConfig(ctx, cannedConfig, actor, id, meta, async (trx) => {
    const row = await cannedRepository.findTitle(trx, id);
    if (!row) throw errors.notFound(message('errors:notFound.cannedResponse'));
    return { title: row.title };
  });
}

export const cannedResponsesUseCases = {
  list: listCannedResponses,
  get: getCannedResponse,
  create: createCannedResponse,
  update: updateCannedResponse,
  remove: removeCannedResponse,
};

export type CannedResponsesService = Bound<SupportConfigContext, typeof cannedResponsesUseCases>;

/** Canned responses: reusable Markdown replies that anyone who works on tickets may use and curate. */
export function createCannedResponsesService(ctx: SupportConfigContext): CannedResponsesService {
  return bindContext(ctx, cannedResponsesUseCases);
}
