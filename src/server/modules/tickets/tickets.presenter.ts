import { renderMarkdown } from '../../../shared/markdown.ts';
import type {
  AttachmentResponse,
  SlaSummary,
  TicketDetail,
  TicketListItem,
  TicketMessage,
  TicketPriority,
  TicketStatus,
} from '../../../shared/schemas/tickets.ts';
import { readStoredText } from '../../platform/stored-text.ts';
import type { MessageRow, TicketListRow, TicketWithNames } from './tickets.repository.ts';

/**
 * Rows to API shapes. `forContact` strips what only staff may see: internal rows never get here for a
 * contact (the queries leave them out), and staff-only fields are set to null/empty/false.
 */
export interface Viewer {
  forContact: boolean;
  /** A contact sees time figures only when the provider shows them (settings.portalShowTimeLogged). */
  showTime: boolean;
  /** The reader's language: system lines (a merge, files not kept) are stored as messages and put in it. */
  language: string;
}

export function ticketNumber(id: number): string {
  return `#${id}`;
}

export function presentListItem(row: TicketListRow, viewer: Viewer, sla: SlaSummary): TicketListItem {
  return {
    id: row.id,
    number: ticketNumber(row.id),
    subject: row.subject,
    status: row.status as TicketStatus,
    priority: row.priority as TicketPriority,
    categoryId: row.category_id,
    categoryName: row.category_name,
    clientId: row.client_id,
    clientName: row.client_name,
    requesterContactId: row.requester_contact_id,
    requesterName: row.requester_name,
    assigneeAccountId: viewer.forContact ? null : row.assignee_account_id,
    assigneeName: row.assignee_name,
    updatedAt: viewer.forContact ? row.public_updated_at : row.updated_at,
    createdAt: row.created_at,
    sla,
  };
}

export function presentDetail(
  row: TicketWithNames,
  viewer: Viewer,
  extra: Pick<
    TicketDetail,
    | 'sla'
    | 'slaHistory'
    | 'slaSummary'
    | 'attachments'
    | 'watchers'
    | 'can'
    | 'reopenUntil'
    | 'unauthenticatedEmailId'
  >,
): TicketDetail {
  const { sla: _summary, ...item } = presentListItem(row, viewer, extra.slaSummary);
  return {
    ...item,
    description: row.description,
    descriptionHtml: renderMarkdown(row.description),
    source: row.source,
    affected: parseAffected(row.affected),
    timeSpentMinutes: viewer.forContact && !viewer.showTime ? null : row.time_spent_minutes,
    firstResponseAt: row.first_response_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    mergedIntoId: row.merged_into_id,
    sla: extra.sla,
    contract:
      row.contract_id !== null && row.contract_name ? { id: row.contract_id, name: row.contract_name } : null,
    site: row.site_id !== null && row.site_label ? { id: row.site_id, label: row.site_label } : null,
    slaHistory: extra.slaHistory,
    slaSummary: extra.slaSummary,
    attachments: viewer.forContact ? extra.attachments.filter((a) => !a.internal) : extra.attachments,
    watchers: viewer.forContact ? extra.watchers.filter((w) => w.kind === 'contact') : extra.watchers,
    can: extra.can,
    reopenUntil: extra.reopenUntil,
    unauthenticatedEmailId: viewer.forContact ? null : extra.unauthenticatedEmailId,
  };
}

function parseAffected(value: string): string[] {
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function presentMessage(
  row: MessageRow,
  viewer: Viewer,
  attachments: readonly AttachmentResponse[],
  unauthenticatedEmailId: number | null = null,
): TicketMessage {
  const internal = row.internal === 1;
  // Only the server writes system lines; a person's message is never read as a stored message.
  const body = row.author_kind === 'system' ? readStoredText(row.body, viewer.language) : row.body;
  return {
    id: row.id,
    ticketId: row.ticket_id,
    authorKind: row.author_kind,
    authorName: row.author_name,
    body,
    bodyHtml: renderMarkdown(body),
    internal: viewer.forContact ? false : internal,
    source: row.source,
    timeSpentMinutes: viewer.forContact && !viewer.showTime ? 0 : row.time_spent_minutes,
    attachments: (viewer.forContact ? attachments.filter((a) => !a.internal) : attachments).map((a) => ({
      ...a,
      internal: viewer.forContact ? false : a.internal,
    })),
    createdAt: row.created_at,
    unauthenticatedEmailId: viewer.forContact ? null : unauthenticatedEmailId,
  };
}
