import type { PortalTicketTime, TimeEntryResponse, WorkTypeResponse } from '../../../shared/schemas/time.ts';
import type { EntryRow, WorkTypeRow } from './time.repository.ts';

const iso = (value: string) => new Date(value).toISOString();
const isoOrNull = (value: string | null) => (value === null ? null : iso(value));

export function presentWorkType(row: WorkTypeRow): WorkTypeResponse {
  return {
    id: row.id,
    name: row.name,
    rateMinor: row.rate_minor,
    currency: row.currency,
    billable: row.billable === 1,
    active: row.active === 1,
    updatedAt: iso(row.updated_at),
  };
}

/** An entry as staff see it: every figure, frozen when it was made. */
export function presentEntry(row: EntryRow): TimeEntryResponse {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    ticketSubject: row.ticket_subject,
    clientId: row.client_id,
    clientName: row.client_name,
    contractId: row.contract_id,
    accountId: row.account_id,
    accountName: row.account_name,
    workTypeId: row.work_type_id,
    workTypeName: row.work_type_name,
    entryDate: row.entry_date,
    startedAt: isoOrNull(row.started_at),
    actualMinutes: row.actual_minutes,
    billedMinutes: row.billed_minutes,
    billable: row.billable === 1,
    rateMinor: row.rate_minor,
    currency: row.currency,
    amountMinor: row.amount_minor,
    rateSource: row.rate_source as TimeEntryResponse['rateSource'],
    note: row.note,
    status: row.status as TimeEntryResponse['status'],
    reversesId: row.reverses_id,
    reversedById: row.reversed_by_id,
    approvedAt: isoOrNull(row.approved_at),
    approvedByName: row.approved_by_name,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** An approved entry as the client reads it: when, who, both figures, the note; no money, no ids of people. */
export function presentPortalEntry(row: EntryRow): PortalTicketTime['items'][number] {
  return {
    id: row.id,
    entryDate: row.entry_date,
    who: row.account_name,
    actualMinutes: row.actual_minutes,
    billedMinutes: row.billed_minutes,
    note: row.note,
  };
}
