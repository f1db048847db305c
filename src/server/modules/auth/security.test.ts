import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { Client, createTestApp, errorOf, OWNER, setUp, type TestApp } from '../../test/harness.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { checkPassword, isCommonPassword } from './passwords.ts';
import { describeBrowser } from './user-agent.ts';

const MINUTE = 60_000;

/** A client that connects from a given address (the app trusts X-Forwarded-For in these tests). */
class ClientAt extends Client {
  constructor(
    app: TestApp['app'],
    public ip: string,
  ) {
    super(app);
  }
  override request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    options: Parameters<Client['request']>[2] = {},
  ): Promise<LightMyRequestResponse> {
    return super.request(method, url, {
      ...options,
      headers: { ...options.headers, 'x-forwarded-for': this.ip },
    });
  }
}

async function account(t: TestApp, email: string) {
  return t.db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
}

async function auditCount(t: TestApp, action: string, accountId: number): Promise<number> {
  const rows = await t.db
    .selectFrom('audit_events')
    .select('id')
    .where('action', '=', action)
    .where('target_id', '=', accountId)
    .execute();
  return rows.length;
}

describe('password policy', () => {
  test('length in characters, 64+ and up to 1024 allowed, common and email-equal passwords refused', () => {
    const rules = { minLength: 12, email: 'maya@harbour.example' };
    assert.match(checkPassword('short-pass', rules) ?? '', /at least 12/);
    // Eleven emoji are eleven characters (22 UTF-16 units): still too short.
    assert.match(checkPassword('🔑'.repeat(6) + '🚪'.repeat(5), rules) ?? '', /at least 12/);
    assert.equal(checkPassword('🔑🚪🪟'.repeat(4), rules), null);
    assert.equal(checkPassword(`${'correct horse battery staple '.repeat(3)}`.slice(0, 80), rules), null);
    assert.equal(checkPassword(`${'x'.repeat(500)}yz`, rules), null);
    assert.equal(checkPassword(`${'abc'.repeat(341)}d`, rules), null, '1024 characters');
    assert.match(checkPassword(`${'abc'.repeat(341)}de`, rules) ?? '', /at most 1024/);
    assert.match(checkPassword('qwerty123456', rules) ?? '', /commonly used/);
    assert.match(checkPassword('QWERTY123456', rules) ?? '', /commonly used/, 'compared case-insensitively');
    assert.match(checkPassword('Maya@Harbour.example', rules) ?? '', /email/);
    assert.ok(isCommonPassword('password'));
    assert.equal(checkPassword('password', { minLength: 8 })?.includes('commonly used'), true);
    assert.equal(checkPassword('a-fine-passphrase', { minLength: 8 }), null, 'no composition rules');
  });

  test('the organisation minimum applies to setup defaults and to new staff users', async () => {
    const t = await createTestApp();
    try {
      const weak = await new Client(t.app).post('/api/v1/setup', {
        organisationName: 'X',
        ownerName: 'X',
        ownerEmail: 'x@x.example',
        ownerPassword: 'qwerty123456',
        loadDemo: false,
      });
      assert.equal(weak.statusCode, 400);
      assert.match(errorOf(weak).fields?.ownerPassword ?? '', /commonly used/);
      const owner = await setUp(t);
      const settings = (await owner.get('/api/v1/settings')).json();
      assert.equal(settings.passwordMinLength, 12);
      assert.equal(settings.lockoutThreshold, 10);
      assert.equal(settings.lockoutMinutes, 15);
      assert.equal(settings.requireStaffMfa, false);
      const bad = await owner.patch('/api/v1/settings', { passwordMinLength: 7, lockoutThreshold: 0 });
      assert.equal(bad.statusCode, 400);
      assert.ok(errorOf(bad).fields?.passwordMinLength);
      assert.ok(errorOf(bad).fields?.lockoutThreshold);
      const big = await owner.patch('/api/v1/settings', { passwordMinLength: 129 });
      assert.equal(big.statusCode, 400);
      const ok = await owner.patch('/api/v1/settings', { passwordMinLength: 20 });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().passwordMinLength, 20);
      const policy = await t.services.settings.securityPolicy();
      assert.equal(policy.passwordMinLength, 20);
      // The profile's password change now asks for 20.
      const change = await owner.post('/api/v1/profile/password', {
        currentPassword: OWNER.password,
        newPassword: 'only-sixteen-chr',
      });
      assert.equal(change.statusCode, 400);
      assert.match(errorOf(change).fields?.newPassword ?? '', /at least 20/);
    } finally {
      await t.close();
    }
  });
});

