import { z } from 'zod';
import { email, id, isoInstant, password, personName } from './common.ts';
import { pageOf, pageQuery } from './pagination.ts';

/**
 * Portal invitations: staff invite contacts (an emailed single-use link, a password they set, or a
 * generated one shown once), and shareable invite links per client that let anyone holding the link
 * create a Standard login for that client.
 */

/** A single-use token as it travels in a link: 256 bits, base64url. Anything else is not ours. */
export const linkToken = z
  .string()
  .trim()
  .min(20, 'errors:validation.linkIncomplete')
  .max(200, 'errors:validation.linkInvalid')
  .regex(/^[A-Za-z0-9_-]+$/, 'errors:validation.linkInvalid');

export const clientParams = z.object({ clientId: id }).strict();
export type ClientParams = z.infer<typeof clientParams>;

export const inviteMethods = ['email', 'password', 'generated'] as const;
export type InviteMethod = (typeof inviteMethods)[number];

/** `POST /api/v1/clients/{clientId}/invitations` */
export const inviteBody = z
  .object({
    contactIds: z
      .array(id)
      .min(1, 'errors:validation.someContact')
      .max(100, 'errors:validation.maxInvites')
      .refine((ids) => new Set(ids).size === ids.length, 'errors:validation.contactOnce'),
    method: z.enum(inviteMethods, {
      message: 'errors:validation.inviteMethod',
    }),
    /** Only with method 'password'; checked against the password policy by the server. */
    password: password.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.method === 'password' && !value.password) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'errors:validation.passwordToSet' });
    }
    if (value.method !== 'password' && value.password !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'errors:validation.passwordOnlyWithMethod',
      });
    }
  })
  .meta({ id: 'InviteRequest' });
export type InviteBody = z.input<typeof inviteBody>;

export const inviteResultStatuses = ['invited', 'created', 'skipped'] as const;

export const inviteResult = z.object({
  contactId: id,
  name: z.string(),
  status: z.enum(inviteResultStatuses),
  message: z.string().optional(),
  /** Only for method 'generated', only in this response: it is never stored or shown again. */
  generatedPassword: z.string().optional(),
});
export type InviteResult = z.infer<typeof inviteResult>;

export const inviteResponse = z.object({ results: z.array(inviteResult) }).meta({ id: 'InviteResponse' });
export type InviteResponse = z.infer<typeof inviteResponse>;

/** Body of the public token endpoints: tokens travel in bodies, never in paths or logged URLs. */
export const tokenBody = z.object({ token: linkToken }).strict();
export type TokenBody = z.infer<typeof tokenBody>;

/** Why a link no longer works, in a word the pages turn into a plain sentence. */
export const tokenStates = ['valid', 'expired', 'used', 'invalid'] as const;
export type TokenState = (typeof tokenStates)[number];

/** `POST /api/v1/invitations/describe`: what the invite page shows before the password is set. */
export const invitationDescription = z
  .object({
    status: z.enum(tokenStates),
    /** Only while the invitation is valid. */
    name: z.string().optional(),
    email: z.string().optional(),
    clientName: z.string().optional(),
  })
  .meta({ id: 'InvitationDescription' });
export type InvitationDescription = z.infer<typeof invitationDescription>;

/** `POST /api/v1/invitations/accept` */
export const acceptInvitationBody = z.object({ token: linkToken, password }).strict();
export type AcceptInvitationBody = z.infer<typeof acceptInvitationBody>;

/* Shareable invite links */

export const inviteLinkStatuses = ['active', 'expired', 'used-up', 'revoked'] as const;
export type InviteLinkStatus = (typeof inviteLinkStatuses)[number];

export const INVITE_LINK_DEFAULT_DAYS = 7;
export const INVITE_LINK_MAX_DAYS = 90;

/** `POST /api/v1/clients/{clientId}/invite-links` */
export const createInviteLinkBody = z
  .object({
    expiresInDays: z
      .number()
      .int('Use a whole number of days')
      .min(1, 'errors:validation.minOneDay')
      .max(INVITE_LINK_MAX_DAYS, 'errors:validation.maxInviteDays')
      .default(INVITE_LINK_DEFAULT_DAYS),
    /** Null or absent: any number of people may join until the link expires. */
    maxUses: z
      .number()
      .int('Use a whole number')
      .min(1, 'errors:validation.minOneUse')
      .max(10_000, 'errors:validation.maxUses')
      .nullable()
      .default(null),
  })
  .strict()
  .meta({ id: 'CreateInviteLinkRequest' });
export type CreateInviteLinkBody = z.input<typeof createInviteLinkBody>;

export const inviteLink = z
  .object({
    id,
    status: z.enum(inviteLinkStatuses),
    uses: z.number().int(),
    maxUses: z.number().int().nullable(),
    expiresAt: isoInstant,
    revokedAt: isoInstant.nullable(),
    createdAt: isoInstant,
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'InviteLink' });
export type InviteLink = z.infer<typeof inviteLink>;

/** The token and URL are in this answer only: the server keeps nothing but the token's hash. */
export const createdInviteLink = z
  .object({ link: inviteLink, url: z.string() })
  .meta({ id: 'CreatedInviteLink' });
export type CreatedInviteLink = z.infer<typeof createdInviteLink>;

export const inviteLinksQuery = z.object({ ...pageQuery }).strict();
export const inviteLinksPage = pageOf(inviteLink).meta({ id: 'InviteLinkPage' });
export type InviteLinksPage = z.infer<typeof inviteLinksPage>;

export const inviteLinkParams = z.object({ clientId: id, id }).strict();

/** `POST /api/v1/invite-links/describe`: what the join page shows. */
export const inviteLinkDescription = z
  .object({
    status: z.enum(inviteLinkStatuses).or(z.literal('invalid')),
    organisationName: z.string(),
    portalName: z.string(),
    /** Only while the link may be used. */
    clientName: z.string().optional(),
  })
  .meta({ id: 'InviteLinkDescription' });
export type InviteLinkDescription = z.infer<typeof inviteLinkDescription>;

/** `POST /api/v1/invite-links/join` */
export const joinBody = z
  .object({ token: linkToken, name: personName, email, password })
  .strict()
  .meta({ id: 'JoinRequest' });
export type JoinBody = z.input<typeof joinBody>;
