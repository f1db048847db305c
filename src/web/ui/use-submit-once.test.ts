import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oneAtATime } from './use-submit-once.ts';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('a second and third submit while the first is on its way are ignored; after it settles, the next one goes', async () => {
  const calls: string[] = [];
  let current = deferred();
  const send = oneAtATime((body: string) => {
    calls.push(body);
    return current.promise;
  });
  // Three submits in one go, as quick key presses queued on a busy page arrive.
  assert.equal(send('ticket'), true);
  assert.equal(send('ticket'), false);
  assert.equal(send('ticket'), false);
  assert.deepEqual(calls, ['ticket']);
  current.resolve();
  await current.promise;
  await new Promise((r) => setTimeout(r, 0));
  current = deferred();
  assert.equal(send('next ticket'), true);
  assert.deepEqual(calls, ['ticket', 'next ticket']);
});

test('a failed submission releases the lock, so the person can send it again', async () => {
  const first = deferred();
  let n = 0;
  const send = oneAtATime(() => {
    n += 1;
    return n === 1 ? first.promise : Promise.resolve();
  });
  send();
  assert.equal(send(), false);
  first.reject(new Error('offline'));
  await first.promise.catch(() => undefined);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(send(), true);
  assert.equal(n, 2);
});

test('a send that throws at once releases the lock too', () => {
  let n = 0;
  const send = oneAtATime(() => {
    n += 1;
    if (n === 1) throw new Error('bad input');
    return Promise.resolve();
  });
  assert.throws(() => send(), /bad input/);
  assert.equal(send(), true);
});
