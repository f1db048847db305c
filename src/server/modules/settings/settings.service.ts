import { type PortalFeature, portalFeatures } from '../../../shared/features.ts';
import { DEFAULT_CONTRACT_ENDING_DAYS, DEFAULT_THRESHOLDS } from '../../../shared/hours/thresholds.ts';
import { type Message, message } from '../../../shared/i18n/i18n.ts';
import { PASSWORD_MIN_LENGTH } from '../../../shared/schemas/common.ts';
import {
  type AlertStaffOptionList,
  type Branding,
  type OrganisationSettings,
  organisationSettings,
  type SettingsPatch,
  type SettingsResponse,
} from '../../../shared/schemas/settings.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Clock, StaffActor } from '../../platform/actor.ts';
import type { Audit } from '../../platform/audit.ts';
import type { Database, DbOrTrx } from '../../platform/db/db.ts';
import type { OrganisationTable } from '../../platform/db/schema.ts';
import { errors } from '../../platform/errors.ts';
import type { Storage } from '../../platform/storage.ts';
import { settingsRepository } from './settings.repository.ts';

/** Who may change the organisation's settings (see requireAccess): staff whose role has settings:edit. */
export const settingsPolicies = {
  edit: {
    what: message('errors:notFound.organisation'),
    staff: { permission: 'settings:edit', denied: message('errors:denied.settingsOwnersOnly') },
  },
} as const satisfies Record<string, AccessPolicy>;

export function defaultSettings(name: string): OrganisationSettings {
  return {
    name,
    // Empty: the portal's name is the catalogue's "{name} client portal", in each reader's language.
    portalName: '',
    // Empty: the sign-in page shows its own title in the visitor's language.
    loginTitle: '',
    emailSubjectPrefix: `[${name}]`,
    primaryColor: '#1c64d4',
    accentColor: '#0f9d76',
    timeZone: 'UTC',
    dateFormat: 'D MMM YYYY',
    currency: 'EUR',
    language: 'en',
    features: Object.fromEntries(portalFeatures.map((f) => [f, true])) as Record<PortalFeature, boolean>,
    passwordMinLength: PASSWORD_MIN_LENGTH,
    lockoutThreshold: 10,
    lockoutMinutes: 15,
    requireStaffMfa: false,
    ticketAutoCloseDays: 7,
    ticketReopenDays: 14,
    attachmentMaxMb: 20,
    portalShowTimeLogged: false,
    defaultHourlyRateMinor: null,
    invoiceRounding: 'document',
    supportEmail: '',
    inboundUnauthenticated: 'hold',
    inboundTrustedServers: [],
    contractEndingAlertDays: [...DEFAULT_CONTRACT_ENDING_DAYS],
    bankAlertThresholds: [...DEFAULT_THRESHOLDS],
    alertStaffAccountIds: [],
  };
}

/** The organisation's sign-in rules, as the auth module reads them. */
export interface SecurityPolicy {
  passwordMinLength: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  requireStaffMfa: boolean;
}

/**
 * The sign-in title earlier versions stored by default. It was English whatever the visitor's language;
 * read as unset, so the page shows its own translated title (a title an admin typed is kept).
 */
const FORMER_DEFAULT_LOGIN_TITLE = 'Sign in to your account';

/**
 * The portal name earlier versions stored by default ("Acme client portal", English whatever the reader's
 * language); read as unset, so every reader sees the catalogue's name in their own language.
 */
function isFormerDefaultPortalName(stored: Partial<OrganisationSettings>): boolean {
  return stored.name !== undefined && stored.portalName === `${stored.name} client portal`;
}

/**
 * The portal's name for a text put in the reader's language later (an email): the one an admin typed, or
 * the catalogue's default naming the organisation.
 */
export function portalNameOf(branding: Pick<Branding, 'portalName' | 'organisationName'>): string | Message {
  return branding.portalName || message('common:portalName.default', { name: branding.organisationName });
}

/** Settings gain keys over time; stored JSON from an older version is completed with the defaults. */
function parseStored(row: OrganisationTable): OrganisationSettings {
  const stored = JSON.parse(row.settings) as Partial<OrganisationSettings>;
  if (stored.loginTitle === FORMER_DEFAULT_LOGIN_TITLE) stored.loginTitle = '';
  if (isFormerDefaultPortalName(stored)) stored.portalName = '';
  const defaults = defaultSettings(stored.name ?? 'Portico');
  const merged = { ...defaults, ...stored, features: { ...defaults.features, ...stored.features } };
  const parsed = organisationSettings.safeParse(merged);
  return parsed.success ? parsed.data : defaults;
}

