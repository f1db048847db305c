import { type Message, message } from '../../../shared/i18n/i18n.ts';
import type {
  AttachmentResponse,
  TicketCreateBody,
  TicketPriority,
} from '../../../shared/schemas/tickets.ts';

/** What the staff "New ticket" form holds. */
export interface NewTicketValues {
  clientId: number | null;
  requesterContactId: number | null;
  /** One of the client's sites (it decides which contract covers the ticket); null: none named. */
  siteId: number | null;
  subject: string;
  priority: TicketPriority;
  categoryId: number | null;
  assigneeAccountId: number | null;
  description: string;
  attachments: AttachmentResponse[];
}

export const initialNewTicket: NewTicketValues = {
  clientId: null,
  requesterContactId: null,
  siteId: null,
  subject: '',
  priority: 'medium',
  categoryId: null,
  assigneeAccountId: null,
  description: '',
  attachments: [],
};

/** Problems to fix before asking the server, keyed like the server's field errors, in form order. */
export function newTicketProblems(values: NewTicketValues): Record<string, Message> {
  const problems: Record<string, Message> = {};
  if (values.clientId === null) problems.clientId = message('staffApp:tickets.new.clientMissing');
  const subject = values.subject.trim();
  if (!subject) problems.subject = message('staffApp:tickets.form.subjectMissing');
  else if (subject.length > 200)
    problems.subject = message('staffApp:tickets.new.subjectTooLong', { max: 200 });
  if (!values.description.trim()) problems.description = message('staffApp:tickets.new.descriptionMissing');
  return problems;
}

/** The body for POST /api/v1/tickets; no assignee means "let the assignment rules decide". */
export function toCreateBody(values: NewTicketValues): TicketCreateBody {
  const body: TicketCreateBody = {
    subject: values.subject.trim(),
    description: values.description,
    priority: values.priority,
    categoryId: values.categoryId,
    requesterContactId: values.requesterContactId,
    attachmentIds: values.attachments.map((a) => a.id),
  };
  if (values.clientId !== null) body.clientId = values.clientId;
  if (values.siteId !== null) body.siteId = values.siteId;
  if (values.assigneeAccountId !== null) body.assigneeAccountId = values.assigneeAccountId;
  return body;
}
