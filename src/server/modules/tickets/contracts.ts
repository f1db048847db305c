/**
 * The seams between the support modules (issue 4). Each side is owned by one module:
 * - TicketsAccess: modules/tickets (what other modules may ask of tickets)
 * - AttachmentsService: modules/attachments
 * - SupportConfigDirectory: modules/support-config (categories, SLA policies, assignment)
 *
 * Every method that takes `db` works inside the caller's transaction (never use database.db inside one:
 * SQLite has one connection and would deadlock).
 */
import type { Message } from '../../../shared/i18n/i18n.ts';
import type { BusinessCalendar } from '../../../shared/schemas/sla.ts';
import type { AttachmentResponse, TicketPriority, TicketStatus } from '../../../shared/schemas/tickets.ts';
import type { Actor } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { StoredText } from '../../platform/stored-text.ts';

// ---------------------------------------------------------------------------------------------------
// modules/tickets

export interface VisibleTicket {
  id: number;
  clientId: number;
  status: TicketStatus;
}

/** A person a ticket email goes to, with their notification choices already applied by the caller. */
export interface TicketParty {
  accountId: number | null;
  contactId: number | null;
  name: string;
  email: string;
}

/** What the email module needs to write about a ticket (read with the caller's db). */
export interface TicketForEmail {
  id: number;
  clientId: number;
  clientName: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  requester: (TicketParty & { contactId: number }) | null;
  assignee: (TicketParty & { accountId: number }) | null;
  /** Watchers: staff accounts and contacts of the ticket's client (active ones with an email). */
  staffWatchers: (TicketParty & { accountId: number })[];
  contactWatchers: (TicketParty & { contactId: number })[];
}

export interface MessageForEmail {
  id: number;
  ticketId: number;
  authorKind: 'staff' | 'contact' | 'system';
  authorAccountId: number | null;
  authorContactId: number | null;
  authorName: string;
  body: string;
  internal: boolean;
  createdAt: string;
  attachments: { filename: string; sizeBytes: number }[];
}

export interface InboundAttachment {
  filename: string;
  contentType: string | null;
  data: Buffer;
}

