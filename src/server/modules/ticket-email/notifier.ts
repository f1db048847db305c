import { type Message, translate } from '../../../shared/i18n/i18n.ts';
import { ticketPriorityKeys, ticketStatusKeys } from '../../../shared/i18n/labels.ts';
import { isLanguage } from '../../../shared/i18n/languages.ts';
import { rolePermissions, type StaffRole, staffRoles } from '../../../shared/permissions.ts';
import {
  completeNotificationPrefs,
  defaultNotificationPrefs,
  type NotificationPrefs,
} from '../../../shared/schemas/profile.ts';
import type { TicketStatus } from '../../../shared/schemas/tickets.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import {
  type EmailBranding,
  type EmailContent,
  type EmailMessage,
  emailMessage as m,
} from '../../platform/email-template.ts';
import type { ModuleDeps } from '../deps.ts';
import type { DomainEventPayload } from '../domain-events.ts';
import { identity } from '../identity/identity.service.ts';
import type { MessageForEmail, TicketForEmail, TicketsAccess } from '../tickets/contracts.ts';
import { replyAddress, threadRoot } from './addresses.ts';
import { formatBytes, type QuotedMessage, renderTicketEmail } from './compose.ts';
import {
  forMessage,
  forStatusChange,
  forTicketCreated,
  honouringPrefs,
  type Recipient,
  type StaffMember,
} from './recipients.ts';
import { ticketEmailRepository as repo } from './ticket-email.repository.ts';

export type NotifierDeps = Pick<ModuleDeps, 'config' | 'clock' | 'secrets' | 'settings' | 'mailer'> & {
  /**
   * The tickets module's functions for email (built before the notifier: no call-back): its reads, and
   * the threading records of the emails sent (ticket_email_refs is the tickets module's table).
   */
  tickets: Pick<TicketsAccess, 'forEmail' | 'messageForEmail' | 'recordEmailRefs'>;
};

/** Claims, in the transaction that queues the emails, the addresses not yet written to for this event. */
type Claim = (db: DbOrTrx, keys: readonly string[]) => Promise<Set<string>>;

/** Roles whose members manage tickets (and so hear of new, unassigned tickets). */
const managerRoles: StaffRole[] = staffRoles.filter((r) => rolePermissions[r].includes('tickets:manage'));

/** The mailbox replies go to: the support address from settings, else MAIL_FROM. */
export async function supportMailbox(deps: Pick<ModuleDeps, 'config' | 'settings'>, db?: DbOrTrx) {
  const s = await deps.settings.current(db);
  return s?.supportEmail ? s.supportEmail : deps.config.mail.from;
}

/**
 * Ticket notification emails, written by the subscribers below for the tickets module's domain events
 * (ticket.created, ticket.replied, ticket.status-changed), each delivery in one transaction: the emails,
 * their threading records and the claim of each address commit together, so a delivery that runs again
 * writes to nobody twice. Each email has its own Message-ID,
 * names the ticket's thread root in In-Reply-To/References (with the last email that person had about
 * the ticket), carries a signed Reply-To on the support mailbox, and is recorded in ticket_email_refs so
 * a reply can be matched to its ticket. See recipients.ts for who hears about what.
 */
