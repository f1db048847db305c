import type { z } from 'zod';
import {
  type ContactPermission,
  type ContactPreset,
  type ContactSwitches,
  effectivePermissions,
} from '../../../shared/permissions.ts';
import type {
  ColleagueListResponse,
  ColleagueResponse,
  ContactImportResponse,
  ContactListResponse,
  ContactResponse,
  colleagueListQuery,
  contactCreateBody,
  contactListQuery,
  contactPatchBody,
  ImportProblem,
} from '../../../shared/schemas/contacts.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Actor, Clock, ContactActor, StaffActor } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
import { toCsv } from '../../platform/csv.ts';
import type { Database, DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { clientsDirectory } from '../clients/clients.service.ts';
import { readContactsCsv } from './contacts.import.ts';
import {
  canonicalPresets,
  canonicalSwitches,
  parsePresets,
  parseSwitches,
  permissionsOf,
  presentColleague,
  presentContact,
} from './contacts.presenter.ts';
import { type ContactRow, type ContactValues, contactsRepository } from './contacts.repository.ts';

type CreateInput = z.output<typeof contactCreateBody>;
type PatchInput = z.output<typeof contactPatchBody>;
type ListInput = z.output<typeof contactListQuery>;
type ColleagueListInput = z.output<typeof colleagueListQuery>;

/** Where a write happens and who makes it; `portal` words messages for a contact rather than staff. */
interface WriteContext {
  actor: Actor;
  clientId: number;
  meta: RequestMeta;
  portal: boolean;
}

interface Access {
  presets: ContactPreset[];
  switches: ContactSwitches;
}

/**
 * Contacts for other modules (invitations, preview): read with the caller's db or transaction. No
 * access check here; the caller has checked that the actor is staff allowed to see this client.
 */
export const contactsService = Object.freeze({
  /** The contact of this client, as staff see it; 404 when missing or of another client. */
  async getForStaff(db: DbOrTrx, clientId: number, contactId: number): Promise<ContactResponse> {
    const row = await contactsRepository.findInClient(db, clientId, contactId);
    if (!row) throw errors.notFound('That contact');
    return presentContact(row);
  },

  /** The contacts of this client among `contactIds` (others are left out), in id order. */
  async listByIds(db: DbOrTrx, clientId: number, contactIds: number[]): Promise<ContactResponse[]> {
    return (await contactsRepository.findManyInClient(db, clientId, contactIds)).map(presentContact);
  },

  /** The permissions a contact holds from its presets and switches. */
  permissionsOf(contact: { presets: readonly ContactPreset[]; switches: ContactSwitches }) {
    return effectivePermissions(contact.presets, contact.switches);
  },
});

/**
 * Who may see and change contacts (see requireAccess): staff with the clients permissions, and in the
 * portal a contact allowed to see or manage their colleagues (the access layer keeps them to their
 * own client).
 */
export const contactPolicies = {
  view: {
    what: 'That contact',
    table: 'contacts',
    staff: { permission: 'clients:view', denied: 'Your role cannot see clients or their contacts.' },
    contact: {
      anyOf: ['contacts:view', 'contacts:manage'],
      denied: 'Your access does not include seeing your colleagues.',
    },
  },
  manage: {
    what: 'That contact',
    table: 'contacts',
    staff: { permission: 'clients:manage', denied: 'Your role can look at contacts but not change them.' },
    contact: { anyOf: ['contacts:manage'], denied: 'Your access does not include managing your colleagues.' },
  },
} as const satisfies Record<string, AccessPolicy>;

function canManage(actor: ContactActor): boolean {
  return actor.permissions.has('contacts:manage');
}

// A broader permission covers the narrower one: a Technical contact (all company assets) may hand
// out Standard (assets assigned to them) even though the narrower name is not in its own set.
const coveredBy: Partial<Record<ContactPermission, ContactPermission>> = {
  'tickets:view-own': 'tickets:view-company',
  'assets:view-assigned': 'assets:view',
  'contacts:view': 'contacts:manage',
};

function missingFrom(actor: ContactActor, permissions: readonly ContactPermission[]): ContactPermission[] {
  return permissions.filter((p) => {
    const broader = coveredBy[p];
    return !actor.permissions.has(p) && !(broader && actor.permissions.has(broader));
  });
}

/** A contact may hand out only access they hold themselves. */
function checkGrant(actor: ContactActor, access: Access): void {
  const missing = missingFrom(actor, effectivePermissions(access.presets, access.switches));
  if (missing.length > 0) {
    throw errors.forbidden(
      `You cannot give access you do not have yourself (${missing.join(', ')}). Choose less, or ask your provider.`,
    );
  }
}

/** ...and may change only colleagues whose access they hold themselves, so nobody manages a superior. */
function checkTarget(actor: ContactActor, row: ContactRow): void {
  const missing = missingFrom(actor, permissionsOf(row));
  if (missing.length > 0) {
    throw errors.forbidden(
      `${row.name} has access you do not have yourself (${missing.join(', ')}), so you cannot change their record. Ask your provider.`,
    );
  }
}

function accessAfter(
  row: ContactRow,
  patch: PatchInput,
): { before: Access; after: Access; changed: boolean } {
  const before = { presets: parsePresets(row.presets), switches: parseSwitches(row.switches) };
  const after = {
    presets: patch.presets ? canonicalPresets(patch.presets) : before.presets,
    switches: patch.switches ? canonicalSwitches(patch.switches) : before.switches,
  };
  const changed =
    JSON.stringify(after.presets) !== JSON.stringify(before.presets) ||
    JSON.stringify(after.switches) !== JSON.stringify(before.switches);
  return { before, after, changed };
}

function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}

