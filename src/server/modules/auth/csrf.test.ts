import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomToken } from '../../platform/crypto.ts';
import { Client, createTestApp, errorOf, OWNER, setUp, type TestApp } from '../../test/harness.ts';
import { createCsrfTokens, SIGNED_OUT } from './csrf.ts';

describe('CSRF tokens, unit', () => {
  const tokens = createCsrfTokens('a session secret of at least thirty-two characters');

  test('a token verifies only for the session it was issued for', () => {
    const a = tokens.bindingOf('session-token-a');
    const b = tokens.bindingOf('session-token-b');
    const token = tokens.issue(a);
    assert.equal(tokens.verify(token, a), true);
    assert.equal(tokens.verify(token, b), false);
    assert.equal(tokens.verify(token, SIGNED_OUT), false);
    assert.equal(tokens.verify(tokens.issue(SIGNED_OUT), a), false);
    assert.notEqual(tokens.issue(a), token, 'each token has its own nonce');
  });

  test('a changed, truncated, foreign or old-style token is refused', () => {
    const a = tokens.bindingOf('session-token-a');
    const token = tokens.issue(a);
    const [nonce, mac] = token.split('.') as [string, string];
    const flipped = `${nonce.slice(0, -1)}${nonce.endsWith('A') ? 'B' : 'A'}.${mac}`;
    assert.equal(tokens.verify(flipped, a), false);
    assert.equal(tokens.verify(token.slice(0, -1), a), false);
    assert.equal(tokens.verify(`${token}x`, a), false);
    assert.equal(tokens.verify(undefined, a), false);
    assert.equal(tokens.verify(randomToken(32), a), false, 'the old random double-submit token');
    const other = createCsrfTokens('another instance, another session secret entirely');
    assert.equal(tokens.verify(other.issue(a), a), false);
  });
});

describe('CSRF tokens are tied to the session', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await setUp(t);
  });
  after(() => t.close());

  function csrfCookieName(c: Client): string {
    const name = [...c.cookies.keys()].find((k) => k.endsWith('portico_csrf'));
    assert.ok(name, 'the client holds a CSRF cookie');
    return name;
  }

  async function rename(c: Client, name: string) {
    return c.request('PATCH', '/api/v1/settings', { body: { name } });
  }

  test("one session's token, cookie and header alike, is refused on another session", async () => {
    const victim = new Client(t.app);
    await victim.login(OWNER.email, OWNER.password);
    const attacker = new Client(t.app);
    await attacker.login(OWNER.email, OWNER.password);
    assert.equal((await rename(attacker, 'Renamed by its own session')).statusCode, 200);

    // The victim's browser made to carry the attacker's token (a planted cookie and the header).
    const stolen = attacker.csrf!;
    victim.cookies.set(csrfCookieName(victim), stolen);
    const res = await rename(victim, 'Forged');
    assert.equal(res.statusCode, 403);
    assert.equal(errorOf(res).code, 'csrf_failed');
    assert.equal((await victim.get('/api/v1/settings')).json().name, 'Renamed by its own session');

    // Asking for a token again gives the victim one of its own session; that one works.
    const fresh = (await victim.get('/api/v1/auth/csrf')).json().csrfToken as string;
    assert.notEqual(fresh, stolen);
    assert.equal(victim.csrf, fresh);
    assert.equal((await rename(victim, 'Test IT')).statusCode, 200);
  });

  test('a token from before sign-in, or from a session since signed out, no longer works', async () => {
    const c = new Client(t.app);
    const before = (await c.get('/api/v1/auth/csrf')).json().csrfToken as string;
    const me = await c.login(OWNER.email, OWNER.password);
    assert.notEqual(me.csrfToken, before, 'signing in gives a new token');
    assert.equal(c.csrf, me.csrfToken);

    const name = csrfCookieName(c);
    c.cookies.set(name, before);
    const old = await rename(c, 'With the signed-out token');
    assert.equal(old.statusCode, 403);
    assert.equal(errorOf(old).code, 'csrf_failed');

    c.cookies.set(name, me.csrfToken);
    assert.equal((await rename(c, 'Test IT')).statusCode, 200);

    // Sign out, then sign in again as the same person: the first session's token is dead.
    const session = c.sessionCookie!;
    assert.equal((await c.post('/api/v1/auth/logout')).statusCode, 200);
    assert.notEqual(c.csrf, me.csrfToken, 'signing out rotates the token');
    await c.login(OWNER.email, OWNER.password);
    assert.notEqual(c.sessionCookie, session);
    c.cookies.set(name, me.csrfToken);
    assert.equal((await rename(c, 'Stale')).statusCode, 403);
  });

  test('a token is tied to the session cookie, not only to the account', async () => {
    const one = new Client(t.app);
    await one.login(OWNER.email, OWNER.password);
    const two = new Client(t.app);
    await two.login(OWNER.email, OWNER.password);
    // The same person, the same account, in two browsers: each token works only in its own.
    const swapped = new Client(t.app);
    for (const [k, v] of one.cookies) swapped.cookies.set(k, v);
    swapped.cookies.set(csrfCookieName(swapped), two.csrf!);
    assert.equal((await rename(swapped, 'Swapped')).statusCode, 403);
    assert.equal((await rename(one, 'Test IT')).statusCode, 200);
    assert.equal((await rename(two, 'Test IT')).statusCode, 200);
  });

  test('an expired session still answers "session expired", not a CSRF refusal', async () => {
    const c = new Client(t.app);
    await c.login(OWNER.email, OWNER.password);
    t.clock.advance(24 * 60 * 60_000);
    const res = await rename(c, 'Too late');
    assert.equal(res.statusCode, 401);
    assert.equal(errorOf(res).code, 'session_expired');
    // The browser now holds no session, and its token is one for signing in.
    const token = (await c.get('/api/v1/auth/csrf')).json().csrfToken as string;
    const again = await c.login(OWNER.email, OWNER.password);
    assert.notEqual(again.csrfToken, token);
    assert.equal((await rename(c, 'Test IT')).statusCode, 200);
  });
});
