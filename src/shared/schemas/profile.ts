import { z } from 'zod';
import { email, password, personName } from './common.ts';
import { pageOf, pageQuery } from './pagination.ts';

/** The emails a person may choose to receive, as the modules that send them arrive. */
export const notificationPrefs = z
  .object({
    /** Replies and status changes on tickets they raised or follow. */
    ticketUpdates: z.boolean(),
    /** New invoices, reminders and receipts (for those allowed to see invoices). */
    invoices: z.boolean(),
    /** Announcements from the provider, such as planned maintenance. */
    announcements: z.boolean(),
  })
  .strict()
  .meta({ id: 'NotificationPrefs' });
export type NotificationPrefs = z.infer<typeof notificationPrefs>;

export const defaultNotificationPrefs: NotificationPrefs = {
  ticketUpdates: true,
  invoices: true,
  announcements: true,
};

const phone = z
  .string()
  .trim()
  .max(40, 'Use at most 40 characters')
  .regex(/^[0-9+()./\- x]*$/i, 'Use digits, spaces and + ( ) - . / only')
  .transform((v) => (v === '' ? null : v))
  .nullable();

export const profileResponse = z
  .object({
    kind: z.enum(['staff', 'contact']),
    name: z.string(),
    email: z.string(),
    /** An address waiting for its confirmation link to be opened, or null. */
    pendingEmail: z.string().nullable(),
    /** Contacts only (from their contact record); null for staff. */
    phone: z.string().nullable(),
    mobile: z.string().nullable(),
    mfaEnabled: z.boolean(),
    mfaRequired: z.boolean(),
    passwordChangedAt: z.string().nullable(),
    /** The organisation's minimum password length, for the change-password form. */
    passwordMinLength: z.number().int(),
    notifications: notificationPrefs,
    /** True in a staff preview of the portal: the page is shown, nothing can change. */
    preview: z.boolean(),
  })
  .meta({ id: 'Profile' });
export type Profile = z.infer<typeof profileResponse>;

/** `PATCH /api/v1/profile`: only the fields to change. Phones are for contacts. */
export const profilePatch = z
  .object({
    name: personName.optional(),
    phone: phone.optional(),
    mobile: phone.optional(),
  })
  .strict()
  .meta({ id: 'ProfilePatch' });
export type ProfilePatch = z.input<typeof profilePatch>;

/** `POST /api/v1/profile/email`: a link goes to the new address; the change applies when it is opened. */
export const emailChangeBody = z
  .object({ newEmail: email, currentPassword: password })
  .strict()
  .meta({ id: 'EmailChangeRequest' });
export type EmailChangeBody = z.input<typeof emailChangeBody>;

export const emailChangeResponse = z
  .object({ pendingEmail: z.string(), expiresAt: z.string() })
  .meta({ id: 'EmailChangePending' });

/** `POST /api/v1/profile/email/confirm`: the token from the link. */
export const emailConfirmBody = z
  .object({ token: z.string().min(20).max(100) })
  .strict()
  .meta({ id: 'EmailConfirmRequest' });

export const emailConfirmResponse = z.object({ email: z.string() }).meta({ id: 'EmailConfirmed' });

/** `POST /api/v1/profile/password`: the current password and a new one; other sessions end. */
export const passwordChangeBody = z
  .object({ currentPassword: password, newPassword: password })
  .strict()
  .meta({ id: 'PasswordChangeRequest' });
export type PasswordChangeBody = z.input<typeof passwordChangeBody>;

export const passwordChangeResponse = z
  .object({ ok: z.literal(true), otherSessionsEnded: z.number().int() })
  .meta({ id: 'PasswordChanged' });

export const sessionItem = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    ip: z.string(),
    browser: z.string(),
    /** The session this request came from. */
    current: z.boolean(),
  })
  .meta({ id: 'ProfileSession' });
export type SessionItem = z.infer<typeof sessionItem>;

export const sessionsResponse = z.object({ items: z.array(sessionItem) }).meta({ id: 'ProfileSessions' });

export const sessionParams = z
  .object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'Not a session id') })
  .strict();

export const revokeOthersResponse = z.object({ ended: z.number().int() }).meta({ id: 'SessionsEnded' });

export const signInOutcomes = ['success', 'failed', 'code_failed', 'locked'] as const;

export const signInItem = z
  .object({
    id: z.number().int(),
    at: z.string(),
    outcome: z.enum(signInOutcomes),
    ip: z.string().nullable(),
    browser: z.string(),
  })
  .meta({ id: 'SignInEvent' });
export type SignInItem = z.infer<typeof signInItem>;

export const signInHistoryQuery = z.object({ ...pageQuery }).strict();
export const signInHistoryResponse = pageOf(signInItem).meta({ id: 'SignInHistory' });
export type SignInHistory = z.infer<typeof signInHistoryResponse>;
