/**
 * The API client's Idempotency-Key: one per submission, the same for a retry of a submission that got
 * no answer, a new one once the server has answered. fetch is replaced by a stand-in that records what
 * the page would send.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { z } from 'zod';
import { ApiError, api, isReplayedAnswer, setCsrfToken } from './client.ts';

type Answer = { status: number; body: unknown; headers?: Record<string, string> } | 'offline';
let answers: Answer[] = [];
let sent: { url: string; method: string; key: string | undefined }[] = [];
let sentCsrf: (string | undefined)[] = [];
const realFetch = globalThis.fetch;

beforeEach(() => {
  sent = [];
  sentCsrf = [];
  answers = [];
  setCsrfToken('token');
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    sent.push({ url: String(input), method: init?.method ?? 'GET', key: headers['idempotency-key'] });
    sentCsrf.push(headers['x-csrf-token']);
    const next = answers.shift() ?? { status: 201, body: { id: 1 } };
    if (next === 'offline') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(next.body), {
      status: next.status,
      headers: { 'content-type': 'application/json', ...next.headers },
    });
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

const created = z.object({ id: z.number() });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('every POST carries a key; two answered submissions, even identical ones, have different keys', async () => {
  await api.post('/tickets', created, { subject: 'Printer' });
  await api.post('/tickets', created, { subject: 'Printer' });
  assert.equal(sent.length, 2);
  assert.match(sent[0]?.key ?? '', UUID);
  assert.match(sent[1]?.key ?? '', UUID);
  assert.notEqual(sent[0]?.key, sent[1]?.key);
});

test('a retry after no answer (offline, a 5xx, still in progress) reuses the key; then it is forgotten', async () => {
  answers = [
    'offline',
    { status: 503, body: { error: { code: 'unavailable', message: 'Later.' } } },
    {
      status: 409,
      body: { error: { code: 'conflict', reason: 'idempotency_in_progress', message: 'Still running.' } },
    },
    { status: 201, body: { id: 7 } },
  ];
  const body = { subject: 'VPN down', description: 'Since 9' };
  for (const code of ['network_error', 'unavailable', 'conflict']) {
    await assert.rejects(
      api.post('/tickets', created, body),
      (e: unknown) => e instanceof ApiError && e.code === code,
    );
  }
  assert.deepEqual(await api.post('/tickets', created, body), { id: 7 });
  const keys = new Set(sent.map((s) => s.key));
  assert.equal(keys.size, 1, 'one key for the submission and its retries');
  await api.post('/tickets', created, body);
  assert.notEqual(sent[4]?.key, sent[0]?.key, 'the next submission has a new key');
});

test('a refusal is an answer: the corrected (or the same) submission gets a new key', async () => {
  answers = [{ status: 400, body: { error: { code: 'validation_failed', message: 'Fix it.', fields: {} } } }];
  await assert.rejects(api.post('/tickets', created, { subject: '' }));
  await api.post('/tickets', created, { subject: '' });
  assert.notEqual(sent[0]?.key, sent[1]?.key);
});

test('a different body is a different submission, even while another is unanswered', async () => {
  answers = ['offline'];
  await assert.rejects(api.post('/tickets', created, { subject: 'A' }));
  await api.post('/tickets', created, { subject: 'B' });
  assert.notEqual(sent[0]?.key, sent[1]?.key);
});

test('reads and changes other than POST carry no key; each file upload (FormData) has one of its own', async () => {
  answers = [
    { status: 200, body: { id: 1 } },
    { status: 200, body: { id: 1 } },
    { status: 201, body: { id: 1 } },
    { status: 201, body: { id: 2 } },
  ];
  await api.get('/tickets/1', created);
  await api.patch('/tickets/1', created, { status: 'open' });
  const form = new FormData();
  form.set('file', new Blob(['x']), 'x.txt');
  await api.post('/uploads', created, form);
  await api.post('/uploads', created, form);
  assert.deepEqual(
    sent.slice(0, 2).map((s) => s.key),
    [undefined, undefined],
  );
  assert.match(sent[2]?.key ?? '', UUID);
  assert.match(sent[3]?.key ?? '', UUID);
  assert.notEqual(sent[2]?.key, sent[3]?.key);
});

test('a replayed answer is marked, and the CSRF token in it is not taken', async () => {
  const me = z.object({ id: z.number(), csrfToken: z.string() });
  answers = [
    {
      status: 201,
      body: { id: 1, csrfToken: 'of-the-first-session' },
      headers: { 'idempotent-replayed': 'true' },
    },
    { status: 201, body: { id: 2 } },
    { status: 201, body: { id: 3, csrfToken: 'fresh' } },
    { status: 201, body: { id: 4 } },
  ];
  const replayed = await api.post('/setup', me, { organisationName: 'A' });
  assert.ok(isReplayedAnswer(replayed));
  await api.post('/tickets', created, { subject: 'after a replay' });
  assert.equal(sentCsrf[1], 'token', 'the token from the replayed answer was not taken');
  const fresh = await api.post('/setup', me, { organisationName: 'B' });
  assert.equal(isReplayedAnswer(fresh), false);
  await api.post('/tickets', created, { subject: 'after a fresh answer' });
  assert.equal(sentCsrf[3], 'fresh');
});
