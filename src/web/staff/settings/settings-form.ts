import { type PortalFeature, portalFeatures } from '../../../shared/features.ts';
import {
  MAX_TRUSTED_SERVERS,
  type OrganisationSettings,
  organisationSettings,
  type SettingsPatch,
  type SettingsResponse,
  trustedServersIssue,
} from '../../../shared/schemas/settings.ts';

/** A translate function (react-i18next's `t`, or the shared `translatorFor` in tests). */
export type Translate = (key: `staffAdmin:${string}`, values?: Record<string, string | number>) => string;

export type SettingsValues = OrganisationSettings;
type ScalarKey = Exclude<keyof SettingsValues, 'features'>;

// A record rather than a list, so the compiler insists on every field of OrganisationSettings.
const scalarKeyRecord: Record<ScalarKey, true> = {
  name: true,
  portalName: true,
  loginTitle: true,
  emailSubjectPrefix: true,
  primaryColor: true,
  accentColor: true,
  timeZone: true,
  dateFormat: true,
  currency: true,
  language: true,
  passwordMinLength: true,
  lockoutThreshold: true,
  lockoutMinutes: true,
  requireStaffMfa: true,
  ticketAutoCloseDays: true,
  ticketReopenDays: true,
  attachmentMaxMb: true,
  portalShowTimeLogged: true,
  defaultHourlyRateMinor: true,
  invoiceRounding: true,
  supportEmail: true,
  inboundUnauthenticated: true,
  inboundTrustedServers: true,
  contractEndingAlertDays: true,
  bankAlertThresholds: true,
  alertStaffAccountIds: true,
};
const scalarKeys = Object.keys(scalarKeyRecord) as ScalarKey[];

/** The editable part of a settings response. */
export function settingsValuesFrom(response: SettingsResponse): SettingsValues {
  const values = Object.fromEntries(scalarKeys.map((key) => [key, response[key]])) as Omit<
    SettingsValues,
    'features'
  >;
  return {
    ...values,
    inboundTrustedServers: [...response.inboundTrustedServers],
    contractEndingAlertDays: [...response.contractEndingAlertDays],
    bankAlertThresholds: [...response.bankAlertThresholds],
    alertStaffAccountIds: [...response.alertStaffAccountIds],
    features: { ...response.features },
  };
}

/** Only what changed, so a save never overwrites a field someone else edited meanwhile. */
export function changedSettings(initial: SettingsValues, current: SettingsValues): SettingsPatch {
  const patch: SettingsPatch = {};
  const writable = patch as Record<ScalarKey, unknown>;
  for (const key of scalarKeys) {
    const [now, then] = [current[key], initial[key]];
    const same = Array.isArray(now) && Array.isArray(then) ? sameList(now, then) : now === then;
    if (!same) writable[key] = now;
  }
  const features: Partial<Record<PortalFeature, boolean>> = {};
  for (const feature of portalFeatures) {
    if (current.features[feature] !== initial.features[feature])
      features[feature] = current.features[feature];
  }
  if (Object.keys(features).length > 0) patch.features = features;
  return patch;
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function isEmptyPatch(patch: SettingsPatch): boolean {
  return Object.keys(patch).length === 0;
}

export { currencyOptions, type Option } from '../../ui/locale-options.ts';

export const MAX_LOGO_BYTES = 1024 * 1024;
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

/** Why a chosen file cannot be the logo, or null when it can. */
export function logoProblem(file: { type: string; size: number }, t: Translate): string | null {
  if (!(LOGO_TYPES as readonly string[]).includes(file.type)) return t('staffAdmin:settings.logo.wrongType');
  if (file.size > MAX_LOGO_BYTES) return t('staffAdmin:settings.logo.tooLarge');
  return null;
}

/** The security numbers' limits, as the server checks them; a message per field that is out of range. */
export const securityLimits = {
  passwordMinLength: { min: 8, max: 128 },
  lockoutThreshold: { min: 3, max: 100 },
  lockoutMinutes: { min: 1, max: 1440 },
} as const;

/** The support numbers' limits, as the server checks them. */
export const supportLimits = {
  ticketAutoCloseDays: { min: 0, max: 365 },
  ticketReopenDays: { min: 0, max: 365 },
  attachmentMaxMb: { min: 1, max: 100 },
} as const;

type LimitedKey = keyof typeof securityLimits | keyof typeof supportLimits;

/** "Enter a whole number of <unit> from <min> to <max>", one message per field for its unit. */
const rangeMessages: Record<LimitedKey, `staffAdmin:${string}`> = {
  passwordMinLength: 'staffAdmin:settings.range.characters',
  lockoutThreshold: 'staffAdmin:settings.range.attempts',
  lockoutMinutes: 'staffAdmin:settings.range.minutes',
  ticketAutoCloseDays: 'staffAdmin:settings.range.days',
  ticketReopenDays: 'staffAdmin:settings.range.days',
  attachmentMaxMb: 'staffAdmin:settings.range.megabytes',
};

function rangeProblems<K extends LimitedKey>(
  limits: Record<K, { min: number; max: number }>,
  values: Record<K, number>,
  t: Translate,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const key of Object.keys(limits) as K[]) {
    const { min, max } = limits[key];
    const value = values[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      problems[key] = t(rangeMessages[key], { min, max });
    }
  }
  return problems;
}

