import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { emailMessage, renderText } from '../../platform/email-template.ts';
import { Client, createTestApp, errorOf, fakeClock, setUp, type TestApp } from '../../test/harness.ts';
import { createSettingsService, defaultSettings, portalNameOf } from './settings.service.ts';

/** A real 1x1 PNG, built by hand so the test needs no fixture file. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = deflateSync(Buffer.from([0, 0x1c, 0x64, 0xd4]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function multipart(filename: string, type: string, data: Buffer) {
  const boundary = '----portico-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('organisation settings and branding', () => {
  let t: TestApp;
  let owner: Client;
  before(async () => {
    t = await createTestApp();
    owner = await setUp(t, { demo: true });
  });
  after(() => t.close());

  test('the settings cache lapses by the app’s clock, never by wall time', async () => {
    const clock = fakeClock();
    const settings = createSettingsService({
      database: t.database,
      storage: t.services.deps.storage,
      clock,
      cacheMs: 20,
    });
    let reads = 0;
    t.database.onQuery = () => {
      reads += 1;
    };
    try {
      await settings.current();
      assert.equal(reads, 1);
      await new Promise((resolve) => setTimeout(resolve, 60)); // three lifetimes of wall time
      await settings.current();
      assert.equal(reads, 1, 'still cached: the clock has not moved');
      clock.advance(20);
      await settings.current();
      assert.equal(reads, 2, 'read again once the clock passes the lifetime');
      clock.set(new Date(clock().getTime() - 60_000));
      await settings.current();
      assert.equal(reads, 3, 'a clock set back does not keep a stale copy');
    } finally {
      t.database.onQuery = undefined;
    }
  });

  test('the owner reads and changes settings; only the sent fields change', async () => {
    const before = (await owner.get('/api/v1/settings')).json();
    const res = await owner.patch('/api/v1/settings', {
      primaryColor: '#aa3300',
      portalName: 'Harbour Help',
      timeZone: 'Europe/Amsterdam',
      features: { invoices: false },
    });
    assert.equal(res.statusCode, 200);
    const after = res.json();
    assert.equal(after.primaryColor, '#aa3300');
    assert.equal(after.portalName, 'Harbour Help');
    assert.equal(after.timeZone, 'Europe/Amsterdam');
    assert.equal(after.features.invoices, false);
    assert.equal(after.features.tickets, true, 'other toggles are untouched');
    assert.equal(after.name, before.name);
    const branding = (await t.app.inject({ method: 'GET', url: '/api/v1/branding' })).json();
    assert.equal(branding.primaryColor, '#aa3300');
    assert.equal(branding.portalName, 'Harbour Help');
    assert.equal(branding.setupRequired, false);
    await owner.patch('/api/v1/settings', { features: { invoices: true } });
  });

  test('no stored sign-in title by default (the page shows its own, translated); the former English default reads as unset', async () => {
    const branding = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/branding' })).json();
    assert.equal((await branding()).loginTitle, '', 'a new organisation stores no English title');
    assert.equal(
      (await owner.patch('/api/v1/settings', { loginTitle: 'Sign in to your account' })).statusCode,
      200,
    );
    assert.equal(
      (await owner.get('/api/v1/settings')).json().loginTitle,
      '',
      'the old default is read as unset',
    );
    assert.equal(
      (await owner.patch('/api/v1/settings', { loginTitle: 'Welcome to Harbour' })).statusCode,
      200,
    );
    assert.equal((await branding()).loginTitle, 'Welcome to Harbour', 'a title an admin typed is kept');
    assert.equal((await owner.patch('/api/v1/settings', { loginTitle: '' })).statusCode, 200);
  });

  test('no stored portal name by default: each reader gets the catalogue’s, in their language; the former English default reads as unset', async () => {
    const branding = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/branding' })).json();
    const { name } = (await owner.get('/api/v1/settings')).json();
    assert.equal(defaultSettings(name).portalName, '', 'a new organisation stores no English portal name');
    assert.equal(
      (await owner.patch('/api/v1/settings', { portalName: `${name} client portal` })).statusCode,
      200,
    );
    assert.equal((await branding()).portalName, '', 'the old English default is read as unset');
    assert.equal((await owner.get('/api/v1/settings')).json().portalName, '');
    // An email names the portal in the recipient's language, as people's text (its own direction).
    const say = (language: string) =>
      renderText(
        emailMessage(
          'emails:reset.bySelf',
          {
            face: 'portal',
            org: name,
            portal: portalNameOf({ portalName: '', organisationName: name }),
            email: 'a@example.test',
          },
          ['org', 'portal', 'email'],
        ),
        language,
      );
    assert.ok(say('de').text.includes(`${name} Kundenportal`), say('de').text);
    assert.ok(say('fr').text.includes(`Portail client de ${name}`), say('fr').text);
    assert.ok(say('ar').html.includes(`<span dir="auto">بوابة عملاء ${name}</span>`), say('ar').html);
    assert.ok(say('en').text.includes(`${name} client portal`), say('en').text);
    // A name an admin typed is kept, in every language; so is an empty one (the default again).
    assert.equal((await owner.patch('/api/v1/settings', { portalName: 'Harbour Help' })).statusCode, 200);
    assert.equal((await branding()).portalName, 'Harbour Help');
    assert.equal(portalNameOf(await branding()), 'Harbour Help');
    assert.equal((await owner.patch('/api/v1/settings', { portalName: '  ' })).statusCode, 200);
    assert.equal((await branding()).portalName, '');
  });

  test('bad values are refused with a message per field and nothing changes', async () => {
    const res = await owner.patch('/api/v1/settings', {
      primaryColor: 'red',
      timeZone: 'Mars/Olympus',
      currency: 'XYZ',
      dateFormat: 'whenever',
      name: '',
    });
    assert.equal(res.statusCode, 400);
    const fields = errorOf(res).fields ?? {};
    for (const f of ['primaryColor', 'timeZone', 'currency', 'dateFormat', 'name'])
      assert.ok(fields[f], `${f} explained`);
    assert.notEqual((await owner.get('/api/v1/settings')).json().currency, 'XYZ');
    const unknownFeature = await owner.patch('/api/v1/settings', { features: { teleport: true } });
    assert.equal(unknownFeature.statusCode, 400);
  });

  test('inbound email: unauthenticated senders are held by default; the rule and the trusted servers are validated', async () => {
    const initial = (await owner.get('/api/v1/settings')).json();
    assert.equal(initial.inboundUnauthenticated, 'hold', 'the safe choice is the default');
    assert.deepEqual(initial.inboundTrustedServers, []);

    const refused = async (body: Record<string, unknown>, field: string, message: RegExp) => {
      const res = await owner.patch('/api/v1/settings', body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.match(errorOf(res).fields?.[field] ?? '', message, JSON.stringify(errorOf(res)));
    };
    await refused(
      { inboundUnauthenticated: 'accept' },
      'inboundUnauthenticated',
      /hold or accept-with-warning/,
    );
    await refused({ inboundTrustedServers: 'mx.example.com' }, 'inboundTrustedServers', /./);
    await refused(
      { inboundTrustedServers: ['mx.example.com; dmarc=pass'] },
      'inboundTrustedServers',
      /is not a server name/,
    );
    await refused(
      { inboundTrustedServers: ['mx.example.com', 'MX.EXAMPLE.COM'] },
      'inboundTrustedServers',
      /named twice/,
    );
    await refused(
      { inboundTrustedServers: Array.from({ length: 11 }, (_, i) => `mx${i}.example.com`) },
      'inboundTrustedServers',
      /^Name at most 10 servers$/,
    );
    // In the request's language, with the name it refused.
    const german = await owner.patch(
      '/api/v1/settings',
      { inboundTrustedServers: ['mx.example.com; dmarc=pass'] },
      { headers: { 'accept-language': 'de' } },
    );
    assert.equal(german.statusCode, 400);
    assert.match(
      errorOf(german).fields?.inboundTrustedServers ?? '',
      /^„mx\.example\.com; dmarc=pass“ ist kein Servername: /,
    );
    const polish = await owner.patch(
      '/api/v1/settings',
      { inboundTrustedServers: ['mx.example.com', 'MX.EXAMPLE.COM'] },
      { headers: { 'accept-language': 'pl' } },
    );
    assert.equal(errorOf(polish).fields?.inboundTrustedServers, '„MX.EXAMPLE.COM” podano dwa razy');
    assert.deepEqual(
      (await owner.get('/api/v1/settings')).json().inboundTrustedServers,
      [],
      'nothing changed',
    );

    const res = await owner.patch('/api/v1/settings', {
      inboundUnauthenticated: 'accept-with-warning',
      inboundTrustedServers: [' mx.google.com ', 'mail-in.harbour.example'],
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().inboundUnauthenticated, 'accept-with-warning');
    assert.deepEqual(res.json().inboundTrustedServers, ['mx.google.com', 'mail-in.harbour.example']);
    const audit = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'settings.updated')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.match(audit.details, /inboundUnauthenticated/);
    const back = await owner.patch('/api/v1/settings', {
      inboundUnauthenticated: 'hold',
      inboundTrustedServers: [],
    });
    assert.equal(back.statusCode, 200);
  });

  test('invoice rounding: once per invoice by default; each line on request; nothing else', async () => {
    assert.equal((await owner.get('/api/v1/settings')).json().invoiceRounding, 'document');
    const bad = await owner.patch('/api/v1/settings', { invoiceRounding: 'weekly' });
    assert.equal(bad.statusCode, 400);
    assert.equal(errorOf(bad).fields?.invoiceRounding, 'Choose rounding on each line or once per invoice');
    assert.equal((await owner.get('/api/v1/settings')).json().invoiceRounding, 'document');
    const line = await owner.patch('/api/v1/settings', { invoiceRounding: 'line' });
    assert.equal(line.statusCode, 200);
    assert.equal(line.json().invoiceRounding, 'line');
    assert.equal((await owner.patch('/api/v1/settings', { invoiceRounding: 'document' })).statusCode, 200);
  });

  test('staff without settings:edit can read but not change; contacts get 403', async () => {
    const tech = new Client(t.app);
    await tech.login('tech@portico.example');
    assert.equal((await tech.get('/api/v1/settings')).statusCode, 200);
    const denied = await tech.patch('/api/v1/settings', { name: 'Mine now' });
    assert.equal(denied.statusCode, 403);
    assert.equal(errorOf(denied).code, 'forbidden');

    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    assert.equal((await contact.get('/api/v1/settings')).statusCode, 403);
    assert.equal((await contact.patch('/api/v1/settings', { name: 'Mine now' })).statusCode, 403);
    assert.equal((await owner.get('/api/v1/settings')).json().name, 'Test IT');
  });

  test('alert recipients: the active staff are offered to those who read settings, and one chosen is kept', async () => {
    const res = await owner.get('/api/v1/settings/alert-staff');
    assert.equal(res.statusCode, 200);
    const items = res.json().items as { accountId: number; name: string; email: string }[];
    const emails = items.map((i) => i.email);
    assert.ok(emails.includes('tech@portico.example'), 'an active technician is offered');
    assert.ok(!emails.some((e) => e.endsWith('@acme.example')), 'no contact is offered');
    const tech = items.find((i) => i.email === 'tech@portico.example');
    assert.ok(tech);
    const saved = await owner.patch('/api/v1/settings', { alertStaffAccountIds: [tech.accountId] });
    assert.equal(saved.statusCode, 200);
    assert.deepEqual(saved.json().alertStaffAccountIds, [tech.accountId]);
    await owner.patch('/api/v1/settings', { alertStaffAccountIds: [] });

    const techClient = new Client(t.app);
    await techClient.login('tech@portico.example');
    assert.equal((await techClient.get('/api/v1/settings/alert-staff')).statusCode, 200);
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    assert.equal((await contact.get('/api/v1/settings/alert-staff')).statusCode, 403);
  });

  test('feature toggles reach contacts at once through /me', async () => {
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    assert.ok((await contact.get('/api/v1/me')).json().features.includes('quotes'));
    await owner.patch('/api/v1/settings', { features: { quotes: false } });
    assert.ok(!(await contact.get('/api/v1/me')).json().features.includes('quotes'));
    await owner.patch('/api/v1/settings', { features: { quotes: true } });
  });

  test('the logo: PNG accepted and served with nosniff; SVG, HTML and over-size refused', async () => {
    const png = tinyPng();
    const up = await owner.request('PUT', '/api/v1/settings/logo', multipart('logo.png', 'image/png', png));
    assert.equal(up.statusCode, 200, up.body);
    const logoUrl = up.json().logoUrl as string;
    assert.match(logoUrl, /^\/api\/v1\/branding\/logo\?v=/);
    const served = await t.app.inject({ method: 'GET', url: logoUrl });
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/png');
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(served.rawPayload, png);
    const again = await t.app.inject({
      method: 'GET',
      url: logoUrl,
      headers: { 'if-none-match': String(served.headers.etag) },
    });
    assert.equal(again.statusCode, 304);

    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const refused = await owner.request(
      'PUT',
      '/api/v1/settings/logo',
      multipart('logo.png', 'image/png', svg),
    );
    assert.equal(refused.statusCode, 400);
    assert.ok(errorOf(refused).fields?.file);
    const html = await owner.request(
      'PUT',
      '/api/v1/settings/logo',
      multipart('x.jpg', 'image/jpeg', Buffer.from('<html><body>hi</body></html>')),
    );
    assert.equal(html.statusCode, 400);

    const big = Buffer.concat([png, Buffer.alloc(1024 * 1024 + 10)]);
    const tooBig = await owner.request(
      'PUT',
      '/api/v1/settings/logo',
      multipart('big.png', 'image/png', big),
    );
    assert.equal(tooBig.statusCode, 413);
    assert.equal(errorOf(tooBig).code, 'payload_too_large');

    assert.equal(
      (await t.app.inject({ method: 'GET', url: logoUrl })).statusCode,
      200,
      'the good logo stays',
    );
    const removed = await owner.request('DELETE', '/api/v1/settings/logo');
    assert.equal(removed.json().logoUrl, null);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/branding/logo' })).statusCode, 404);
  });

  test('a contact cannot upload a logo', async () => {
    const contact = new Client(t.app);
    await contact.login('primary@acme.example');
    const res = await contact.request(
      'PUT',
      '/api/v1/settings/logo',
      multipart('logo.png', 'image/png', tinyPng()),
    );
    assert.equal(res.statusCode, 403);
  });
});

describe('feature-gated routes', () => {
  test('a route of a feature that is off answers 404 to contacts and stays open to staff routes', async () => {
    const t = await createTestApp({
      beforeReady(app) {
        app.get(
          '/api/v1/test-feature',
          { config: { policy: { auth: 'contact', feature: 'reports' } } },
          () => ({ ok: true }),
        );
        app.get(
          '/api/v1/test-permission',
          { config: { policy: { auth: 'contact', permission: 'invoices:pay' } } },
          () => ({ ok: true }),
        );
      },
    });
    try {
      const owner = await setUp(t, { demo: true });
      const contact = new Client(t.app);
      await contact.login('primary@acme.example');
      assert.equal((await contact.get('/api/v1/test-feature')).statusCode, 200);
      await owner.patch('/api/v1/settings', { features: { reports: false } });
      const off = await contact.get('/api/v1/test-feature');
      assert.equal(off.statusCode, 404);
      assert.equal(errorOf(off).code, 'not_found');
      assert.equal(
        (await owner.get('/api/v1/test-feature')).statusCode,
        403,
        'a staff user on a contact route',
      );

      const standard = new Client(t.app);
      await standard.login('standard@acme.example');
      assert.equal((await standard.get('/api/v1/test-permission')).statusCode, 403);
      assert.equal((await contact.get('/api/v1/test-permission')).statusCode, 200);
    } finally {
      await t.close();
    }
  });
});
