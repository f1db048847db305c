import { contrastingText, contrastRatio, TEXT_CONTRAST } from '../../shared/colour.ts';

export interface EmailBranding {
  organisationName: string;
  primaryColor: string;
  subjectPrefix: string;
  logoUrl: string | null;
}

export interface EmailContent {
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** A line under the button, e.g. "This link expires in 7 days." */
  note?: string;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Every email in the organisation's branding, with an HTML part and a plain-text part saying the same. */
export function renderEmail(branding: EmailBranding, content: EmailContent) {
  const subject = [branding.subjectPrefix.trim(), content.subject].filter(Boolean).join(' ');
  const colour = /^#[0-9a-f]{6}$/i.test(branding.primaryColor) ? branding.primaryColor : '#1c64d4';
  // Any brand colour stays readable: black or white on the button, and the name in a dark grey when the
  // colour itself is too pale for text on white.
  const onColour = contrastingText(colour);
  const nameColour = contrastRatio(colour, '#ffffff') >= TEXT_CONTRAST ? colour : '#111827';
  const org = escapeHtml(branding.organisationName);
  const paragraphs = content.paragraphs
    .map(
      (p) => `<p style="margin:0 0 16px;font-size:15px;line-height:1.5;color:#1f2937">${escapeHtml(p)}</p>`,
    )
    .join('');
  const button = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:${colour};color:${onColour};text-decoration:none;font-weight:600;padding:12px 20px;border-radius:6px">${escapeHtml(content.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#6b7280">If the button does not work, copy this address into your browser:<br><span style="word-break:break-all">${escapeHtml(content.action.url)}</span></p>`
    : '';
  const note = content.note
    ? `<p style="margin:0 0 16px;font-size:13px;color:#6b7280">${escapeHtml(content.note)}</p>`
    : '';
  const header = branding.logoUrl
    ? `<img src="${escapeHtml(branding.logoUrl)}" alt="${org}" style="max-height:40px">`
    : `<strong style="font-size:18px;color:${nameColour}">${org}</strong>`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">
<div style="max-width:560px;margin:0 auto;padding:24px">
<div style="border-top:4px solid ${colour};background:#ffffff;border-radius:8px;padding:24px">
<div style="margin-bottom:16px">${header}</div>
<h1 style="margin:0 0 16px;font-size:20px;color:#111827">${escapeHtml(content.heading)}</h1>
${paragraphs}${button}${note}
</div>
<p style="font-size:12px;color:#4b5563;text-align:center;margin-top:16px">${org}</p>
</div></body></html>`;
  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    ...(content.note ? [content.note, ''] : []),
    '--',
    branding.organisationName,
  ].join('\n');
  return { subject, html, text };
}
