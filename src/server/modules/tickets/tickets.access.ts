import { type Message, message, translate } from '../../../shared/i18n/i18n.ts';
import type { TicketPriority, TicketStatus } from '../../../shared/schemas/tickets.ts';
import { scopeFor } from '../../platform/access/scope.ts';
import { withScope } from '../../platform/access/scoped.ts';
import type { Actor } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { storeText } from '../../platform/stored-text.ts';
import type {
  InboundAttachment,
  MessageForEmail,
  TicketForEmail,
  TicketParty,
  TicketsAccess,
  VisibleTicket,
} from './contracts.ts';
import type { PendingEvent } from './live.ts';
import type { TicketsContext } from './tickets.context.ts';
import {
  addMessage,
  eventFor,
  loadVisible,
  mayReopen,
  openTicket,
  orgSettings,
  publish,
} from './tickets.core.ts';
import { ticketNumber } from './tickets.presenter.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';

/*
 * What other modules may ask of tickets (contracts.ts TicketsAccess): the email module reads tickets
 * and messages to write about them, adds what arrives by email and records the emails it sends;
 * attachments check visibility.
 */

/** Keeps an email's files on the ticket; those refused are listed in an internal note. */
async function storeInbound(
  ctx: TicketsContext,
  trx: DbOrTrx,
  files: readonly InboundAttachment[],
  target: {
    ticketId: number;
    clientId: number;
    messageId: number | null;
    uploadedByAccountId: number | null;
  },
): Promise<void> {
  const rejected: Message[] = [];
  for (const file of files) {
    const stored = await ctx.attachments.storeAttached(trx, { ...file, ...target, internal: false });
    if ('rejected' in stored) {
      rejected.push(
        message('common:tickets.event.fileNotKept', { filename: file.filename, reason: stored.rejected }),
      );
    }
  }
  await noteRejected(ctx, trx, target.ticketId, rejected);
}

async function noteRejected(
  ctx: TicketsContext,
  trx: DbOrTrx,
  ticketId: number,
  rejected: Message[],
): Promise<void> {
  if (rejected.length === 0) return;
  await repo.insertMessage(trx, {
    ticket_id: ticketId,
    author_kind: 'system',
    author_account_id: null,
    author_contact_id: null,
    author_name: 'Portico',
    // A message with the files as its list, put in each reader's language.
    body: storeText({ ...message('common:tickets.event.attachmentsNotKept'), items: rejected }),
    internal: 1,
    source: 'email',
    time_spent_minutes: 0,
    email_message_id: null,
    created_at: ctx.clock().toISOString(),
  });
}

async function rememberInbound(
  ctx: TicketsContext,
  trx: DbOrTrx,
  ticketId: number,
  emailMessageId: string,
  accountId: number | null,
) {
  await repo.insertInboundEmailRef(trx, {
    ticket_id: ticketId,
    message_id: emailMessageId,
    account_id: accountId,
    created_at: ctx.clock().toISOString(),
  });
}

/** A ticket raised by an email: its Message-ID remembered and its files kept, in the same transaction. */
function openFromEmail(
  ctx: TicketsContext,
  db: DbOrTrx,
  ticket: {
    clientId: number;
    subject: string;
    description: string;
    priority: TicketPriority;
    categoryId: number | null;
  },
  email: {
    contactId: number;
    accountId: number | null;
    emailMessageId: string;
    attachments: readonly InboundAttachment[];
  },
) {
  return openTicket(ctx, db, {
    ...ticket,
    requesterContactId: email.contactId,
    affected: [],
    assigneeAccountId: undefined,
    createdByAccountId: email.accountId,
    source: 'email',
    auditActor: 'system',
    attach: async (trx, ticketId) => {
      await rememberInbound(ctx, trx, ticketId, email.emailMessageId, email.accountId);
      await storeInbound(ctx, trx, email.attachments, {
        ticketId,
        clientId: ticket.clientId,
        messageId: null,
        uploadedByAccountId: email.accountId,
      });
    },
  });
}

/** What Portico writes into a ticket from an email is in the organisation's language (`language`). */
function emailSubject(subject: string, language: string): string {
  const s = subject.replace(/\s+/g, ' ').trim().slice(0, 200);
  return s === '' ? translate(language, 'common:inbound.placeholder.noSubject') : s;
}

function emailBody(body: string, language: string): string {
  const b = body.trim().slice(0, 50_000);
  return b === '' ? translate(language, 'common:inbound.placeholder.noText') : b;
}

