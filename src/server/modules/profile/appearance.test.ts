import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, errorOf, setUp, type TestApp } from '../../test/harness.ts';

const PREVIEW = { 'x-portico-preview': '1' };

async function storedScheme(t: TestApp, email: string) {
  const row = await t.db
    .selectFrom('accounts')
    .select('colour_scheme')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.colour_scheme;
}

describe('profile appearance (colour scheme)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await setUp(t, { demo: true });
  });
  after(() => t.close());

  test('needs a signed-in person', async () => {
    const anon = new Client(t.app);
    for (const [method, body] of [['GET'], ['PUT', { colourScheme: 'dark' }]] as const) {
      const res = await anon.request(method, '/api/v1/profile/appearance', body ? { body } : {});
      assert.equal(res.statusCode, 401, method);
      assert.equal(errorOf(res).code, 'unauthenticated');
    }
  });

  test('follows the system until chosen; each person keeps their own choice', async () => {
    const staff = new Client(t.app);
    await staff.login('tech@portico.example');
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    assert.deepEqual((await staff.get('/api/v1/profile/appearance')).json(), { colourScheme: 'system' });
    assert.deepEqual((await contact.get('/api/v1/profile/appearance')).json(), { colourScheme: 'system' });

    const set = await staff.request('PUT', '/api/v1/profile/appearance', { body: { colourScheme: 'dark' } });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.json(), { colourScheme: 'dark' });
    const light = await contact.request('PUT', '/api/v1/profile/appearance', {
      body: { colourScheme: 'light' },
    });
    assert.equal(light.statusCode, 200, light.body);

    assert.equal(await storedScheme(t, 'tech@portico.example'), 'dark');
    assert.equal(await storedScheme(t, 'primary@acme.example'), 'light');
    // Another session of the same person (another device) reads the same choice.
    const again = new Client(t.app);
    await again.login('tech@portico.example');
    assert.deepEqual((await again.get('/api/v1/profile/appearance')).json(), { colourScheme: 'dark' });
    assert.deepEqual((await contact.get('/api/v1/profile/appearance')).json(), { colourScheme: 'light' });

    const back = await staff.request('PUT', '/api/v1/profile/appearance', {
      body: { colourScheme: 'system' },
    });
    assert.deepEqual(back.json(), { colourScheme: 'system' });
    assert.equal(await storedScheme(t, 'tech@portico.example'), 'system');
  });

  test('anything but system, light or dark is a 400 naming the field', async () => {
    const staff = new Client(t.app);
    await staff.login('admin@portico.example');
    for (const body of [
      { colourScheme: 'blue' },
      { colourScheme: '' },
      { colourScheme: null },
      {},
      { colourScheme: 'dark', other: 1 },
    ]) {
      const res = await staff.request('PUT', '/api/v1/profile/appearance', { body });
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.equal(errorOf(res).code, 'validation_failed', JSON.stringify(body));
    }
    const res = await staff.request('PUT', '/api/v1/profile/appearance', { body: { colourScheme: 'blue' } });
    assert.match(errorOf(res).fields?.colourScheme ?? '', /system, light or dark/);
    assert.equal(await storedScheme(t, 'admin@portico.example'), 'system');
  });

  test('a staff preview of the portal shows the previewing person’s scheme and changes nothing', async () => {
    const tech = new Client(t.app);
    await tech.login('tech@portico.example');
    await tech.request('PUT', '/api/v1/profile/appearance', { body: { colourScheme: 'dark' } });
    const { id: clientId } = await t.db
      .selectFrom('clients')
      .select('id')
      .where('name', '=', 'Acme Manufacturing')
      .executeTakeFirstOrThrow();
    const { id: contactId } = await t.db
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', 'billing@acme.example')
      .executeTakeFirstOrThrow();
    const started = await tech.post(`/api/v1/clients/${clientId}/contacts/${contactId}/preview`);
    assert.equal(started.statusCode, 200, started.body);
    assert.deepEqual((await tech.get('/api/v1/profile/appearance', PREVIEW)).json(), {
      colourScheme: 'dark',
    });
    const refused = await tech.request('PUT', '/api/v1/profile/appearance', {
      headers: PREVIEW,
      body: { colourScheme: 'light' },
    });
    assert.equal(refused.statusCode, 403);
    assert.match(errorOf(refused).message, /read-only preview/);
    assert.equal(await storedScheme(t, 'billing@acme.example'), 'system');
    assert.equal(await storedScheme(t, 'tech@portico.example'), 'dark');
  });

  test('is in the OpenAPI document with its schema', async () => {
    const doc = (await new Client(t.app).get('/api/openapi.json')).json();
    const path = doc.paths['/api/v1/profile/appearance'];
    assert.ok(path?.get && path?.put, 'GET and PUT are documented');
    assert.deepEqual(doc.components.schemas.Appearance.properties.colourScheme.enum, [
      'system',
      'light',
      'dark',
    ]);
  });
});
