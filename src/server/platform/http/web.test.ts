import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { noDns } from '../../test/dns.ts';
import { type Client, createTestDatabase, fakeClock, setUp, type TestDatabase } from '../../test/harness.ts';
import { fillShell } from './web.ts';

/** The placeholders the real shells (src/web/<face>/index.html) carry. */
const SHELL = `<!doctype html><html><head><!--portico:boot-style--><title>Client portal</title></head>
<body><div id="root"><span data-testid="boot-brand"><!--portico:brand-name--></span></div></body></html>`;

describe('the shells paint the brand before the scripts load', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let webRoot: string;
  let owner: Client;

  before(async () => {
    webRoot = mkdtempSync(path.join(tmpdir(), 'portico-web-'));
    for (const face of ['staff', 'portal']) {
      mkdirSync(path.join(webRoot, face));
      writeFileSync(path.join(webRoot, face, 'index.html'), SHELL);
    }
    tdb = await createTestDatabase();
    ({ app } = await buildApp({
      config: { ...tdb.config, webRoot },
      database: tdb.database,
      clock: fakeClock(),
      logger: false,
      dnsResolver: noDns,
    }));
    await app.ready();
    owner = await setUp({ app } as Parameters<typeof setUp>[0]);
  });
  after(async () => {
    await app?.close();
    await tdb?.drop();
    rmSync(webRoot, { recursive: true, force: true });
  });

  test('each face gets its name and colour, escaped, and a fresh page after a change', async () => {
    const patched = await owner.patch('/api/v1/settings', {
      portalName: 'Acme <script>alert(1)</script> & "Co"',
      primaryColor: '#7b2d26',
    });
    assert.equal(patched.statusCode, 200, patched.body);

    const portal = await app.inject({ method: 'GET', url: '/portal/tickets' });
    assert.equal(portal.statusCode, 200);
    assert.match(String(portal.headers['content-type']), /text\/html/);
    assert.equal(portal.headers['cache-control'], 'no-cache');
    assert.ok(
      portal.body.includes(
        '<span data-testid="boot-brand">Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;</span>',
      ),
      portal.body,
    );
    assert.doesNotMatch(portal.body, /<script>alert/);
    assert.match(portal.body, /<style>:root\{--portico-boot-brand:#7b2d26\}<\/style>/);
    assert.match(
      portal.body,
      /<title>Acme &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;Co&quot;<\/title>/,
    );

    const staff = await app.inject({ method: 'GET', url: '/staff/' });
    assert.match(staff.body, /<span data-testid="boot-brand">Test IT<\/span>/);
    assert.match(staff.body, /<title>Test IT staff<\/title>/);

    // The page before the app starts speaks the organisation's language, the staff face's title too.
    const german = await owner.patch('/api/v1/settings', { language: 'de' });
    assert.equal(german.statusCode, 200, german.body);
    const staffDe = await app.inject({ method: 'GET', url: '/staff/' });
    assert.match(staffDe.body, /<title>Test IT – Mitarbeitende<\/title>/);
  });

  test('a colour that is not #rrggbb is left out, and $ patterns in a name stay as typed', () => {
    const html = fillShell(SHELL, { name: "$& $' $1", title: 'x', primaryColor: 'red;}body{display:none' });
    assert.match(html, /<span data-testid="boot-brand">\$&amp; \$&#39; \$1<\/span>/);
    assert.doesNotMatch(html, /<style>/);
    assert.doesNotMatch(html, /<!--portico:/);
  });
});