export const logoTypes = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
} as const;

/** The type is decided by the file's first bytes, never by its name or the browser's claim. */
export function sniffImageType(data: Buffer): 'image/png' | 'image/jpeg' | 'image/webp' | null {
  for (const [type, magic] of Object.entries(logoTypes) as [keyof typeof logoTypes, readonly number[]][]) {
    if (magic.every((byte, i) => data[i] === byte)) return type;
  }
  if (
    data.subarray(0, 4).toString('latin1') === 'RIFF' &&
    data.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'image/webp';
  }
  return null;
}

export const maxLogoBytes = 1024 * 1024;

/** For other modules, in the caller's transaction (no access check, no audit row). */
export const settingsDirectory = Object.freeze({
  /** The organisation row, once, at first-run setup; a second one is refused by its unique key. */
  insertOrganisation(db: DbOrTrx, settings: OrganisationSettings, at: string): Promise<void> {
    return settingsRepository.insert(db, JSON.stringify(settings), at);
  },
});

interface Cached {
  row: OrganisationTable | null;
  settings: OrganisationSettings | null;
  at: number;
}

export type SettingsService = ReturnType<typeof createSettingsService>;

/**
 * Organisation settings are read on almost every request (features, branding), so they are cached
 * in memory for a few seconds. A write here drops the cache at once; other processes see it within
 * the TTL.
 */
