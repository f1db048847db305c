/**
 * ZIP archives (and the ZIP-based Office and OpenDocument files) are inspected before they are kept:
 * their central directory says how much they expand to, which is checked against limits before any
 * entry is read; then every entry is inflated into nothing, only counted, so a header that lies about
 * its size is caught (yauzl stops the entry as soon as it passes its declared size). Nothing is ever
 * written out. Archives inside the archive are looked into the same way, up to a depth.
 */
import type { Readable } from 'node:stream';
import { type Message, type MessageParams, message } from '../../../shared/i18n/i18n.ts';
import type { UploadChecksConfig } from '../../config.ts';

export type ArchiveLimits = UploadChecksConfig['archive'];

export type ArchiveVerdict =
  | { ok: true; entries: number; expandedBytes: number }
  | {
      ok: false;
      /** too_large: the limits on size, ratio or entries; nested: too deep; invalid: not a sound archive. */
      problem: 'too_large' | 'nested' | 'invalid';
      /** What is wrong, a catalogue message ("it holds more than 10,000 files"). */
      reason: Message;
    };

/** A nested ZIP is read into memory to be looked into: never one larger than this. */
export const NESTED_ARCHIVE_MAX_BYTES = 100 * 1024 * 1024;
/** How many bytes of each entry are kept to tell an archive by its content. */
const SNIFF_BYTES = 264;

const archiveExtensions = new Set([
  'zip',
  'jar',
  'war',
  'apk',
  'gz',
  'tgz',
  'bz2',
  'tbz',
  'tbz2',
  'xz',
  'txz',
  'lz',
  'lzma',
  'zst',
  '7z',
  'rar',
  'tar',
  'cab',
  'arj',
  'cpio',
  'iso',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
]);

/** What kind of archive these first bytes start, if any ('zip' can be looked into, others cannot). */
export function archiveKind(head: Buffer): 'zip' | 'other' | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06) || starts(0x50, 0x4b, 0x07, 0x08))
    return 'zip';
  if (
    starts(0x1f, 0x8b) || // gzip
    starts(0x42, 0x5a, 0x68) || // bzip2
    starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00) || // xz
    starts(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c) || // 7z
    starts(0x52, 0x61, 0x72, 0x21, 0x1a, 0x07) || // rar
    starts(0x28, 0xb5, 0x2f, 0xfd) || // zstd
    starts(0x4c, 0x5a, 0x49, 0x50) || // lzip
    starts(0x4d, 0x53, 0x43, 0x46) || // cab
    head.subarray(257, 262).toString('latin1') === 'ustar' // tar
  )
    return 'other';
  return null;
}

