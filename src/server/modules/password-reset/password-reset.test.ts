import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256Hex } from '../../platform/crypto.ts';
import { Client, createTestApp, errorOf, setUp, type TestApp, tokenFrom } from '../../test/harness.ts';
import { startSmtpSink } from '../../test/smtp.ts';
import { directoryService } from '../directory/directory.service.ts';

const NEW_PASSWORD = 'a-brand-new-passphrase-7';
const MINUTE = 60_000;

type Sink = Awaited<ReturnType<typeof startSmtpSink>>;

async function accountByEmail(t: TestApp, email: string) {
  return t.db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
}

async function sessionsOf(t: TestApp, accountId: number) {
  return t.db.selectFrom('sessions').select('id').where('account_id', '=', accountId).execute();
}

describe('password reset', () => {
  let t: TestApp;
  let sink: Sink;

  before(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ env: { SMTP_URL: sink.url } });
    await setUp(t, { demo: true });
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  /** Asks for a link and returns the token from the delivered email. */
  async function requestLink(email: string, face = 'portal'): Promise<string> {
    const count = sink.received.length;
    const res = await new Client(t.app).post('/api/v1/auth/password-reset', { email });
    assert.equal(res.statusCode, 202, res.body);
    await t.services.jobs.drain();
    const mails = await sink.waitFor(count + 1);
    const mail = mails.at(-1)!;
    assert.deepEqual(mail.to, [email]);
    return tokenFrom(mail.text, `/${face}/reset-password`);
  }

  test('known and unknown emails get the same answer; only a real login is emailed', async () => {
    // Both answers take the same path: one queued job each, and nothing looked up or issued yet.
    await t.services.jobs.drain();
    const jobsBefore = await t.db.selectFrom('jobs').select('id').execute();
    const tokensBefore = await t.db.selectFrom('auth_tokens').select('id').execute();
    const known = await new Client(t.app).post('/api/v1/auth/password-reset', {
      email: 'standard@acme.example',
    });
    const unknown = await new Client(t.app).post('/api/v1/auth/password-reset', {
      email: 'nobody@acme.example',
    });
    assert.equal(known.statusCode, 202);
    assert.equal(unknown.statusCode, 202);
    assert.equal(known.body, unknown.body);
    assert.deepEqual(known.json(), {
      ok: true,
      message:
        'If an account uses this email, we have sent it a link to choose a new password. The link works once and expires in one hour.',
    });
    assert.deepEqual(Object.keys(known.headers).sort(), Object.keys(unknown.headers).sort());
    const jobsAfter = await t.db.selectFrom('jobs').select('id').execute();
    assert.equal(jobsAfter.length, jobsBefore.length + 2);
    const tokensAfter = await t.db.selectFrom('auth_tokens').select('id').execute();
    assert.equal(tokensAfter.length, tokensBefore.length, 'no token before the job runs');

    const count = sink.received.length;
    await t.services.jobs.drain();
    const mails = await sink.waitFor(count + 1);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(sink.received.length, count + 1, 'one email, to the real login only');
    assert.deepEqual(mails.at(-1)!.to, ['standard@acme.example']);
    assert.match(mails.at(-1)!.text, /expires in one hour/);

    const audits = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.password_reset_requested')
      .execute();
    assert.ok(
      audits.some((a) => a.actor_name === 'nobody@acme.example' && a.details.includes('no such login')),
    );
    assert.ok(audits.some((a) => a.actor_name === 'standard@acme.example' && a.target_type === 'account'));

    const german = await new Client(t.app).post(
      '/api/v1/auth/password-reset',
      { email: 'nobody@acme.example' },
      { headers: { 'accept-language': 'de' } },
    );
    assert.equal(german.statusCode, 202);
    assert.match(german.json().message, /^Falls ein Konto diese E-Mail-Adresse verwendet/);
  });

  test('the link sets a new password once, ends other sessions, clears lockout and must-change; no sign-in', async () => {
    const email = 'readonly@acme.example';
    const account = await accountByEmail(t, email);
    const elsewhere = new Client(t.app);
    await elsewhere.login(email);
    assert.equal((await elsewhere.get('/api/v1/me')).statusCode, 200);
    await t.db
      .updateTable('accounts')
      .set({
        failed_attempts: 7,
        locked_until: new Date(t.clock().getTime() + 10 * MINUTE).toISOString(),
        must_change_password: 1,
      })
      .where('id', '=', account.id)
      .execute();

    const token = await requestLink(email);
    const stored = await t.db
      .selectFrom('auth_tokens')
      .selectAll()
      .where('id', '=', sha256Hex(token))
      .executeTakeFirstOrThrow();
    assert.equal(stored.kind, 'password-reset');
    assert.equal(stored.account_id, account.id);
    assert.equal(Date.parse(stored.expires_at) - t.clock().getTime(), 60 * MINUTE);

    const guest = new Client(t.app);
    assert.deepEqual((await guest.post('/api/v1/auth/password-reset/describe', { token })).json(), {
      status: 'valid',
    });
    const weak = await guest.post('/api/v1/auth/password-reset/complete', {
      token,
      password: 'too-short',
    });
    assert.equal(weak.statusCode, 400);
    assert.ok(errorOf(weak).fields?.password);
    assert.equal(
      (await guest.post('/api/v1/auth/password-reset/describe', { token })).json().status,
      'valid',
    );

    const countBefore = sink.received.length;
    const done = await guest.post('/api/v1/auth/password-reset/complete', { token, password: NEW_PASSWORD });
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json(), { ok: true, signInUrl: '/portal/' });
    assert.equal(guest.sessionCookie, undefined, 'a reset does not sign in');

    const after = await accountByEmail(t, email);
    assert.equal(after.failed_attempts, 0);
    assert.equal(after.locked_until, null);
    assert.equal(after.must_change_password, 0);
    assert.ok(after.password_changed_at);
    assert.deepEqual(await sessionsOf(t, account.id), [], 'every session ended');
    assert.equal((await elsewhere.get('/api/v1/me')).statusCode, 401, 'the old session is gone');

    // The old password no longer works; the new one does.
    const old = await new Client(t.app).post('/api/v1/auth/login', { email, password: 'portico-demo' });
    assert.equal(old.statusCode, 401);
    assert.equal((await new Client(t.app).login(email, NEW_PASSWORD)).kind, 'contact');

    const replay = await new Client(t.app).post('/api/v1/auth/password-reset/complete', {
      token,
      password: 'yet-another-passphrase-9',
    });
    assert.equal(replay.statusCode, 409);
    assert.match(errorOf(replay).message, /already been used/);
    assert.equal(errorOf(replay).reason, 'link_used');
    assert.equal((await guest.post('/api/v1/auth/password-reset/describe', { token })).json().status, 'used');

    await t.services.jobs.drain();
    const notice = (await sink.waitFor(countBefore + 1)).at(-1)!;
    assert.match(notice.subject, /password was changed/i);
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.password_reset')
      .where('target_id', '=', account.id)
      .executeTakeFirstOrThrow();
    assert.ok(!audit.details.includes(NEW_PASSWORD));
  });

  test('a reset does not get past two-factor: the next sign-in still asks for a code', async () => {
    const email = 'office@birchwood.example';
    const account = await accountByEmail(t, email);
    // Two-factor on (the secret is never checked here: the sign-in stops before the code).
    await t.db
      .updateTable('accounts')
      .set({ mfa_secret: 'v1:not-a-real-secret', mfa_enabled_at: t.clock().toISOString() })
      .where('id', '=', account.id)
      .execute();
    const token = await requestLink(email);
    const done = await new Client(t.app).post('/api/v1/auth/password-reset/complete', {
      token,
      password: NEW_PASSWORD,
    });
    assert.equal(done.statusCode, 200);
    const c = new Client(t.app);
    const login = await c.post('/api/v1/auth/login', { email, password: NEW_PASSWORD });
    assert.equal(login.statusCode, 200, login.body);
    assert.equal(login.json().mfaRequired, true);
    assert.equal(c.sessionCookie, undefined, 'no session before the code');
    const after = await accountByEmail(t, email);
    assert.ok(after.mfa_enabled_at, 'two-factor stays on');
  });

  test('a link is valid for one hour only', async () => {
    const token = await requestLink('billing@acme.example');
    t.clock.advance(59 * MINUTE);
    const guest = new Client(t.app);
    assert.equal(
      (await guest.post('/api/v1/auth/password-reset/describe', { token })).json().status,
      'valid',
    );
    t.clock.advance(2 * MINUTE);
    assert.equal(
      (await guest.post('/api/v1/auth/password-reset/describe', { token })).json().status,
      'expired',
    );
    const res = await guest.post('/api/v1/auth/password-reset/complete', { token, password: NEW_PASSWORD });
    assert.equal(res.statusCode, 409);
    assert.match(errorOf(res).message, /expired/);
    assert.equal(errorOf(res).reason, 'link_expired');
    assert.equal(
      (await new Client(t.app).login('billing@acme.example')).kind,
      'contact',
      'password unchanged',
    );
  });

  test('asking again makes the older link stop working', async () => {
    const first = await requestLink('technical@acme.example');
    const second = await requestLink('technical@acme.example');
    const guest = new Client(t.app);
    const old = await guest.post('/api/v1/auth/password-reset/complete', {
      token: first,
      password: NEW_PASSWORD,
    });
    assert.equal(old.statusCode, 404);
    const ok = await guest.post('/api/v1/auth/password-reset/complete', {
      token: second,
      password: NEW_PASSWORD,
    });
    assert.equal(ok.statusCode, 200);
  });

  test('staff get a link to the staff reset page and are sent back to the staff sign-in', async () => {
    const token = await requestLink('billing@portico.example', 'staff');
    const res = await new Client(t.app).post('/api/v1/auth/password-reset/complete', {
      token,
      password: NEW_PASSWORD,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().signInUrl, '/staff/');
  });

  test('the notice of a changed password gives the time in each recipient’s own zone and date format', async () => {
    // A staff member with their own zone and layout; a contact who has none, of a client in Tokyo.
    await t.db
      .updateTable('accounts')
      .set({ time_zone: 'America/New_York', date_format: 'MM/DD/YYYY' })
      .where('email', '=', 'billing@portico.example')
      .execute();
    const tokyo = await directoryService.createClient(t.db, t.clock, {
      name: 'Kaiyo Trading',
      timeZone: 'Asia/Tokyo',
      language: 'de',
    });
    await directoryService.createContact(t.db, t.clock, {
      clientId: tokyo,
      name: 'Hana Berger',
      email: 'hana@kaiyo.example',
      presets: ['standard'],
      passwordHash: 'not-a-hash',
    });
    const noticeTo = async (email: string, face: string) => {
      const token = await requestLink(email, face);
      const count = sink.received.length;
      const done = await new Client(t.app).post('/api/v1/auth/password-reset/complete', {
        token,
        password: NEW_PASSWORD,
      });
      assert.equal(done.statusCode, 200, done.body);
      await t.services.jobs.drain();
      return (await sink.waitFor(count + 1)).at(-1)!;
    };
    const parts = (timeZone: string, locale: string) =>
      Object.fromEntries(
        new Intl.DateTimeFormat(locale, {
          timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
          timeZoneName: 'short',
        })
          .formatToParts(t.clock())
          .map((p) => [p.type, p.value]),
      );
    const staff = await noticeTo('billing@portico.example', 'staff');
    const contact = await noticeTo('hana@kaiyo.example', 'portal');
    // The organisation's zone is UTC: neither notice uses it.
    const ny = parts('America/New_York', 'en-US');
    assert.ok(staff.text.includes(`${ny.month}/${ny.day}/${ny.year}`), staff.text);
    assert.ok(staff.text.includes(` ${ny.timeZoneName},`), staff.text);
    const jp = parts('Asia/Tokyo', 'de');
    assert.match(contact.text, /Ihr Passwort wurde geändert/, 'in the client’s language');
    assert.ok(contact.text.includes(`${jp.hour}:${jp.minute} ${jp.timeZoneName} `), contact.text);
    for (const text of [staff.text, contact.text]) assert.doesNotMatch(text, /UTC/);
  });

  test('a disabled login is sent nothing', async () => {
    const cobalt = await t.db
      .selectFrom('clients')
      .select('id')
      .where('name', '=', 'Cobalt Legal')
      .executeTakeFirstOrThrow();
    const c = await directoryService.createContact(t.db, t.clock, {
      clientId: cobalt.id,
      name: 'Dee Sabled',
      email: 'disabled@cobalt.example',
      presets: ['standard'],
      passwordHash: 'not-a-hash',
    });
    await t.db.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', c.accountId!).execute();
    await t.services.jobs.drain(); // whatever earlier tests queued goes out first
    await new Promise((r) => setTimeout(r, 200));
    const count = sink.received.length;
    const res = await new Client(t.app).post('/api/v1/auth/password-reset', {
      email: 'disabled@cobalt.example',
    });
    assert.equal(res.statusCode, 202);
    await t.services.jobs.drain();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(sink.received.length, count);
  });

  test('bad input is 400 and queues nothing', async () => {
    const jobsBefore = await t.db.selectFrom('jobs').select('id').execute();
    for (const body of [{}, { email: 'not-an-email' }, { email: 'a@b.example', extra: 1 }]) {
      const res = await new Client(t.app).post('/api/v1/auth/password-reset', body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
    }
    const jobsAfter = await t.db.selectFrom('jobs').select('id').execute();
    assert.equal(jobsAfter.length, jobsBefore.length);
    const junk = await new Client(t.app).post('/api/v1/auth/password-reset/complete', {
      token: 'q'.repeat(43),
      password: NEW_PASSWORD,
    });
    assert.equal(junk.statusCode, 404);
    assert.match(errorOf(junk).message, /not valid/);
  });
});

