import { type Message, message, translate } from '../../../shared/i18n/i18n.ts';
import { DEFAULT_LANGUAGE } from '../../../shared/i18n/languages.ts';
import type {
  ContactImportResponse,
  ContactListResponse,
  ContactResponse,
} from '../../../shared/schemas/contacts.ts';
import { requireAccess } from '../../platform/access/require-access.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { toCsv } from '../../platform/csv.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import type { ContactsContext, CreateInput, ListInput, PatchInput } from './contacts.context.ts';
import { type LineProblem, readContactsCsv } from './contacts.import.ts';
import { contactPolicies } from './contacts.policies.ts';
import { parsePresets, presentContact } from './contacts.presenter.ts';
import { contactsRepository } from './contacts.repository.ts';
import {
  applyStatus,
  createIn,
  requireClient,
  requireContact,
  staffCtx,
  updateIn,
} from './contacts.writes.ts';

function sortProblems(problems: LineProblem[]): LineProblem[] {
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

function importFailed(problems: LineProblem[]) {
  // The same words the preview shows, by line (two problems of one field read one after the other).
  const fields: Record<string, Message> = {};
  for (const p of sortProblems(problems)) {
    const key = `line ${p.line}${p.field ? `.${p.field}` : ''}`;
    const before = fields[key];
    fields[key] = before
      ? message('errors:contacts.import.joined', { first: before, second: p.text })
      : p.text;
  }
  const n = problems.length;
  return errors.validation(fields, message('errors:contacts.importFailed', { count: n }));
}

export async function listContacts(
  ctx: ContactsContext,
  actor: StaffActor,
  clientId: number,
  query: ListInput,
): Promise<ContactListResponse> {
  const { database } = ctx;
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
}

export async function getContact(
  ctx: ContactsContext,
  actor: StaffActor,
  clientId: number,
  contactId: number,
): Promise<ContactResponse> {
  const { database } = ctx;
  const { db } = database.forActor(actor);
  await requireAccess(db, contactPolicies.view);
  return presentContact(await requireContact(db, clientId, contactId));
}

export async function createContact(
  ctx: ContactsContext,
  actor: StaffActor,
  clientId: number,
  input: CreateInput,
  meta: RequestMeta,
): Promise<ContactResponse> {
  const { database } = ctx;
  const { db, transaction } = database.forActor(actor);
  await requireAccess(db, contactPolicies.manage);
  return transaction(async (trx) => {
    await requireClient(trx, clientId);
    const id = await createIn(ctx, trx, staffCtx(actor, clientId, meta), input);
    return presentContact(await requireContact(trx, clientId, id));
  });
}

export async function updateContact(
  ctx: ContactsContext,
  actor: StaffActor,
  clientId: number,
  contactId: number,
  patch: PatchInput,
  meta: RequestMeta,
): Promise<ContactResponse> {
  const { database } = ctx;
  const { db, transaction } = database.forActor(actor);
  await requireAccess(db, contactPolicies.manage);
  return transaction(async (trx) => {
    const row = await requireContact(trx, clientId, contactId);
    await updateIn(ctx, trx, staffCtx(actor, clientId, meta), row, patch);
    return presentContact(await requireContact(trx, clientId, contactId));
  });
}

export async function setContactStatus(
  ctx: ContactsContext,
  actor: StaffActor,
  clientId: number,
  contactId: number,
  status: 'active' | 'inactive',
  meta: RequestMeta,
): Promise<ContactResponse> {
  const { database } = ctx;
  const { db, transaction } = database.forActor(actor);
  await requireAccess(db, contactPolicies.manage);
  return transaction(async (trx) => {
    const row = await requireContact(trx, clientId, contactId);
    await applyStatus(ctx, trx, staffCtx(actor, clientId, meta), row, status);
    return presentContact(await requireContact(trx, clientId, contactId));
  });
}

/**
 * Reads a CSV of contacts. A preview (dryRun) answers what would be created and every problem by
 * line; a real import writes every row in one transaction, or nothing when any row is bad.
 */
export async function importContacts(
  ctx: ContactsContext,
  actor: StaffActor,
  clientId: number,
  csv: string,
  dryRun: boolean,
  meta: RequestMeta,
  /** The reader's language, for the preview's problems. */
  language: string = DEFAULT_LANGUAGE,
): Promise<ContactImportResponse> {
  const { database, clock, audit } = ctx;
  const { db, transaction } = database.forActor(actor);
  await requireAccess(db, contactPolicies.manage);
  await requireClient(db, clientId);
  const parsed = readContactsCsv(csv);

  const againstClient = async (db: DbOrTrx) => {
    const emails = parsed.rows.flatMap((r) => (r.email ? [r.email] : []));
    const used = await contactsRepository.emailsUsedInClient(db, clientId, emails);
    const problems: LineProblem[] = [...parsed.errors];
    const rows = parsed.rows.filter((r) => {
      if (r.email && used.has(r.email)) {
        problems.push({
          line: r.line,
          field: 'email',
          text: message('errors:contacts.import.emailTaken', { email: r.email }),
        });
        return false;
      }
      return true;
    });
    return { rows, problems: sortProblems(problems) };
  };

  if (dryRun) {
    const { rows, problems } = await againstClient(db);
    const shown = problems.map((p) => ({
      line: p.line,
      field: p.field,
      message: translate(language, p.text),
    }));
    return { dryRun: true, imported: 0, rows, errors: shown };
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
}

/** One client's contacts, or every client's (clientId null), as CSV that an import reads back. */
export async function exportContacts(
  ctx: ContactsContext,
  actor: StaffActor,
  clientId: number | null,
  meta: RequestMeta,
): Promise<{ filename: string; csv: string }> {
  const { database, clock, audit } = ctx;
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
}
