import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bindContext } from './context.ts';

test('bindContext hands each use case the context first and keeps the rest of its arguments', async () => {
  const ctx = { greeting: 'Hello' };
  const service = bindContext(ctx, {
    greet: (c: typeof ctx, name: string) => `${c.greeting}, ${name}`,
    later: async (c: typeof ctx, n: number) => c.greeting.length + n,
  });
  assert.equal(service.greet('Ann'), 'Hello, Ann');
  assert.equal(await service.later(1), 6);
  assert.ok(Object.isFrozen(service));
});
