import type { LiveEvent } from '../../../shared/schemas/tickets.ts';
import type { Actor } from '../../platform/actor.ts';
import type { BusEvent, EventBus } from '../../platform/events.ts';
import { contactMaySee } from './tickets.policies.ts';

/**
 * Live ticket events on the event bus (channel 'tickets'). An event names what changed and who may
 * hear of it, never the content: the page refetches through the scoped API.
 */
export const TICKETS_CHANNEL = 'tickets';

export type TicketEventType = 'ticket.created' | 'ticket.updated' | 'ticket.message' | 'ticket.sla';

export interface TicketEventData {
  ticketId: number;
  /** An internal change (an internal note): staff only. */
  internal: boolean;
  requesterContactId: number | null;
  contactWatcherIds: number[];
}

export interface TicketBusEvent extends BusEvent {
  type: TicketEventType;
  clientId: number;
  data: TicketEventData;
}

export interface PendingEvent {
  type: TicketEventType;
  clientId: number;
  data: TicketEventData;
}

/** Publishes committed changes; a failure to publish is logged, never undoes or fails the change. */
export async function publishAll(
  events: EventBus,
  pending: readonly PendingEvent[],
  log?: { error(obj: object, msg: string): void },
): Promise<void> {
  for (const e of pending) {
    try {
      await events.publish(TICKETS_CHANNEL, e);
    } catch (err) {
      log?.error({ err, type: e.type, ticketId: e.data.ticketId }, 'could not publish a ticket event');
    }
  }
}

function isTicketEvent(event: BusEvent): event is TicketBusEvent {
  const d = event.data as Partial<TicketEventData> | null;
  return (
    typeof event.type === 'string' &&
    event.type.startsWith('ticket.') &&
    typeof event.clientId === 'number' &&
    !!d &&
    typeof d.ticketId === 'number' &&
    typeof d.internal === 'boolean' &&
    Array.isArray(d.contactWatcherIds)
  );
}

/**
 * What `actor` may hear of a bus event: staff with tickets:view hear everything; a contact only
 * non-internal events of a ticket of their own client that they may see. Null: nothing.
 */
export function liveEventFor(
  actor: Actor,
  event: BusEvent,
  options: { ticketsEnabled: boolean },
): LiveEvent | null {
  if (!isTicketEvent(event)) return null;
  const out: LiveEvent = { type: event.type, ticketId: event.data.ticketId };
  if (actor.kind === 'staff') return actor.permissions.has('tickets:view') ? out : null;
  if (!options.ticketsEnabled || event.data.internal) return null;
  const visible = contactMaySee(
    actor,
    { client_id: event.clientId, requester_contact_id: event.data.requesterContactId },
    event.data.contactWatcherIds,
  );
  return visible ? out : null;
}
