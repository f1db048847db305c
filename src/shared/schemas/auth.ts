import { z } from 'zod';
import { portalFeatures } from '../features.ts';
import { contactPermissions, contactPresets, staffPermissions, staffRoles } from '../permissions.ts';
import { email, id, password } from './common.ts';

export const loginBody = z
  .object({
    email,
    password,
    remember: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'LoginRequest' });
export type LoginBody = z.input<typeof loginBody>;

/** What a signed-in person must do before anything else works (see the auth hooks). */
const accountState = {
  /** Two-factor authentication is on for this account. */
  mfaEnabled: z.boolean(),
  /** A password staff set or generated: choose a new one first (only /me, sign-out and the password change work). */
  mustChangePassword: z.boolean(),
  /** Two-factor authentication is required (by the organisation or the client) and not set up yet: set it up first. */
  mfaEnrollmentRequired: z.boolean(),
};

export const staffMe = z.object({
  kind: z.literal('staff'),
  id,
  name: z.string(),
  email: z.string(),
  role: z.enum(staffRoles),
  permissions: z.array(z.enum(staffPermissions)),
  ...accountState,
  csrfToken: z.string(),
});

export const contactMe = z.object({
  kind: z.literal('contact'),
  id,
  contactId: id,
  name: z.string(),
  email: z.string(),
  client: z.object({ id, name: z.string() }),
  presets: z.array(z.enum(contactPresets)),
  permissions: z.array(z.enum(contactPermissions)),
  features: z.array(z.enum(portalFeatures)),
  /** The staff user previewing the portal as this contact, read-only; null for the contact themself. */
  previewBy: z.string().nullable(),
  ...accountState,
  csrfToken: z.string(),
});

export const meResponse = z.discriminatedUnion('kind', [staffMe, contactMe]).meta({ id: 'Me' });
export type Me = z.infer<typeof meResponse>;
export type StaffMe = z.infer<typeof staffMe>;
export type ContactMe = z.infer<typeof contactMe>;

export const csrfResponse = z.object({ csrfToken: z.string() }).meta({ id: 'CsrfToken' });

/** The password was right and the account uses two-factor authentication: send a code next. */
export const mfaChallengeResponse = z
  .object({
    mfaRequired: z.literal(true),
    /** Send it back with the code to `POST /api/v1/auth/login/mfa`; it works for 10 minutes and 5 wrong codes. */
    challengeToken: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'MfaChallenge' });
export type MfaChallenge = z.infer<typeof mfaChallengeResponse>;

/** A session (the person, as /me answers), or a challenge for the second factor. */
export const loginResponse = z.union([meResponse, mfaChallengeResponse]).meta({ id: 'LoginResponse' });
export type LoginResponse = z.infer<typeof loginResponse>;

export const mfaLoginBody = z
  .object({
    challengeToken: z.string().min(20).max(100),
    /** A 6-digit code from the authenticator app, or one of the backup codes. */
    code: z.string().trim().min(1, 'errors:validation.code').max(40, 'errors:validation.notACode'),
  })
  .strict()
  .meta({ id: 'MfaLoginRequest' });
export type MfaLoginBody = z.input<typeof mfaLoginBody>;
