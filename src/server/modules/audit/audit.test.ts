import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { endOfDay, startOfDay } from '../../../shared/format/zoned-day.ts';
import { AUDIT_EXPORT_MAX_ROWS } from '../../../shared/schemas/audit.ts';
import type { StaffActor } from '../../platform/actor.ts';
import { Client, createTestApp, errorOf, OWNER, setUp, type TestApp } from '../../test/harness.ts';
import { createAuditService } from './audit.service.ts';

interface Item {
  id: number;
  at: string;
  action: string;
  actor: { kind: string; accountId: number | null; name: string | null };
  client: { id: number; name: string | null } | null;
  target: { type: string; id: number } | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

describe('days in the organisation time zone', () => {
  test('midnight in New York and Berlin, across a DST change', () => {
    assert.equal(startOfDay('2026-03-02', 'UTC').toISOString(), '2026-03-02T00:00:00.000Z');
    assert.equal(startOfDay('2026-03-02', 'America/New_York').toISOString(), '2026-03-02T05:00:00.000Z');
    assert.equal(startOfDay('2026-07-01', 'Europe/Berlin').toISOString(), '2026-06-30T22:00:00.000Z');
    // New York springs forward on 8 March 2026: that day is 23 hours long.
    assert.equal(endOfDay('2026-03-08', 'America/New_York').toISOString(), '2026-03-09T04:00:00.000Z');
    assert.equal(endOfDay('2026-12-31', 'Asia/Tokyo').toISOString(), '2026-12-31T15:00:00.000Z');
  });
});

describe('audit log API', () => {
  let t: TestApp;
  let owner: Client;
  let acmeId: number;
  let birchwoodId: number;
  let billingAccountId: number;

  const list = async (c: Client, query = '') => c.get(`/api/v1/audit${query ? `?${query}` : ''}`);

  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
    const clients = await t.db.selectFrom('clients').select(['id', 'name']).execute();
    acmeId = clients.find((c) => c.name === 'Acme Manufacturing')!.id;
    birchwoodId = clients.find((c) => c.name === 'Birchwood Dental')!.id;
    billingAccountId = (
      await t.db
        .selectFrom('accounts')
        .select('id')
        .where('email', '=', 'billing@acme.example')
        .executeTakeFirstOrThrow()
    ).id;
    // Sign-ins at known times: Acme's billing contact twice, Birchwood's primary once, one failure.
    t.clock.set(new Date('2026-03-02T04:30:00.000Z')); // 1 March, 23:30 in New York
    await new Client(t.app).login('billing@acme.example');
    t.clock.set(new Date('2026-03-02T15:00:00.000Z')); // 2 March, 10:00 in New York
    await new Client(t.app).login('billing@acme.example');
    await new Client(t.app).login('primary@birchwood.example');
    await new Client(t.app).post('/api/v1/auth/login', {
      email: 'primary@acme.example',
      password: 'wrong-password-here',
    });
    t.clock.set(new Date('2026-03-03T06:00:00.000Z')); // 3 March, 01:00 in New York
    await t.services.deps.audit.record(t.db, {
      actor: { anonymous: '=HYPERLINK("http://evil.example")' },
      action: 'auth.login_failed',
      clientId: acmeId,
      details: { reason: 'unknown email', password: 'must-not-be-kept', resetToken: 'nor-this' },
      meta: { ip: '203.0.113.9', userAgent: '+SUM(1,2)' },
    });
    await owner.login(OWNER.email, OWNER.password);
    const tz = await owner.patch('/api/v1/settings', { timeZone: 'America/New_York' });
    assert.equal(tz.statusCode, 200);
  });
  after(() => t.close());

  test('401 without a session', async () => {
    const res = await list(new Client(t.app));
    assert.equal(res.statusCode, 401);
    assert.equal((await new Client(t.app).get('/api/v1/audit/export.csv')).statusCode, 401);
  });

