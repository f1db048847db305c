import type { TicketQueueView } from '../../../shared/schemas/tickets.ts';

/** The built-in queues in words (staffApp catalogue). */
export const queueViewKeys = {
  all: 'staffApp:tickets.views.all',
  unassigned: 'staffApp:tickets.views.unassigned',
  mine: 'staffApp:tickets.views.mine',
  'breaching-soon': 'staffApp:tickets.views.breachingSoon',
  'waiting-on-client': 'staffApp:tickets.views.waitingOnClient',
} as const satisfies Record<TicketQueueView, `staffApp:${string}`>;
