import { message } from '../../../shared/i18n/i18n.ts';
import type { ColleagueListResponse, ColleagueResponse } from '../../../shared/schemas/contacts.ts';
import { requireAccess } from '../../platform/access/require-access.ts';
import type { ContactActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import type { ColleagueListInput, ContactsContext, CreateInput, PatchInput } from './contacts.context.ts';
import { accessAfter, canManage, checkGrant, checkTarget, contactPolicies } from './contacts.policies.ts';
import { presentColleague } from './contacts.presenter.ts';
import { contactsRepository } from './contacts.repository.ts';
import { applyStatus, createIn, portalCtx, updateIn } from './contacts.writes.ts';

/** The portal: a contact's colleagues, always within the contact's own client. */

export async function listColleagues(
  ctx: ContactsContext,
  actor: ContactActor,
  query: ColleagueListInput,
): Promise<ColleagueListResponse> {
  const { database } = ctx;
  const { db } = database.forActor(actor);
  await requireAccess(db, contactPolicies.view);
  const rows = await contactsRepository.listColleagues(db, actor, {
    q: query.q || undefined,
    // Only those who manage contacts see who was deactivated (they are the ones who can undo it).
    status: canManage(actor) ? query.status : 'active',
    login: 'any',
    sort: 'name',
    order: 'asc',
    cursor: decodeCursor(query.cursor),
    limit: query.limit,
  });
  const page = pageOf(rows, query.limit, (r) => r.name);
  return { items: page.items.map((r) => presentColleague(r, actor)), nextCursor: page.nextCursor };
}

export async function getColleague(
  ctx: ContactsContext,
  actor: ContactActor,
  contactId: number,
): Promise<ColleagueResponse> {
  const { database } = ctx;
  const { db } = database.forActor(actor);
  await requireAccess(db, contactPolicies.view);
  const row = await contactsRepository.findColleague(db, actor, contactId);
  if (!row || (row.status !== 'active' && !canManage(actor)))
    throw errors.notFound(message('errors:notFound.colleague'));
  return presentColleague(row, actor);
}

export async function createColleague(
  ctx: ContactsContext,
  actor: ContactActor,
  input: CreateInput,
  meta: RequestMeta,
): Promise<ColleagueResponse> {
  const { database } = ctx;
  const { db, transaction } = database.forActor(actor);
  await requireAccess(db, contactPolicies.manage);
  checkGrant(actor, { presets: input.presets, switches: input.switches });
  return transaction(async (trx) => {
    const id = await createIn(ctx, trx, portalCtx(actor, meta), input);
    const row = await contactsRepository.findColleague(trx, actor, id);
    if (!row) throw errors.notFound(message('errors:notFound.colleague'));
    return presentColleague(row, actor);
  });
}

export async function updateColleague(
  ctx: ContactsContext,
  actor: ContactActor,
  contactId: number,
  patch: PatchInput,
  meta: RequestMeta,
): Promise<ColleagueResponse> {
  const { database } = ctx;
  const { db, transaction } = database.forActor(actor);
  await requireAccess(db, contactPolicies.manage);
  return transaction(async (trx) => {
    const row = await contactsRepository.findColleague(trx, actor, contactId);
    if (!row) throw errors.notFound(message('errors:notFound.colleague'));
    checkTarget(actor, row);
    const access = accessAfter(row, patch);
    if (access.changed) {
      if (row.id === actor.contactId) {
        throw errors.forbidden(message('errors:contacts.ownAccess'));
      }
      checkGrant(actor, access.after);
    }
    await updateIn(ctx, trx, portalCtx(actor, meta), row, patch);
    const fresh = await contactsRepository.findColleague(trx, actor, contactId);
    if (!fresh) throw errors.notFound(message('errors:notFound.colleague'));
    return presentColleague(fresh, actor);
  });
}

export async function setColleagueStatus(
  ctx: ContactsContext,
  actor: ContactActor,
  contactId: number,
  status: 'active' | 'inactive',
  meta: RequestMeta,
): Promise<ColleagueResponse> {
  const { database } = ctx;
  const { db, transaction } = database.forActor(actor);
  await requireAccess(db, contactPolicies.manage);
  return transaction(async (trx) => {
    const row = await contactsRepository.findColleague(trx, actor, contactId);
    if (!row) throw errors.notFound(message('errors:notFound.colleague'));
    if (row.id === actor.contactId) {
      throw errors.forbidden(message('errors:contacts.deactivateSelf'));
    }
    checkTarget(actor, row);
    await applyStatus(ctx, trx, portalCtx(actor, meta), row, status);
    const fresh = await contactsRepository.findColleague(trx, actor, contactId);
    if (!fresh) throw errors.notFound(message('errors:notFound.colleague'));
    return presentColleague(fresh, actor);
  });
}