describe('account lockout', () => {
  let t: TestApp;
  let owner: Client;
  before(async () => {
    // The in-memory limiter is set high so that these tests see the database lockout on its own.
    t = await createTestApp({ env: { LOGIN_MAX_PER_ACCOUNT: '1000', LOGIN_MAX_PER_IP: '100000' } });
    owner = await setUp(t, { demo: true });
  });
  after(() => t.close());

  test('50 parallel wrong passwords: at most the threshold are checked, then a timed lock', async () => {
    const email = 'tech@portico.example';
    const { id } = await account(t, email);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        new Client(t.app).post('/api/v1/auth/login', { email, password: 'not-the-password' }),
      ),
    );
    const wrong = results.filter((r) => r.statusCode === 401).length;
    const locked = results.filter((r) => r.statusCode === 429);
    assert.equal(wrong + locked.length, 50);
    assert.ok(wrong <= 10, `${wrong} answered "wrong password"`);
    assert.ok((await auditCount(t, 'auth.login_failed', id)) <= 10, 'no more than 10 passwords were checked');
    assert.equal(await auditCount(t, 'auth.locked', id), 1, 'locked once');
    const row = await account(t, email);
    assert.equal(row.locked_until, new Date(t.clock().getTime() + 15 * MINUTE).toISOString());

    // While locked, the right password gets the very same answer as a wrong one.
    const right = await new Client(t.app).post('/api/v1/auth/login', { email, password: 'portico-demo' });
    const wrongAgain = await new Client(t.app).post('/api/v1/auth/login', {
      email,
      password: 'nope-nope-nope',
    });
    assert.equal(right.statusCode, 429);
    assert.equal(errorOf(right).code, 'rate_limited');
    assert.match(errorOf(right).message, /locked.*Try again in 15 minutes/);
    assert.equal(right.headers['retry-after'], '900');
    assert.equal(errorOf(right).message, errorOf(wrongAgain).message);
    assert.equal(right.headers['retry-after'], wrongAgain.headers['retry-after']);

    t.clock.advance(10 * MINUTE);
    const later = await new Client(t.app).post('/api/v1/auth/login', { email, password: 'portico-demo' });
    assert.equal(later.headers['retry-after'], '300');
    t.clock.advance(5 * MINUTE + 1000);
    const me = await new Client(t.app).login(email);
    assert.equal(me.kind, 'staff', 'the lock ended by itself');
    assert.equal((await account(t, email)).failed_attempts, 0, 'success resets the counter');
  });

  test('the threshold counts consecutive failures: a success in between starts again', async () => {
    await owner.patch('/api/v1/settings', { lockoutThreshold: 3, lockoutMinutes: 2 });
    const email = 'billing@portico.example';
    const bad = () => new Client(t.app).post('/api/v1/auth/login', { email, password: 'wrong-wrong-wrong' });
    assert.equal((await bad()).statusCode, 401);
    assert.equal((await bad()).statusCode, 401);
    await new Client(t.app).login(email);
    assert.equal((await bad()).statusCode, 401);
    assert.equal((await bad()).statusCode, 401);
    const third = await bad();
    assert.equal(third.statusCode, 429, 'the third failure in a row locks');
    assert.match(errorOf(third).message, /2 minutes/);
    t.clock.advance(2 * MINUTE);
    await new Client(t.app).login(email);
    await owner.patch('/api/v1/settings', { lockoutThreshold: 10, lockoutMinutes: 15 });
  });

  test('an unknown email never locks anything and still answers like a wrong password', async () => {
    for (let i = 0; i < 12; i++) {
      const res = await new Client(t.app).post('/api/v1/auth/login', {
        email: 'ghost@portico.example',
        password: 'whatever-it-is',
      });
      assert.equal(res.statusCode, 401);
    }
  });
});

