import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toApiError } from './client.ts';

function response(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

test('a conflict’s reason reaches the page; an unknown reason, or none, reads as unset', async () => {
  const closed = await toApiError(
    response(409, {
      error: { code: 'conflict', reason: 'ticket_closed', message: 'This ticket is closed.' },
    }),
  );
  assert.equal(closed.code, 'conflict');
  assert.equal(closed.reason, 'ticket_closed');
  assert.equal(closed.message, 'This ticket is closed.');
  const unknown = await toApiError(
    response(409, { error: { code: 'conflict', reason: 'made_up', message: 'Something else.' } }),
  );
  assert.equal(unknown.reason, undefined);
  const notFound = await toApiError(response(404, { error: { code: 'not_found', message: 'Gone.' } }));
  assert.equal(notFound.reason, undefined);
});