  test('403 for staff without audit:view and for contacts', async () => {
    const tech = new Client(t.app);
    await tech.login('tech@portico.example');
    assert.equal((await list(tech)).statusCode, 403);
    assert.equal((await tech.get('/api/v1/audit/export.csv')).statusCode, 403);
    assert.equal((await tech.get('/api/v1/audit/people')).statusCode, 403);
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const res = await list(contact);
    assert.equal(res.statusCode, 403);
    assert.equal(errorOf(res).code, 'forbidden');
  });

  test('400 for bad filters, saying which field', async () => {
    const cases: [string, string][] = [
      ['action=auth.nothing', 'action'],
      ['from=2026-02-30', 'from'],
      ['from=yesterday', 'from'],
      ['from=2026-03-05&to=2026-03-01', 'to'],
      ['from=2026-03-02T10:00:00', 'from'], // an instant without its offset is ambiguous
      ['to=2026-03-02T25:00:00Z', 'to'],
      ['from=2026-03-02T10:00:00Z&to=2026-03-02T09:00:00%2B00:00', 'to'],
      ['clientId=abc', 'clientId'],
      ['cursor=not-a-cursor', 'cursor'],
      ['limit=1000', 'limit'],
      ['sort=at', 'sort'],
    ];
    for (const [query, field] of cases) {
      const res = await list(owner, query);
      assert.equal(res.statusCode, 400, query);
      const named = Object.keys(errorOf(res).fields ?? {}).some(
        (k) => k === field || k.startsWith(`${field}.`),
      );
      assert.ok(named, `${query} names ${field}: ${res.body}`);
    }
  });

  test('the owner reads the log newest first, with actor, client, IP and browser', async () => {
    const res = await list(owner);
    assert.equal(res.statusCode, 200);
    const page = res.json() as Page;
    const ats = page.items.map((i) => i.at);
    assert.deepEqual(ats, [...ats].sort().reverse(), 'newest first');
    const login = page.items.find((i) => i.action === 'auth.login' && i.actor.accountId === billingAccountId);
    assert.ok(login);
    assert.equal(login.actor.kind, 'contact');
    assert.equal(login.actor.name, 'Ben Carter');
    assert.deepEqual(login.client, { id: acmeId, name: 'Acme Manufacturing' });
    assert.equal(login.ip, '127.0.0.1');
    assert.equal(typeof login.userAgent, 'string');
    const settings = page.items.find((i) => i.action === 'settings.updated');
    assert.equal(settings?.actor.kind, 'staff');
    assert.deepEqual(settings?.details, { changed: ['timeZone'] });
  });

  test('details never carry secrets', async () => {
    const page = (await list(owner, 'action=auth.login_failed')).json() as Page;
    const planted = page.items.find((i) => i.ip === '203.0.113.9');
    assert.deepEqual(planted?.details, { reason: 'unknown email' });
    assert.ok(!JSON.stringify(page).includes('must-not-be-kept'));
  });

  test('filters: client, person, one or several actions', async () => {
    const acme = (await list(owner, `clientId=${acmeId}`)).json() as Page;
    assert.ok(acme.items.length >= 3);
    assert.ok(acme.items.every((i) => i.client?.id === acmeId));
    const birch = (await list(owner, `clientId=${birchwoodId}`)).json() as Page;
    assert.equal(birch.items.length, 1);

    const person = (await list(owner, `actorId=${billingAccountId}`)).json() as Page;
    assert.equal(person.items.length, 2);
    assert.ok(person.items.every((i) => i.actor.accountId === billingAccountId));

    const failed = (await list(owner, 'action=auth.login_failed')).json() as Page;
    assert.ok(failed.items.length >= 2 && failed.items.every((i) => i.action === 'auth.login_failed'));
    const repeated = (await list(owner, 'action=auth.login_failed&action=settings.updated')).json() as Page;
    const commas = (await list(owner, 'action=auth.login_failed,settings.updated')).json() as Page;
    assert.deepEqual(
      new Set(repeated.items.map((i) => i.action)),
      new Set(['auth.login_failed', 'settings.updated']),
    );
    assert.deepEqual(
      repeated.items.map((i) => i.id),
      commas.items.map((i) => i.id),
    );
    const none = (await list(owner, `clientId=${birchwoodId}&action=auth.logout`)).json() as Page;
    assert.deepEqual(none.items, []);
  });

