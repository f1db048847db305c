/**
 * What a file must pass once its type is known, whether it was uploaded or arrived by email (both
 * reach `checkContent` through the service's `ingest`): images are decoded with a pixel limit and
 * nothing active may hide after them; ZIP-based files are inspected without being extracted; and,
 * when clamd is configured, every file is scanned. Refusals are AppErrors a person can act on.
 */
import { Readable } from 'node:stream';
import { message } from '../../../shared/i18n/i18n.ts';
import type { UploadChecksConfig } from '../../config.ts';
import { AppError, type ErrorText } from '../../platform/errors.ts';
import { ScannerUnavailableError, type VirusScanner } from '../../platform/virus-scan.ts';
import { checkArchive } from './archive-check.ts';
import { type ImageFormat, imageEnd, isActiveContent } from './image-check.ts';

export const THUMBNAIL_SIZE = 320;

const imageFormats: Record<string, ImageFormat> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** Stored types that are ZIP containers. */
const zipTypes = new Set([
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

const labels: Record<ImageFormat, string> = { png: 'PNG', jpg: 'JPEG', gif: 'GIF', webp: 'WebP' };

export interface ContentCheckDeps {
  limits: UploadChecksConfig;
  scanner: VirusScanner | null;
  /** The file as stored (a fresh stream each call). */
  read(): Promise<Buffer>;
  stream(): Promise<Readable>;
}

export interface CheckedContent {
  /** Set when the stored bytes must be replaced (what followed an image was cut off). */
  replacement: Buffer | null;
  thumbnail: Buffer | null;
}

const refuse = (text: ErrorText) => new AppError('unprocessable', text);

const tooLarge = (text: ErrorText) => new AppError('payload_too_large', text);

/** Pixels as megapixels to one decimal, for the message (formatted in the reader's language). */
const megapixels = (pixels: number) => Math.round(pixels / 100_000) / 10;

/** A small WebP preview (first frame), made by decoding the image: it fails when the image is not sound. */
async function decodeToThumbnail(data: Buffer, maxPixels: number): Promise<Buffer> {
  // Loaded on first use: libvips is tens of megabytes a process without uploads need not hold.
  const { default: sharp } = await import('sharp');
  return sharp(data, { limitInputPixels: maxPixels, animated: false, failOn: 'error' })
    .rotate()
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer();
}

async function checkImage(
  data: Buffer,
  format: ImageFormat,
  filename: string,
  maxPixels: number,
): Promise<CheckedContent> {
  const { default: sharp } = await import('sharp');
  const unreadable = () =>
    refuse(message('errors:attachments.imageUnreadable', { filename, format: labels[format] }));
  // The header first (nothing is decoded): a pixel flood is refused before it can cost memory.
  let width: number;
  let height: number;
  try {
    const meta = await sharp(data, { limitInputPixels: false, animated: false }).metadata();
    width = meta.width ?? 0;
    height = meta.pageHeight ?? meta.height ?? 0;
  } catch {
    throw unreadable();
  }
  if (!width || !height) throw unreadable();
  if (width * height > maxPixels) {
    throw tooLarge(
      message('errors:attachments.imageTooManyPixels', {
        filename,
        width,
        height,
        megapixels: megapixels(width * height),
        maxMegapixels: megapixels(maxPixels),
      }),
    );
  }
  const end = imageEnd(format, data);
  if (end === 'malformed') throw unreadable();
  let content = data;
  let replacement: Buffer | null = null;
  if (end < data.length) {
    const trailer = data.subarray(end);
    if (isActiveContent(trailer)) {
      throw refuse(message('errors:attachments.imageHiddenContent', { filename }));
    }
    // Padding, a motion photo's video, a gain map: no viewer needs it, so it is not kept.
    content = data.subarray(0, end);
    replacement = content;
  }
  let thumbnail: Buffer;
  try {
    thumbnail = await decodeToThumbnail(content, maxPixels);
  } catch {
    throw unreadable();
  }
  return { replacement, thumbnail };
}

/**
 * Checks a stored file of the given (already content-checked) type. Throws an AppError when it is
 * refused: 413 for a pixel flood or an archive that expands too far, 422 for a damaged image, active
 * content after an image, a malformed or too deeply nested archive, or a virus; 503 when the
 * configured virus scanner cannot be reached (fail closed: nothing unscanned is kept).
 */
export async function checkContent(
  deps: ContentCheckDeps,
  file: { filename: string; contentType: string },
): Promise<CheckedContent> {
  const { limits, scanner } = deps;
  const { filename, contentType } = file;
  let checked: CheckedContent = { replacement: null, thumbnail: null };

  const format = imageFormats[contentType];
  if (format) checked = await checkImage(await deps.read(), format, filename, limits.imageMaxPixels);

  if (zipTypes.has(contentType)) {
    const verdict = await checkArchive(await deps.read(), limits.archive);
    if (!verdict.ok) {
      const text = message('errors:attachments.archive.refused', { filename, problem: verdict.reason });
      if (verdict.problem === 'too_large') throw tooLarge(text);
      throw refuse(text);
    }
  }

  if (scanner) {
    const source = checked.replacement ? Readable.from([checked.replacement]) : await deps.stream();
    let result: Awaited<ReturnType<VirusScanner['scan']>>;
    try {
      result = await scanner.scan(source);
    } catch (error) {
      if (!(error instanceof ScannerUnavailableError)) throw error;
      throw new AppError('unavailable', message('errors:attachments.scannerUnavailable'), { cause: error });
    }
    if (result.infected) {
      throw refuse(message('errors:attachments.infected', { filename, signature: result.signature }));
    }
  }
  return checked;
}
