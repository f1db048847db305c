import { z } from 'zod';
import { id, isoInstant } from './common.ts';
import { billingTerms, billingTermsResponse } from './hours.ts';
import { pageOf, pageQuery } from './pagination.ts';
import { businessCalendar } from './sla.ts';
import { type TicketPriority, ticketPriorities } from './tickets.ts';

/** What a client bought (issue 14). Stable names: clients and filters depend on them. */
export const contractTypes = [
  'managed-services',
  'block-hours',
  'maintenance',
  'project',
  'time-and-materials',
] as const;
export type ContractType = (typeof contractTypes)[number];

export const contractStatuses = ['draft', 'active', 'expired', 'cancelled'] as const;
export type ContractStatus = (typeof contractStatuses)[number];

/**
 * The status changes a contract may make. A draft starts or is dropped; an active contract runs out or is
 * cancelled; an expired one may be renewed (active again) or closed as cancelled; cancelled is final.
 */
export const contractTransitions: Record<ContractStatus, readonly ContractStatus[]> = {
  draft: ['active', 'cancelled'],
  active: ['expired', 'cancelled'],
  expired: ['active', 'cancelled'],
  cancelled: [],
};

/** A contract is created as a draft or straight away active. */
export const contractCreateStatuses = ['draft', 'active'] as const;

export const CONTRACT_SCOPE_MAX = 20_000;

