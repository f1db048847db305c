import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { defaultNotificationPrefs } from '../../../shared/schemas/profile.ts';
import type { MessageForEmail, TicketForEmail } from '../tickets/contracts.ts';
import { forMessage, forStatusChange, forTicketCreated, honouringPrefs } from './recipients.ts';

const contact = (id: number, accountId: number | null = 100 + id) => ({
  accountId,
  contactId: id,
  name: `Contact ${id}`,
  email: `c${id}@client.example`,
});
const staff = (accountId: number) => ({
  accountId,
  contactId: null,
  name: `Staff ${accountId}`,
  email: `s${accountId}@provider.example`,
});
const managers = [staff(1), staff(2), staff(3)].map(({ accountId, name, email }) => ({
  accountId,
  name,
  email,
}));

function ticket(overrides: Partial<TicketForEmail> = {}): TicketForEmail {
  return {
    id: 7,
    clientId: 1,
    clientName: 'Acme',
    subject: 'Printer',
    status: 'open',
    priority: 'medium',
    requester: contact(1),
    assignee: null,
    staffWatchers: [],
    contactWatchers: [],
    ...overrides,
  };
}

function message(overrides: Partial<MessageForEmail> = {}): MessageForEmail {
  return {
    id: 1,
    ticketId: 7,
    authorKind: 'staff',
    authorAccountId: 2,
    authorContactId: null,
    authorName: 'Staff 2',
    body: 'Hello',
    internal: false,
    createdAt: '2026-03-02T09:00:00.000Z',
    attachments: [],
    ...overrides,
  };
}

const emails = (list: { email: string }[]) => list.map((r) => r.email).sort();

describe('who is told', () => {
  test('a new ticket: the requester, and the assignee or else every manager but its creator', () => {
    assert.deepEqual(emails(forTicketCreated(ticket(), { createdByAccountId: 101, managers })), [
      'c1@client.example',
      's1@provider.example',
      's2@provider.example',
      's3@provider.example',
    ]);
    assert.deepEqual(
      emails(forTicketCreated(ticket({ assignee: staff(3) }), { createdByAccountId: 2, managers })),
      ['c1@client.example', 's3@provider.example'],
    );
    assert.deepEqual(
      emails(forTicketCreated(ticket(), { createdByAccountId: 2, managers })),
      ['c1@client.example', 's1@provider.example', 's3@provider.example'],
      'staff who open a ticket for a client are not told of it',
    );
  });

  test('a client reply goes to followers, else to managers; never to its author', () => {
    const reply = message({
      authorKind: 'contact',
      authorAccountId: 101,
      authorContactId: 1,
      authorName: 'C1',
    });
    const t = ticket({ contactWatchers: [contact(2)] });
    assert.deepEqual(emails(forMessage(t, reply, { managers })), [
      'c2@client.example',
      's1@provider.example',
      's2@provider.example',
      's3@provider.example',
    ]);
    assert.deepEqual(emails(forMessage({ ...t, staffWatchers: [staff(3)] }, reply, { managers })), [
      'c2@client.example',
      's3@provider.example',
    ]);
    // Someone writing without a login is known by their contact id.
    const noLogin = ticket({ requester: contact(5, null) });
    const byEmail = message({ authorKind: 'contact', authorAccountId: null, authorContactId: 5 });
    assert.ok(!emails(forMessage(noLogin, byEmail, { managers })).includes('c5@client.example'));
  });

  test('one email per address; kinds follow the audience', () => {
    const t = ticket({ contactWatchers: [contact(1)], assignee: staff(3), staffWatchers: [staff(3)] });
    const list = forMessage(t, message(), { managers });
    assert.deepEqual(
      list.map((r) => [r.email, r.audience, r.kind]),
      [
        ['c1@client.example', 'contact', 'ticketReplies'],
        ['s3@provider.example', 'staff', 'ticketUpdates'],
      ],
    );
  });

  test('status changes go to contacts only, not to whoever made them; resolved has its own kind', () => {
    const t = ticket({ contactWatchers: [contact(2)], assignee: staff(3) });
    const resolved = forStatusChange(t, { from: 'open', to: 'resolved', actorAccountId: 3 });
    assert.deepEqual(
      resolved.map((r) => [r.email, r.kind]),
      [
        ['c1@client.example', 'ticketResolved'],
        ['c2@client.example', 'ticketResolved'],
      ],
    );
    assert.deepEqual(emails(forStatusChange(t, { from: 'resolved', to: 'closed', actorAccountId: 101 })), [
      'c2@client.example',
    ]);
    assert.deepEqual(forStatusChange(t, { from: 'open', to: 'open', actorAccountId: null }), []);
  });

  test('choices: an account that switched a kind off is left out; no login means the defaults', () => {
    const list = forMessage(ticket({ contactWatchers: [contact(2, null)] }), message(), { managers });
    const kept = honouringPrefs(list, (id) =>
      id === 101 ? { ...defaultNotificationPrefs, ticketReplies: false } : undefined,
    );
    assert.deepEqual(emails(kept), ['c2@client.example']);
  });

  const party = fc.record({
    accountId: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
    contactId: fc.integer({ min: 1, max: 40 }),
    name: fc.string(),
    email: fc.emailAddress(),
  });
  const staffParty = fc.record({
    accountId: fc.integer({ min: 1, max: 40 }),
    contactId: fc.constant(null),
    name: fc.string(),
    email: fc.emailAddress(),
  });

  test('property: an internal note never reaches a contact, whoever is on the ticket', () => {
    fc.assert(
      fc.property(
        fc.option(party, { nil: null }),
        fc.array(party, { maxLength: 5 }),
        fc.option(staffParty, { nil: null }),
        fc.array(staffParty, { maxLength: 5 }),
        fc.constantFrom<'staff' | 'contact' | 'system'>('staff', 'contact', 'system'),
        (requester, contactWatchers, assignee, staffWatchers, authorKind) => {
          const t = ticket({ requester, contactWatchers, assignee, staffWatchers });
          const contactEmails = new Set([requester, ...contactWatchers].filter(Boolean).map((p) => p!.email));
          const list = forMessage(t, message({ internal: true, authorKind }), { managers });
          for (const r of list) {
            assert.equal(r.audience, 'staff');
            assert.ok(r.contactId === null);
            assert.ok(
              !contactEmails.has(r.email) || [assignee, ...staffWatchers].some((s) => s?.email === r.email),
            );
          }
        },
      ),
    );
  });
});
