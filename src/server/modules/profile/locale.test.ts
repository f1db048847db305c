import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  Client,
  clientIdByName,
  createTestApp,
  errorOf,
  OWNER,
  setUp,
  type TestApp,
} from '../../test/harness.ts';

describe('language, time zone, date format and currency preferences', () => {
  let t: TestApp;
  let owner: Client;
  let acmeId: number;
  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    await owner.login(OWNER.email, OWNER.password);
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
  });
  after(() => t.close());

  test('401 without a session', async () => {
    const res = await new Client(t.app).get('/api/v1/profile/locale');
    assert.equal(res.statusCode, 401);
  });

  test('staff start with the organisation’s choices and may set their own', async () => {
    const first = await owner.get('/api/v1/profile/locale');
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json().own, { language: null, timeZone: null, dateFormat: null });
    assert.equal(first.json().effective.language, 'en');
    assert.ok(
      first.json().languages.some((l: { code: string; dir: string }) => l.code === 'ar' && l.dir === 'rtl'),
    );

    const set = await owner.request('PUT', '/api/v1/profile/locale', {
      body: { language: 'de', timeZone: 'Europe/Berlin', dateFormat: 'DD.MM.YYYY' },
    });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.json().own, { language: 'de', timeZone: 'Europe/Berlin', dateFormat: 'DD.MM.YYYY' });
    assert.deepEqual(set.json().effective, {
      language: 'de',
      timeZone: 'Europe/Berlin',
      dateFormat: 'DD.MM.YYYY',
      currency: 'EUR',
    });
    assert.equal(set.json().inheritsFrom, 'organisation');
    assert.deepEqual(set.json().inherited, { language: 'en', timeZone: 'UTC', dateFormat: 'D MMM YYYY' });

    // Signed in, error messages now follow the person's language without any Accept-Language.
    const bad = await owner.request('PUT', '/api/v1/profile/locale', { body: { timeZone: 'Mars/Olympus' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(errorOf(bad).code, 'validation_failed');
    assert.equal(
      errorOf(bad).fields?.timeZone,
      'Wählen Sie eine Zeitzone aus der Liste (zum Beispiel Europe/Berlin).',
    );

    // Null inherits again; a field left out is kept.
    const reset = await owner.request('PUT', '/api/v1/profile/locale', { body: { language: null } });
    assert.deepEqual(reset.json().own, {
      language: null,
      timeZone: 'Europe/Berlin',
      dateFormat: 'DD.MM.YYYY',
    });
    assert.equal(reset.json().effective.language, 'en');
  });

  test('bad choices get 400 with the field named', async () => {
    for (const [body, field] of [
      [{ language: 'nl' }, 'language'],
      [{ language: 'EN' }, 'language'],
      [{ timeZone: 'Europe/Nowhere' }, 'timeZone'],
      [{ timeZone: '' }, 'timeZone'],
      [{ dateFormat: 'YY/M/D' }, 'dateFormat'],
      [{ currency: 'EUR' }, 'currency'],
    ] as const) {
      const res = await owner.request('PUT', '/api/v1/profile/locale', { body });
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.ok(errorOf(res).fields?.[field], `${JSON.stringify(body)}: ${res.body}`);
    }
    const english = await owner.request('PUT', '/api/v1/profile/locale', { body: { language: 'xx' } });
    assert.equal(errorOf(english).fields?.language, 'Choose one of the supported languages.');
  });

  test('organisation settings validate language, time zone and currency', async () => {
    for (const [body, field] of [
      [{ language: 'nl' }, 'language'],
      [{ currency: 'EURO' }, 'currency'],
      [{ currency: 'eur' }, 'currency'],
      [{ timeZone: 'Nowhere/City' }, 'timeZone'],
    ] as const) {
      const res = await owner.patch('/api/v1/settings', body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.ok(errorOf(res).fields?.[field], res.body);
    }
    const ok = await owner.patch('/api/v1/settings', {
      language: 'pl',
      currency: 'PLN',
      timeZone: 'Europe/Warsaw',
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().language, 'pl');
    const branding = await new Client(t.app).get('/api/v1/branding');
    assert.equal(branding.json().language, 'pl');
    // Back to English for the tests that follow.
    await owner.patch('/api/v1/settings', { language: 'en', currency: 'EUR', timeZone: 'UTC' });
  });

  test('clients have a language, a time zone and a currency, validated', async () => {
    for (const [body, field] of [
      [{ name: 'Bad Co', currency: 'XYZ' }, 'currency'],
      [{ name: 'Bad Co', timeZone: 'Atlantis/Capital' }, 'timeZone'],
      [{ name: 'Bad Co', language: 'klingon' }, 'language'],
    ] as const) {
      const res = await owner.post('/api/v1/clients', body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.ok(errorOf(res).fields?.[field], res.body);
    }
    const plain = await owner.post('/api/v1/clients', { name: 'Plain Ltd' });
    assert.equal(plain.statusCode, 201, plain.body);
    assert.equal(plain.json().currency, 'EUR', 'the organisation’s currency');
    assert.equal(plain.json().language, null);

    const riyadh = await owner.post('/api/v1/clients', {
      name: 'Riyadh Trading',
      language: 'ar',
      timeZone: 'Asia/Riyadh',
      currency: 'SAR',
    });
    assert.equal(riyadh.statusCode, 201, riyadh.body);
    assert.equal(riyadh.json().language, 'ar');
    assert.equal(riyadh.json().timeZone, 'Asia/Riyadh');
    assert.equal(riyadh.json().currency, 'SAR');

    const patched = await owner.patch(`/api/v1/clients/${plain.json().id}`, {
      currency: 'JPY',
      timeZone: null,
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().currency, 'JPY');
    const badPatch = await owner.patch(`/api/v1/clients/${plain.json().id}`, { currency: null });
    assert.equal(badPatch.statusCode, 400, 'every client has a currency');
  });

  test('a new contact starts with their client’s language', async () => {
    const riyadh = await owner.post('/api/v1/clients', {
      name: 'Gulf Logistics',
      language: 'ar',
      currency: 'AED',
    });
    const contact = await owner.post(`/api/v1/clients/${riyadh.json().id}/contacts`, {
      name: 'سارة الحربي',
      email: 'sara@gulf.example',
    });
    assert.equal(contact.statusCode, 201, contact.body);
    assert.equal(contact.json().language, 'ar');
    const plain = await owner.post('/api/v1/clients', { name: 'No Language Ltd' });
    const other = await owner.post(`/api/v1/clients/${plain.json().id}/contacts`, {
      name: 'Pat Plain',
      email: 'pat@plain.example',
    });
    assert.equal(other.json().language, null, 'inherits the organisation’s');
  });

  test('a contact inherits their client’s choices and may set their own', async () => {
    await owner.patch(`/api/v1/clients/${acmeId}`, {
      language: 'fr',
      timeZone: 'Europe/Paris',
      currency: 'CHF',
    });
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const before = await contact.get('/api/v1/profile/locale');
    assert.equal(before.statusCode, 200, before.body);
    assert.deepEqual(before.json().own, { language: null, timeZone: null, dateFormat: null });
    assert.deepEqual(before.json().effective, {
      language: 'fr',
      timeZone: 'Europe/Paris',
      dateFormat: 'D MMM YYYY',
      currency: 'CHF',
    });
    const set = await contact.request('PUT', '/api/v1/profile/locale', { body: { language: 'es' } });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().effective.language, 'es');
    assert.equal(set.json().effective.timeZone, 'Europe/Paris');
    assert.equal(set.json().inheritsFrom, 'client');
    assert.deepEqual(set.json().inherited, {
      language: 'fr',
      timeZone: 'Europe/Paris',
      dateFormat: 'D MMM YYYY',
    });
    const list = await owner.get(`/api/v1/clients/${acmeId}/contacts?q=primary`);
    assert.equal(list.json().items[0].language, 'es', 'kept on the contact, where emails find it');
  });
});
