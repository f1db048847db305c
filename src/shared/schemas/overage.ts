import { z } from 'zod';
import { isoInstant } from './common.ts';

/**
 * Consent before overage (issue 14, point 8): a technician's estimate on a ticket, and the ticket asking
 * its client "approve up to N extra hours at R per hour?" when the work would go past the hour bank.
 */

/** The largest estimate: 1,000 hours. Anything above is a typing mistake, not a ticket. */
export const MAX_ESTIMATE_MINUTES = 1000 * 60;
/** The most extra hours staff may ask for at once. */
export const MAX_ASK_HOURS = 1000;
/** Extra time is asked in quarter hours. */
export const OVERAGE_STEP_MINUTES = 15;
export const OVERAGE_COMMENT_MAX = 2000;

export const overageStatuses = ['pending', 'approved', 'refused', 'withdrawn'] as const;
export type OverageStatus = (typeof overageStatuses)[number];
/** What made the ticket ask: the estimate, logged time, or a technician pressing "Ask the client now". */
export const overageTriggers = ['estimate', 'time', 'manual'] as const;
export type OverageTrigger = (typeof overageTriggers)[number];

export const overageParams = z.object({
  ticketId: z.coerce.number().int().positive().max(2_147_483_647),
});
export const overageRequestParams = overageParams.extend({
  requestId: z.coerce.number().int().positive().max(2_147_483_647),
});

export const estimateBody = z
  .object({
    minutes: z
      .number({ message: 'errors:validation.numberOfMinutes' })
      .int('errors:validation.numberOfMinutes')
      .min(1, 'errors:validation.minOneMinute')
      .max(MAX_ESTIMATE_MINUTES, 'errors:validation.maxEstimate'),
  })
  .strict();

export const askBody = z
  .object({
    /** Extra hours to ask for, in quarter hours (0.25, 1.5, 10). */
    hours: z
      .number({ message: 'errors:validation.overageHours' })
      .positive('errors:validation.overageHours')
      .max(MAX_ASK_HOURS, 'errors:validation.overageHours')
      .refine((h) => Number.isInteger(h * 4), 'errors:validation.overageHours'),
  })
  .strict();

export const decisionBody = z
  .object({
    decision: z.enum(['approve', 'refuse']),
    comment: z
      .string()
      .trim()
      .max(OVERAGE_COMMENT_MAX, 'errors:validation.maxChars')
      .optional()
      .transform((v) => (v ? v : null)),
  })
  .strict();

export const overageRequest = z
  .object({
    id: z.number().int(),
    status: z.enum(overageStatuses),
    trigger: z.enum(overageTriggers),
    extraMinutes: z.number().int(),
    /** Minor units per hour in `currency`; null: the contract names no rate. */
    rateMinor: z.number().int().nullable(),
    currency: z.string().nullable(),
    requestedAt: isoInstant,
    /** The staff member who asked (null: the system, from the estimate or logged time, or a person no longer here). */
    requestedByName: z.string().nullable(),
    decidedAt: isoInstant.nullable(),
    decidedByName: z.string().nullable(),
    comment: z.string().nullable(),
    withdrawnAt: isoInstant.nullable(),
  })
  .meta({ id: 'OverageRequest' });
export type OverageRequest = z.infer<typeof overageRequest>;

export const overageState = z
  .object({
    /** Whether the ticket runs under a contract with an hour bank (only then does it ask). */
    banked: z.boolean(),
    /** The technician's estimate in minutes (null: none set). */
    estimateMinutes: z.number().int().nullable(),
    /** The bank's balance today (staff only; null for contacts and for a ticket without a bank). */
    balance: z.object({ remainingMinutes: z.number().int(), overMinutes: z.number().int() }).nullable(),
    /** The request that stands: the pending one, else the latest decided one; null: none. */
    current: overageRequest.nullable(),
    /** Every request on the ticket, newest first (staff only; empty for contacts), at most 50. */
    history: z.array(overageRequest),
    /** Whether the viewer may approve or refuse the pending request now. */
    canDecide: z.boolean(),
  })
  .meta({ id: 'OverageState' });
export type OverageState = z.infer<typeof overageState>;
