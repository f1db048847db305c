import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { contrastingText } from '../../../shared/colour.ts';
import type { Direction } from '../../../shared/i18n/languages.ts';

/**
 * The reports' PDF: pdfkit with the Noto Sans fonts (Latin, Latin Extended, Greek, Cyrillic) and Noto
 * Sans Arabic. pdfkit neither picks a font per character nor orders mixed-direction text, so this file
 * does both, enough for a report's lines: a line is cut into runs of one script; each run gets the font
 * that has its glyphs; Arabic runs are shaped by fontkit (the `rtla` feature, the glyphs come out in
 * visual order) and, in a right-to-left document, runs are laid from the right edge leftwards.
 *
 * The document is built from a small model (headings, key/value rows, tables, bar rows), so the summary
 * and the activity history share the layout and the branding.
 */

const require = createRequire(import.meta.url);
const fontDir = (pkg: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'files');
const latin = fontDir('@fontsource/noto-sans');
const arabic = fontDir('@fontsource/noto-sans-arabic');

const FONTS = {
  latin: [`${latin}/noto-sans-latin-400-normal.woff`, `${latin}/noto-sans-latin-700-normal.woff`],
  latinExt: [`${latin}/noto-sans-latin-ext-400-normal.woff`, `${latin}/noto-sans-latin-ext-700-normal.woff`],
  greek: [`${latin}/noto-sans-greek-400-normal.woff`, `${latin}/noto-sans-greek-700-normal.woff`],
  cyrillic: [`${latin}/noto-sans-cyrillic-400-normal.woff`, `${latin}/noto-sans-cyrillic-700-normal.woff`],
  arabic: [
    `${arabic}/noto-sans-arabic-arabic-400-normal.woff`,
    `${arabic}/noto-sans-arabic-arabic-700-normal.woff`,
  ],
} as const;
type Script = keyof typeof FONTS;

function scriptOf(cp: number): Script | null {
  if ((cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0xfb50 && cp <= 0xfeff)) {
    return 'arabic';
  }
  if (cp >= 0x0370 && cp <= 0x03ff) return 'greek';
  if (cp >= 0x0400 && cp <= 0x052f) return 'cyrillic';
  if ((cp >= 0x0100 && cp <= 0x024f) || (cp >= 0x1e00 && cp <= 0x1eff)) return 'latinExt';
  if (/[\p{L}\p{N}]/u.test(String.fromCodePoint(cp))) return 'latin';
  return null; // neutral: spaces, punctuation, symbols take the script of the run they sit in
}

interface Run {
  script: Script;
  text: string;
  /** A right-to-left run (Arabic): fontkit shapes it and returns its glyphs in visual order. */
  rtl: boolean;
}

const BIDI_CONTROLS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const MIRROR: Record<string, string> = {
  '(': ')',
  ')': '(',
  '[': ']',
  ']': '[',
  '{': '}',
  '}': '{',
  '<': '>',
  '>': '<',
};
type Unit = { kind: 'R' | 'L' | 'N'; chars: string[] };

function classOf(ch: string): Unit['kind'] {
  const s = scriptOf(ch.codePointAt(0) ?? 32);
  return s === 'arabic' ? 'R' : s === null ? 'N' : 'L';
}

/**
 * A line cut into runs in visual order, left to right, for a paragraph of `direction` (a small part of
 * the Unicode bidirectional algorithm, enough for a report's lines): Arabic letters (with the spaces
 * between them) make right-to-left runs; other letters and digits (with the spaces and punctuation
 * between them) left-to-right stretches, split where the script changes; any other character stands
 * alone and takes the paragraph's direction, a bracket mirrored in a right-to-left one. Bidi control
 * marks (Intl puts them around a percent sign in Arabic) are dropped: no font draws them.
 */
