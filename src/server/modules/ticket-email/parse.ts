import { createHash } from 'node:crypto';
import type { AddressObject } from 'mailparser';
import type { InboundAttachment } from '../tickets/contracts.ts';
import { messageIdsIn } from './addresses.ts';

/** What the inbound rules need from a raw message (parsed with mailparser). */
export interface ParsedInbound {
  /** The Message-ID, or one derived from the message's bytes when it has none (a redelivery matches). */
  messageId: string;
  from: { address: string; name: string | null } | null;
  /** Every address of the From header, lower-cased (sender authentication wants exactly one). */
  fromAddresses: string[];
  /** Every recipient address named in To, Cc, Delivered-To and X-Original-To, lower-cased. */
  recipients: string[];
  /** The To header as text, for the review page. */
  toText: string | null;
  subject: string;
  text: string;
  /** In-Reply-To first, then References, deduplicated. */
  threadIds: string[];
  headers: ReadonlyMap<string, unknown>;
  attachments: InboundAttachment[];
}

/** Inline images smaller than this (logos in signatures) are not kept as attachments. */
const INLINE_IMAGE_MIN_BYTES = 10 * 1024;
/** The stored text of a message is cut here (the review page shows it; a ticket body allows 50,000). */
export const MAX_TEXT = 200_000;

function addresses(value: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: { address: string; name: string }[] = [];
  const walk = (items: { address?: string; name: string; group?: unknown[] }[]) => {
    for (const item of items) {
      if (item.address) out.push({ address: item.address.trim().toLowerCase(), name: item.name });
      if (Array.isArray(item.group)) walk(item.group as { address?: string; name: string }[]);
    }
  };
  for (const obj of list) walk(obj.value);
  return out;
}

/** Addresses in a raw header line such as "Delivered-To: support+t1-ab@example.com". */
function lineAddresses(line: string): string[] {
  const value = line.slice(line.indexOf(':') + 1);
  return (value.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? []).map((a) => a.toLowerCase());
}

export function derivedMessageId(raw: Buffer): string {
  return `<${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@no-message-id.invalid>`;
}

export async function parseInbound(raw: Buffer): Promise<ParsedInbound> {
  // Loaded on the first email received: a portal without inbound email never needs it.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const fromAll = addresses(mail.from);
  const from = fromAll[0] ?? null;
  const to = addresses(mail.to);
  const cc = addresses(mail.cc);
  const extra = mail.headerLines
    .filter((h) => h.key === 'delivered-to' || h.key === 'x-original-to' || h.key === 'envelope-to')
    .flatMap((h) => lineAddresses(h.line));
  const recipients = [...new Set([...to.map((a) => a.address), ...cc.map((a) => a.address), ...extra])];
  const messageId = mail.messageId?.trim() ? normaliseMessageId(mail.messageId) : derivedMessageId(raw);
  const text = (mail.text ?? '').replace(/\r\n?/g, '\n');
  const attachments: InboundAttachment[] = [];
  for (const a of mail.attachments) {
    const inlineImage = a.related === true || a.contentDisposition === 'inline';
    if (inlineImage && a.contentType.startsWith('image/') && a.size < INLINE_IMAGE_MIN_BYTES) continue;
    attachments.push({
      filename: a.filename?.trim() || `attachment-${attachments.length + 1}`,
      contentType: a.contentType || null,
      data: a.content,
    });
  }
  return {
    messageId,
    from: from ? { address: from.address, name: from.name?.trim() || null } : null,
    fromAddresses: fromAll.map((a) => a.address),
    recipients,
    toText: mail.to ? (Array.isArray(mail.to) ? mail.to.map((t) => t.text).join(', ') : mail.to.text) : null,
    subject: (mail.subject ?? '').trim(),
    text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text,
    threadIds: [...new Set([...messageIdsIn(mail.inReplyTo), ...messageIdsIn(mail.references)])],
    headers: mail.headers,
    attachments,
  };
}

export function normaliseMessageId(value: string): string {
  const trimmed = value.trim().slice(0, 500);
  return trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
}
