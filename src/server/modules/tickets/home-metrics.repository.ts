import { sql } from 'kysely';
import type { DbOrTrx } from '../../platform/db/db.ts';

const OPEN = ['new', 'open', 'in-progress', 'waiting-on-client', 'waiting-on-vendor'];

/**
 * The portal home's counts of one client's tickets in one query (the client named, so the
 * tickets_client_status_idx index leads; the access layer adds its own filter besides).
 */
export const homeMetricsRepository = Object.freeze({
  async counts(db: DbOrTrx, clientId: number, since: string) {
    const finishedAt = sql`coalesce(resolved_at, closed_at)`;
    const finished = sql`status in ('resolved', 'closed') and ${finishedAt} >= ${since}`;
    const row = await db
      .selectFrom('tickets')
      .select([
        sql<number>`coalesce(sum(case when status in (${sql.join(OPEN)}) then 1 else 0 end), 0)`.as('open'),
        sql<number>`coalesce(sum(case when ${finished} then 1 else 0 end), 0)`.as('closed'),
        sql<number>`coalesce(sum(case when ${finished} and resolution_sla <> 'none' then 1 else 0 end), 0)`.as(
          'with_sla',
        ),
        sql<number>`coalesce(sum(case when ${finished} and resolution_sla <> 'none' and resolution_sla <> 'breached' and response_sla <> 'breached' then 1 else 0 end), 0)`.as(
          'met',
        ),
      ])
      .where('client_id', '=', clientId)
      .where('merged_into_id', 'is', null)
      .executeTakeFirstOrThrow();
    return {
      open: Number(row.open),
      closed: Number(row.closed),
      withSla: Number(row.with_sla),
      met: Number(row.met),
    };
  },
});