/** The ticket if `actor` may see it; else throws not-found (404: another client's ticket is never 403). */
export async function visibleTicket(
  ctx: TicketsContext,
  db: DbOrTrx,
  actor: Actor,
  ticketId: number,
): Promise<VisibleTicket> {
  // Whatever handle the caller passes (its transaction, a system one), the check runs under the actor's
  // own scope: ticketPolicies.read reads the scope, not the actor.
  const row = await loadVisible(ctx, withScope(db, scopeFor(actor)), actor, ticketId);
  return { id: row.id, clientId: row.client_id, status: row.status as TicketStatus };
}

/** The ticket with the people an email about it may go to. */
export async function ticketForEmail(
  _ctx: TicketsContext,
  db: DbOrTrx,
  ticketId: number,
): Promise<TicketForEmail | null> {
  const row = await repo.findWithNames(db, ticketId);
  if (!row) return null;
  const contactParty = (r: {
    contact_id: number;
    name: string;
    contact_email: string | null;
    account_id: number | null;
    account_email: string | null;
  }): (TicketParty & { contactId: number }) | null => {
    const email = r.account_email ?? r.contact_email;
    return email ? { accountId: r.account_id, contactId: r.contact_id, name: r.name, email } : null;
  };
  const contactRows = await repo.emailContacts(db, row);
  const requesterRow = contactRows.find((r) => r.contact_id === row.requester_contact_id);
  const staffIds = await repo.staffWatcherIds(db, row.id);
  const staffAccounts = await repo.staffAccounts(db, [
    ...new Set([
      ...staffIds.map((s) => s.staff_account_id as number),
      ...(row.assignee_account_id !== null ? [row.assignee_account_id] : []),
    ]),
  ]);
  const staffParty = (id: number) => {
    const a = staffAccounts.find((s) => s.id === id && s.status === 'active');
    return a ? { accountId: a.id, contactId: null, name: a.name, email: a.email } : null;
  };
  return {
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    subject: row.subject,
    status: row.status as TicketStatus,
    priority: row.priority as TicketPriority,
    requester: requesterRow ? contactParty(requesterRow) : null,
    assignee: row.assignee_account_id !== null ? staffParty(row.assignee_account_id) : null,
    staffWatchers: staffIds
      .map((s) => staffParty(s.staff_account_id as number))
      .filter((p): p is NonNullable<typeof p> => p !== null),
    contactWatchers: contactRows
      .filter((r) => r.watcher_id !== null)
      .map(contactParty)
      .filter((p): p is NonNullable<typeof p> => p !== null),
  };
}

export async function messageForEmail(
  _ctx: TicketsContext,
  db: DbOrTrx,
  messageId: number,
): Promise<MessageForEmail | null> {
  const m = await repo.findMessage(db, messageId);
  if (!m) return null;
  const files = await repo.messageFiles(db, messageId);
  return {
    id: m.id,
    ticketId: m.ticket_id,
    authorKind: m.author_kind,
    authorAccountId: m.author_account_id,
    authorContactId: m.author_contact_id,
    authorName: m.author_name,
    body: m.body,
    internal: m.internal === 1,
    createdAt: m.created_at,
    attachments: files.map((f) => ({ filename: f.filename, sizeBytes: f.size_bytes })),
  };
}

/** A new ticket from an email of a known contact (source 'email'); returns its id. */
export async function createFromEmail(
  ctx: TicketsContext,
  db: DbOrTrx,
  input: Parameters<TicketsAccess['createFromEmail']>[1],
): Promise<{ ticketId: number }> {
  const known = await repo.ticketOfEmail(db, input.emailMessageId);
  if (known) return { ticketId: known.ticket_id };
  const contact = await repo.contactOfClient(db, input.contactId, input.clientId);
  if (!contact) throw errors.notFound(message('errors:notFound.contact'));
  const account = await repo.accountOfContact(db, input.contactId);
  const { language } = await orgSettings(ctx, db);
  const { id } = await openFromEmail(
    ctx,
    db,
    {
      clientId: input.clientId,
      subject: emailSubject(input.subject, language),
      description: emailBody(input.body, language),
      priority: 'medium',
      categoryId: null,
    },
    { ...input, accountId: account?.id ?? null },
  );
  return { ticketId: id };
}

/**
 * A contact's reply by email (source 'email'): the rules of a portal reply (see TicketsAccess).
 * Idempotent by emailMessageId.
 */