describe('password reset limits', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await setUp(t, { demo: true });
  });
  after(() => t.close());

  test('per email: known and unknown addresses are limited alike', async () => {
    for (const email of ['primary@birchwood.example', 'ghost@birchwood.example']) {
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) {
        codes.push((await new Client(t.app).post('/api/v1/auth/password-reset', { email })).statusCode);
      }
      assert.deepEqual(codes, [202, 202, 202, 202, 202, 429], email);
    }
  });

  test('per IP: a flood of different addresses is stopped', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push(
        (await new Client(t.app).post('/api/v1/auth/password-reset', { email: `probe${i}@flood.example` }))
          .statusCode,
      );
    }
    // 12 from this test and 12 from the one before: the 21st request of the hour from one IP is refused.
    assert.equal(codes.filter((c) => c === 429).length, 4, codes.join(','));
  });
});

describe('staff send a contact a reset link', () => {
  let t: TestApp;
  let sink: Sink;
  let staff: Client;
  let acme: number;
  let birchwood: number;

  before(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ env: { SMTP_URL: sink.url } });
    await setUp(t, { demo: true });
    staff = new Client(t.app);
    await staff.login('tech@portico.example');
    const ids = await t.db.selectFrom('clients').select(['id', 'name']).execute();
    acme = ids.find((c) => c.name === 'Acme Manufacturing')!.id;
    birchwood = ids.find((c) => c.name === 'Birchwood Dental')!.id;
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  async function contactIdOf(email: string) {
    return (await accountByEmail(t, email)).contact_id!;
  }

  test('202 and the contact receives a working link', async () => {
    const contactId = await contactIdOf('standard@acme.example');
    const res = await staff.post(`/api/v1/clients/${acme}/contacts/${contactId}/password-reset`);
    assert.equal(res.statusCode, 202, res.body);
    await t.services.jobs.drain();
    const mail = (await sink.waitFor(1)).at(-1)!;
    assert.deepEqual(mail.to, ['standard@acme.example']);
    assert.match(mail.text, /Tariq Haddad/);
    const token = tokenFrom(mail.text, '/portal/reset-password');
    const done = await new Client(t.app).post('/api/v1/auth/password-reset/complete', {
      token,
      password: NEW_PASSWORD,
    });
    assert.equal(done.statusCode, 200);
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.password_reset_requested')
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor_kind, 'staff');
    assert.equal(audit.client_id, acme);
  });

  test('another client’s contact 404; no login 409; contacts 403; unauthenticated 401; read-only staff 403', async () => {
    const foreign = await contactIdOf('primary@birchwood.example');
    const cross = await staff.post(`/api/v1/clients/${acme}/contacts/${foreign}/password-reset`);
    assert.equal(cross.statusCode, 404);
    assert.equal(
      (await staff.post(`/api/v1/clients/${birchwood}/contacts/999999/password-reset`)).statusCode,
      404,
    );

    const noLogin = await directoryService.createContact(t.db, t.clock, {
      clientId: acme,
      name: 'No Login',
      email: 'nologin@acme.example',
      presets: ['standard'],
    });
    const conflict = await staff.post(`/api/v1/clients/${acme}/contacts/${noLogin.contactId}/password-reset`);
    assert.equal(conflict.statusCode, 409);
    assert.match(errorOf(conflict).message, /Invite them/);
    assert.equal(errorOf(conflict).reason, 'no_portal_login');

    const mine = await contactIdOf('billing@acme.example');
    const url = `/api/v1/clients/${acme}/contacts/${mine}/password-reset`;
    const portal = new Client(t.app);
    await portal.login('primary@acme.example');
    assert.equal((await portal.post(url)).statusCode, 403);
    assert.equal((await new Client(t.app).post(url)).statusCode, 401);
    const readOnly = new Client(t.app);
    await readOnly.login('readonly@portico.example');
    assert.equal((await readOnly.post(url)).statusCode, 403);
    const tokens = await t.db
      .selectFrom('auth_tokens')
      .select('id')
      .where('account_id', '=', (await accountByEmail(t, 'billing@acme.example')).id)
      .execute();
    assert.equal(tokens.length, 0, 'nothing issued by refused requests');
  });
});
