import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { conflictReasons } from '../../shared/errors.ts';
import { message } from '../../shared/i18n/i18n.ts';
import { AppError, errors, errorText } from './errors.ts';

describe('conflict reasons', () => {
  /**
   * Every conflict has a reason because the compiler refuses one without: `errors.conflict` takes the
   * reason as its first, required argument, and AppError's constructor overloads require `{ reason }`
   * with the code `conflict` (and allow it with no other code). The lines marked @ts-expect-error
   * below are checked by `npm run check` (tsc): were a reasonless conflict to compile again, the
   * directive would be unused and tsc would fail.
   */
  test('a conflict cannot be made without a reason from the list (tsc checks the marked lines)', () => {
    const taken = message('errors:conflict.uniqueRace');
    const refused = [
      // @ts-expect-error: a conflict needs a reason
      () => errors.conflict(taken),
      // @ts-expect-error: a conflict needs a reason
      () => new AppError('conflict', taken),
      // @ts-expect-error: a conflict needs a reason
      () => new AppError('conflict', taken, { fields: { name: taken } }),
      // @ts-expect-error: only reasons from the list
      () => errors.conflict('name_in_use', taken),
      // @ts-expect-error: reasons belong to conflicts only
      () => new AppError('not_found', message('errors:notFound.record'), { reason: 'name_taken' }),
    ];
    assert.equal(refused.length, 5);

    const conflict = errors.conflict('name_taken', taken);
    assert.deepEqual([conflict.code, conflict.status, conflict.reason], ['conflict', 409, 'name_taken']);
    const withFields = new AppError('conflict', taken, {
      reason: 'email_taken',
      fields: { email: taken },
    });
    assert.deepEqual([withFields.reason, withFields.fields], ['email_taken', { email: taken }]);
    assert.equal(errors.notFound().reason, undefined);
  });

  test('an error says a catalogue message, never English text (tsc checks the marked lines)', () => {
    const refused = [
      // @ts-expect-error: plain text is not a catalogue message
      () => new AppError('not_found', 'Nothing here.'),
      // @ts-expect-error: plain text is not a catalogue message
      () => errors.forbidden('You may not.'),
      // @ts-expect-error: plain text is not a catalogue message
      () => errors.notFound('That widget'),
      // @ts-expect-error: a field's text too
      () => errors.validation({ name: 'Enter a name.' }),
      // @ts-expect-error: and a conflict's
      () => errors.conflict('name_taken', 'That name is taken.'),
    ];
    assert.equal(refused.length, 5);
    const error = errors.notFound(message('errors:notFound.ticket'));
    assert.equal(error.message, 'That ticket was not found.', 'the English text, for logs');
    assert.equal(errorText(error.text, 'de'), 'Dieses Ticket wurde nicht gefunden.');
    const nested = message('errors:attachments.archive.refused', {
      filename: 'a.zip',
      problem: message('errors:attachments.archive.nestedNotAccepted', { entry: 'b.zip' }),
    });
    assert.equal(
      errorText(nested, 'fr'),
      '« a.zip » n’est pas accepté : il contient une autre archive (« b.zip »), et les archives dans des archives ne sont pas acceptées.',
      'a message inside a message is put in the same language',
    );
  });

  test('the reasons are unique and snake_case', () => {
    assert.equal(new Set(conflictReasons).size, conflictReasons.length);
    for (const reason of conflictReasons) assert.match(reason, /^[a-z]+(_[a-z]+)*$/);
  });

  test('docs/api.md says what each reason means', () => {
    const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
    const missing = conflictReasons.filter((reason) => !doc.includes(`| \`${reason}\``));
    assert.deepEqual(missing, [], 'reasons without a row in the table of docs/api.md');
  });
});
