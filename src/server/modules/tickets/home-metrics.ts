import { message } from '../../../shared/i18n/i18n.ts';
import type { PortalHomeMetrics } from '../../../shared/schemas/portal-home.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { ContactActor } from '../../platform/actor.ts';
import { homeMetricsRepository } from './home-metrics.repository.ts';
import type { TicketsContext } from './tickets.context.ts';

const WINDOW_MS = 30 * 86_400_000;

/** Only a contact who may see every ticket of the company sees its figures. */
const homeMetricsPolicy = {
  what: message('errors:notFound.ticket'),
  table: 'tickets',
  contact: { anyOf: ['tickets:view-company'], denied: message('errors:denied.portalCompanyTickets') },
} as const satisfies AccessPolicy;

/**
 * The portal home's key metrics (issue 14): open tickets now, tickets finished in the last 30 days,
 * and the share of those with SLA targets that met both. One query.
 */
export async function homeMetrics(ctx: TicketsContext, actor: ContactActor): Promise<PortalHomeMetrics> {
  const { db } = ctx.database.forActor(actor);
  await requireAccess(db, homeMetricsPolicy);
  const now = ctx.clock();
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  const c = await homeMetricsRepository.counts(db, actor.clientId, since);
  return {
    open: c.open,
    closed: c.closed,
    since,
    asOf: now.toISOString(),
    sla: { met: c.met, total: c.withSla, rate: c.withSla === 0 ? null : c.met / c.withSla },
  };
}
