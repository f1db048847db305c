import { message } from '../../../shared/i18n/i18n.ts';
import type {
  EmailStatus,
  OutboxEmail,
  OutboxListQuery,
  OutboxListResponse,
  OutboxSummary,
} from '../../../shared/schemas/outbox.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { Database } from '../../platform/db/db.ts';
import { errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { outboxRepository } from './outbox.repository.ts';

interface SummaryRow {
  id: number;
  to_address: string;
  to_name: string | null;
  subject: string;
  status: EmailStatus;
  attempts: number;
  last_error: string | null;
  client_id: number | null;
  client_name: string | null;
  created_at: string;
  sent_at: string | null;
}

/** What happened to an email, in words a person can act on. */

/** Who may read this (see requireAccess): staff whose role has outbox:view. */
export const outboxPolicies = {
  view: {
    what: message('errors:notFound.email'),
    staff: { permission: 'outbox:view', denied: message('errors:denied.outboxOwnersOnly') },
  },
} as const satisfies Record<string, AccessPolicy>;

export function statusText(row: Pick<SummaryRow, 'status' | 'attempts' | 'last_error'>): string {
  switch (row.status) {
    case 'sent':
      return 'Sent';
    case 'outbox':
      return 'Kept in the outbox: no SMTP server is configured, so it was not sent';
    case 'failed':
      return `Failed${row.last_error ? `: ${row.last_error}` : ''}`;
    case 'queued':
      return row.last_error
        ? `Queued, will retry: attempt ${row.attempts} failed (${row.last_error})`
        : 'Queued: waiting to be sent';
  }
}

function presentSummary(row: SummaryRow): OutboxSummary {
  return {
    id: row.id,
    to: row.to_address,
    toName: row.to_name,
    subject: row.subject,
    status: row.status,
    statusText: statusText(row),
    attempts: row.attempts,
    lastError: row.last_error,
    client: row.client_id === null ? null : { id: row.client_id, name: row.client_name },
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;

/**
 * The email outbox for staff: every email the instance wrote, and where it got to. With no SMTP
 * configured, this is where mail ends up, so the demo's invitations can still be opened.
 */
export function createOutboxService(deps: { database: Database }) {
  const { database } = deps;

  /** The one access check of every read here (see requireAccess). */
  function requireView(actor: StaffActor) {
    return requireAccess(database.forActor(actor).db, outboxPolicies.view);
  }

  return {
    async list(actor: StaffActor, query: OutboxListQuery): Promise<OutboxListResponse> {
      await requireView(actor);
      const cursor = decodeCursor(query.cursor);
      if (cursor && typeof cursor.k !== 'string') {
        throw errors.validation(
          { cursor: message('errors:cursor.invalidField') },
          message('errors:cursor.invalid'),
        );
      }
      const rows = await outboxRepository.list(
        database.forActor(actor).db,
        { to: query.to },
        cursor,
        query.limit,
      );
      const page = pageOf(rows, query.limit, (r) => r.created_at);
      return { items: page.items.map(presentSummary), nextCursor: page.nextCursor };
    },

    async get(actor: StaffActor, id: number): Promise<OutboxEmail> {
      await requireView(actor);
      const row = await outboxRepository.get(database.forActor(actor).db, id);
      if (!row) throw errors.notFound(message('errors:notFound.email'));
      return { ...presentSummary(row), text: row.text, html: row.html };
    },
  };
}
