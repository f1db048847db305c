import { hmacHex, safeEqual } from '../../platform/crypto.ts';

/**
 * Signed addresses and Message-IDs that name a ticket. A reply finds its ticket by the address it was
 * sent to (`support+t123-{sig}@example.com`) or by the thread root in its References
 * (`<ticket-123.{sig}@host>`); both carry an HMAC of the ticket id under the instance secret, so neither
 * a subject line nor a guessed address can put mail into another ticket. Pure functions.
 */

const SIG_HEX = 16;

function signature(secret: string, purpose: 'reply' | 'thread', ticketId: number): string {
  return hmacHex(secret, `portico-ticket-email:${purpose}:${ticketId}`).slice(0, SIG_HEX);
}

/** The local part and domain of an address, or null when it is not one. */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() };
}

/** `support@example.com` → `support+t123-{sig}@example.com` (any +tag of the mailbox is replaced). */
export function replyAddress(secret: string, mailbox: string, ticketId: number): string {
  const parts = splitAddress(mailbox.trim());
  if (!parts) throw new Error(`Not an email address: ${mailbox}`);
  const base = parts.local.replace(/\+.*$/, '');
  return `${base}+t${ticketId}-${signature(secret, 'reply', ticketId)}@${parts.domain}`;
}

export type AddressCheck = { ticketId: number; valid: true } | { ticketId: number; valid: false } | null;

/**
 * Reads a ticket id from a reply address. Null when the address has no ticket tag; `valid: false` when
 * it has one whose signature is wrong (forged, or signed by another installation).
 */
export function readReplyAddress(secret: string, address: string): AddressCheck {
  const parts = splitAddress(address.trim());
  if (!parts) return null;
  const match = /\+t(\d{1,12})-([0-9a-f]+)$/i.exec(parts.local);
  if (!match) return null;
  const ticketId = Number(match[1]);
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0) return null;
  const valid = safeEqual(match[2]!.toLowerCase(), signature(secret, 'reply', ticketId));
  return { ticketId, valid };
}

/** The Message-ID every notification of a ticket names as its thread root. */
export function threadRoot(secret: string, host: string, ticketId: number): string {
  return `<ticket-${ticketId}.${signature(secret, 'thread', ticketId)}@${host}>`;
}

/** A ticket id from a thread-root Message-ID, checked; null when it is not one of ours (or forged). */
export function readThreadRoot(secret: string, messageId: string): number | null {
  const match = /^<?ticket-(\d{1,12})\.([0-9a-f]+)@[^>\s]+>?$/i.exec(messageId.trim());
  if (!match) return null;
  const ticketId = Number(match[1]);
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0) return null;
  return safeEqual(match[2]!.toLowerCase(), signature(secret, 'thread', ticketId)) ? ticketId : null;
}

/** Message-IDs in a References / In-Reply-To value (angle-bracketed tokens), in order, deduplicated. */
export function messageIdsIn(value: string | string[] | undefined | null): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const found = text.match(/<[^<>\s]+>/g) ?? [];
  return [...new Set(found)];
}
