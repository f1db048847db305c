import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translate } from '../../../shared/i18n/i18n.ts';
import { ticketCreateBody } from '../../../shared/schemas/tickets.ts';
import { initialNewTicket, newTicketProblems, toCreateBody } from './new-ticket-form.ts';

test('an empty form names every missing field, in form order', () => {
  assert.deepEqual(Object.keys(newTicketProblems(initialNewTicket)), ['clientId', 'subject', 'description']);
  const tooLong = newTicketProblems({ ...initialNewTicket, subject: 'x'.repeat(201) }).subject;
  assert.ok(tooLong);
  assert.match(translate('en', tooLong), /at most 200 characters/);
  assert.match(translate('de', tooLong), /200/);
  assert.deepEqual(
    newTicketProblems({ ...initialNewTicket, clientId: 1, subject: ' Printer ', description: 'Jammed' }),
    {},
  );
});

test('the body is what the API accepts; no assignee leaves it to the rules', () => {
  const body = toCreateBody({
    ...initialNewTicket,
    clientId: 3,
    subject: '  Printer jammed ',
    description: 'Paper stuck',
    priority: 'high',
    attachments: [
      {
        id: 8,
        filename: 'a.png',
        contentType: 'image/png',
        sizeBytes: 1,
        url: '/x',
        thumbnailUrl: null,
        internal: false,
        messageId: null,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ],
  });
  assert.deepEqual(body, {
    subject: 'Printer jammed',
    description: 'Paper stuck',
    priority: 'high',
    categoryId: null,
    requesterContactId: null,
    attachmentIds: [8],
    clientId: 3,
  });
  assert.equal('assigneeAccountId' in body, false);
  assert.ok(ticketCreateBody.safeParse(body).success);
  assert.equal(toCreateBody({ ...initialNewTicket, clientId: 3, assigneeAccountId: 5 }).assigneeAccountId, 5);
});

test('a site goes in the body only when one is chosen (it decides the covering contract)', () => {
  const values = { ...initialNewTicket, clientId: 3, subject: 'Scanner', description: 'Offline' };
  assert.equal('siteId' in toCreateBody(values), false);
  const atSite = toCreateBody({ ...values, siteId: 7 });
  assert.equal(atSite.siteId, 7);
  assert.equal(ticketCreateBody.safeParse(atSite).success, true);
});