export function createTicketNotifier(deps: NotifierDeps) {
  const { config, clock, secrets, settings, mailer } = deps;

  async function managers(db: DbOrTrx): Promise<StaffMember[]> {
    if (managerRoles.length === 0) return [];
    const rows = await identity.activeStaffInRoles(db, managerRoles, 'id');
    return rows.map((r) => ({ accountId: r.id, name: r.name, email: r.email }));
  }

  async function prefsFor(db: DbOrTrx, recipients: readonly Recipient[]) {
    const ids = [...new Set(recipients.map((r) => r.accountId).filter((id): id is number => id !== null))];
    const map = new Map<number, NotificationPrefs>();
    if (ids.length === 0) return map;
    const rows = await identity.notificationPrefs(db, ids);
    for (const row of rows) map.set(row.id, completeNotificationPrefs(row.notification_prefs));
    return map;
  }

  /** The last email each of these accounts had about the ticket, for In-Reply-To. One query. */
  async function previousIds(db: DbOrTrx, ticketId: number, recipients: readonly Recipient[]) {
    const ids = [...new Set(recipients.map((r) => r.accountId).filter((id): id is number => id !== null))];
    const map = new Map<number, string>();
    if (ids.length === 0) return map;
    const rows = await repo.lastEmailsTo(db, ticketId, ids);
    for (const row of rows) if (row.account_id !== null) map.set(row.account_id, row.message_id);
    return map;
  }

  async function brandingFor(db: DbOrTrx): Promise<EmailBranding> {
    const branding = await settings.branding(db);
    const s = await settings.current(db);
    return {
      organisationName: branding.organisationName,
      primaryColor: branding.primaryColor,
      subjectPrefix: s?.emailSubjectPrefix ?? '',
      logoUrl: branding.logoUrl ? new URL(branding.logoUrl, config.baseUrl).toString() : null,
    };
  }

  /** Each recipient's language: their own, else (contacts) their client's, else the organisation's. */
  async function languagesFor(db: DbOrTrx, recipients: readonly Recipient[]) {
    const contactIds = recipients.flatMap((r) =>
      r.audience === 'contact' && r.contactId !== null ? [r.contactId] : [],
    );
    const accountIds = recipients.flatMap((r) =>
      r.audience === 'staff' && r.accountId !== null ? [r.accountId] : [],
    );
    const [chosen, organisation] = await Promise.all([
      identity.languages(db, { contactIds, accountIds }),
      settings.current(db),
    ]);
    const fallback = organisation?.language ?? 'en';
    return (r: Recipient): string => {
      const own =
        r.audience === 'contact' && r.contactId !== null
          ? chosen.contacts.get(r.contactId)
          : r.accountId !== null
            ? chosen.accounts.get(r.accountId)
            : null;
      return isLanguage(own) ? own : fallback;
    };
  }

  function ticketLink(recipient: Recipient, ticketId: number): string | null {
    if (recipient.audience === 'staff')
      return new URL(`/staff/tickets/${ticketId}`, config.baseUrl).toString();
    // A contact without a portal login cannot open the portal; they answer by email.
    if (recipient.accountId === null) return null;
    return new URL(`/portal/tickets/${ticketId}`, config.baseUrl).toString();
  }

  /** Queues one email per recipient (after their choices), threaded and recorded. */
  async function deliver(
    db: DbOrTrx,
    claim: Claim,
    ticket: TicketForEmail,
    recipients: Recipient[],
    write: (r: Recipient, language: string) => { content: EmailContent; message: QuotedMessage | null },
    /** Also leave out those for whom this returns true (given their completed choices). */
    skip?: (r: Recipient, prefs: NotificationPrefs) => boolean,
  ): Promise<Recipient[]> {
    if (recipients.length === 0) return [];
    const prefs = await prefsFor(db, recipients);
    let chosen = honouringPrefs(recipients, (id) => prefs.get(id)).filter(
      (r) => !skip?.(r, (r.accountId !== null && prefs.get(r.accountId)) || defaultNotificationPrefs),
    );
    // Idempotent: an address this event was already written to (by a run that committed) is left out.
    const fresh = await claim(db, chosen.map(addressKey));
    chosen = chosen.filter((r) => fresh.has(addressKey(r)));
    if (chosen.length === 0) return [];
    const [branding, mailbox, previous, languages] = await Promise.all([
      brandingFor(db),
      supportMailbox(deps, db),
      previousIds(db, ticket.id, chosen),
      languagesFor(db, chosen),
    ]);
    const root = threadRoot(secrets.sessionSecret, config.baseUrl.hostname, ticket.id);
    const replyTo = replyAddress(secrets.sessionSecret, mailbox, ticket.id);
    const now = clock().toISOString();
    const emails = chosen.map((r) => {
      const language = languages(r);
      const { content, message } = write(r, language);
      const rendered = renderTicketEmail(branding, content, message, language);
      const before = r.accountId !== null ? previous.get(r.accountId) : undefined;
      return {
        to: r.email,
        toName: r.name,
        ...rendered,
        clientId: ticket.clientId,
        headers: {
          ...(r.audience === 'contact' ? { 'Reply-To': replyTo } : {}),
          'In-Reply-To': before ?? root,
          References: before ? `${root} ${before}` : root,
          // Robots must not answer a notification (RFC 3834; Outlook's out-of-office).
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
        },
      };
    });
    // A ticket with twenty people to tell is a few inserts, not sixty.
    const queued = await mailer.queueMany(db, emails);
    // The threading records are the tickets module's (ticket_email_refs): it writes them, in this transaction.
    await deps.tickets.recordEmailRefs(
      db,
      chosen.map((r, i) => ({
        ticketId: ticket.id,
        messageId: queued[i]?.messageId ?? '',
        accountId: r.accountId,
        createdAt: now,
      })),
    );
    return chosen;
  }

  // One subject for every email of a ticket: some mail programs (Gmail) thread only on a matching subject.
  const subjectOf = (ticket: TicketForEmail) => `[#${ticket.id}] ${ticket.subject}`;
  /** The ticket's number and subject, and the client's name, as every ticket message takes them. */
  const about = (ticket: TicketForEmail) => ({
    id: ticket.id,
    subject: ticket.subject,
    client: ticket.clientName,
  });
  const personal = ['subject', 'client', 'name', 'requester'] as const;
  const say = (key: Message['key'], params: Record<string, string | number> = {}): EmailMessage =>
    m(key, params, personal);
  const hello = (r: Recipient) => say('emails:hello', { name: r.name });
  const replyHint = say('emails:ticket.replyHint');
  const statusHint: Partial<Record<TicketStatus, EmailMessage>> = {
    'waiting-on-client': say('emails:ticket.hint.waitingOnClient'),
    'waiting-on-vendor': say('emails:ticket.hint.waitingOnVendor'),
    resolved: say('emails:ticket.hint.resolved'),
    closed: say('emails:ticket.hint.closed'),
  };
  const statusWord = (status: TicketStatus, language: string) =>
    translate(language, ticketStatusKeys[status]);

  function action(r: Recipient, ticketId: number): Pick<EmailContent, 'action'> {
    const url = ticketLink(r, ticketId);
    return url ? { action: { label: say('emails:ticket.view'), url } } : {};
  }

  /**
   * A resolved ticket's requester is asked to rate it (issue 14): "How did we do?" with Good and Bad links
   * to the portal's ticket page, the choice preselected. The contact signs in as usual and sends the
   * rating there; the link itself writes nothing. Only the requester, with a portal login, is asked.
   */
  function ratingInvite(
    r: Recipient,
    ticket: TicketForEmail,
  ): { paragraphs: EmailMessage[]; links?: NonNullable<EmailContent['links']> } {
    const url = ticketLink(r, ticket.id);
    if (
      r.audience !== 'contact' ||
      !url ||
      r.contactId === null ||
      r.contactId !== ticket.requester?.contactId
    )
      return { paragraphs: [] };
    return {
      paragraphs: [say('emails:ticket.rating.ask')],
      links: [
        { label: say('emails:ticket.rating.good'), url: `${url}?rate=good` },
        { label: say('emails:ticket.rating.bad'), url: `${url}?rate=bad` },
      ],
    };
  }

  function quoted(message: MessageForEmail): QuotedMessage {
    return {
      byline: say('emails:ticket.wrote', { name: message.authorName }),
      markdown: message.body,
      attachments: message.attachments.map((a) => `${a.filename} (${formatBytes(a.sizeBytes)})`),
    };
  }

  async function load(db: DbOrTrx, ticketId: number): Promise<TicketForEmail | null> {
    return deps.tickets.forEmail(db, ticketId);
  }

  return {
    async ticketCreated(db: DbOrTrx, claim: Claim, event: DomainEventPayload<'ticket.created'>) {
      const ticket = await load(db, event.ticketId);
      if (!ticket) return;
      // The description and who opened it come with the event.
      const recipients = forTicketCreated(ticket, {
        createdByAccountId: event.createdByAccountId,
        managers: ticket.assignee ? [] : await managers(db),
      });
      const openedByStaff = event.source === 'staff';
      const description: QuotedMessage | null = event.description
        ? { byline: say('emails:ticket.description'), markdown: event.description, attachments: [] }
        : null;
      await deliver(db, claim, ticket, recipients, (r, language) => {
        const priority = translate(language, ticketPriorityKeys[ticket.priority]);
        if (r.audience === 'contact') {
          return {
            content: {
              subject: subjectOf(ticket),
              heading: say(
                openedByStaff ? 'emails:ticket.created.openedForYou' : 'emails:ticket.created.received',
              ),
              paragraphs: [
                hello(r),
                say(
                  openedByStaff ? 'emails:ticket.created.openedBody' : 'emails:ticket.created.receivedBody',
                  {
                    ...about(ticket),
                    priority,
                  },
                ),
                replyHint,
              ],
              ...action(r, ticket.id),
            },
            message: description,
          };
        }
        const assigned = ticket.assignee?.accountId === r.accountId;
        return {
          content: {
            subject: subjectOf(ticket),
            heading: assigned
              ? say('emails:ticket.created.assignedHeading')
              : say('emails:ticket.created.newHeading', about(ticket)),
            paragraphs: [
              say('emails:ticket.created.staffBody', {
                ...about(ticket),
                priority,
                requester: ticket.requester?.name ?? '',
                hasRequester: ticket.requester ? 'yes' : 'no',
                assigned: assigned ? 'yes' : 'no',
              }),
            ],
            ...action(r, ticket.id),
          },
          message: description,
        };
      });
    },

    async messagePosted(db: DbOrTrx, claim: Claim, event: DomainEventPayload<'ticket.replied'>) {
      const [current, message] = await Promise.all([
        load(db, event.ticketId),
        deps.tickets.messageForEmail(db, event.messageId),
      ]);
      if (!current || !message || message.ticketId !== event.ticketId) return;
      // The status the message left the ticket in, whatever happened since.
      const ticket: TicketForEmail = { ...current, status: event.status };
      const followers = (ticket.assignee ? 1 : 0) + ticket.staffWatchers.length;
      const needManagers = message.authorKind === 'contact' && !message.internal && followers === 0;
      const recipients = forMessage(ticket, message, { managers: needManagers ? await managers(db) : [] });
      const author = { ...about(ticket), name: message.authorName };
      await deliver(db, claim, ticket, recipients, (r, language) => {
        const status = statusWord(ticket.status, language);
        if (r.audience === 'contact') {
          const fromStaff = message.authorKind === 'staff';
          const rate = ticket.status === 'resolved' ? ratingInvite(r, ticket) : { paragraphs: [] };
          return {
            content: {
              subject: subjectOf(ticket),
              heading: say(
                fromStaff ? 'emails:ticket.reply.staffReplied' : 'emails:ticket.reply.addedToYours',
                author,
              ),
              paragraphs: [
                hello(r),
                say('emails:ticket.reply.newMessage', { ...about(ticket), status }),
                statusHint[ticket.status] ?? replyHint,
                ...rate.paragraphs,
              ],
              ...action(r, ticket.id),
              ...(rate.links ? { links: rate.links } : {}),
            },
            message: quoted(message),
          };
        }
        if (message.internal) {
          return {
            content: {
              subject: subjectOf(ticket),
              heading: say('emails:ticket.reply.internalHeading', author),
              paragraphs: [say('emails:ticket.reply.internalBody', about(ticket))],
              ...action(r, ticket.id),
            },
            message: quoted(message),
          };
        }
        const fromClient = message.authorKind === 'contact';
        return {
          content: {
            subject: subjectOf(ticket),
            heading: say(
              fromClient ? 'emails:ticket.reply.clientReplied' : 'emails:ticket.reply.staffRepliedTo',
              author,
            ),
            paragraphs: [say('emails:ticket.reply.staffBody', { ...about(ticket), status })],
            ...action(r, ticket.id),
          },
          message: quoted(message),
        };
      });
    },

    async statusChanged(db: DbOrTrx, claim: Claim, event: DomainEventPayload<'ticket.status-changed'>) {
      const { from, to, reply } = event;
      const ticket = await load(db, event.ticketId);
      if (!ticket) return;
      // Whoever made the change is not told of it. A change made with a public reply (a staff reply that
      // sets a status, or a client's reply that reopens the ticket) is told in the reply's email: only
      // those who do not get that email (their choice) hear of the status on its own, and the reply's
      // author hears of neither.
      const recipients = forStatusChange(ticket, {
        from,
        to,
        actorAccountId: reply?.authorAccountId ?? event.actorAccountId,
        actorContactId: reply?.authorContactId ?? null,
      });
      await deliver(
        db,
        claim,
        ticket,
        recipients,
        (r, language) => {
          if (to === 'resolved') {
            const rate = ratingInvite(r, ticket);
            return {
              content: {
                subject: subjectOf(ticket),
                heading: say('emails:ticket.status.resolvedHeading'),
                paragraphs: [
                  hello(r),
                  say('emails:ticket.status.resolvedBody', about(ticket)),
                  say('emails:ticket.status.resolvedHint'),
                  ...rate.paragraphs,
                ],
                ...action(r, ticket.id),
                ...(rate.links ? { links: rate.links } : {}),
              },
              message: null,
            };
          }
          const words = { from: statusWord(from, language), to: statusWord(to, language) };
          return {
            content: {
              subject: subjectOf(ticket),
              heading: say('emails:ticket.status.heading', words),
              paragraphs: [
                hello(r),
                say('emails:ticket.status.moved', { ...about(ticket), ...words }),
                statusHint[to] ?? replyHint,
              ],
              ...action(r, ticket.id),
            },
            message: null,
          };
        },
        reply ? (_r, prefs) => prefs.ticketReplies : undefined,
      );
    },
  };
}

