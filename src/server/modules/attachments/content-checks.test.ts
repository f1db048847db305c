import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import type { AttachmentResponse } from '../../../shared/schemas/tickets.ts';
import { type ClamdStandIn, eicar, startClamdStandIn } from '../../test/clamd.ts';
import { Client, createTestApp, errorOf, OWNER, setUp, type TestApp } from '../../test/harness.ts';
import {
  accountOf,
  animatedGif,
  deflated,
  docxBomb,
  docxBytes,
  gifWithScript,
  insertTicket,
  jpegOf,
  multipart,
  pngBomb,
  pngOf,
  pngWithHtml,
  zipBomb,
  zipEntries,
  zipOf,
} from './attachments.fixtures.ts';

/*
 * Upload content checks (issue 12, point 3; SECURITY.md items 19-21) through the API, with a clamd
 * stand-in configured (CLAMD_URL). The email path is in ticket-email/inbound-content-checks.test.ts.
 */
describe('upload content checks', () => {
  let t: TestApp;
  let clamd: ClamdStandIn;
  let alice: Client;
  let tech: Client;
  let acmeTicket: number;

  const upload = (client: Client, filename: string, data: Buffer, url = '/api/v1/uploads') =>
    client.request('POST', url, multipart(filename, data));

  const created = (res: LightMyRequestResponse): AttachmentResponse => {
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as AttachmentResponse;
  };

  const filesIn = (folder: string) => {
    try {
      return readdirSync(path.join(t.dataDir, 'files', folder)).length;
    } catch {
      return 0;
    }
  };
  /** Rows and stored files (originals and thumbnails): what a refusal must leave untouched. */
  const footprint = async () => ({
    rows: Number(
      (
        await t.db
          .selectFrom('ticket_attachments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    files: filesIn('attachments'),
    thumbnails: filesIn('thumbnails'),
  });

  before(async () => {
    clamd = await startClamdStandIn();
    t = await createTestApp({ env: { CLAMD_URL: clamd.url } });
    const owner = await setUp(t, { demo: true });
    await owner.login(OWNER.email, OWNER.password);
    alice = new Client(t.app);
    await alice.login('primary@acme.example');
    tech = new Client(t.app);
    await tech.login('tech@portico.example');
    const a = await accountOf(t, 'primary@acme.example');
    acmeTicket = await insertTicket(t, a.client_id as number, { requesterContactId: a.contact_id });
  });
  after(async () => {
    await t.close();
    await clamd.close();
  });

  test('the five files accepted before are refused with a clear 4xx, and nothing is kept', async () => {
    const before = await footprint();
    const cases: [string, Buffer, number, string, RegExp][] = [
      [
        'page.png',
        await pngWithHtml(),
        422,
        'unprocessable',
        /^“page\.png” has a web page, script or other file hidden after the image/,
      ],
      ['anim.gif', gifWithScript(), 422, 'unprocessable', /^“anim\.gif” cannot be read as a GIF image/],
      [
        'zeros.zip',
        await zipBomb(200),
        413,
        'payload_too_large',
        /would expand to 200 MB, 1,0\d\d times its own size \(archives may expand at most 100 times\)/,
      ],
      [
        'huge.png',
        pngBomb(50_000, 50_000),
        413,
        'payload_too_large',
        /^“huge\.png” is 50,000 × 50,000 pixels \(2,500 megapixels\); images may have at most 100 megapixels/,
      ],
      [
        'eicar.txt',
        eicar(),
        422,
        'unprocessable',
        /^“eicar\.txt” was refused by the virus scanner \(Eicar-Test-Signature\)/,
      ],
    ];
    for (const [name, data, status, code, message] of cases) {
      for (const [client, url] of [
        [alice, '/api/v1/uploads'],
        [tech, `/api/v1/tickets/${acmeTicket}/attachments`],
      ] as const) {
        const res = await upload(client, name, data, url);
        assert.equal(res.statusCode, status, `${name} to ${url}: ${res.body}`);
        assert.equal(errorOf(res).code, code, name);
        assert.match(errorOf(res).message, message, name);
      }
    }
    assert.deepEqual(await footprint(), before, 'no row, no stored file, no thumbnail');
  });

  test('sound files still pass, each scanned once', async () => {
    const scanned = clamd.scanned;
    const inner = zipOf({ 'readme.txt': 'inner' });
    const files: [string, Buffer][] = [
      ['shot.png', await pngOf(64, 48)],
      ['photo.jpg', await jpegOf(64, 48)],
      ['anim.gif', await animatedGif()],
      [
        'pic.webp',
        await sharp(await pngOf(20, 20))
          .webp()
          .toBuffer(),
      ],
      ['letter.docx', docxBytes()],
      [
        'logs.zip',
        zipEntries([deflated('a.log', Buffer.from('x'.repeat(50_000))), deflated('inner.zip', inner)]),
      ],
      ['notes.txt', Buffer.from('nothing to see\n')],
    ];
    for (const [name, data] of files) {
      const body = created(await upload(alice, name, data));
      assert.equal(body.sizeBytes, data.length, `${name} is kept as sent`);
    }
    assert.equal(clamd.scanned, scanned + files.length);
  });

  test('bytes after an image that are not active content are cut off: the image is kept alone', async () => {
    const jpeg = await jpegOf(80, 60);
    // A phone's "motion photo" appends its video after the picture.
    const video = Buffer.concat([Buffer.from('\0\0\0\x18ftypmp42', 'latin1'), Buffer.alloc(4000, 7)]);
    const body = created(await upload(alice, 'motion.jpg', Buffer.concat([jpeg, video])));
    assert.equal(body.sizeBytes, jpeg.length);
    assert.ok(body.thumbnailUrl);
    const download = await alice.get(body.url);
    assert.equal(download.statusCode, 200);
    assert.deepEqual(download.rawPayload, jpeg);
    const row = await t.db
      .selectFrom('ticket_attachments')
      .select('sha256')
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.sha256, createHash('sha256').update(jpeg).digest('hex'));
  });

  test('archives that lie about their sizes or nest too deep are refused (422)', async () => {
    const before = await footprint();
    const liar = zipEntries([deflated('small.bin', Buffer.alloc(3 * 1024 * 1024), 100)]);
    const res = await upload(alice, 'liar.zip', liar);
    assert.equal(res.statusCode, 422, res.body);
    assert.match(errorOf(res).message, /the entry “small\.bin” does not hold what its header says/);

    const deep = zipEntries([
      deflated('one.zip', zipEntries([deflated('two.zip', zipOf({ 'three.txt': '3' }))])),
    ]);
    const nested = await upload(alice, 'deep.zip', deep);
    assert.equal(nested.statusCode, 422, nested.body);
    assert.match(errorOf(nested).message, /nested more than 2 deep \(“one\.zip” › “two\.zip”\)/);

    // A Word document is a ZIP too: a bomb inside one is caught the same way.
    const doc = await upload(alice, 'report.docx', await docxBomb(50));
    assert.equal(doc.statusCode, 413, doc.body);
    assert.deepEqual(await footprint(), before);
  });

  test('a configured scanner that cannot be reached refuses uploads (503, fail closed); they pass once it is back', async () => {
    const before = await footprint();
    clamd.mode = 'hang-up';
    try {
      const res = await upload(alice, 'notes.txt', Buffer.from('fine text\n'));
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(errorOf(res).code, 'unavailable');
      assert.match(errorOf(res).message, /cannot be checked for viruses at the moment/);
      assert.deepEqual(await footprint(), before, 'nothing unscanned is kept');
    } finally {
      clamd.mode = 'answer';
    }
    created(await upload(alice, 'notes.txt', Buffer.from('fine text\n')));
  });
});