/** Whether 'YYYY-MM-DD' is a real calendar date. */
function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A calendar date, 'YYYY-MM-DD' (no time, no zone: the contract's day, wherever it is read). */
export const calendarDate = z
  .string({ message: 'errors:validation.realDate' })
  .refine(isRealDate, { message: 'errors:validation.realDate' });

const contractName = z
  .string({ message: 'errors:validation.contractName' })
  .trim()
  .min(1, 'errors:validation.contractName')
  .max(200, 'errors:validation.maxChars');

const scope = z.string().max(CONTRACT_SCOPE_MAX, 'errors:validation.maxChars');

const noticeDays = z
  .number({ message: 'errors:validation.numberOfDays' })
  .int('errors:validation.numberOfDays')
  .min(0, 'errors:validation.zeroOrMoreDays')
  .max(3650, 'errors:validation.maxNoticeDays');

/** Ids listed once each: a repeat is dropped, order kept. */
const idList = z
  .array(id)
  .max(200, 'errors:validation.maxItems')
  .transform((list) => [...new Set(list)]);

export const contractCreateBody = z
  .object({
    clientId: id,
    name: contractName,
    type: z.enum(contractTypes, { message: 'errors:validation.contractType' }),
    scope: scope.default(''),
    /** null or left out: tickets under it use the default policy. */
    slaPolicyId: id.nullable().default(null),
    /** Coverage hours; null or left out: the SLA policy's own calendar. */
    slaCalendarId: id.nullable().default(null),
    /** true: every site of the client, now and later; false: the sites in `siteIds`. */
    allSites: z.boolean().default(true),
    siteIds: idList.default([]),
    startDate: calendarDate,
    endDate: calendarDate.nullable().default(null),
    renewalDate: calendarDate.nullable().default(null),
    autoRenew: z.boolean().default(false),
    noticeDays: noticeDays.nullable().default(null),
    /** The client's contacts told about the contract (renewals, changes). */
    contactIds: idList.default([]),
    status: z
      .enum(contractCreateStatuses, { message: 'errors:validation.contractCreateStatus' })
      .default('draft'),
    /** Rate, rounding and hour bank; left out: no rate, exact minutes, no bank. */
    billing: billingTerms.optional(),
  })
  .strict()
  .meta({ id: 'ContractCreate' });
export type ContractCreateBody = z.input<typeof contractCreateBody>;

/** Send only what changes; `siteIds` and `contactIds`, when sent, are the complete lists. */
export const contractPatchBody = z
  .object({
    name: contractName.optional(),
    type: z.enum(contractTypes, { message: 'errors:validation.contractType' }).optional(),
    scope: scope.optional(),
    slaPolicyId: id.nullable().optional(),
    slaCalendarId: id.nullable().optional(),
    allSites: z.boolean().optional(),
    siteIds: idList.optional(),
    startDate: calendarDate.optional(),
    endDate: calendarDate.nullable().optional(),
    renewalDate: calendarDate.nullable().optional(),
    autoRenew: z.boolean().optional(),
    noticeDays: noticeDays.nullable().optional(),
    contactIds: idList.optional(),
    status: z.enum(contractStatuses, { message: 'errors:validation.contractStatus' }).optional(),
    /** The complete billing terms when sent (the bank's shape is frozen once a period has closed). */
    billing: billingTerms.optional(),
  })
  .strict()
  .meta({ id: 'ContractPatch' });
export type ContractPatchBody = z.input<typeof contractPatchBody>;

export const contractParams = z.object({ contractId: id }).strict();

export const contractListQuery = z
  .object({
    clientId: id.optional(),
    status: z.enum(contractStatuses).optional(),
    ...pageQuery,
  })
  .strict();
export type ContractListQuery = z.input<typeof contractListQuery>;

const named = z.object({ id, name: z.string() });

/** A document attached to a contract (the signed contract, a schedule of services). */
export const contractFile = z
  .object({
    id,
    filename: z.string(),
    /** The type found in the content (never the name's or the sender's claim). */
    contentType: z.string(),
    sizeBytes: z.number().int(),
    /** The authorised download route for the reader's face (always a download, never shown inline). */
    url: z.string(),
    createdAt: isoInstant,
  })
  .meta({ id: 'ContractFile' });
export type ContractFile = z.infer<typeof contractFile>;

export const contractFileParams = z.object({ contractId: id, fileId: id }).strict();

/** A contract as staff see it. */
export const contractResponse = z
  .object({
    id,
    clientId: id,
    clientName: z.string(),
    name: z.string(),
    type: z.enum(contractTypes),
    /** Markdown, as typed. */
    scope: z.string(),
    /** The scope rendered to safe HTML (raw HTML escaped, links limited to http(s) and mailto). */
    scopeHtml: z.string(),
    slaPolicy: named.nullable(),
    slaCalendar: named.nullable(),
    allSites: z.boolean(),
    sites: z.array(z.object({ id, label: z.string(), address: z.string() })),
    contacts: z.array(z.object({ id, name: z.string(), email: z.string().nullable() })),
    /** Attached documents, oldest first. */
    files: z.array(contractFile),
    startDate: z.string(),
    endDate: z.string().nullable(),
    renewalDate: z.string().nullable(),
    autoRenew: z.boolean(),
    noticeDays: z.number().int().nullable(),
    status: z.enum(contractStatuses),
    billing: billingTermsResponse,
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'Contract' });
export type ContractResponse = z.infer<typeof contractResponse>;

export const contractListItem = z
  .object({
    id,
    clientId: id,
    clientName: z.string(),
    name: z.string(),
    type: z.enum(contractTypes),
    status: z.enum(contractStatuses),
    slaPolicyName: z.string().nullable(),
    startDate: z.string(),
    endDate: z.string().nullable(),
    renewalDate: z.string().nullable(),
  })
  .meta({ id: 'ContractListItem' });
export type ContractListItem = z.infer<typeof contractListItem>;

export const contractListResponse = pageOf(contractListItem).meta({ id: 'ContractList' });
export type ContractListResponse = z.infer<typeof contractListResponse>;

// ---------------------------------------------------------------------------------------------------
// The portal: what a contact with contracts:view sees (never a draft, never who else is notified).

const targets = z.object(
  Object.fromEntries(
    ticketPriorities.map((p) => [
      p,
      z.object({ responseMinutes: z.number().int(), resolutionMinutes: z.number().int() }),
    ]),
  ) as Record<TicketPriority, z.ZodObject<{ responseMinutes: z.ZodNumber; resolutionMinutes: z.ZodNumber }>>,
);

export const portalContract = z
  .object({
    id,
    name: z.string(),
    type: z.enum(contractTypes),
    scopeHtml: z.string(),
    status: z.enum(contractStatuses),
    /** The SLA commitments: the policy's targets per priority; null: the provider's default applies. */
    sla: z.object({ name: z.string(), targets }).nullable(),
    /** Coverage hours: the contract's calendar, else its policy's; null when neither is set. */
    coverage: z.object({ name: z.string(), calendar: businessCalendar }).nullable(),
    allSites: z.boolean(),
    sites: z.array(z.object({ id, label: z.string(), address: z.string() })),
    /** Attached documents, oldest first (downloads are recorded in the provider's audit log). */
    files: z.array(contractFile),
    startDate: z.string(),
    endDate: z.string().nullable(),
    renewalDate: z.string().nullable(),
    autoRenew: z.boolean(),
    noticeDays: z.number().int().nullable(),
  })
  .meta({ id: 'PortalContract' });
export type PortalContract = z.infer<typeof portalContract>;

export const portalContractList = z
  .object({
    items: z.array(portalContract),
    nextCursor: z.string().nullable(),
    /** Who to ask about a contract: the provider's name and support address (may be empty). */
    provider: z.object({ name: z.string(), supportEmail: z.string() }),
  })
  .meta({ id: 'PortalContractList' });
export type PortalContractList = z.infer<typeof portalContractList>;

export const portalContractListQuery = z
  .object({
    /** current: active contracts; past: expired and cancelled ones. */
    show: z.enum(['current', 'past']).default('current'),
    ...pageQuery,
  })
  .strict();
export type PortalContractListQuery = z.input<typeof portalContractListQuery>;
