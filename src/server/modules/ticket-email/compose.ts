import { renderMarkdown } from '../../../shared/markdown.ts';
import {
  type EmailBranding,
  type EmailContent,
  escapeHtml,
  renderEmail,
} from '../../platform/email-template.ts';

/** A quoted message inside a ticket email: its Markdown rendered for the HTML part, as typed for text. */
export interface QuotedMessage {
  /** e.g. "Alice Moreau wrote:" */
  byline: string;
  markdown: string;
  /** Names (and sizes) of attached files, listed under the message. */
  attachments: string[];
}

// Control characters never survive escapeHtml changes and never appear in a person's text here.
const MARK = '\u0001portico-message\u0001';

/**
 * The organisation's email template (renderEmail) with one message set into it: the template escapes
 * every paragraph, so the message goes in as a placeholder paragraph that is then swapped for the
 * sanitised Markdown HTML (renderMarkdown escapes raw HTML and keeps only http(s)/mailto links).
 */
export function renderTicketEmail(
  branding: EmailBranding,
  content: EmailContent,
  message: QuotedMessage | null,
): { subject: string; html: string; text: string } {
  if (!message) return renderEmail(branding, content);
  const rendered = renderEmail(branding, { ...content, paragraphs: [...content.paragraphs, MARK] });
  const files = message.attachments.length
    ? `<p style="margin:8px 0 0;font-size:13px;color:#6b7280">Attached: ${message.attachments.map(escapeHtml).join(', ')}</p>`
    : '';
  const block =
    `<p style="margin:0 0 4px;font-size:13px;color:#6b7280">${escapeHtml(message.byline)}</p>` +
    `<div class="markdown" style="margin:0 0 16px;padding:4px 0 4px 12px;border-left:3px solid #d1d5db;font-size:15px;line-height:1.5;color:#1f2937">${renderMarkdown(message.markdown)}${files}</div>`;
  const html = rendered.html.replace(new RegExp(`<p[^>]*>${MARK}</p>`), () => block);
  const textBlock = [
    message.byline,
    '',
    message.markdown.trim(),
    ...(message.attachments.length ? ['', `Attached: ${message.attachments.join(', ')}`] : []),
  ].join('\n');
  const text = rendered.text.replace(MARK, () => textBlock);
  return { subject: rendered.subject, html, text };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