  test('dates are days in the organisation time zone (New York here)', async () => {
    const q = `actorId=${billingAccountId}`;
    const first = (await list(owner, `${q}&from=2026-03-01&to=2026-03-01`)).json() as Page;
    assert.deepEqual(
      first.items.map((i) => i.at),
      ['2026-03-02T04:30:00.000Z'],
      'at 04:30 UTC it was still 1 March in New York',
    );
    const second = (await list(owner, `${q}&from=2026-03-02`)).json() as Page;
    assert.deepEqual(
      second.items.map((i) => i.at),
      ['2026-03-02T15:00:00.000Z'],
    );
    const byDayEnd = (await list(owner, 'action=auth.login_failed&to=2026-03-02')).json() as Page;
    assert.ok(byDayEnd.items.every((i) => i.at < '2026-03-03T05:00:00.000Z'));
    assert.ok(!byDayEnd.items.some((i) => i.ip === '203.0.113.9'), '01:00 on 3 March is outside');
  });

  test('instants are taken as they are: from included, to not (the web app sends its viewer’s days so)', async () => {
    const q = `actorId=${billingAccountId}`;
    // 1 March in Tokyo, as the web app sends it for a viewer there: 28 Feb 15:00 UTC to 1 March 15:00 UTC.
    const tokyo = (
      await list(owner, `${q}&from=2026-02-28T15:00:00.000Z&to=2026-03-01T15:00:00.000Z`)
    ).json() as Page;
    assert.deepEqual(
      tokyo.items,
      [],
      'in Tokyo neither event was on 1 March (13:30 on 2 March, 00:00 on 3 March)',
    );
    const exact = (
      await list(owner, `${q}&from=2026-03-02T04:30:00.000Z&to=2026-03-02T15:00:00.000Z`)
    ).json() as Page;
    assert.deepEqual(
      exact.items.map((i) => i.at),
      ['2026-03-02T04:30:00.000Z'],
      'from is included, to is not',
    );
    const offset = (
      await list(owner, `${q}&from=${encodeURIComponent('2026-03-02T16:00:00+01:00')}`)
    ).json() as Page;
    assert.deepEqual(
      offset.items.map((i) => i.at),
      ['2026-03-02T15:00:00.000Z'],
      'an offset is honoured',
    );
  });

