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

export const staffMe = z.object({
  kind: z.literal('staff'),
  id,
  name: z.string(),
  email: z.string(),
  role: z.enum(staffRoles),
  permissions: z.array(z.enum(staffPermissions)),
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
  csrfToken: z.string(),
});

export const meResponse = z.discriminatedUnion('kind', [staffMe, contactMe]).meta({ id: 'Me' });
export type Me = z.infer<typeof meResponse>;
export type StaffMe = z.infer<typeof staffMe>;
export type ContactMe = z.infer<typeof contactMe>;

export const csrfResponse = z.object({ csrfToken: z.string() }).meta({ id: 'CsrfToken' });