export function visualRuns(text: string, direction: Direction): Run[] {
  const chars = [...text.replace(BIDI_CONTROLS, '')];
  const isDigit = (ch: string | undefined) => ch !== undefined && /\p{Nd}/u.test(ch);
  // A number's own signs belong to it: a percent sign after a digit, a separator between two digits.
  const classes = chars.map((ch, i) =>
    (/[%\u066a]/.test(ch) && isDigit(chars[i - 1])) ||
    (/[.,\u066b\u066c]/.test(ch) && isDigit(chars[i - 1]) && isDigit(chars[i + 1]))
      ? 'L'
      : classOf(ch),
  );
  const rtl = direction === 'rtl';
  const units: Unit[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const c = classes[i] as Unit['kind'];
    if (c !== 'N') {
      const last = units.at(-1);
      if (last && last.kind === c) last.chars.push(ch);
      else units.push({ kind: c, chars: [ch] });
      continue;
    }
    // Neutrals join the run around them when the strong characters on both sides are of one kind:
    // only spaces inside Arabic (its font has no other punctuation), anything inside other text.
    // In a right-to-left paragraph a number next to the gap counts as right-to-left (as in the Unicode
    // algorithm), so "100% (4 of 4)" keeps its brackets around "4 of 4".
    let j = i;
    while (j < chars.length && classes[j] === 'N') j++;
    const before = units.at(-1)?.kind;
    const after = j < chars.length ? classes[j] : undefined;
    const gap = chars.slice(i, j);
    const numberEdge = rtl && (isDigit(chars[i - 1]) || isDigit(chars[j]) || chars[i - 1] === '%');
    if (before && before === after && ((before === 'L' && !numberEdge) || gap.every((g) => /\s/.test(g)))) {
      (units.at(-1) as Unit).chars.push(...gap);
    } else {
      for (const g of gap) units.push({ kind: 'N', chars: [g] });
    }
    i = j - 1;
  }
  // Each unit's runs (a left-to-right stretch is split by script, in its own order).
  const pieces: Run[][] = units.map((u) => {
    if (u.kind === 'R') return [{ script: 'arabic', text: u.chars.join(''), rtl: true }];
    if (u.kind === 'N') {
      const ch = u.chars[0] as string;
      return [{ script: 'latin', text: rtl ? (MIRROR[ch] ?? ch) : ch, rtl: false }];
    }
    const parts: Run[] = [];
    for (const ch of u.chars) {
      const s = scriptOf(ch.codePointAt(0) ?? 32);
      const last = parts.at(-1);
      if (last && (s === null || s === last.script)) last.text += ch;
      else parts.push({ script: s ?? 'latin', text: ch, rtl: false });
    }
    return parts;
  });
  return (rtl ? pieces.reverse() : pieces).flat();
}

export interface PdfBranding {
  organisationName: string;
  primaryColor: string;
  logo: Buffer | null;
}

export type PdfBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'pair'; label: string; value: string }
  | { kind: 'bars'; title: string; rows: { label: string; value: number; text: string }[] }
  | { kind: 'table'; columns: string[]; widths: number[]; rows: string[][] }
  | { kind: 'note'; text: string };

export interface PdfDocumentModel {
  title: string;
  subtitle: string[];
  blocks: PdfBlock[];
  footer: string;
  direction: Direction;
  language: string;
}

const MARGIN = 48;
const PAGE = { width: 595.28, height: 841.89 }; // A4 in points