  test('keyset pagination walks every row once, newest first', async () => {
    const all = (await list(owner, 'limit=100')).json() as Page;
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(owner, `limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200);
      const page = res.json() as Page;
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      all.items.map((i) => i.id),
    );
    assert.equal(new Set(seen).size, seen.length);
  });

  test('people and clients to filter by, searched by name', async () => {
    const people = (await owner.get('/api/v1/audit/people?q=ben')).json() as {
      items: { accountId: number; name: string; kind: string; clientName: string | null }[];
    };
    assert.deepEqual(
      people.items.map((p) => [p.accountId, p.name, p.kind, p.clientName]),
      [[billingAccountId, 'Ben Carter', 'contact', 'Acme Manufacturing']],
    );
    const pct = (await owner.get('/api/v1/audit/people?q=%25')).json() as { items: unknown[] };
    assert.deepEqual(pct.items, [], '% is a character, not a wildcard');
    const clients = (await owner.get('/api/v1/audit/clients?q=birch')).json() as {
      items: { id: number; name: string }[];
    };
    assert.deepEqual(
      clients.items.map((c) => c.name),
      ['Birchwood Dental'],
    );
  });

  test('CSV export: same filters, formulas neutralised, and the export is audited', async () => {
    const res = await owner.get(`/api/v1/audit/export.csv?clientId=${acmeId}`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="audit-log-[\d-]+\.csv"$/,
    );
    assert.equal(res.headers['x-portico-export-truncated'], 'false');
    assert.equal(res.headers['x-portico-export-max-rows'], String(AUDIT_EXPORT_MAX_ROWS));
    const rows = parse(res.body, { bom: true }) as string[][];
    const [header, ...data] = rows;
    assert.equal(header?.[0], 'Time (UTC)');
    assert.equal(header?.[1], 'Time (America/New_York)', 'the zone of the local times is named');
    const apiRows = (await list(owner, `clientId=${acmeId}&limit=100`)).json() as Page;
    assert.equal(data.length, apiRows.items.length);
    const planted = data.find((r) => r.includes('203.0.113.9'));
    assert.ok(planted);
    assert.ok(planted.includes(`'=HYPERLINK("http://evil.example")`), 'formula is neutralised');
    assert.ok(planted.includes("'+SUM(1,2)"));
    assert.ok(planted.includes('2026-03-03 01:00:00'), 'local time in New York');

    const exported = (await list(owner, 'action=audit.exported')).json() as Page;
    assert.equal(exported.items[0]?.actor.name, OWNER.name);
    assert.deepEqual(exported.items[0]?.details, {
      filters: { clientId: acmeId },
      rows: data.length,
      truncated: false,
    });
  });

  test('the export speaks the request’s language: German headers and action names, codes unchanged', async () => {
    const english = parse((await owner.get(`/api/v1/audit/export.csv?clientId=${acmeId}`)).body, {
      bom: true,
    }) as string[][];
    assert.deepEqual(english[0]?.slice(2, 4), ['Action', 'Action code']);
    const failedEn = english.find((r) => r[3] === 'auth.login_failed');
    assert.equal(failedEn?.[2], 'Sign-in failed');

    // A German browser (Accept-Language), the person having chosen no language of their own.
    const res = await owner.get(`/api/v1/audit/export.csv?clientId=${acmeId}`, {
      'accept-language': 'de-DE,de;q=0.9,en;q=0.5',
    });
    assert.equal(res.statusCode, 200);
    const [header, ...data] = parse(res.body, { bom: true }) as string[][];
    assert.deepEqual(header, [
      'Zeit (UTC)',
      'Zeit (America/New_York)',
      'Aktion',
      'Aktionscode',
      'Art des Akteurs',
      'Akteur',
      'Konto-ID des Akteurs',
      'Kunde',
      'Kunden-ID',
      'Zieltyp',
      'Ziel-ID',
      'IP-Adresse',
      'Browser',
      'Details',
    ]);
    const failed = data.find((r) => r[3] === 'auth.login_failed');
    assert.equal(failed?.[2], 'Anmeldung fehlgeschlagen', 'the action in words, in German');
    assert.equal(data.length, english.length - 1, 'the same rows');

    // A person who chose German gets it whatever their browser says.
    const own = await owner.request('PUT', '/api/v1/profile/locale', { body: { language: 'de' } });
    assert.equal(own.statusCode, 200, own.body);
    try {
      const chosen = await owner.get(`/api/v1/audit/export.csv?clientId=${acmeId}`, {
        'accept-language': 'fr',
      });
      const [chosenHeader] = parse(chosen.body, { bom: true }) as string[][];
      assert.equal(chosenHeader?.[0], 'Zeit (UTC)');
    } finally {
      await owner.request('PUT', '/api/v1/profile/locale', { body: { language: null } });
    }
  });

  test('a viewer with their own time zone: the export’s times and the API’s days are in it, as on the audit page', async () => {
    const own = await owner.request('PUT', '/api/v1/profile/locale', { body: { timeZone: 'Asia/Tokyo' } });
    assert.equal(own.statusCode, 200);
    try {
      const res = await owner.get(`/api/v1/audit/export.csv?clientId=${acmeId}`);
      assert.equal(res.statusCode, 200);
      const [header, ...data] = parse(res.body, { bom: true }) as string[][];
      assert.equal(header?.[1], 'Time (Asia/Tokyo)');
      const planted = data.find((r) => r.includes('203.0.113.9'));
      assert.equal(planted?.[0], '2026-03-03T06:00:00.000Z');
      assert.equal(planted?.[1], '2026-03-03 15:00:00', '06:00 UTC is 15:00 in Tokyo, not 01:00 in New York');
      // 2 March in Tokyo holds 04:30 UTC (1 March in New York) but not 15:00 UTC (3 March in Tokyo).
      const q = `actorId=${billingAccountId}`;
      const march2 = (await list(owner, `${q}&from=2026-03-02&to=2026-03-02`)).json() as Page;
      assert.deepEqual(
        march2.items.map((i) => i.at),
        ['2026-03-02T04:30:00.000Z'],
      );
      const exported = await owner.get(`/api/v1/audit/export.csv?${q}&from=2026-03-02&to=2026-03-02`);
      const rows = (parse(exported.body, { bom: true }) as string[][]).slice(1);
      assert.deepEqual(
        rows.map((r) => r[1]),
        ['2026-03-02 13:30:00'],
        'the file holds the same rows as the page, at the times the page shows',
      );
    } finally {
      await owner.request('PUT', '/api/v1/profile/locale', { body: { timeZone: null } });
    }
  });

  test('the export is capped, and the file name and a header say so', async () => {
    const ownerActor = (await t.db
      .selectFrom('accounts')
      .select(['id', 'name', 'email'])
      .where('email', '=', OWNER.email)
      .executeTakeFirstOrThrow()) as { id: number; name: string; email: string };
    const actor: StaffActor = {
      kind: 'staff',
      accountId: ownerActor.id,
      name: ownerActor.name,
      email: ownerActor.email,
      role: 'owner',
      permissions: new Set(['audit:view']),
    };
    const deps = t.services.deps;
    const service = createAuditService(deps, { exportMaxRows: 3 });
    const file = await service.exportCsv(actor, {}, { ip: '127.0.0.1', userAgent: 'test' }, 'en');
    assert.equal(file.truncated, true);
    assert.match(file.filename, /newest-3-rows\.csv$/);
    let text = '';
    for await (const chunk of file.chunks) text += chunk;
    assert.equal((parse(text) as string[][]).length, 4, 'header and three rows');

    // Nothing matching is still a file with its header.
    const none = await service.exportCsv(
      actor,
      { from: '2099-01-01' },
      { ip: '127.0.0.1', userAgent: 'test' },
      'en',
    );
    let empty = '';
    for await (const chunk of none.chunks) empty += chunk;
    assert.deepEqual(parse(empty), [[...(parse(text) as string[][])[0]!]]);
    assert.equal(none.truncated, false);

    // Batches are stitched without repeating the header.
    const big = createAuditService(deps, { exportMaxRows: 5000 });
    for (let i = 0; i < 1100; i++) {
      await deps.audit.record(t.db, { actor: 'system', action: 'settings.updated', details: { i } });
    }
    const whole = await big.exportCsv(
      actor,
      { action: ['settings.updated'] },
      { ip: '127.0.0.1', userAgent: 'x' },
      'en',
    );
    let all = '';
    for await (const chunk of whole.chunks) all += chunk;
    const parsed = parse(all) as string[][];
    assert.equal(parsed.filter((r) => r[0] === 'Time (UTC)').length, 1);
    assert.equal(parsed.length - 1, 1101);
  });

  test('append-only: no route changes audit rows, and no code updates or deletes them', async () => {
    // Under /api/v1/audit the app's route table holds reads only.
    for (const path of [
      '/api/v1/audit',
      '/api/v1/audit/export.csv',
      '/api/v1/audit/people',
      '/api/v1/audit/clients',
    ]) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        assert.equal(t.app.hasRoute({ method, url: path }), false, `${method} ${path} does not exist`);
      }
      assert.equal(t.app.hasRoute({ method: 'GET', url: path }), true, `GET ${path} exists`);
    }
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      assert.equal(t.app.hasRoute({ method, url: '/api/v1/audit/:id' }), false);
    }

    const serverDir = path.resolve(import.meta.dirname, '../..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
          const text = readFileSync(full, 'utf8');
          if (
            /(updateTable|deleteFrom|mergeInto|replaceInto)\(\s*['"`]audit_events/.test(text) ||
            /\b(update|delete\s+from|truncate(\s+table)?)\s+["`]?audit_events\b/i.test(text)
          ) {
            offenders.push(path.relative(serverDir, full));
          }
        }
      }
    };
    walk(serverDir);
    walk(path.resolve(serverDir, '../../migrations'));
    assert.deepEqual(offenders, []);
  });
});
