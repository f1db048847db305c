import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ContactImportResponse, ContactResponse } from '../../../shared/schemas/contacts.ts';
import { Client, clientIdByName, createTestApp, errorOf, setUp, type TestApp } from '../../test/harness.ts';
import { contactsService } from './contacts.service.ts';

async function contactsOf(owner: Client, clientId: number, query = ''): Promise<ContactResponse[]> {
  const res = await owner.get(`/api/v1/clients/${clientId}/contacts?limit=100${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items as ContactResponse[];
}

async function byEmail(owner: Client, clientId: number, email: string): Promise<ContactResponse> {
  const found = (await contactsOf(owner, clientId)).find((c) => c.email === email);
  if (!found) throw new Error(`no contact ${email}`);
  return found;
}

async function auditRows(t: TestApp, action: string) {
  return t.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();
}

async function countContacts(t: TestApp, clientId: number): Promise<number> {
  const row = await t.db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('contacts of a client (staff)', () => {
  let t: TestApp;
  let owner: Client;
  let acmeId: number;
  let birchId: number;
  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    birchId = await clientIdByName(owner, 'Birchwood Dental');
  });
  after(() => t.close());

  test('every contacts endpoint refuses the unauthenticated (401), contacts (403), viewers changing (403)', async () => {
    const alice = await byEmail(owner, acmeId, 'primary@acme.example');
    const base = `/api/v1/clients/${acmeId}/contacts`;
    const calls: [string, 'GET' | 'POST' | 'PATCH', string, unknown?, boolean?][] = [
      ['list', 'GET', base, undefined, true],
      ['create', 'POST', base, { name: 'Nope' }],
      ['read', 'GET', `${base}/${alice.id}`, undefined, true],
      ['edit', 'PATCH', `${base}/${alice.id}`, { title: 'Boss' }],
      ['deactivate', 'POST', `${base}/${alice.id}/deactivate`],
      ['reactivate', 'POST', `${base}/${alice.id}/reactivate`],
      ['import', 'POST', `${base}/import?dryRun=true`, { csv: 'name\nA' }],
      ['export', 'GET', `${base}/export`, undefined, true],
      ['export all', 'GET', '/api/v1/contacts/export', undefined, true],
    ];
    const anon = new Client(t.app);
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const viewer = new Client(t.app);
    await viewer.login('readonly@portico.example');
    for (const [what, method, url, body, readOnly] of calls) {
      const opts = body === undefined ? {} : { body };
      assert.equal((await anon.request(method, url, opts)).statusCode, 401, `${what} unauthenticated`);
      assert.equal((await contact.request(method, url, opts)).statusCode, 403, `${what} as a contact`);
      assert.equal(
        (await viewer.request(method, url, opts)).statusCode,
        readOnly ? 200 : 403,
        `${what} as read-only staff`,
      );
    }
  });

  test('create: 201 with presets and switches; bad input and mass assignment are refused, nothing written', async () => {
    const before = await countContacts(t, acmeId);
    const bad = await owner.post(`/api/v1/clients/${acmeId}/contacts`, {
      name: '',
      email: 'not-an-email',
      presets: ['gold'],
      switches: { flyPlanes: true },
    });
    assert.equal(bad.statusCode, 400);
    for (const extra of [
      { client_id: birchId },
      { clientId: birchId },
      { status: 'inactive' },
      { id: 1 },
      { permissions: ['invoices:pay'] },
    ]) {
      const res = await owner.post(`/api/v1/clients/${acmeId}/contacts`, { name: 'Sneaky', ...extra });
      assert.equal(res.statusCode, 400, `refuses ${Object.keys(extra)[0]}`);
    }
    assert.equal(await countContacts(t, acmeId), before);
    assert.equal(await countContacts(t, birchId), 2);

    const res = await owner.post(`/api/v1/clients/${acmeId}/contacts`, {
      name: 'Frank Ocean',
      title: 'Office manager',
      department: 'Operations',
      email: 'Frank@Acme.example ',
      phone: '+44 1',
      mobile: '',
      presets: ['technical', 'billing'],
      switches: { payInvoices: false, raiseTickets: null },
    });
    assert.equal(res.statusCode, 201, res.body);
    const frank = res.json() as ContactResponse;
    assert.equal(frank.clientId, acmeId);
    assert.equal(frank.email, 'frank@acme.example');
    assert.equal(frank.mobile, null);
    assert.deepEqual(frank.presets, ['billing', 'technical']);
    assert.deepEqual(frank.switches, { payInvoices: false });
    assert.ok(frank.permissions.includes('invoices:view'));
    assert.ok(!frank.permissions.includes('invoices:pay'), 'the switch withholds');
    assert.equal(frank.status, 'active');
    assert.equal(frank.login, null);
    assert.ok((await auditRows(t, 'contact.created')).some((r) => r.target_id === frank.id));

    const dup = await owner.post(`/api/v1/clients/${acmeId}/contacts`, {
      name: 'Frank Again',
      email: 'FRANK@acme.example',
    });
    assert.equal(dup.statusCode, 400);
    assert.match(errorOf(dup).fields?.email ?? '', /already has this email/);
    const elsewhere = await owner.post(`/api/v1/clients/${birchId}/contacts`, {
      name: 'Frank Elsewhere',
      email: 'frank@acme.example',
    });
    assert.equal(elsewhere.statusCode, 201, 'the same person may be a contact of another client');
    assert.equal((await owner.post('/api/v1/clients/999999/contacts', { name: 'X' })).statusCode, 404);
  });

  test('another client’s contact is not found through this client (404), and nothing changes', async () => {
    const fatima = await byEmail(owner, birchId, 'primary@birchwood.example');
    const base = `/api/v1/clients/${acmeId}/contacts/${fatima.id}`;
    assert.equal((await owner.get(base)).statusCode, 404);
    assert.equal(errorOf(await owner.get(base)).code, 'not_found');
    assert.equal((await owner.patch(base, { name: 'Hijacked' })).statusCode, 404);
    assert.equal((await owner.post(`${base}/deactivate`)).statusCode, 404);
    assert.equal((await owner.post(`${base}/reactivate`)).statusCode, 404);
    const still = await byEmail(owner, birchId, 'primary@birchwood.example');
    assert.equal(still.name, 'Fatima Rahman');
    assert.equal(still.status, 'active');
    await assert.rejects(contactsService.getForStaff(t.db, acmeId, fatima.id), /not found/);
    assert.equal((await contactsService.getForStaff(t.db, birchId, fatima.id)).id, fatima.id);
  });

  test('permission changes are audited with before and after', async () => {
    const ben = await byEmail(owner, acmeId, 'billing@acme.example');
    const res = await owner.patch(`/api/v1/clients/${acmeId}/contacts/${ben.id}`, {
      presets: ['billing', 'standard'],
      switches: { approveQuotes: false },
    });
    assert.equal(res.statusCode, 200, res.body);
    const after = res.json() as ContactResponse;
    assert.deepEqual(after.presets, ['billing', 'standard']);
    assert.ok(!after.permissions.includes('quotes:approve'));
    const row = (await auditRows(t, 'contact.permissions_changed')).find((r) => r.target_id === ben.id);
    assert.ok(row, 'contact.permissions_changed recorded');
    const details = JSON.parse(row.details);
    assert.deepEqual(details.before, { presets: ['billing'], switches: {} });
    assert.deepEqual(details.after, { presets: ['billing', 'standard'], switches: { approveQuotes: false } });
    assert.ok(details.withdrawn.includes('quotes:approve'));
    assert.ok(details.granted.includes('tickets:create'));
    assert.equal(row.client_id, acmeId);
    // The signed-in contact's access changes at once.
    const benSession = new Client(t.app);
    await benSession.login('billing@acme.example');
    assert.ok(!(await benSession.get('/api/v1/me')).json().permissions.includes('quotes:approve'));
    // A details-only edit is not a permission change.
    const count = (await auditRows(t, 'contact.permissions_changed')).length;
    await owner.patch(`/api/v1/clients/${acmeId}/contacts/${ben.id}`, { title: 'Accounts' });
    assert.equal((await auditRows(t, 'contact.permissions_changed')).length, count);
    assert.ok((await auditRows(t, 'contact.updated')).some((r) => r.target_id === ben.id));
  });

  test('deactivating disables the login and signs it out at once; reactivating lets it back in', async () => {
    const dana = await byEmail(owner, acmeId, 'standard@acme.example');
    const session = new Client(t.app);
    await session.login('standard@acme.example');
    assert.equal((await session.get('/api/v1/me')).statusCode, 200);

    const off = await owner.post(`/api/v1/clients/${acmeId}/contacts/${dana.id}/deactivate`);
    assert.equal(off.statusCode, 200);
    assert.equal(off.json().status, 'inactive');
    assert.equal(off.json().login.status, 'disabled');
    assert.equal((await session.get('/api/v1/me')).statusCode, 401, 'signed out at once');
    const retry = await new Client(t.app).post('/api/v1/auth/login', {
      email: 'standard@acme.example',
      password: 'portico-demo',
    });
    assert.notEqual(retry.statusCode, 200, 'cannot sign in while inactive');
    assert.ok((await auditRows(t, 'contact.deactivated')).some((r) => r.target_id === dana.id));

    const on = await owner.post(`/api/v1/clients/${acmeId}/contacts/${dana.id}/reactivate`);
    assert.equal(on.statusCode, 200);
    assert.equal(on.json().status, 'active');
    assert.equal(on.json().login.status, 'active');
    const back = new Client(t.app);
    await back.login('standard@acme.example');
    assert.equal((await back.get('/api/v1/me')).statusCode, 200);
    assert.ok((await auditRows(t, 'contact.reactivated')).some((r) => r.target_id === dana.id));
  });

  test('a login email stays unique among accounts; renaming and re-addressing keep the login in step', async () => {
    const evan = await byEmail(owner, acmeId, 'readonly@acme.example');
    const url = `/api/v1/clients/${acmeId}/contacts/${evan.id}`;
    const taken = await owner.patch(url, { email: 'primary@birchwood.example' });
    assert.equal(taken.statusCode, 400);
    assert.match(errorOf(taken).fields?.email ?? '', /already signs in/);
    const staffEmail = await owner.patch(url, { email: 'tech@portico.example' });
    assert.equal(staffEmail.statusCode, 400);
    const cleared = await owner.patch(url, { email: null });
    assert.equal(cleared.statusCode, 400);
    assert.match(errorOf(cleared).fields?.email ?? '', /signs in/);

    const moved = await owner.patch(url, { email: 'evan.brooks@acme.example', name: 'Evan B. Brooks' });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().login.email, 'evan.brooks@acme.example');
    const session = new Client(t.app);
    const me = await session.login('evan.brooks@acme.example');
    assert.equal(me.kind, 'contact');
    assert.equal((await session.get('/api/v1/me')).json().name, 'Evan B. Brooks');
  });

  test('internal notes never reach a contact', async () => {
    const secret = 'INTERNAL-ONLY-7731';
    await owner.patch(`/api/v1/clients/${acmeId}`, { notes: secret });
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const alice = await byEmail(owner, acmeId, 'primary@acme.example');
    for (const url of ['/api/v1/me', '/api/v1/colleagues', `/api/v1/colleagues/${alice.id}`]) {
      const res = await contact.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.ok(!res.body.includes(secret), `${url} carries no notes`);
      assert.ok(!/"notes"/.test(res.body), `${url} has no notes field`);
    }
  });

  test('list: filters by status and login, searches name and email, pages without duplicates', async () => {
    const csv = [
      'name,email',
      ...Array.from({ length: 23 }, (_, i) => `Pager ${i % 4},pager${i}@acme.example`),
    ];
    const imported = await owner.post(`/api/v1/clients/${acmeId}/contacts/import`, { csv: csv.join('\n') });
    assert.equal(imported.statusCode, 200, imported.body);
    const all = await contactsOf(owner, acmeId);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await owner.get(
        `/api/v1/clients/${acmeId}/contacts?limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const body = res.json() as { items: ContactResponse[]; nextCursor: string | null };
      seen.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length, 'no duplicates across pages');
    assert.deepEqual([...seen].sort(), all.map((c) => c.id).sort(), 'every contact once');

    const withLogin = await contactsOf(owner, acmeId, '&login=with');
    assert.ok(withLogin.length >= 4 && withLogin.every((c) => c.login !== null));
    const without = await contactsOf(owner, acmeId, '&login=without');
    assert.ok(without.every((c) => c.login === null) && without.length >= 23);
    const found = await contactsOf(owner, acmeId, '&q=PAGER7%40');
    assert.deepEqual(
      found.map((c) => c.email),
      ['pager7@acme.example'],
    );
    assert.equal((await owner.get(`/api/v1/clients/${acmeId}/contacts?sort=email`)).statusCode, 400);
    assert.equal((await owner.get('/api/v1/clients/999999/contacts')).statusCode, 404);
  });
});

