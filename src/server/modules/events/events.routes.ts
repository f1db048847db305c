import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { message } from '../../../shared/i18n/i18n.ts';
import type { LiveEvent } from '../../../shared/schemas/tickets.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { BusEvent } from '../../platform/events.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import type { AuthHooks } from '../auth/auth.hooks.ts';
import type { ModuleDeps } from '../deps.ts';
import { liveEventFor, TICKETS_CHANNEL } from '../tickets/live.ts';
import type { TicketsService } from '../tickets/tickets.service.ts';

/** Timings of the stream; tests shorten them. */
export const liveTiming = {
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: 20_000,
  /** The session is re-read this often; the stream ends when it is gone (signed out, expired, revoked). */
  sessionCheckMs: 30_000,
};

/** A client that does not read its stream is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

const eventsQuery = z
  .object({
    /** A staff preview of the portal: an EventSource cannot send the X-Portico-Preview header. */
    preview: z.enum(['1']).optional(),
  })
  .strict();

function frame(event: LiveEvent): string {
  return `event: ticket\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * GET /api/v1/events: Server-Sent Events for live pages. Events name what changed ({ type, ticketId })
 * and the page refetches through the scoped API. Staff with tickets:view hear every ticket event; a
 * contact only events of tickets of their own client they may see, never internal ones.
 */
export function eventsRoutes(
  app: FastifyInstance,
  deps: Pick<ModuleDeps, 'events' | 'auth' | 'settings'> & { tickets: TicketsService; hooks: AuthHooks },
): void {
  const { events, auth, settings, hooks } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  /** Open streams, ended when the app closes (an open stream would otherwise hold the server open). */
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  r.get(
    '/api/v1/events',
    {
      config: { policy: { auth: 'any' } },
      schema: {
        tags: ['tickets'],
        summary:
          'Live updates as Server-Sent Events (event: ticket, data: LiveEvent). Connect with an EventSource; add ?preview=1 in a portal preview',
        querystring: eventsQuery,
        produces: ['text/event-stream'],
        response: { 200: z.string().describe('text/event-stream'), ...errorResponses },
      },
    },
    async (request, reply) => {
      let actor: Actor | null = request.actor;
      if (!actor) throw errors.unauthenticated();
      const accept = String(request.headers.accept ?? '');
      if (!accept.includes('text/event-stream')) {
        throw new AppError('bad_request', message('errors:events.streamOnly'));
      }
      const preview = request.headers['x-portico-preview'] === '1' || request.query.preview === '1';
      const token = (preview && request.cookies[hooks.names.preview]) || request.cookies[hooks.names.session];
      if (!token) throw errors.unauthenticated();
      let ticketsEnabled = (await settings.enabledFeatures()).includes('tickets');

      reply.hijack();
      const res = reply.raw;
      const socket = request.raw.socket;
      socket.setNoDelay(true);
      socket.setKeepAlive(true);
      // A hijacked reply sends only what is written here: the app's security headers come along.
      res.writeHead(200, {
        ...(reply.getHeaders() as OutgoingHttpHeaders),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
        'x-request-id': String(request.id),
        connection: 'keep-alive',
      });

      let ended = false;
      const write = (chunk: string) => {
        if (ended) return;
        if (res.writableLength > MAX_BUFFERED_BYTES) {
          end();
          return;
        }
        res.write(chunk);
      };
      const unsubscribe = events.subscribe(TICKETS_CHANNEL, (event: BusEvent) => {
        if (!actor) return;
        const out = liveEventFor(actor, event, { ticketsEnabled });
        if (out) write(frame(out));
      });
      const heartbeat = setInterval(() => write(': keep-alive\n\n'), liveTiming.heartbeatMs);
      let checking = false;
      const sessionCheck = setInterval(() => {
        if (checking) return;
        checking = true;
        void (async () => {
          try {
            const resolved = await auth.resolve(token);
            if (resolved.status !== 'ok') {
              end();
              return;
            }
            actor = resolved.actor;
            ticketsEnabled = (await settings.enabledFeatures()).includes('tickets');
          } catch (err) {
            request.log.warn({ err }, 'live stream: could not re-check the session');
          } finally {
            checking = false;
          }
        })();
      }, liveTiming.sessionCheckMs);

      function end(): void {
        if (ended) return;
        ended = true;
        actor = null;
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(sessionCheck);
        open.delete(end);
        res.end();
      }
      open.add(end);
      request.raw.on('close', end);
      res.on('close', end);
      res.on('error', end);

      write('retry: 3000\n\n');
      write(frame({ type: 'resync', ticketId: null }));
    },
  );
}
