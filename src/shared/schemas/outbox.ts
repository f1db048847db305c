import { z } from 'zod';
import { id } from './common.ts';
import { pageOf, pageQuery } from './pagination.ts';

export const emailStatuses = ['queued', 'sent', 'outbox', 'failed'] as const;
export type EmailStatus = (typeof emailStatuses)[number];

export const outboxListQuery = z
  .object({
    /** Part of the recipient's address or name, any case. */
    to: z.string().trim().max(254).optional(),
    ...pageQuery,
  })
  .strict();
export type OutboxListQuery = z.infer<typeof outboxListQuery>;

export const outboxParams = z.object({ id }).strict();

const outboxSummaryFields = {
  id,
  to: z.string(),
  toName: z.string().nullable(),
  subject: z.string(),
  status: z.enum(emailStatuses),
  /** The status in words, for people: "Sent", "Kept in the outbox (no SMTP server configured)", ... */
  statusText: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  client: z.object({ id, name: z.string().nullable() }).nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
};

export const outboxSummary = z.object(outboxSummaryFields).meta({ id: 'OutboxEmailSummary' });
export type OutboxSummary = z.infer<typeof outboxSummary>;

export const outboxListResponse = pageOf(outboxSummary).meta({ id: 'OutboxEmailPage' });
export type OutboxListResponse = z.infer<typeof outboxListResponse>;

export const outboxEmail = z
  .object({ ...outboxSummaryFields, text: z.string(), html: z.string() })
  .meta({ id: 'OutboxEmail' });
export type OutboxEmail = z.infer<typeof outboxEmail>;
