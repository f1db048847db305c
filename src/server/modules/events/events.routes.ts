import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../index.ts';
import type { TicketsService } from '../tickets/tickets.service.ts';

/** GET /api/v1/events: Server-Sent Events for live pages. */
export function eventsRoutes(_app: FastifyInstance, _deps: ModuleDeps & { tickets: TicketsService }): void {}