describe('IP allowlist for contact sign-ins', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    await setUp(t, { demo: true });
  });
  after(() => t.close());

  async function setAllowlist(client: string, ranges: string[]) {
    await t.db
      .updateTable('clients')
      .set({ ip_allowlist: JSON.stringify(ranges) })
      .where('name', '=', client)
      .execute();
  }

  test('CIDR matching for IPv4, IPv6 and IPv4 seen through IPv6', () => {
    const list = JSON.stringify(['203.0.113.0/24', '2001:db8::/32', '198.51.100.7']);
    assert.ok(ipAllowed(list, '203.0.113.200'));
    assert.ok(ipAllowed(list, '::ffff:203.0.113.9'));
    assert.ok(ipAllowed(list, '2001:db8:1::5'));
    assert.ok(ipAllowed(list, '198.51.100.7'));
    assert.ok(!ipAllowed(list, '198.51.100.8'));
    assert.ok(!ipAllowed(list, '203.0.114.1'));
    assert.ok(!ipAllowed(list, '2001:db9::1'));
    assert.ok(ipAllowed('[]', '192.0.2.1'), 'an empty list allows any address');
    assert.ok(!ipAllowed('["not a range"]', '192.0.2.1'), 'a list of nonsense allows nobody');
  });

  test('sign-in from outside is refused with 403; from inside it works', async () => {
    await setAllowlist('Birchwood Dental', ['203.0.113.0/24', '2001:db8::/32']);
    const outside = await new ClientAt(t.app, '198.51.100.20').post('/api/v1/auth/login', {
      email: 'primary@birchwood.example',
      password: 'portico-demo',
    });
    assert.equal(outside.statusCode, 403);
    assert.equal(errorOf(outside).code, 'forbidden');
    assert.match(errorOf(outside).message, /approved network addresses.*198\.51\.100\.20/);
    assert.equal(
      outside.cookies.find((c) => c.name.endsWith('portico_session')),
      undefined,
    );

    const wrongPassword = await new ClientAt(t.app, '198.51.100.20').post('/api/v1/auth/login', {
      email: 'primary@birchwood.example',
      password: 'not-the-password',
    });
    assert.equal(wrongPassword.statusCode, 401, 'without the password nothing about the allowlist shows');

    const inside = new ClientAt(t.app, '203.0.113.5');
    await inside.login('primary@birchwood.example');
    assert.equal((await inside.get('/api/v1/me')).statusCode, 200);
    const v6 = new ClientAt(t.app, '2001:db8:4::1');
    await v6.login('primary@birchwood.example');

    // Staff and other clients' contacts are not affected.
    await new ClientAt(t.app, '198.51.100.20').login('admin@portico.example');
    await new ClientAt(t.app, '198.51.100.20').login('primary@acme.example');
  });

  test('an existing session used from outside the allowlist is refused too', async () => {
    await setAllowlist('Birchwood Dental', []);
    const c = new ClientAt(t.app, '198.51.100.30');
    await c.login('office@birchwood.example');
    assert.equal((await c.get('/api/v1/me')).statusCode, 200);
    await setAllowlist('Birchwood Dental', ['203.0.113.0/24']);
    const refused = await c.get('/api/v1/me');
    assert.equal(refused.statusCode, 403);
    assert.match(errorOf(refused).message, /approved network addresses/);
    assert.equal((await c.get('/api/v1/profile')).statusCode, 403);
    c.ip = '203.0.113.77';
    assert.equal((await c.get('/api/v1/me')).statusCode, 200, 'the same session from inside works');
    await setAllowlist('Birchwood Dental', []);
  });
});

describe('must change password', () => {
  test('after a staff-set password the person must choose a new one before anything else', async () => {
    const t = await createTestApp();
    try {
      await setUp(t, { demo: true });
      await t.db
        .updateTable('accounts')
        .set({ must_change_password: 1 })
        .where('email', '=', 'standard@acme.example')
        .execute();
      const c = new Client(t.app);
      const me = (
        await c.post('/api/v1/auth/login', {
          email: 'standard@acme.example',
          password: 'portico-demo',
        })
      ).json();
      assert.equal(me.mustChangePassword, true);
      assert.equal((await c.get('/api/v1/me')).json().mustChangePassword, true);
      const blocked = await c.get('/api/v1/profile/sessions');
      assert.equal(blocked.statusCode, 403);
      assert.equal(errorOf(blocked).code, 'forbidden');
      assert.match(errorOf(blocked).message, /Choose a new password/);
      assert.equal((await c.get('/api/v1/mfa')).statusCode, 403);
      assert.equal(
        (await c.get('/api/v1/profile')).statusCode,
        200,
        'the change-password screen reads the rules',
      );

      const weak = await c.post('/api/v1/profile/password', {
        currentPassword: 'portico-demo',
        newPassword: 'portico-demo',
      });
      assert.equal(weak.statusCode, 400);
      const changed = await c.post('/api/v1/profile/password', {
        currentPassword: 'portico-demo',
        newPassword: 'my own good passphrase',
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal((await c.get('/api/v1/me')).json().mustChangePassword, false);
      assert.equal((await c.get('/api/v1/profile/sessions')).statusCode, 200);
      await new Client(t.app).login('standard@acme.example', 'my own good passphrase');
      assert.equal((await c.post('/api/v1/auth/logout')).statusCode, 200, 'sign-out always works');
    } finally {
      await t.close();
    }
  });
});

describe('browser descriptions', () => {
  test('common user agents read as browser and system', () => {
    assert.equal(
      describeBrowser(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      ),
      'Chrome 126 on Windows',
    );
    assert.equal(
      describeBrowser('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'),
      'Firefox 128 on Linux',
    );
    assert.equal(
      describeBrowser(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
      'Safari 17 on iOS',
    );
    assert.equal(describeBrowser(''), 'Unknown browser');
  });
});
