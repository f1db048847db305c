import { message } from '../../../shared/i18n/i18n.ts';
import { effectivePermissions } from '../../../shared/permissions.ts';
import type { ContactActor, StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { clientsDirectory } from '../clients/clients.service.ts';
import { identity } from '../identity/identity.service.ts';
import type { ContactsContext, CreateInput, PatchInput, WriteContext } from './contacts.context.ts';
import { accessAfter } from './contacts.policies.ts';
import { canonicalPresets, canonicalSwitches } from './contacts.presenter.ts';
import { type ContactRow, type ContactValues, contactsRepository } from './contacts.repository.ts';

/** The writes staff and portal use cases share, each inside the caller's transaction. */

export async function requireClient(db: DbOrTrx, clientId: number): Promise<string> {
  const name = await clientsDirectory.name(db, clientId);
  if (name === null) throw errors.notFound(message('errors:notFound.client'));
  return name;
}

export async function requireContact(db: DbOrTrx, clientId: number, contactId: number): Promise<ContactRow> {
  const row = await contactsRepository.findInClient(db, clientId, contactId);
  if (!row) throw errors.notFound(message('errors:notFound.contact'));
  return row;
}

export async function emailFree(db: DbOrTrx, ctx: WriteContext, email: string, exceptId: number | null) {
  const used = await contactsRepository.emailsUsedInClient(db, ctx.clientId, [email], exceptId);
  if (used.size > 0) {
    const text = ctx.portal
      ? message('errors:contacts.emailTakenByColleague')
      : message('errors:contacts.emailTakenInClient');
    throw errors.validation({ email: text }, text);
  }
}

export async function createIn(
  context: ContactsContext,
  trx: DbOrTrx,
  ctx: WriteContext,
  input: CreateInput,
): Promise<number> {
  const { clock, audit } = context;
  if (input.email) await emailFree(trx, ctx, input.email, null);
  const presets = canonicalPresets(input.presets);
  const switches = canonicalSwitches(input.switches);
  const contactId = await contactsRepository.insert(trx, {
    client_id: ctx.clientId,
    name: input.name,
    title: input.title ?? null,
    department: input.department ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    mobile: input.mobile ?? null,
    presets: JSON.stringify(presets),
    switches: JSON.stringify(switches),
    at: clock().toISOString(),
  });
  await audit.record(trx, {
    actor: ctx.actor,
    action: 'contact.created',
    clientId: ctx.clientId,
    target: { type: 'contact', id: contactId },
    details: { name: input.name, presets, switches },
    meta: ctx.meta,
  });
  return contactId;
}

export async function updateIn(
  context: ContactsContext,
  trx: DbOrTrx,
  ctx: WriteContext,
  row: ContactRow,
  patch: PatchInput,
) {
  const { clock, audit } = context;
  const at = clock().toISOString();
  const values: ContactValues = {};
  const changed: string[] = [];
  for (const key of ['name', 'title', 'department', 'phone', 'mobile'] as const) {
    const next = patch[key];
    if (next !== undefined && next !== row[key]) {
      (values as Record<string, string | null>)[key] = next;
      changed.push(key);
    }
  }
  if (patch.email !== undefined && patch.email !== row.email) {
    if (row.account_id !== null) {
      if (ctx.portal) {
        const text = message('errors:contacts.emailIsLogin', { name: row.name });
        throw errors.validation({ email: text }, text);
      }
      if (patch.email === null) {
        const text = message('errors:contacts.emailRequiredForLogin');
        throw errors.validation({ email: text }, text);
      }
      if (await identity.loginEmailTaken(trx, patch.email, row.account_id)) {
        const text = message('errors:contacts.emailTakenByAccount');
        throw errors.validation({ email: text }, text);
      }
    }
    if (patch.email !== null) await emailFree(trx, ctx, patch.email, row.id);
    values.email = patch.email;
    changed.push('email');
  }
  const access = accessAfter(row, patch);
  if (access.changed) {
    values.presets = JSON.stringify(access.after.presets);
    values.switches = JSON.stringify(access.after.switches);
  }
  if (changed.length === 0 && !access.changed) return;
  await contactsRepository.update(trx, ctx.clientId, row.id, values, at);
  if (row.account_id !== null && (values.name !== undefined || values.email)) {
    await identity.updateContactLogin(
      trx,
      row.id,
      {
        ...(values.name !== undefined ? { name: values.name } : {}),
        ...(values.email ? { email: values.email } : {}),
      },
      at,
    );
  }
  if (changed.length > 0) {
    await audit.record(trx, {
      actor: ctx.actor,
      action: 'contact.updated',
      clientId: ctx.clientId,
      target: { type: 'contact', id: row.id },
      details: { changed },
      meta: ctx.meta,
    });
  }
  if (access.changed) {
    await audit.record(trx, {
      actor: ctx.actor,
      action: 'contact.permissions_changed',
      clientId: ctx.clientId,
      target: { type: 'contact', id: row.id },
      details: {
        name: row.name,
        before: access.before,
        after: access.after,
        granted: effectivePermissions(access.after.presets, access.after.switches).filter(
          (p) => !effectivePermissions(access.before.presets, access.before.switches).includes(p),
        ),
        withdrawn: effectivePermissions(access.before.presets, access.before.switches).filter(
          (p) => !effectivePermissions(access.after.presets, access.after.switches).includes(p),
        ),
      },
      meta: ctx.meta,
    });
  }
}

/**
 * Deactivating a contact disables its login in the same transaction and ends its sessions, so it is
 * signed out at once; reactivating re-enables the login.
 */
export async function applyStatus(
  context: ContactsContext,
  trx: DbOrTrx,
  ctx: WriteContext,
  row: ContactRow,
  status: 'active' | 'inactive',
): Promise<void> {
  const { clock, audit } = context;
  if (row.status === status) return;
  const at = clock().toISOString();
  await contactsRepository.update(trx, ctx.clientId, row.id, { status }, at);
  if (row.account_id !== null) {
    await identity.setContactLoginStatus(trx, row.id, status === 'active' ? 'active' : 'disabled', at);
    if (status === 'inactive') await identity.endSessionsOfContact(trx, row.id);
  }
  await audit.record(trx, {
    actor: ctx.actor,
    action: status === 'active' ? 'contact.reactivated' : 'contact.deactivated',
    clientId: ctx.clientId,
    target: { type: 'contact', id: row.id },
    details: { name: row.name, hadLogin: row.account_id !== null },
    meta: ctx.meta,
  });
}

export function staffCtx(actor: StaffActor, clientId: number, meta: RequestMeta): WriteContext {
  return { actor, clientId, meta, portal: false };
}

export function portalCtx(actor: ContactActor, meta: RequestMeta): WriteContext {
  return { actor, clientId: actor.clientId, meta, portal: true };
}
