import { message, translate } from '../../../shared/i18n/i18n.ts';
import { DEFAULT_LANGUAGE } from '../../../shared/i18n/languages.ts';
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

/** Who may read this (see requireAccess): staff whose role has outbox:view. */
export const outboxPolicies = {
  view: {
    what: message('errors:notFound.email'),
    staff: { permission: 'outbox:view', denied: message('errors:denied.outboxOwnersOnly') },
  },
} as const satisfies Record<string, AccessPolicy>;

/** What happened to an email, in words a person can act on, in the reader's language. */
export function statusText(
  row: Pick<SummaryRow, 'status' | 'attempts' | 'last_error'>,
  language: string = DEFAULT_LANGUAGE,
): string {
  // The SMTP server's own words (last_error) are quoted as they came.
  switch (row.status) {
    case 'sent':
      return translate(language, 'common:outbox.status.sent');
    case 'outbox':
      return translate(language, 'common:outbox.status.outbox');
    case 'failed':
      return row.last_error
        ? translate(language, 'common:outbox.status.failedBecause', { error: row.last_error })
        : translate(language, 'common:outbox.status.failed');
    case 'queued':
      return row.last_error
        ? translate(language, 'common:outbox.status.retrying', {
            attempt: row.attempts,
            error: row.last_error,
          })
        : translate(language, 'common:outbox.status.queued');
  }
}

function presentSummary(row: SummaryRow, language: string): OutboxSummary {
  return {
    id: row.id,
    to: row.to_address,
    toName: row.to_name,
    subject: row.subject,
    status: row.status,
    statusText: statusText(row, language),
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
    /** `language`: the reader's, for the status sentence. */
    async list(actor: StaffActor, query: OutboxListQuery, language: string): Promise<OutboxListResponse> {
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
      return { items: page.items.map((row) => presentSummary(row, language)), nextCursor: page.nextCursor };
    },

    async get(actor: StaffActor, id: number, language: string): Promise<OutboxEmail> {
      await requireView(actor);
      const row = await outboxRepository.get(database.forActor(actor).db, id);
      if (!row) throw errors.notFound(message('errors:notFound.email'));
      return { ...presentSummary(row, language), text: row.text, html: row.html };
    },
  };
}
