/**
 * Which files are accepted, decided by their content (file-type's magic numbers, or valid UTF-8 text),
 * never by the name or the browser's claim alone. The name must not claim another accepted kind.
 */
import { extensionOf, withExtension } from './filenames.ts';

interface Kind {
  /** The extension the file is stored under when its name has none. */
  ext: string;
  mime: string;
  /** Extensions a name may carry for this kind. */
  aliases: readonly string[];
  /** "a PNG image": used in messages. */
  label: string;
  image: boolean;
}

const kind = (ext: string, mime: string, label: string, aliases: string[] = [ext], image = false): Kind => ({
  ext,
  mime,
  label,
  aliases,
  image,
});

const png = kind('png', 'image/png', 'a PNG image', ['png'], true);

/** Binary kinds, keyed by file-type's `ext`. */
const binaryKinds: Record<string, Kind> = {
  png,
  apng: png,
  jpg: kind('jpg', 'image/jpeg', 'a JPEG image', ['jpg', 'jpeg', 'jpe', 'jfif'], true),
  gif: kind('gif', 'image/gif', 'a GIF image', ['gif'], true),
  webp: kind('webp', 'image/webp', 'a WebP image', ['webp'], true),
  pdf: kind('pdf', 'application/pdf', 'a PDF document'),
  docx: kind(
    'docx',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'a Word document (DOCX)',
  ),
  xlsx: kind(
    'xlsx',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'an Excel workbook (XLSX)',
  ),
  pptx: kind(
    'pptx',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'a PowerPoint presentation (PPTX)',
  ),
  odt: kind('odt', 'application/vnd.oasis.opendocument.text', 'an OpenDocument text (ODT)'),
  ods: kind('ods', 'application/vnd.oasis.opendocument.spreadsheet', 'an OpenDocument spreadsheet (ODS)'),
  zip: kind('zip', 'application/zip', 'a ZIP archive'),
};

/** Text kinds, known by the name's extension once the content is valid UTF-8 without NUL bytes. */
const textKinds: Record<string, Kind> = {
  txt: kind('txt', 'text/plain', 'plain text', ['txt', 'text']),
  log: kind('log', 'text/plain', 'a log file'),
  csv: kind('csv', 'text/csv', 'a CSV file'),
  json: kind('json', 'application/json', 'a JSON file'),
  md: kind('md', 'text/markdown', 'a Markdown file', ['md', 'markdown']),
  eml: kind('eml', 'message/rfc822', 'an email message (EML)'),
};

const allKinds = [...Object.values(binaryKinds), ...Object.values(textKinds)];
const kindByAlias = new Map(allKinds.flatMap((k) => k.aliases.map((a) => [a, k] as const)));

/** Extensions that name a web page or a vector image: refused whatever their content. */
const markupExtensions = new Set([
  'html',
  'htm',
  'xhtml',
  'shtml',
  'mht',
  'mhtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
]);
/** Content a browser would treat as a page or a script if it ever rendered it. */
const markupStart = /^(?:\s|\ufeff)*<(?:!doctype\s+html|html|head|body|svg|script|iframe|\?xml)[\s>/]/i;

export const ALLOWED_KINDS =
  'images (PNG, JPEG, GIF, WebP), PDF, Office documents (DOCX, XLSX, PPTX, ODT, ODS), ZIP, email (EML) and text (TXT, CSV, LOG, JSON, MD)';
export const NOT_ACCEPTED_MESSAGE = `Only these kinds of file are accepted: ${ALLOWED_KINDS}.`;

export interface ContentFacts {
  /** The sanitised name the file arrived with. */
  filename: string;
  /** What file-type found in the content, if anything. */
  detected: { ext: string; mime: string } | undefined;
  /** The first bytes (a few KB are enough). */
  head: Buffer;
  /** The whole content is valid UTF-8. */
  utf8: boolean;
  /** The content has no NUL byte. */
  noNul: boolean;
}

export type Verdict =
  | { ok: true; filename: string; contentType: string; image: boolean }
  | { ok: false; reason: string };

const refuse = (reason: string): Verdict => ({ ok: false, reason });

function accept(k: Kind, filename: string, claimed: string): Verdict {
  // A name without an extension, or with one no accepted kind uses, gets the true extension added.
  const name = k.aliases.includes(claimed) ? filename : withExtension(filename, k.ext);
  return { ok: true, filename: name, contentType: k.mime, image: k.image };
}

function mismatch(filename: string, claimed: Kind, actual: string, ext: string | null): Verdict {
  const fix = ext ? `Rename it to .${ext} if that is right, or choose another file.` : 'Choose another file.';
  return refuse(`“${filename}” is named as ${claimed.label} but its content is ${actual}. ${fix}`);
}

/**
 * Decides whether a file is accepted, and under which name and type. A name that claims another
 * accepted kind ("invoice.pdf" whose content is a PNG) is refused; a name with no or an unknown
 * extension gets the true one added ("scan" → "scan.png").
 */
export function classify(facts: ContentFacts): Verdict {
  const claimedExt = extensionOf(facts.filename);
  const claimed = kindByAlias.get(claimedExt);
  if (markupExtensions.has(claimedExt)) {
    return refuse(`Web pages, SVG and XML files are not accepted. ${NOT_ACCEPTED_MESSAGE}`);
  }

  if (facts.detected) {
    const k = binaryKinds[facts.detected.ext];
    if (!k) {
      return refuse(
        `“${facts.filename}” is a kind of file that is not accepted (${facts.detected.ext.toUpperCase()}). ${NOT_ACCEPTED_MESSAGE}`,
      );
    }
    if (claimed && claimed !== k) return mismatch(facts.filename, claimed, k.label, k.ext);
    return accept(k, facts.filename, claimedExt);
  }

  // Not a known binary format: only text is left, and only as one of the text kinds.
  if (!facts.noNul || markupStart.test(facts.head.toString('latin1'))) {
    if (claimed && !textKinds[claimedExt] && facts.noNul) {
      return mismatch(facts.filename, claimed, 'a web page or markup', null);
    }
    return refuse(
      facts.noNul
        ? `Web pages, SVG and XML files are not accepted. ${NOT_ACCEPTED_MESSAGE}`
        : `The content of “${facts.filename}” is not a kind of file that is accepted. ${NOT_ACCEPTED_MESSAGE}`,
    );
  }
  if (claimedExt === 'eml') {
    // Mail may carry 8-bit text in another charset; it must at least start like a message header.
    const firstLine = facts.head.toString('latin1').split(/\r?\n/, 1)[0] ?? '';
    if (/^[A-Za-z0-9-]+:/.test(firstLine)) return accept(textKinds.eml as Kind, facts.filename, 'eml');
    return mismatch(facts.filename, textKinds.eml as Kind, 'not an email message', null);
  }
  if (!facts.utf8) {
    return refuse(
      `The content of “${facts.filename}” is not a kind of file that is accepted (text must be UTF-8). ${NOT_ACCEPTED_MESSAGE}`,
    );
  }
  if (claimed && textKinds[claimedExt]) return accept(claimed, facts.filename, claimedExt);
  if (claimed) return mismatch(facts.filename, claimed, 'plain text', 'txt');
  if (!claimedExt) return accept(textKinds.txt as Kind, facts.filename, '');
  return refuse(
    `Text files are accepted only as TXT, CSV, LOG, JSON or MD (“${facts.filename}” is .${claimedExt}). ${NOT_ACCEPTED_MESSAGE}`,
  );
}

/** Whether sharp can make a thumbnail of this stored type. */
export function isImageType(contentType: string): boolean {
  return ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(contentType);
}
