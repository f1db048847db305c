import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ColleagueResponse, ContactResponse } from '../../../shared/schemas/contacts.ts';
import { Client, clientIdByName, createTestApp, errorOf, setUp, type TestApp } from '../../test/harness.ts';

async function contactId(owner: Client, clientId: number, email: string): Promise<number> {
  const res = await owner.get(`/api/v1/clients/${clientId}/contacts?limit=100`);
  const found = (res.json().items as ContactResponse[]).find((c) => c.email === email);
  if (!found) throw new Error(`no contact ${email}`);
  return found.id;
}

async function signedIn(t: TestApp, email: string): Promise<Client> {
  const c = new Client(t.app);
  await c.login(email);
  return c;
}

describe('portal colleagues', () => {
  let t: TestApp;
  let owner: Client;
  let acmeId: number;
  let birchId: number;
  let tech: Client;
  const ids: Record<string, number> = {};
  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    birchId = await clientIdByName(owner, 'Birchwood Dental');
    for (const email of [
      'primary@acme.example',
      'billing@acme.example',
      'technical@acme.example',
      'standard@acme.example',
      'readonly@acme.example',
    ]) {
      ids[email] = await contactId(owner, acmeId, email);
    }
    ids['primary@birchwood.example'] = await contactId(owner, birchId, 'primary@birchwood.example');
    tech = await signedIn(t, 'technical@acme.example');
  });
  after(() => t.close());

  test('unauthenticated: 401 everywhere; staff: 403 (this is the portal’s)', async () => {
    const anon = new Client(t.app);
    const id = ids['standard@acme.example']!;
    const calls: ['GET' | 'POST' | 'PATCH', string, unknown?][] = [
      ['GET', '/api/v1/colleagues'],
      ['GET', `/api/v1/colleagues/${id}`],
      ['POST', '/api/v1/colleagues', { name: 'X' }],
      ['PATCH', `/api/v1/colleagues/${id}`, { name: 'X' }],
      ['POST', `/api/v1/colleagues/${id}/deactivate`],
      ['POST', `/api/v1/colleagues/${id}/reactivate`],
    ];
    for (const [method, url, body] of calls) {
      const opts = body === undefined ? {} : { body };
      assert.equal((await anon.request(method, url, opts)).statusCode, 401, `${method} ${url}`);
      assert.equal((await owner.request(method, url, opts)).statusCode, 403, `${method} ${url} as staff`);
    }
  });

  test('a contact lists only their own company’s colleagues, with nothing internal', async () => {
    const alice = await signedIn(t, 'primary@acme.example');
    const res = await alice.get('/api/v1/colleagues?limit=100');
    assert.equal(res.statusCode, 200);
    const items = res.json().items as ColleagueResponse[];
    assert.deepEqual(items.map((c) => c.name).sort(), [
      'Alice Moreau',
      'Ben Carter',
      'Chen Wei',
      'Dana Kowalski',
      'Evan Brooks',
    ]);
    assert.ok(!res.body.includes('birchwood'), 'nothing of another client');
    for (const key of ['clientId', 'notes', 'login', 'lastLoginAt', 'createdAt']) {
      assert.ok(!res.body.includes(`"${key}"`), `no ${key}`);
    }
    assert.equal(items.find((c) => c.name === 'Alice Moreau')?.isYou, true);
    assert.equal(items.find((c) => c.name === 'Ben Carter')?.hasLogin, true);

    const page1 = (await alice.get('/api/v1/colleagues?limit=2')).json();
    const page2 = (await alice.get(`/api/v1/colleagues?limit=2&cursor=${page1.nextCursor}`)).json();
    assert.equal(new Set([...page1.items, ...page2.items].map((c: ColleagueResponse) => c.id)).size, 4);
  });

  test('without contacts:view the list is refused (403); without manage, changes are refused (403)', async () => {
    for (const email of ['standard@acme.example', 'billing@acme.example', 'readonly@acme.example']) {
      const c = await signedIn(t, email);
      assert.equal((await c.get('/api/v1/colleagues')).statusCode, 403, email);
      assert.equal(
        (await c.post('/api/v1/colleagues', { name: 'X', presets: [] })).statusCode,
        403,
        `${email} cannot add`,
      );
    }
  });

  test('another client’s contact is 404 for read, edit, deactivate and reactivate; nothing changes', async () => {
    const foreign = ids['primary@birchwood.example']!;
    for (const [method, url, body] of [
      ['GET', `/api/v1/colleagues/${foreign}`],
      ['PATCH', `/api/v1/colleagues/${foreign}`, { name: 'Hijacked' }],
      ['POST', `/api/v1/colleagues/${foreign}/deactivate`],
      ['POST', `/api/v1/colleagues/${foreign}/reactivate`],
      ['GET', '/api/v1/colleagues/999999'],
    ] as const) {
      const res = await tech.request(method, url, body === undefined ? {} : { body });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.equal(errorOf(res).code, 'not_found');
    }
    const fatima = (await owner.get(`/api/v1/clients/${birchId}/contacts/${foreign}`)).json();
    assert.equal(fatima.name, 'Fatima Rahman');
    assert.equal(fatima.status, 'active');
  });

  test('adding a colleague: mass assignment refused; only access one holds may be given', async () => {
    const count = async () =>
      (await t.db.selectFrom('contacts').select('id').where('client_id', '=', birchId).execute()).length;
    const before = await count();
    for (const extra of [{ client_id: birchId }, { clientId: birchId }, { status: 'inactive' }]) {
      const res = await tech.post('/api/v1/colleagues', { name: 'Sneaky', presets: ['standard'], ...extra });
      assert.equal(res.statusCode, 400, Object.keys(extra)[0]);
    }
    assert.equal(await count(), before);

    const tooMuch = await tech.post('/api/v1/colleagues', { name: 'Greedy', presets: ['billing'] });
    assert.equal(tooMuch.statusCode, 403);
    assert.match(errorOf(tooMuch).message, /cannot give access you do not have yourself.*invoices:view/);
    const viaSwitch = await tech.post('/api/v1/colleagues', {
      name: 'Greedy',
      presets: ['standard'],
      switches: { payInvoices: true },
    });
    assert.equal(viaSwitch.statusCode, 403);
    assert.match(errorOf(viaSwitch).message, /invoices:pay/);

    const ok = await tech.post('/api/v1/colleagues', {
      name: 'Quinn New',
      email: 'quinn@acme.example',
      title: 'Technician',
      presets: ['standard'],
      switches: { raiseTickets: false },
    });
    assert.equal(ok.statusCode, 201, ok.body);
    const quinn = ok.json() as ColleagueResponse;
    assert.equal(quinn.hasLogin, false);
    assert.deepEqual(quinn.presets, ['standard']);
    const staffView = (await owner.get(`/api/v1/clients/${acmeId}/contacts/${quinn.id}`)).json();
    assert.equal(staffView.clientId, acmeId, 'created in the actor’s own client');
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'contact.created')
      .where('target_id', '=', quinn.id)
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor_kind, 'contact');
    assert.equal(audit.client_id, acmeId);

    const dup = await tech.post('/api/v1/colleagues', { name: 'Quinn Two', email: 'QUINN@acme.example' });
    assert.equal(dup.statusCode, 400);
    assert.match(errorOf(dup).fields?.email ?? '', /colleague already has/);
  });

  test('editing: no granting beyond one’s own access, no touching a superior, no own-access change', async () => {
    const dana = ids['standard@acme.example']!;
    const promote = await tech.patch(`/api/v1/colleagues/${dana}`, { presets: ['standard', 'billing'] });
    assert.equal(promote.statusCode, 403);
    const fine = await tech.patch(`/api/v1/colleagues/${dana}`, {
      presets: ['standard'],
      switches: { manageContacts: true },
      phone: '+44 7700 900123',
    });
    assert.equal(fine.statusCode, 200, fine.body);
    assert.ok(fine.json().permissions.includes('contacts:manage'));
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'contact.permissions_changed')
      .where('target_id', '=', dana)
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(audit.details).after, {
      presets: ['standard'],
      switches: { manageContacts: true },
    });

    const alice = ids['primary@acme.example']!;
    const superior = await tech.patch(`/api/v1/colleagues/${alice}`, { title: 'Demoted' });
    assert.equal(superior.statusCode, 403);
    assert.match(errorOf(superior).message, /Alice Moreau has access you do not have/);
    assert.equal((await tech.post(`/api/v1/colleagues/${alice}/deactivate`)).statusCode, 403);

    const self = ids['technical@acme.example']!;
    const ownAccess = await tech.patch(`/api/v1/colleagues/${self}`, { presets: ['technical', 'standard'] });
    assert.equal(ownAccess.statusCode, 403);
    assert.match(errorOf(ownAccess).message, /your own access/);
    const ownTitle = await tech.patch(`/api/v1/colleagues/${self}`, { title: 'Lead technician' });
    assert.equal(ownTitle.statusCode, 200, 'one’s own details are fine');

    // A colleague who signs in keeps their address; only they or the provider change it.
    const email = await tech.patch(`/api/v1/colleagues/${dana}`, { email: 'dana.new@acme.example' });
    assert.equal(email.statusCode, 400);
    assert.match(errorOf(email).fields?.email ?? '', /signs in with this address/);
    const bad = await tech.patch(`/api/v1/colleagues/${dana}`, { presets: ['wizard'] });
    assert.equal(bad.statusCode, 400);
  });

  test('deactivating: never oneself; a deactivated colleague is signed out and hidden from viewers', async () => {
    const self = ids['technical@acme.example']!;
    const selfOff = await tech.post(`/api/v1/colleagues/${self}/deactivate`);
    assert.equal(selfOff.statusCode, 403);
    assert.match(errorOf(selfOff).message, /cannot deactivate yourself/);

    const dana = ids['standard@acme.example']!;
    const danaSession = await signedIn(t, 'standard@acme.example');
    const off = await tech.post(`/api/v1/colleagues/${dana}/deactivate`);
    assert.equal(off.statusCode, 200);
    assert.equal(off.json().status, 'inactive');
    assert.equal((await danaSession.get('/api/v1/me')).statusCode, 401, 'signed out at once');

    // Managers still see (and can undo) it; a colleague who only views does not see it at all.
    const listed = (await tech.get('/api/v1/colleagues?status=all&limit=100')).json()
      .items as ColleagueResponse[];
    assert.equal(listed.find((c) => c.id === dana)?.status, 'inactive');
    const alice = await signedIn(t, 'primary@acme.example');
    await owner.patch(`/api/v1/clients/${acmeId}/contacts/${ids['readonly@acme.example']}`, {
      switches: { manageContacts: false },
      presets: ['read-only', 'technical'],
    });
    const viewer = await signedIn(t, 'readonly@acme.example');
    assert.ok((await viewer.get('/api/v1/me')).json().permissions.includes('contacts:view'));
    const viewerList = (await viewer.get('/api/v1/colleagues?status=all&limit=100')).json()
      .items as ColleagueResponse[];
    assert.ok(!viewerList.some((c) => c.id === dana), 'viewers see active colleagues only');
    assert.equal((await viewer.get(`/api/v1/colleagues/${dana}`)).statusCode, 404);
    assert.equal((await alice.get(`/api/v1/colleagues/${dana}`)).statusCode, 200);

    const on = await tech.post(`/api/v1/colleagues/${dana}/reactivate`);
    assert.equal(on.statusCode, 200);
    assert.equal(on.json().status, 'active');
    await signedIn(t, 'standard@acme.example');
  });

  test('a staff preview of the portal reads colleagues but cannot change them', async () => {
    const start = await owner.post(
      `/api/v1/clients/${acmeId}/contacts/${ids['primary@acme.example']}/preview`,
    );
    assert.equal(start.statusCode, 200, start.body);
    const preview = { 'x-portico-preview': '1' };
    const list = await owner.request('GET', '/api/v1/colleagues', { headers: preview });
    assert.equal(list.statusCode, 200);
    const change = await owner.request('PATCH', `/api/v1/colleagues/${ids['standard@acme.example']}`, {
      body: { title: 'Changed in preview' },
      headers: preview,
    });
    assert.equal(change.statusCode, 403);
  });
});
