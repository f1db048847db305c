/** Test helpers for the attachments tests: tickets rows, actors, and files made on the spot. */
import { randomBytes } from 'node:crypto';
import { crc32, createDeflateRaw, deflateRawSync, deflateSync } from 'node:zlib';
import type { Insertable } from 'kysely';
import sharp from 'sharp';
import type { Actor, ContactActor, StaffActor } from '../../platform/actor.ts';
import type { TicketTable } from '../../platform/db/schema.ts';
import type { TestApp } from '../../test/harness.ts';

/** A multipart/form-data body with one file, as a browser sends it. */
export function multipart(
  filename: string,
  data: Buffer,
  options: { field?: string; type?: string } = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----portico${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${filename}"\r\n` +
    `Content-Type: ${options.type ?? 'application/octet-stream'}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head, 'utf8'), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function accountOf(t: TestApp, email: string) {
  return t.db
    .selectFrom('accounts')
    .leftJoin('contacts', 'contacts.id', 'accounts.contact_id')
    .select(['accounts.id', 'accounts.contact_id', 'contacts.client_id', 'accounts.name'])
    .where('accounts.email', '=', email)
    .executeTakeFirstOrThrow();
}

export async function staffActor(t: TestApp, email: string): Promise<StaffActor> {
  const a = await accountOf(t, email);
  return {
    kind: 'staff',
    accountId: a.id,
    name: a.name,
    email,
    role: 'owner',
    permissions: new Set(['tickets:view', 'tickets:manage']),
  };
}

export async function contactActor(t: TestApp, email: string): Promise<ContactActor> {
  const a = await accountOf(t, email);
  return {
    kind: 'contact',
    accountId: a.id,
    contactId: a.contact_id as number,
    clientId: a.client_id as number,
    clientName: 'x',
    name: a.name,
    email,
    presets: ['primary'],
    permissions: new Set(['tickets:view-own', 'tickets:view-company', 'tickets:create']),
  };
}

/** The stored row of an attachment or upload. */
export function attachmentRow(t: TestApp, id: number) {
  return t.db.selectFrom('ticket_attachments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * A ticket row written directly (the tickets service is another module's). `columns` sets any other
 * column (an id, the description, who created it…).
 */
export async function insertTicket(
  t: TestApp,
  clientId: number,
  options: { status?: string; requesterContactId?: number | null; subject?: string } = {},
  columns: Partial<Insertable<TicketTable>> = {},
): Promise<number> {
  const at = t.clock().toISOString();
  const row = await t.db
    .insertInto('tickets')
    .values({
      client_id: clientId,
      requester_contact_id: options.requesterContactId ?? null,
      subject: options.subject ?? 'Printer on fire',
      description: 'It is on fire.',
      priority: 'medium',
      status: options.status ?? 'open',
      category_id: null,
      assignee_account_id: null,
      created_by_account_id: null,
      source: 'portal',
      sla_policy_id: null,
      response_target_ms: null,
      resolution_target_ms: null,
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
      response_due_at: null,
      resolution_due_at: null,
      merged_into_id: null,
      updated_at: at,
      public_updated_at: at,
      created_at: at,
      ...columns,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMessage(
  t: TestApp,
  ticketId: number,
  options: { internal?: boolean; accountId?: number | null } = {},
): Promise<number> {
  const row = await t.db
    .insertInto('ticket_messages')
    .values({
      ticket_id: ticketId,
      author_kind: 'staff',
      author_account_id: options.accountId ?? null,
      author_contact_id: null,
      author_name: 'Staff',
      body: options.internal ? 'Internal note' : 'Public reply',
      internal: options.internal ? 1 : 0,
      source: 'staff',
      email_message_id: null,
      created_at: t.clock().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function pngOf(width: number, height: number, colour = '#1c64d4'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

export function jpegOf(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#0f9d76' } })
    .jpeg()
    .toBuffer();
}

/** A two-frame animated GIF, the first frame red and the second blue. */
export async function animatedGif(): Promise<Buffer> {
  const frame = (colour: string) =>
    sharp({ create: { width: 400, height: 200, channels: 3, background: colour } })
      .png()
      .toBuffer();
  return sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } })
    .gif({ loop: 0, delay: [100, 100] })
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a few KB whose header claims `width` × `height` pixels (30,000 × 30,000 is 900
 * megapixels, gigabytes once decoded). Its header is valid, so it is a PNG by content.
 */
export function pngBomb(width = 30_000, height = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Buffer.alloc(1 + width); // filter byte + zero pixels
  const rows = Buffer.concat(Array.from({ length: 64 }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid PNG with a web page appended after its end (image viewers never read that far). */
export async function pngWithHtml(): Promise<Buffer> {
  return Buffer.concat([
    await pngOf(24, 24),
    Buffer.from('<html><body><script>alert(document.domain)</script></body></html>\n'),
  ]);
}

/** A GIF header followed by script: a file that passes as a GIF by its magic bytes and runs as JavaScript. */
export function gifWithScript(): Buffer {
  return Buffer.from('GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=1;alert(document.cookie);//', 'latin1');
}

/**
 * A ZIP of one entry that is `megabytes` MiB of zeros, deflated (200 MiB come to about 200 KB): the
 * classic bomb, every header telling the truth.
 */
export async function zipBomb(megabytes = 200): Promise<Buffer> {
  return zipEntries([await zeros(megabytes, 'zeros.bin')]);
}

/** An entry of `megabytes` MiB of zeros, made by streaming (the zeros are never all in memory). */
export async function zeros(megabytes: number, name: string): Promise<RawEntry> {
  const chunk = Buffer.alloc(1024 * 1024);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let crc = 0;
  for (let i = 0; i < megabytes; i++) {
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { name, data: Buffer.concat(out), size: megabytes * 1024 * 1024, crc, method: 8 };
}

export interface RawEntry {
  name: string;
  /** The bytes as stored (deflated when method is 8). */
  data: Buffer;
  /** The uncompressed size to declare. */
  size: number;
  crc: number;
  method: 0 | 8;
}

/** A ZIP of entries exactly as given (declared sizes may lie, on purpose). */
export function zipEntries(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const nameBytes = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, e.data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + e.data.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}

/** A deflated entry for zipEntries. */
export function deflated(name: string, content: Buffer, declaredSize = content.length): RawEntry {
  return { name, data: deflateRawSync(content), size: declaredSize, crc: crc32(content), method: 8 };
}

/** A minimal PDF (enough for content sniffing). */
export const pdfBytes = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/** A Windows executable's first bytes (MZ header pointing at a PE signature). */
export function exeBytes(): Buffer {
  const data = Buffer.alloc(512);
  data.write('MZ', 0, 'latin1');
  data.writeUInt32LE(0x80, 0x3c);
  data.write('PE\0\0', 0x80, 'latin1');
  return data;
}

/** A ZIP archive of stored (uncompressed) entries; with the right entries it is a DOCX, XLSX or ODT. */
export function zipOf(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = Object.keys(entries).length;
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}

const docxContentTypes =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

export const docxBytes = () =>
  zipOf({ '[Content_Types].xml': docxContentTypes, 'word/document.xml': '<w:document/>' });

/** A Word document whose document.xml is `megabytes` MiB of zeros. */
export async function docxBomb(megabytes: number): Promise<Buffer> {
  return zipEntries([
    deflated('[Content_Types].xml', Buffer.from(docxContentTypes)),
    await zeros(megabytes, 'word/document.xml'),
  ]);
}

export const odtBytes = () =>
  zipOf({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document/>' });

export type { Actor };
