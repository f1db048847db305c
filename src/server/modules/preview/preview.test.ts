import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256Hex } from '../../platform/crypto.ts';
import { Client, createTestApp, errorOf, OWNER, setUp, type TestApp } from '../../test/harness.ts';
import { directoryService } from '../directory/directory.service.ts';

const PREVIEW = { 'x-portico-preview': '1' };

describe('staff preview of the portal', () => {
  let t: TestApp;
  let owner: Client;
  let acmeId: number;
  let birchwoodId: number;
  let billingId: number;
  let birchwoodContactId: number;
  let noLoginId: number;

  const url = (clientId: number | string, contactId: number | string) =>
    `/api/v1/clients/${clientId}/contacts/${contactId}/preview`;

  function previewCookie(c: Client): string | undefined {
    for (const [name, value] of c.cookies) if (name.endsWith('portico_preview')) return value;
    return undefined;
  }

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    await owner.login(OWNER.email, OWNER.password);
    const db = t.db;
    const clients = await db.selectFrom('clients').select(['id', 'name']).execute();
    acmeId = clients.find((c) => c.name === 'Acme Manufacturing')!.id;
    birchwoodId = clients.find((c) => c.name === 'Birchwood Dental')!.id;
    const contact = (email: string) =>
      db.selectFrom('contacts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    billingId = (await contact('billing@acme.example')).id;
    birchwoodContactId = (await contact('primary@birchwood.example')).id;
    noLoginId = (
      await directoryService.createContact(db, t.clock, {
        clientId: acmeId,
        name: 'Nora Nologin',
        email: 'nora@acme.example',
        presets: ['standard'],
      })
    ).contactId;
  });
  after(() => t.close());

  test('401 without a session', async () => {
    const res = await new Client(t.app).post(url(acmeId, billingId));
    assert.equal(res.statusCode, 401);
  });

  test('403 for staff without portal:preview and for contacts', async () => {
    const readOnly = new Client(t.app);
    await readOnly.login('readonly@portico.example');
    assert.equal((await readOnly.post(url(acmeId, billingId))).statusCode, 403);
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const res = await contact.post(url(acmeId, billingId));
    assert.equal(res.statusCode, 403);
    assert.equal(previewCookie(contact), undefined);
  });

  test('400 for ids that are not ids; nothing is started', async () => {
    const res = await owner.post(url('abc', billingId));
    assert.equal(res.statusCode, 400);
    assert.ok(errorOf(res).fields?.clientId);
    assert.equal(previewCookie(owner), undefined);
  });

  test("404 for another client's contact and for a missing one, the same answer", async () => {
    const foreign = await owner.post(url(acmeId, birchwoodContactId));
    const missing = await owner.post(url(acmeId, 999_999));
    assert.equal(foreign.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(
      { ...errorOf(foreign), requestId: undefined },
      { ...errorOf(missing), requestId: undefined },
    );
    assert.equal(previewCookie(owner), undefined);
    const audited = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'portal.preview_started')
      .execute();
    assert.equal(audited.length, 0);
  });

  test('a technician previews as a contact: the portal answers as that contact, read-only, and it is audited', async () => {
    const tech = new Client(t.app);
    await tech.login('tech@portico.example');
    const res = await tech.post(url(acmeId, billingId), undefined, {
      headers: { 'user-agent': 'Preview test' },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { url: '/portal/?preview=1' });
    const cookie = res.cookies.find((c) => c.name.endsWith('portico_preview'));
    assert.ok(cookie?.httpOnly, 'the preview cookie is HttpOnly');
    assert.equal(cookie?.sameSite, 'Lax');

    // With the header, the portal sees the contact; without it, the staff session carries on.
    const asContact = (await tech.get('/api/v1/me', PREVIEW)).json();
    assert.equal(asContact.kind, 'contact');
    assert.equal(asContact.name, 'Ben Carter');
    assert.equal(asContact.client.id, acmeId);
    assert.equal(asContact.previewBy, 'Tariq Haddad');
    assert.deepEqual(asContact.presets, ['billing']);
    assert.equal((await tech.get('/api/v1/me')).json().kind, 'staff');

    // Staff routes are closed to the preview; the portal's own mutations answer 403.
    const staffRoute = await tech.request('GET', '/api/v1/settings', { headers: PREVIEW });
    assert.equal(staffRoute.statusCode, 403);
    for (const [method, path, body] of [
      ['PATCH', '/api/v1/colleagues/1', { name: 'Changed' }],
      ['POST', '/api/v1/colleagues', { name: 'New person', email: 'new@acme.example' }],
      ['PATCH', '/api/v1/profile', { name: 'Changed' }],
      ['POST', '/api/v1/profile/sessions/revoke-others', {}],
    ] as const) {
      const refused = await tech.request(method, path, { headers: PREVIEW, body });
      assert.equal(refused.statusCode, 403, `${method} ${path}: ${refused.body}`);
      assert.match(errorOf(refused).message, /read-only preview/);
    }

    const [event] = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'portal.preview_started')
      .execute();
    assert.equal(event?.actor_kind, 'staff');
    assert.equal(event?.actor_name, 'Tariq Haddad');
    assert.equal(event?.client_id, acmeId);
    assert.equal(event?.target_type, 'contact');
    assert.equal(event?.target_id, billingId);
    assert.equal(event?.user_agent, 'Preview test');
    assert.deepEqual(JSON.parse(event?.details ?? '{}'), { contactName: 'Ben Carter' });
  });

  test('ending the preview ends only the preview; the staff session stays', async () => {
    const c = new Client(t.app);
    await c.login('admin@portico.example');
    await c.post(url(acmeId, billingId));
    const token = previewCookie(c)!;
    assert.ok(token);
    const out = await c.request('POST', '/api/v1/auth/logout', { headers: PREVIEW });
    assert.equal(out.statusCode, 200);
    assert.equal(previewCookie(c), undefined);
    const gone = await t.db.selectFrom('sessions').select('id').where('id', '=', sha256Hex(token)).execute();
    assert.deepEqual(gone, []);
    assert.equal((await c.get('/api/v1/me')).json().kind, 'staff');
    // Replaying the old preview cookie gives nothing of the contact.
    const replay = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: PREVIEW,
      cookies: { '__Host-portico_preview': token },
    });
    assert.equal(replay.statusCode, 401);
    const logouts = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'auth.logout')
      .execute();
    assert.equal(logouts.length, 0, 'leaving a preview is not a sign-out');
  });

  test('a second preview replaces the first; a contact without a login can be previewed', async () => {
    const c = new Client(t.app);
    await c.login('admin@portico.example');
    await c.post(url(acmeId, billingId));
    const first = previewCookie(c)!;
    const res = await c.post(url(acmeId, noLoginId));
    assert.equal(res.statusCode, 200);
    const second = previewCookie(c)!;
    assert.notEqual(first, second);
    const old = await t.db.selectFrom('sessions').select('id').where('id', '=', sha256Hex(first)).execute();
    assert.deepEqual(old, [], 'the earlier preview session is gone');
    const me = (await c.get('/api/v1/me', PREVIEW)).json();
    assert.equal(me.name, 'Nora Nologin');
    assert.equal(me.email, 'nora@acme.example');
    assert.equal(me.previewBy, 'Adam Achebe');
  });

  test('the preview of one client never reaches another', async () => {
    const c = new Client(t.app);
    await c.login('admin@portico.example');
    await c.post(url(acmeId, billingId));
    const other = await c.request('GET', `/api/v1/colleagues/${birchwoodContactId}`, { headers: PREVIEW });
    assert.ok([403, 404].includes(other.statusCode), `${other.statusCode}`);
    assert.ok(!other.body.includes('Birchwood'));
    assert.ok(birchwoodId > 0);
  });
});
