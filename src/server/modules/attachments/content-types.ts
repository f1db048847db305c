/**
 * Which files are accepted, decided by their content (file-type's magic numbers, or valid UTF-8 text),
 * never by the name or the browser's claim alone. The name must not claim another accepted kind.
 */
import { type Message, message } from '../../../shared/i18n/i18n.ts';
import { extensionOf, withExtension } from './filenames.ts';

interface Kind {
  /** The extension the file is stored under when its name has none. */
  ext: string;
  mime: string;
  /** Extensions a name may carry for this kind. */
  aliases: readonly string[];
  /** "a PNG image": used in messages (a catalogue key). */
  label: Message['key'];
  image: boolean;
}

const kind = (
  ext: string,
  mime: string,
  label: Message['key'],
  aliases: string[] = [ext],
  image = false,
): Kind => ({
  ext,
  mime,
  label,
  aliases,
  image,
});

const png = kind('png', 'image/png', 'errors:attachments.kind.png', ['png'], true);

/** Binary kinds, keyed by file-type's `ext`. */
const binaryKinds: Record<string, Kind> = {
  png,
  apng: png,
  jpg: kind('jpg', 'image/jpeg', 'errors:attachments.kind.jpg', ['jpg', 'jpeg', 'jpe', 'jfif'], true),
  gif: kind('gif', 'image/gif', 'errors:attachments.kind.gif', ['gif'], true),
  webp: kind('webp', 'image/webp', 'errors:attachments.kind.webp', ['webp'], true),
  pdf: kind('pdf', 'application/pdf', 'errors:attachments.kind.pdf'),
  docx: kind(
    'docx',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'errors:attachments.kind.docx',
  ),
  xlsx: kind(
    'xlsx',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'errors:attachments.kind.xlsx',
  ),
  pptx: kind(
    'pptx',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'errors:attachments.kind.pptx',
  ),
  odt: kind('odt', 'application/vnd.oasis.opendocument.text', 'errors:attachments.kind.odt'),
  ods: kind('ods', 'application/vnd.oasis.opendocument.spreadsheet', 'errors:attachments.kind.ods'),
  zip: kind('zip', 'application/zip', 'errors:attachments.kind.zip'),
};

/** Text kinds, known by the name's extension once the content is valid UTF-8 without NUL bytes. */
const textKinds: Record<string, Kind> = {
  txt: kind('txt', 'text/plain', 'errors:attachments.kind.txt', ['txt', 'text']),
  log: kind('log', 'text/plain', 'errors:attachments.kind.log'),
  csv: kind('csv', 'text/csv', 'errors:attachments.kind.csv'),
  json: kind('json', 'application/json', 'errors:attachments.kind.json'),
  md: kind('md', 'text/markdown', 'errors:attachments.kind.md', ['md', 'markdown']),
  eml: kind('eml', 'message/rfc822', 'errors:attachments.kind.eml'),
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
  | { ok: false; reason: Message };

/** A refusal: what is wrong, then which kinds are accepted (in the reader's language, when it is shown). */
const refuse = (problem: Message): Verdict => ({
  ok: false,
  reason: message('errors:attachments.type.refused', { problem }),
});

function accept(k: Kind, filename: string, claimed: string): Verdict {
  // A name without an extension, or with one no accepted kind uses, gets the true extension added.
  const name = k.aliases.includes(claimed) ? filename : withExtension(filename, k.ext);
  return { ok: true, filename: name, contentType: k.mime, image: k.image };
}

function mismatch(filename: string, claimed: Kind, actual: Message['key'], ext: string | null): Verdict {
  const params = { filename, claimed: message(claimed.label), actual: message(actual) };
  return {
    ok: false,
    reason: ext
      ? message('errors:attachments.type.mismatchRename', { ...params, ext })
      : message('errors:attachments.type.mismatch', params),
  };
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
    return refuse(message('errors:attachments.type.markup'));
  }

  if (facts.detected) {
    const k = binaryKinds[facts.detected.ext];
    if (!k) {
      return refuse(
        message('errors:attachments.type.kindNotAccepted', {
          filename: facts.filename,
          type: facts.detected.ext.toUpperCase(),
        }),
      );
    }
    if (claimed && claimed !== k) return mismatch(facts.filename, claimed, k.label, k.ext);
    return accept(k, facts.filename, claimedExt);
  }

  // Not a known binary format: only text is left, and only as one of the text kinds.
  if (!facts.noNul || markupStart.test(facts.head.toString('latin1'))) {
    if (claimed && !textKinds[claimedExt] && facts.noNul) {
      return mismatch(facts.filename, claimed, 'errors:attachments.kind.markup', null);
    }
    return refuse(
      facts.noNul
        ? message('errors:attachments.type.markup')
        : message('errors:attachments.type.contentNotAccepted', { filename: facts.filename }),
    );
  }
  if (claimedExt === 'eml') {
    // Mail may carry 8-bit text in another charset; it must at least start like a message header.
    const firstLine = facts.head.toString('latin1').split(/\r?\n/, 1)[0] ?? '';
    if (/^[A-Za-z0-9-]+:/.test(firstLine)) return accept(textKinds.eml as Kind, facts.filename, 'eml');
    return { ok: false, reason: message('errors:attachments.type.notEmail', { filename: facts.filename }) };
  }
  if (!facts.utf8) {
    return refuse(message('errors:attachments.type.notUtf8', { filename: facts.filename }));
  }
  if (claimed && textKinds[claimedExt]) return accept(claimed, facts.filename, claimedExt);
  if (claimed) return mismatch(facts.filename, claimed, 'errors:attachments.kind.txt', 'txt');
  if (!claimedExt) return accept(textKinds.txt as Kind, facts.filename, '');
  return refuse(
    message('errors:attachments.type.textExtension', { filename: facts.filename, ext: claimedExt }),
  );
}

/** Whether sharp can make a thumbnail of this stored type. */
export function isImageType(contentType: string): boolean {
  return ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(contentType);
}
