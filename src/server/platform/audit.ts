import type { Insertable } from 'kysely';
import type { AuditAction } from '../../shared/audit.ts';
import type { Actor, Clock } from './actor.ts';
import type { DbOrTrx } from './db/db.ts';
import { preparedShapes } from './db/prepared.ts';
import type { AuditEventTable } from './db/schema.ts';

export interface RequestMeta {
  ip: string;
  userAgent: string;
}

export interface AuditEvent {
  /** Who did it: an actor, 'system', or an unauthenticated person named by email (failed sign-in). */
  actor: Actor | 'system' | { anonymous: string };
  action: AuditAction;
  /** The client (tenant) the event belongs to, so a client's log can be filtered and scoped. */
  clientId?: number | null;
  target?: { type: string; id: number };
  details?: Record<string, unknown>;
  meta?: RequestMeta;
}

const secretKeys = /password|secret|token|code|hash/i;

/** Details never carry secrets, whatever a caller passes. */
function scrub(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([k]) => !secretKeys.test(k)));
}

export type Audit = ReturnType<typeof createAudit>;

type AuditRow = Omit<Insertable<AuditEventTable>, 'id'>;

// Compiled once (see preparedShapes()): nearly every change writes one. The row's client is checked
// against a client scope's on each insert, as the access layer checks any insert into a client table.
const insertAudit = preparedShapes(
  (db: DbOrTrx, _shape: null, row: Required<AuditRow>) => db.insertInto('audit_events').values(row),
  { everyValueUsed: true, clientValue: 'client_id' },
);

/**
 * The audit log is append-only through the application: this module only inserts. It writes in the
 * caller's transaction, so an action and its audit row commit or roll back together.
 */
export function createAudit(deps: { clock: Clock }) {
  return {
    async record(db: DbOrTrx, event: AuditEvent): Promise<void> {
      const actor = event.actor;
      const isActor = typeof actor === 'object' && 'kind' in actor;
      const clientId =
        event.clientId !== undefined
          ? event.clientId
          : isActor && actor.kind === 'contact'
            ? actor.clientId
            : null;
      await insertAudit(db, '', null, {
        at: deps.clock().toISOString(),
        actor_kind: actor === 'system' ? 'system' : isActor ? actor.kind : 'anonymous',
        actor_account_id: isActor ? actor.accountId : null,
        actor_name: isActor ? actor.name : actor === 'system' ? 'Portico' : actor.anonymous.slice(0, 254),
        client_id: clientId,
        action: event.action,
        target_type: event.target?.type ?? null,
        target_id: event.target?.id ?? null,
        ip: event.meta?.ip ?? null,
        user_agent: event.meta?.userAgent.slice(0, 300) ?? null,
        details: JSON.stringify(scrub(event.details ?? {})),
      });
    },
  };
}
