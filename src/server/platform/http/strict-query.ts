import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/** The query of a route that takes none: any parameter at all is refused. */
const noQuery = z.object({}).strict();

/**
 * A query parameter the route does not know is refused with 400, as an unknown body field is, never
 * silently ignored (a `clientId` a contact adds, a typo in a filter). Applied once, here, to every
 * /api/v1 route as it is registered: a route without a querystring schema takes no parameters, and
 * an object schema is made strict if it is not already. A route whose querystring schema is not a zod
 * object stops the app from starting, so no route can slip past.
 */
export function registerStrictQueries(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    if (!url.startsWith('/api/v1')) return;
    route.schema ??= {};
    route.schema.querystring = strictQuery(route.schema.querystring, `${String(route.method)} ${url}`);
  });
}

function strictQuery(given: unknown, where: string): z.ZodObject {
  if (given === undefined) return noQuery;
  if (!(given instanceof z.ZodObject)) {
    throw new Error(`Route ${where} declares a querystring that is not a zod object; use z.object({...}).`);
  }
  return given._zod.def.catchall instanceof z.ZodNever ? given : given.strict();
}

/** Whether a route's querystring schema refuses unknown parameters (the route-table test asks). */
export function isStrictQuery(schema: unknown): boolean {
  return schema instanceof z.ZodObject && schema._zod.def.catchall instanceof z.ZodNever;
}