export async function replyFromEmail(
  ctx: TicketsContext,
  db: DbOrTrx,
  input: Parameters<TicketsAccess['replyFromEmail']>[1],
): Promise<{ ticketId: number; messageId: number | null }> {
  const dup = await repo.findMessageByEmailId(db, input.emailMessageId);
  if (dup) return { ticketId: dup.ticket_id, messageId: dup.id };
  const opened = await repo.ticketOfEmail(db, input.emailMessageId);
  if (opened) return { ticketId: opened.ticket_id, messageId: null };
  let ticket = await repo.findPlain(db, input.ticketId);
  // A reply to a merged ticket continues where it was merged into.
  for (let hops = 0; ticket?.merged_into_id != null && hops < 10; hops++) {
    ticket = await repo.findPlain(db, ticket.merged_into_id);
  }
  if (!ticket) throw errors.notFound(message('errors:notFound.ticket'));
  const contact = await repo.contactOfClient(db, input.contactId, ticket.client_id);
  if (!contact) throw errors.notFound(message('errors:notFound.ticket'));
  const account = await repo.accountOfContact(db, input.contactId);
  const at = ctx.clock().toISOString();
  const settings = await orgSettings(ctx, db);
  const { language } = settings;
  if (ticket.status === 'closed' && !mayReopen(ticket, settings, at)) {
    const previous = ticket;
    const { id } = await openFromEmail(
      ctx,
      db,
      {
        clientId: previous.client_id,
        subject: emailSubject(previous.subject, language),
        description: `${emailBody(input.body, language)}\n\n${translate(language, 'common:tickets.replyToClosed', { number: ticketNumber(previous.id) })}`,
        priority: previous.priority as TicketPriority,
        categoryId: previous.category_id,
      },
      { ...input, accountId: account?.id ?? null },
    );
    return { ticketId: id, messageId: null };
  }
  const target = ticket;
  const { messageId } = await addMessage(ctx, db, target, {
    authorKind: 'contact',
    authorAccountId: account?.id ?? null,
    authorContactId: contact.id,
    authorName: contact.name,
    body: emailBody(input.body, language),
    internal: false,
    source: 'email',
    timeSpentMinutes: 0,
    emailMessageId: input.emailMessageId,
    auditActor: 'system',
    attach: (trx, ticketId, messageId) =>
      storeInbound(ctx, trx, input.attachments, {
        ticketId,
        clientId: target.client_id,
        messageId,
        uploadedByAccountId: account?.id ?? null,
      }),
  });
  return { ticketId: target.id, messageId };
}

/**
 * Publishes the live events for changes the caller committed (call after the transaction). `db`: the
 * caller's scoped handle (a person's request); without it, a system scope (email, jobs).
 */
export async function publishAfterCommit(
  ctx: TicketsContext,
  list: Parameters<TicketsAccess['publishAfterCommit']>[0],
  db: DbOrTrx = ctx.database.system('live ticket events after a commit').db,
): Promise<void> {
  const pending: PendingEvent[] = [];
  for (const e of list) {
    const row = await repo.findPlain(db, e.ticketId);
    if (row) pending.push(await eventFor(db, row, e.type));
  }
  await publish(ctx, pending);
}

/** Records the emails sent about a ticket (their Message-IDs, for threading and matching replies). */
export async function recordEmailRefs(
  _ctx: TicketsContext,
  db: DbOrTrx,
  refs: readonly { ticketId: number; messageId: string; accountId: number | null; createdAt: string }[],
): Promise<void> {
  await repo.insertEmailRefs(
    db,
    refs.map((r) => ({
      ticket_id: r.ticketId,
      message_id: r.messageId,
      account_id: r.accountId,
      created_at: r.createdAt,
    })),
  );
}

/** A line Portico writes into a ticket's conversation for another module (see TicketsAccess). */
export async function addSystemLine(
  _ctx: TicketsContext,
  db: DbOrTrx,
  input: Parameters<TicketsAccess['addSystemLine']>[1],
): Promise<void> {
  await repo.insertMessage(db, {
    ticket_id: input.ticketId,
    author_kind: 'system',
    author_account_id: input.by.accountId,
    author_contact_id: input.by.contactId,
    author_name: input.by.name,
    body: storeText(input.text),
    internal: 0,
    source: input.source,
    time_spent_minutes: 0,
    email_message_id: null,
    created_at: input.at,
  });
}

/** The functions of TicketsAccess (contracts.ts), bound to the context by createTicketsService. */
export const ticketsAccessUseCases = {
  visibleTicket,
  forEmail: ticketForEmail,
  messageForEmail,
  createFromEmail,
  replyFromEmail,
  publishAfterCommit,
  recordEmailRefs,
  addSystemLine,
};
