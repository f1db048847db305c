import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { Client, createTestApp, errorOf, OWNER, setUp, type TestApp, tokenFrom } from '../../test/harness.ts';
import { startSmtpSink } from '../../test/smtp.ts';
import { waitSeconds } from '../identity/identity.service.ts';
import { sourceOf } from './auth.throttle.ts';
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

describe('throttling rules', () => {
  test('attempts are counted by IPv4 address and by IPv6 /64', () => {
    assert.equal(sourceOf('203.0.113.5'), '203.0.113.5');
    assert.equal(sourceOf('::ffff:203.0.113.5'), '203.0.113.5');
    assert.equal(sourceOf('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(sourceOf('2001:DB8:1:2:ffff::9'), '2001:db8:1:2::/64');
    assert.equal(sourceOf('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(sourceOf('::1'), '0:0:0:0::/64');
    assert.equal(sourceOf('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(sourceOf('2001:db8:1:2::1.2.3.4'), '2001:db8:1:2::/64');
  });

  test('waits start at the threshold with 1 second and double up to the cap', () => {
    const rule = { threshold: 10, capSeconds: 900 };
    assert.deepEqual(
      [1, 9, 10, 11, 12, 19, 20, 21, 5000].map((n) => waitSeconds(n, rule)),
      [0, 0, 1, 2, 4, 512, 900, 900, 900],
    );
    assert.equal(waitSeconds(1, { threshold: 1, capSeconds: 60 }), 1);
  });
});

describe('sign-in throttling', () => {
  let t: TestApp;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let seen = 0;
  const CEILING = 30;
  const NOTICE = 'Failed sign-ins on your account are being held back';

  before(async () => {
    sink = await startSmtpSink();
    // The per-address limit across logins (in memory) is set high: these tests are about the database's.
    t = await createTestApp({
      env: {
        TRUST_PROXY: 'true',
        LOGIN_MAX_PER_IP: '100000',
        LOGIN_MAX_PER_ACCOUNT: String(CEILING),
        SMTP_URL: sink.url,
      },
    });
    await setUp(t, { demo: true });
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  const attempt = (ip: string, email: string, password: string) =>
    new ClientAt(t.app, ip).post('/api/v1/auth/login', { email, password });
  const signsIn = async (ip: string, email: string, password = 'portico-demo') => {
    const res = await attempt(ip, email, password);
    assert.equal(res.statusCode, 200, `${email} from ${ip}: ${res.statusCode} ${res.body}`);
  };
  /** The throttling notices sent since the last call, to each address. */
  async function notices(): Promise<string[]> {
    await t.services.jobs.drain();
    const mails = sink.received.slice(seen);
    seen = sink.received.length;
    return mails.filter((m) => m.subject.endsWith(NOTICE)).flatMap((m) => m.to);
  }
  const retryAfter = (res: LightMyRequestResponse) => Number(res.headers['retry-after']);

  test('50 parallel wrong passwords from one address: exactly the threshold are checked, and only that address waits', async () => {
    const email = 'tech@portico.example';
    const attacker = '198.51.100.7';
    const { id } = await account(t, email);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => attempt(attacker, email, 'not-the-password')),
    );
    const wrong = results.filter((r) => r.statusCode === 401);
    const waiting = results.filter((r) => r.statusCode === 429);
    const other = results.filter((r) => r.statusCode !== 401 && r.statusCode !== 429);
    assert.deepEqual(
      other.map((r) => `${r.statusCode} ${r.body}`),
      [],
      'every attempt is answered "wrong password" or "wait"',
    );
    assert.equal(wrong.length, 10, 'ten answered "wrong password"');
    assert.equal(waiting.length, 40);
    assert.equal(await auditCount(t, 'auth.login_failed', id), 10, 'ten passwords were checked, no more');
    assert.equal(await auditCount(t, 'auth.locked', id), 1, 'the waits began once');
    for (const res of waiting) {
      assert.equal(errorOf(res).code, 'rate_limited');
      assert.equal(res.headers['retry-after'], '1', 'the first wait is a second');
    }

    // At that address the right password gets the very same answer as a wrong one: nothing is checked.
    const right = await attempt(attacker, email, 'portico-demo');
    const wrongAgain = await attempt(attacker, email, 'nope-nope-nope');
    assert.equal(right.statusCode, 429);
    assert.match(
      errorOf(right).message,
      /from your network\. Try again in 1 second \(after \d\d:\d\d:\d\d [AP]M \S+\)\.$/,
      'the time of day in the English clock',
    );
    // The wait and the time it ends are in the reader's language (its clock, its plural forms).
    const arabic = await new ClientAt(t.app, attacker).post(
      '/api/v1/auth/login',
      { email, password: 'portico-demo' },
      { headers: { 'accept-language': 'ar' } },
    );
    assert.equal(errorOf(arabic).code, 'rate_limited');
    assert.match(errorOf(arabic).message, /حاول مرة أخرى بعد ثانية واحدة \(بعد \d\d:\d\d:\d\d [صم] /u);
    const german = await new ClientAt(t.app, attacker).post(
      '/api/v1/auth/login',
      { email, password: 'portico-demo' },
      { headers: { 'accept-language': 'de' } },
    );
    assert.match(
      errorOf(german).message,
      /Versuchen Sie es in 1 Sekunde erneut \(nach \d\d:\d\d:\d\d \S+\)\.$/,
    );
    assert.equal(errorOf(right).message, errorOf(wrongAgain).message);
    assert.equal(right.headers['retry-after'], wrongAgain.headers['retry-after']);
    assert.equal(await auditCount(t, 'auth.login_failed', id), 10, 'a waiting attempt is not checked');

    // The person, at an address that has not been failing, signs in at once.
    await signsIn('203.0.113.20', email);
    assert.deepEqual(await notices(), [email], 'the account holder is told, once');
    const mail = sink.received.findLast((m) => m.subject.endsWith(NOTICE));
    assert.match(mail?.text ?? '', /198\.51\.100\.7/);
    assert.match(mail?.text ?? '', /\/staff\/forgot-password/);
  });

  test('the waits double up to the longest wait, the person gets in throughout, and a day later the address starts again', async () => {
    const email = 'tech@portico.example';
    const attacker = '198.51.100.7';
    const { id } = await account(t, email);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      // Hammering while it waits changes nothing: only the attempts that are let through count.
      const early = await attempt(attacker, email, 'not-the-password');
      const again = await attempt(attacker, email, 'not-the-password');
      assert.equal(early.statusCode, 429);
      assert.equal(retryAfter(again), retryAfter(early));
      waits.push(retryAfter(early));
      t.clock.advance(retryAfter(early) * 1000);
      assert.equal((await attempt(attacker, email, 'not-the-password')).statusCode, 401);
      // Over several 15-minute windows, the person keeps signing in from clean addresses.
      if (i % 3 === 2) await signsIn(`203.0.113.${30 + i}`, email);
    }
    assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    assert.equal(await auditCount(t, 'auth.login_failed', id), 22);
    assert.deepEqual(await notices(), [], 'one notice for the whole burst');

    // A day after the last wait ended, the address's failures are forgotten: nine more before a wait.
    t.clock.advance(900_000 + 24 * 60 * MINUTE);
    for (let i = 0; i < 9; i++) {
      assert.equal((await attempt(attacker, email, 'not-the-password')).statusCode, 401);
    }
    const tenth = await attempt(attacker, email, 'not-the-password');
    assert.equal(tenth.statusCode, 401);
    assert.equal(retryAfter(await attempt(attacker, email, 'x-x-x-x-x-x')), 1);
    assert.deepEqual(await notices(), [email], 'a new burst the next day is told again');

    // A successful sign-in from the address starts its count again.
    t.clock.advance(1000);
    await signsIn(attacker, email);
    for (let i = 0; i < 9; i++) {
      assert.equal((await attempt(attacker, email, 'not-the-password')).statusCode, 401);
    }
  });

  test('the attack from the review, 11 wrong passwords every 15 minutes, never keeps the person out', async () => {
    const email = 'admin@portico.example';
    for (let window = 0; window < 6; window++) {
      // From one address, then from a new one each window.
      const attacker = window % 2 === 0 ? '198.51.100.50' : `198.51.100.${60 + window}`;
      const codes: number[] = [];
      for (let i = 0; i < 11; i++)
        codes.push((await attempt(attacker, email, 'guess-guess-guess')).statusCode);
      assert.equal(codes.at(-1), 429, `window ${window}: ${codes}`);
      // The person, from an address they have never used and that has not been failing.
      await signsIn(`192.0.2.${10 + window}`, email);
      t.clock.advance(15 * MINUTE);
    }
    assert.deepEqual(await notices(), [email], 'one notice for the whole attack');
  });

  test('an attack spread over many addresses makes only new addresses wait; an address the person uses still gets in', async () => {
    const email = 'primary@acme.example';
    const { id } = await account(t, email);
    await signsIn('192.0.2.200', email); // an address the person uses
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      for (let i = 0; i < 10; i++) {
        assert.equal((await attempt(ip, email, 'spray-spray-spray')).statusCode, 401);
      }
    }
    assert.equal(await auditCount(t, 'auth.login_failed', id), CEILING);

    // Past the ceiling, an address the login has not signed in from waits, right password or not.
    const fresh = await attempt('192.0.2.99', email, 'portico-demo');
    const freshWrong = await attempt('192.0.2.99', email, 'spray-spray-spray');
    assert.equal(fresh.statusCode, 429);
    assert.match(errorOf(fresh).message, /from many places.*network you have signed in from before/);
    assert.equal(errorOf(fresh).message, errorOf(freshWrong).message);
    assert.equal(retryAfter(fresh), 1);

    // The waits grow with each further failure from yet another address.
    t.clock.advance(1000);
    assert.equal((await attempt('198.51.100.4', email, 'spray-spray-spray')).statusCode, 401);
    assert.equal(retryAfter(await attempt('192.0.2.99', email, 'portico-demo')), 2);
    // An address past its own threshold no longer counts here, but waits with the other new ones.
    const known = await attempt('198.51.100.1', email, 'spray-spray-spray');
    assert.equal(known.statusCode, 429);
    assert.match(errorOf(known).message, /from many places/);
    assert.equal(await auditCount(t, 'auth.login_failed', id), CEILING + 1);

    // The person's own address is never held back by the others; their sign-in starts the counts again.
    await signsIn('192.0.2.200', email);
    await signsIn('192.0.2.99', email);
    assert.deepEqual(await notices(), [email], 'one notice for the burst');
  });

  test('a password reset link ends every wait of the login', async () => {
    const email = 'standard@acme.example';
    for (const ip of ['198.51.100.11', '198.51.100.12', '198.51.100.13']) {
      for (let i = 0; i < 10; i++) await attempt(ip, email, 'spray-spray-spray');
    }
    assert.equal((await attempt('192.0.2.120', email, 'portico-demo')).statusCode, 429);
    assert.equal((await attempt('198.51.100.11', email, 'spray-spray-spray')).statusCode, 429);

    const count = sink.received.length;
    assert.equal(
      (await new ClientAt(t.app, '192.0.2.120').post('/api/v1/auth/password-reset', { email })).statusCode,
      202,
    );
    await t.services.jobs.drain();
    const mails = await sink.waitFor(count + 1);
    const link = mails.slice(count).find((m) => m.to.includes(email) && /reset-password/.test(m.text));
    const token = tokenFrom(link?.text ?? '', '/portal/reset-password');
    const done = await new ClientAt(t.app, '192.0.2.120').post('/api/v1/auth/password-reset/complete', {
      token,
      password: 'a-new-and-long-passphrase',
    });
    assert.equal(done.statusCode, 200, done.body);
    await signsIn('192.0.2.121', email, 'a-new-and-long-passphrase');
    assert.equal(
      (await attempt('198.51.100.11', email, 'spray-spray-spray')).statusCode,
      401,
      "the attacker's address starts again too",
    );
    assert.deepEqual(await notices(), [email]);
  });

  test('an unknown email waits exactly like a real one, and nobody is emailed', async () => {
    const run = async (ip: string, email: string) => {
      const answers: LightMyRequestResponse[] = [];
      for (let i = 0; i < 11; i++) answers.push(await attempt(ip, email, 'whatever-it-is'));
      return answers;
    };
    const real = await run('198.51.100.30', 'readonly@acme.example');
    const ghost = await run('198.51.100.31', 'ghost@acme.example');
    assert.deepEqual(
      ghost.map((r) => r.statusCode),
      real.map((r) => r.statusCode),
    );
    const answer = (r: LightMyRequestResponse) => ({ code: errorOf(r).code, message: errorOf(r).message });
    assert.deepEqual(answer(ghost.at(-1)!), answer(real.at(-1)!));
    assert.equal(ghost.at(-1)?.headers['retry-after'], real.at(-1)?.headers['retry-after']);
    assert.equal(ghost.at(-1)?.statusCode, 429);
    assert.deepEqual(await notices(), ['readonly@acme.example']);
  });

  test('rows with nothing left to tell are swept', async () => {
    const rows = () => t.db.selectFrom('sign_in_throttles').select('login').execute();
    assert.ok((await rows()).length > 0);
    t.clock.advance(2 * 24 * 60 * MINUTE);
    await t.services.auth.purgeExpiredSessions();
    const left = await rows();
    assert.ok(left.length > 0, 'addresses signed in from lately are kept');
    t.clock.advance(31 * 24 * 60 * MINUTE);
    await t.services.auth.purgeExpiredSessions();
    assert.deepEqual(await rows(), []);
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
