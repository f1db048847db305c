/**
 * Holding a request mid-flight in tests (the idempotency tests): a request carrying `x-test-hold: NAME`
 * waits in a pre-handler, registered after the app's own hooks (so once its Idempotency-Key has been
 * claimed), until the test releases it; `x-test-fail: 1` makes the request fail there with a server error.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

const holds = new Map<string, { reached: () => void; release: Promise<void> }>();

/** Arms a hold: `reached` settles when a request naming it arrives; `release` lets that request go on. */
export function hold(name: string): { reached: Promise<void>; release: () => void } {
  let reached!: () => void;
  let release!: () => void;
  const reachedPromise = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const releasePromise = new Promise<void>((resolve) => {
    release = resolve;
  });
  holds.set(name, { reached, release: releasePromise });
  return { reached: reachedPromise, release };
}

/** Give to `createTestApp({ beforeReady })`: adds the pre-handler that honours the two headers. */
export function beforeReady(app: FastifyInstance): void {
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const name = request.headers['x-test-hold'];
    const h = typeof name === 'string' ? holds.get(name) : undefined;
    if (h) {
      h.reached();
      await h.release;
    }
    if (request.headers['x-test-fail'] === '1') throw new Error('a server error, made by the test');
  });
}
