import { renderMarkdown } from '../../../shared/markdown.ts';
import type {
  ContractFile,
  ContractListItem,
  ContractResponse,
  ContractStatus,
  ContractType,
  PortalContract,
} from '../../../shared/schemas/contracts.ts';
import { parseStoredCalendar } from '../../../shared/schemas/sla.ts';
import { ticketPriorities } from '../../../shared/schemas/tickets.ts';
import { presentBilling } from './contracts.billing.ts';
import type { ContractListRow, ContractRow, PortalContractRow } from './contracts.repository.ts';

export interface FileOut {
  id: number;
  contract_id: number;
  filename: string;
  content_type: string;
  size_bytes: number;
  created_at: string;
}

/** A contract's document with the download route of the reader's face. */
export function presentFile(f: FileOut, face: 'staff' | 'portal'): ContractFile {
  const base = face === 'staff' ? '/api/v1/contracts' : '/api/v1/portal/contracts';
  return {
    id: f.id,
    filename: f.filename,
    contentType: f.content_type,
    sizeBytes: Number(f.size_bytes),
    url: `${base}/${f.contract_id}/files/${f.id}`,
    createdAt: f.created_at,
  };
}

export interface SiteOut {
  id: number;
  label: string;
  address: string;
}

/** Staff view of a contract: who is notified, its draft state and every date. */
export function presentContract(
  row: ContractRow,
  sites: SiteOut[],
  contacts: { id: number; name: string; email: string | null }[],
  files: FileOut[] = [],
): ContractResponse {
  return {
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    name: row.name,
    type: row.type as ContractType,
    scope: row.scope,
    scopeHtml: renderMarkdown(row.scope),
    slaPolicy:
      row.sla_policy_id !== null && row.policy_name !== null
        ? { id: row.sla_policy_id, name: row.policy_name }
        : null,
    slaCalendar:
      row.sla_calendar_id !== null && row.calendar_name !== null
        ? { id: row.sla_calendar_id, name: row.calendar_name }
        : null,
    allSites: row.all_sites === 1,
    sites: sites.map((s) => ({ id: s.id, label: s.label, address: s.address })),
    contacts: contacts.map((c) => ({ id: c.id, name: c.name, email: c.email })),
    files: files.map((f) => presentFile(f, 'staff')),
    startDate: row.start_date,
    endDate: row.end_date,
    renewalDate: row.renewal_date,
    autoRenew: row.auto_renew === 1,
    noticeDays: row.notice_days,
    status: row.status as ContractStatus,
    billing: presentBilling(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentContractListItem(row: ContractListRow): ContractListItem {
  return {
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    name: row.name,
    type: row.type as ContractType,
    status: row.status as ContractStatus,
    slaPolicyName: row.policy_name,
    startDate: row.start_date,
    endDate: row.end_date,
    renewalDate: row.renewal_date,
  };
}

function parseTargets(json: string): NonNullable<PortalContract['sla']>['targets'] {
  const stored = JSON.parse(json) as Record<string, { responseMinutes?: number; resolutionMinutes?: number }>;
  return Object.fromEntries(
    ticketPriorities.map((p) => [
      p,
      {
        responseMinutes: Number(stored[p]?.responseMinutes ?? 0),
        resolutionMinutes: Number(stored[p]?.resolutionMinutes ?? 0),
      },
    ]),
  ) as NonNullable<PortalContract['sla']>['targets'];
}

/**
 * A contract as a contact sees it: built from whitelisted fields only. The Markdown source, the contacts
 * to notify and the record's own timestamps stay with staff.
 */
export function presentPortalContract(
  row: PortalContractRow,
  sites: SiteOut[],
  files: FileOut[] = [],
): PortalContract {
  const coverage =
    row.calendar_name !== null && row.calendar_definition !== null
      ? { name: row.calendar_name, calendar: parseStoredCalendar(row.calendar_definition) }
      : row.policy_calendar_name !== null && row.policy_calendar_definition !== null
        ? { name: row.policy_calendar_name, calendar: parseStoredCalendar(row.policy_calendar_definition) }
        : null;
  return {
    id: row.id,
    name: row.name,
    type: row.type as ContractType,
    scopeHtml: renderMarkdown(row.scope),
    status: row.status as ContractStatus,
    sla:
      row.policy_name !== null && row.policy_targets !== null
        ? { name: row.policy_name, targets: parseTargets(row.policy_targets) }
        : null,
    coverage,
    allSites: row.all_sites === 1,
    sites: sites.map((s) => ({ id: s.id, label: s.label, address: s.address })),
    files: files.map((f) => presentFile(f, 'portal')),
    startDate: row.start_date,
    endDate: row.end_date,
    renewalDate: row.renewal_date,
    autoRenew: row.auto_renew === 1,
    noticeDays: row.notice_days,
  };
}
