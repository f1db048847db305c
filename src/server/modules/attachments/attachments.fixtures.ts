/** Test helpers for the attachments tests: tickets rows, actors, and files made on the spot. */
import { crc32, deflateSync } from 'node:zlib';
import type { Insertable } from 'kysely';
import sharp from 'sharp';
import type { Actor, ContactActor, StaffActor } from '../../platform/actor.ts';
import type { TicketTable } from '../../platform/db/schema.ts';
import type { TestApp } from '../../test/harness.ts';

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
 * A decompression bomb: a few hundred bytes whose header claims 30,000 × 30,000 pixels (900
 * megapixels, gigabytes once decoded). Its header is valid, so it is a PNG by content.
 */
export function pngBomb(): Buffer {
  const width = 30_000;
  const height = 30_000;
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

export const docxBytes = () =>
  zipOf({
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    'word/document.xml': '<w:document/>',
  });

export const odtBytes = () =>
  zipOf({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document/>' });

export type { Actor };
