import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ClientListItem, ClientResponse } from '../../../shared/schemas/clients.ts';
import { Client, clientIdByName, createTestApp, errorOf, setUp, type TestApp } from '../../test/harness.ts';

async function auditRows(t: TestApp, action: string) {
  return t.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();
}

async function countClients(t: TestApp): Promise<number> {
  const row = await t.db
    .selectFrom('clients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('clients (staff)', () => {
  let t: TestApp;
  let owner: Client;
  let acmeId: number;
  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
  });
  after(() => t.close());

  test('every clients endpoint refuses the unauthenticated (401) and contacts (403)', async () => {
    const anon = new Client(t.app);
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const calls: [string, 'GET' | 'POST' | 'PATCH', string, unknown?][] = [
      ['list', 'GET', '/api/v1/clients'],
      ['create', 'POST', '/api/v1/clients', { name: 'Nope Ltd' }],
      ['read', 'GET', `/api/v1/clients/${acmeId}`],
      ['edit', 'PATCH', `/api/v1/clients/${acmeId}`, { name: 'Mine' }],
      ['archive', 'POST', `/api/v1/clients/${acmeId}/archive`],
      ['restore', 'POST', `/api/v1/clients/${acmeId}/restore`],
    ];
    for (const [what, method, url, body] of calls) {
      const res = await anon.request(method, url, body === undefined ? {} : { body });
      assert.equal(res.statusCode, 401, `${what} unauthenticated`);
      const asContact = await contact.request(method, url, body === undefined ? {} : { body });
      assert.equal(asContact.statusCode, 403, `${what} as a contact`);
    }
    const acme = (await owner.get(`/api/v1/clients/${acmeId}`)).json() as ClientResponse;
    assert.equal(acme.name, 'Acme Manufacturing');
    assert.equal(acme.archivedAt, null);
  });

  test('create: bad input is refused field by field and nothing is written', async () => {
    const before = await countClients(t);
    const bad = await owner.post('/api/v1/clients', {
      name: '  ',
      website: 'javascript:alert(1)',
      ipAllowlist: ['10.0.0.0/33', '300.1.1.1', '10.1.2.3/8'],
      sites: [{ label: '', address: 'x' }],
    });
    assert.equal(bad.statusCode, 400);
    const fields = errorOf(bad).fields ?? {};
    assert.ok(fields.name, 'name explained');
    assert.ok(fields.website, 'website explained');
    assert.ok(fields['ipAllowlist.0'], 'first range explained');
    assert.ok(fields['ipAllowlist.1'], 'second range explained');
    assert.match(fields['ipAllowlist.2'] ?? '', /10\.0\.0\.0\/8/, 'host bits: the range it probably means');
    assert.ok(fields['sites.0.label'], 'site label explained');
    const german = await owner.post(
      '/api/v1/clients',
      { name: 'Grenz GmbH', ipAllowlist: ['10.0.0.0/33', '300.1.1.1', '10.1.2.3/8'] },
      { headers: { 'accept-language': 'de' } },
    );
    assert.deepEqual(errorOf(german).fields, {
      'ipAllowlist.0': 'Die Präfixlänge nach „/“ muss eine Zahl von 0 bis 32 sein.',
      'ipAllowlist.1':
        '„300.1.1.1“ ist keine IPv4- oder IPv6-Adresse (zum Beispiel 203.0.113.0/24 oder 2001:db8::/32).',
      'ipAllowlist.2': 'In „10.1.2.3/8“ sind Host-Bits gesetzt; der Bereich ist 10.0.0.0/8.',
    });

    for (const extra of [{ id: 5 }, { archivedAt: '2020-01-01T00:00:00.000Z' }, { client_id: 1 }]) {
      const res = await owner.post('/api/v1/clients', { name: 'Sneaky Ltd', ...extra });
      assert.equal(res.statusCode, 400, `refuses ${Object.keys(extra)[0]}`);
      assert.equal(errorOf(res).fields?.[Object.keys(extra)[0]!], 'This field is not accepted here.');
    }
    assert.equal(await countClients(t), before);
  });

  test('create and read: sites, allowlist in canonical form, audit row', async () => {
    const res = await owner.post('/api/v1/clients', {
      name: 'Delta Freight',
      phone: '+44 113 496 0000',
      website: 'delta.example',
      notes: 'Pays late; call Sam first.',
      requireMfa: true,
      ipAllowlist: ['203.0.113.0/24', '2001:DB8::/32', '198.51.100.7', '203.0.113.0/24'],
      sites: [
        { label: 'Depot', address: '1 Quay Street, Leeds' },
        { label: 'Office', address: '2 Park Row, Leeds' },
      ],
    });
    assert.equal(res.statusCode, 201, res.body);
    const client = res.json() as ClientResponse;
    assert.equal(client.website, 'https://delta.example');
    assert.equal(client.portalEnabled, true);
    assert.equal(client.requireMfa, true);
    assert.deepEqual(client.ipAllowlist, ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7/32']);
    assert.deepEqual(
      client.sites.map((s) => s.label),
      ['Depot', 'Office'],
    );
    assert.equal(client.contactCount, 0);
    const stored = await t.db
      .selectFrom('clients')
      .select(['ip_allowlist', 'require_mfa'])
      .where('id', '=', client.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(stored.ip_allowlist), client.ipAllowlist);
    assert.equal(stored.require_mfa, 1);
    const audit = (await auditRows(t, 'client.created')).find((r) => r.target_id === client.id);
    assert.ok(audit, 'client.created recorded');
    assert.equal(audit.client_id, client.id);
    assert.equal(
      (await owner.get(`/api/v1/clients/${client.id}`)).json().notes,
      'Pays late; call Sam first.',
    );
    assert.equal((await owner.get('/api/v1/clients/999999')).statusCode, 404);
    assert.equal((await owner.get('/api/v1/clients/abc')).statusCode, 400);
  });

  test('edit: only what is sent changes; sites are added, edited and removed; audit names fields', async () => {
    const created = (
      await owner.post('/api/v1/clients', {
        name: 'Echo Studios',
        sites: [
          { label: 'A', address: 'Alpha Road' },
          { label: 'B', address: 'Beta Road' },
        ],
      })
    ).json() as ClientResponse;
    const [a, b] = created.sites;
    const res = await owner.patch(`/api/v1/clients/${created.id}`, {
      phone: '0123',
      notes: 'Secret internal text',
      portalEnabled: false,
      sites: [
        { id: a!.id, label: 'A', address: 'Alpha Road 2' },
        { label: 'C', address: 'Gamma Road' },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    const edited = res.json() as ClientResponse;
    assert.equal(edited.name, 'Echo Studios', 'name untouched');
    assert.equal(edited.phone, '0123');
    assert.equal(edited.portalEnabled, false);
    assert.deepEqual(
      edited.sites.map((s) => [s.label, s.address]),
      [
        ['A', 'Alpha Road 2'],
        ['C', 'Gamma Road'],
      ],
    );
    assert.ok(!edited.sites.some((s) => s.id === b!.id), 'B removed');
    const audit = (await auditRows(t, 'client.updated')).filter((r) => r.target_id === created.id);
    assert.equal(audit.length, 1);
    const details = JSON.parse(audit[0]!.details) as { changed: string[] };
    assert.deepEqual(details.changed.sort(), ['notes', 'phone', 'portalEnabled', 'sites']);
    assert.doesNotMatch(audit[0]!.details, /Secret internal text/, 'note text stays out of the log');

    // A site of another client cannot be edited through this one; nothing changes.
    const acme = (await owner.get(`/api/v1/clients/${acmeId}`)).json() as ClientResponse;
    const foreign = await owner.patch(`/api/v1/clients/${created.id}`, {
      name: 'Renamed',
      sites: [{ id: acme.sites[0]!.id, label: 'Stolen', address: 'x' }],
    });
    assert.equal(foreign.statusCode, 400);
    assert.ok(errorOf(foreign).fields?.['sites.0.id']);
    assert.equal((await owner.get(`/api/v1/clients/${created.id}`)).json().name, 'Echo Studios');
    assert.equal(
      ((await owner.get(`/api/v1/clients/${acmeId}`)).json() as ClientResponse).sites[0]!.label,
      'Head office',
    );

    // Saving the same values again records nothing.
    await owner.patch(`/api/v1/clients/${created.id}`, { phone: '0123' });
    assert.equal((await auditRows(t, 'client.updated')).filter((r) => r.target_id === created.id).length, 1);

    const unknown = await owner.patch('/api/v1/clients/999999', { name: 'Ghost' });
    assert.equal(unknown.statusCode, 404);
    const emptyName = await owner.patch(`/api/v1/clients/${created.id}`, { name: '' });
    assert.equal(emptyName.statusCode, 400);
  });

  test('staff who may only view can read but not change', async () => {
    const billing = new Client(t.app);
    await billing.login('billing@portico.example');
    assert.equal((await billing.get('/api/v1/clients')).statusCode, 200);
    assert.equal((await billing.get(`/api/v1/clients/${acmeId}`)).statusCode, 200);
    assert.equal((await billing.patch(`/api/v1/clients/${acmeId}`, { name: 'X' })).statusCode, 403);
    assert.equal((await billing.post('/api/v1/clients', { name: 'X' })).statusCode, 403);
    assert.equal((await billing.post(`/api/v1/clients/${acmeId}/archive`)).statusCode, 403);
    const tech = new Client(t.app);
    await tech.login('tech@portico.example');
    const made = await tech.post('/api/v1/clients', { name: 'Tech Made Ltd' });
    assert.equal(made.statusCode, 201, 'technicians manage clients');
  });

  test('archive hides the client and signs its contacts out; restore brings them back', async () => {
    const cobaltId = await clientIdByName(owner, 'Cobalt Legal');
    const contact = new Client(t.app);
    await contact.login('primary@cobalt.example');
    assert.equal((await contact.get('/api/v1/me')).statusCode, 200);

    const archived = await owner.post(`/api/v1/clients/${cobaltId}/archive`);
    assert.equal(archived.statusCode, 200);
    assert.ok(archived.json().archivedAt);
    assert.equal((await contact.get('/api/v1/me')).statusCode, 401, 'the session ends at once');
    const names = async (status: string) =>
      ((await owner.get(`/api/v1/clients?status=${status}&limit=100`)).json().items as ClientListItem[]).map(
        (c) => c.name,
      );
    assert.ok(!(await names('active')).includes('Cobalt Legal'));
    assert.ok((await names('archived')).includes('Cobalt Legal'));
    assert.ok((await names('all')).includes('Cobalt Legal'));
    assert.ok(!(await names('archived')).includes('Acme Manufacturing'));

    // Archiving twice changes nothing and records nothing more.
    await owner.post(`/api/v1/clients/${cobaltId}/archive`);
    assert.equal((await auditRows(t, 'client.archived')).filter((r) => r.target_id === cobaltId).length, 1);

    const restored = await owner.post(`/api/v1/clients/${cobaltId}/restore`);
    assert.equal(restored.statusCode, 200);
    assert.equal(restored.json().archivedAt, null);
    assert.equal((await auditRows(t, 'client.restored')).filter((r) => r.target_id === cobaltId).length, 1);
    const again = new Client(t.app);
    await again.login('primary@cobalt.example');
    assert.equal((await again.get('/api/v1/me')).statusCode, 200);
    assert.equal((await owner.post('/api/v1/clients/999999/archive')).statusCode, 404);
  });

  test('search is case-insensitive and takes % and _ literally', async () => {
    await owner.post('/api/v1/clients', { name: '100% Pure Juice' });
    await owner.post('/api/v1/clients', { name: '1000 Pure Things' });
    const q = async (text: string) =>
      (
        (await owner.get(`/api/v1/clients?q=${encodeURIComponent(text)}`)).json().items as ClientListItem[]
      ).map((c) => c.name);
    assert.deepEqual(await q('acme'), ['Acme Manufacturing']);
    assert.deepEqual(await q('100%'), ['100% Pure Juice']);
    assert.deepEqual(await q('zzz-nothing'), []);
  });

  test('pagination is stable: every client once, in order, for every sort', async () => {
    // Equal names make the id the tie-breaker; equal creation times too (the fake clock stands still).
    for (let i = 0; i < 14; i++) {
      const res = await owner.post('/api/v1/clients', {
        name: i % 3 === 0 ? 'Same Name Co' : `Page Co ${i}`,
      });
      assert.equal(res.statusCode, 201);
      if (i % 5 === 0) t.clock.advance(1000);
    }
    const all = ((await owner.get('/api/v1/clients?limit=100')).json().items as ClientListItem[]).map(
      (c) => c.id,
    );
    for (const [sort, order] of [
      ['name', 'asc'],
      ['name', 'desc'],
      ['created', 'asc'],
      ['created', 'desc'],
    ] as const) {
      const seen: ClientListItem[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/clients?limit=4&sort=${sort}&order=${order}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await owner.get(url);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json() as { items: ClientListItem[]; nextCursor: string | null };
        assert.ok(body.items.length <= 4);
        seen.push(...body.items);
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 50);
      const ids = seen.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, `${sort} ${order}: no duplicates`);
      assert.deepEqual([...ids].sort(), [...all].sort(), `${sort} ${order}: nothing missing`);
      // Pages joined end to end are exactly the one-page answer, in the database's own collation.
      const onePage = (
        (await owner.get(`/api/v1/clients?limit=100&sort=${sort}&order=${order}`)).json()
          .items as ClientListItem[]
      ).map((c) => c.id);
      assert.deepEqual(ids, onePage, `${sort} ${order}: same order as one page`);
      if (sort === 'created') {
        for (let i = 1; i < seen.length; i++) {
          const [p, c] = [seen[i - 1]!, seen[i]!];
          const cmp = p.createdAt < c.createdAt ? -1 : p.createdAt > c.createdAt ? 1 : Math.sign(p.id - c.id);
          assert.ok(order === 'asc' ? cmp < 0 : cmp > 0, `${sort} ${order}: in order at ${i}`);
        }
      }
    }
  });

  test('bad list parameters say what to fix', async () => {
    for (const query of [
      'sort=password',
      'order=sideways',
      'limit=0',
      'limit=1000',
      'status=deleted',
      'x=1',
    ]) {
      const res = await owner.get(`/api/v1/clients?${query}`);
      assert.equal(res.statusCode, 400, query);
      assert.equal(errorOf(res).code, 'validation_failed');
    }
    const badCursor = await owner.get('/api/v1/clients?cursor=not-a-cursor');
    assert.equal(badCursor.statusCode, 400);
    assert.ok(errorOf(badCursor).fields?.cursor);
  });

  test('the directory endpoints are described in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const paths = Object.keys(res.json().paths as Record<string, unknown>);
    for (const p of [
      '/api/v1/clients',
      '/api/v1/clients/{clientId}',
      '/api/v1/clients/{clientId}/contacts/{contactId}',
      '/api/v1/clients/{clientId}/contacts/import',
      '/api/v1/contacts/export',
      '/api/v1/colleagues/{contactId}',
    ]) {
      assert.ok(paths.includes(p), p);
    }
  });
});