export async function renderPdf(model: PdfDocumentModel, branding: PdfBranding): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    // pdfkit's own bottom margin is kept small: this file breaks pages itself (ensure), and the footer
    // sits below the content's margin without pdfkit starting a page for it.
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 8 },
    bufferPages: true,
    lang: model.language,
    info: { Title: model.title, Author: branding.organisationName, Creator: 'Portico' },
    displayTitle: true,
    pdfVersion: '1.7',
  });
  for (const [script, [regular, bold]] of Object.entries(FONTS)) {
    doc.registerFont(`${script}-400`, regular);
    doc.registerFont(`${script}-700`, bold);
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const rtl = model.direction === 'rtl';
  const inner = PAGE.width - 2 * MARGIN;
  const colour = /^#[0-9a-f]{6}$/i.test(branding.primaryColor) ? branding.primaryColor : '#1c7ed6';

  /** The width of a line of mixed text at a size and weight. */
  const widthOf = (text: string, size: number, weight: 400 | 700) =>
    visualRuns(text, model.direction).reduce((w, r) => {
      doc.font(`${r.script}-${weight}`).fontSize(size);
      return w + doc.widthOfString(r.text, r.script === 'arabic' ? { features: ['rtla'] } : {});
    }, 0);

  /** Cuts text to fit `max` points, with an ellipsis. */
  const fit = (text: string, size: number, weight: 400 | 700, max: number) => {
    if (widthOf(text, size, weight) <= max) return text;
    const chars = [...text];
    while (chars.length > 1 && widthOf(`${chars.join('')}…`, size, weight) > max) chars.pop();
    return `${chars.join('')}…`;
  };

  /**
   * One line at y, in a box from `x` of `width`: aligned to the start edge of the document's direction
   * (or the end edge with `align: 'end'`). Runs go left to right in a left-to-right document and right
   * to left in a right-to-left one.
   */
  const line = (
    text: string,
    y: number,
    o: {
      x?: number;
      width?: number;
      size?: number;
      weight?: 400 | 700;
      color?: string;
      align?: 'start' | 'end';
    } = {},
  ) => {
    const size = o.size ?? 10;
    const weight = o.weight ?? 400;
    const x = o.x ?? MARGIN;
    const width = o.width ?? inner;
    const shown = fit(text, size, weight, width);
    const runs = visualRuns(shown, model.direction);
    const total = widthOf(shown, size, weight);
    const atEnd = (o.align ?? 'start') === 'end';
    // The runs are in visual order: laid from the left, the line starting at the paragraph's start edge
    // (the right in a right-to-left document) or its end edge.
    let cursor = atEnd !== rtl ? x + width - total : x;
    doc.fillColor(o.color ?? '#1a1b1e');
    for (const r of runs) {
      doc.font(`${r.script}-${weight}`).fontSize(size);
      const features = r.script === 'arabic' ? { features: ['rtla' as const] } : {};
      const w = doc.widthOfString(r.text, features);
      // One baseline for every font (Noto Sans Arabic's ascent is taller than Noto Sans').
      doc.text(r.text, cursor, y + size, { lineBreak: false, baseline: 'alphabetic', ...features });
      cursor += w;
    }
  };

  let y = MARGIN;
  const ensure = (height: number) => {
    if (y + height > PAGE.height - MARGIN - 20) {
      doc.addPage();
      y = MARGIN;
    }
  };

  // Header band in the organisation's colour, with its logo and name.
  doc.rect(0, 0, PAGE.width, 72).fill(colour);
  const onBand = contrastingText(colour);
  let nameX = MARGIN;
  if (branding.logo) {
    try {
      const logoX = rtl ? PAGE.width - MARGIN - 120 : MARGIN;
      doc.image(branding.logo, logoX, 14, { fit: [120, 44], valign: 'center' });
      nameX = rtl ? MARGIN : MARGIN + 132;
    } catch {
      // A logo pdfkit cannot read (SVG, WebP) is left out rather than failing the report.
    }
  }
  line(branding.organisationName, 28, {
    x: rtl ? MARGIN : nameX,
    width: inner - (branding.logo ? 132 : 0),
    size: 14,
    weight: 700,
    color: onBand,
  });
  y = 96;
  line(model.title, y, { size: 20, weight: 700 });
  y += 30;
  for (const s of model.subtitle) {
    line(s, y, { size: 10, color: '#495057' });
    y += 15;
  }
  y += 10;

  const labelWidth = inner * 0.6;
  for (const block of model.blocks) {
    switch (block.kind) {
      case 'heading':
        ensure(40);
        y += 8;
        line(block.text, y, { size: 13, weight: 700, color: colour });
        y += 20;
        doc
          .moveTo(MARGIN, y - 3)
          .lineTo(PAGE.width - MARGIN, y - 3)
          .lineWidth(0.5)
          .strokeColor('#ced4da')
          .stroke();
        break;
      case 'pair':
        ensure(16);
        line(block.label, y, { width: labelWidth, x: rtl ? MARGIN + inner - labelWidth : MARGIN });
        line(block.value, y, {
          width: inner - labelWidth,
          x: rtl ? MARGIN : MARGIN + labelWidth,
          weight: 700,
          align: 'end',
        });
        y += 16;
        break;
      case 'bars': {
        ensure(16 + 16 * Math.max(1, block.rows.length));
        line(block.title, y, { weight: 700, size: 10, color: '#495057' });
        y += 15;
        const max = Math.max(1, ...block.rows.map((r) => r.value));
        const labelW = inner * 0.35;
        const barMax = inner * 0.45;
        for (const r of block.rows) {
          ensure(16);
          line(r.label, y, { width: labelW - 6, x: rtl ? MARGIN + inner - labelW : MARGIN, size: 9 });
          const w = Math.max(1, (r.value / max) * barMax);
          const barX = rtl ? MARGIN + inner - labelW - w : MARGIN + labelW;
          doc.rect(barX, y + 2, w, 9).fill(colour);
          line(r.text, y, {
            width: inner - labelW - barMax - 8,
            x: rtl ? MARGIN : MARGIN + labelW + barMax + 8,
            size: 9,
            weight: 700,
            align: 'end',
          });
          y += 15;
        }
        y += 6;
        break;
      }
      case 'table': {
        const total = block.widths.reduce((a, b) => a + b, 0);
        const widths = block.widths.map((w) => (w / total) * inner);
        const cells = (values: string[], weight: 400 | 700, color?: string) => {
          let edge = rtl ? MARGIN + inner : MARGIN;
          values.forEach((v, i) => {
            const w = widths[i] ?? 0;
            const x = rtl ? edge - w : edge;
            line(v, y, { x: x + 2, width: w - 6, size: 8.5, weight, ...(color ? { color } : {}) });
            edge = rtl ? edge - w : edge + w;
          });
        };
        ensure(30);
        cells(block.columns, 700, '#495057');
        y += 14;
        for (const row of block.rows) {
          if (y + 14 > PAGE.height - MARGIN - 20) {
            doc.addPage();
            y = MARGIN;
            cells(block.columns, 700, '#495057');
            y += 14;
          }
          cells(row, 400);
          y += 13;
        }
        y += 6;
        break;
      }
      case 'note':
        ensure(16);
        line(block.text, y, { size: 9, color: '#495057' });
        y += 15;
        break;
    }
  }

  // Footer on every page: the generation note.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    line(model.footer, PAGE.height - MARGIN + 10, { size: 8, color: '#868e96' });
  }
  doc.end();
  return done;
}
