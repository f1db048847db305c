import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import type { AttachmentResponse } from '../../../shared/schemas/tickets.ts';
import type { BusEvent } from '../../platform/events.ts';
import { Client, createTestApp, errorOf, OWNER, setUp, type TestApp } from '../../test/harness.ts';
import {
  accountOf,
  animatedGif,
  attachmentRow,
  docxBytes,
  exeBytes,
  insertMessage,
  insertTicket,
  jpegOf,
  multipart,
  odtBytes,
  pdfBytes,
  pngBomb,
  pngOf,
  zipOf,
} from './attachments.fixtures.ts';
import { type Attachments, createAttachments } from './attachments.service.ts';

function send(
  client: Client,
  url: string,
  filename: string,
  data: Buffer,
  options: { field?: string; type?: string } = {},
) {
  const { payload, headers } = multipart(filename, data, options);
  return client.request('POST', url, { payload, headers });
}

const upload = (
  client: Client,
  filename: string,
  data: Buffer,
  options: { field?: string; type?: string } = {},
) => send(client, '/api/v1/uploads', filename, data, options);

function created(res: LightMyRequestResponse): AttachmentResponse {
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as AttachmentResponse;
}

async function login(t: TestApp, email: string, password?: string): Promise<Client> {
  const c = new Client(t.app);
  await c.login(email, password);
  return c;
}