export function createSettingsService(deps: {
  database: Database;
  storage: Storage;
  clock: Clock;
  audit?: Audit;
  cacheMs?: number;
}) {
  const { database, storage, clock } = deps;
  const cacheMs = deps.cacheMs ?? 5000;
  let cache: Cached | null = null;

  /**
   * Inside a transaction, pass its `trx`: on SQLite the transaction holds the only connection, and a
   * query on `database.db` would wait for it forever. The organisation row is the provider's own, so
   * the cache reads it through the unscoped handle.
   */
  async function load(db: DbOrTrx = database.db): Promise<Cached> {
    // The injected clock, not wall time: tests decide when the cache lapses (a clock set back lapses it too).
    const t = clock().getTime();
    if (cache && t >= cache.at && t - cache.at < cacheMs) return cache;
    const row = (await settingsRepository.get(db)) ?? null;
    cache = { row, settings: row ? parseStored(row) : null, at: t };
    return cache;
  }

  function logoUrl(row: OrganisationTable | null): string | null {
    if (!row?.logo_key) return null;
    // The version in the URL lets browsers cache the logo for long and still see a new one at once.
    return `/api/v1/branding/logo?v=${encodeURIComponent(row.updated_at)}`;
  }

  function toResponse(row: OrganisationTable, settings: OrganisationSettings): SettingsResponse {
    return { ...settings, logoUrl: logoUrl(row), updatedAt: row.updated_at };
  }

  async function requireOrg(): Promise<{ row: OrganisationTable; settings: OrganisationSettings }> {
    const c = await load();
    if (!c.row || !c.settings) throw errors.notFound(message('errors:notFound.organisation'));
    return { row: c.row, settings: c.settings };
  }

  /** The one access check of every change here (see requireAccess). */
  function requireEdit(actor: StaffActor) {
    return requireAccess(database.forActor(actor).db, settingsPolicies.edit);
  }

  return {
    invalidate() {
      cache = null;
    },

    async isSetUp(): Promise<boolean> {
      return (await load()).row !== null;
    },

    /** Settings for internal use (features, time zone); null before setup. */
    async current(db?: DbOrTrx): Promise<OrganisationSettings | null> {
      return (await load(db)).settings;
    },

    /** Password, lockout and MFA rules; the defaults apply before setup. */
    async securityPolicy(db?: DbOrTrx): Promise<SecurityPolicy> {
      const s = (await load(db)).settings ?? defaultSettings('Portico');
      return {
        passwordMinLength: s.passwordMinLength,
        lockoutThreshold: s.lockoutThreshold,
        lockoutMinutes: s.lockoutMinutes,
        requireStaffMfa: s.requireStaffMfa,
      };
    },

    async enabledFeatures(db?: DbOrTrx): Promise<PortalFeature[]> {
      const s = (await load(db)).settings;
      return s ? portalFeatures.filter((f) => s.features[f]) : [];
    },

    async branding(db?: DbOrTrx): Promise<Branding> {
      const { row, settings } = await load(db);
      const s = settings ?? defaultSettings('Portico');
      return {
        setupRequired: row === null,
        organisationName: s.name,
        portalName: settings ? s.portalName : 'Portico',
        loginTitle: s.loginTitle,
        primaryColor: s.primaryColor,
        accentColor: s.accentColor,
        logoUrl: logoUrl(row),
        timeZone: s.timeZone,
        dateFormat: s.dateFormat,
        currency: s.currency,
        language: s.language,
      };
    },

    async get(_actor: StaffActor): Promise<SettingsResponse> {
      const { row, settings } = await requireOrg();
      return toResponse(row, settings);
    },

    /** The staff who can be chosen as alert recipients (the active staff), for those who read settings. */
    async alertStaffOptions(actor: StaffActor): Promise<AlertStaffOptionList> {
      const rows = await settingsRepository.activeStaff(database.forActor(actor).db);
      return { items: rows.map((r) => ({ accountId: r.id, name: r.name, email: r.email })) };
    },

    async update(actor: StaffActor, patch: SettingsPatch): Promise<SettingsResponse> {
      await requireEdit(actor);
      const { settings } = await requireOrg();
      const next = organisationSettings.parse({
        ...settings,
        ...patch,
        features: { ...settings.features, ...patch.features },
      });
      // Alert lists are kept in one order whatever order they came in: days furthest first, percentages
      // lowest first (the order the settings page and the guide show them in).
      next.contractEndingAlertDays.sort((a, b) => b - a);
      next.bankAlertThresholds.sort((a, b) => a - b);
      if (patch.alertStaffAccountIds?.length) {
        const found = await settingsRepository.activeStaffIds(
          database.forActor(actor).db,
          patch.alertStaffAccountIds,
        );
        if (found.length !== new Set(patch.alertStaffAccountIds).size) {
          throw errors.validation(
            { alertStaffAccountIds: message('errors:settings.alertStaffUnknown') },
            message('errors:settings.alertStaffUnknown'),
          );
        }
      }
      const changed = Object.keys(patch).filter((k) => k !== 'features');
      if (patch.features) changed.push(...Object.keys(patch.features).map((f) => `features.${f}`));
      await database.forActor(actor).transaction(async (trx) => {
        await settingsRepository.update(trx, { settings: JSON.stringify(next) }, clock().toISOString());
        await deps.audit?.record(trx, { actor, action: 'settings.updated', details: { changed } });
      });
      cache = null;
      const fresh = await requireOrg();
      return toResponse(fresh.row, fresh.settings);
    },

    async setLogo(actor: StaffActor, data: Buffer): Promise<SettingsResponse> {
      await requireEdit(actor);
      const { row } = await requireOrg();
      const type = sniffImageType(data);
      if (!type) {
        throw errors.validation(
          { file: message('errors:settings.logoTypeField') },
          message('errors:settings.logoType'),
        );
      }
      const key = await storage.put('branding', data);
      try {
        await settingsRepository.update(
          database.forActor(actor).db,
          { logo_key: key, logo_type: type },
          clock().toISOString(),
        );
      } catch (e) {
        await storage.delete(key);
        throw e;
      }
      if (row.logo_key) await storage.delete(row.logo_key);
      cache = null;
      const fresh = await requireOrg();
      return toResponse(fresh.row, fresh.settings);
    },

    async removeLogo(actor: StaffActor): Promise<SettingsResponse> {
      await requireEdit(actor);
      const { row } = await requireOrg();
      await settingsRepository.update(
        database.forActor(actor).db,
        { logo_key: null, logo_type: null },
        clock().toISOString(),
      );
      if (row.logo_key) await storage.delete(row.logo_key);
      cache = null;
      const fresh = await requireOrg();
      return toResponse(fresh.row, fresh.settings);
    },

    async logo(): Promise<{ data: Buffer; type: string; etag: string } | null> {
      const { row } = await load();
      if (!row?.logo_key || !row.logo_type) return null;
      const data = await storage.get(row.logo_key);
      return data ? { data, type: row.logo_type, etag: `"${row.logo_key.split('/')[1]}"` } : null;
    },
  };
}
