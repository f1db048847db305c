import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { NoResultError } from 'kysely';
import sharp from 'sharp';
import { translate } from '../../../shared/i18n/i18n.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError, errorText } from '../../platform/errors.ts';
import { createTestApp, setUp, type TestApp } from '../../test/harness.ts';
import {
  attachmentRow,
  contactActor,
  exeBytes,
  insertMessage,
  insertTicket,
  pngOf,
  staffActor,
} from './attachments.fixtures.ts';
import { type Attachments, CLEANUP_JOB, createAttachments, PENDING_TTL_MS } from './attachments.service.ts';

function validationOf(error: unknown): Record<string, string> {
  assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
  assert.equal(error.code, 'validation_failed');
  return Object.fromEntries(Object.entries(error.fields ?? {}).map(([k, v]) => [k, errorText(v, 'en')]));
}

describe('attachments service', () => {
  let t: TestApp;
  let attachments: Attachments;
  let staff: Actor;
  let otherStaff: Actor;
  let alice: Actor & { kind: 'contact' };
  let dana: Actor & { kind: 'contact' };
  let fatima: Actor & { kind: 'contact' };
  let acmeId: number;
  let birchId: number;

  const upload = (actor: Actor, name = 'notes.txt', data: Buffer = Buffer.from('hello\n')) =>
    attachments.upload(actor, { stream: Readable.from([data]), filename: name });

  const rowOf = (id: number) => attachmentRow(t, id);

  /** Links `actor`'s uploads `ids` to a ticket: Acme's, on no message and public unless told otherwise. */
  const link = (
    db: Parameters<Attachments['linkPending']>[0],
    actor: Actor,
    ids: number[],
    ticketId: number,
    options: { clientId?: number; messageId?: number | null; internal?: boolean } = {},
  ) =>
    attachments.linkPending(db, {
      accountId: actor.accountId,
      ids,
      ticketId,
      clientId: options.clientId ?? acmeId,
      messageId: options.messageId ?? null,
      internal: options.internal ?? false,
    });

  /** An inbound email's file stored straight onto an Acme ticket. */
  const storeOnTicket = (
    db: Parameters<Attachments['storeAttached']>[0],
    ticketId: number,
    file: { filename: string; contentType: string; data: Buffer },
  ) =>
    attachments.storeAttached(db, {
      ...file,
      ticketId,
      clientId: acmeId,
      messageId: null,
      internal: false,
      uploadedByAccountId: null,
    });

  before(async () => {
    t = await createTestApp();
    await setUp(t, { demo: true });
    attachments = createAttachments(t.services.deps);
    staff = await staffActor(t, 'tech@portico.example');
    otherStaff = await staffActor(t, 'admin@portico.example');
    alice = await contactActor(t, 'primary@acme.example');
    dana = await contactActor(t, 'standard@acme.example');
    fatima = await contactActor(t, 'primary@birchwood.example');
    acmeId = alice.clientId;
    birchId = fatima.clientId;
    assert.notEqual(acmeId, birchId);
  });
  after(() => t.close());

  describe('linkPending', () => {
    test("attaches the account's own pending uploads to a ticket and message, taking the ticket's client", async () => {
      const ticketId = await insertTicket(t, acmeId);
      const messageId = await insertMessage(t, ticketId);
      const mine = await upload(alice);
      const staffUpload = await upload(staff, 'log.txt');
      assert.equal((await rowOf(mine.id)).client_id, acmeId, "a contact's upload is their client's at once");
      assert.equal(
        (await rowOf(staffUpload.id)).client_id,
        null,
        'a staff upload has no client until attached',
      );

      await t.db.transaction().execute((trx) => link(trx, alice, [mine.id], ticketId, { messageId }));
      await t.db
        .transaction()
        .execute((trx) => link(trx, staff, [staffUpload.id], ticketId, { internal: true }));
      const a = await rowOf(mine.id);
      assert.deepEqual(
        [a.ticket_id, a.message_id, a.client_id, a.internal],
        [ticketId, messageId, acmeId, 0],
      );
      const s = await rowOf(staffUpload.id);
      assert.deepEqual([s.ticket_id, s.message_id, s.client_id, s.internal], [ticketId, null, acmeId, 1]);
    });

    test("another person's upload, an attached one, an unknown id or another client's: 'not found' on attachmentIds, nothing changed", async () => {
      const ticketId = await insertTicket(t, acmeId);
      const birchTicket = await insertTicket(t, birchId);
      const mine = await upload(alice);
      const danas = await upload(dana);
      const staffs = await upload(otherStaff);
      const attached = await upload(alice);
      await t.db.transaction().execute((trx) => link(trx, alice, [attached.id], ticketId));
      const cases: [string, number[], number, number][] = [
        ['a colleague’s upload', [mine.id, danas.id], ticketId, acmeId],
        ['a staff member’s upload', [staffs.id], ticketId, acmeId],
        ['an already attached upload', [attached.id], ticketId, acmeId],
        ['an id that does not exist', [987_654], ticketId, acmeId],
        ['own upload to another client’s ticket', [mine.id], birchTicket, birchId],
      ];
      for (const [what, ids, tid, clientId] of cases) {
        const error = await t.db
          .transaction()
          .execute((trx) => link(trx, alice, ids, tid, { clientId }))
          .then(
            () => null,
            (e: unknown) => e,
          );
        const fields = validationOf(error);
        assert.match(fields.attachmentIds ?? '', /not found/, what);
      }
      for (const id of [mine.id, danas.id, staffs.id]) {
        assert.equal((await rowOf(id)).ticket_id, null, `${id} is still pending`);
      }
      assert.equal((await rowOf(attached.id)).ticket_id, ticketId, 'the attached one did not move');
      assert.equal((await rowOf(danas.id)).client_id, acmeId);
    });

    test('no ids: nothing to do, no error', async () => {
      await link(t.db, alice, [], 1);
    });
  });

  describe('listForTickets', () => {
    test('one call for many tickets; internal ones (and those of internal notes) only when asked', async () => {
      const t1 = await insertTicket(t, acmeId);
      const t2 = await insertTicket(t, acmeId);
      const t3 = await insertTicket(t, acmeId);
      const note = await insertMessage(t, t1, { internal: true });
      const reply = await insertMessage(t, t2);
      const attach = async (actor: Actor, ticketId: number, messageId: number | null, internal: boolean) => {
        const u = await upload(actor, `${ticketId}-${internal ? 'internal' : 'public'}.txt`);
        await link(t.db, actor, [u.id], ticketId, { messageId, internal });
        return u.id;
      };
      const p1 = await attach(alice, t1, null, false);
      const i1 = await attach(staff, t1, note, true);
      const p2 = await attach(staff, t2, reply, false);
      // A row whose own flag was (wrongly) left 0 on an internal note is still withheld from contacts.
      const leaky = await attach(staff, t1, note, false);
      const empty = await attach(staff, t3, null, false);
      await t.db.deleteFrom('ticket_attachments').where('id', '=', empty).execute();

      const queries: string[] = [];
      const counting = t.db.withPlugin({
        transformQuery: (args) => {
          queries.push(args.node.kind);
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      const publicOnly = await attachments.listForTickets(counting, [t1, t2, t3], { includeInternal: false });
      assert.equal(queries.length, 1, 'one query for all the tickets');
      assert.deepEqual(
        publicOnly.map((a) => [a.ticketId, a.id]),
        [
          [t1, p1],
          [t2, p2],
        ],
      );
      assert.ok(publicOnly.every((a) => a.internal === false));
      const all = await attachments.listForTickets(t.db, [t1, t2, t3], { includeInternal: true });
      assert.deepEqual(
        all.map((a) => a.id),
        [p1, i1, leaky, p2],
      );
      const internal = all.find((a) => a.id === i1);
      assert.equal(internal?.internal, true);
      assert.equal(internal?.messageId, note);
      assert.equal(internal?.url, `/api/v1/tickets/${t1}/attachments/${i1}`);
      assert.equal(internal?.contentType, 'text/plain');
      assert.equal(internal?.sizeBytes, 6);
      assert.equal(internal?.thumbnailUrl, null);
      assert.deepEqual(await attachments.listForTickets(t.db, [], { includeInternal: true }), []);
    });
  });

  describe('storeAttached (inbound email)', () => {
    test('stores an accepted file with its checks; returns a reason for a refused one', async () => {
      const ticketId = await insertTicket(t, acmeId);
      const png = await pngOf(800, 600);
      const stored = await t.db.transaction().execute((trx) =>
        storeOnTicket(trx, ticketId, {
          filename: '../../etc/screen shot.png',
          contentType: 'application/octet-stream',
          data: png,
        }),
      );
      assert.ok('id' in stored, JSON.stringify(stored));
      const row = await rowOf(stored.id);
      assert.equal(row.filename, 'screen shot.png');
      assert.equal(row.content_type, 'image/png');
      assert.equal(row.ticket_id, ticketId);
      assert.equal(row.client_id, acmeId);
      assert.ok(row.thumbnail_key, 'a thumbnail was made');

      const exe = await storeOnTicket(t.db, ticketId, {
        filename: 'invoice.exe',
        contentType: 'application/pdf',
        data: exeBytes(),
      });
      assert.ok('rejected' in exe);
      assert.match(translate('en', exe.rejected), /not accepted/);

      const disguised = await storeOnTicket(t.db, ticketId, {
        filename: 'invoice.pdf',
        contentType: 'application/pdf',
        data: png,
      });
      assert.ok('rejected' in disguised);
      assert.match(translate('en', disguised.rejected), /PNG/);

      const big = await storeOnTicket(t.db, ticketId, {
        filename: 'big.txt',
        contentType: 'text/plain',
        data: Buffer.alloc(20 * 1024 * 1024 + 1, 'a'),
      });
      assert.ok('rejected' in big);
      assert.match(translate('en', big.rejected), /20 MB/);
      const rows = await t.db
        .selectFrom('ticket_attachments')
        .select('id')
        .where('ticket_id', '=', ticketId)
        .execute();
      assert.equal(rows.length, 1, 'only the accepted file was recorded');
    });
  });

  describe('moveToTicket', () => {
    test('moves every attachment of one ticket to another', async () => {
      const from = await insertTicket(t, acmeId);
      const to = await insertTicket(t, acmeId);
      const other = await insertTicket(t, acmeId);
      const ids: number[] = [];
      for (const ticketId of [from, from, other]) {
        const u = await upload(staff);
        await link(t.db, staff, [u.id], ticketId);
        ids.push(u.id);
      }
      await t.db.transaction().execute((trx) => attachments.moveToTicket(trx, from, to));
      const listed = await attachments.listForTickets(t.db, [from, to, other], {
        includeInternal: true,
      });
      assert.deepEqual(
        listed.map((a) => [a.ticketId, a.id]),
        [
          [to, ids[0]],
          [to, ids[1]],
          [other, ids[2]],
        ],
      );
    });
  });

  describe('pending clean-up', () => {
    test('uploads left pending for a day are deleted with their files by a job that reschedules itself', async () => {
      const ticketId = await insertTicket(t, acmeId);
      await t.db.deleteFrom('ticket_attachments').where('ticket_id', 'is', null).execute();
      const image = await upload(alice, 'pic.png', await pngOf(600, 400));
      const kept = await upload(alice, 'kept.txt');
      await link(t.db, alice, [kept.id], ticketId);
      const imageRow = await rowOf(image.id);
      const keptRow = await rowOf(kept.id);
      assert.ok(imageRow.thumbnail_key);
      const scheduled = await t.db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', CLEANUP_JOB)
        .where('done_at', 'is', null)
        .execute();
      assert.equal(scheduled.length, 1, 'an upload schedules the clean-up once');

      t.clock.advance(PENDING_TTL_MS - 60_000);
      await t.services.jobs.drain();
      assert.ok(await rowOf(image.id), 'not yet a day old');

      t.clock.advance(2 * 60_000 + 60_000);
      const later = await upload(dana, 'later.txt');
      await t.services.jobs.drain();
      const left = await t.db
        .selectFrom('ticket_attachments')
        .select('id')
        .where('id', 'in', [image.id, kept.id, later.id])
        .execute();
      assert.deepEqual(
        left.map((r) => r.id).sort((a, b) => a - b),
        [kept.id, later.id].sort((a, b) => a - b),
      );
      assert.equal(await t.services.deps.storage.get(imageRow.storage_key), null, 'the file is gone');
      assert.equal(await t.services.deps.storage.get(imageRow.thumbnail_key as string), null);
      assert.ok(await t.services.deps.storage.get(keptRow.storage_key), 'an attached file stays');

      // It ran, and is due again when the next pending upload turns a day old.
      const jobs = await t.db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', CLEANUP_JOB)
        .orderBy('id')
        .execute();
      const open = jobs.filter((j) => j.done_at === null && j.failed_at === null);
      assert.equal(open.length, 1);
      assert.ok(jobs.some((j) => j.done_at !== null));
      const laterRow = await rowOf(later.id);
      assert.ok(
        new Date(open[0]?.run_at ?? 0).getTime() >= new Date(laterRow.created_at).getTime() + PENDING_TTL_MS,
      );
      t.clock.advance(PENDING_TTL_MS + 120_000);
      await t.services.jobs.drain();
      await assert.rejects(attachmentRow(t, later.id), NoResultError, 'the later upload is gone too');
    });
  });

  test('thumbnails: at most 320 px, WebP', async () => {
    const u = await upload(alice, 'wide.png', await pngOf(1600, 400));
    const row = await rowOf(u.id);
    const thumb = await t.services.deps.storage.get(row.thumbnail_key as string);
    assert.ok(thumb);
    const meta = await sharp(thumb).metadata();
    assert.equal(meta.format, 'webp');
    assert.equal(meta.width, 320);
    assert.equal(meta.height, 80);
  });
});
