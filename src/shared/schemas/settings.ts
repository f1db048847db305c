import { z } from 'zod';
import { roundingModes } from '../billing/totals.ts';
import { portalFeatures } from '../features.ts';
import { languageList } from '../i18n/languages.ts';
import { currencyCode, dateFormatChoice, dateFormats, languageCode, timeZoneName } from './locale.ts';

/** The shortest minimum password length an organisation may set. */
export const PASSWORD_MIN_LENGTH_FLOOR = 8;

export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'errors:validation.colour');

export { dateFormats };
/** The languages to choose from (src/shared/i18n/languages.ts), as the settings form lists them. */
export const languages = languageList.map((l) => ({ value: l.code, label: l.label }));

/** What happens to an email whose sender is not authenticated (SPF, DKIM, DMARC); see the admin guide. */
export const unauthenticatedEmailRules = ['hold', 'accept-with-warning'] as const;
export type UnauthenticatedEmailRule = (typeof unauthenticatedEmailRules)[number];

/** The most trusted receiving servers one may name. */
export const MAX_TRUSTED_SERVERS = 10;
/** An authserv-id as servers write it: a host name such as mx.example.com (letters, digits, - and .). */
const authservIdPattern =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Why a list of trusted receiving servers is refused (for a form to word), or null when it is fine. */
export function trustedServersIssue(
  list: readonly string[],
): { reason: 'tooMany' } | { reason: 'notServerName' | 'twice'; name: string } | null {
  if (list.length > MAX_TRUSTED_SERVERS) return { reason: 'tooMany' };
  const bad = list.find((name) => !authservIdPattern.test(name));
  if (bad !== undefined) return { reason: 'notServerName', name: bad.slice(0, 60) };
  const seen = new Set<string>();
  for (const name of list) {
    const key = name.toLowerCase();
    if (seen.has(key)) return { reason: 'twice', name };
    seen.add(key);
  }
  return null;
}

/**
 * Why a list of trusted receiving servers is refused, as a catalogue key with its values (the server and
 * the web app put it in the reader's language), or null when it is fine.
 */
