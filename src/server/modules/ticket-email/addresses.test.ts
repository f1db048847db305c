import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { translate } from '../../../shared/i18n/i18n.ts';
import {
  messageIdsIn,
  readReplyAddress,
  readThreadRoot,
  replyAddress,
  splitAddress,
  threadRoot,
} from './addresses.ts';
import { autoReplyReason } from './auto-reply.ts';

const SECRET = 'a-test-secret-of-enough-length-0123456789';
const OTHER = 'another-installation-secret-0123456789abc';

describe('signed reply addresses', () => {
  test('support@example.com gets a tag naming the ticket, and reads back', () => {
    const address = replyAddress(SECRET, 'support@example.com', 123);
    assert.match(address, /^support\+t123-[0-9a-f]{16}@example\.com$/);
    assert.deepEqual(readReplyAddress(SECRET, address), { ticketId: 123, valid: true });
    // Mail systems may change the case of the local part; the signature still holds.
    assert.deepEqual(readReplyAddress(SECRET, address.toUpperCase()), { ticketId: 123, valid: true });
  });

  test('an existing +tag of the mailbox is replaced, the domain lower-cased', () => {
    assert.match(replyAddress(SECRET, 'help+desk@Example.COM', 7), /^help\+t7-[0-9a-f]{16}@example\.com$/);
  });

  test('another ticket number, another secret or a changed signature is not valid', () => {
    const address = replyAddress(SECRET, 'support@example.com', 123);
    const sig = /-([0-9a-f]{16})@/.exec(address)![1]!;
    assert.deepEqual(readReplyAddress(SECRET, `support+t124-${sig}@example.com`), {
      ticketId: 124,
      valid: false,
    });
    assert.deepEqual(readReplyAddress(OTHER, address), { ticketId: 123, valid: false });
    const flipped = `${sig.slice(0, 15)}${sig[15] === '0' ? '1' : '0'}`;
    assert.deepEqual(readReplyAddress(SECRET, `support+t123-${flipped}@example.com`), {
      ticketId: 123,
      valid: false,
    });
    assert.deepEqual(readReplyAddress(SECRET, 'support+t123-abc@example.com'), {
      ticketId: 123,
      valid: false,
    });
  });

  test('addresses without a ticket tag are not replies', () => {
    assert.equal(readReplyAddress(SECRET, 'support@example.com'), null);
    assert.equal(readReplyAddress(SECRET, 'support+sales@example.com'), null);
    assert.equal(readReplyAddress(SECRET, 'not an address'), null);
    assert.equal(readReplyAddress(SECRET, 'support+t0-0123456789abcdef@example.com'), null);
  });

  test('property: every ticket id round-trips, and only under its own id and secret', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_147_483_647 }),
        fc.integer({ min: 1, max: 2_147_483_647 }),
        (a, b) => {
          const address = replyAddress(SECRET, 'support@example.com', a);
          assert.deepEqual(readReplyAddress(SECRET, address), { ticketId: a, valid: true });
          assert.equal(readReplyAddress(OTHER, address)?.valid, false);
          if (a !== b) {
            const forged = address.replace(`+t${a}-`, `+t${b}-`);
            assert.equal(readReplyAddress(SECRET, forged)?.valid, false);
          }
        },
      ),
    );
  });

  test('splitAddress', () => {
    assert.deepEqual(splitAddress('A.B@Example.com'), { local: 'A.B', domain: 'example.com' });
    assert.equal(splitAddress('@example.com'), null);
    assert.equal(splitAddress('nobody@'), null);
  });
});

describe('thread roots', () => {
  test('a ticket’s root Message-ID is stable, signed and reads back', () => {
    const root = threadRoot(SECRET, 'portal.example.com', 42);
    assert.equal(root, threadRoot(SECRET, 'portal.example.com', 42));
    assert.match(root, /^<ticket-42\.[0-9a-f]{16}@portal\.example\.com>$/);
    assert.equal(readThreadRoot(SECRET, root), 42);
    assert.equal(readThreadRoot(OTHER, root), null);
    assert.equal(readThreadRoot(SECRET, root.replace('ticket-42.', 'ticket-43.')), null);
    assert.equal(readThreadRoot(SECRET, '<abc@portal.example.com>'), null);
  });

  test('Message-IDs are read from References and In-Reply-To values', () => {
    assert.deepEqual(messageIdsIn('<a@x> <b@y>\r\n <a@x>'), ['<a@x>', '<b@y>']);
    assert.deepEqual(messageIdsIn(['<a@x>', '<c@z>']), ['<a@x>', '<c@z>']);
    assert.deepEqual(messageIdsIn(undefined), []);
  });
});

describe('automatic replies and bounces', () => {
  const check = (
    headers: Record<string, unknown>,
    from = 'alice@acme.example',
    envelopeFrom: string | null = null,
  ) => {
    const why = autoReplyReason({
      headers: new Map(Object.entries(headers)),
      fromAddress: from,
      envelopeFrom,
    });
    return why && translate('en', why);
  };

  test('a person’s email is not automatic', () => {
    assert.equal(check({ subject: 'Hello', 'return-path': '<alice@acme.example>' }), null);
    assert.equal(check({ 'auto-submitted': 'no' }), null);
  });

  test('Auto-Submitted, X-Autoreply, Precedence and list headers mark automatic mail', () => {
    assert.match(check({ 'auto-submitted': 'auto-replied' }) ?? '', /Auto-Submitted: auto-replied/);
    assert.match(check({ 'x-autoreply': 'yes' }) ?? '', /X-Autoreply/);
    for (const p of ['bulk', 'auto_reply', 'junk', 'list'])
      assert.match(check({ precedence: p }) ?? '', /Precedence/);
    assert.match(check({ 'list-id': '<news.example.com>' }) ?? '', /List-Id/);
    const why = autoReplyReason({
      headers: new Map([['precedence', 'bulk']]),
      fromAddress: 'a@b.example',
      envelopeFrom: null,
    });
    assert.equal(why && translate('de', why), 'Automatische oder Massen-E-Mail (Precedence: bulk)');
  });

  test('bounces: empty sender, mail server senders, delivery reports', () => {
    assert.match(check({}, 'alice@acme.example', '') ?? '', /empty envelope sender/);
    assert.match(check({ 'return-path': '<>' }) ?? '', /empty Return-Path/);
    assert.match(check({}, 'MAILER-DAEMON@mx.acme.example') ?? '', /robot/);
    assert.match(
      check({ 'content-type': { value: 'multipart/report', params: {} } }) ?? '',
      /Delivery report/,
    );
  });
});
