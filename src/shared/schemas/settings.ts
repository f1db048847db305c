import { z } from 'zod';
import { portalFeatures } from '../features.ts';

/** The shortest minimum password length an organisation may set. */
export const PASSWORD_MIN_LENGTH_FLOOR = 8;

export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour in the form #1c7ed6');

export const dateFormats = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'D MMM YYYY'] as const;
export const languages = [
  { value: 'en', label: 'English' },
  { value: 'en-GB', label: 'English (United Kingdom)' },
  { value: 'de', label: 'Deutsch' },
  { value: 'fr', label: 'Français' },
  { value: 'es', label: 'Español' },
  { value: 'nl', label: 'Nederlands' },
] as const;
const languageValues = languages.map((l) => l.value) as [string, ...string[]];

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isCurrency(value: string): boolean {
  return Intl.supportedValuesOf('currency').includes(value);
}

export const featureToggles = z
  .object(
    Object.fromEntries(portalFeatures.map((f) => [f, z.boolean()])) as Record<
      (typeof portalFeatures)[number],
      z.ZodBoolean
    >,
  )
  .strict();

export const organisationSettings = z
  .object({
    name: z.string().trim().min(1, 'Enter the organisation name').max(120),
    portalName: z.string().trim().min(1, 'Enter the portal name').max(120),
    loginTitle: z.string().trim().max(160),
    emailSubjectPrefix: z.string().trim().max(40),
    primaryColor: hexColor,
    accentColor: hexColor,
    timeZone: z.string().refine(isTimeZone, 'Choose a time zone from the list (for example Europe/London)'),
    dateFormat: z.enum(dateFormats),
    currency: z.string().refine(isCurrency, 'Use a three-letter ISO 4217 currency code such as EUR'),
    language: z.enum(languageValues),
    features: featureToggles,
    /** Shortest password anyone may choose, in characters (Unicode code points). */
    passwordMinLength: z
      .number({ message: 'Enter a number of characters' })
      .int('Use a whole number')
      .min(PASSWORD_MIN_LENGTH_FLOOR, `Use at least ${PASSWORD_MIN_LENGTH_FLOOR} characters`)
      .max(128, 'Use at most 128 characters'),
    /**
     * Wrong passwords or codes in a row, on one login from one network address, before that address
     * waits (1 second, doubling with each further failure). Other addresses are not held back.
     */
    lockoutThreshold: z
      .number({ message: 'Enter a number of attempts' })
      .int('Use a whole number')
      .min(3, 'Allow at least 3 attempts')
      .max(100, 'Use at most 100 attempts'),
    /** The longest such a wait grows to; it always ends by itself. */
    lockoutMinutes: z
      .number({ message: 'Enter a number of minutes' })
      .int('Use a whole number')
      .min(1, 'Use at least 1 minute')
      .max(1440, 'Use at most 1440 minutes (a day)'),
    /** Every staff user must use two-factor authentication. */
    requireStaffMfa: z.boolean(),
    /** Resolved tickets close themselves after this many days; 0 keeps them resolved. */
    ticketAutoCloseDays: z
      .number({ message: 'Enter a number of days' })
      .int('Use a whole number')
      .min(0, 'Use 0 (never) or more days')
      .max(365, 'Use at most 365 days'),
    /** A contact may ask to reopen a closed ticket for this many days after it closed; 0: never. */
    ticketReopenDays: z
      .number({ message: 'Enter a number of days' })
      .int('Use a whole number')
      .min(0, 'Use 0 (never) or more days')
      .max(365, 'Use at most 365 days'),
    /** Largest attachment accepted, per file. */
    attachmentMaxMb: z
      .number({ message: 'Enter a size in MB' })
      .int('Use a whole number')
      .min(1, 'Allow at least 1 MB')
      .max(100, 'Use at most 100 MB'),
    /** Contacts see the time logged on their tickets. */
    portalShowTimeLogged: z.boolean(),
    /** The address clients write to for support (shown in the portal and used for inbound mail); may be empty. */
    supportEmail: z.union([
      z.literal(''),
      z.email({ message: 'Enter a valid email address, or leave it empty' }),
    ]),
  })
  .strict()
  .meta({ id: 'OrganisationSettings' });
export type OrganisationSettings = z.infer<typeof organisationSettings>;

export const settingsResponse = organisationSettings
  .extend({ logoUrl: z.string().nullable(), updatedAt: z.string() })
  .meta({ id: 'SettingsResponse' });
export type SettingsResponse = z.infer<typeof settingsResponse>;

export const settingsPatch = organisationSettings
  .omit({ features: true })
  .partial()
  .extend({ features: featureToggles.partial().optional() })
  .strict()
  .meta({ id: 'SettingsPatch' });
export type SettingsPatch = z.infer<typeof settingsPatch>;

/** What any visitor may know: enough to paint the sign-in page in the provider's colours. */
export const brandingResponse = z
  .object({
    setupRequired: z.boolean(),
    organisationName: z.string(),
    portalName: z.string(),
    loginTitle: z.string(),
    primaryColor: hexColor,
    accentColor: hexColor,
    logoUrl: z.string().nullable(),
    timeZone: z.string(),
    dateFormat: z.enum(dateFormats),
    currency: z.string(),
    language: z.string(),
  })
  .meta({ id: 'Branding' });
export type Branding = z.infer<typeof brandingResponse>;
