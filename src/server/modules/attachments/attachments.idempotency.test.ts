/**
 * Idempotency-Key on the two multipart routes, `POST /api/v1/uploads` and
 * `POST /api/v1/tickets/:ticketId/attachments` (issue 12, point 4; decision 008): the fingerprint is
 * the file's content and fields, the key is claimed once the file is stored and checked, and the answer
 * is stored in the transaction that records the file. On the test database (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { IDEMPOTENCY_HEADER } from '../../platform/http/idempotency.ts';
import { Client, createTestApp, errorOf, setUp, type TestApp } from '../../test/harness.ts';
import { accountOf, contactActor, insertTicket, multipart } from './attachments.fixtures.ts';
import { createAttachments } from './attachments.service.ts';

const LEASE_MS = 60_000;

describe('Idempotency-Key on uploads and ticket attachments', () => {
  let t: TestApp;
  let alice: Client; // Acme primary contact
  let dana: Client; // Acme standard contact
  let acmeId: number;
  let ticketId: number;
  let aliceAccount: number;

  const send = (who: Client, url: string, filename: string, text: string, key?: string) => {
    const { payload, headers } = multipart(filename, Buffer.from(text, 'utf8'), { type: 'text/plain' });
    return who.request('POST', url, {
      payload,
      headers: key ? { ...headers, [IDEMPOTENCY_HEADER]: key } : headers,
    });
  };
  const upload = (who: Client, filename: string, text: string, key?: string) =>
    send(who, '/api/v1/uploads', filename, text, key);
  const attach = (who: Client, filename: string, text: string, key?: string, ticket = ticketId) =>
    send(who, `/api/v1/tickets/${ticket}/attachments`, filename, text, key);

  /** Attachment rows (uploads and a ticket's files) with this file name. */
  async function rowsNamed(filename: string): Promise<number> {
    const row = await t.db
      .selectFrom('ticket_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('filename', '=', filename)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  const filesStored = () => {
    try {
      return readdirSync(path.join(t.dataDir, 'files', 'attachments')).length;
    } catch {
      return 0;
    }
  };
  const keyRow = (key: string) =>
    t.db.selectFrom('idempotency_keys').selectAll().where('idempotency_key', '=', key).executeTakeFirst();

  function replayed(res: LightMyRequestResponse, first: LightMyRequestResponse): void {
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['idempotent-replayed'], 'true');
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.deepEqual(res.json(), first.json());
  }

  before(async () => {
    t = await createTestApp({ env: { IDEMPOTENCY_LEASE_SECONDS: String(LEASE_MS / 1000) } });
    await setUp(t, { demo: true });
    alice = new Client(t.app);
    await alice.login('primary@acme.example');
    dana = new Client(t.app);
    await dana.login('standard@acme.example');
    const acme = await t.db
      .selectFrom('clients')
      .select('id')
      .where('name', '=', 'Acme Manufacturing')
      .executeTakeFirstOrThrow();
    acmeId = acme.id;
    ticketId = await insertTicket(t, acmeId, { subject: 'Idempotent attachments' });
    aliceAccount = (await accountOf(t, 'primary@acme.example')).id;
  });
  after(() => t?.close());

  test('an upload replayed with its key returns the first answer and stores one file', async () => {
    const files = filesStored();
    const first = await upload(alice, 'replay.txt', 'the same words', 'upload-replay');
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const again = await upload(alice, 'replay.txt', 'the same words', 'upload-replay');
    replayed(again, first);
    assert.equal(await rowsNamed('replay.txt'), 1);
    assert.equal(filesStored(), files + 1, 'the retry stored no file of its own');
    // Without a key, nothing is deduplicated.
    assert.equal((await upload(alice, 'replay.txt', 'the same words')).statusCode, 201);
    assert.equal(await rowsNamed('replay.txt'), 2);
  });

  test('the same key with another file or another name is 422 idempotency_key_reused', async () => {
    const first = await upload(alice, 'reuse.txt', 'first content', 'upload-reuse');
    assert.equal(first.statusCode, 201, first.body);
    const files = filesStored();
    const otherContent = await upload(alice, 'reuse.txt', 'other content', 'upload-reuse');
    assert.equal(otherContent.statusCode, 422, otherContent.body);
    assert.equal(errorOf(otherContent).code, 'idempotency_key_reused');
    const otherName = await upload(alice, 'reuse-2.txt', 'first content', 'upload-reuse');
    assert.equal(otherName.statusCode, 422, otherName.body);
    assert.equal(await rowsNamed('reuse.txt'), 1);
    assert.equal(await rowsNamed('reuse-2.txt'), 0);
    assert.equal(filesStored(), files, 'nothing of the refused retries is left in storage');
    // The key of an attachment on one ticket is not one on another ticket (path parameters count).
    const otherTicket = await insertTicket(t, acmeId, { subject: 'Another ticket' });
    const a1 = await attach(alice, 'ticket.txt', 'same', 'attach-reuse');
    assert.equal(a1.statusCode, 201, a1.body);
    const a2 = await attach(alice, 'ticket.txt', 'same', 'attach-reuse', otherTicket);
    assert.equal(a2.statusCode, 422, a2.body);
  });

  test('a ticket attachment replayed with its key returns the first answer; one attachment exists', async () => {
    const first = await attach(alice, 'attached.txt', 'attached once', 'attach-replay');
    assert.equal(first.statusCode, 201, first.body);
    const again = await attach(alice, 'attached.txt', 'attached once', 'attach-replay');
    replayed(again, first);
    const rows = await t.db
      .selectFrom('ticket_attachments')
      .select(['id', 'ticket_id'])
      .where('filename', '=', 'attached.txt')
      .execute();
    assert.deepEqual(rows, [{ id: first.json().id, ticket_id: ticketId }]);
  });

  test('duplicates sent at the same moment make exactly one upload and one attachment', async () => {
    const uploads = await Promise.all(
      [1, 2, 3, 4].map(() => upload(alice, 'together.txt', 'all at once', 'upload-together')),
    );
    const attachments = await Promise.all(
      [1, 2, 3, 4].map(() => attach(alice, 'together-t.txt', 'all at once', 'attach-together')),
    );
    for (const answers of [uploads, attachments]) {
      const statuses = answers.map((a) => a.statusCode);
      assert.ok(
        statuses.every((s) => s === 201 || s === 409),
        statuses.join(','),
      );
      for (const a of answers.filter((x) => x.statusCode === 409)) {
        assert.equal(errorOf(a).reason, 'idempotency_in_progress');
      }
      const ids = new Set(answers.filter((a) => a.statusCode === 201).map((a) => a.json().id));
      assert.equal(ids.size, 1, 'every 201 is the one upload');
    }
    assert.equal(await rowsNamed('together.txt'), 1);
    assert.equal(await rowsNamed('together-t.txt'), 1);
  });

  test('while the first request holds the key, a duplicate is 409 idempotency_in_progress', async () => {
    // A request that has claimed the key and is still storing its file (claimed a moment ago).
    const first = await upload(alice, 'running.txt', 'still running', 'upload-running');
    assert.equal(first.statusCode, 201, first.body);
    await t.db
      .updateTable('idempotency_keys')
      .set({ response_status: null, response_body: null, response_type: null, claim_token: 'running' })
      .where('idempotency_key', '=', 'upload-running')
      .execute();
    await t.db.deleteFrom('ticket_attachments').where('filename', '=', 'running.txt').execute();
    const duplicate = await upload(alice, 'running.txt', 'still running', 'upload-running');
    assert.equal(duplicate.statusCode, 409, duplicate.body);
    assert.equal(errorOf(duplicate).code, 'conflict');
    assert.equal(errorOf(duplicate).reason, 'idempotency_in_progress');
    assert.equal(await rowsNamed('running.txt'), 0);
    // Another person's same key is a request of its own.
    const others = await upload(dana, 'running.txt', 'still running', 'upload-running');
    assert.equal(others.statusCode, 201, others.body);
    assert.equal(others.headers['idempotent-replayed'], undefined);
  });

  test('a claim whose request died is taken over after the lease by a retry of the same file', async () => {
    // The first request claimed the key and died before recording its file: an unfinished claim.
    const first = await upload(alice, 'crashed.txt', 'crash me', 'upload-crashed');
    assert.equal(first.statusCode, 201, first.body);
    await t.db
      .updateTable('idempotency_keys')
      .set({ response_status: null, response_body: null, response_type: null, claim_token: 'dead' })
      .where('idempotency_key', '=', 'upload-crashed')
      .execute();
    await t.db.deleteFrom('ticket_attachments').where('filename', '=', 'crashed.txt').execute();

    t.clock.advance(LEASE_MS - 1_000);
    const early = await upload(alice, 'crashed.txt', 'crash me', 'upload-crashed');
    assert.equal(early.statusCode, 409, 'within the lease the key is still held');
    t.clock.advance(2_000);
    // Another file with the key does not take it over.
    const other = await upload(alice, 'crashed.txt', 'something else', 'upload-crashed');
    assert.equal(other.statusCode, 422, other.body);
    // Several retries of the same file at once: one takes the claim over and runs.
    const retries = await Promise.all(
      [1, 2, 3].map(() => upload(alice, 'crashed.txt', 'crash me', 'upload-crashed')),
    );
    const ran = retries.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined);
    assert.equal(ran.length, 1, retries.map((r) => `${r.statusCode} ${r.body}`).join('\n'));
    for (const r of retries) assert.ok(r.statusCode === 201 || r.statusCode === 409, r.body);
    assert.equal(await rowsNamed('crashed.txt'), 1);
    const row = await keyRow('upload-crashed');
    assert.equal(row?.response_status, 201);
    assert.notEqual(row?.claim_token, 'dead');
    const later = await upload(alice, 'crashed.txt', 'crash me', 'upload-crashed');
    replayed(later, ran[0] as LightMyRequestResponse);
    assert.equal(await rowsNamed('crashed.txt'), 1);
  });

  test('a request whose claim was taken over cannot record its file: its transaction rolls back', async () => {
    const actor = await contactActor(t, 'primary@acme.example');
    const engine = t.services.idempotency;
    const id = { scope: `account:${aliceAccount}`, accountId: aliceAccount, route: 'POST /api/v1/uploads' };
    const slow = { ...id, key: 'upload-slow', token: 'slow-request' };
    assert.ok(await engine.store.claim(slow, 'fingerprint', t.clock().toISOString()));
    // Its lease runs out while it is still storing the file, and a retry takes the key over.
    t.clock.advance(LEASE_MS + 1);
    const taker = { ...slow, token: 'retry' };
    const staleBefore = new Date(t.clock().getTime() - LEASE_MS).toISOString();
    assert.ok(
      await engine.store.takeOver(taker, 'fingerprint', 'slow-request', staleBefore, t.clock().toISOString()),
    );
    assert.equal(
      await engine.store.takeOver(
        { ...slow, token: 'second-retry' },
        'fingerprint',
        'slow-request',
        staleBefore,
        t.clock().toISOString(),
      ),
      false,
      'only one retry wins the claim',
    );
    const files = filesStored();
    // The slow request now tries to record its file and store its answer under its old claim.
    await assert.rejects(
      createAttachments(t.services.deps).upload(
        actor,
        { stream: Readable.from([Buffer.from('slow words')]), filename: 'slow.txt' },
        {
          claim: async () => {},
          complete: async (trx, response) => {
            const done = await engine.store.complete(
              slow,
              { status: 201, type: 'application/json', body: JSON.stringify(response) },
              t.clock().toISOString(),
              trx,
            );
            if (!done) throw new Error('the claim was taken over');
          },
        },
      ),
      /taken over/,
    );
    assert.equal(await rowsNamed('slow.txt'), 0, 'the file was not recorded');
    assert.equal(filesStored(), files, 'and not kept');
    const row = await keyRow('upload-slow');
    assert.equal(row?.claim_token, 'retry');
    assert.equal(row?.response_status, null);
  });

  test('a refused file stores nothing under the key; the corrected retry with the key runs', async () => {
    const empty = await upload(alice, 'empty.txt', '', 'upload-fix');
    assert.equal(empty.statusCode, 400, empty.body);
    assert.equal(await keyRow('upload-fix'), undefined);
    const fixed = await upload(alice, 'empty.txt', 'now with words', 'upload-fix');
    assert.equal(fixed.statusCode, 201, fixed.body);
    assert.equal(fixed.headers['idempotent-replayed'], undefined);
  });

  test('a malformed key is 400 naming the header, before anything is read', async () => {
    const res = await upload(alice, 'bad-key.txt', 'x', 'tab\there');
    assert.equal(res.statusCode, 400, res.body);
    assert.ok(errorOf(res).fields?.[IDEMPOTENCY_HEADER], res.body);
    assert.equal(await rowsNamed('bad-key.txt'), 0);
  });
});
