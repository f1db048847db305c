import { contrastingText, contrastRatio, TEXT_CONTRAST } from '../../shared/colour.ts';
import { isMessage, type Message, type MessageParams, translate } from '../../shared/i18n/i18n.ts';
import { DEFAULT_LANGUAGE, directionOf, isLanguage } from '../../shared/i18n/languages.ts';

export interface EmailBranding {
  organisationName: string;
  primaryColor: string;
  subjectPrefix: string;
  logoUrl: string | null;
}

/**
 * A catalogue message for an email (`emails:…`), put in the recipient's language when rendered. The
 * params named in `personal` are people's own text (names, ticket subjects, organisation names): in the
 * HTML part each sits in `<span dir="auto">`, so Arabic or Hebrew inside an English sentence (or English
 * inside Arabic) reads in its own direction.
 */
export interface EmailMessage extends Message {
  personal?: readonly string[];
}

/** What an email says: a catalogue message, or text as it is (people's own text; treated as personal). */
export type EmailText = EmailMessage | string;

export function emailMessage(
  key: Message['key'],
  params?: MessageParams,
  personal: readonly string[] = [],
): EmailMessage {
  return { key, ...(params ? { params } : {}), ...(personal.length ? { personal } : {}) };
}

export interface EmailContent {
  subject: EmailText;
  heading: EmailText;
  paragraphs: EmailText[];
  action?: { label: EmailText; url: string };
  /** Further links under the button, each a plain link with its label (a ticket's Good and Bad rating). */
  links?: { label: EmailText; url: string }[];
  /** A line under the button, e.g. "This link expires in 7 days." */
  note?: EmailText;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** People's text in HTML: escaped, in its own direction. */
export function personalHtml(value: string): string {
  return `<span dir="auto">${escapeHtml(value)}</span>`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the tokens are control characters, so no text holds them
const TOKEN = /\u0002(\d+)\u0003/g;

/** One email text in a language, as plain text and as HTML (escaped; people's text marked dir="auto"). */
export function renderText(text: EmailText, language: string): { text: string; html: string } {
  if (typeof text === 'string') return { text, html: personalHtml(text) };
  // Personal values go in as tokens, so the translated sentence is escaped on its own and each of them
  // is escaped and marked as it is put back. Other values (numbers, dates, select keys) stay ICU's.
  const values: string[] = [];
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    // A personal value may be a message (a portal's default name): put in the language first, then marked.
    const own = isMessage(value) && text.personal?.includes(name) ? translate(language, value) : value;
    if (typeof own === 'string' && text.personal?.includes(name)) {
      params[name] = `\u0002${values.length}\u0003`;
      values.push(own);
    } else params[name] = own;
  }
  const translated = translate(language, text.key, params);
  const plain = translated.replace(TOKEN, (_, i: string) => values[Number(i)] ?? '');
  const html = escapeHtml(translated).replace(TOKEN, (_, i: string) => personalHtml(values[Number(i)] ?? ''));
  return { text: plain, html };
}

/**
 * Every email in the organisation's branding and the recipient's language, with an HTML part and a
 * plain-text part saying the same. The document carries `lang` and `dir` (Arabic is right-to-left).
 */
export function renderEmail(
  branding: EmailBranding,
  content: EmailContent,
  language: string = DEFAULT_LANGUAGE,
) {
  const lang = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  const dir = directionOf(lang);
  const r = (t: EmailText) => renderText(t, lang);
  const subjectText = r(content.subject).text;
  const subject = [branding.subjectPrefix.trim(), subjectText].filter(Boolean).join(' ');
  const colour = /^#[0-9a-f]{6}$/i.test(branding.primaryColor) ? branding.primaryColor : '#1c64d4';
  // Any brand colour stays readable: black or white on the button, and the name in a dark grey when the
  // colour itself is too pale for text on white.
  const onColour = contrastingText(colour);
  const nameColour = contrastRatio(colour, '#ffffff') >= TEXT_CONTRAST ? colour : '#111827';
  const org = escapeHtml(branding.organisationName);
  const paragraphs = content.paragraphs
    .map((p) => `<p style="margin:0 0 16px;font-size:15px;line-height:1.5;color:#1f2937">${r(p).html}</p>`)
    .join('');
  const fallback = renderText({ key: 'emails:template.buttonFallback' }, lang);
  const button = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:${colour};color:${onColour};text-decoration:none;font-weight:600;padding:12px 20px;border-radius:6px">${r(content.action.label).html}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#4b5563">${fallback.html}<br><span dir="ltr" style="word-break:break-all">${escapeHtml(content.action.url)}</span></p>`
    : '';
  const note = content.note
    ? `<p style="margin:0 0 16px;font-size:13px;color:#6b7280">${r(content.note).html}</p>`
    : '';
  const links = content.links?.length
    ? `<p style="margin:0 0 16px;font-size:15px">${content.links
        .map(
          (l) =>
            `<a href="${escapeHtml(l.url)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 16px;border:1px solid ${nameColour};border-radius:6px;color:${nameColour};font-weight:600;text-decoration:none">${r(l.label).html}</a>`,
        )
        .join('')}</p>`
    : '';
  const header = branding.logoUrl
    ? `<img src="${escapeHtml(branding.logoUrl)}" alt="${org}" style="max-height:40px">`
    : `<strong dir="auto" style="font-size:18px;color:${nameColour}">${org}</strong>`;
  const heading = r(content.heading);
  const html = `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body dir="${dir}" style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,'Noto Sans Arabic',Tahoma,sans-serif">
<div dir="${dir}" style="max-width:560px;margin:0 auto;padding:24px;text-align:${dir === 'rtl' ? 'right' : 'left'}">
<div style="border-top:4px solid ${colour};background:#ffffff;border-radius:8px;padding:24px">
<div style="margin-bottom:16px">${header}</div>
<h1 style="margin:0 0 16px;font-size:20px;color:#111827">${heading.html}</h1>
${paragraphs}${button}${links}${note}
</div>
<p dir="auto" style="font-size:12px;color:#4b5563;text-align:center;margin-top:16px">${org}</p>
</div></body></html>`;
  const text = [
    heading.text,
    '',
    ...content.paragraphs.flatMap((p) => [r(p).text, '']),
    ...(content.action ? [`${r(content.action.label).text}: ${content.action.url}`, ''] : []),
    ...(content.links?.length ? [...content.links.map((l) => `${r(l.label).text}: ${l.url}`), ''] : []),
    ...(content.note ? [r(content.note).text, ''] : []),
    '--',
    branding.organisationName,
  ].join('\n');
  return { subject, html, text };
}