describe('contacts: CSV import and export', () => {
  let t: TestApp;
  let owner: Client;
  let acmeId: number;
  let birchId: number;
  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    acmeId = await clientIdByName(owner, 'Acme Manufacturing');
    birchId = await clientIdByName(owner, 'Birchwood Dental');
  });
  after(() => t.close());

  const importUrl = (clientId: number, dryRun: boolean) =>
    `/api/v1/clients/${clientId}/contacts/import?dryRun=${dryRun}`;

  test('a preview shows what would be created and every problem by line, and writes nothing', async () => {
    const before = await countContacts(t, acmeId);
    const csv = [
      'Name,Email,Title,Department,Phone,Mobile,Preset',
      'Gina Park,gina@acme.example,CFO,Finance,,,Billing+Technical',
      '',
      '"Hugo\nMulti-line",hugo@acme.example,,,,,',
      ',nobody@acme.example,,,,,standard',
      'Ivy Dup,gina@acme.example,,,,,standard',
      'Jo Exists,primary@acme.example,,,,,standard',
      'Kai Bad,not-an-email,,,,,gold',
      'Lee Short,lee@acme.example',
      'Mo Fine,mo@acme.example,,,,,read only; standard',
    ].join('\r\n');
    const res = await owner.post(importUrl(acmeId, true), { csv });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as ContactImportResponse;
    assert.equal(body.dryRun, true);
    assert.equal(body.imported, 0);
    assert.deepEqual(
      body.rows.map((r) => [r.line, r.name, r.presets.join('+')]),
      [
        [2, 'Gina Park', 'billing+technical'],
        [4, 'Hugo\nMulti-line', 'standard'],
        [11, 'Mo Fine', 'standard+read-only'],
      ],
    );
    const problems = body.errors.map((e) => [e.line, e.field]);
    assert.deepEqual(problems, [
      [6, 'name'],
      [7, 'email'],
      [8, 'email'],
      [9, 'email'],
      [9, 'preset'],
      [10, null],
    ]);
    assert.match(body.errors.find((e) => e.line === 7)!.message, /also on line 2/);
    assert.match(body.errors.find((e) => e.line === 8)!.message, /already belongs/);
    assert.match(
      body.errors.find((e) => e.line === 10)!.message,
      /^This line has 2 values; the header has 7\.$/,
    );
    // The same problems in the reader's language (Accept-Language), lines and fields unchanged.
    const german = (
      await owner.post(importUrl(acmeId, true), { csv }, { headers: { 'accept-language': 'de' } })
    ).json() as ContactImportResponse;
    assert.deepEqual(
      german.errors.map((e) => [e.line, e.field]),
      problems,
    );
    const de = (line: number, field: string | null) =>
      german.errors.find((e) => e.line === line && e.field === field)?.message;
    assert.equal(de(7, 'email'), 'gina@acme.example steht auch in Zeile 2.');
    assert.equal(de(8, 'email'), 'primary@acme.example gehört bereits zu einem Kontakt dieses Kunden.');
    assert.match(
      de(9, 'preset') ?? '',
      /^„gold“ ist keine Vorlage; verwenden Sie Primary, Billing, .*, verbunden mit „\+“ oder „;“\.$/,
    );
    assert.equal(de(10, null), 'Diese Zeile hat 2 Werte; die Kopfzeile hat 7.');
    assert.equal(await countContacts(t, acmeId), before, 'a preview writes nothing');
  });

  test('a real import with any bad row writes nothing; a clean one writes every row in one go', async () => {
    const before = await countContacts(t, acmeId);
    const bad = ['name,email,preset', 'Nina Good,nina@acme.example,standard', 'Oscar Bad,oscar@,standard'];
    const refused = await owner.post(importUrl(acmeId, false), { csv: bad.join('\n') });
    assert.equal(refused.statusCode, 400);
    assert.equal(errorOf(refused).code, 'validation_failed');
    assert.match(errorOf(refused).message, /Nothing was imported/);
    assert.ok(errorOf(refused).fields?.['line 3.email']);
    const polish = await owner.post(
      importUrl(acmeId, false),
      { csv: bad.join('\n') },
      { headers: { 'accept-language': 'pl' } },
    );
    assert.equal(errorOf(polish).code, 'validation_failed');
    assert.equal(errorOf(polish).fields?.['line 3.email'], 'Wpisz prawidłowy adres e-mail');
    assert.equal(await countContacts(t, acmeId), before, 'nothing written');
    assert.equal((await auditRows(t, 'contact.imported')).length, 0);

    const good = [
      'name,email,title,department,phone,mobile,preset',
      'Nina Good,nina@acme.example,Engineer,IT,+44 1,+44 2,technical',
      'Pat Plain,,,,,,',
    ];
    const done = await owner.post(importUrl(acmeId, false), { csv: good.join('\n') });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().imported, 2);
    assert.equal(await countContacts(t, acmeId), before + 2);
    const nina = await byEmail(owner, acmeId, 'nina@acme.example');
    assert.deepEqual(nina.presets, ['technical']);
    assert.equal(nina.title, 'Engineer');
    assert.equal(nina.login, null, 'imported contacts have no login until invited');
    const audit = await auditRows(t, 'contact.imported');
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0]!.details).count, 2);
    assert.equal(audit[0]!.client_id, acmeId);

    // The same file again: every email now exists in this client, so nothing is written.
    const again = await owner.post(importUrl(acmeId, false), { csv: good.slice(0, 2).join('\n') });
    assert.equal(again.statusCode, 400);
    assert.equal(await countContacts(t, acmeId), before + 2);
  });

  test('files that are not contact lists are refused with a reason on line 1', async () => {
    for (const [csv, pattern] of [
      ['email,preset\na@b.example,standard', /“name” column/],
      ['name,password\nA,secret', /Unknown column “password”/],
      ['name,name\nA,B', /appears twice/],
      ['name\n', /no contacts/],
      ['name,email\n"Unclosed,a@b.example\n', /not valid CSV/],
    ] as const) {
      const res = await owner.post(importUrl(acmeId, true), { csv });
      assert.equal(res.statusCode, 200);
      const body = res.json() as ContactImportResponse;
      assert.equal(body.rows.length, 0, csv);
      assert.match(body.errors[0]?.message ?? '', pattern, csv);
    }
    for (const body of [{}, { csv: '' }, { csv: 'name\nA', clientId: birchId }]) {
      assert.equal((await owner.post(importUrl(acmeId, true), body)).statusCode, 400);
    }
    assert.equal(
      (await owner.post(`/api/v1/clients/${acmeId}/contacts/import?dryRun=maybe`, { csv: 'name\nA' }))
        .statusCode,
      400,
    );
    assert.equal((await owner.post(importUrl(999999, true), { csv: 'name\nA' })).statusCode, 404);
  });

  test('export: a client’s contacts and all contacts as CSV, formulas neutralised, audited', async () => {
    const evil = await owner.post(`/api/v1/clients/${birchId}/contacts`, {
      name: "=cmd|' /C calc'!A0",
      title: '@SUM(A1)',
      department: '+1',
    });
    assert.equal(evil.statusCode, 201);
    const res = await owner.get(`/api/v1/clients/${birchId}/contacts/export`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="contacts-birchwood-dental-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = res.body.trim().split('\r\n');
    assert.equal(
      lines[0],
      'name,email,title,department,phone,mobile,preset,status,portal_login,last_sign_in',
    );
    assert.ok(res.body.includes("'=cmd|"), 'the formula is neutralised');
    assert.ok(!/(^|,)=cmd/m.test(res.body), 'no cell starts with =');
    assert.ok(res.body.includes("'@SUM(A1)") && res.body.includes("'+1"));
    assert.ok(res.body.includes('primary@birchwood.example'));
    assert.ok(!res.body.includes('acme.example'), 'only this client’s contacts');
    assert.match(res.body, /office@birchwood\.example,,,,,billing\+technical,active,active,/);

    const all = await owner.get('/api/v1/contacts/export');
    assert.equal(all.statusCode, 200);
    assert.ok(all.body.startsWith('client,name,email'));
    assert.ok(all.body.includes('Acme Manufacturing,Alice Moreau,primary@acme.example'));
    assert.ok(all.body.includes('Cobalt Legal,'));

    const audit = await auditRows(t, 'contact.exported');
    assert.equal(audit.length, 2);
    assert.equal(audit[0]!.client_id, birchId);
    assert.equal(audit[1]!.client_id, null);

    // What an export writes, an import reads back (export-only columns are accepted and ignored).
    const back = await owner.post(importUrl(acmeId, true), { csv: res.body });
    assert.equal(back.statusCode, 200);
    const preview = back.json() as ContactImportResponse;
    assert.equal(preview.errors.length, 0, JSON.stringify(preview.errors));
    assert.ok(preview.rows.some((r) => r.email === 'office@birchwood.example'));
    assert.equal((await owner.get('/api/v1/clients/999999/contacts/export')).statusCode, 404);
  });
});