describe('attachments API', () => {
  let t: TestApp;
  let owner: Client;
  let tech: Client;
  let staffViewer: Client;
  let alice: Client; // Acme primary: sees every Acme ticket, may raise
  let dana: Client; // Acme standard: own tickets, may raise
  let evan: Client; // Acme read-only: own tickets, may not raise
  let fatima: Client; // Birchwood primary
  let acmeId: number;
  let birchId: number;
  let danaContactId: number;
  let evanContactId: number;
  let service: Attachments;

  const filesIn = (folder: string) => {
    try {
      return readdirSync(path.join(t.dataDir, 'files', folder)).length;
    } catch {
      return 0;
    }
  };
  const countRows = async () =>
    Number(
      (
        await t.db
          .selectFrom('ticket_attachments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const setMaxMb = async (mb: number) => {
    const res = await owner.patch('/api/v1/settings', { attachmentMaxMb: mb });
    assert.equal(res.statusCode, 200, res.body);
  };

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    await owner.login(OWNER.email, OWNER.password);
    tech = await login(t, 'tech@portico.example');
    staffViewer = await login(t, 'readonly@portico.example');
    alice = await login(t, 'primary@acme.example');
    dana = await login(t, 'standard@acme.example');
    evan = await login(t, 'readonly@acme.example');
    fatima = await login(t, 'primary@birchwood.example');
    const a = await accountOf(t, 'primary@acme.example');
    const f = await accountOf(t, 'primary@birchwood.example');
    acmeId = a.client_id as number;
    birchId = f.client_id as number;
    danaContactId = (await accountOf(t, 'standard@acme.example')).contact_id as number;
    evanContactId = (await accountOf(t, 'readonly@acme.example')).contact_id as number;
    service = createAttachments(t.services.deps);
  });
  after(() => t.close());

  describe('POST /api/v1/uploads', () => {
    test('contacts who may raise tickets and staff who manage them upload; others are refused', async () => {
      const txt = Buffer.from('The printer says PC LOAD LETTER.\n');
      const mine = created(await upload(dana, 'error.txt', txt));
      assert.deepEqual(
        { ...mine, id: 0, createdAt: '' },
        {
          id: 0,
          filename: 'error.txt',
          contentType: 'text/plain',
          sizeBytes: txt.length,
          url: `/api/v1/uploads/${mine.id}`,
          thumbnailUrl: null,
          internal: false,
          messageId: null,
          createdAt: '',
        },
      );
      const row = await attachmentRow(t, mine.id);
      assert.equal(row.ticket_id, null, 'pending');
      assert.equal(row.client_id, acmeId, "the contact's client");
      assert.equal(row.uploaded_by_account_id, (await accountOf(t, 'standard@acme.example')).id);
      assert.equal(row.sha256, createHash('sha256').update(txt).digest('hex'));

      const staffs = created(await upload(tech, 'log.txt', txt));
      assert.equal((await attachmentRow(t, staffs.id)).client_id, null);

      const before = await countRows();
      assert.equal((await upload(evan, 'a.txt', txt)).statusCode, 403, 'a contact who may not raise tickets');
      assert.equal(
        (await upload(staffViewer, 'a.txt', txt)).statusCode,
        403,
        'staff who may not manage tickets',
      );
      assert.equal((await upload(new Client(t.app), 'a.txt', txt)).statusCode, 401);
      await owner.patch('/api/v1/settings', { features: { tickets: false } });
      assert.equal((await upload(dana, 'a.txt', txt)).statusCode, 404, 'tickets switched off: no such thing');
      await owner.patch('/api/v1/settings', { features: { tickets: true } });
      assert.equal(await countRows(), before);
    });

    test('size: the limit from settings is enforced while streaming (413, envelope, nothing left behind)', async () => {
      await setMaxMb(1);
      const rows = await countRows();
      const files = filesIn('attachments');
      const exact = created(await upload(alice, 'exact.txt', Buffer.alloc(1024 * 1024, 'a')));
      assert.equal(exact.sizeBytes, 1024 * 1024);
      const res = await upload(alice, 'big.txt', Buffer.alloc(1024 * 1024 + 1, 'a'));
      assert.equal(res.statusCode, 413, res.body);
      assert.equal(errorOf(res).code, 'payload_too_large');
      assert.match(errorOf(res).message, /larger than the 1 MB limit/);
      const png = await upload(
        alice,
        'huge.png',
        Buffer.concat([await pngOf(10, 10), Buffer.alloc(2 * 1024 * 1024)]),
      );
      assert.equal(png.statusCode, 413);
      assert.equal(await countRows(), rows + 1, 'only the file within the limit was recorded');
      assert.equal(filesIn('attachments'), files + 1, 'no partial file is left on disk');

      // Above the app's 1 MB default for other uploads (the logo): the attachment limit applies here.
      await setMaxMb(20);
      created(await upload(alice, 'two-mb.txt', Buffer.alloc(2 * 1024 * 1024, 'b')));
      const logo = await owner.request(
        'PUT',
        '/api/v1/settings/logo',
        multipart('logo.png', Buffer.concat([await pngOf(10, 10), Buffer.alloc(1024 * 1024)])),
      );
      assert.equal(logo.statusCode, 413, 'the logo keeps its own 1 MB limit');
    });

    test('types are decided by content: accepted kinds, with the stored type', async () => {
      const cases: [string, Buffer, string, string][] = [
        ['shot.png', await pngOf(40, 30), 'image/png', 'shot.png'],
        ['photo.jpeg', await jpegOf(40, 30), 'image/jpeg', 'photo.jpeg'],
        ['anim.gif', await animatedGif(), 'image/gif', 'anim.gif'],
        [
          'pic.webp',
          await sharp(await pngOf(20, 20))
            .webp()
            .toBuffer(),
          'image/webp',
          'pic.webp',
        ],
        ['invoice.pdf', pdfBytes, 'application/pdf', 'invoice.pdf'],
        [
          'letter.docx',
          docxBytes(),
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          'letter.docx',
        ],
        ['letter.odt', odtBytes(), 'application/vnd.oasis.opendocument.text', 'letter.odt'],
        ['logs.zip', zipOf({ 'a.log': 'one', 'b.log': 'two' }), 'application/zip', 'logs.zip'],
        ['notes.txt', Buffer.from('plain notes\n'), 'text/plain', 'notes.txt'],
        ['data.csv', Buffer.from('a,b\n1,2\n'), 'text/csv', 'data.csv'],
        ['server.log', Buffer.from('12:00 started\n'), 'text/plain', 'server.log'],
        ['config.json', Buffer.from('{"a":1}'), 'application/json', 'config.json'],
        ['README.md', Buffer.from('# Title\n\nCafé ✓\n'), 'text/markdown', 'README.md'],
        [
          'mail.eml',
          Buffer.from('From: a@b.example\r\nSubject: Hi\r\n\r\nBody\r\n'),
          'message/rfc822',
          'mail.eml',
        ],
        ['scan', await pngOf(10, 10), 'image/png', 'scan.png'],
        ['notes', Buffer.from('no extension\n'), 'text/plain', 'notes.txt'],
        ['../../etc/Relevé.txt', Buffer.from('x'), 'text/plain', 'Relevé.txt'],
      ];
      for (const [name, data, type, stored] of cases) {
        const res = await upload(alice, name, data, { type: 'text/html' });
        const body = created(res);
        assert.equal(body.contentType, type, name);
        assert.equal(body.filename, stored, name);
        assert.equal(
          body.thumbnailUrl !== null,
          type.startsWith('image/'),
          `${name}: thumbnail only for images`,
        );
      }
    });

    test('refused by content with 415 and a message naming the allowed kinds', async () => {
      const rows = await countRows();
      const files = filesIn('attachments');
      const cases: [string, Buffer, RegExp][] = [
        ['setup.exe', exeBytes(), /not accepted \(EXE\)/],
        ['setup.pdf', exeBytes(), /not accepted/],
        ['page.html', Buffer.from('<!doctype html><script>alert(1)</script>'), /Web pages, SVG/],
        ['page.txt', Buffer.from('<html><body><script>alert(1)</script>'), /Web pages, SVG/],
        [
          'logo.svg',
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
          /Web pages, SVG/,
        ],
        [
          'logo.png',
          Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
          /not accepted/,
        ],
        ['blob.txt', randomBytes(4096), /not a kind of file that is accepted/],
        ['script.sh', Buffer.from('#!/bin/sh\necho hi\n'), /only as TXT, CSV, LOG, JSON or MD/],
      ];
      for (const [name, data, message] of cases) {
        const res = await upload(alice, name, data, { type: 'image/png' });
        assert.equal(res.statusCode, 415, `${name}: ${res.body}`);
        assert.equal(errorOf(res).code, 'unsupported_media_type');
        assert.match(errorOf(res).message, message, name);
        assert.match(
          errorOf(res).message,
          /PNG, JPEG, GIF, WebP.*PDF.*DOCX, XLSX, PPTX, ODT, ODS.*ZIP.*EML.*TXT, CSV, LOG, JSON, MD/,
          name,
        );
      }
      // Decision: a name that claims another accepted kind is refused (not renamed), naming the true kind.
      const disguised = await upload(alice, 'invoice.pdf', await pngOf(30, 30), { type: 'application/pdf' });
      assert.equal(disguised.statusCode, 415);
      assert.equal(
        errorOf(disguised).message,
        '“invoice.pdf” is named as a PDF document but its content is a PNG image. Rename it to .png if that is right, or choose another file.',
      );
      // A contact who reads German is told in German (their own language, kept on the contact).
      await t.db
        .updateTable('contacts')
        .set({ language: 'de' })
        .where('email', '=', 'primary@acme.example')
        .execute();
      try {
        const german = await upload(alice, 'invoice.pdf', await pngOf(30, 30), { type: 'application/pdf' });
        assert.equal(errorOf(german).code, 'unsupported_media_type');
        assert.equal(
          errorOf(german).message,
          'Der Name „invoice.pdf“ steht für ein PDF-Dokument, der Inhalt ist aber ein PNG-Bild. Benennen Sie die Datei in .png um, wenn das stimmt, oder wählen Sie eine andere Datei.',
        );
        const exe = await upload(alice, 'setup.exe', exeBytes());
        assert.match(
          errorOf(exe).message,
          /^„setup\.exe“ ist eine Dateiart, die nicht angenommen wird \(EXE\)\. Nur diese Dateiarten/,
        );
      } finally {
        await t.db
          .updateTable('contacts')
          .set({ language: null })
          .where('email', '=', 'primary@acme.example')
          .execute();
      }
      assert.equal(await countRows(), rows, 'nothing recorded');
      assert.equal(filesIn('attachments'), files, 'nothing left on disk');
    });

    test('bad requests: empty file, wrong field, no file, not multipart', async () => {
      const empty = await upload(alice, 'empty.txt', Buffer.alloc(0));
      assert.equal(empty.statusCode, 400);
      assert.equal(errorOf(empty).fields?.file, 'The file is empty.');
      const field = await upload(alice, 'a.txt', Buffer.from('x'), { field: 'attachment' });
      assert.equal(field.statusCode, 400);
      assert.match(errorOf(field).fields?.file ?? '', /field "file"/);
      const json = await alice.post('/api/v1/uploads', { file: 'x' });
      assert.equal(json.statusCode, 415);
      assert.equal(errorOf(json).code, 'unsupported_media_type');
    });

    test('images get a WebP thumbnail of at most 320 px; an animated GIF its first frame; a pixel bomb is refused', async () => {
      const wide = created(await upload(alice, 'wide.jpg', await jpegOf(2000, 1000)));
      assert.equal(wide.thumbnailUrl, `/api/v1/uploads/${wide.id}/thumbnail`);
      const thumb = await alice.get(wide.thumbnailUrl as string);
      assert.equal(thumb.statusCode, 200);
      assert.equal(thumb.headers['content-type'], 'image/webp');
      assert.match(String(thumb.headers['content-disposition']), /^inline; /);
      const meta = await sharp(thumb.rawPayload).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 320, 160]);

      const tall = created(await upload(alice, 'tall.png', await pngOf(300, 1200)));
      const tallMeta = await sharp((await alice.get(tall.thumbnailUrl as string)).rawPayload).metadata();
      assert.deepEqual([tallMeta.width, tallMeta.height], [80, 320]);

      const gif = created(await upload(alice, 'anim.gif', await animatedGif()));
      const gifThumb = await sharp((await alice.get(gif.thumbnailUrl as string)).rawPayload, {
        animated: true,
      }).metadata();
      assert.equal(gifThumb.pages ?? 1, 1, 'one frame');
      const firstPixel = await sharp((await alice.get(gif.thumbnailUrl as string)).rawPayload)
        .raw()
        .toBuffer();
      assert.ok((firstPixel[0] ?? 0) > 200 && (firstPixel[2] ?? 255) < 60, 'the first (red) frame');

      // A decompression bomb (900 megapixels claimed by a few KB) is refused from its header, never decoded.
      const bomb = await upload(alice, 'bomb.png', pngBomb());
      assert.equal(bomb.statusCode, 413, bomb.body);
      assert.match(errorOf(bomb).message, /30,000 × 30,000 pixels \(900 megapixels\)/);
    });

    test("own pending uploads: download and remove; another person's answers 404", async () => {
      const mine = created(await upload(dana, 'mine.txt', Buffer.from('mine')));
      const own = await dana.get(mine.url);
      assert.equal(own.statusCode, 200);
      assert.equal(own.body, 'mine');
      assert.equal(own.headers['x-content-type-options'], 'nosniff');
      for (const other of [alice, fatima, tech]) {
        assert.equal((await other.get(mine.url)).statusCode, 404);
        assert.equal((await other.request('DELETE', mine.url)).statusCode, 404);
      }
      assert.equal((await dana.request('DELETE', mine.url)).statusCode, 204);
      assert.equal((await dana.get(mine.url)).statusCode, 404);
      assert.equal((await dana.request('DELETE', mine.url)).statusCode, 404);
    });
  });

  describe('ticket attachments', () => {
    let acmeTicket: number;
    let birchTicket: number;
    let evanTicket: number;
    let publicFile: AttachmentResponse;
    let internalFile: AttachmentResponse;
    let imageFile: AttachmentResponse;
    let birchFile: AttachmentResponse;
    const fileText = 'Quarterly report, public.\n';

    /** Uploads as `client` and attaches to the ticket as the service would for a message. */
    async function attach(
      client: Client,
      email: string,
      ticketId: number,
      clientId: number,
      name: string,
      data: Buffer,
      options: { internal?: boolean; messageId?: number | null } = {},
    ): Promise<AttachmentResponse> {
      const u = created(await upload(client, name, data));
      await service.linkPending(t.db, {
        accountId: (await accountOf(t, email)).id,
        ids: [u.id],
        ticketId,
        clientId,
        messageId: options.messageId ?? null,
        internal: options.internal ?? false,
      });
      const listed = await service.listForTickets(t.db, [ticketId], { includeInternal: true });
      const found = listed.find((a) => a.id === u.id);
      assert.ok(found);
      const { ticketId: _t, ...rest } = found;
      return rest;
    }

    before(async () => {
      acmeTicket = await insertTicket(t, acmeId, { requesterContactId: danaContactId });
      birchTicket = await insertTicket(t, birchId);
      evanTicket = await insertTicket(t, acmeId, { requesterContactId: evanContactId });
      const reply = await insertMessage(t, acmeTicket);
      const note = await insertMessage(t, acmeTicket, { internal: true });
      publicFile = await attach(
        dana,
        'standard@acme.example',
        acmeTicket,
        acmeId,
        'Relevé: Q1.txt',
        Buffer.from(fileText),
        {
          messageId: reply,
        },
      );
      internalFile = await attach(
        tech,
        'tech@portico.example',
        acmeTicket,
        acmeId,
        'internal.txt',
        Buffer.from('secret'),
        {
          internal: true,
          messageId: note,
        },
      );
      imageFile = await attach(
        tech,
        'tech@portico.example',
        acmeTicket,
        acmeId,
        'screen.png',
        await pngOf(640, 480),
      );
      birchFile = await attach(
        fatima,
        'primary@birchwood.example',
        birchTicket,
        birchId,
        'birch.txt',
        Buffer.from('birch'),
      );
    });

    test('list: staff see every file, internal ones marked; contacts only public ones of tickets they may see', async () => {
      const staffList = await tech.get(`/api/v1/tickets/${acmeTicket}/attachments`);
      assert.equal(staffList.statusCode, 200, staffList.body);
      assert.deepEqual(
        staffList.json().items.map((a: AttachmentResponse) => [a.id, a.internal]),
        [
          [publicFile.id, false],
          [internalFile.id, true],
          [imageFile.id, false],
        ],
      );
      assert.equal((await staffViewer.get(`/api/v1/tickets/${acmeTicket}/attachments`)).statusCode, 200);
      for (const contact of [alice, dana]) {
        const res = await contact.get(`/api/v1/tickets/${acmeTicket}/attachments`);
        assert.equal(res.statusCode, 200, res.body);
        const items = res.json().items as AttachmentResponse[];
        assert.deepEqual(
          items.map((a) => a.id),
          [publicFile.id, imageFile.id],
        );
        assert.ok(!res.body.includes('internal.txt'));
        const image = items.find((a) => a.id === imageFile.id);
        assert.equal(image?.url, `/api/v1/tickets/${acmeTicket}/attachments/${imageFile.id}`);
        assert.equal(
          image?.thumbnailUrl,
          `/api/v1/tickets/${acmeTicket}/attachments/${imageFile.id}/thumbnail`,
        );
      }
      assert.equal(
        (await evan.get(`/api/v1/tickets/${acmeTicket}/attachments`)).statusCode,
        404,
        'not his ticket',
      );
    });

    test('download: headers that keep a browser from running the file, and an audit row', async () => {
      const res = await alice.get(publicFile.url);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.body, fileText);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(
        res.headers['content-disposition'],
        `attachment; filename="Releve_ Q1.txt"; filename*=UTF-8''Relev%C3%A9_%20Q1.txt`,
      );
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['content-security-policy'], "sandbox; default-src 'none'");
      assert.equal(res.headers['cache-control'], 'private, no-store');
      const audit = await t.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'ticket.attachment_downloaded')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(audit.client_id, acmeId);
      assert.equal(audit.target_id, acmeTicket);
      assert.match(audit.details, new RegExp(`"attachmentId":${publicFile.id}`));

      const image = await dana.get(imageFile.url);
      assert.equal(image.headers['content-type'], 'image/png');
      assert.match(String(image.headers['content-disposition']), /^attachment; filename="screen.png"/);
      const thumb = await dana.get(imageFile.thumbnailUrl as string);
      assert.equal(thumb.statusCode, 200);
      assert.equal(thumb.headers['content-type'], 'image/webp');
      assert.equal(thumb.headers['x-content-type-options'], 'nosniff');
      assert.equal(thumb.headers['cache-control'], 'private, no-store');
      assert.equal((await dana.get(`${publicFile.url}/thumbnail`)).statusCode, 404, 'no thumbnail for text');

      const staffInternal = await tech.get(internalFile.url);
      assert.equal(staffInternal.statusCode, 200);
      assert.equal(staffInternal.body, 'secret');
      assert.equal((await staffViewer.get(internalFile.url)).statusCode, 200, 'staff who may view tickets');
    });

    test('a contact never gets an internal file (404, not 403)', async () => {
      for (const contact of [alice, dana]) {
        const res = await contact.get(internalFile.url);
        assert.equal(res.statusCode, 404);
        assert.ok(!res.body.includes('secret') && !res.body.includes('internal.txt'));
        assert.equal((await contact.get(`${internalFile.url}/thumbnail`)).statusCode, 404);
      }
    });

    test("a contact can never fetch another client's file: download, thumbnail and list answer 404", async () => {
      const bUrls = [
        birchFile.url,
        `${birchFile.url}/thumbnail`,
        `/api/v1/tickets/${birchTicket}/attachments`,
        // A's own ticket with B's attachment id, and B's ticket with A's attachment id.
        `/api/v1/tickets/${acmeTicket}/attachments/${birchFile.id}`,
        `/api/v1/tickets/${birchTicket}/attachments/${publicFile.id}`,
        `/api/v1/tickets/${birchTicket}/attachments/${imageFile.id}/thumbnail`,
      ];
      for (const url of bUrls) {
        const res = await alice.get(url);
        assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
        assert.ok(!res.body.includes('birch'), url);
      }
      for (const url of [
        publicFile.url,
        imageFile.url,
        imageFile.thumbnailUrl as string,
        `/api/v1/tickets/${acmeTicket}/attachments`,
      ]) {
        const res = await fatima.get(url);
        assert.equal(res.statusCode, 404, url);
        assert.ok(!res.body.includes('Relev') && !res.body.includes('screen'), url);
      }
      // And the staff side: the file only through its own ticket.
      assert.equal(
        (await tech.get(`/api/v1/tickets/${birchTicket}/attachments/${publicFile.id}`)).statusCode,
        404,
      );
      // Uploads are not reachable through a ticket before they are attached.
      const pending = created(await upload(alice, 'pending.txt', Buffer.from('p')));
      assert.equal(
        (await alice.get(`/api/v1/tickets/${acmeTicket}/attachments/${pending.id}`)).statusCode,
        404,
      );
    });

    test('add a file to a ticket: 201, listed, a live update; refused without the right or for another client', async () => {
      const events: BusEvent[] = [];
      const stop = t.services.events.subscribe('tickets', (e) => {
        events.push(e);
      });
      try {
        const added = created(
          await send(dana, `/api/v1/tickets/${acmeTicket}/attachments`, 'added.png', await pngOf(50, 50)),
        );
        assert.equal(added.url, `/api/v1/tickets/${acmeTicket}/attachments/${added.id}`);
        assert.ok(added.thumbnailUrl);
        assert.equal(added.internal, false);
        assert.equal(added.messageId, null);
        const listed = (await alice.get(`/api/v1/tickets/${acmeTicket}/attachments`)).json()
          .items as AttachmentResponse[];
        assert.ok(listed.some((a) => a.id === added.id));
        const { client_id, ticket_id } = await attachmentRow(t, added.id);
        assert.deepEqual({ client_id, ticket_id }, { client_id: acmeId, ticket_id: acmeTicket });
        for (let i = 0; i < 1500 && !events.some((e) => e.type === 'ticket.updated'); i++) {
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.ok(
          events.some(
            (e) => e.type === 'ticket.updated' && JSON.stringify(e.data).includes(String(acmeTicket)),
          ),
          JSON.stringify(events),
        );
        created(
          await send(tech, `/api/v1/tickets/${birchTicket}/attachments`, 'staff.txt', Buffer.from('s')),
        );
      } finally {
        stop();
      }

      const rows = await countRows();
      const files = filesIn('attachments');
      const refused: [Client, number, number, string][] = [
        [fatima, acmeTicket, 404, "another client's ticket"],
        [alice, birchTicket, 404, "another client's ticket"],
        [evan, evanTicket, 403, 'a contact who may not raise tickets'],
        [evan, acmeTicket, 404, 'a ticket he may not see'],
        [staffViewer, acmeTicket, 403, 'staff who may not manage tickets'],
        [new Client(t.app), acmeTicket, 401, 'nobody'],
      ];
      for (const [client, ticketId, status, what] of refused) {
        const res = await send(client, `/api/v1/tickets/${ticketId}/attachments`, 'x.txt', Buffer.from('x'));
        assert.equal(res.statusCode, status, `${what}: ${res.body}`);
      }
      // A foreign ticket is 404 even when the body is no file at all (the ticket is checked first).
      assert.equal((await fatima.post(`/api/v1/tickets/${acmeTicket}/attachments`, {})).statusCode, 404);
      assert.equal(
        (await send(alice, `/api/v1/tickets/${acmeTicket}/attachments`, 'x.exe', exeBytes())).statusCode,
        415,
      );
      await t.db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', evanTicket).execute();
      const closedTicket = await insertTicket(t, acmeId, {
        requesterContactId: danaContactId,
        status: 'closed',
      });
      const closed = await send(
        dana,
        `/api/v1/tickets/${closedTicket}/attachments`,
        'late.txt',
        Buffer.from('x'),
      );
      assert.equal(closed.statusCode, 409);
      assert.match(errorOf(closed).message, /closed/);
      assert.equal(errorOf(closed).reason, 'ticket_closed');
      assert.equal(await countRows(), rows);
      assert.equal(filesIn('attachments'), files);
    });
  });
});