/** One email per address and event: the claim key (recipients are already one per address). */
function addressKey(r: Recipient): string {
  return r.email.trim().toLowerCase();
}

/**
 * The ticket notification emails as subscribers of the tickets module's domain events. Each delivery
 * runs in its own transaction (the emails it queues, their threading records and the claimed addresses
 * commit together); the job runner retries a failed one with backoff.
 */
export function subscribeTicketEmails(
  deps: NotifierDeps & Pick<ModuleDeps, 'database' | 'domainEvents'>,
): void {
  const { domainEvents } = deps;
  // Emails to a ticket's people are work no person asked for in a request: a system scope.
  const database = deps.database.system('ticket notification emails');
  const notifier = createTicketNotifier(deps);
  domainEvents.subscribe({
    event: 'ticket.created',
    name: 'ticket-email.created',
    handle: (ctx, event) =>
      database.transaction((trx) => notifier.ticketCreated(trx, ctx.claim, event.payload)),
  });
  domainEvents.subscribe({
    event: 'ticket.replied',
    name: 'ticket-email.replied',
    handle: (ctx, event) =>
      database.transaction((trx) => notifier.messagePosted(trx, ctx.claim, event.payload)),
  });
  domainEvents.subscribe({
    event: 'ticket.status-changed',
    name: 'ticket-email.status-changed',
    handle: (ctx, event) =>
      database.transaction((trx) => notifier.statusChanged(trx, ctx.claim, event.payload)),
  });
}
