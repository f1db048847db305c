import type { PendingEvent } from './live.ts';
import { recordSla } from './sla-record.ts';
import { DAY_MS, type TicketCore, type TicketsDeps } from './tickets.core.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';

/** The SLA sweep and auto-close (run by the recurring jobs in tickets.jobs.ts). */
export function createSlaMaintenance(deps: TicketsDeps, core: TicketCore) {
  const { database, clock, audit } = deps;
  const { orgSettings, eventFor, publish, changeStatus } = core;

  /** Records breached clocks whose due instant has passed (indexed on (state, due)); publishes 'ticket.sla'. */
  async function sweepSla(limit = 500): Promise<number> {
    const { db, transaction } = database.system('SLA sweep');
    const now = clock().toISOString();
    const due = async (
      state: 'response_sla' | 'resolution_sla',
      at: 'response_due_at' | 'resolution_due_at',
    ) =>
      db
        .selectFrom('tickets')
        .select('id')
        .where(state, '=', 'running')
        .where(at, '<=', now)
        .orderBy(at)
        .limit(limit)
        .execute();
    const ids = [
      ...new Set(
        [
          ...(await due('response_sla', 'response_due_at')),
          ...(await due('resolution_sla', 'resolution_due_at')),
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
    await publish(pending);
    return pending.length;
  }

  /** Closes resolved tickets older than settings.ticketAutoCloseDays (0: never). */
  async function autoClose(limit = 200): Promise<number> {
    const { db, transaction } = database.system('auto-close of resolved tickets');
    const s = await orgSettings();
    if (s.ticketAutoCloseDays <= 0) return 0;
    const nowMs = clock().getTime();
    const cutoff = new Date(nowMs - s.ticketAutoCloseDays * DAY_MS).toISOString();
    const rows = await db
      .selectFrom('tickets')
      .select('id')
      .where('status', '=', 'resolved')
      .where('resolved_at', '<=', cutoff)
      .orderBy('id')
      .limit(limit)
      .execute();
    const pending: PendingEvent[] = [];
    for (const { id } of rows) {
      const event = await transaction(async (trx) => {
        const ticket = await repo.findPlain(trx, id);
        if (ticket?.status !== 'resolved') return null;
        const at = clock().toISOString();
        await changeStatus(trx, ticket, 'closed', null, at);
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
    await publish(pending);
    return pending.length;
  }

  return { sweepSla, autoClose };
}
