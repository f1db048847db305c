import { z } from 'zod';
import { id, isoInstant } from './common.ts';
import { pageOf, pageQuery } from './pagination.ts';

/**
 * Ticket ratings (issue 14, satisfaction): once a ticket is resolved (or closed) its requester rates
 * it good or bad, with an optional comment, once. Staff read them per ticket, and summed per technician
 * and per client over a date range.
 */
export const ticketRatingValues = ['good', 'bad'] as const;
export type TicketRatingValue = (typeof ticketRatingValues)[number];
export const RATING_COMMENT_MAX = 2000;

export const ticketRatingBody = z
  .object({
    rating: z.enum(ticketRatingValues),
    comment: z
      .string()
      .trim()
      .max(RATING_COMMENT_MAX, 'errors:validation.maxChars')
      .optional()
      .transform((v) => (v ? v : null)),
  })
  .strict();

export const ticketRating = z
  .object({
    rating: z.enum(ticketRatingValues),
    comment: z.string().nullable(),
    ratedAt: isoInstant,
    /** The requester who rated (null once their contact record is gone). */
    ratedByContactId: z.number().int().nullable(),
    ratedByName: z.string().nullable(),
    /** The ticket's assignee when it was rated. */
    technicianName: z.string().nullable(),
  })
  .meta({ id: 'TicketRating' });
export type TicketRating = z.infer<typeof ticketRating>;

export const ticketRatingResponse = z
  .object({
    rating: ticketRating.nullable(),
    /** Whether the viewer may rate it now: its requester, the ticket resolved or closed, not rated yet. */
    canRate: z.boolean(),
  })
  .meta({ id: 'TicketRatingState' });
export type TicketRatingResponse = z.infer<typeof ticketRatingResponse>;

/** A date range of ratings: instants, the client's choice of day boundaries in the viewer's zone. */
const range = {
  /** Inclusive; default: 30 days before `to`. */
  from: isoInstant.optional(),
  /** Exclusive; default: now. */
  to: isoInstant.optional(),
  clientId: id.optional(),
  technicianAccountId: id.optional(),
};

export const ratingSummaryQuery = z.object(range).strict();

const tally = {
  good: z.number().int(),
  bad: z.number().int(),
  /** Share of good ratings, 0 to 100 rounded; null with no ratings. */
  percentGood: z.number().int().nullable(),
};

export const ratingSummary = z
  .object({
    from: isoInstant,
    to: isoInstant,
    total: z.object(tally),
    /** Per technician (the assignee when rated; accountId null: unassigned), most ratings first. */
    technicians: z.array(
      z.object({ accountId: z.number().int().nullable(), name: z.string().nullable(), ...tally }),
    ),
    /** Per client, most ratings first. */
    clients: z.array(z.object({ clientId: z.number().int(), name: z.string(), ...tally })),
  })
  .meta({ id: 'RatingSummary' });
export type RatingSummary = z.infer<typeof ratingSummary>;

export const ratingListQuery = z
  .object({ ...range, rating: z.enum(ticketRatingValues).optional(), ...pageQuery })
  .strict();

export const ratingListItem = z
  .object({
    id: z.number().int(),
    ticketId: z.number().int(),
    ticketNumber: z.string(),
    ticketSubject: z.string(),
    clientId: z.number().int(),
    clientName: z.string(),
    technicianAccountId: z.number().int().nullable(),
    ...ticketRating.shape,
  })
  .meta({ id: 'RatingListItem' });
export type RatingListItem = z.infer<typeof ratingListItem>;

export const ratingListResponse = pageOf(ratingListItem).meta({ id: 'RatingList' });
export type RatingListResponse = z.infer<typeof ratingListResponse>;
