import type { NotificationKind, NotificationPrefs } from '../../../shared/schemas/profile.ts';
import type { TicketStatus } from '../../../shared/schemas/tickets.ts';
import type { MessageForEmail, TicketForEmail, TicketParty } from '../tickets/contracts.ts';

/**
 * Who hears about what (pure; the notifier reads the inputs and sends). The rules:
 *
 * | event                          | contacts (requester + contact watchers) | staff                                          |
 * |--------------------------------|------------------------------------------|------------------------------------------------|
 * | ticket created                 | the requester (ticketCreated)            | the assignee, else every ticket manager (newTickets) |
 * | public staff reply             | all (ticketReplies)                      | assignee + staff watchers (ticketUpdates)       |
 * | contact reply                  | the other contacts (ticketReplies)       | assignee + staff watchers, else every ticket manager (clientReplies) |
 * | internal note                  | never                                    | assignee + staff watchers (ticketUpdates)       |
 * | system message                 | nobody (status changes have their own email) | nobody                                     |
 * | status change                  | all (ticketStatus; ticketResolved for resolved) | nobody                                   |
 *
 * The author of a message (or whoever changed the status) is never notified of it; the requester's
 * confirmation of a new ticket is the one exception, since it is the receipt. Each person once, even when
 * they are both the requester and a watcher; each honours their own choice for that kind.
 */

export type Audience = 'contact' | 'staff';

export interface Recipient extends TicketParty {
  audience: Audience;
  kind: NotificationKind;
}

export interface StaffMember {
  accountId: number;
  name: string;
  email: string;
}

function contactsOf(ticket: TicketForEmail): TicketParty[] {
  return [...(ticket.requester ? [ticket.requester] : []), ...ticket.contactWatchers];
}

function staffOf(ticket: TicketForEmail): TicketParty[] {
  return [...(ticket.assignee ? [ticket.assignee] : []), ...ticket.staffWatchers];
}

function managersAsParties(managers: readonly StaffMember[]): TicketParty[] {
  return managers.map((m) => ({ accountId: m.accountId, contactId: null, name: m.name, email: m.email }));
}

/** Not the author: by account, or by contact for someone who wrote without a login. */
interface Author {
  accountId: number | null;
  contactId: number | null;
}

function isAuthor(party: TicketParty, author: Author): boolean {
  return (
    (author.accountId !== null && party.accountId === author.accountId) ||
    (author.contactId !== null && party.contactId === author.contactId)
  );
}

function build(
  parties: readonly TicketParty[],
  audience: Audience,
  kind: NotificationKind,
  author: Author,
): Recipient[] {
  return parties.filter((p) => p.email && !isAuthor(p, author)).map((p) => ({ ...p, audience, kind }));
}

/** One email per address (the first mention wins: a contact before a staff member). */
function unique(recipients: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const key = r.email.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function forTicketCreated(
  ticket: TicketForEmail,
  input: { createdByAccountId: number | null; managers: readonly StaffMember[] },
): Recipient[] {
  const creator: Author = { accountId: input.createdByAccountId, contactId: null };
  const staff = ticket.assignee ? [ticket.assignee] : managersAsParties(input.managers);
  return unique([
    ...build(ticket.requester ? [ticket.requester] : [], 'contact', 'ticketCreated', {
      accountId: null,
      contactId: null,
    }),
    ...build(staff, 'staff', 'newTickets', creator),
  ]);
}

export function forMessage(
  ticket: TicketForEmail,
  message: MessageForEmail,
  input: { managers: readonly StaffMember[] },
): Recipient[] {
  const author: Author = { accountId: message.authorAccountId, contactId: message.authorContactId };
  if (message.authorKind === 'system') return [];
  if (message.internal) return unique(build(staffOf(ticket), 'staff', 'ticketUpdates', author));
  if (message.authorKind === 'staff') {
    return unique([
      ...build(contactsOf(ticket), 'contact', 'ticketReplies', author),
      ...build(staffOf(ticket), 'staff', 'ticketUpdates', author),
    ]);
  }
  const followers = staffOf(ticket);
  return unique([
    ...build(contactsOf(ticket), 'contact', 'ticketReplies', author),
    ...build(
      followers.length ? followers : managersAsParties(input.managers),
      'staff',
      'clientReplies',
      author,
    ),
  ]);
}

export function forStatusChange(
  ticket: TicketForEmail,
  input: {
    from: TicketStatus;
    to: TicketStatus;
    actorAccountId: number | null;
    actorContactId?: number | null;
  },
): Recipient[] {
  if (input.from === input.to) return [];
  const kind: NotificationKind = input.to === 'resolved' ? 'ticketResolved' : 'ticketStatus';
  return unique(
    build(contactsOf(ticket), 'contact', kind, {
      accountId: input.actorAccountId,
      contactId: input.actorContactId ?? null,
    }),
  );
}

/** Drops those who switched this kind off (someone without a login keeps the defaults: everything on). */
export function honouringPrefs(
  recipients: readonly Recipient[],
  prefsOf: (accountId: number) => NotificationPrefs | undefined,
): Recipient[] {
  return recipients.filter((r) => {
    if (r.accountId === null) return true;
    const prefs = prefsOf(r.accountId);
    return prefs ? prefs[r.kind] : true;
  });
}
