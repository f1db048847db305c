/**
 * Mail that a machine sent: out-of-office replies, bounces, list traffic. Such mail is held for review
 * and never answered, so two robots cannot email each other forever (RFC 3834). Pure.
 */
import { type Message, message } from '../../../shared/i18n/i18n.ts';

export interface AutoReplyInput {
  /** Header values by lower-case name, as mailparser gives them (strings or structured values). */
  headers: ReadonlyMap<string, unknown>;
  fromAddress: string | null;
  /**
   * The SMTP envelope sender when known: '' for the null sender `<>` (a bounce); null when unknown
   * (IMAP: the Return-Path header stands for it).
   */
  envelopeFrom: string | null;
}

function headerText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(headerText).join(', ');
  if (typeof value === 'object') {
    const v = value as { value?: unknown; text?: unknown };
    if (typeof v.text === 'string') return v.text;
    if (typeof v.value === 'string') return v.value;
    if (Array.isArray(v.value)) {
      return v.value
        .map((a) => (a && typeof a === 'object' && 'address' in a ? String(a.address ?? '') : ''))
        .join(', ');
    }
  }
  return String(value);
}

const robotSenders = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)(\+[^@]*)?@/i;

/** Why this message looks machine-sent, in words for the review page; null when it looks human. */
export function autoReplyReason(input: AutoReplyInput): Message | null {
  const h = (name: string) => headerText(input.headers.get(name))?.trim() ?? null;

  const autoSubmitted = h('auto-submitted');
  if (autoSubmitted && autoSubmitted.toLowerCase().split(';')[0]?.trim() !== 'no') {
    return message('common:inbound.auto.autoSubmitted', { value: autoSubmitted.slice(0, 60) });
  }
  if (h('x-autoreply') !== null || h('x-autorespond') !== null || h('x-autoresponder') !== null) {
    return message('common:inbound.auto.xAutoreply');
  }
  const precedence = h('precedence')?.toLowerCase();
  if (precedence && ['bulk', 'auto_reply', 'junk', 'list'].includes(precedence)) {
    return message('common:inbound.auto.precedence', { value: precedence });
  }
  if (h('x-auto-response-suppress')?.toLowerCase().includes('oof') && h('x-ms-exchange-inbox-rules-loop')) {
    return message('common:inbound.auto.exchangeRule');
  }
  if (h('list-id') !== null || h('list-unsubscribe') !== null) {
    return message('common:inbound.auto.mailingList');
  }
  const contentType = h('content-type')?.toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report')) return message('common:inbound.auto.deliveryReport');
  if (input.envelopeFrom === '') return message('common:inbound.auto.emptyEnvelope');
  const returnPath = h('return-path');
  if (returnPath !== null && /^<?\s*>?$/.test(returnPath))
    return message('common:inbound.auto.emptyReturnPath');
  if (returnPath && robotSenders.test(returnPath.replace(/^<|>$/g, ''))) {
    return message('common:inbound.auto.mailServer');
  }
  if (input.fromAddress && robotSenders.test(input.fromAddress)) {
    return message('common:inbound.auto.robot', { address: input.fromAddress.slice(0, 80) });
  }
  return null;
}
