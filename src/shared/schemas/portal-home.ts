import { z } from 'zod';
import { isoInstant } from './common.ts';

/**
 * The portal home's key metrics (issue 14, seed 002), for contacts who may see all of their company's
 * tickets (`tickets:view-company`). Counts are of the company's tickets (merged ones left out).
 */
export const portalHomeMetrics = z
  .object({
    /** Tickets still being worked on now (new, open, in progress, waiting). */
    open: z.number().int().nonnegative(),
    /** Tickets resolved or closed within the window. */
    closed: z.number().int().nonnegative(),
    /** The window's start (30 days before `asOf`). */
    since: isoInstant,
    asOf: isoInstant,
    /**
     * SLA compliance over the window: of the tickets finished in it that had SLA targets, how many met
     * both (first response and resolution). `rate` is met / total (0 to 1); null when none had targets.
     */
    sla: z.object({
      met: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
      rate: z.number().min(0).max(1).nullable(),
    }),
  })
  .meta({ id: 'PortalHomeMetrics' });
export type PortalHomeMetrics = z.infer<typeof portalHomeMetrics>;
