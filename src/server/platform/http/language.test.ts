import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { translate } from '../../../shared/i18n/i18n.ts';
import { negotiateLanguage } from '../../../shared/i18n/languages.ts';
import { Client, createTestApp, errorOf, OWNER, setUp, type TestApp } from '../../test/harness.ts';

describe('error messages follow the request’s language; codes and reasons do not', () => {
  let t: TestApp;
  let owner: Client;
  before(async () => {
    t = await createTestApp();
    owner = await setUp(t);
  });
  after(() => t.close());

  test('Accept-Language: de gives the German message with the same code', async () => {
    const english = await t.app.inject({ method: 'GET', url: '/api/v1/profile' });
    const german = await t.app.inject({
      method: 'GET',
      url: '/api/v1/profile',
      headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' },
    });
    assert.equal(english.statusCode, 401);
    assert.equal(german.statusCode, 401);
    assert.equal(errorOf(english).code, 'unauthenticated');
    assert.equal(errorOf(german).code, 'unauthenticated');
    assert.equal(errorOf(english).message, 'Sign in to continue.');
    assert.equal(errorOf(german).message, 'Melden Sie sich an, um fortzufahren.');
    assert.equal(german.headers['content-language'], 'de');
  });

  test('a wrong password in Arabic keeps invalid_credentials', async () => {
    const res = await new Client(t.app).post(
      '/api/v1/auth/login',
      { email: OWNER.email, password: 'not the password', remember: false },
      { headers: { 'accept-language': 'ar' } },
    );
    assert.equal(res.statusCode, 401);
    assert.equal(errorOf(res).code, 'invalid_credentials');
    assert.equal(errorOf(res).message, 'البريد الإلكتروني أو كلمة المرور غير صحيحة.');
  });

  test('validation messages and zod’s own field messages are translated; fields keep their names', async () => {
    const res = await owner.request('PATCH', '/api/v1/settings', {
      body: { lockoutThreshold: 'many', clientId: 7 },
      headers: { 'accept-language': 'fr' },
    });
    assert.equal(res.statusCode, 400);
    const error = errorOf(res);
    assert.equal(error.code, 'validation_failed');
    assert.equal(error.message, 'Le corps de la requête contient des champs à corriger.');
    assert.equal(error.fields?.clientId, 'Ce champ n’est pas accepté ici.');
    assert.ok(error.fields?.lockoutThreshold, 'the bad field is named');
  });

  test('zod’s own messages come in German and Arabic, and stay English in the pseudo-locale', async () => {
    const ask = (language: string, query: string) =>
      owner.request('GET', `/api/v1/clients?${query}`, { headers: { 'accept-language': language } });
    const tooBig = async (language: string) => errorOf(await ask(language, 'limit=500')).fields?.limit;
    const notANumber = async (language: string) => errorOf(await ask(language, 'limit=many')).fields?.limit;
    assert.equal(await tooBig('en'), 'Too big: expected number to be <=100');
    assert.equal(await tooBig('de'), 'Zu groß: erwartet, dass number <=100 ist');
    assert.equal(await tooBig('ar'), 'أكبر من اللازم: يفترض أن تكون number <= 100');
    assert.equal(await tooBig('en-XA'), 'Too big: expected number to be <=100');
    assert.equal(await notANumber('en'), 'Invalid input: expected number, received NaN');
    assert.equal(await notANumber('de'), 'Ungültige Eingabe: erwartet Zahl, erhalten NaN');
    assert.equal(await notANumber('ar'), 'مدخلات غير مقبولة: يفترض إدخال number، ولكن تم إدخال NaN');
    for (const language of ['fr', 'es', 'pl']) {
      const text = await tooBig(language);
      assert.ok(text && text !== (await tooBig('en')), `${language} has zod’s own translation`);
    }
    const res = await ask('de', 'limit=500');
    assert.equal(errorOf(res).code, 'validation_failed');
    assert.equal(res.headers['content-language'], 'de');
  });

  test('a shared schema’s own messages are catalogue keys, put in the request’s language with their bounds', async () => {
    const patch = (language: string) =>
      owner.request('PATCH', '/api/v1/settings', {
        body: { name: '  ', primaryColor: 'blue' },
        headers: { 'accept-language': language },
      });
    const english = errorOf(await patch('en'));
    assert.equal(english.code, 'validation_failed');
    assert.equal(english.fields?.name, 'Enter the organisation name');
    assert.equal(english.fields?.primaryColor, 'Use a colour in the form #1c7ed6');
    const german = errorOf(await patch('de'));
    assert.equal(german.fields?.name, 'Geben Sie den Namen der Organisation ein');
    assert.equal(german.fields?.primaryColor, 'Geben Sie eine Farbe in der Form #1c7ed6 an');
    const polish = errorOf(await patch('pl'));
    assert.equal(polish.fields?.name, 'Wpisz nazwę organizacji');
    const long = await owner.request('POST', '/api/v1/tickets', {
      body: { subject: 's'.repeat(201), description: 'd' },
      headers: { 'accept-language': 'fr' },
    });
    assert.equal(errorOf(long).fields?.subject, '200 caractères au maximum');
    const empty = await owner.request('POST', '/api/v1/tickets', {
      body: { subject: 'ok', description: '   ' },
      headers: { 'accept-language': 'es' },
    });
    assert.equal(errorOf(empty).fields?.description, 'Introduzca una descripción');
  });

  test('a schema message built from a list or a limit is a catalogue key with its values', async () => {
    const send = async (method: 'GET' | 'POST', url: string, body: unknown, language: string) =>
      errorOf(await owner.request(method, url, { body, headers: { 'accept-language': language } }));
    const status = await send('GET', '/api/v1/tickets?status=bogus', undefined, 'de');
    assert.equal(status.code, 'validation_failed');
    assert.deepEqual(Object.values(status.fields ?? {}), [
      'Verwenden Sie einen dieser Status: new, open, in-progress, waiting-on-client, waiting-on-vendor, resolved, closed',
    ]);
    const priority = await send(
      'POST',
      '/api/v1/tickets',
      { subject: 's', description: 'd', priority: 'urgent' },
      'fr',
    );
    assert.equal(priority.fields?.priority, 'Utilisez l’une de ces priorités : low, medium, high, critical');
    const twice = await send('POST', '/api/v1/teams', { name: 'Blue', memberAccountIds: [1, 1] }, 'de');
    assert.equal(twice.fields?.memberAccountIds, 'Nennen Sie jedes Mitglied nur einmal');
    const many = Array.from({ length: 101 }, (_, i) => i + 1);
    const tooMany = await send('POST', '/api/v1/teams', { name: 'Blue', memberAccountIds: many }, 'pl');
    assert.equal(tooMany.fields?.memberAccountIds, 'Wybierz najwyżej 100 członków');
    const pausing = await send(
      'POST',
      '/api/v1/sla-policies',
      { name: 'P', calendarId: 1, pausingStatuses: ['new'] },
      'es',
    );
    assert.equal(
      pausing.fields?.['pausingStatuses.0'],
      'Solo waiting-on-client, waiting-on-vendor, in-progress pueden pausar el reloj',
    );
    const client = (await owner.post('/api/v1/clients', { name: 'Liste GmbH' })).json() as { id: number };
    const preset = await send(
      'POST',
      `/api/v1/clients/${client.id}/contacts`,
      { name: 'Ada', presets: ['boss'] },
      'de',
    );
    assert.match(preset.fields?.['presets.0'] ?? '', /^Verwenden Sie die Vorlagen [a-z-]+(, [a-z-]+)+$/);
  });

  test('a service’s own message comes in the request’s language, with its arguments', async () => {
    const ask = (language: string) =>
      owner.request('GET', '/api/v1/tickets/987654', { headers: { 'accept-language': language } });
    const expected: Record<string, string> = {
      en: 'That ticket was not found.',
      de: 'Dieses Ticket wurde nicht gefunden.',
      ar: 'لم يتم العثور على هذه التذكرة.',
    };
    for (const [language, text] of Object.entries(expected)) {
      const res = await ask(language);
      assert.equal(res.statusCode, 404);
      assert.equal(errorOf(res).code, 'not_found');
      assert.equal(errorOf(res).message, text);
    }
    const merged = translate('pl', 'errors:tickets.targetMerged', { ticket: '#12', into: '#9' });
    assert.equal(merged, '#12 zostało samo scalone z #9; scal z tamtym.');
  });

  test('an unsupported language falls back to English', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/profile',
      headers: { 'accept-language': 'ja' },
    });
    assert.equal(errorOf(res).message, 'Sign in to continue.');
  });
});

