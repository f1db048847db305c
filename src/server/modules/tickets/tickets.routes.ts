import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../index.ts';
import type { TicketsService } from './tickets.service.ts';

export function ticketsRoutes(_app: FastifyInstance, _deps: ModuleDeps & { tickets: TicketsService }): void {}
