import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AttachmentResponse, UploadResponse } from '../../../shared/schemas/tickets.ts';
import { type Client, errorOf } from '../../test/harness.ts';
import {
  createTicket,
  getTicket,
  messagesOf,
  postMessage,
  type TicketsWorld,
  ticketsWorld,
} from './test-helpers.ts';

async function upload(client: Client, filename: string, text: string): Promise<UploadResponse> {
  const boundary = '----portico-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n`,
    ),
    Buffer.from(text),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await client.request('POST', '/api/v1/uploads', {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as UploadResponse;
}

describe('tickets: attachments with tickets and replies; merging', () => {
  let w: TicketsWorld;
  before(async () => {
    w = await ticketsWorld();
  });
  after(() => w.t.close());

  test('attachments come with the ticket or the reply; an internal note’s never reach the contact', async () => {
    const alice = await w.as('primary@acme.example');
    const tech = await w.as('tech@portico.example');
    const first = await upload(alice, 'error-log.txt', 'Paper jam in tray 2');
    const created = await createTicket(alice, { subject: 'With a file', attachmentIds: [first.id] });
    assert.deepEqual(
      created.attachments.map((a) => a.filename),
      ['error-log.txt'],
    );
    // Someone else's upload is not taken (and nothing is written).
    const techUpload = await upload(tech, 'secret-notes.txt', 'for staff');
    const stolen = await alice.post('/api/v1/tickets', {
      subject: 'Steal',
      description: 'x',
      attachmentIds: [techUpload.id],
    });
    assert.equal(stolen.statusCode, 400);
    assert.ok(errorOf(stolen).fields?.attachmentIds);

    const note = await postMessage(tech, created.id, {
      body: 'See my notes',
      internal: true,
      attachmentIds: [techUpload.id],
    });
    assert.equal(note.attachments[0]?.internal, true);
    const publicFile = await upload(tech, 'fix.txt', 'restart the spooler');
    const reply = await postMessage(tech, created.id, { body: 'Try this', attachmentIds: [publicFile.id] });
    assert.deepEqual(
      reply.attachments.map((a) => a.filename),
      ['fix.txt'],
    );

    const seen = await messagesOf(alice, created.id);
    const files = seen.flatMap((m) => m.attachments.map((a: AttachmentResponse) => a.filename));
    assert.deepEqual(files, ['fix.txt']);
    const bodyText = JSON.stringify(await alice.get(`/api/v1/tickets/${created.id}`).then((r) => r.json()));
    assert.doesNotMatch(bodyText, /secret-notes/);
    const staffSeen = await messagesOf(tech, created.id);
    assert.deepEqual(
      staffSeen.flatMap((m) => m.attachments.map((a) => a.filename)),
      ['secret-notes.txt', 'fix.txt'],
    );
  });

  test('merge: same client only, never into itself or a merged ticket; conversation, files and watchers move', async () => {
    const alice = await w.as('primary@acme.example');
    const dana = await w.as('standard@acme.example');
    const tech = await w.as('tech@portico.example');
    const target = await createTicket(alice, { subject: 'Internet down (main)' });
    const danaFile = await upload(dana, 'router.txt', 'lights blinking');
    const source = await createTicket(dana, { subject: 'No internet', attachmentIds: [danaFile.id] });
    await postMessage(dana, source.id, { body: 'Still down' });
    await postMessage(tech, source.id, { body: 'Checking', timeSpentMinutes: 20 });
    const evanId = await w.contactId('readonly@acme.example');
    await tech.post(`/api/v1/tickets/${source.id}/watchers`, { contactId: evanId });
    await tech.post(`/api/v1/tickets/${source.id}/watchers`, {
      staffAccountId: await w.accountId('admin@portico.example'),
    });
    const foreign = await createTicket(await w.as('primary@birchwood.example'), { subject: 'Elsewhere' });

    const self = await tech.post(`/api/v1/tickets/${source.id}/merge`, { intoTicketId: source.id });
    assert.equal(self.statusCode, 400);
    const otherClient = await tech.post(`/api/v1/tickets/${source.id}/merge`, { intoTicketId: foreign.id });
    assert.equal(otherClient.statusCode, 400);
    assert.match(errorOf(otherClient).fields?.intoTicketId ?? '', /same client/);
    const missing = await tech.post(`/api/v1/tickets/${source.id}/merge`, { intoTicketId: 999_999 });
    assert.equal(missing.statusCode, 400);
    assert.equal(
      (await alice.post(`/api/v1/tickets/${source.id}/merge`, { intoTicketId: target.id })).statusCode,
      403,
    );
    assert.equal((await getTicket(tech, source.id)).status, 'open', 'refusals change nothing');

    const merged = await tech.post(`/api/v1/tickets/${source.id}/merge`, { intoTicketId: target.id });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal(merged.json().status, 'closed');
    assert.equal(merged.json().mergedIntoId, target.id);

    const into = await getTicket(tech, target.id);
    assert.equal(into.timeSpentMinutes, 20);
    assert.deepEqual(into.watchers.map((x) => `${x.kind}:${x.name}`).sort(), [
      'contact:Dana Kowalski',
      'contact:Evan Brooks',
      'staff:Adam Achebe',
    ]);
    assert.deepEqual(
      into.attachments.map((a) => a.filename),
      ['router.txt'],
    );
    const conversation = (await messagesOf(tech, target.id)).map((m) => m.body);
    assert.deepEqual(conversation.slice(0, 2), ['Still down', 'Checking']);
    assert.match(conversation.at(-1)!, new RegExp(`#${source.id}.*merged into this ticket`));
    const left = await messagesOf(tech, source.id);
    assert.equal(left.length, 1);
    assert.equal(left[0]!.authorKind, 'system');
    assert.match(left[0]!.body, new RegExp(`merged into #${target.id}`));
    // Dana, who raised the merged ticket, now follows the target.
    assert.equal((await dana.get(`/api/v1/tickets/${target.id}`)).statusCode, 200);
    // The lines are kept as messages: Dana, who reads German, sees them in German, with the same numbers.
    await w.t.db
      .updateTable('contacts')
      .set({ language: 'de' })
      .where('email', '=', 'standard@acme.example')
      .execute();
    try {
      const german = (await messagesOf(dana, target.id)).filter((m) => m.authorKind === 'system');
      assert.deepEqual(
        german.map((m) => m.body),
        [`#${source.id} („${source.subject}“) wurde mit diesem Ticket zusammengeführt.`],
      );
      assert.match(german[0]!.bodyHtml, /wurde mit diesem Ticket zusammengeführt/);
      const leftGerman = await messagesOf(dana, source.id);
      assert.equal(
        leftGerman[0]!.body,
        `Dieses Ticket wurde mit #${target.id} zusammengeführt; die Unterhaltung geht dort weiter.`,
      );
    } finally {
      await w.t.db
        .updateTable('contacts')
        .set({ language: null })
        .where('email', '=', 'standard@acme.example')
        .execute();
    }
    // A reply to the merged ticket is pointed at the one it went into.
    const late = await dana.post(`/api/v1/tickets/${source.id}/messages`, { body: 'Any news?' });
    assert.equal(late.statusCode, 409);
    assert.match(errorOf(late).message, new RegExp(`#${target.id}`));
    assert.equal(errorOf(late).reason, 'ticket_merged');

    const again = await tech.post(`/api/v1/tickets/${source.id}/merge`, { intoTicketId: target.id });
    assert.equal(again.statusCode, 409);
    assert.equal(errorOf(again).reason, 'ticket_merged');
    const third = await createTicket(alice, { subject: 'Third' });
    const intoMerged = await tech.post(`/api/v1/tickets/${third.id}/merge`, { intoTicketId: source.id });
    assert.equal(intoMerged.statusCode, 400);
    const audits = await w.t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'ticket.merged')
      .execute();
    assert.equal(audits.length, 1);
    assert.deepEqual(JSON.parse(audits[0]!.details), { intoTicketId: target.id });
  });
});