function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return s || 'client';
}

export type ContactsService = ReturnType<typeof createContactsService>;

export function createContactsService(deps: { database: Database; clock: Clock; audit: Audit }) {
  const { database, clock, audit } = deps;

  async function requireClient(db: DbOrTrx, clientId: number): Promise<string> {
    const name = await clientsDirectory.name(db, clientId);
    if (name === null) throw errors.notFound('That client');
    return name;
  }

  async function requireContact(db: DbOrTrx, clientId: number, contactId: number): Promise<ContactRow> {
    const row = await contactsRepository.findInClient(db, clientId, contactId);
    if (!row) throw errors.notFound('That contact');
    return row;
  }

  async function emailFree(db: DbOrTrx, ctx: WriteContext, email: string, exceptId: number | null) {
    const used = await contactsRepository.emailsUsedInClient(db, ctx.clientId, [email], exceptId);
    if (used.size > 0) {
      const message = ctx.portal
        ? 'A colleague already has this email address.'
        : 'Another contact of this client already has this email address.';
      throw errors.validation({ email: message }, message);
    }
  }

  async function createIn(trx: DbOrTrx, ctx: WriteContext, input: CreateInput): Promise<number> {
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

  async function updateIn(trx: DbOrTrx, ctx: WriteContext, row: ContactRow, patch: PatchInput) {
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
          const message = `${row.name} signs in with this address, so only they (from their profile) or your provider can change it.`;
          throw errors.validation({ email: message }, message);
        }
        if (patch.email === null) {
          const message =
            'This contact signs in with their email address; it cannot be removed while they have a portal login.';
          throw errors.validation({ email: message }, message);
        }
        if (await contactsRepository.loginEmailTaken(trx, patch.email, row.account_id)) {
          const message = 'Another portal or staff account already signs in with this email address.';
          throw errors.validation({ email: message }, message);
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
      await contactsRepository.updateLogin(
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
  async function setStatus(
    trx: DbOrTrx,
    ctx: WriteContext,
    row: ContactRow,
    status: 'active' | 'inactive',
  ): Promise<void> {
    if (row.status === status) return;
    const at = clock().toISOString();
    await contactsRepository.update(trx, ctx.clientId, row.id, { status }, at);
    if (row.account_id !== null) {
      await contactsRepository.setLoginStatus(trx, row.id, status === 'active' ? 'active' : 'disabled', at);
      if (status === 'inactive') await contactsRepository.deleteSessionsOfContact(trx, row.id);
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

  function staffCtx(actor: StaffActor, clientId: number, meta: RequestMeta): WriteContext {
    return { actor, clientId, meta, portal: false };
  }

  function portalCtx(actor: ContactActor, meta: RequestMeta): WriteContext {
    return { actor, clientId: actor.clientId, meta, portal: true };
  }

  function importFailed(problems: ImportProblem[]) {
    const fields: Record<string, string> = {};
    for (const p of sortProblems(problems)) {
      const key = `line ${p.line}${p.field ? `.${p.field}` : ''}`;
      fields[key] = fields[key] ? `${fields[key]} ${p.message}` : p.message;
    }
    const n = problems.length;
    return errors.validation(
      fields,
      `Nothing was imported: the file has ${n} problem${n === 1 ? '' : 's'}. Fix ${n === 1 ? 'it' : 'them'} and import again.`,
    );
  }

  return {
    // --- Staff ---------------------------------------------------------------------------------

    async list(actor: StaffActor, clientId: number, query: ListInput): Promise<ContactListResponse> {
      const { db } = database.forActor(actor);
      await requireAccess(db, contactPolicies.view);
      await requireClient(db, clientId);
      const rows = await contactsRepository.listInClient(db, clientId, {
        q: query.q || undefined,
        status: query.status,
        login: query.login,
        sort: query.sort,
        order: query.order,
        cursor: decodeCursor(query.cursor),
        limit: query.limit,
      });
      const page = pageOf(rows, query.limit, (r) => (query.sort === 'name' ? r.name : r.created_at));
      return { items: page.items.map(presentContact), nextCursor: page.nextCursor };
    },

    async get(actor: StaffActor, clientId: number, contactId: number): Promise<ContactResponse> {
      const { db } = database.forActor(actor);
      await requireAccess(db, contactPolicies.view);
      return presentContact(await requireContact(db, clientId, contactId));
    },

    async create(
      actor: StaffActor,
      clientId: number,
      input: CreateInput,
      meta: RequestMeta,
    ): Promise<ContactResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, contactPolicies.manage);
      return transaction(async (trx) => {
        await requireClient(trx, clientId);
        const id = await createIn(trx, staffCtx(actor, clientId, meta), input);
        return presentContact(await requireContact(trx, clientId, id));
      });
    },

    async update(
      actor: StaffActor,
      clientId: number,
      contactId: number,
      patch: PatchInput,
      meta: RequestMeta,
    ): Promise<ContactResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, contactPolicies.manage);
      return transaction(async (trx) => {
        const row = await requireContact(trx, clientId, contactId);
        await updateIn(trx, staffCtx(actor, clientId, meta), row, patch);
        return presentContact(await requireContact(trx, clientId, contactId));
      });
    },

    async setStatus(
      actor: StaffActor,
      clientId: number,
      contactId: number,
      status: 'active' | 'inactive',
      meta: RequestMeta,
    ): Promise<ContactResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, contactPolicies.manage);
      return transaction(async (trx) => {
        const row = await requireContact(trx, clientId, contactId);
        await setStatus(trx, staffCtx(actor, clientId, meta), row, status);
        return presentContact(await requireContact(trx, clientId, contactId));
      });
    },

    /**
     * Reads a CSV of contacts. A preview (dryRun) answers what would be created and every problem by
     * line; a real import writes every row in one transaction, or nothing when any row is bad.
     */
    async importCsv(
      actor: StaffActor,
      clientId: number,
      csv: string,
      dryRun: boolean,
      meta: RequestMeta,
    ): Promise<ContactImportResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, contactPolicies.manage);
      await requireClient(db, clientId);
      const parsed = readContactsCsv(csv);

      const againstClient = async (db: DbOrTrx) => {
        const emails = parsed.rows.flatMap((r) => (r.email ? [r.email] : []));
        const used = await contactsRepository.emailsUsedInClient(db, clientId, emails);
        const problems: ImportProblem[] = [...parsed.errors];
        const rows = parsed.rows.filter((r) => {
          if (r.email && used.has(r.email)) {
            problems.push({
              line: r.line,
              field: 'email',
              message: `${r.email} already belongs to a contact of this client.`,
            });
            return false;
          }
          return true;
        });
        return { rows, problems: sortProblems(problems) };
      };

      if (dryRun) {
        const { rows, problems } = await againstClient(db);
        return { dryRun: true, imported: 0, rows, errors: problems };
      }
      if (parsed.errors.length > 0) throw importFailed(parsed.errors);
      return transaction(async (trx) => {
        // Checked again inside the transaction: the preview may be minutes old.
        const { rows, problems } = await againstClient(trx);
        if (problems.length > 0) throw importFailed(problems);
        const at = clock().toISOString();
        const ids: number[] = [];
        for (const r of rows) {
          ids.push(
            await contactsRepository.insert(trx, {
              client_id: clientId,
              name: r.name,
              title: r.title,
              department: r.department,
              email: r.email,
              phone: r.phone,
              mobile: r.mobile,
              presets: JSON.stringify(r.presets),
              switches: '{}',
              at,
            }),
          );
        }
        await audit.record(trx, {
          actor,
          action: 'contact.imported',
          clientId,
          target: { type: 'client', id: clientId },
          details: { count: ids.length, firstContactId: ids[0] ?? null, lastContactId: ids.at(-1) ?? null },
          meta,
        });
        return { dryRun: false, imported: ids.length, rows, errors: [] };
      });
    },

    /** One client's contacts, or every client's (clientId null), as CSV that an import reads back. */
    async exportCsv(
      actor: StaffActor,
      clientId: number | null,
      meta: RequestMeta,
    ): Promise<{ filename: string; csv: string }> {
      const { db } = database.forActor(actor);
      await requireAccess(db, contactPolicies.view);
      const clientName = clientId === null ? null : await requireClient(db, clientId);
      const rows = await contactsRepository.exportRows(db, clientId);
      const header = [
        ...(clientId === null ? ['client'] : []),
        'name',
        'email',
        'title',
        'department',
        'phone',
        'mobile',
        'preset',
        'status',
        'portal_login',
        'last_sign_in',
      ];
      const csv = toCsv(
        header,
        rows.map((r) => [
          ...(clientId === null ? [r.client_name] : []),
          r.name,
          r.email,
          r.title,
          r.department,
          r.phone,
          r.mobile,
          parsePresets(r.presets).join('+'),
          r.status,
          r.account_id === null ? 'none' : (r.login_status ?? 'disabled'),
          r.last_login_at,
        ]),
      );
      await audit.record(db, {
        actor,
        action: 'contact.exported',
        clientId,
        ...(clientId !== null ? { target: { type: 'client', id: clientId } } : {}),
        details: { count: rows.length, scope: clientId === null ? 'all clients' : 'client' },
        meta,
      });
      const date = clock().toISOString().slice(0, 10);
      const filename =
        clientName === null ? `contacts-all-${date}.csv` : `contacts-${slug(clientName)}-${date}.csv`;
      return { filename, csv };
    },

    // --- Portal: a contact's colleagues, always within the contact's own client -----------------

    async listColleagues(actor: ContactActor, query: ColleagueListInput): Promise<ColleagueListResponse> {
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
    },

    async getColleague(actor: ContactActor, contactId: number): Promise<ColleagueResponse> {
      const { db } = database.forActor(actor);
      await requireAccess(db, contactPolicies.view);
      const row = await contactsRepository.findColleague(db, actor, contactId);
      if (!row || (row.status !== 'active' && !canManage(actor))) throw errors.notFound('That colleague');
      return presentColleague(row, actor);
    },

    async createColleague(
      actor: ContactActor,
      input: CreateInput,
      meta: RequestMeta,
    ): Promise<ColleagueResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, contactPolicies.manage);
      checkGrant(actor, { presets: input.presets, switches: input.switches });
      return transaction(async (trx) => {
        const id = await createIn(trx, portalCtx(actor, meta), input);
        const row = await contactsRepository.findColleague(trx, actor, id);
        if (!row) throw errors.notFound('That colleague');
        return presentColleague(row, actor);
      });
    },

    async updateColleague(
      actor: ContactActor,
      contactId: number,
      patch: PatchInput,
      meta: RequestMeta,
    ): Promise<ColleagueResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, contactPolicies.manage);
      return transaction(async (trx) => {
        const row = await contactsRepository.findColleague(trx, actor, contactId);
        if (!row) throw errors.notFound('That colleague');
        checkTarget(actor, row);
        const access = accessAfter(row, patch);
        if (access.changed) {
          if (row.id === actor.contactId) {
            throw errors.forbidden('You cannot change your own access; ask a colleague or your provider.');
          }
          checkGrant(actor, access.after);
        }
        await updateIn(trx, portalCtx(actor, meta), row, patch);
        const fresh = await contactsRepository.findColleague(trx, actor, contactId);
        if (!fresh) throw errors.notFound('That colleague');
        return presentColleague(fresh, actor);
      });
    },

    async setColleagueStatus(
      actor: ContactActor,
      contactId: number,
      status: 'active' | 'inactive',
      meta: RequestMeta,
    ): Promise<ColleagueResponse> {
      const { db, transaction } = database.forActor(actor);
      await requireAccess(db, contactPolicies.manage);
      return transaction(async (trx) => {
        const row = await contactsRepository.findColleague(trx, actor, contactId);
        if (!row) throw errors.notFound('That colleague');
        if (row.id === actor.contactId) {
          throw errors.forbidden('You cannot deactivate yourself; ask a colleague or your provider.');
        }
        checkTarget(actor, row);
        await setStatus(trx, portalCtx(actor, meta), row, status);
        const fresh = await contactsRepository.findColleague(trx, actor, contactId);
        if (!fresh) throw errors.notFound('That colleague');
        return presentColleague(fresh, actor);
      });
    },
  };
}
