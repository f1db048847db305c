import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type Catalogue, type LanguageResources, type WebNamespace, webNamespaces } from './resources.ts';
import { bindFormat } from './use-format.ts';
import { chooseLanguage, createWebI18n, switchLanguage } from './web-i18n.ts';

const locales = path.resolve(import.meta.dirname, '../../../shared/i18n/locales');
const read = (language: string, ns: WebNamespace): Catalogue =>
  JSON.parse(readFileSync(path.join(locales, language, `${ns}.json`), 'utf8')) as Catalogue;
const english = Object.fromEntries(webNamespaces.map((ns) => [ns, read('en', ns)])) as LanguageResources;

describe('the web app’s language', () => {
  it('is the signed-in person’s, else the browser’s, else the organisation’s', () => {
    const org = 'fr';
    assert.equal(
      chooseLanguage({ signedInLanguage: 'pl', browserLanguages: ['de-AT'], organisationLanguage: org }),
      'pl',
    );
    assert.equal(
      chooseLanguage({
        signedInLanguage: null,
        browserLanguages: ['de-AT', 'en'],
        organisationLanguage: org,
      }),
      'de',
    );
    assert.equal(
      chooseLanguage({ signedInLanguage: null, browserLanguages: ['ja', 'zh'], organisationLanguage: org }),
      'fr',
    );
    assert.equal(
      chooseLanguage({ signedInLanguage: 'xx', browserLanguages: [], organisationLanguage: 'xx' }),
      'en',
    );
    assert.equal(
      chooseLanguage({ signedInLanguage: null, browserLanguages: ['en-XA'], organisationLanguage: org }),
      'en-XA',
    );
  });

  it('loads only the language asked for, keeps English as the fallback, and switches', async () => {
    const asked: string[] = [];
    const source = async (language: string, ns: WebNamespace) => {
      asked.push(`${language}/${ns}`);
      return read(language, ns);
    };
    const i18n = createWebI18n(english);
    assert.equal(i18n.t('ui:boot.loading'), 'Loading');
    await switchLanguage(i18n, 'de', source, english);
    assert.equal(i18n.t('ui:boot.loading'), 'Wird geladen');
    assert.ok(asked.every((a) => a.startsWith('de/')) && asked.length === webNamespaces.length);
    i18n.addResourceBundle('en', 'ui', { 'test.onlyEnglish': 'Fallback' }, true, true);
    assert.equal(i18n.t('ui:test.onlyEnglish'), 'Fallback');
    await switchLanguage(i18n, 'ar', source, english);
    assert.equal(i18n.language, 'ar');
    assert.equal(i18n.t('ui:boot.loading'), 'جارٍ التحميل');
  });

  it('makes the pseudo-locale from English, without fetching', async () => {
    const i18n = createWebI18n(english);
    await switchLanguage(i18n, 'en-XA', async () => assert.fail('nothing is fetched'), english);
    assert.match(i18n.t('ui:boot.loading'), /^⟦Ļöáðîñĝ ·+⟧$/);
  });

  it('puts Arabic and Polish plurals through ICU', async () => {
    const i18n = createWebI18n(english);
    const source = async (language: string, ns: WebNamespace) => read(language, ns);
    await switchLanguage(i18n, 'pl', source, english);
    const format = bindFormat(
      { language: 'pl', timeZone: 'Europe/Warsaw', dateFormat: 'DD.MM.YYYY', currency: 'PLN' },
      (key, params) => i18n.t(key, params ?? {}),
    );
    const now = new Date('2026-12-07T10:00:00Z');
    assert.equal(format.slaClock(new Date(now.getTime() - 3 * 86_400_000), now), 'przekroczono 3 dni temu');
    assert.equal(format.date('2026-12-07T23:30:00Z'), '08.12.2026');
    assert.equal(format.date(null), '');
    assert.match(format.money(12345), /^123,45\s*zł$/);
  });
});

describe('a shared schema’s own messages in the web app', () => {
  it('are catalogue keys, put in the page’s language with their bounds', async () => {
    const { ticketCreateBody } = await import('../../../shared/schemas/tickets.ts');
    const { webI18n } = await import('./instance.ts');
    const { schemaText } = await import('./server-text.ts');
    const parsed = ticketCreateBody.safeParse({ subject: 's'.repeat(201), description: ' ' });
    assert.equal(parsed.success, false);
    const issue = (field: string) => parsed.error?.issues.find((i) => i.path[0] === field);
    const subject = issue('subject');
    const description = issue('description');
    assert.ok(subject && description);
    assert.equal(subject.message, 'errors:validation.maxChars');
    assert.equal(schemaText(subject.message, subject), 'Use at most 200 characters');
    assert.equal(schemaText(description.message, description), 'Enter a description');
    await switchLanguage(webI18n, 'de', async (language, ns) => read(language, ns), english);
    assert.equal(schemaText(subject.message, subject), 'Höchstens 200 Zeichen');
    assert.equal(schemaText(description.message, description), 'Geben Sie eine Beschreibung ein');
    assert.equal(schemaText('Some words from the server'), 'Some words from the server');
    await switchLanguage(webI18n, 'en', async (language, ns) => read(language, ns), english);
  });
});
