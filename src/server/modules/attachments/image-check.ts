/**
 * Where an image file ends by its own structure (PNG's IEND, JPEG's EOI, GIF's trailer, WebP's RIFF
 * size), so that whatever was appended after it (a web page, a script, an archive) can be found.
 * Image decoders stop at the end and never read what follows, which is how such polyglots pass as
 * images.
 */

export type ImageFormat = 'png' | 'jpg' | 'gif' | 'webp';

/** The offset just past the image, or 'malformed' when its structure does not hold together. */
export type ImageEnd = number | 'malformed';

function pngEnd(data: Buffer): ImageEnd {
  let at = 8;
  while (at + 12 <= data.length) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    const next = at + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type)) return 'malformed';
    if (next > data.length) return data.length; // cut short: the decoder decides
    at = next;
    if (type === 'IEND') return at;
  }
  return data.length;
}

function jpegEnd(data: Buffer): ImageEnd {
  if (data[0] !== 0xff || data[1] !== 0xd8) return 'malformed';
  let at = 2;
  const n = data.length;
  while (at < n) {
    if (data[at] !== 0xff) return 'malformed';
    while (at < n && data[at] === 0xff) at++; // fill bytes
    if (at >= n) return n;
    const marker = data[at++] as number;
    if (marker === 0xd9) return at; // EOI
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue; // no length
    if (at + 2 > n) return n;
    const length = data.readUInt16BE(at);
    if (length < 2) return 'malformed';
    at += length;
    if (at > n) return n;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker: FF not followed by 00 (stuffing) or a restart.
      while (at < n) {
        if (data[at] !== 0xff) {
          at++;
          continue;
        }
        const following = data[at + 1];
        if (following === undefined) return n;
        if (following === 0x00 || (following >= 0xd0 && following <= 0xd7)) {
          at += 2;
          continue;
        }
        if (following === 0xff) {
          at++;
          continue;
        }
        break;
      }
    }
  }
  return n;
}

function gifEnd(data: Buffer): ImageEnd {
  if (data.length < 13) return data.length;
  const colourTable = (packed: number) => (packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0);
  let at = 13 + colourTable(data[10] as number);
  const subBlocks = (): boolean => {
    while (at < data.length) {
      const size = data[at] as number;
      at += 1 + size;
      if (size === 0) return true;
    }
    return false;
  };
  while (at < data.length) {
    const block = data[at] as number;
    if (block === 0x3b) return at + 1; // trailer
    if (block === 0x21) {
      at += 2; // introducer, label
      if (!subBlocks()) return data.length;
    } else if (block === 0x2c) {
      if (at + 10 > data.length) return data.length;
      at += 10 + colourTable(data[at + 9] as number);
      at += 1; // LZW minimum code size
      if (!subBlocks()) return data.length;
    } else {
      return 'malformed';
    }
  }
  return data.length;
}

function webpEnd(data: Buffer): ImageEnd {
  if (data.length < 12) return data.length;
  const size = data.readUInt32LE(4);
  const end = 8 + size + (size % 2);
  return Math.min(end, data.length);
}

export function imageEnd(format: ImageFormat, data: Buffer): ImageEnd {
  switch (format) {
    case 'png':
      return pngEnd(data);
    case 'jpg':
      return jpegEnd(data);
    case 'gif':
      return gifEnd(data);
    case 'webp':
      return webpEnd(data);
  }
}

/**
 * Whether bytes found after an image are active content: markup a browser would render or run, or
 * the start of a program, a PDF or an archive (the GIFAR kind of polyglot). Anything else (padding, a
 * phone's motion-photo video, an HDR gain map) is simply not kept.
 */
export function isActiveContent(trailer: Buffer): boolean {
  const text = trailer.toString('latin1');
  // Whole tag names only (followed by a space, / or >): a short pattern would turn up by chance in a
  // video's bytes.
  if (
    /<\s*(?:!doctype|html|head|body|script|svg|iframe|frame|object|embed|applet|meta|link|style|img|form|base|math|\?xml|\?php)[\s/>]|javascript:|vbscript:/i.test(
      text,
    )
  ) {
    return true;
  }
  const start = text.replace(/^[\s\0]+/, '');
  return ['MZ', '#!', '%PDF', 'PK\x03\x04', '\x7fELF'].some((magic) => start.startsWith(magic));
}