describe('language negotiation and plural forms', () => {
  test('Accept-Language picks the best supported language', () => {
    assert.equal(negotiateLanguage('fr-CA;q=0.9, de;q=0.95'), 'de');
    assert.equal(negotiateLanguage('ja, pl;q=0.1'), 'pl');
    assert.equal(negotiateLanguage('en-XA'), 'en-XA');
    assert.equal(negotiateLanguage('ja, zh'), null);
    assert.equal(negotiateLanguage('ar;q=0, es'), 'es');
  });
  test('Polish uses one, few and many', () => {
    const wait = (count: number) => translate('pl', 'errors:rateLimited.seconds', { count });
    assert.equal(wait(1), 'Zbyt wiele prób. Spróbuj ponownie za 1 sekundę.');
    assert.equal(wait(3), 'Zbyt wiele prób. Spróbuj ponownie za 3 sekundy.');
    assert.equal(wait(5), 'Zbyt wiele prób. Spróbuj ponownie za 5 sekund.');
    assert.equal(wait(22), 'Zbyt wiele prób. Spróbuj ponownie za 22 sekundy.');
    assert.equal(wait(25), 'Zbyt wiele prób. Spróbuj ponownie za 25 sekund.');
  });
  test('Arabic uses its dual', () => {
    assert.equal(
      translate('ar', 'errors:rateLimited.minutes', { count: 2 }),
      'محاولات كثيرة جدًا. حاول مرة أخرى بعد دقيقتين.',
    );
  });
  test('the pseudo-locale marks and accents every message, keeping its arguments', () => {
    const text = translate('en-XA', 'errors:rateLimited.seconds', { count: 2 });
    assert.match(text, /^⟦Ţöö ɱáñý áţţéɱþţš\. Ţŕý áĝáîñ îñ 2 šéçöñðš\. ·+⟧$/);
  });
});
