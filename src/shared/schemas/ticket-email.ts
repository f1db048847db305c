import { z } from 'zod';
import { id, isoInstant } from './common.ts';
import { pageOf, pageQuery } from './pagination.ts';

/**
 * Inbound email (issue 4): messages received by IMAP polling or the SMTP listener. Those that could
 * not become a reply or a ticket by themselves (unknown sender, another client's sender, automatic
 * replies, …) are held here for staff with tickets:manage to review.
 */

export const inboundStatuses = ['held', 'added', 'created', 'discarded'] as const;
export type InboundStatus = (typeof inboundStatuses)[number];
export const inboundStatusLabels: Record<InboundStatus, string> = {
  held: 'Held for review',
  added: 'Added to a ticket',
  created: 'Opened a ticket',
  discarded: 'Discarded',
};

/** How the sender of an email was checked (see the admin guide, "Sender authentication"). */
export const senderAuthMethodLabels = {
  smtp: 'Checked by Portico on receipt: SPF, DKIM and DMARC',
  dkim: 'Checked by Portico: DKIM and DMARC (SPF cannot be checked for this email)',
  header: 'Read from the Authentication-Results of a trusted receiving server',
} as const;

export const senderAuthView = z
  .object({
    /** pass: the sender's domain is authenticated (DMARC, or aligned DKIM or SPF); fail: it is not. */
    verdict: z.enum(['pass', 'fail']),
    method: z.enum(['smtp', 'dkim', 'header']),
    /** header: the trusted receiving server whose results were read. */
    authservId: z.string().nullable(),
    fromDomain: z.string().nullable(),
    /** DMARC's result (none: the domain publishes no record); null when not reported. */
    dmarc: z.string().nullable(),
    /** What was found, in words. */
    summary: z.string(),
  })
  .meta({ id: 'InboundSenderAuth' });
export type SenderAuthView = z.infer<typeof senderAuthView>;

export const inboundEmailItem = z
  .object({
    id: z.number().int(),
    receivedVia: z.enum(['imap', 'smtp']),
    fromAddress: z.string(),
    fromName: z.string().nullable(),
    toAddress: z.string().nullable(),
    subject: z.string(),
    status: z.enum(inboundStatuses),
    /** Why it was held, in words (null once it became a reply or a ticket by itself). */
    reason: z.string().nullable(),
    ticketId: z.number().int().nullable(),
    attachmentCount: z.number().int(),
    receivedAt: isoInstant,
    processedAt: isoInstant.nullable(),
    /** The staff member who created, added or discarded it from the review page. */
    reviewedBy: z.string().nullable(),
    /**
     * Whether its sender was authenticated; null when it was never checked (received before this check
     * existed, or held because it could not be processed).
     */
    senderAuth: senderAuthView.nullable(),
  })
  .meta({ id: 'InboundEmail' });
export type InboundEmailItem = z.infer<typeof inboundEmailItem>;

export const inboundEmailListQuery = z
  .object({
    ...pageQuery,
    status: z
      .enum([...inboundStatuses, 'all'], { message: 'errors:validation.inboundStatus' })
      .default('held'),
  })
  .strict();
export type InboundEmailListQuery = z.input<typeof inboundEmailListQuery>;
export type InboundEmailFilters = z.infer<typeof inboundEmailListQuery>;

/** Newest first. */
export const inboundEmailList = pageOf(inboundEmailItem).meta({ id: 'InboundEmailList' });
export type InboundEmailList = z.infer<typeof inboundEmailList>;

export const inboundEmailDetail = inboundEmailItem
  .extend({
    messageId: z.string(),
    /** The text of the email as received (quoted history included), always shown as text, never HTML. */
    textBody: z.string(),
    attachments: z.array(z.object({ filename: z.string(), sizeBytes: z.number().int() })),
    /** Contacts (of any client) whose address is the sender's, to pick from. */
    knownContacts: z.array(
      z.object({
        contactId: z.number().int(),
        name: z.string(),
        clientId: z.number().int(),
        clientName: z.string(),
      }),
    ),
  })
  .meta({ id: 'InboundEmailDetail' });
export type InboundEmailDetail = z.infer<typeof inboundEmailDetail>;

export const inboundEmailParams = z.object({ inboundId: id });

/** Open a ticket from a held email, raised by this contact of this client. */
export const inboundCreateTicketBody = z
  .object({ clientId: id, contactId: id })
  .strict()
  .meta({ id: 'InboundCreateTicket' });
export type InboundCreateTicketBody = z.input<typeof inboundCreateTicketBody>;

/**
 * Add a held email to a ticket as a reply. The author is `contactId` (a contact of the ticket's client),
 * or, when omitted, the contact of that client whose address sent the email.
 */
export const inboundAddToTicketBody = z
  .object({ ticketId: id, contactId: id.optional() })
  .strict()
  .meta({ id: 'InboundAddToTicket' });
export type InboundAddToTicketBody = z.input<typeof inboundAddToTicketBody>;
