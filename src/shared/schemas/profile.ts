import { z } from 'zod';
import { email, password, personName } from './common.ts';
import { pageOf, pageQuery } from './pagination.ts';

/**
 * The emails a person may choose to receive, as the modules that send them arrive. Contacts and staff
 * share one object; each profile page shows the keys that apply to its kind (see notificationKindsFor).
 */
export const notificationPrefs = z
  .object({
    /**
     * Staff: colleagues' replies and internal notes on tickets assigned to them or that they watch.
     * Contacts: the setting from before the four ticket kinds below; kept (a stored "off" turns those off
     * until they are chosen one by one) but no longer shown.
     */
    ticketUpdates: z.boolean(),
    /** Contacts: new invoices, reminders and receipts (for those allowed to see invoices). */
    invoices: z.boolean(),
    /** Contacts: announcements from the provider, such as planned maintenance. */
    announcements: z.boolean(),
    /** Contacts: a confirmation when a ticket they raised (or that was raised for them) is opened. */
    ticketCreated: z.boolean(),
    /** Contacts: public replies on tickets they raised or follow. */
    ticketReplies: z.boolean(),
    /** Contacts: status changes on tickets they raised or follow. */
    ticketStatus: z.boolean(),
    /** Contacts: a ticket they raised or follow is resolved. */
    ticketResolved: z.boolean(),
    /** Staff: a new ticket assigned to them, or (when nobody is assigned) any new ticket they may manage. */
    newTickets: z.boolean(),
    /** Staff: a client's reply on a ticket assigned to them or that they watch (or unassigned). */
    clientReplies: z.boolean(),
  })
  .strict()
  .meta({ id: 'NotificationPrefs' });
export type NotificationPrefs = z.infer<typeof notificationPrefs>;
export type NotificationKind = keyof NotificationPrefs;

export const defaultNotificationPrefs: NotificationPrefs = {
  ticketUpdates: true,
  invoices: true,
  announcements: true,
  ticketCreated: true,
  ticketReplies: true,
  ticketStatus: true,
  ticketResolved: true,
  newTickets: true,
  clientReplies: true,
};

/** The choices each profile page shows, in order. Keys not listed keep their stored value. */
export const notificationKindsFor: Record<'staff' | 'contact', readonly NotificationKind[]> = {
  contact: ['ticketCreated', 'ticketReplies', 'ticketStatus', 'ticketResolved', 'invoices', 'announcements'],
  staff: ['newTickets', 'clientReplies', 'ticketUpdates'],
};

const contactTicketKinds = ['ticketCreated', 'ticketReplies', 'ticketStatus', 'ticketResolved'] as const;

/**
 * Stored choices (JSON text from any earlier version, or nothing) completed with the defaults. Keys
 * gained since are filled in; a stored "ticketUpdates: off" from before the ticket kinds were split
 * keeps a contact's ticket emails off until they choose them one by one. Unknown or malformed
 * values fall back to the defaults.
 */
export function completeNotificationPrefs(stored: string | null | undefined): NotificationPrefs {
  let raw: unknown = null;
  try {
    raw = JSON.parse(stored ?? '{}');
  } catch {
    raw = null;
  }
  const given: Partial<NotificationPrefs> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const key of Object.keys(defaultNotificationPrefs) as NotificationKind[]) {
      const value = (raw as Record<string, unknown>)[key];
      if (typeof value === 'boolean') given[key] = value;
    }
  }
  const inherited: Partial<NotificationPrefs> = {};
  if (given.ticketUpdates === false) {
    for (const key of contactTicketKinds) if (given[key] === undefined) inherited[key] = false;
  }
  return { ...defaultNotificationPrefs, ...inherited, ...given };
}

/**
 * How the web app looks for the person: `system` follows the light or dark setting of the device they use
 * (the default); `light` and `dark` keep that scheme whatever the device says.
 */
export const colourSchemes = ['system', 'light', 'dark'] as const;
export type ColourScheme = (typeof colourSchemes)[number];

/** `GET` and `PUT /api/v1/profile/appearance`. */
export const appearance = z
  .object({
    colourScheme: z.enum(colourSchemes, { error: 'Choose system, light or dark' }),
  })
  .strict()
  .meta({ id: 'Appearance' });
export type Appearance = z.infer<typeof appearance>;

const phone = z
  .string()
  .trim()
  .max(40, 'errors:validation.maxChars')
  .regex(/^[0-9+()./\- x]*$/i, 'errors:validation.phone')
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
  .object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'errors:validation.sessionId') })
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
