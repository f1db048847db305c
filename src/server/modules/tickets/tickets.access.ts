import type { TicketPriority, TicketStatus } from '../../../shared/schemas/tickets.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import type {
  InboundAttachment,
  MessageForEmail,
  TicketForEmail,
  TicketParty,
  TicketsAccess,
  VisibleTicket,
} from './contracts.ts';
import type { PendingEvent } from './live.ts';
import type { TicketCore, TicketsDeps } from './tickets.core.ts';
import { ticketNumber } from './tickets.presenter.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';

/**
 * What other modules may ask of tickets (contracts.ts TicketsAccess): the email module reads tickets
 * and messages to write about them and adds what arrives by email; attachments check visibility.
 */
export function createTicketsAccess(deps: TicketsDeps, core: TicketCore): TicketsAccess {
  const { database, clock, attachments } = deps;
  const { orgSettings, loadVisible, mayReopen, eventFor, publish, openTicket, addMessage } = core;

  async function accountOfContact(db: DbOrTrx, contactId: number) {
    return db
      .selectFrom('accounts')
      .select(['id', 'email', 'status'])
      .where('contact_id', '=', contactId)
      .where('kind', '=', 'contact')
      .executeTakeFirst();
  }

  /** Keeps an email's files on the ticket; those refused are listed in an internal note. */
  async function storeInbound(
    trx: DbOrTrx,
    files: readonly InboundAttachment[],
    target: {
      ticketId: number;
      clientId: number;
      messageId: number | null;
      uploadedByAccountId: number | null;
    },
  ): Promise<void> {
    const rejected: string[] = [];
    for (const file of files) {
      const stored = await attachments.storeAttached(trx, { ...file, ...target, internal: false });
      if ('rejected' in stored) rejected.push(`${file.filename}: ${stored.rejected}`);
    }
    await noteRejected(trx, target.ticketId, rejected);
  }

  async function noteRejected(trx: DbOrTrx, ticketId: number, rejected: string[]): Promise<void> {
    if (rejected.length === 0) return;
    await repo.insertMessage(trx, {
      ticket_id: ticketId,
      author_kind: 'system',
      author_account_id: null,
      author_contact_id: null,
      author_name: 'Portico',
      body: `Attachments of the email that were not kept:\n\n${rejected.map((r) => `- ${r}`).join('\n')}`,
      internal: 1,
      source: 'email',
      time_spent_minutes: 0,
      email_message_id: null,
      created_at: clock().toISOString(),
    });
  }

  async function rememberInbound(
    trx: DbOrTrx,
    ticketId: number,
    emailMessageId: string,
    accountId: number | null,
  ) {
    await trx
      .insertInto('ticket_email_refs')
      .values({
        ticket_id: ticketId,
        message_id: emailMessageId,
        account_id: accountId,
        created_at: clock().toISOString(),
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  }

  /** A ticket raised by an email: its Message-ID remembered and its files kept, in the same transaction. */
  function openFromEmail(
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
    return openTicket(db, {
      ...ticket,
      requesterContactId: email.contactId,
      affected: [],
      assigneeAccountId: undefined,
      createdByAccountId: email.accountId,
      source: 'email',
      auditActor: 'system',
      attach: async (trx, ticketId) => {
        await rememberInbound(trx, ticketId, email.emailMessageId, email.accountId);
        await storeInbound(trx, email.attachments, {
          ticketId,
          clientId: ticket.clientId,
          messageId: null,
          uploadedByAccountId: email.accountId,
        });
      },
    });
  }

  function emailSubject(subject: string): string {
    const s = subject.replace(/\s+/g, ' ').trim().slice(0, 200);
    return s === '' ? '(no subject)' : s;
  }

  function emailBody(body: string): string {
    const b = body.trim().slice(0, 50_000);
    return b === '' ? '(The email had no text.)' : b;
  }

  const access: TicketsAccess = {
    async visibleTicket(db, actor, ticketId): Promise<VisibleTicket> {
      const row = await loadVisible(db, actor, ticketId);
      return { id: row.id, clientId: row.client_id, status: row.status as TicketStatus };
    },

    async forEmail(db, ticketId): Promise<TicketForEmail | null> {
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
      const contactRows = await db
        .selectFrom('contacts as c')
        .leftJoin('accounts as a', (j) =>
          j.onRef('a.contact_id', '=', 'c.id').on('a.kind', '=', 'contact').on('a.status', '=', 'active'),
        )
        .leftJoin('ticket_watchers as w', (j) =>
          j.onRef('w.contact_id', '=', 'c.id').on('w.ticket_id', '=', row.id),
        )
        .select([
          'c.id as contact_id',
          'c.name',
          'c.email as contact_email',
          'a.id as account_id',
          'a.email as account_email',
          'w.id as watcher_id',
        ])
        .where('c.client_id', '=', row.client_id)
        .where('c.status', '=', 'active')
        .where((eb) =>
          eb.or([
            eb('w.id', 'is not', null),
            ...(row.requester_contact_id !== null ? [eb('c.id', '=', row.requester_contact_id)] : []),
          ]),
        )
        .orderBy('c.id')
        .execute();
      const requesterRow = contactRows.find((r) => r.contact_id === row.requester_contact_id);
      const staffIds = await db
        .selectFrom('ticket_watchers')
        .select('staff_account_id')
        .where('ticket_id', '=', row.id)
        .where('staff_account_id', 'is not', null)
        .execute();
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
    },

    async messageForEmail(db, messageId): Promise<MessageForEmail | null> {
      const m = await db
        .selectFrom('ticket_messages')
        .selectAll()
        .where('id', '=', messageId)
        .executeTakeFirst();
      if (!m) return null;
      const files = await db
        .selectFrom('ticket_attachments')
        .select(['filename', 'size_bytes'])
        .where('message_id', '=', messageId)
        .orderBy('id')
        .execute();
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
    },

    async createFromEmail(db, input) {
      const known = await db
        .selectFrom('ticket_email_refs')
        .select('ticket_id')
        .where('message_id', '=', input.emailMessageId)
        .executeTakeFirst();
      if (known) return { ticketId: known.ticket_id };
      const contact = await repo.contactOfClient(db, input.contactId, input.clientId);
      if (!contact) throw errors.notFound('That contact');
      const account = await accountOfContact(db, input.contactId);
      const { id } = await openFromEmail(
        db,
        {
          clientId: input.clientId,
          subject: emailSubject(input.subject),
          description: emailBody(input.body),
          priority: 'medium',
          categoryId: null,
        },
        { ...input, accountId: account?.id ?? null },
      );
      return { ticketId: id };
    },

    async replyFromEmail(db, input) {
      const dup = await repo.findMessageByEmailId(db, input.emailMessageId);
      if (dup) return { ticketId: dup.ticket_id, messageId: dup.id };
      const opened = await db
        .selectFrom('ticket_email_refs')
        .select('ticket_id')
        .where('message_id', '=', input.emailMessageId)
        .executeTakeFirst();
      if (opened) return { ticketId: opened.ticket_id, messageId: null };
      let ticket = await repo.findPlain(db, input.ticketId);
      // A reply to a merged ticket continues where it was merged into.
      for (let hops = 0; ticket?.merged_into_id != null && hops < 10; hops++) {
        ticket = await repo.findPlain(db, ticket.merged_into_id);
      }
      if (!ticket) throw errors.notFound('That ticket');
      const contact = await repo.contactOfClient(db, input.contactId, ticket.client_id);
      if (!contact) throw errors.notFound('That ticket');
      const account = await accountOfContact(db, input.contactId);
      const at = clock().toISOString();
      if (ticket.status === 'closed' && !mayReopen(ticket, await orgSettings(db), at)) {
        const previous = ticket;
        const { id } = await openFromEmail(
          db,
          {
            clientId: previous.client_id,
            subject: emailSubject(previous.subject),
            description: `${emailBody(input.body)}\n\n_(A reply to ${ticketNumber(previous.id)}, which was closed.)_`,
            priority: previous.priority as TicketPriority,
            categoryId: previous.category_id,
          },
          { ...input, accountId: account?.id ?? null },
        );
        return { ticketId: id, messageId: null };
      }
      const target = ticket;
      const { messageId } = await addMessage(db, target, {
        authorKind: 'contact',
        authorAccountId: account?.id ?? null,
        authorContactId: contact.id,
        authorName: contact.name,
        body: emailBody(input.body),
        internal: false,
        source: 'email',
        timeSpentMinutes: 0,
        emailMessageId: input.emailMessageId,
        auditActor: 'system',
        attach: (trx, ticketId, messageId) =>
          storeInbound(trx, input.attachments, {
            ticketId,
            clientId: target.client_id,
            messageId,
            uploadedByAccountId: account?.id ?? null,
          }),
      });
      return { ticketId: target.id, messageId };
    },

    async publishAfterCommit(list, db = database.system('live ticket events after a commit').db) {
      const pending: PendingEvent[] = [];
      for (const e of list) {
        const row = await repo.findPlain(db, e.ticketId);
        if (row) pending.push(await eventFor(db, row, e.type));
      }
      await publish(pending);
    },
  };

  return access;
}
