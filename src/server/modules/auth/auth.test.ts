import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256Hex } from '../../platform/crypto.ts';
import { Client, createTestApp, errorOf, OWNER, setUp, type TestApp } from '../../test/harness.ts';

describe('sign-in, sessions and the actor', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_PER_ACCOUNT: '5', LOGIN_MAX_PER_IP: '200' } });
    await setUp(t, { demo: true });
  });
  after(() => t.close());

  test('a staff user signs in and /me answers with role and permissions', async () => {
    const c = new Client(t.app);
    const me = await c.login('tech@portico.example');
    assert.equal(me.kind, 'staff');
    const res = await c.get('/api/v1/me');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.role, 'technician');
    assert.ok(body.permissions.includes('settings:view'));
    assert.ok(!body.permissions.includes('settings:edit'));
    assert.equal(body.client, undefined);
  });

  test('a contact signs in and /me answers with client, presets and permissions, and nothing staff-only', async () => {
    const c = new Client(t.app);
    await c.login('billing@acme.example');
    const body = (await c.get('/api/v1/me')).json();
    assert.equal(body.kind, 'contact');
    assert.equal(body.client.name, 'Acme Manufacturing');
    assert.deepEqual(body.presets, ['billing']);
    assert.ok(body.permissions.includes('invoices:pay'));
    assert.ok(!body.permissions.includes('assets:view'));
    assert.equal(body.role, undefined);
    assert.equal(body.password_hash, undefined);
  });

  test('presets combine: Billing + Technical holds both sets', async () => {
    const c = new Client(t.app);
    await c.login('office@birchwood.example');
    const body = (await c.get('/api/v1/me')).json();
    assert.ok(body.permissions.includes('invoices:pay'));
    assert.ok(body.permissions.includes('assets:view'));
    assert.ok(
      !body.permissions.includes('tickets:view-own') || body.permissions.includes('tickets:view-company'),
    );
  });

  test('a wrong password and an unknown email get the same status and body', async () => {
    const a = await new Client(t.app).post('/api/v1/auth/login', {
      email: 'admin@portico.example',
      password: 'wrong-password-1',
    });
    const b = await new Client(t.app).post('/api/v1/auth/login', {
      email: 'nobody@portico.example',
      password: 'wrong-password-1',
    });
    assert.equal(a.statusCode, 401);
    assert.equal(b.statusCode, 401);
    const strip = (e: { code: string; message: string }) => ({ code: e.code, message: e.message });
    assert.deepEqual(strip(errorOf(a)), strip(errorOf(b)));
    assert.deepEqual(Object.keys(a.json().error), Object.keys(b.json().error));
    assert.equal(
      a.cookies.find((x) => x.name.endsWith('portico_session')),
      undefined,
      'no session on failure',
    );
  });

  test('the session cookie is __Host-, HttpOnly, Secure and SameSite; only its hash is stored', async () => {
    const c = new Client(t.app);
    const res = await c.post('/api/v1/auth/login', {
      email: 'admin@portico.example',
      password: 'portico-demo',
    });
    const cookie = res.cookies.find((x) => x.name === '__Host-portico_session');
    assert.ok(cookie, 'session cookie set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.maxAge, undefined, 'without "remember me" the cookie ends with the browser');
    assert.ok(cookie.value.length >= 43, 'at least 256 bits of token');
    const rows = await t.db.selectFrom('sessions').select('id').execute();
    assert.ok(rows.some((r) => r.id === sha256Hex(cookie.value)));
    assert.ok(!rows.some((r) => r.id === cookie.value));
  });

  test('"remember me" makes a persistent cookie', async () => {
    const c = new Client(t.app);
    const res = await c.post('/api/v1/auth/login', {
      email: 'admin@portico.example',
      password: 'portico-demo',
      remember: true,
    });
    const cookie = res.cookies.find((x) => x.name === '__Host-portico_session');
    assert.equal(cookie?.maxAge, 30 * 24 * 3600);
  });

  test('signing in again issues a new session id and ends the old one', async () => {
    const c = new Client(t.app);
    await c.login('admin@portico.example');
    const first = c.sessionCookie!;
    await c.login('admin@portico.example');
    assert.notEqual(c.sessionCookie, first);
    const replay = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      cookies: { '__Host-portico_session': first },
    });
    assert.equal(replay.statusCode, 401);
  });

  test('sign-out ends the session on the server: replaying the old cookie gets 401', async () => {
    const c = new Client(t.app);
    await c.login('admin@portico.example');
    const token = c.sessionCookie!;
    const out = await c.post('/api/v1/auth/logout');
    assert.equal(out.statusCode, 200);
    const replay = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      cookies: { '__Host-portico_session': token },
    });
    assert.equal(replay.statusCode, 401);
  });

  test('idle and absolute timeouts end sessions (fake clock)', async () => {
    const idle = new Client(t.app);
    await idle.login('admin@portico.example');
    t.clock.advance(119 * 60_000);
    assert.equal((await idle.get('/api/v1/me')).statusCode, 200, 'activity inside the idle window keeps it');
    t.clock.advance(119 * 60_000);
    assert.equal((await idle.get('/api/v1/me')).statusCode, 200);
    t.clock.advance(121 * 60_000);
    const expired = await idle.get('/api/v1/me');
    assert.equal(expired.statusCode, 401);
    assert.equal(errorOf(expired).code, 'session_expired');

    const busy = new Client(t.app);
    await busy.login('admin@portico.example');
    for (let i = 0; i < 13; i++) {
      t.clock.advance(60 * 60_000);
      const res = await busy.get('/api/v1/me');
      if (i < 11) assert.equal(res.statusCode, 200, `hour ${i + 1}`);
      else assert.equal(res.statusCode, 401, `hour ${i + 1}: past the 12-hour absolute limit`);
    }
  });

  test('a disabled account loses its sessions at once', async () => {
    const c = new Client(t.app);
    await c.login('readonly@portico.example');
    await t.db
      .updateTable('accounts')
      .set({ status: 'disabled' })
      .where('email', '=', 'readonly@portico.example')
      .execute();
    assert.equal((await c.get('/api/v1/me')).statusCode, 401);
    const again = await new Client(t.app).post('/api/v1/auth/login', {
      email: 'readonly@portico.example',
      password: 'portico-demo',
    });
    assert.equal(again.statusCode, 403);
  });

  test('a client whose portal is switched off cannot sign in', async () => {
    const c = new Client(t.app);
    await c.login('primary@cobalt.example');
    await t.db.updateTable('clients').set({ portal_enabled: 0 }).where('name', '=', 'Cobalt Legal').execute();
    assert.equal((await c.get('/api/v1/me')).statusCode, 401);
  });

  test('50 parallel bad sign-ins against one account from a new address: no more than the limit are even checked', async () => {
    const email = 'billing@portico.example';
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        new Client(t.app).post('/api/v1/auth/login', { email, password: 'not-the-password' }),
      ),
    );
    const checked = results.filter((r) => r.statusCode === 401).length;
    const limited = results.filter((r) => r.statusCode === 429);
    assert.ok(checked <= 5, `${checked} attempts were checked`);
    assert.equal(checked + limited.length, 50);
    assert.ok(Number(limited[0]?.headers['retry-after']) > 0);
    // LOGIN_MAX_PER_ACCOUNT (5 here) failures from addresses the login has not signed in from make new
    // addresses wait; even the right password is refused while the wait lasts, and afterwards it works.
    const during = await new Client(t.app).post('/api/v1/auth/login', { email, password: 'portico-demo' });
    assert.equal(during.statusCode, 429);
    t.clock.advance(16 * 60_000);
    const later = await new Client(t.app).post('/api/v1/auth/login', { email, password: 'portico-demo' });
    assert.equal(later.statusCode, 200);
  });

  test('long passwords are neither truncated nor refused', async () => {
    const { insertStaffUser, prepareStaffUser } = await import('../staff/staff.service.ts');
    const long = `${'a'.repeat(79)}X${'b'.repeat(40)}`;
    const user = await prepareStaffUser({
      name: 'Long',
      email: 'long@portico.example',
      role: 'technician',
      password: long,
    });
    await t.db.transaction().execute((trx) => insertStaffUser(trx, t.clock, user));
    const differsAt80 = `${'a'.repeat(79)}Y${'b'.repeat(40)}`;
    assert.equal(
      (
        await new Client(t.app).post('/api/v1/auth/login', {
          email: 'long@portico.example',
          password: differsAt80,
        })
      ).statusCode,
      401,
    );
    await new Client(t.app).login('long@portico.example', long);
    const hash = await t.db
      .selectFrom('accounts')
      .select('password_hash')
      .where('email', '=', 'long@portico.example')
      .executeTakeFirstOrThrow();
    assert.match(String(hash.password_hash), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  test('unauthenticated requests to protected routes get 401 in the envelope', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    assert.equal(res.statusCode, 401);
    assert.equal(errorOf(res).code, 'unauthenticated');
  });

  test('the setup owner signs in with the password chosen at setup', async () => {
    const c = new Client(t.app);
    const me = await c.login(OWNER.email, OWNER.password);
    assert.equal(me.kind, 'staff');
  });
});

describe('rate limit windows are timed, not permanent', () => {
  test('past the per-address limit the address waits for the window, then signs in again', async () => {
    const t = await createTestApp({ env: { LOGIN_MAX_PER_IP: '3', LOGIN_WINDOW_MINUTES: '15' } });
    try {
      await setUp(t);
      for (let i = 0; i < 3; i++)
        await new Client(t.app).post('/api/v1/auth/login', {
          email: `nobody-${i}@example.com`,
          password: 'nope-nope-nope',
        });
      const limited = await new Client(t.app).post('/api/v1/auth/login', {
        email: OWNER.email,
        password: OWNER.password,
      });
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.headers['retry-after'], String(15 * 60));
      t.clock.advance(15 * 60_000 + 1000);
      const later = await new Client(t.app).post('/api/v1/auth/login', {
        email: OWNER.email,
        password: OWNER.password,
      });
      assert.equal(later.statusCode, 200);
    } finally {
      await t.close();
    }
  });
});
