/**
 * The seam other modules use (contracts.ts TicketsAccess), tested against a tickets service built with
 * recording fakes for the domain events it publishes and for attachments, so the calls across the seam
 * are checked too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { message } from '../../../shared/i18n/i18n.ts';
import type { TicketStatus } from '../../../shared/schemas/tickets.ts';
import type { BusEvent } from '../../platform/events.ts';
import type { PorticoDomainEvents } from '../domain-events.ts';
import { supportConfigDirectory } from '../support-config/support-config.directory.ts';
import type { AttachmentsService } from './contracts.ts';
import { TICKETS_CHANNEL } from './live.ts';
import {
  createTicket,
  getTicket,
  patchTicket,
  postMessage,
  type TicketsWorld,
  ticketsWorld,
} from './test-helpers.ts';
import { createTicketsService, type TicketsService } from './tickets.service.ts';

const DAY = 86_400_000;

type Call = [string, ...unknown[]];

describe('TicketsAccess (the seam for email and attachments)', () => {
  let w: TicketsWorld;
  let tickets: TicketsService;
  const calls: Call[] = [];
  const stored: { filename: string; ticketId: number; messageId: number | null }[] = [];
  const published: BusEvent[] = [];
  let unsubscribe: () => void;

  before(async () => {
    w = await ticketsWorld();
    const domainEvents: PorticoDomainEvents = {
      ...w.t.services.deps.domainEvents,
      async publish(_db, name, payload) {
        if (name === 'ticket.created' && 'ticketId' in payload)
          calls.push(['ticketCreated', payload.ticketId]);
        if (name === 'ticket.replied' && 'messageId' in payload) {
          calls.push(['messagePosted', payload.ticketId, payload.messageId]);
        }
        if (name === 'ticket.status-changed' && 'ticketId' in payload && 'from' in payload) {
          calls.push(['statusChanged', payload.ticketId, payload.from, payload.to]);
        }
        return 0;
      },
    };
    const attachments: AttachmentsService = {
      async linkPending() {},
      async storeAttached(_db, input) {
        if (input.filename.endsWith('.exe')) {
          return {
            rejected: message('errors:attachments.type.kindNotAccepted', {
              filename: input.filename,
              type: 'EXE',
            }),
          };
        }
        stored.push({ filename: input.filename, ticketId: input.ticketId, messageId: input.messageId });
        return { id: stored.length };
      },
      async listForTickets() {
        return [];
      },
      async moveToTicket() {},
    };
    tickets = createTicketsService({
      ...w.t.services.deps,
      domainEvents,
      attachments,
      supportConfig: supportConfigDirectory,
    });
    unsubscribe = w.t.services.events.subscribe(TICKETS_CHANNEL, (e) => {
      published.push(e);
    });
  });
  after(async () => {
    unsubscribe();
    await w.t.close();
  });

  test('visibleTicket: the ticket for those who may see it, 404 for everyone else', async () => {
    const alice = await w.as('primary@acme.example');
    const ticket = await createTicket(alice, { subject: 'Seam probe' });
    const db = w.t.db;
    const techActor = (await w.t.services.auth.resolve(
      (
        await w.as('tech@portico.example')
      ).sessionCookie!,
    )) as {
      actor: Parameters<TicketsService['visibleTicket']>[1];
    };
    assert.deepEqual(await tickets.visibleTicket(db, techActor.actor, ticket.id), {
      id: ticket.id,
      clientId: w.acmeId,
      status: 'new',
    });
    for (const email of ['primary@birchwood.example', 'readonly@acme.example']) {
      const resolved = (await w.t.services.auth.resolve((await w.as(email)).sessionCookie!)) as {
        actor: Parameters<TicketsService['visibleTicket']>[1];
      };
      await assert.rejects(
        tickets.visibleTicket(db, resolved.actor, ticket.id),
        (e: Error & { status?: number }) => {
          assert.equal(e.status, 404);
          return true;
        },
      );
    }
  });

  test('createFromEmail: a ticket from the contact, attachments stored, rejected ones noted internally, idempotent', async () => {
    calls.length = 0;
    stored.length = 0;
    const contactId = await w.contactId('standard@acme.example');
    const input = {
      clientId: w.acmeId,
      contactId,
      subject: '  Scanner   jammed  ',
      body: 'The scanner jammed again.',
      emailMessageId: '<scan-1@mail.example>',
      attachments: [
        { filename: 'photo.png', contentType: 'image/png', data: Buffer.from('png') },
        { filename: 'virus.exe', contentType: null, data: Buffer.from('MZ') },
      ],
    };
    const { ticketId } = await w.t.db.transaction().execute((trx) => tickets.createFromEmail(trx, input));
    const again = await w.t.db.transaction().execute((trx) => tickets.createFromEmail(trx, input));
    assert.equal(again.ticketId, ticketId, 'the same email never opens two tickets');
    const detail = await getTicket(await w.as('tech@portico.example'), ticketId);
    assert.equal(detail.subject, 'Scanner jammed');
    assert.equal(detail.source, 'email');
    assert.equal(detail.requesterContactId, contactId);
    assert.equal(detail.status, 'new');
    assert.deepEqual(stored, [{ filename: 'photo.png', ticketId, messageId: null }]);
    const notes = await w.t.db
      .selectFrom('ticket_messages')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .execute();
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.internal, 1);
    assert.match(notes[0]!.body, /virus\.exe/);
    assert.deepEqual(calls, [['ticketCreated', ticketId]]);
    // Another client's contact is refused.
    await assert.rejects(
      w.t.db.transaction().execute((trx) =>
        tickets.createFromEmail(trx, {
          ...input,
          clientId: w.birchId,
          emailMessageId: '<other@mail.example>',
        }),
      ),
    );
  });

  test('forEmail and messageForEmail: the people and the message an email is about', async () => {
    const tech = await w.as('tech@portico.example');
    const alice = await w.as('primary@acme.example');
    const ticket = await createTicket(alice, { subject: 'Email parties' });
    const techId = await w.accountId('tech@portico.example');
    await patchTicket(tech, ticket.id, { assigneeAccountId: techId });
    await tech.post(`/api/v1/tickets/${ticket.id}/watchers`, {
      contactId: await w.contactId('standard@acme.example'),
    });
    await tech.post(`/api/v1/tickets/${ticket.id}/watchers`, {
      staffAccountId: await w.accountId('admin@portico.example'),
    });
    const info = await tickets.forEmail(w.t.db, ticket.id);
    assert.ok(info);
    assert.equal(info.clientName, 'Acme Manufacturing');
    assert.equal(info.requester?.email, 'primary@acme.example');
    assert.equal(info.requester?.contactId, await w.contactId('primary@acme.example'));
    assert.equal(info.requester?.accountId, await w.accountId('primary@acme.example'));
    assert.equal(info.assignee?.accountId, techId);
    assert.deepEqual(
      info.contactWatchers.map((p) => p.email),
      ['standard@acme.example'],
    );
    assert.deepEqual(
      info.staffWatchers.map((p) => p.email),
      ['admin@portico.example'],
    );
    assert.equal(await tickets.forEmail(w.t.db, 999_999), null);

    const note = await postMessage(tech, ticket.id, { body: 'internal bit', internal: true });
    const m = await tickets.messageForEmail(w.t.db, note.id);
    assert.equal(m?.internal, true);
    assert.equal(m?.authorKind, 'staff');
    assert.equal(m?.authorAccountId, techId);
    assert.equal(await tickets.messageForEmail(w.t.db, 999_999), null);
  });

  test('replyFromEmail: waiting on client goes back to Open; idempotent; merged follows; closed past the window opens a new ticket', async () => {
    const tech = await w.as('tech@portico.example');
    const alice = await w.as('primary@acme.example');
    const aliceId = await w.contactId('primary@acme.example');
    const ticket = await createTicket(alice, { subject: 'Email reply probe' });
    await postMessage(tech, ticket.id, { body: 'Which model?', status: 'waiting-on-client' });
    calls.length = 0;
    stored.length = 0;
    const input = {
      ticketId: ticket.id,
      contactId: aliceId,
      body: 'The big one.',
      emailMessageId: '<reply-1@mail.example>',
      attachments: [{ filename: 'model.jpg', contentType: 'image/jpeg', data: Buffer.from('jpg') }],
    };
    const first = await w.t.db.transaction().execute((trx) => tickets.replyFromEmail(trx, input));
    assert.equal(first.ticketId, ticket.id);
    assert.ok(first.messageId);
    const again = await w.t.db.transaction().execute((trx) => tickets.replyFromEmail(trx, input));
    assert.deepEqual(again, first, 'a re-delivered email is added once');
    assert.equal((await getTicket(tech, ticket.id)).status, 'open');
    assert.deepEqual(stored, [{ filename: 'model.jpg', ticketId: ticket.id, messageId: first.messageId }]);
    assert.deepEqual(calls, [
      ['statusChanged', ticket.id, 'waiting-on-client' satisfies TicketStatus, 'open' satisfies TicketStatus],
      ['messagePosted', ticket.id, first.messageId],
    ]);
    const row = await w.t.db
      .selectFrom('ticket_messages')
      .selectAll()
      .where('id', '=', first.messageId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.source, row.author_kind, row.author_contact_id, row.email_message_id],
      ['email', 'contact', aliceId, '<reply-1@mail.example>'],
    );

    // Another client's contact cannot reply into this ticket.
    const foreignContact = await w.contactId('primary@birchwood.example');
    await assert.rejects(
      w.t.db.transaction().execute((trx) =>
        tickets.replyFromEmail(trx, {
          ...input,
          contactId: foreignContact,
          emailMessageId: '<foreign@mail.example>',
        }),
      ),
    );

    // Closed long ago: a new ticket, linked in its description.
    await patchTicket(tech, ticket.id, { status: 'closed' });
    w.t.clock.advance(20 * DAY);
    w.forgetSessions();
    const late = await w.t.db.transaction().execute((trx) =>
      tickets.replyFromEmail(trx, {
        ...input,
        emailMessageId: '<reply-late@mail.example>',
        attachments: [],
      }),
    );
    assert.notEqual(late.ticketId, ticket.id);
    assert.equal(late.messageId, null);
    const fresh = await getTicket(await w.as('tech@portico.example'), late.ticketId);
    assert.equal(fresh.subject, 'Email reply probe');
    assert.match(fresh.description, new RegExp(`#${ticket.id}`));
    const lateAgain = await w.t.db.transaction().execute((trx) =>
      tickets.replyFromEmail(trx, {
        ...input,
        emailMessageId: '<reply-late@mail.example>',
        attachments: [],
      }),
    );
    assert.equal(lateAgain.ticketId, late.ticketId);
  });

  test('publishAfterCommit: events on the tickets channel with who may hear of them', async () => {
    const alice = await w.as('primary@acme.example');
    const ticket = await createTicket(alice, { subject: 'Publish probe' });
    published.length = 0;
    await tickets.publishAfterCommit([{ type: 'ticket.message', ticketId: ticket.id }]);
    assert.deepEqual(published, [
      {
        type: 'ticket.message',
        clientId: w.acmeId,
        data: {
          ticketId: ticket.id,
          internal: false,
          requesterContactId: await w.contactId('primary@acme.example'),
          contactWatcherIds: [],
        },
      },
    ]);
  });
});
