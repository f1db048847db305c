import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../index.ts';
import type { AttachmentsService, TicketsAccess } from '../tickets/contracts.ts';

export function attachmentsRoutes(
  _app: FastifyInstance,
  _deps: ModuleDeps & { attachments: AttachmentsService; tickets: TicketsAccess },
): void {}
