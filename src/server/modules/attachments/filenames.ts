/** File names as people send them, made safe to store, show and offer for download. */

export const MAX_FILENAME_LENGTH = 200;
export const FALLBACK_FILENAME = 'attachment';

/** Longest tail kept as an extension when a long name is shortened. */
const MAX_EXTENSION_LENGTH = 16;

// C0 and C1 controls, DEL, and the invisible characters that reorder or hide text (bidi overrides,
// zero-width joiners, byte-order marks), which can make "exe.pdf" look like "fdp.exe".
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const invisible = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Reserved on Windows (and '/' everywhere); path separators are handled before this.
const reserved = /[<>:"|?*]/g;
const windowsDevice = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Splits "report.final.pdf" into ["report.final", ".pdf"]; a name without a usable extension has "". */
export function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return [name, ''];
  const ext = name.slice(dot);
  if (ext.length > MAX_EXTENSION_LENGTH || !/^\.[\p{L}\p{N}_-]+$/u.test(ext)) return [name, ''];
  return [name.slice(0, dot), ext];
}

/** The lower-case extension without its dot ("pdf"), or "" when there is none. */
export function extensionOf(name: string): string {
  return splitExtension(name)[1].slice(1).toLowerCase();
}

/** Cuts whole code points (never half a surrogate pair) until `text` is at most `max` UTF-16 units. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  let length = text.length;
  while (points.length && length > max) length -= points.pop()?.length ?? 0;
  return points.join('');
}

function tidy(name: string): string {
  return name
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, (m) => (m.includes('.') ? '.' : ''))
    .replace(/[\s.]+$/, '')
    .trim();
}

/**
 * A safe file name: no path parts, no control, invisible or reserved characters, trimmed, at most
 * 200 characters with the extension kept, never empty ("attachment" when nothing is left).
 */
export function sanitizeFilename(input: string): string {
  // Only the last path segment counts ("C:\\Users\\x\\secret.pdf", "../../etc/passwd").
  const base = input.split(/[/\\]/).pop() ?? '';
  let name = tidy(base.normalize('NFC').replace(invisible, '').replace(reserved, '_'));
  // ".bashrc" keeps its meaning as an extension but gets a name; "..." or "" becomes the fallback.
  if (name.startsWith('.')) name = name.length > 1 ? `${FALLBACK_FILENAME}${name}` : '';
  if (!name) return FALLBACK_FILENAME;
  if (windowsDevice.test(name)) name = `_${name}`;
  return fitLength(name);
}

function fitLength(name: string): string {
  if (name.length <= MAX_FILENAME_LENGTH) return name;
  const [stem, ext] = splitExtension(name);
  const shortened = tidy(cut(stem, MAX_FILENAME_LENGTH - ext.length));
  return `${shortened || FALLBACK_FILENAME.slice(0, MAX_FILENAME_LENGTH - ext.length)}${ext}`;
}

/** `name` (already sanitised) with `.ext` added, shortened so the whole still fits. */
export function withExtension(name: string, ext: string): string {
  const suffix = `.${ext}`;
  const stem = tidy(cut(name, MAX_FILENAME_LENGTH - suffix.length)) || FALLBACK_FILENAME;
  return `${stem}${suffix}`;
}

/** "ascii-fallback" for old clients: ASCII letters kept, anything else becomes "_". */
export function asciiFallback(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%;]/g, '_');
  return ascii.trim() || FALLBACK_FILENAME;
}

/** RFC 5987 value: UTF-8, percent-encoded, with the characters encodeURIComponent leaves alone escaped. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `attachment; filename="…"; filename*=UTF-8''…` (or inline) for a stored file name. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const safe = sanitizeFilename(name);
  return `${kind}; filename="${asciiFallback(safe)}"; filename*=UTF-8''${encodeRfc5987(safe)}`;
}
