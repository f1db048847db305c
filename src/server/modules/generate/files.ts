import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { makeThumbnail } from '../attachments/attachments.service.ts';

/** A small, real file of the kinds people attach to tickets: screenshots, logs, exports, PDFs. */
export interface SampleFile {
  filename: string;
  contentType: string;
  data: Buffer;
  thumbnail: Buffer | null;
  sha256: string;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A 640x400 "screenshot" of an error dialog. */
async function screenshot(message: string, hue: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400">
  <rect width="640" height="400" fill="hsl(${hue},35%,92%)"/>
  <rect x="0" y="0" width="640" height="28" fill="hsl(${hue},45%,40%)"/>
  <rect x="150" y="120" width="340" height="150" rx="6" fill="#ffffff" stroke="#888888"/>
  <rect x="150" y="120" width="340" height="26" rx="6" fill="#d9534f"/>
  <text x="166" y="138" font-family="sans-serif" font-size="13" fill="#ffffff">Error</text>
  <text x="166" y="185" font-family="sans-serif" font-size="14" fill="#222222">${escapeXml(message)}</text>
  <rect x="400" y="232" width="74" height="24" rx="3" fill="#e6e6e6" stroke="#999999"/>
  <text x="426" y="249" font-family="sans-serif" font-size="13" fill="#222222">OK</text>
</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}

/** A one-page PDF with a few lines of text (valid: file-type and viewers accept it). */
function pdf(lines: string[]): Buffer {
  const text = lines
    .map((l, i) => `BT /F1 12 Tf 72 ${720 - i * 18} Td (${l.replace(/[()\\]/g, '\\$&')}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function sample(
  filename: string,
  contentType: string,
  data: Buffer,
  thumbnail: Buffer | null = null,
): SampleFile {
  return { filename, contentType, data, thumbnail, sha256: createHash('sha256').update(data).digest('hex') };
}

/**
 * Builds the `n`th sample file for a ticket. Images are rendered once per variant (the few shapes are
 * reused); text files mention the ticket, so most files differ.
 */
export function sampleFiles() {
  const images = new Map<number, Promise<SampleFile>>();
  const messages = [
    'The server is not available.',
    'Access denied.',
    'Your password has expired.',
    'Sync is paused.',
  ];
  return async (n: number, ticketId: number, when: string): Promise<SampleFile> => {
    switch (n % 4) {
      case 0: {
        const variant = Math.floor(n / 4) % messages.length;
        let image = images.get(variant);
        if (!image) {
          image = (async () => {
            const data = await screenshot(messages[variant] as string, variant * 80);
            return sample('screenshot.png', 'image/png', data, await makeThumbnail(data));
          })();
          images.set(variant, image);
        }
        return image;
      }
      case 1: {
        const lines = Array.from(
          { length: 12 },
          (_, i) =>
            `${when} [${i % 5 === 0 ? 'ERROR' : 'INFO'}] service check ${i + 1} for ticket ${ticketId}`,
        );
        return sample('error-log.txt', 'text/plain', Buffer.from(`${lines.join('\n')}\n`));
      }
      case 2: {
        const rows = ['device,user,last_seen'];
        for (let i = 1; i <= 8; i++) rows.push(`PC-${ticketId}-${i},user${i},${when}`);
        return sample('export.csv', 'text/csv', Buffer.from(`${rows.join('\n')}\n`));
      }
      default:
        return sample(
          'quote.pdf',
          'application/pdf',
          pdf([
            `Quote for ticket ${ticketId}`,
            `Date: ${when.slice(0, 10)}`,
            '2 x replacement part',
            'Total: 240.00',
          ]),
        );
    }
  };
}

/** A contract's signed document (issue 14): a one-page PDF naming the contract, its client and dates. */
export function contractDocument(c: {
  contractId: number;
  name: string;
  client: string;
  startDate: string;
  endDate: string | null;
}): SampleFile {
  return sample(
    `contract-${c.contractId}-signed.pdf`,
    'application/pdf',
    pdf([
      `${c.name}`,
      `Client: ${c.client}`,
      `Term: ${c.startDate} to ${c.endDate ?? 'open-ended'}`,
      'Signed for the client and for Portico Bench IT.',
    ]),
  );
}
