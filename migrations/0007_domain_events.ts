import { columns, type Dialect, type Migration } from './helpers.ts';

/**
 * Domain events (issue 11): what happened, written in the transaction of the change (`domain_events`),
 * delivered to each subscriber by a job; and the effects each subscriber made for an event
 * (`domain_event_effects`), claimed in the transaction that makes them, so a delivery that runs twice
 * makes each effect once. See docs/events.md.
 */
export default function domainEvents(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db) {
      await c
        .id(db.schema.createTable('domain_events'))
        /** e.g. ticket.created; the payload's shape is the event's schema (modules/domain-events.ts). */
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('payload', c.json, (col) => col.notNull())
        .addColumn('occurred_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('domain_event_effects')
        .addColumn('event_id', 'integer', (col) =>
          col.notNull().references('domain_events.id').onDelete('cascade'),
        )
        /** The subscriber's name, e.g. ticket-email.created. */
        .addColumn('subscriber', 'text', (col) => col.notNull())
        /** What the subscriber did once for this event, e.g. the address an email went to. */
        .addColumn('effect_key', 'text', (col) => col.notNull())
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addPrimaryKeyConstraint('domain_event_effects_pk', ['event_id', 'subscriber', 'effect_key'])
        .execute();
    },
  };
}
