import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { stripQuotedText } from './quotes.ts';

describe('stripQuotedText', () => {
  test('drops a Gmail-style attribution and the quoted lines under it', () => {
    const text = [
      'The printer works again, thanks!',
      '',
      'On Mon, 2 Mar 2026 at 10:00, Test IT Support <support@example.com> wrote:',
      '> Please restart the printer.',
      '>',
      '> > Older history',
    ].join('\n');
    assert.equal(stripQuotedText(text), 'The printer works again, thanks!');
  });

  test('an attribution wrapped over two lines is still recognised', () => {
    const text = [
      'Done.',
      '',
      'On Mon, 2 Mar 2026 at 10:00, Test IT Support <',
      'support+t12-0123456789abcdef@example.com> wrote:',
      '',
      'Earlier text without quote marks',
    ].join('\n');
    assert.equal(stripQuotedText(text), 'Done.');
  });

  test('Outlook: "-----Original Message-----" and the From/Sent header block', () => {
    const original = [
      'Still broken.',
      '',
      '-----Original Message-----',
      'From: Support',
      'Sent: Monday',
    ].join('\n');
    assert.equal(stripQuotedText(original), 'Still broken.');
    const headerBlock = [
      'Still broken after the restart.',
      '',
      '________________________________',
      'From: Test IT Support <support@example.com>',
      'Sent: Monday, March 2, 2026 10:00 AM',
      'To: Alice Moreau',
      'Subject: [#12] Printer offline',
      '',
      'Please restart the printer.',
    ].join('\n');
    assert.equal(stripQuotedText(headerBlock), 'Still broken after the restart.');
    const bareHeaders = ['Yes.', 'From: Support <s@example.com>', 'Date: 2 March 2026', 'Quoted'].join('\n');
    assert.equal(stripQuotedText(bareHeaders), 'Yes.');
  });

  test('the signature after "-- " goes', () => {
    assert.equal(stripQuotedText('Thanks\n\n-- \nAlice Moreau\nAcme Manufacturing'), 'Thanks');
  });

  test('quoted lines are dropped wherever they are; the writer’s lines stay in order', () => {
    const text = ['> Can you restart it?', 'Restarted.', '> And the cable?', 'Replaced too.'].join('\n');
    assert.equal(stripQuotedText(text), 'Restarted.\nReplaced too.');
  });

  test('a "From:" line in the middle of text without a Sent/Date header is kept', () => {
    const text = 'From: the warehouse, the scanner fails.\nIt shows error 42.';
    assert.equal(stripQuotedText(text), text);
  });

  test('when stripping would leave nothing, the whole text is kept', () => {
    const onlyQuote = '> everything is quoted\n> here';
    assert.equal(stripQuotedText(onlyQuote), onlyQuote);
    const onlySignature = '-- \nAlice';
    assert.equal(stripQuotedText(onlySignature), onlySignature);
  });

  test('CRLF line ends are read like LF', () => {
    assert.equal(stripQuotedText('Fixed.\r\n\r\nOn Tue, Bob wrote:\r\n> old'), 'Fixed.');
  });

  const line = fc
    .string({ minLength: 1, maxLength: 40 })
    .map((s) => s.replace(/[\r\n\u2028\u2029]/g, ' '))
    .filter(
      (s) =>
        s.trim() !== '' && !s.trim().startsWith('>') && !/^(On|Am|Le|El|Op|Il|From|Von|De)\b/i.test(s.trim()),
    )
    .filter(
      (s) => !/^-{2}/.test(s.trim()) && !/^_{10,}/.test(s.trim()) && !/^\*?(From|Von|De)\s*:/i.test(s.trim()),
    );

  test('property: a reply above an attribution and quoted history comes back as written', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 8 }),
        fc.array(line, { maxLength: 8 }),
        (reply, history) => {
          const text = [
            ...reply,
            '',
            'On Mon, 2 Mar 2026, Support <s@example.com> wrote:',
            ...history.map((h) => `> ${h}`),
          ].join('\n');
          assert.equal(
            stripQuotedText(text),
            reply
              .join('\n')
              .replace(/\n{3,}/g, '\n\n')
              .trim(),
          );
        },
      ),
    );
  });

  test('property: the result is never empty for text with content, and never adds a line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const out = stripQuotedText(text);
        if (text.trim() !== '') assert.notEqual(out, '');
        const inputLines = new Set(
          text
            .replace(/\r\n?/g, '\n')
            .split('\n')
            .map((l) => l.trim()),
        );
        for (const l of out.split('\n'))
          assert.ok(inputLines.has(l.trim()) || l.trim() === '', `invented line ${l}`);
      }),
    );
  });
});