function extensionOfEntry(name: string): string {
  const base = name.split('/').pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Megabytes to one decimal (the message formats the number in the reader's language). */
const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/** The nested archives a problem is inside, for the messages' `(inside “a.zip” › “b.zip”)`. */
const within = (path: string[]): MessageParams =>
  path.length ? { nested: 'yes', path: path.map((n) => `“${n}”`).join(' › ') } : { nested: 'no', path: '' };

class Refused extends Error {
  constructor(
    readonly problem: 'too_large' | 'nested' | 'invalid',
    readonly reason: Message,
  ) {
    super(reason.key);
  }
}

interface Budget {
  /** The size of the uploaded file (the ratio is of everything inside to it). */
  readonly outerSize: number;
  entries: number;
  /** Declared expanded bytes of every entry seen so far, nested archives included. */
  expanded: number;
}

function checkBudget(limits: ArchiveLimits, budget: Budget): void {
  if (budget.entries > limits.maxEntries) {
    throw new Refused(
      'too_large',
      message('errors:attachments.archive.tooManyFiles', { max: limits.maxEntries }),
    );
  }
  if (budget.expanded > limits.maxExpandedBytes) {
    throw new Refused(
      'too_large',
      message('errors:attachments.archive.tooLargeExpanded', {
        maxMb: mb(limits.maxExpandedBytes),
        sizeMb: mb(budget.expanded),
      }),
    );
  }
  // Small archives are left alone: a few KB of repeated text may well compress a thousand times.
  const ratio = budget.expanded / Math.max(budget.outerSize, 1);
  if (budget.expanded > 1024 * 1024 && ratio > limits.maxRatio) {
    throw new Refused(
      'too_large',
      message('errors:attachments.archive.tooLargeRatio', {
        sizeMb: mb(budget.expanded),
        ratio: Math.floor(ratio),
        maxRatio: limits.maxRatio,
      }),
    );
  }
}

async function consume(
  stream: Readable,
  keepAll: boolean,
): Promise<{ head: Buffer; all: Buffer | null; bytes: number }> {
  const parts: Buffer[] = [];
  let head = Buffer.alloc(0);
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (keepAll) parts.push(chunk);
    else if (head.length < SNIFF_BYTES)
      head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
  }
  if (keepAll) {
    const all = Buffer.concat(parts);
    return { head: all.subarray(0, SNIFF_BYTES), all, bytes };
  }
  return { head, all: null, bytes };
}

async function inspect(
  data: Buffer,
  depth: number,
  limits: ArchiveLimits,
  budget: Budget,
  /** The nested archives this one is inside, outermost first (empty for the file itself). */
  path: string[],
): Promise<void> {
  const inside = within(path);
  const { fromBufferPromise } = await import('yauzl');
  const zip = await fromBufferPromise(data, {
    lazyEntries: true,
    decodeStrings: true,
    validateEntrySizes: true,
    strictFileNames: false,
  }).catch((error: Error) => {
    throw new Refused(
      'invalid',
      message('errors:attachments.archive.unreadable', { ...inside, detail: error.message }),
    );
  });
  try {
    // The entry count is in the end record: a bomb of a million entries is refused before any is read.
    budget.entries += zip.entryCount;
    checkBudget(limits, budget);
    const entries = [];
    try {
      for await (const entry of zip.eachEntry()) entries.push(entry);
    } catch (error) {
      throw new Refused(
        'invalid',
        message('errors:attachments.archive.listDamaged', { ...inside, detail: (error as Error).message }),
      );
    }
    // First what the central directory declares, all of it, before anything is inflated.
    for (const entry of entries) {
      // 0xFFFFFFFF means "see the zip64 record": one that is missing leaves the size unknown.
      const zip64 = entry.extraFields.some((f) => f.id === 0x0001);
      if (!zip64 && (entry.uncompressedSize === 0xffffffff || entry.compressedSize === 0xffffffff)) {
        throw new Refused(
          'invalid',
          message('errors:attachments.archive.zip64', { ...inside, entry: entry.fileName }),
        );
      }
      budget.expanded += Math.max(entry.uncompressedSize, 0);
    }
    checkBudget(limits, budget);

    const ranges: [number, number][] = [];
    for (const entry of entries) {
      const name = entry.fileName;
      if (name.endsWith('/')) continue;
      let start: number;
      try {
        start = (await zip.readLocalFileHeaderPromise(entry, { minimal: true })).fileDataStart;
      } catch (error) {
        throw new Refused(
          'invalid',
          message('errors:attachments.archive.entryDamaged', {
            ...inside,
            entry: name,
            detail: (error as Error).message,
          }),
        );
      }
      ranges.push([entry.relativeOffsetOfLocalHeader, start + entry.compressedSize]);

      let kind: 'zip' | 'other' | null = null;
      let inner: Buffer | null = null;
      if (entry.canDecodeFileData()) {
        // Nested ZIPs are held to look into them; only as deep as allowed, never larger than the cap.
        const mayNest = depth < limits.maxDepth && entry.uncompressedSize <= NESTED_ARCHIVE_MAX_BYTES;
        const byName = archiveExtensions.has(extensionOfEntry(name));
        let read: Awaited<ReturnType<typeof consume>>;
        try {
          read = await consume(await zip.openReadStreamPromise(entry), mayNest && byName);
        } catch (error) {
          throw new Refused(
            'invalid',
            message('errors:attachments.archive.entryLies', {
              ...inside,
              entry: name,
              detail: (error as Error).message,
            }),
          );
        }
        kind = archiveKind(read.head);
        if (kind === 'zip' && depth < limits.maxDepth) {
          if (entry.uncompressedSize > NESTED_ARCHIVE_MAX_BYTES) {
            throw new Refused(
              'nested',
              message('errors:attachments.archive.nestedTooLarge', {
                ...inside,
                entry: name,
                maxMb: mb(NESTED_ARCHIVE_MAX_BYTES),
              }),
            );
          }
          inner =
            read.all ?? (await consume(await zip.openReadStreamPromise(entry), true)).all ?? Buffer.alloc(0);
        }
      } else if (archiveExtensions.has(extensionOfEntry(name))) {
        // Encrypted, or compressed in a way that cannot be read here: known by its name only.
        kind = 'other';
      }

      if (kind && depth >= limits.maxDepth) {
        throw new Refused(
          'nested',
          limits.maxDepth === 1
            ? message('errors:attachments.archive.nestedNotAccepted', { entry: name })
            : message('errors:attachments.archive.nestedTooDeep', {
                depth: limits.maxDepth,
                path: [...path, name].map((n) => `“${n}”`).join(' › '),
              }),
        );
      }
      if (inner) await inspect(inner, depth + 1, limits, budget, [...path, name]);
    }

    // Entries that share their bytes (the overlapping-file bomb) or hide one inside another.
    ranges.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) {
      if ((ranges[i]?.[0] ?? 0) < (ranges[i - 1]?.[1] ?? 0)) {
        throw new Refused('invalid', message('errors:attachments.archive.overlap', inside));
      }
    }
  } finally {
    zip.close();
  }
}

/**
 * Checks a ZIP-based file held in memory (bounded by the attachment size limit). Refuses archives that
 * would expand beyond the limits (by what they declare, and by what they really hold), hold too many
 * files, hold archives nested too deep, or are malformed (overlapping entries, sizes that lie, zip64
 * records that do not add up, names that climb out of the archive).
 */
export async function checkArchive(data: Buffer, limits: ArchiveLimits): Promise<ArchiveVerdict> {
  const budget: Budget = { outerSize: data.length, entries: 0, expanded: 0 };
  try {
    await inspect(data, 1, limits, budget, []);
    return { ok: true, entries: budget.entries, expandedBytes: budget.expanded };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.problem, reason: error.reason };
    throw error;
  }
}
