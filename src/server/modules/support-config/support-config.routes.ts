import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../index.ts';

/** Categories, SLA calendars and policies, teams, assignment rules, canned responses, ticket options. */
export function supportConfigRoutes(_app: FastifyInstance, _deps: ModuleDeps): void {}