export function trustedServersProblem(
  list: readonly string[],
): { message: `errors:${string}`; params: Record<string, string | number> } | null {
  const issue = trustedServersIssue(list);
  if (!issue) return null;
  if (issue.reason === 'tooMany')
    return { message: 'errors:validation.trustedServersMax', params: { maximum: MAX_TRUSTED_SERVERS } };
  if (issue.reason === 'notServerName')
    return { message: 'errors:validation.notServerName', params: { name: issue.name } };
  return { message: 'errors:validation.serverNamedTwice', params: { name: issue.name } };
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
    name: z.string().trim().min(1, 'errors:validation.organisationName').max(120),
    // Empty: the catalogue's default name, in each reader's language.
    portalName: z.string().trim().max(120),
    loginTitle: z.string().trim().max(160),
    emailSubjectPrefix: z.string().trim().max(40),
    primaryColor: hexColor,
    accentColor: hexColor,
    timeZone: timeZoneName,
    dateFormat: dateFormatChoice,
    currency: currencyCode,
    language: languageCode,
    features: featureToggles,
    /** Shortest password anyone may choose, in characters (Unicode code points). */
    passwordMinLength: z
      .number({ message: 'errors:validation.numberOfCharacters' })
      .int('Use a whole number')
      .min(PASSWORD_MIN_LENGTH_FLOOR, 'errors:validation.minChars')
      .max(128, 'errors:validation.maxChars'),
    /**
     * Wrong passwords or codes in a row, on one login from one network address, before that address
     * waits (1 second, doubling with each further failure). Other addresses are not held back.
     */
    lockoutThreshold: z
      .number({ message: 'errors:validation.numberOfAttempts' })
      .int('Use a whole number')
      .min(3, 'errors:validation.minAttempts')
      .max(100, 'errors:validation.maxAttempts'),
    /** The longest such a wait grows to; it always ends by itself. */
    lockoutMinutes: z
      .number({ message: 'errors:validation.numberOfMinutes' })
      .int('Use a whole number')
      .min(1, 'errors:validation.minOneMinute')
      .max(1440, 'errors:validation.maxMinutesDay'),
    /** Every staff user must use two-factor authentication. */
    requireStaffMfa: z.boolean(),
    /** Resolved tickets close themselves after this many days; 0 keeps them resolved. */
    ticketAutoCloseDays: z
      .number({ message: 'errors:validation.numberOfDays' })
      .int('Use a whole number')
      .min(0, 'errors:validation.zeroOrMoreDays')
      .max(365, 'errors:validation.maxDaysYear'),
    /** A contact may ask to reopen a closed ticket for this many days after it closed; 0: never. */
    ticketReopenDays: z
      .number({ message: 'errors:validation.numberOfDays' })
      .int('Use a whole number')
      .min(0, 'errors:validation.zeroOrMoreDays')
      .max(365, 'errors:validation.maxDaysYear'),
    /** Largest attachment accepted, per file. */
    attachmentMaxMb: z
      .number({ message: 'errors:validation.sizeMb' })
      .int('Use a whole number')
      .min(1, 'errors:validation.minMb')
      .max(100, 'errors:validation.maxMb'),
    /** Contacts see the time logged on their tickets. */
    portalShowTimeLogged: z.boolean(),
    /**
     * The organisation's default hourly rate, in minor units of `currency` (the last link of the rate
     * chain: contract, then work type, then this); null: none.
     */
    defaultHourlyRateMinor: z
      .number({ message: 'errors:validation.rateMinor' })
      .int('errors:validation.rateMinor')
      .min(0, 'errors:validation.rateMinor')
      .max(100_000_000, 'errors:validation.rateMinor')
      .nullable(),
    /**
     * How invoice totals are rounded (src/shared/billing, docs/billing.md): each line on its own, or the
     * document's exact sums once. Frozen on each invoice when it is issued.
     */
    invoiceRounding: z.enum(roundingModes, { message: 'errors:validation.invoiceRounding' }),
    /** The address clients write to for support (shown in the portal and used for inbound mail); may be empty. */
    supportEmail: z.union([z.literal(''), z.email({ message: 'errors:validation.emailOrEmpty' })]),
    /** Email whose sender is not authenticated: held for review, or accepted with a warning to staff. */
    inboundUnauthenticated: z.enum(unauthenticatedEmailRules, {
      message: 'errors:validation.holdOrAccept',
    }),
    /**
     * Receiving servers (authserv-ids) whose Authentication-Results header is trusted for email collected
     * over IMAP; empty: Portico checks DKIM and DMARC itself.
     */
    inboundTrustedServers: z
      .array(z.string({ message: 'errors:validation.serverNames' }).trim().max(253))
      .superRefine((list, ctx) => {
        const problem = trustedServersProblem(list);
        if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: problem.params });
      }),
    /**
     * Days before a contract's end date on which its contacts and the alert staff hear of it (stored
     * furthest first); empty: no contract ending alerts.
     */
    contractEndingAlertDays: z
      .array(
        z
          .number({ message: 'errors:validation.numberOfDays' })
          .int('errors:validation.wholeDays')
          .min(1, 'errors:validation.minOneDay')
          .max(365, 'errors:validation.maxDaysYear'),
      )
      .max(10, 'errors:validation.alertDaysCount')
      .refine((days) => new Set(days).size === days.length, 'errors:validation.alertDaysUnique'),
    /**
     * Percentages of a period's hours at which an hour bank alerts (stored lowest first). Each fires once
     * per contract, percentage and period: the key names the percentage, so a changed list never
     * repeats an alert already sent for a percentage it keeps.
     */
    bankAlertThresholds: z
      .array(
        z
          .number({ message: 'errors:validation.alertPercent' })
          .int('errors:validation.alertPercent')
          .min(1, 'errors:validation.alertPercent')
          .max(100, 'errors:validation.alertPercent'),
      )
      .min(1, 'errors:validation.alertThresholdsCount')
      .max(10, 'errors:validation.alertThresholdsCount')
      .refine((list) => new Set(list).size === list.length, 'errors:validation.alertThresholdsUnique'),
    /** Staff members who get every alert (contract ending, hour banks) by email and notice. */
    alertStaffAccountIds: z.array(z.number().int().positive()).max(50, 'errors:validation.alertStaffCount'),
  })
  .strict()
  .meta({ id: 'OrganisationSettings' });
export type OrganisationSettings = z.infer<typeof organisationSettings>;

export const settingsResponse = organisationSettings
  .extend({ logoUrl: z.string().nullable(), updatedAt: z.string() })
  .meta({ id: 'SettingsResponse' });
export type SettingsResponse = z.infer<typeof settingsResponse>;

/** Who can be chosen to get every alert: the active staff (the settings page's alert recipients). */
export const alertStaffOption = z
  .object({ accountId: z.number().int().positive(), name: z.string(), email: z.string() })
  .meta({ id: 'AlertStaffOption' });
export const alertStaffOptionList = z
  .object({ items: z.array(alertStaffOption) })
  .meta({ id: 'AlertStaffOptionList' });
export type AlertStaffOptionList = z.infer<typeof alertStaffOptionList>;

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
