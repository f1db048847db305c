import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pluralCategories, pluralProblems } from '../../../scripts/plural-rule.ts';

describe('the plural rule of the catalogue check', () => {
  it('knows each language’s categories from Intl.PluralRules, in CLDR’s order whatever the Node.js version', () => {
    assert.deepEqual(pluralCategories('pl'), ['one', 'few', 'many', 'other']);
    assert.deepEqual(
      new Set(pluralCategories('ar')),
      new Set(['zero', 'one', 'two', 'few', 'many', 'other']),
    );
    assert.deepEqual(pluralCategories('en'), ['one', 'other']);
    assert.deepEqual(new Set(pluralCategories('en', 'ordinal')), new Set(['one', 'two', 'few', 'other']));
  });

  it('fails a Polish plural without few', () => {
    const problems = pluralProblems('{count, plural, one {# plik} many {# plików} other {# pliku}}', 'pl');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^\{count, plural\} lacks few \(pl has /);
  });

  it('passes a Polish plural with every category and an exact match', () => {
    const message =
      '{count, plural, =0 {Brak plików} one {# plik} few {# pliki} many {# plików} other {# pliku}}';
    assert.deepEqual(pluralProblems(message, 'pl'), []);
  });

  it('passes an Arabic plural with all six categories', () => {
    const message =
      '{count, plural, zero {لا ملفات} one {ملف واحد} two {ملفان} few {# ملفات} many {# ملفًا} other {# ملف}}';
    assert.deepEqual(pluralProblems(message, 'ar'), []);
    const withoutTwo =
      '{count, plural, zero {لا ملفات} one {ملف واحد} few {# ملفات} many {# ملفًا} other {# ملف}}';
    assert.deepEqual(pluralProblems(withoutTwo, 'ar').length, 1);
  });

  it('fails an English plural with few, a category English never selects', () => {
    const problems = pluralProblems('{count, plural, one {# file} few {# files} other {# files}}', 'en');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /has few, which en never selects/);
  });

  it('checks selectordinal against the ordinal categories', () => {
    const english = '{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}';
    assert.deepEqual(pluralProblems(english, 'en'), []);
    assert.match(
      pluralProblems('{n, selectordinal, one {#st} two {#nd} other {#th}}', 'en')[0]!,
      /lacks few/,
    );
    // German ordinals have only `other`: a `one` there is dead text.
    assert.match(
      pluralProblems('{n, selectordinal, one {#.} other {#.}}', 'de')[0]!,
      /has one, which de never/,
    );
  });

  it('checks plurals nested in select, plural and tag cases', () => {
    const inSelect =
      '{count, plural, one {# plik} few {# pliki} many {# plików} other {# pliku}} ' +
      '{unit, select, seconds {{s, plural, one {# sekunda} many {# sekund} other {# sekundy}}} ' +
      'other {<b>{m, plural, one {# minuta} few {# minuty} other {# minuty}}</b>}}';
    assert.deepEqual(pluralProblems(inSelect, 'pl'), [
      '{s, plural} lacks few (pl has one, few, many, other)',
      '{m, plural} lacks many (pl has one, few, many, other)',
    ]);
    const inPlural =
      '{a, plural, one {{b, plural, one {x} other {y}}} other {{b, plural, one {x} few {z} other {y}}}}';
    assert.deepEqual(pluralProblems(inPlural, 'en'), [
      '{b, plural} has few, which en never selects (en has one, other)',
    ]);
  });

  it('passes the real catalogues', () => {
    const locales = path.join(import.meta.dirname, 'locales');
    const found: string[] = [];
    let plurals = 0;
    for (const language of readdirSync(locales)) {
      for (const file of readdirSync(path.join(locales, language))) {
        const catalogue = JSON.parse(readFileSync(path.join(locales, language, file), 'utf8')) as Record<
          string,
          string
        >;
        for (const [key, message] of Object.entries(catalogue)) {
          if (message.includes('plural,') || message.includes('selectordinal,')) plurals++;
          for (const problem of pluralProblems(message, language))
            found.push(`${language}/${file} ${key}: ${problem}`);
        }
      }
    }
    assert.ok(plurals > 0, 'the catalogues hold plural messages');
    assert.deepEqual(found, []);
  });
});