export interface TicketsAccess {
  /** The ticket if `actor` may see it; else throws not-found (404: another client's ticket is never 403). */
  visibleTicket(db: DbOrTrx, actor: Actor, ticketId: number): Promise<VisibleTicket>;
  /** The ticket with the people an email about it may go to. */
  forEmail(db: DbOrTrx, ticketId: number): Promise<TicketForEmail | null>;
  messageForEmail(db: DbOrTrx, messageId: number): Promise<MessageForEmail | null>;
  /** A new ticket from an email of a known contact (source 'email'); returns its id. */
  createFromEmail(
    db: DbOrTrx,
    input: {
      clientId: number;
      contactId: number;
      subject: string;
      body: string;
      emailMessageId: string;
      attachments: InboundAttachment[];
    },
  ): Promise<{ ticketId: number }>;
  /**
   * A contact's reply by email (source 'email'): same rules as a portal reply (a ticket waiting on the
   * client goes back to Open; a closed ticket is reopened within the window, else a new ticket is opened
   * and its id returned). Idempotent by emailMessageId.
   */
  replyFromEmail(
    db: DbOrTrx,
    input: {
      ticketId: number;
      contactId: number;
      body: string;
      emailMessageId: string;
      attachments: InboundAttachment[];
    },
  ): Promise<{ ticketId: number; messageId: number | null }>;
  /**
   * Records emails sent about tickets (their Message-IDs, and to whom), in the caller's transaction:
   * replies are matched to their ticket by them, and the next email to that person names the last.
   */
  recordEmailRefs(
    db: DbOrTrx,
    refs: readonly { ticketId: number; messageId: string; accountId: number | null; createdAt: string }[],
  ): Promise<void>;
  /**
   * Publishes the live events for changes the caller committed (call after the transaction). `db`: the
   * caller's scoped handle (a person's request); without it, a system scope (email, jobs).
   */
  publishAfterCommit(
    events: { type: 'ticket.created' | 'ticket.updated' | 'ticket.message'; ticketId: number }[],
    db?: DbOrTrx,
  ): Promise<void>;
  /**
   * A line in a ticket's conversation written by Portico about something another module recorded
   * (an overage request approved or refused): a catalogue message stored as JSON, shown in each
   * reader's language. `by` names who it is about (the author shown beside it). In the caller's
   * transaction; no email is sent for it (the caller's own event does that).
   */
  addSystemLine(
    db: DbOrTrx,
    input: {
      ticketId: number;
      text: StoredText;
      by: { accountId: number | null; contactId: number | null; name: string };
      source: 'portal' | 'staff';
      at: string;
    },
  ): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// modules/attachments

export interface AttachmentsService {
  /**
   * Attach pending uploads (made by `accountId` through POST /api/v1/uploads, not yet attached) to a
   * ticket, and optionally a message. Throws a validation error naming `attachmentIds` when any id is not
   * such a pending upload of this account (another person's upload is "not found", never taken).
   */
  linkPending(
    db: DbOrTrx,
    input: {
      accountId: number;
      ids: readonly number[];
      ticketId: number;
      clientId: number;
      messageId: number | null;
      internal: boolean;
    },
  ): Promise<void>;
  /**
   * Stores a file that arrived by email and attaches it, after the same checks as an upload (type by
   * content, images decoded, archives inspected, virus scan; name sanitised). A refused file answers
   * `rejected` with the reason (a catalogue message); a configured virus scanner that cannot be reached throws (an AppError
   * `unavailable`), so the message is tried again rather than kept without its file.
   */
  storeAttached(
    db: DbOrTrx,
    input: InboundAttachment & {
      ticketId: number;
      clientId: number;
      messageId: number | null;
      internal: boolean;
      uploadedByAccountId: number | null;
    },
  ): Promise<{ id: number } | { rejected: Message }>;
  /** Attachments of these tickets (and their messages), internal ones only when `includeInternal`. */
  listForTickets(
    db: DbOrTrx,
    ticketIds: readonly number[],
    options: { includeInternal: boolean },
  ): Promise<(AttachmentResponse & { ticketId: number })[]>;
  /** Moves every attachment of one ticket to another (merging). */
  moveToTicket(db: DbOrTrx, fromTicketId: number, toTicketId: number): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// modules/support-config

export interface PolicyTargets {
  responseMinutes: number;
  resolutionMinutes: number;
}

export interface SlaPolicyForTicket {
  id: number;
  name: string;
  calendar: BusinessCalendar;
  targets: Record<TicketPriority, PolicyTargets>;
  pausingStatuses: TicketStatus[];
  /** The client's contract the policy comes from (issue 14); absent: the default policy applies. */
  contract?: { id: number; name: string };
  /**
   * The contract's coverage hours (an SLA calendar) when it names them: `calendar` is then that one, and
   * the ticket records this id (tickets.sla_calendar_id). Absent: the policy's own calendar.
   */
  coverageCalendarId?: number;
}

export interface SupportConfigDirectory {
  /**
   * The policy for a new ticket of a client: its active contract's policy when one covers the ticket
   * (modules/contracts wraps this directory; `siteId` is the ticket's site, which decides which contract
   * covers it), else the default policy.
   */
  policyForClient(db: DbOrTrx, clientId: number, siteId?: number | null): Promise<SlaPolicyForTicket | null>;
  policyById(db: DbOrTrx, policyId: number): Promise<SlaPolicyForTicket | null>;
  /** An active (not archived) category, or null. */
  category(db: DbOrTrx, categoryId: number): Promise<{ id: number; name: string } | null>;
  activeCategories(db: DbOrTrx): Promise<{ id: number; name: string }[]>;
  /**
   * The staff account a new ticket goes to under the assignment rules (first matching enabled rule by
   * position; a team rule takes the next member after the last one it gave a ticket to, and records it).
   * Null when no rule matches.
   */
  pickAssignee(db: DbOrTrx, input: { clientId: number; categoryId: number | null }): Promise<number | null>;
}
