import { directionOf } from '../../../shared/i18n/languages.ts';
import { renderMarkdown } from '../../../shared/markdown.ts';
import {
  type EmailBranding,
  type EmailContent,
  type EmailText,
  emailMessage,
  personalHtml,
  renderEmail,
  renderText,
} from '../../platform/email-template.ts';

/** A quoted message inside a ticket email: its Markdown rendered for the HTML part, as typed for text. */
export interface QuotedMessage {
  /** e.g. "Alice Moreau wrote:" */
  byline: EmailText;
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
  language: string,
): { subject: string; html: string; text: string } {
  if (!message) return renderEmail(branding, content, language);
  const rendered = renderEmail(branding, { ...content, paragraphs: [...content.paragraphs, MARK] }, language);
  const attached = renderText(emailMessage('emails:ticket.attached'), language);
  const files = message.attachments.length
    ? `<p style="margin:8px 0 0;font-size:13px;color:#6b7280">${attached.html} ${message.attachments.map(personalHtml).join(', ')}</p>`
    : '';
  const byline = renderText(message.byline, language);
  // The message is the person's own text: its direction is its own, whatever the email's.
  const edge = directionOf(language) === 'rtl' ? 'right' : 'left';
  const block =
    `<p style="margin:0 0 4px;font-size:13px;color:#6b7280">${byline.html}</p>` +
    `<div class="markdown" dir="auto" style="margin:0 0 16px;padding:4px 12px;border-${edge}:3px solid #d1d5db;font-size:15px;line-height:1.5;color:#1f2937">${renderMarkdown(message.markdown)}${files}</div>`;
  const html = rendered.html.replace(new RegExp(`<p[^>]*><span dir="auto">${MARK}</span></p>`), () => block);
  const textBlock = [
    byline.text,
    '',
    message.markdown.trim(),
    ...(message.attachments.length ? ['', `${attached.text} ${message.attachments.join(', ')}`] : []),
  ].join('\n');
  const text = rendered.text.replace(MARK, () => textBlock);
  return { subject: rendered.subject, html, text };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
