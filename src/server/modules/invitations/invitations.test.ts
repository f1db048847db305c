import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256Hex } from '../../platform/crypto.ts';
import { Client, createTestApp, errorOf, OWNER, setUp, type TestApp, tokenFrom } from '../../test/harness.ts';
import { startSmtpSink } from '../../test/smtp.ts';
import { contactsService } from '../contacts/contacts.service.ts';
import { directoryService } from '../directory/directory.service.ts';

const PASSWORD = 'a-long-chosen-passphrase-1';
const DAY = 24 * 60 * 60 * 1000;

type Sink = Awaited<ReturnType<typeof startSmtpSink>>;

async function clientId(t: TestApp, name: string): Promise<number> {
  const row = await t.db
    .selectFrom('clients')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

let counter = 0;
/** A contact without a portal login, made through the directory service like the app does. */
async function newContact(t: TestApp, client: number, options: { email?: string | null } = {}) {
  counter += 1;
  const email = options.email === undefined ? `person${counter}@invitee.example` : options.email;
  const name = `Person ${counter}`;
  const at = t.clock().toISOString();
  const id =
    email === null
      ? await contactsService.insert(t.db, {
          client_id: client,
          name,
          email: null,
          presets: JSON.stringify(['technical']),
          switches: '{}',
          title: null,
          department: null,
          phone: null,
          mobile: null,
          at,
        })
      : (
          await directoryService.createContact(t.db, t.clock, {
            clientId: client,
            name,
            email,
            presets: ['technical'],
          })
        ).contactId;
  return { id, name, email };
}

async function account(t: TestApp, contactId: number) {
  return t.db.selectFrom('accounts').selectAll().where('contact_id', '=', contactId).executeTakeFirst();
}

async function auditCount(t: TestApp, action: string, targetId?: number) {
  let q = t.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action);
  if (targetId !== undefined) q = q.where('target_id', '=', targetId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

async function deliver(t: TestApp, sink: Sink, count: number) {
  await t.services.jobs.drain();
  return sink.waitFor(count);
}

describe('inviting contacts to the portal', () => {
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
    acme = await clientId(t, 'Acme Manufacturing');
    birchwood = await clientId(t, 'Birchwood Dental');
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  test('by email: the link in the captured email sets the password, signs in, and sign-in works after', async () => {
    const contact = await newContact(t, acme);
    const res = await staff.post(`/api/v1/clients/${acme}/invitations`, {
      contactIds: [contact.id],
      method: 'email',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().results.map((r: { contactId: number; status: string }) => [r.contactId, r.status]),
      [[contact.id, 'invited']],
    );
    assert.equal(await account(t, contact.id), undefined, 'no login until the invitation is accepted');

    const before = sink.received.length;
    const mails = await deliver(t, sink, before + 1);
    const mail = mails.at(-1)!;
    assert.deepEqual(mail.to, [contact.email]);
    assert.match(mail.subject, /invited/i);
    assert.match(mail.html, /Choose your password/);
    const token = tokenFrom(mail.text, '/portal/invite');

    // Only the hash is kept, and it expires in 7 days.
    const stored = await t.db
      .selectFrom('auth_tokens')
      .selectAll()
      .where('contact_id', '=', contact.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.id, sha256Hex(token));
    assert.equal(stored.kind, 'invite');
    assert.equal(Date.parse(stored.expires_at) - t.clock().getTime(), 7 * DAY);
    assert.equal(token.length >= 43, true, '256-bit token');

    const guest = new Client(t.app);
    const described = await guest.post('/api/v1/invitations/describe', { token });
    assert.equal(described.statusCode, 200);
    assert.deepEqual(described.json(), {
      status: 'valid',
      name: contact.name,
      email: contact.email,
      clientName: 'Acme Manufacturing',
    });

    const weak = await guest.post('/api/v1/invitations/accept', { token, password: 'short' });
    assert.equal(weak.statusCode, 400);
    assert.ok(errorOf(weak).fields?.password);
    assert.equal(await account(t, contact.id), undefined, 'a refused password writes nothing');

    const accepted = await guest.post('/api/v1/invitations/accept', { token, password: PASSWORD });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().kind, 'contact');
    assert.equal(accepted.json().client.name, 'Acme Manufacturing');
    assert.deepEqual(accepted.json().presets, ['technical'], 'presets come from the contact');
    assert.equal((await guest.get('/api/v1/me')).statusCode, 200, 'signed in by accepting');

    const login = await account(t, contact.id);
    assert.ok(login);
    assert.equal(login.kind, 'contact');
    assert.equal(login.email, contact.email);
    assert.equal(login.must_change_password, 0);
    assert.notEqual(login.password_hash, PASSWORD);

    const again = new Client(t.app);
    assert.equal((await again.login(contact.email!, PASSWORD)).kind, 'contact');

    // Single use: the same link cannot be used twice, and says why.
    const replay = await new Client(t.app).post('/api/v1/invitations/accept', { token, password: PASSWORD });
    assert.equal(replay.statusCode, 409);
    assert.match(errorOf(replay).message, /already been used/);
    assert.equal(errorOf(replay).reason, 'link_used');
    assert.equal(
      (await new Client(t.app).post('/api/v1/invitations/describe', { token })).json().status,
      'used',
    );

    assert.equal(await auditCount(t, 'portal.invited', contact.id), 1);
    assert.equal(await auditCount(t, 'portal.invite_accepted', contact.id), 1);
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'portal.invite_accepted')
      .where('target_id', '=', contact.id)
      .executeTakeFirstOrThrow();
    assert.equal(audit.client_id, acme);
    assert.ok(!audit.details.includes(token));
  });

  test('an emailed invitation expires after 7 days', async () => {
    const contact = await newContact(t, acme);
    await staff.post(`/api/v1/clients/${acme}/invitations`, { contactIds: [contact.id], method: 'email' });
    const mails = await deliver(t, sink, sink.received.length + 1);
    const token = tokenFrom(mails.at(-1)!.text, '/portal/invite');
    t.clock.advance(7 * DAY + 60_000);
    await staff.login('tech@portico.example'); // the staff session itself timed out meanwhile
    const guest = new Client(t.app);
    assert.equal((await guest.post('/api/v1/invitations/describe', { token })).json().status, 'expired');
    const res = await guest.post('/api/v1/invitations/accept', { token, password: PASSWORD });
    assert.equal(res.statusCode, 409);
    assert.match(errorOf(res).message, /expired/);
    assert.equal(errorOf(res).reason, 'link_expired');
    assert.equal(await account(t, contact.id), undefined);
  });

  test('inviting again makes the older link stop working; the newest one works', async () => {
    const contact = await newContact(t, acme);
    await staff.post(`/api/v1/clients/${acme}/invitations`, { contactIds: [contact.id], method: 'email' });
    const first = tokenFrom(
      (await deliver(t, sink, sink.received.length + 1)).at(-1)!.text,
      '/portal/invite',
    );
    await staff.post(`/api/v1/clients/${acme}/invitations`, { contactIds: [contact.id], method: 'email' });
    const second = tokenFrom(
      (await deliver(t, sink, sink.received.length + 1)).at(-1)!.text,
      '/portal/invite',
    );
    assert.notEqual(first, second);
    const guest = new Client(t.app);
    const old = await guest.post('/api/v1/invitations/accept', { token: first, password: PASSWORD });
    assert.equal(old.statusCode, 404);
    assert.match(errorOf(old).message, /not valid/);
    const ok = await guest.post('/api/v1/invitations/accept', { token: second, password: PASSWORD });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  test('a link sent to one address does not make a login for another', async () => {
    const contact = await newContact(t, acme);
    await staff.post(`/api/v1/clients/${acme}/invitations`, { contactIds: [contact.id], method: 'email' });
    const token = tokenFrom(
      (await deliver(t, sink, sink.received.length + 1)).at(-1)!.text,
      '/portal/invite',
    );
    await t.db
      .updateTable('contacts')
      .set({ email: 'changed@invitee.example' })
      .where('id', '=', contact.id)
      .execute();
    const guest = new Client(t.app);
    assert.equal((await guest.post('/api/v1/invitations/describe', { token })).json().status, 'invalid');
    const res = await guest.post('/api/v1/invitations/accept', { token, password: PASSWORD });
    assert.equal(res.statusCode, 404);
    assert.equal(await account(t, contact.id), undefined);
  });

  test('a password staff set: policy-checked, login created at once, must change it at first sign-in', async () => {
    const contact = await newContact(t, acme);
    const url = `/api/v1/clients/${acme}/invitations`;
    const weak = await staff.post(url, {
      contactIds: [contact.id],
      method: 'password',
      password: 'password123',
    });
    assert.equal(weak.statusCode, 400);
    assert.ok(errorOf(weak).fields?.password);
    const missing = await staff.post(url, { contactIds: [contact.id], method: 'password' });
    assert.equal(missing.statusCode, 400);
    assert.equal(await account(t, contact.id), undefined, 'nothing written');

    const mailsBefore = await t.db.selectFrom('emails').select('id').execute();
    const res = await staff.post(url, { contactIds: [contact.id], method: 'password', password: PASSWORD });
    assert.equal(res.statusCode, 200, res.body);
    const [result] = res.json().results;
    assert.equal(result.status, 'created');
    assert.equal(result.generatedPassword, undefined);
    const login = await account(t, contact.id);
    assert.equal(login?.must_change_password, 1);
    assert.equal(login?.email, contact.email);
    const mailsAfter = await t.db.selectFrom('emails').select('id').execute();
    assert.equal(mailsAfter.length, mailsBefore.length, 'the password is never emailed');
    assert.equal((await new Client(t.app).login(contact.email!, PASSWORD)).kind, 'contact');
    assert.equal(await auditCount(t, 'portal.password_set_by_staff', contact.id), 1);
  });

  test('a generated password is shown once, stored only as a hash, never emailed or logged', async () => {
    const contacts = [await newContact(t, acme), await newContact(t, acme)];
    const res = await staff.post(`/api/v1/clients/${acme}/invitations`, {
      contactIds: contacts.map((c) => c.id),
      method: 'generated',
    });
    assert.equal(res.statusCode, 200, res.body);
    const results = res.json().results as { contactId: number; status: string; generatedPassword: string }[];
    assert.deepEqual(
      results.map((r) => r.status),
      ['created', 'created'],
    );
    const [a, b] = results.map((r) => r.generatedPassword);
    assert.ok(a && b && a !== b, 'each contact gets their own');
    assert.ok(a.length >= 20);
    for (const r of results) {
      const login = await account(t, r.contactId);
      assert.equal(login?.must_change_password, 1);
      assert.ok(!login?.password_hash?.includes(r.generatedPassword));
    }
    // Nowhere in the database in clear: emails, audit rows, jobs, tokens.
    for (const table of ['emails', 'audit_events', 'jobs', 'auth_tokens'] as const) {
      const rows = await t.db.selectFrom(table).selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes(a), `not in ${table}`);
    }
    const c = new Client(t.app);
    assert.equal((await c.login(contacts[0]!.email!, a)).kind, 'contact');
  });

  test('contacts without email, inactive, or with a login already are skipped with a reason', async () => {
    const noEmail = await newContact(t, acme, { email: null });
    const inactive = await newContact(t, acme);
    await t.db.updateTable('contacts').set({ status: 'inactive' }).where('id', '=', inactive.id).execute();
    const existing = await t.db
      .selectFrom('accounts')
      .select('contact_id')
      .where('email', '=', 'primary@acme.example')
      .executeTakeFirstOrThrow();
    const fresh = await newContact(t, acme);
    const res = await staff.post(`/api/v1/clients/${acme}/invitations`, {
      contactIds: [noEmail.id, inactive.id, existing.contact_id, fresh.id],
      method: 'email',
    });
    assert.equal(res.statusCode, 200, res.body);
    const results = res.json().results as { status: string; message: string }[];
    assert.deepEqual(
      results.map((r) => r.status),
      ['skipped', 'skipped', 'skipped', 'invited'],
    );
    assert.match(results[0]!.message, /email/i);
    assert.match(results[1]!.message, /inactive/i);
    assert.match(results[2]!.message, /already has a portal login/i);
    assert.equal(results[3]!.message, `Invitation emailed to ${fresh.email}.`);
  });

  test('each result’s sentence is in the reader’s language; the statuses are not', async () => {
    const noEmail = await newContact(t, acme, { email: null });
    const fresh = await newContact(t, acme);
    const res = await staff.post(
      `/api/v1/clients/${acme}/invitations`,
      { contactIds: [noEmail.id, fresh.id], method: 'email' },
      { headers: { 'accept-language': 'de' } },
    );
    assert.equal(res.statusCode, 200, res.body);
    const results = res.json().results as { status: string; message: string }[];
    assert.deepEqual(
      results.map((r) => [r.status, r.message]),
      [
        ['skipped', 'Keine E-Mail-Adresse. Hinterlegen Sie zuerst eine beim Kontakt.'],
        ['invited', `Einladung per E-Mail an ${fresh.email} gesendet.`],
      ],
    );
  });

  test('a contact of another client is not found, and nothing is written', async () => {
    const mine = await newContact(t, acme);
    const theirs = await newContact(t, birchwood);
    const tokensBefore = await t.db.selectFrom('auth_tokens').select('id').execute();
    const res = await staff.post(`/api/v1/clients/${acme}/invitations`, {
      contactIds: [mine.id, theirs.id],
      method: 'email',
    });
    assert.equal(res.statusCode, 404);
    assert.equal(errorOf(res).code, 'not_found');
    const tokensAfter = await t.db.selectFrom('auth_tokens').select('id').execute();
    assert.equal(tokensAfter.length, tokensBefore.length);
    const noClient = await staff.post('/api/v1/clients/999999/invitations', {
      contactIds: [mine.id],
      method: 'email',
    });
    assert.equal(noClient.statusCode, 404);
  });

  test('bad input is refused and writes nothing; unauthenticated 401; contacts and read-only staff 403', async () => {
    const contact = await newContact(t, acme);
    const url = `/api/v1/clients/${acme}/invitations`;
    for (const body of [
      {},
      { contactIds: [], method: 'email' },
      { contactIds: [contact.id], method: 'carrier-pigeon' },
      { contactIds: [contact.id, contact.id], method: 'email' },
      { contactIds: [contact.id], method: 'email', clientId: 2 },
      { contactIds: [contact.id], method: 'email', password: PASSWORD },
    ]) {
      const res = await staff.post(url, body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
    }
    assert.equal(await auditCount(t, 'portal.invited', contact.id), 0);

    const anonymous = await new Client(t.app).post(url, { contactIds: [contact.id], method: 'email' });
    assert.equal(anonymous.statusCode, 401);

    const portal = new Client(t.app);
    await portal.login('primary@acme.example');
    const asContact = await portal.post(url, { contactIds: [contact.id], method: 'email' });
    assert.equal(asContact.statusCode, 403);

    const readOnly = new Client(t.app);
    await readOnly.login('readonly@portico.example');
    assert.equal((await readOnly.post(url, { contactIds: [contact.id], method: 'email' })).statusCode, 403);
    assert.equal(await auditCount(t, 'portal.invited', contact.id), 0);
  });

  test('a client with portal access switched off cannot be invited to', async () => {
    const cobalt = await clientId(t, 'Cobalt Legal');
    const contact = await newContact(t, cobalt);
    await t.db.updateTable('clients').set({ portal_enabled: 0 }).where('id', '=', cobalt).execute();
    const res = await staff.post(`/api/v1/clients/${cobalt}/invitations`, {
      contactIds: [contact.id],
      method: 'email',
    });
    assert.equal(res.statusCode, 409);
    assert.match(errorOf(res).message, /switched off/);
    assert.equal(errorOf(res).reason, 'portal_disabled');
    await t.db.updateTable('clients').set({ portal_enabled: 1 }).where('id', '=', cobalt).execute();
  });

  test('accepting follows the client’s rules: allowed networks and required two-factor', async () => {
    const cobalt = await clientId(t, 'Cobalt Legal');
    const fenced = await newContact(t, cobalt);
    const enrol = await newContact(t, cobalt);
    await staff.post(`/api/v1/clients/${cobalt}/invitations`, {
      contactIds: [fenced.id, enrol.id],
      method: 'email',
    });
    const mails = await deliver(t, sink, sink.received.length + 2);
    const tokenFor = (email: string) =>
      tokenFrom(mails.find((m) => m.to.includes(email))!.text, '/portal/invite');
    const fencedToken = tokenFor(fenced.email!);
    const enrolToken = tokenFor(enrol.email!);

    await t.db
      .updateTable('clients')
      .set({ ip_allowlist: JSON.stringify(['10.0.0.0/8']) })
      .where('id', '=', cobalt)
      .execute();
    const guest = new Client(t.app);
    const outside = await guest.post('/api/v1/invitations/accept', {
      token: fencedToken,
      password: PASSWORD,
    });
    assert.equal(outside.statusCode, 403);
    assert.match(errorOf(outside).message, /Your login is ready/);
    assert.equal(guest.sessionCookie, undefined, 'no session from outside the allowed networks');
    assert.ok(await account(t, fenced.id), 'the login itself was created');

    await t.db
      .updateTable('clients')
      .set({ ip_allowlist: '[]', require_mfa: 1 })
      .where('id', '=', cobalt)
      .execute();
    const inside = new Client(t.app);
    const accepted = await inside.post('/api/v1/invitations/accept', {
      token: enrolToken,
      password: PASSWORD,
    });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().mfaEnrollmentRequired, true, 'two-factor set-up comes first');
    await t.db.updateTable('clients').set({ require_mfa: 0 }).where('id', '=', cobalt).execute();
  });

  test('a junk token is answered plainly on describe and accept', async () => {
    const guest = new Client(t.app);
    const token = 'x'.repeat(43);
    assert.equal((await guest.post('/api/v1/invitations/describe', { token })).json().status, 'invalid');
    const res = await guest.post('/api/v1/invitations/accept', { token, password: PASSWORD });
    assert.equal(res.statusCode, 404);
    const bad = await guest.post('/api/v1/invitations/describe', { token: 'short' });
    assert.equal(bad.statusCode, 400);
  });
});

describe('shareable invite links', () => {
  let t: TestApp;
  let staff: Client;
  let acme: number;
  let birchwood: number;

  before(async () => {
    t = await createTestApp();
    await setUp(t, { demo: true });
    staff = new Client(t.app);
    await staff.login(OWNER.email, OWNER.password);
    acme = await clientId(t, 'Acme Manufacturing');
    birchwood = await clientId(t, 'Birchwood Dental');
  });
  after(() => t.close());

  async function createLink(client: number, body: Record<string, unknown> = {}) {
    const res = await staff.post(`/api/v1/clients/${client}/invite-links`, body);
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json() as { link: { id: number; status: string; expiresAt: string }; url: string };
    const token = new URL(created.url).searchParams.get('token');
    assert.ok(token);
    return { ...created, token };
  }

  test('staff create a link; whoever opens it sees the names and joins as Standard, signed in', async () => {
    const { link, url, token } = await createLink(acme);
    assert.match(url, /\/portal\/join\?token=/);
    assert.equal(link.status, 'active');
    assert.equal(Date.parse(link.expiresAt) - t.clock().getTime(), 7 * DAY, 'default 7 days');
    const stored = await t.db
      .selectFrom('invite_links')
      .selectAll()
      .where('id', '=', link.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.token_hash, sha256Hex(token));
    assert.ok(!JSON.stringify(stored).includes(token), 'only the hash is stored');

    const guest = new Client(t.app);
    const described = await guest.post('/api/v1/invite-links/describe', { token });
    assert.equal(described.statusCode, 200);
    assert.deepEqual(described.json(), {
      status: 'active',
      organisationName: 'Test IT',
      portalName: '', // unset: the page shows the catalogue's default in the reader's language
      clientName: 'Acme Manufacturing',
    });

    const joined = await guest.post('/api/v1/invite-links/join', {
      token,
      name: 'Nora Newcomer',
      email: 'Nora@Newcomer.example',
      password: PASSWORD,
    });
    assert.equal(joined.statusCode, 201, joined.body);
    const me = joined.json();
    assert.equal(me.kind, 'contact');
    assert.equal(me.client.id, acme);
    assert.deepEqual(me.presets, ['standard']);
    assert.equal(me.email, 'nora@newcomer.example');
    assert.equal((await guest.get('/api/v1/me')).statusCode, 200);
    const contact = await t.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', me.contactId)
      .executeTakeFirstOrThrow();
    assert.equal(contact.client_id, acme);
    assert.equal(contact.presets, JSON.stringify(['standard']));
    assert.equal((await new Client(t.app).login('nora@newcomer.example', PASSWORD)).kind, 'contact');
    assert.equal(await auditCount(t, 'portal.invite_link_created', link.id), 1);
    assert.equal(await auditCount(t, 'portal.invite_link_used', link.id), 1);

    const list = await staff.get(`/api/v1/clients/${acme}/invite-links`);
    assert.equal(list.statusCode, 200);
    const item = list.json().items.find((i: { id: number }) => i.id === link.id);
    assert.equal(item.uses, 1);
    assert.equal(item.createdBy, OWNER.name);
    assert.ok(!list.body.includes(token));
  });

  test('an email already used by any account is refused plainly, and nothing is created', async () => {
    const { token, link } = await createLink(acme);
    const guest = new Client(t.app);
    const res = await guest.post('/api/v1/invite-links/join', {
      token,
      name: 'Someone',
      email: 'tech@portico.example',
      password: PASSWORD,
    });
    assert.equal(res.statusCode, 409);
    assert.equal(
      errorOf(res).message,
      'An account with this email already exists. Sign in, or reset your password if you have forgotten it.',
    );
    assert.equal(errorOf(res).reason, 'email_taken');
    const row = await t.db
      .selectFrom('invite_links')
      .select('uses')
      .where('id', '=', link.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.uses, 0);
    assert.equal(guest.sessionCookie, undefined);

    // A contact staff already keep (no login yet) is never taken over through a link.
    const kept = await newContact(t, acme);
    const takeover = await guest.post('/api/v1/invite-links/join', {
      token,
      name: 'Impostor',
      email: kept.email,
      password: PASSWORD,
    });
    assert.equal(takeover.statusCode, 409);
    assert.match(errorOf(takeover).message, /already has a contact with this email/);
    assert.equal(errorOf(takeover).reason, 'contact_exists');
    assert.equal(await account(t, kept.id), undefined);
  });

  test('20 parallel joins on a link with 3 uses create exactly 3 accounts', async () => {
    const { token, link } = await createLink(acme, { maxUses: 3 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new Client(t.app).post('/api/v1/invite-links/join', {
          token,
          name: `Racer ${i}`,
          email: `racer${i}@race.example`,
          password: PASSWORD,
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 201).length, 3, codes.join(','));
    assert.equal(codes.filter((c) => c === 409).length, 17);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      assert.match(errorOf(r).message, /used as many times as it allows/);
      assert.equal(errorOf(r).reason, 'link_used_up');
    }
    const accounts = await t.db
      .selectFrom('accounts')
      .select('id')
      .where('email', 'like', 'racer%@race.example')
      .execute();
    assert.equal(accounts.length, 3);
    const contacts = await t.db
      .selectFrom('contacts')
      .select('id')
      .where('email', 'like', 'racer%@race.example')
      .execute();
    assert.equal(contacts.length, 3, 'no contact left behind by a refused join');
    const row = await t.db
      .selectFrom('invite_links')
      .select('uses')
      .where('id', '=', link.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.uses, 3);
    const described = await new Client(t.app).post('/api/v1/invite-links/describe', { token });
    assert.equal(described.json().status, 'used-up');
    assert.equal(described.json().clientName, undefined);
  });

  test('expired and revoked links say so, distinctly, and create nothing', async () => {
    const short = await createLink(acme, { expiresInDays: 1 });
    const revoked = await createLink(acme, { expiresInDays: 30 });
    const del = await staff.request('DELETE', `/api/v1/clients/${acme}/invite-links/${revoked.link.id}`);
    assert.equal(del.statusCode, 200, del.body);
    assert.equal(del.json().status, 'revoked');
    assert.equal(await auditCount(t, 'portal.invite_link_revoked', revoked.link.id), 1);
    t.clock.advance(DAY + 1000);
    await staff.login(OWNER.email, OWNER.password); // the staff session itself timed out meanwhile

    const guest = new Client(t.app);
    const join = (token: string, n: string) =>
      guest.post('/api/v1/invite-links/join', {
        token,
        name: n,
        email: `${n}@late.example`,
        password: PASSWORD,
      });

    assert.equal(
      (await guest.post('/api/v1/invite-links/describe', { token: short.token })).json().status,
      'expired',
    );
    const expired = await join(short.token, 'late1');
    assert.equal(expired.statusCode, 409);
    assert.match(errorOf(expired).message, /expired/);
    assert.equal(errorOf(expired).reason, 'link_expired');

    assert.equal(
      (await guest.post('/api/v1/invite-links/describe', { token: revoked.token })).json().status,
      'revoked',
    );
    const gone = await join(revoked.token, 'late2');
    assert.equal(gone.statusCode, 409);
    assert.match(errorOf(gone).message, /withdrawn/);
    assert.equal(errorOf(gone).reason, 'link_revoked');

    const junk = await join('y'.repeat(43), 'late3');
    assert.equal(junk.statusCode, 404);
    assert.match(errorOf(junk).message, /not valid/);

    const created = await t.db
      .selectFrom('contacts')
      .select('id')
      .where('email', 'like', '%@late.example')
      .execute();
    assert.equal(created.length, 0);

    const list = (await staff.get(`/api/v1/clients/${acme}/invite-links`)).json();
    const statusOf = (id: number) => list.items.find((i: { id: number }) => i.id === id).status;
    assert.equal(statusOf(short.link.id), 'expired');
    assert.equal(statusOf(revoked.link.id), 'revoked');
  });

  test('the list pages by cursor, newest first', async () => {
    const fresh = await clientId(t, 'Cobalt Legal');
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createLink(fresh)).link.id);
    const first = (await staff.get(`/api/v1/clients/${fresh}/invite-links?limit=2`)).json();
    assert.deepEqual(
      first.items.map((i: { id: number }) => i.id),
      [ids[2], ids[1]],
    );
    assert.ok(first.nextCursor);
    const second = (
      await staff.get(`/api/v1/clients/${fresh}/invite-links?limit=2&cursor=${first.nextCursor}`)
    ).json();
    assert.deepEqual(
      second.items.map((i: { id: number }) => i.id),
      [ids[0]],
    );
    assert.equal(second.nextCursor, null);
  });

  test('bad input 400; another client’s link 404; contacts 403; unauthenticated 401', async () => {
    const url = `/api/v1/clients/${acme}/invite-links`;
    for (const body of [
      { expiresInDays: 91 },
      { expiresInDays: 0 },
      { maxUses: 0 },
      { clientId: birchwood },
    ]) {
      assert.equal((await staff.post(url, body)).statusCode, 400, JSON.stringify(body));
    }
    const { link } = await createLink(birchwood);
    const cross = await staff.request('DELETE', `/api/v1/clients/${acme}/invite-links/${link.id}`);
    assert.equal(cross.statusCode, 404);
    const row = await t.db
      .selectFrom('invite_links')
      .select('revoked_at')
      .where('id', '=', link.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.revoked_at, null);

    const portal = new Client(t.app);
    await portal.login('primary@acme.example');
    assert.equal((await portal.get(url)).statusCode, 403);
    assert.equal((await portal.post(url, {})).statusCode, 403);
    assert.equal((await portal.request('DELETE', `${url}/${link.id}`)).statusCode, 403);
    assert.equal((await new Client(t.app).get(url)).statusCode, 401);

    const readOnly = new Client(t.app);
    await readOnly.login('readonly@portico.example');
    assert.equal((await readOnly.get(url)).statusCode, 200, 'viewing needs clients:view only');
    assert.equal((await readOnly.post(url, {})).statusCode, 403);

    const joinBad = await new Client(t.app).post('/api/v1/invite-links/join', {
      token: 'z'.repeat(43),
      name: 'X',
      email: 'not-an-email',
      password: PASSWORD,
    });
    assert.equal(joinBad.statusCode, 400);
  });
});

describe('tokens stay out of the logs', () => {
  test('the page URL of an emailed link is logged with its token redacted', async () => {
    const lines: string[] = [];
    const t = await createTestApp({
      env: { LOG_LEVEL: 'info' },
      app: { logger: true, logStream: { write: (line: string) => void lines.push(line) } },
    });
    try {
      const secret = 'S3cretTokenValue_abcdefghijklmnopqrstuvwxyz0123';
      const c = new Client(t.app);
      await c.get(`/portal/invite?token=${secret}`);
      await c.get(`/portal/reset-password?x=1&token=${secret}`);
      await c.post('/api/v1/invitations/describe', { token: secret });
      const log = lines.join('\n');
      assert.match(log, /\/portal\/invite\?token=\[redacted\]/);
      assert.match(log, /\/portal\/reset-password\?x=1&token=\[redacted\]/);
      assert.ok(!log.includes(secret), 'the token never appears in a log line');
    } finally {
      await t.close();
    }
  });
});
