import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultNotificationPrefs } from '../../../shared/schemas/profile.ts';
import { Client, createTestApp, errorOf, setUp, type TestApp, tokenFrom } from '../../test/harness.ts';
import { startSmtpSink } from '../../test/smtp.ts';

const PASSWORD = 'portico-demo';
type Sink = Awaited<ReturnType<typeof startSmtpSink>>;

async function accountRow(t: TestApp, email: string) {
  return t.db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
}

describe('profile', () => {
  let t: TestApp;
  let sink: Sink;
  before(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ env: { SMTP_URL: sink.url, LOGIN_MAX_PER_ACCOUNT: '1000' } });
    await setUp(t, { demo: true });
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  async function mailsAfter(count: number, expected: number) {
    await t.services.jobs.drain();
    const all = await sink.waitFor(count + expected);
    return all.slice(count);
  }

  test('every profile endpoint needs a signed-in person', async () => {
    const anon = new Client(t.app);
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/v1/profile'],
      ['PATCH', '/api/v1/profile', { name: 'X' }],
      ['PUT', '/api/v1/profile/notifications', defaultNotificationPrefs],
      ['POST', '/api/v1/profile/email', { newEmail: 'x@x.example', currentPassword: 'x' }],
      ['POST', '/api/v1/profile/password', { currentPassword: 'x', newPassword: 'y' }],
      ['GET', '/api/v1/profile/sessions'],
      ['DELETE', `/api/v1/profile/sessions/${'a'.repeat(32)}`],
      ['POST', '/api/v1/profile/sessions/revoke-others'],
      ['GET', '/api/v1/profile/sign-ins'],
    ];
    for (const [method, url, body] of calls) {
      const res = await anon.request(method as 'GET', url, body === undefined ? {} : { body });
      assert.equal(res.statusCode, 401, `${method} ${url}`);
      assert.equal(errorOf(res).code, 'unauthenticated');
    }
  });

  test('a contact reads and changes their name and phones; nothing else can be set', async () => {
    const c = new Client(t.app);
    await c.login('primary@acme.example');
    const profile = (await c.get('/api/v1/profile')).json();
    assert.equal(profile.kind, 'contact');
    assert.equal(profile.email, 'primary@acme.example');
    assert.equal(profile.passwordMinLength, 12);
    assert.deepEqual(profile.notifications, defaultNotificationPrefs);
    assert.equal(profile.preview, false);
    const res = await c.patch('/api/v1/profile', {
      name: 'Alice Moreau-Smith',
      phone: '+44 20 7946 0000',
      mobile: '',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().name, 'Alice Moreau-Smith');
    assert.equal(res.json().phone, '+44 20 7946 0000');
    assert.equal(res.json().mobile, null);
    const contact = await t.db
      .selectFrom('contacts')
      .select(['name', 'phone', 'client_id'])
      .where('email', '=', 'primary@acme.example')
      .executeTakeFirstOrThrow();
    assert.equal(contact.name, 'Alice Moreau-Smith', 'the contact record is the same person');
    assert.equal(contact.phone, '+44 20 7946 0000');
    assert.equal((await c.get('/api/v1/me')).json().name, 'Alice Moreau-Smith');

    for (const body of [
      { clientId: 2 },
      { email: 'evil@x.example' },
      { presets: ['primary'] },
      { name: '' },
      { phone: '<script>' },
    ]) {
      const bad = await c.patch('/api/v1/profile', body);
      assert.equal(bad.statusCode, 400, JSON.stringify(body));
    }
    const after = await t.db
      .selectFrom('contacts')
      .select(['name', 'client_id'])
      .where('email', '=', 'primary@acme.example')
      .executeTakeFirstOrThrow();
    assert.deepEqual(after, { name: 'Alice Moreau-Smith', client_id: contact.client_id });

    const staff = new Client(t.app);
    await staff.login('tech@portico.example');
    assert.equal((await staff.patch('/api/v1/profile', { phone: '123' })).statusCode, 400);
    const renamed = await staff.patch('/api/v1/profile', { name: 'Tariq H.' });
    assert.equal(renamed.json().name, 'Tariq H.');
    assert.equal(renamed.json().phone, null);
  });

  test('notification preferences are stored and returned', async () => {
    const c = new Client(t.app);
    await c.login('billing@acme.example');
    const prefs = {
      ...defaultNotificationPrefs,
      ticketUpdates: false,
      announcements: false,
      ticketReplies: false,
      ticketResolved: false,
    };
    const res = await c.request('PUT', '/api/v1/profile/notifications', { body: prefs });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), prefs);
    assert.deepEqual((await c.get('/api/v1/profile')).json().notifications, prefs);
    const missing = await c.request('PUT', '/api/v1/profile/notifications', { body: { invoices: true } });
    assert.equal(missing.statusCode, 400);
    const extra = await c.request('PUT', '/api/v1/profile/notifications', { body: { ...prefs, sms: true } });
    assert.equal(extra.statusCode, 400);
    const notBoolean = await c.request('PUT', '/api/v1/profile/notifications', {
      body: { ...prefs, ticketStatus: 'no' },
    });
    assert.equal(notBoolean.statusCode, 400);
  });

  test('choices stored before the ticket kinds existed are completed with the defaults', async () => {
    const c = new Client(t.app);
    await c.login('office@birchwood.example');
    const account = await accountRow(t, 'office@birchwood.example');
    // As stored by the first version: three keys, ticket updates switched off.
    await t.db
      .updateTable('accounts')
      .set({
        notification_prefs: JSON.stringify({ ticketUpdates: false, invoices: true, announcements: false }),
      })
      .where('id', '=', account.id)
      .execute();
    assert.deepEqual((await c.get('/api/v1/profile')).json().notifications, {
      ...defaultNotificationPrefs,
      ticketUpdates: false,
      announcements: false,
      ticketCreated: false,
      ticketReplies: false,
      ticketStatus: false,
      ticketResolved: false,
    });
    // Switched on again one by one, the old "off" no longer decides.
    await t.db
      .updateTable('accounts')
      .set({ notification_prefs: JSON.stringify({ ticketUpdates: false, ticketReplies: true, junk: 1 }) })
      .where('id', '=', account.id)
      .execute();
    const completed = (await c.get('/api/v1/profile')).json().notifications;
    assert.equal(completed.ticketReplies, true);
    assert.equal(completed.ticketStatus, false);
    assert.equal(completed.invoices, true);
    assert.equal('junk' in completed, false);
    await t.db
      .updateTable('accounts')
      .set({ notification_prefs: 'not json' })
      .where('id', '=', account.id)
      .execute();
    assert.deepEqual((await c.get('/api/v1/profile')).json().notifications, defaultNotificationPrefs);
  });

  test('email change: password first, a single-use link to the new address, a notice to the old one', async () => {
    const c = new Client(t.app);
    await c.login('technical@acme.example');
    const wrongPassword = await c.post('/api/v1/profile/email', {
      newEmail: 'chen@new.example',
      currentPassword: 'not-my-password',
    });
    assert.equal(wrongPassword.statusCode, 400);
    assert.ok(errorOf(wrongPassword).fields?.currentPassword);
    const taken = await c.post('/api/v1/profile/email', {
      newEmail: 'billing@acme.example',
      currentPassword: PASSWORD,
    });
    assert.equal(taken.statusCode, 400);
    assert.match(errorOf(taken).fields?.newEmail ?? '', /Another account/);
    const bad = await c.post('/api/v1/profile/email', {
      newEmail: 'not-an-email',
      currentPassword: PASSWORD,
    });
    assert.equal(bad.statusCode, 400);

    const before = sink.received.length;
    const res = await c.post('/api/v1/profile/email', {
      newEmail: 'Chen@New.example',
      currentPassword: PASSWORD,
    });
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(res.json().pendingEmail, 'chen@new.example');
    assert.equal((await c.get('/api/v1/profile')).json().pendingEmail, 'chen@new.example');
    const mails = await mailsAfter(before, 2);
    const toNew = mails.find((m) => m.to.includes('chen@new.example'));
    const toOld = mails.find((m) => m.to.includes('technical@acme.example'));
    assert.ok(toNew && toOld);
    assert.match(toOld.text, /chen@new\.example/);
    assert.doesNotMatch(toOld.text, /token=/, 'the link goes to the new address only');
    const token = tokenFrom(toNew.text, '/portal/confirm-email');
    assert.match(toNew.text, /expires in 24 hours/);
    // Nothing changed yet: the old address still signs in.
    assert.equal((await accountRow(t, 'technical@acme.example')).pending_email, 'chen@new.example');

    const confirm = await new Client(t.app).post('/api/v1/profile/email/confirm', { token });
    assert.equal(confirm.statusCode, 200, confirm.body);
    assert.deepEqual(confirm.json(), { email: 'chen@new.example' });
    const again = await new Client(t.app).post('/api/v1/profile/email/confirm', { token });
    assert.equal(again.statusCode, 404, 'single use');
    assert.match(errorOf(again).message, /not valid/);
    await new Client(t.app).login('chen@new.example');
    const old = await new Client(t.app).post('/api/v1/auth/login', {
      email: 'technical@acme.example',
      password: PASSWORD,
    });
    assert.equal(old.statusCode, 401);
    const contact = await t.db
      .selectFrom('contacts')
      .select('email')
      .where('name', '=', 'Chen Wei')
      .executeTakeFirstOrThrow();
    assert.equal(contact.email, 'chen@new.example');
    const actions = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'in', ['auth.email_change_requested', 'auth.email_changed'])
      .execute();
    assert.equal(actions.length, 2);
  });

  test('an email link expires after 24 hours, and fails if another account took the address', async () => {
    const c = new Client(t.app);
    await c.login('readonly@acme.example');
    let before = sink.received.length;
    await c.post('/api/v1/profile/email', { newEmail: 'evan@new.example', currentPassword: PASSWORD });
    let mails = await mailsAfter(before, 2);
    const expiring = tokenFrom(
      mails.find((m) => m.to.includes('evan@new.example'))!.text,
      '/portal/confirm-email',
    );
    t.clock.advance(24 * 3_600_000 + 1000);
    const late = await new Client(t.app).post('/api/v1/profile/email/confirm', { token: expiring });
    assert.equal(late.statusCode, 404);
    await c.login('readonly@acme.example');

    before = sink.received.length;
    await c.post('/api/v1/profile/email', { newEmail: 'shared@new.example', currentPassword: PASSWORD });
    mails = await mailsAfter(before, 2);
    const token = tokenFrom(
      mails.find((m) => m.to.includes('shared@new.example'))!.text,
      '/portal/confirm-email',
    );
    await t.db
      .updateTable('accounts')
      .set({ email: 'shared@new.example' })
      .where('email', '=', 'standard@acme.example')
      .execute();
    const clash = await new Client(t.app).post('/api/v1/profile/email/confirm', { token });
    assert.equal(clash.statusCode, 409);
    assert.equal(errorOf(clash).reason, 'email_taken');
    assert.equal((await accountRow(t, 'readonly@acme.example')).email, 'readonly@acme.example');
    await t.db
      .updateTable('accounts')
      .set({ email: 'standard@acme.example' })
      .where('email', '=', 'shared@new.example')
      .execute();
  });

  test('password change: current password required, policy applies, other sessions end, 64+ chars fine', async () => {
    const here = new Client(t.app);
    await here.login('primary@birchwood.example');
    const elsewhere = new Client(t.app);
    await elsewhere.login('primary@birchwood.example');
    const wrong = await here.post('/api/v1/profile/password', {
      currentPassword: 'not-my-password',
      newPassword: 'a perfectly good new passphrase',
    });
    assert.equal(wrong.statusCode, 400);
    assert.ok(errorOf(wrong).fields?.currentPassword);
    const common = await here.post('/api/v1/profile/password', {
      currentPassword: PASSWORD,
      newPassword: 'qwerty123456',
    });
    assert.equal(common.statusCode, 400);
    assert.match(errorOf(common).fields?.newPassword ?? '', /commonly used/);
    const sameAsEmail = await here.post('/api/v1/profile/password', {
      currentPassword: PASSWORD,
      newPassword: 'primary@birchwood.example',
    });
    assert.equal(sameAsEmail.statusCode, 400);
    assert.equal((await elsewhere.get('/api/v1/me')).statusCode, 200, 'nothing changed yet');

    const long = `${'the quick brown fox jumps over the lazy dog '.repeat(2)}X${'y'.repeat(20)}`;
    assert.ok(long.length > 100);
    const before = sink.received.length;
    const ok = await here.post('/api/v1/profile/password', { currentPassword: PASSWORD, newPassword: long });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().otherSessionsEnded, 1);
    assert.equal((await here.get('/api/v1/me')).statusCode, 200, 'this session stays');
    assert.equal((await elsewhere.get('/api/v1/me')).statusCode, 401, 'the other one ended');
    const [notice] = await mailsAfter(before, 1);
    assert.match(notice!.subject, /password was changed/);
    const differsLate = `${long.slice(0, 90)}Z${long.slice(91)}`;
    const refused = await new Client(t.app).post('/api/v1/auth/login', {
      email: 'primary@birchwood.example',
      password: differsLate,
    });
    assert.equal(refused.statusCode, 401, 'no truncation');
    await new Client(t.app).login('primary@birchwood.example', long);
    assert.ok((await accountRow(t, 'primary@birchwood.example')).password_changed_at);
  });

  test('sessions: listed with browser and IP, the current one marked; sign out one or all others', async () => {
    const ua = (name: string) => ({ 'user-agent': name });
    const mine = new Client(t.app);
    await mine.request('POST', '/api/v1/auth/login', {
      body: { email: 'primary@cobalt.example', password: PASSWORD },
      headers: ua('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'),
    });
    const phone = new Client(t.app);
    await phone.request('POST', '/api/v1/auth/login', {
      body: { email: 'primary@cobalt.example', password: PASSWORD },
      headers: ua(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    });
    const laptop = new Client(t.app);
    await laptop.login('primary@cobalt.example');
    const other = new Client(t.app);
    await other.login('standard@cobalt.example');

    const list = (await mine.get('/api/v1/profile/sessions')).json().items as {
      id: string;
      browser: string;
      ip: string;
      current: boolean;
    }[];
    assert.equal(list.length, 3, 'only this person’s sessions');
    assert.equal(list.filter((s) => s.current).length, 1);
    assert.equal(list.find((s) => s.current)?.browser, 'Firefox 128 on Linux');
    assert.ok(list.some((s) => s.browser === 'Safari 17 on iOS'));
    assert.ok(list.every((s) => s.ip === '127.0.0.1' && /^[0-9a-f]{32}$/.test(s.id)));

    const current = list.find((s) => s.current)!;
    const self = await mine.request('DELETE', `/api/v1/profile/sessions/${current.id}`);
    assert.equal(self.statusCode, 400, 'the current session is ended by signing out');
    const theirs = (await other.get('/api/v1/profile/sessions')).json().items[0].id as string;
    const foreign = await mine.request('DELETE', `/api/v1/profile/sessions/${theirs}`);
    assert.equal(foreign.statusCode, 404, 'another person’s session is not found');
    assert.equal((await other.get('/api/v1/me')).statusCode, 200);
    const malformed = await mine.request('DELETE', '/api/v1/profile/sessions/not-an-id');
    assert.equal(malformed.statusCode, 400);

    const phoneId = list.find((s) => s.browser === 'Safari 17 on iOS')!.id;
    const revoked = await mine.request('DELETE', `/api/v1/profile/sessions/${phoneId}`);
    assert.equal(revoked.statusCode, 200);
    assert.equal((await phone.get('/api/v1/me')).statusCode, 401);
    assert.equal((await laptop.get('/api/v1/me')).statusCode, 200);

    const all = await mine.post('/api/v1/profile/sessions/revoke-others');
    assert.deepEqual(all.json(), { ended: 1 });
    assert.equal((await laptop.get('/api/v1/me')).statusCode, 401);
    assert.equal((await mine.get('/api/v1/me')).statusCode, 200);
    assert.equal((await other.get('/api/v1/me')).statusCode, 200, 'other people keep theirs');
    const revokedAudit = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'session.revoked')
      .execute();
    assert.equal(revokedAudit.length, 2);
  });

  test('sign-in history: own successes and failures, newest first, with a cursor', async () => {
    const email = 'standard@cobalt.example';
    for (let i = 0; i < 3; i++) {
      await new Client(t.app).post('/api/v1/auth/login', { email, password: 'wrong-password-here' });
      t.clock.advance(1000);
    }
    const c = new Client(t.app);
    await c.request('POST', '/api/v1/auth/login', {
      body: { email, password: PASSWORD },
      headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0.0.0 Safari/537.36' },
    });
    const first = (await c.get('/api/v1/profile/sign-ins?limit=2')).json();
    assert.equal(first.items.length, 2);
    assert.equal(first.items[0].outcome, 'success');
    assert.equal(first.items[0].browser, 'Chrome 126 on Windows');
    assert.equal(first.items[0].ip, '127.0.0.1');
    assert.equal(first.items[1].outcome, 'failed');
    assert.ok(first.nextCursor);
    const second = (await c.get(`/api/v1/profile/sign-ins?limit=2&cursor=${first.nextCursor}`)).json();
    assert.equal(second.items.length, 2);
    assert.ok(second.items[0].id < first.items[1].id);
    const everything = (await c.get('/api/v1/profile/sign-ins?limit=100')).json();
    const ids = everything.items.map((i: { id: number }) => i.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a: number, b: number) => b - a),
    );
    // Only this person's events: none of the other Cobalt contact's sign-ins.
    const theirs = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('target_id', '=', (await accountRow(t, 'primary@cobalt.example')).id)
      .where('target_type', '=', 'account')
      .execute();
    assert.ok(theirs.length > 0);
    assert.ok(!ids.some((id: number) => theirs.some((x) => x.id === id)));
    const badCursor = await c.get('/api/v1/profile/sign-ins?cursor=nonsense');
    assert.equal(badCursor.statusCode, 400);
    const badLimit = await c.get('/api/v1/profile/sign-ins?limit=1000');
    assert.equal(badLimit.statusCode, 400);
  });
});