export function securityProblems(
  values: Pick<SettingsValues, keyof typeof securityLimits>,
  t: Translate,
): Record<string, string> {
  return rangeProblems<keyof typeof securityLimits>(securityLimits, values, t);
}

/** A message per support field that the server would refuse (numbers out of range, a malformed address). */
export function supportProblems(
  values: Pick<SettingsValues, keyof typeof supportLimits | 'supportEmail'>,
  t: Translate,
): Record<string, string> {
  const problems = rangeProblems<keyof typeof supportLimits>(supportLimits, values, t);
  const email = values.supportEmail.trim();
  if (email !== '' && !organisationSettings.shape.supportEmail.safeParse(email).success) {
    problems.supportEmail = t('staffAdmin:settings.problem.supportEmail');
  }
  return problems;
}

/** A message for the inbound email fields the server would refuse (the trusted servers' names). */
export function inboundProblems(
  values: Pick<SettingsValues, 'inboundTrustedServers'>,
  t: Translate,
): Record<string, string> {
  const issue = trustedServersIssue(values.inboundTrustedServers);
  if (!issue) return {};
  const message =
    issue.reason === 'tooMany'
      ? t('staffAdmin:settings.problem.tooManyServers', { max: MAX_TRUSTED_SERVERS })
      : issue.reason === 'notServerName'
        ? t('staffAdmin:settings.problem.notServerName', { name: issue.name })
        : t('staffAdmin:settings.problem.serverTwice', { name: issue.name });
  return { inboundTrustedServers: message };
}

/** The alert lists' limits, as the server checks them (src/shared/schemas/settings.ts). */
export const alertLimits = {
  contractEndingAlertDays: { min: 1, max: 365, least: 0, most: 10 },
  bankAlertThresholds: { min: 1, max: 100, least: 1, most: 10 },
} as const;
type AlertListKey = keyof typeof alertLimits;

/** The order each alert list is kept in: days furthest first, percentages lowest first. */
export function sortAlertList(key: AlertListKey, list: readonly number[]): number[] {
  return [...list].sort((a, b) => (key === 'contractEndingAlertDays' ? b - a : a - b));
}

/**
 * Typed entries of an alert list ("30", " 7 ") as numbers, or the first entry that is not a whole
 * number (kept out of the list, and named by the form).
 */
export function parseAlertEntries(entries: readonly string[]): { list: number[] } | { bad: string } {
  const list: number[] = [];
  for (const entry of entries) {
    const text = entry.trim();
    if (!/^\d{1,4}$/.test(text)) return { bad: text.slice(0, 20) };
    list.push(Number(text));
  }
  return { list };
}

const alertMessages: Record<AlertListKey, { range: Key; count: Key; twice: Key }> = {
  contractEndingAlertDays: {
    range: 'staffAdmin:settings.alerts.daysRange',
    count: 'staffAdmin:settings.alerts.daysCount',
    twice: 'staffAdmin:settings.alerts.daysTwice',
  },
  bankAlertThresholds: {
    range: 'staffAdmin:settings.alerts.percentRange',
    count: 'staffAdmin:settings.alerts.percentCount',
    twice: 'staffAdmin:settings.alerts.percentTwice',
  },
};
type Key = `staffAdmin:${string}`;

/** A message per alert list the server would refuse (out of range, too few or many, named twice). */
export function alertProblems(
  values: Pick<SettingsValues, AlertListKey>,
  t: Translate,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const key of Object.keys(alertLimits) as AlertListKey[]) {
    const { min, max, least, most } = alertLimits[key];
    const list = values[key];
    const words = alertMessages[key];
    const outside = list.find((n) => !Number.isInteger(n) || n < min || n > max);
    if (outside !== undefined) problems[key] = t(words.range, { value: outside, min, max });
    else if (list.length < least || list.length > most) problems[key] = t(words.count, { most });
    else if (new Set(list).size !== list.length) problems[key] = t(words.twice);
  }
  return problems;
}
