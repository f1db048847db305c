import type { PendingEvent } from './live.ts';
import { recordSla } from './sla-record.ts';
import type { TicketsContext } from './tickets.context.ts';
import { changeStatus, DAY_MS, eventFor, orgSettings, publish } from './tickets.core.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';

// The SLA sweep and auto-close (run by the recurring jobs in tickets.jobs.ts).

/** Records breached clocks whose due instant has passed (indexed on (state, due)); publishes 'ticket.sla'. */
export async function sweepSla(ctx: TicketsContext, limit = 500): Promise<number> {
  const { db, transaction } = ctx.database.system('SLA sweep');
  const now = ctx.clock().toISOString();
  const ids = [
    ...new Set(
      [
        ...(await repo.dueClocks(db, 'response_sla', 'response_due_at', now, limit)),
        ...(await repo.dueClocks(db, 'resolution_sla', 'resolution_due_at', now, limit)),
      ].map((r) => r.id),
    ),
  ];
  const pending: PendingEvent[] = [];
  for (const id of ids) {
    const event = await transaction(async (trx) => {
      const result = await recordSla(trx, id, now);
      if (!result?.changed) return null;
      const row = await repo.findPlain(trx, id);
      return row ? eventFor(trx, row, 'ticket.sla') : null;
    });
    if (event) pending.push(event);
  }
  await publish(ctx, pending);
  return pending.length;
}

/** Closes resolved tickets older than settings.ticketAutoCloseDays (0: never). */
export async function autoClose(ctx: TicketsContext, limit = 200): Promise<number> {
  const { clock, audit } = ctx;
  const { db, transaction } = ctx.database.system('auto-close of resolved tickets');
  const s = await orgSettings(ctx);
  if (s.ticketAutoCloseDays <= 0) return 0;
  const nowMs = clock().getTime();
  const cutoff = new Date(nowMs - s.ticketAutoCloseDays * DAY_MS).toISOString();
  const rows = await repo.resolvedBefore(db, cutoff, limit);
  const pending: PendingEvent[] = [];
  for (const { id } of rows) {
    const event = await transaction(async (trx) => {
      const ticket = await repo.findPlain(trx, id);
      if (ticket?.status !== 'resolved') return null;
      const at = clock().toISOString();
      await changeStatus(ctx, trx, ticket, 'closed', null, at);
      await recordSla(trx, id, at);
      await audit.record(trx, {
        actor: 'system',
        action: 'ticket.updated',
        clientId: ticket.client_id,
        target: { type: 'ticket', id },
        details: {
          changes: { status: { from: 'resolved', to: 'closed' } },
          via: 'auto-close',
          days: s.ticketAutoCloseDays,
        },
      });
      return eventFor(trx, ticket, 'ticket.updated');
    });
    if (event) pending.push(event);
  }
  await publish(ctx, pending);
  return pending.length;
}
