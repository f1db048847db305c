import { z } from 'zod';
import { contactPermissions, contactPresets, contactSwitches } from '../permissions.ts';
import { optionalText } from './clients.ts';
import { email, id, personName } from './common.ts';
import { pageOf, pageQuery } from './pagination.ts';

const switchNames = Object.keys(contactSwitches) as (keyof typeof contactSwitches)[];

export const presetList = z
  .array(z.enum(contactPresets, { message: 'errors:validation.contactPreset' }))
  .max(contactPresets.length)
  .refine((list) => new Set(list).size === list.length, 'errors:validation.presetOnce')
  .meta({ id: 'ContactPresets' });

/**
 * Per-person switches on top of the presets: true grants, false withholds, null (or absent) leaves
 * the presets to decide. When sent, this is the complete set of switches.
 */
export const switchesInput = z
  .object(
    Object.fromEntries(switchNames.map((k) => [k, z.boolean().nullable().optional()])) as Record<
      keyof typeof contactSwitches,
      z.ZodOptional<z.ZodNullable<z.ZodBoolean>>
    >,
  )
  .strict()
  .transform((value) => {
    const out: Partial<Record<keyof typeof contactSwitches, boolean>> = {};
    for (const k of switchNames) {
      const v = value[k];
      if (typeof v === 'boolean') out[k] = v;
    }
    return out;
  });

export const switchesResponse = z
  .object(
    Object.fromEntries(switchNames.map((k) => [k, z.boolean().optional()])) as Record<
      keyof typeof contactSwitches,
      z.ZodOptional<z.ZodBoolean>
    >,
  )
  .meta({ id: 'ContactSwitches' });

const contactEmail = email.nullable();
const phone = optionalText(50);

/** The details of a person; the same for staff and for a colleague managing contacts. */
const detailFields = {
  name: personName,
  title: optionalText(120).optional(),
  department: optionalText(120).optional(),
  email: contactEmail.optional(),
  phone: phone.optional(),
  mobile: phone.optional(),
};

export const contactCreateBody = z
  .object({
    ...detailFields,
    presets: presetList.default([]),
    switches: switchesInput.default({}),
  })
  .strict()
  .meta({ id: 'ContactCreate' });
export type ContactCreateBody = z.input<typeof contactCreateBody>;

/** Send only what changes. Changing presets or switches is recorded as a permission change. */
export const contactPatchBody = z
  .object({
    ...detailFields,
    name: personName.optional(),
    presets: presetList.optional(),
    switches: switchesInput.optional(),
  })
  .strict()
  .meta({ id: 'ContactPatch' });
export type ContactPatchBody = z.input<typeof contactPatchBody>;

/** The same shapes for the portal's Colleagues: a contact never names the client or a status. */
export const colleagueCreateBody = contactCreateBody.meta({ id: 'ColleagueCreate' });
export type ColleagueCreateBody = z.input<typeof colleagueCreateBody>;
export const colleaguePatchBody = contactPatchBody.meta({ id: 'ColleaguePatch' });
export type ColleaguePatchBody = z.input<typeof colleaguePatchBody>;

export const contactParams = z.object({ clientId: id, contactId: id }).strict();
export const colleagueParams = z.object({ contactId: id }).strict();

export const contactStatuses = ['active', 'inactive'] as const;

export const contactLogin = z
  .object({
    email: z.string(),
    status: z.enum(['active', 'disabled']),
    lastLoginAt: z.string().nullable(),
    mfaEnabled: z.boolean(),
  })
  .meta({ id: 'ContactLogin' });

/** What staff and colleagues alike see of a contact; each face adds its own fields below. */
const contactCore = z.object({
  id,
  name: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  mobile: z.string().nullable(),
  presets: z.array(z.enum(contactPresets)),
  switches: switchesResponse,
  permissions: z.array(z.enum(contactPermissions)),
  status: z.enum(contactStatuses),
});

/** A contact as staff see it. */
export const contactResponse = contactCore
  .extend({
    clientId: id,
    /** The portal login, when the contact has one. */
    login: contactLogin.nullable(),
    /** Their language (emails and the portal); new contacts start with their client's; null: the organisation's. */
    language: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contact' });
export type ContactResponse = z.infer<typeof contactResponse>;

export const contactListQuery = z
  .object({
    q: z.string().trim().max(100, 'errors:validation.searchMax').optional(),
    status: z.enum(['active', 'inactive', 'all']).default('all'),
    /** with: only contacts who have a portal login; without: only those who have none. */
    login: z.enum(['with', 'without', 'any']).default('any'),
    sort: z.enum(['name', 'created']).default('name'),
    order: z.enum(['asc', 'desc']).default('asc'),
    ...pageQuery,
  })
  .strict();
export type ContactListQuery = z.input<typeof contactListQuery>;

export const contactListResponse = pageOf(contactResponse).meta({ id: 'ContactList' });
export type ContactListResponse = z.infer<typeof contactListResponse>;

/** A colleague as a contact sees them: no login details, nothing internal. */
export const colleagueResponse = contactCore
  .extend({
    hasLogin: z.boolean(),
    /** True for the signed-in contact's own record. */
    isYou: z.boolean(),
  })
  .meta({ id: 'Colleague' });
export type ColleagueResponse = z.infer<typeof colleagueResponse>;

export const colleagueListQuery = z
  .object({
    q: z.string().trim().max(100, 'errors:validation.searchMax').optional(),
    /** Inactive colleagues are listed only to contacts who manage contacts. */
    status: z.enum(['active', 'inactive', 'all']).default('active'),
    ...pageQuery,
  })
  .strict();
export type ColleagueListQuery = z.input<typeof colleagueListQuery>;

export const colleagueListResponse = pageOf(colleagueResponse).meta({ id: 'ColleagueList' });
export type ColleagueListResponse = z.infer<typeof colleagueListResponse>;

/** The columns an import reads; `preset` holds preset names joined by "+" or ";". */
export const importColumns = ['name', 'email', 'title', 'department', 'phone', 'mobile', 'preset'] as const;
/** Columns an export adds that an import accepts and ignores, so an export can be imported again. */
export const exportOnlyColumns = ['client', 'status', 'portal_login', 'last_sign_in'] as const;

export const contactImportQuery = z
  .object({
    dryRun: z
      .enum(['true', 'false'], { message: 'errors:validation.dryRun' })
      .default('false')
      .transform((v) => v === 'true'),
  })
  .strict();

export const contactImportBody = z
  .object({
    /** The CSV file's text, with a header row. */
    csv: z.string().min(1, 'errors:validation.fileEmpty').max(2_000_000, 'errors:validation.fileOver2Mb'),
  })
  .strict()
  .meta({ id: 'ContactImport' });
export type ContactImportBody = z.infer<typeof contactImportBody>;

export const importRow = z.object({
  line: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  phone: z.string().nullable(),
  mobile: z.string().nullable(),
  presets: z.array(z.enum(contactPresets)),
});
export type ImportRow = z.infer<typeof importRow>;

export const importProblem = z.object({
  /** The line in the file (the header is line 1). */
  line: z.number().int(),
  field: z.string().nullable(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblem>;

export const contactImportResponse = z
  .object({
    dryRun: z.boolean(),
    /** How many contacts were created (0 for a preview). */
    imported: z.number().int(),
    /** What the file would create (preview) or did create. */
    rows: z.array(importRow),
    /** Every problem, by line; a real import with any problem writes nothing. */
    errors: z.array(importProblem),
  })
  .meta({ id: 'ContactImportResult' });
export type ContactImportResponse = z.infer<typeof contactImportResponse>;
