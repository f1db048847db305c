import { isBuiltFeature, type PortalFeature } from '../../shared/features.ts';
import { intlLocale } from '../../shared/format/format.ts';
import {
  type ContactPermission,
  type ContactPreset,
  type ContactSwitch,
  permissionFeature,
} from '../../shared/permissions.ts';
import type { ContactResponse } from '../../shared/schemas/contacts.ts';
import { webI18n } from './i18n/instance.ts';

/**
 * These helpers run outside components (column definitions, lists), so they read the page's i18next
 * instance directly; a component calling them re-renders on a change of language through its own
 * useTranslation().
 */
const t = (key: string, params?: Record<string, unknown>) => webI18n.t(key, params ?? {});

export const presetLabels = {
  primary: 'ui:access.preset.primary',
  billing: 'ui:access.preset.billing',
  technical: 'ui:access.preset.technical',
  standard: 'ui:access.preset.standard',
  'read-only': 'ui:access.preset.readOnly',
} as const satisfies Record<ContactPreset, string>;

/** What each permission lets a contact do, in words a client understands (catalogue keys). */
export const permissionWords = {
  'tickets:view-own': 'ui:access.permission.ticketsViewOwn',
  'tickets:view-company': 'ui:access.permission.ticketsViewCompany',
  'tickets:create': 'ui:access.permission.ticketsCreate',
  'invoices:view': 'ui:access.permission.invoicesView',
  'invoices:pay': 'ui:access.permission.invoicesPay',
  'payments:view': 'ui:access.permission.paymentsView',
  'quotes:view': 'ui:access.permission.quotesView',
  'quotes:approve': 'ui:access.permission.quotesApprove',
  'overage:approve': 'ui:access.permission.overageApprove',
  'orders:view': 'ui:access.permission.ordersView',
  'recurring:view': 'ui:access.permission.recurringView',
  'statements:view': 'ui:access.permission.statementsView',
  'contracts:view': 'ui:access.permission.contractsView',
  'assets:view': 'ui:access.permission.assetsView',
  'assets:view-assigned': 'ui:access.permission.assetsViewAssigned',
  'documents:view': 'ui:access.permission.documentsView',
  'domains:view': 'ui:access.permission.domainsView',
  'certificates:view': 'ui:access.permission.certificatesView',
  'reports:view': 'ui:access.permission.reportsView',
  'reports:schedule': 'ui:access.permission.reportsSchedule',
  'kb:view': 'ui:access.permission.kbView',
  'contacts:view': 'ui:access.permission.contactsView',
  'contacts:manage': 'ui:access.permission.contactsManage',
  'profile:edit': 'ui:access.permission.profileEdit',
} as const satisfies Record<ContactPermission, string>;

// A broader permission makes the narrower one go without saying.
const impliedBy: Partial<Record<ContactPermission, ContactPermission>> = {
  'tickets:view-own': 'tickets:view-company',
  'assets:view-assigned': 'assets:view',
  'contacts:view': 'contacts:manage',
};

/**
 * Whether a permission's feature exists for this reader: built in this release (`builtPortalFeatures`),
 * and, when `enabled` is given, switched on by the provider.
 */
function shown(permission: ContactPermission, enabled?: readonly PortalFeature[]): boolean {
  const feature = permissionFeature[permission];
  if (feature === null) return true;
  return isBuiltFeature(feature) && (!enabled || enabled.includes(feature));
}

/**
 * The sentences that describe a permission set, without repeating what a broader one already says, and
 * without the permissions of features that do not exist (not built yet, or switched off: `enabled`).
 */
export function accessSummary(
  permissions: readonly ContactPermission[],
  enabled?: readonly PortalFeature[],
): string[] {
  const held = new Set(permissions);
  return [...held]
    .filter((p) => shown(p, enabled))
    .filter((p) => {
      const broader = impliedBy[p];
      return !(broader && held.has(broader));
    })
    .map((p) => t(permissionWords[p]));
}

/** "Primary and Billing", "Technical", or null when access was set person by person. */
export function presetsInWords(presets: readonly ContactPreset[]): string | null {
  const labels = presets.map((p) => t(presetLabels[p]));
  if (labels.length === 0) return null;
  return new Intl.ListFormat(intlLocale(webI18n.language), { type: 'conjunction' }).format(labels);
}

export const switchLabels = {
  raiseTickets: 'ui:access.switch.raiseTickets',
  approveQuotes: 'ui:access.switch.approveQuotes',
  payInvoices: 'ui:access.switch.payInvoices',
  manageContacts: 'ui:access.switch.manageContacts',
} as const satisfies Record<ContactSwitch, string>;

/** "Billing and Technical; may not pay invoices" — a person's access in one line of words. */
export function accessLine(contact: {
  presets: readonly ContactPreset[];
  switches: ContactResponse['switches'];
}): string {
  const presets = presetsInWords(contact.presets) ?? t('ui:access.noPreset');
  const tweaks = (Object.entries(contact.switches) as [keyof typeof switchLabels, boolean | undefined][])
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => t(v ? 'ui:access.may' : 'ui:access.mayNot', { what: t(switchLabels[k]) }));
  return tweaks.length > 0 ? t('ui:access.line', { presets, tweaks: tweaks.join(', ') }) : presets;
}
