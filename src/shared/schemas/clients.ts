import { z } from 'zod';
import { cidrProblemMessage, normaliseCidr } from '../cidr.ts';
import { id } from './common.ts';
import { currencyCode, languageCode, timeZoneName } from './locale.ts';
import { pageOf, pageQuery } from './pagination.ts';

/** Optional free text: trimmed, and an empty string means "none" (null). */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'errors:validation.maxChars')
    .nullable()
    .transform((v) => (v ? v : null));

export const clientName = z
  .string()
  .trim()
  .min(1, 'errors:validation.clientName')
  .max(200, 'errors:validation.maxChars');

/** A web address; "example.com" is read as https://example.com. Only http and https are accepted. */
export const website = z
  .string()
  .trim()
  .max(300, 'errors:validation.maxChars')
  .nullable()
  .transform((v, ctx) => {
    if (!v) return null;
    const candidate = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`;
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'errors:validation.webAddress' });
      return z.NEVER;
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname.includes('.')) {
      ctx.addIssue({ code: 'custom', message: 'errors:validation.webAddress' });
      return z.NEVER;
    }
    return candidate;
  });

/** The allowlist as typed; each entry is checked and stored in canonical CIDR form, without repeats. */
export const ipAllowlist = z
  .array(z.string().max(100, 'errors:validation.addressRangeLength'))
  .max(100, 'errors:validation.maxAddressRanges')
  .transform((entries, ctx) => {
    const out: string[] = [];
    entries.forEach((entry, index) => {
      const r = normaliseCidr(entry);
      if (!r.ok) {
        const problem = cidrProblemMessage(r);
        ctx.addIssue({ code: 'custom', message: problem.key, params: problem.params ?? {}, path: [index] });
      } else if (!out.includes(r.cidr)) out.push(r.cidr);
    });
    return out;
  });

export const siteInput = z
  .object({
    /** Present for a site that exists (edit it); absent for a new one. */
    id: id.optional(),
    label: z.string().trim().min(1, 'errors:validation.siteLabel').max(100),
    address: z.string().trim().min(1, 'errors:validation.address').max(1000, 'errors:validation.maxChars'),
  })
  .strict();

const sites = z.array(siteInput).max(50, 'errors:validation.maxSites');

const clientFields = {
  name: clientName,
  phone: optionalText(50),
  website,
  /** Internal: staff only, never sent to a contact. */
  notes: optionalText(10_000),
  portalEnabled: z.boolean(),
  requireMfa: z.boolean(),
  ipAllowlist,
};

export const clientCreateBody = z
  .object({
    name: clientName,
    phone: clientFields.phone.optional(),
    website: website.optional(),
    notes: clientFields.notes.optional(),
    portalEnabled: z.boolean().default(true),
    requireMfa: z.boolean().default(false),
    ipAllowlist: ipAllowlist.default([]),
    /** The contacts' language (new contacts start with it); null or left out: the organisation's. */
    language: languageCode.nullable().optional(),
    /** IANA time zone; null or left out: the organisation's. */
    timeZone: timeZoneName.nullable().optional(),
    /** ISO 4217; left out: the organisation's currency. */
    currency: currencyCode.optional(),
    sites: z
      .array(siteInput.omit({ id: true }).strict())
      .max(50, 'errors:validation.maxSites')
      .default([]),
  })
  .strict()
  .meta({ id: 'ClientCreate' });
export type ClientCreateBody = z.input<typeof clientCreateBody>;

/**
 * Send only what changes. `sites`, when sent, is the complete list: sites with an id are kept and
 * edited, sites without one are added, and sites left out are removed.
 */
export const clientPatchBody = z
  .object({
    name: clientFields.name.optional(),
    phone: clientFields.phone.optional(),
    website: clientFields.website.optional(),
    notes: clientFields.notes.optional(),
    portalEnabled: clientFields.portalEnabled.optional(),
    requireMfa: clientFields.requireMfa.optional(),
    ipAllowlist: clientFields.ipAllowlist.optional(),
    language: languageCode.nullable().optional(),
    timeZone: timeZoneName.nullable().optional(),
    currency: currencyCode.optional(),
    sites: sites.optional(),
  })
  .strict()
  .meta({ id: 'ClientPatch' });
export type ClientPatchBody = z.input<typeof clientPatchBody>;

export const clientParams = z.object({ clientId: id }).strict();

export const clientSite = z.object({ id, label: z.string(), address: z.string() }).meta({ id: 'ClientSite' });
export type ClientSite = z.infer<typeof clientSite>;

/** A client as staff see it (never sent to contacts: it carries internal notes). */
export const clientResponse = z
  .object({
    id,
    name: z.string(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    notes: z.string().nullable(),
    portalEnabled: z.boolean(),
    requireMfa: z.boolean(),
    ipAllowlist: z.array(z.string()),
    sites: z.array(clientSite),
    /** null: the organisation's. */
    language: z.string().nullable(),
    timeZone: z.string().nullable(),
    currency: z.string(),
    contactCount: z.number().int(),
    portalUserCount: z.number().int(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Client' });
export type ClientResponse = z.infer<typeof clientResponse>;

export const clientSorts = ['name', 'created'] as const;
export const clientStatuses = ['active', 'archived', 'all'] as const;

export const clientListQuery = z
  .object({
    q: z.string().trim().max(100, 'errors:validation.searchMax').optional(),
    sort: z.enum(clientSorts).default('name'),
    order: z.enum(['asc', 'desc']).default('asc'),
    /** active: not archived (the default); archived: only archived; all: both. */
    status: z.enum(clientStatuses).default('active'),
    ...pageQuery,
  })
  .strict();
export type ClientListQuery = z.input<typeof clientListQuery>;

export const clientListItem = z
  .object({
    id,
    name: z.string(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    portalEnabled: z.boolean(),
    contactCount: z.number().int(),
    portalUserCount: z.number().int(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ClientListItem' });
export type ClientListItem = z.infer<typeof clientListItem>;

export const clientListResponse = pageOf(clientListItem).meta({ id: 'ClientList' });
export type ClientListResponse = z.infer<typeof clientListResponse>;
