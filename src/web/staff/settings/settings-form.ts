import { type PortalFeature, portalFeatures } from '../../../shared/features.ts';
import {
  type OrganisationSettings,
  organisationSettings,
  type SettingsPatch,
  type SettingsResponse,
  trustedServersProblem,
} from '../../../shared/schemas/settings.ts';

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
  supportEmail: true,
  inboundUnauthenticated: true,
  inboundTrustedServers: true,
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
export function logoProblem(file: { type: string; size: number }): string | null {
  if (!(LOGO_TYPES as readonly string[]).includes(file.type)) return 'Choose a PNG, JPEG or WebP image.';
  if (file.size > MAX_LOGO_BYTES) return 'The logo must be 1 MB or smaller.';
  return null;
}

/** The security numbers' limits, as the server checks them; a message per field that is out of range. */
export const securityLimits = {
  passwordMinLength: { min: 8, max: 128, unit: 'characters' },
  lockoutThreshold: { min: 3, max: 100, unit: 'attempts' },
  lockoutMinutes: { min: 1, max: 1440, unit: 'minutes' },
} as const;

export function securityProblems(
  values: Pick<SettingsValues, keyof typeof securityLimits>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [key, limit] of Object.entries(securityLimits) as [
    keyof typeof securityLimits,
    (typeof securityLimits)[keyof typeof securityLimits],
  ][]) {
    const value = values[key];
    if (!Number.isInteger(value) || value < limit.min || value > limit.max) {
      problems[key] = `Enter a whole number of ${limit.unit} from ${limit.min} to ${limit.max}`;
    }
  }
  return problems;
}

/** The support numbers' limits, as the server checks them. */
export const supportLimits = {
  ticketAutoCloseDays: { min: 0, max: 365, unit: 'days' },
  ticketReopenDays: { min: 0, max: 365, unit: 'days' },
  attachmentMaxMb: { min: 1, max: 100, unit: 'MB' },
} as const;

/** A message per support field that the server would refuse (numbers out of range, a malformed address). */
export function supportProblems(
  values: Pick<SettingsValues, keyof typeof supportLimits | 'supportEmail'>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [key, limit] of Object.entries(supportLimits) as [
    keyof typeof supportLimits,
    (typeof supportLimits)[keyof typeof supportLimits],
  ][]) {
    const value = values[key];
    if (!Number.isInteger(value) || value < limit.min || value > limit.max) {
      problems[key] = `Enter a whole number of ${limit.unit} from ${limit.min} to ${limit.max}`;
    }
  }
  const email = values.supportEmail.trim();
  if (email !== '' && !organisationSettings.shape.supportEmail.safeParse(email).success) {
    problems.supportEmail = 'Enter a valid email address, or leave it empty';
  }
  return problems;
}

/** A message for the inbound email fields the server would refuse (the trusted servers' names). */
export function inboundProblems(
  values: Pick<SettingsValues, 'inboundTrustedServers'>,
): Record<string, string> {
  const problem = trustedServersProblem(values.inboundTrustedServers);
  return problem ? { inboundTrustedServers: problem } : {};
}
