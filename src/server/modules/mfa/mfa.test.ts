import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { decrypt } from '../../platform/crypto.ts';
import { Client, createTestApp, errorOf, setUp, type TestApp } from '../../test/harness.ts';

const PASSWORD = 'portico-demo';

/** The code an authenticator app would show at the app's (fake) time, plus `steps` periods. */
function codeAt(t: TestApp, secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: t.clock().getTime() + steps * 30_000,
  });
}

/** A code that is certainly wrong now (none of the three accepted steps). */
function wrongCode(t: TestApp, secret: string): string {
  const near = new Set([-1, 0, 1].map((s) => codeAt(t, secret, s)));
  for (let i = 0; ; i++) {
    const candidate = String(123456 + i).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

async function accountRow(t: TestApp, email: string) {
  return t.db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
}

/** Signs in and switches MFA on; returns the client, the secret and the backup codes. */
async function enrol(t: TestApp, email: string) {
  const c = new Client(t.app);
  await c.login(email, PASSWORD);
  const start = await c.post('/api/v1/mfa/enrolment', { currentPassword: PASSWORD });
  assert.equal(start.statusCode, 200, start.body);
  const { secret } = start.json() as { secret: string };
  const confirm = await c.post('/api/v1/mfa/enrolment/confirm', { code: codeAt(t, secret) });
  assert.equal(confirm.statusCode, 200, confirm.body);
  return { client: c, secret, backupCodes: (confirm.json() as { backupCodes: string[] }).backupCodes };
}

async function passwordStep(t: TestApp, email: string, c = new Client(t.app)) {
  const res = await c.post('/api/v1/auth/login', { email, password: PASSWORD });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as { mfaRequired?: boolean; challengeToken?: string; kind?: string };
  assert.equal(body.mfaRequired, true);
  assert.equal(body.kind, undefined, 'no person yet');
  assert.equal(
    res.cookies.find((x) => x.name.endsWith('portico_session')),
    undefined,
    'no session yet',
  );
  return { client: c, challengeToken: body.challengeToken! };
}

describe('two-factor authentication', () => {
  let t: TestApp;
  let owner: Client;
  before(async () => {
    t = await createTestApp({
      env: { LOGIN_MAX_PER_ACCOUNT: '1000', LOGIN_MAX_PER_IP: '100000', TRUST_PROXY: 'true' },
    });
    owner = await setUp(t, { demo: true });
  });
  after(() => t.close());

  test('every endpoint needs a signed-in person; bad input is refused and nothing is written', async () => {
    const anon = new Client(t.app);
    assert.equal((await anon.get('/api/v1/mfa')).statusCode, 401);
    assert.equal((await anon.post('/api/v1/mfa/enrolment', { currentPassword: 'x' })).statusCode, 401);
    assert.equal((await anon.post('/api/v1/mfa/enrolment/confirm', { code: '123456' })).statusCode, 401);
    assert.equal((await anon.post('/api/v1/mfa/backup-codes', { currentPassword: 'x' })).statusCode, 401);
    assert.equal(
      (await anon.post('/api/v1/mfa/disable', { currentPassword: 'x', code: '1' })).statusCode,
      401,
    );

    const c = new Client(t.app);
    await c.login('readonly@acme.example');
    const extra = await c.post('/api/v1/mfa/enrolment', { currentPassword: PASSWORD, secret: 'AAAA' });
    assert.equal(extra.statusCode, 400, 'no secret of one’s own choosing');
    const wrongPassword = await c.post('/api/v1/mfa/enrolment', { currentPassword: 'not-my-password' });
    assert.equal(wrongPassword.statusCode, 400);
    assert.ok(errorOf(wrongPassword).fields?.currentPassword);
    assert.equal((await accountRow(t, 'readonly@acme.example')).mfa_secret, null, 'nothing written');
    const badCode = await c.post('/api/v1/mfa/enrolment/confirm', { code: '12ab56' });
    assert.equal(badCode.statusCode, 400);
    assert.ok(errorOf(badCode).fields?.code);
    const noPending = await c.post('/api/v1/mfa/enrolment/confirm', { code: '123456' });
    assert.equal(noPending.statusCode, 409);
    assert.equal(errorOf(noPending).reason, 'mfa_setup_not_started');
  });

  test('enrolment: a QR code and secret, encrypted at rest, on only after a current code', async () => {
    const c = new Client(t.app);
    await c.login('technical@acme.example');
    assert.deepEqual((await c.get('/api/v1/mfa')).json(), {
      enabled: false,
      enabledAt: null,
      required: false,
      backupCodesRemaining: 0,
    });
    const start = (await c.post('/api/v1/mfa/enrolment', { currentPassword: PASSWORD })).json();
    assert.match(start.secret, /^[A-Z2-7]{32}$/, '160 bits in base32');
    assert.match(start.otpauthUri, /^otpauth:\/\/totp\/Test%20IT:technical%40acme\.example\?/);
    assert.match(start.otpauthUri, /secret=[A-Z2-7]{32}/);
    assert.match(start.qrCode, /^data:image\/png;base64,/);
    const row = await accountRow(t, 'technical@acme.example');
    assert.ok(row.mfa_secret?.startsWith('v1:'), 'stored encrypted');
    assert.ok(!row.mfa_secret?.includes(start.secret));
    assert.equal(decrypt(t.services.secrets.encryptionKey, row.mfa_secret!), start.secret);
    assert.equal(row.mfa_enabled_at, null, 'not on before a code confirms it');
    // Until confirmed, sign-in is by password alone.
    const plain = await new Client(t.app).login('technical@acme.example');
    assert.equal(plain.kind, 'contact');

    const wrong = await c.post('/api/v1/mfa/enrolment/confirm', { code: wrongCode(t, start.secret) });
    assert.equal(wrong.statusCode, 400);
    assert.equal((await accountRow(t, 'technical@acme.example')).mfa_enabled_at, null);

    const ok = await c.post('/api/v1/mfa/enrolment/confirm', { code: codeAt(t, start.secret) });
    assert.equal(ok.statusCode, 200);
    const codes = ok.json().backupCodes as string[];
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) assert.match(code, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await t.db
      .selectFrom('mfa_backup_codes')
      .select('code_hash')
      .where('account_id', '=', row.id)
      .execute();
    assert.equal(stored.length, 10);
    assert.ok(
      stored.every((s) => !codes.some((code) => s.code_hash.includes(code.replace('-', '')))),
      'only hashes',
    );
    const status = (await c.get('/api/v1/mfa')).json();
    assert.equal(status.enabled, true);
    assert.equal(status.backupCodesRemaining, 10);
    assert.equal((await c.get('/api/v1/me')).json().mfaEnabled, true);
    const again = await c.post('/api/v1/mfa/enrolment', { currentPassword: PASSWORD });
    assert.equal(again.statusCode, 409, 'already on');
    assert.equal(errorOf(again).reason, 'mfa_already_enabled');
    const audit = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', row.id)
      .where('action', 'in', ['auth.mfa_enabled', 'auth.mfa_failed'])
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['auth.mfa_enabled', 'auth.mfa_failed']);
  });

  test('sign-in with MFA: challenge first, then a code within ±1 step; each code works once', async () => {
    const { secret } = await enrol(t, 'primary@birchwood.example');
    t.clock.advance(30_000);
    const { client, challengeToken } = await passwordStep(t, 'primary@birchwood.example');
    assert.equal((await client.get('/api/v1/me')).statusCode, 401, 'the password alone signs nobody in');
    // The previous step's code is still accepted (drift), the code two steps ago is not.
    const tooOld = await client.post('/api/v1/auth/login/mfa', {
      challengeToken,
      code: codeAt(t, secret, -2),
    });
    assert.equal(tooOld.statusCode, 401);
    assert.equal(errorOf(tooOld).code, 'invalid_credentials');
    const res = await client.post('/api/v1/auth/login/mfa', { challengeToken, code: codeAt(t, secret, 1) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().kind, 'contact');
    assert.equal(res.json().mfaEnabled, true);
    assert.equal((await client.get('/api/v1/me')).statusCode, 200);

    // The same code again (a replay, even in a new sign-in) is refused; so is the older current one.
    const second = await passwordStep(t, 'primary@birchwood.example');
    const replay = await second.client.post('/api/v1/auth/login/mfa', {
      challengeToken: second.challengeToken,
      code: codeAt(t, secret, 1),
    });
    assert.equal(replay.statusCode, 401);
    const older = await second.client.post('/api/v1/auth/login/mfa', {
      challengeToken: second.challengeToken,
      code: codeAt(t, secret, 0),
    });
    assert.equal(older.statusCode, 401, 'a step older than the last used one is refused');
    // A used challenge cannot be used again.
    const reuse = await client.post('/api/v1/auth/login/mfa', { challengeToken, code: codeAt(t, secret, 2) });
    assert.equal(reuse.statusCode, 401);
    assert.equal(errorOf(reuse).code, 'unauthenticated');
    // Two parallel requests with the same fresh code: one session.
    t.clock.advance(60_000);
    const a = await passwordStep(t, 'primary@birchwood.example');
    const b = await passwordStep(t, 'primary@birchwood.example');
    const code = codeAt(t, secret);
    const both = await Promise.all([
      a.client.post('/api/v1/auth/login/mfa', { challengeToken: a.challengeToken, code }),
      b.client.post('/api/v1/auth/login/mfa', { challengeToken: b.challengeToken, code }),
    ]);
    assert.deepEqual(both.map((r) => r.statusCode).sort(), [200, 401]);
  });

  test('five wrong codes lock the challenge; start over with the password', async () => {
    const { secret } = await enrol(t, 'standard@acme.example');
    t.clock.advance(30_000);
    const { client, challengeToken } = await passwordStep(t, 'standard@acme.example');
    const bad = wrongCode(t, secret);
    for (let i = 0; i < 4; i++) {
      const res = await client.post('/api/v1/auth/login/mfa', { challengeToken, code: bad });
      assert.equal(res.statusCode, 401);
      assert.equal(errorOf(res).code, 'invalid_credentials');
      assert.match(errorOf(res).message, /not right/);
    }
    const fifth = await client.post('/api/v1/auth/login/mfa', { challengeToken, code: bad });
    assert.equal(errorOf(fifth).code, 'unauthenticated');
    assert.match(errorOf(fifth).message, /Too many wrong codes/);
    const right = await client.post('/api/v1/auth/login/mfa', { challengeToken, code: codeAt(t, secret) });
    assert.equal(right.statusCode, 401, 'even the right code no longer works on that challenge');
    assert.equal(errorOf(right).code, 'unauthenticated');
    const fresh = await passwordStep(t, 'standard@acme.example');
    const ok = await fresh.client.post('/api/v1/auth/login/mfa', {
      challengeToken: fresh.challengeToken,
      code: codeAt(t, secret),
    });
    assert.equal(ok.statusCode, 200);
    const failed = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'auth.mfa_failed')
      .where('target_id', '=', (await accountRow(t, 'standard@acme.example')).id)
      .execute();
    assert.equal(failed.length, 5);
  });

  test('wrong codes count towards the waits of their address too; the person elsewhere gets in', async () => {
    await owner.patch('/api/v1/settings', { lockoutThreshold: 3, lockoutMinutes: 5 });
    try {
      const email = 'office@birchwood.example';
      const { secret } = await enrol(t, email);
      t.clock.advance(30_000);
      const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
      const attacker = new Client(t.app);
      const step = await attacker.post(
        '/api/v1/auth/login',
        { email, password: PASSWORD },
        from('198.51.100.9'),
      );
      assert.equal(step.statusCode, 200, step.body);
      const { challengeToken } = step.json() as { challengeToken: string };
      const bad = wrongCode(t, secret);
      const code = () =>
        attacker.post('/api/v1/auth/login/mfa', { challengeToken, code: bad }, from('198.51.100.9'));
      assert.equal((await code()).statusCode, 401);
      assert.equal((await code()).statusCode, 401);
      assert.equal(
        (await code()).statusCode,
        401,
        'the third wrong code in a row: the address waits from now on',
      );
      const waiting = await code();
      assert.equal(waiting.statusCode, 429);
      assert.equal(waiting.headers['retry-after'], '1');
      const password = await new Client(t.app).post(
        '/api/v1/auth/login',
        { email, password: PASSWORD },
        from('198.51.100.9'),
      );
      assert.equal(password.statusCode, 429, 'even the right password waits at that address');

      // The person, at an address that has not been failing, signs in with password and code.
      const person = new Client(t.app);
      const first = await person.post(
        '/api/v1/auth/login',
        { email, password: PASSWORD },
        from('203.0.113.9'),
      );
      assert.equal(first.statusCode, 200, first.body);
      const done = await person.post(
        '/api/v1/auth/login/mfa',
        {
          challengeToken: (first.json() as { challengeToken: string }).challengeToken,
          code: codeAt(t, secret),
        },
        from('203.0.113.9'),
      );
      assert.equal(done.statusCode, 200, done.body);
      assert.equal((await person.get('/api/v1/me')).statusCode, 200);
    } finally {
      await owner.patch('/api/v1/settings', { lockoutThreshold: 10, lockoutMinutes: 15 });
    }
  });

  test('a backup code signs in once; regenerating replaces them all', async () => {
    const { client, secret, backupCodes } = await enrol(t, 'billing@acme.example');
    const first = await passwordStep(t, 'billing@acme.example');
    const withBackup = await first.client.post('/api/v1/auth/login/mfa', {
      challengeToken: first.challengeToken,
      code: backupCodes[0]!.toUpperCase().replace('-', ' '),
    });
    assert.equal(withBackup.statusCode, 200, 'case, spaces and dashes do not matter');
    const second = await passwordStep(t, 'billing@acme.example');
    const reused = await second.client.post('/api/v1/auth/login/mfa', {
      challengeToken: second.challengeToken,
      code: backupCodes[0],
    });
    assert.equal(reused.statusCode, 401, 'a backup code works once');
    assert.equal((await client.get('/api/v1/mfa')).json().backupCodesRemaining, 9);

    const noPassword = await client.post('/api/v1/mfa/backup-codes', { currentPassword: 'wrong-one-here' });
    assert.equal(noPassword.statusCode, 400);
    const regenerated = await client.post('/api/v1/mfa/backup-codes', { currentPassword: PASSWORD });
    assert.equal(regenerated.statusCode, 200);
    const fresh = regenerated.json().backupCodes as string[];
    assert.equal(fresh.length, 10);
    assert.equal((await client.get('/api/v1/mfa')).json().backupCodesRemaining, 10);
    const third = await passwordStep(t, 'billing@acme.example');
    const old = await third.client.post('/api/v1/auth/login/mfa', {
      challengeToken: third.challengeToken,
      code: backupCodes[1],
    });
    assert.equal(old.statusCode, 401, 'old codes stopped working');
    const ok = await third.client.post('/api/v1/auth/login/mfa', {
      challengeToken: third.challengeToken,
      code: fresh[3],
    });
    assert.equal(ok.statusCode, 200);
    void secret;
  });

  test('switching off needs the password and a code', async () => {
    const { client, secret } = await enrol(t, 'readonly@acme.example');
    t.clock.advance(30_000);
    const noCode = await client.post('/api/v1/mfa/disable', {
      currentPassword: PASSWORD,
      code: wrongCode(t, secret),
    });
    assert.equal(noCode.statusCode, 400);
    assert.ok(errorOf(noCode).fields?.code);
    const noPassword = await client.post('/api/v1/mfa/disable', {
      currentPassword: 'not-the-password',
      code: codeAt(t, secret),
    });
    assert.equal(noPassword.statusCode, 400);
    assert.ok(errorOf(noPassword).fields?.currentPassword);
    assert.equal((await client.get('/api/v1/mfa')).json().enabled, true, 'still on');
    const off = await client.post('/api/v1/mfa/disable', {
      currentPassword: PASSWORD,
      code: codeAt(t, secret),
    });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().enabled, false);
    const row = await accountRow(t, 'readonly@acme.example');
    assert.equal(row.mfa_secret, null);
    const left = await t.db
      .selectFrom('mfa_backup_codes')
      .select('id')
      .where('account_id', '=', row.id)
      .execute();
    assert.equal(left.length, 0);
    const plain = await new Client(t.app).login('readonly@acme.example');
    assert.equal(plain.kind, 'contact', 'password alone again');
  });

  test('required MFA: a contact of a client that requires it must enrol before anything else works', async () => {
    await t.db.updateTable('clients').set({ require_mfa: 1 }).where('name', '=', 'Cobalt Legal').execute();
    const c = new Client(t.app);
    const me = (
      await c.post('/api/v1/auth/login', { email: 'standard@cobalt.example', password: PASSWORD })
    ).json();
    assert.equal(me.mfaEnrollmentRequired, true);
    assert.equal(me.mfaEnabled, false);
    const blocked = await c.get('/api/v1/profile/sessions');
    assert.equal(blocked.statusCode, 403);
    assert.match(errorOf(blocked).message, /Set up two-factor authentication/);
    assert.equal((await c.patch('/api/v1/profile', { name: 'Nope' })).statusCode, 403);
    assert.equal((await c.get('/api/v1/mfa')).json().required, true);
    const start = (await c.post('/api/v1/mfa/enrolment', { currentPassword: PASSWORD })).json();
    const ok = await c.post('/api/v1/mfa/enrolment/confirm', { code: codeAt(t, start.secret) });
    assert.equal(ok.statusCode, 200);
    assert.equal((await c.get('/api/v1/me')).json().mfaEnrollmentRequired, false);
    assert.equal((await c.get('/api/v1/profile/sessions')).statusCode, 200, 'everything works now');
    // From now on sign-in asks for a code.
    await passwordStep(t, 'standard@cobalt.example');
  });

  test('required MFA for staff, by the organisation setting; an existing session is held too', async () => {
    const tech = new Client(t.app);
    await tech.login('tech@portico.example');
    assert.equal((await owner.patch('/api/v1/settings', { requireStaffMfa: true })).statusCode, 200);
    try {
      const held = await tech.get('/api/v1/settings');
      assert.equal(held.statusCode, 403);
      assert.match(errorOf(held).message, /two-factor/);
      assert.equal((await tech.get('/api/v1/me')).json().mfaEnrollmentRequired, true);
      // Contacts are not affected by the staff setting.
      const contact = new Client(t.app);
      await contact.login('primary@acme.example');
      assert.equal((await contact.get('/api/v1/profile')).statusCode, 200);
      assert.equal((await contact.get('/api/v1/me')).json().mfaEnrollmentRequired, false);
    } finally {
      // The owner is held too now: switch it back through the service to leave the suite as it was.
      const ownerActor = await t.services.auth.resolve(owner.sessionCookie!);
      assert.equal(ownerActor.status, 'ok');
      if (ownerActor.status === 'ok' && ownerActor.actor.kind === 'staff') {
        await t.services.settings.update(ownerActor.actor, { requireStaffMfa: false });
      }
    }
    assert.equal((await tech.get('/api/v1/settings')).statusCode, 200);
  });
});
