/**
 * Permissions are data. Contacts hold a set of permission names, built from presets that combine
 * (union) plus per-person switches. Staff hold a role. Routes declare what they need.
 */
import type { PortalFeature } from './features.ts';

export const contactPermissions = [
  'tickets:view-own',
  'tickets:view-company',
  'tickets:create',
  'invoices:view',
  'invoices:pay',
  'payments:view',
  'quotes:view',
  'quotes:approve',
  'overage:approve',
  /** See the company's hardware and software orders and their tracking (issue 15, point 4). */
  'orders:view',
  'recurring:view',
  'statements:view',
  'contracts:view',
  'assets:view',
  'assets:view-assigned',
  'documents:view',
  'domains:view',
  'certificates:view',
  'reports:view',
  'reports:schedule',
  'kb:view',
  'contacts:view',
  'contacts:manage',
  'profile:edit',
] as const;
export type ContactPermission = (typeof contactPermissions)[number];

/**
 * The portal feature each permission belongs to; null for what every portal has (colleagues, one's own
 * profile). A permission whose feature is not built yet (`builtPortalFeatures`) is never shown.
 */
export const permissionFeature = {
  'tickets:view-own': 'tickets',
  'tickets:view-company': 'tickets',
  'tickets:create': 'tickets',
  'invoices:view': 'invoices',
  'invoices:pay': 'invoices',
  'payments:view': 'payments',
  'quotes:view': 'quotes',
  'quotes:approve': 'quotes',
  'overage:approve': 'contracts',
  'recurring:view': 'invoices',
  'statements:view': 'invoices',
  'contracts:view': 'contracts',
  'assets:view': 'assets',
  'assets:view-assigned': 'assets',
  'documents:view': 'documents',
  'domains:view': 'domains',
  'certificates:view': 'domains',
  'reports:view': 'reports',
  'reports:schedule': 'reports',
  'kb:view': 'kb',
  'orders:view': null,
  'contacts:view': null,
  'contacts:manage': null,
  'profile:edit': null,
} as const satisfies Record<ContactPermission, PortalFeature | null>;

export const contactPresets = ['primary', 'billing', 'technical', 'standard', 'read-only'] as const;
export type ContactPreset = (typeof contactPresets)[number];

export const presetLabels: Record<ContactPreset, string> = {
  primary: 'Primary',
  billing: 'Billing',
  technical: 'Technical',
  standard: 'Standard',
  'read-only': 'Read-only',
};

export const presetPermissions: Record<ContactPreset, readonly ContactPermission[]> = {
  primary: contactPermissions,
  billing: [
    'invoices:view',
    'invoices:pay',
    'payments:view',
    'quotes:view',
    'quotes:approve',
    'overage:approve',
    'orders:view',
    'recurring:view',
    'statements:view',
    'contracts:view',
    'kb:view',
    'profile:edit',
  ],
  technical: [
    'assets:view',
    'documents:view',
    'domains:view',
    'certificates:view',
    'tickets:view-own',
    'tickets:view-company',
    'tickets:create',
    'overage:approve',
    'orders:view',
    'contracts:view',
    'reports:view',
    'reports:schedule',
    'contacts:view',
    'contacts:manage',
    'kb:view',
    'profile:edit',
  ],
  standard: ['tickets:view-own', 'tickets:create', 'assets:view-assigned', 'kb:view', 'profile:edit'],
  'read-only': [
    'tickets:view-own',
    'invoices:view',
    'quotes:view',
    'orders:view',
    'contracts:view',
    'assets:view-assigned',
    'reports:view',
    'kb:view',
  ],
};

/** Per-person switches applied on top of the presets: true grants, false withholds, absent leaves as is. */
export const contactSwitches = {
  raiseTickets: 'tickets:create',
  approveQuotes: 'quotes:approve',
  payInvoices: 'invoices:pay',
  manageContacts: 'contacts:manage',
} as const satisfies Record<string, ContactPermission>;
export type ContactSwitch = keyof typeof contactSwitches;
export type ContactSwitches = Partial<Record<ContactSwitch, boolean>>;

export function effectivePermissions(
  presets: readonly ContactPreset[],
  switches: ContactSwitches = {},
): ContactPermission[] {
  const granted = new Set<ContactPermission>();
  for (const preset of presets) for (const p of presetPermissions[preset]) granted.add(p);
  for (const [name, value] of Object.entries(switches) as [ContactSwitch, boolean | undefined][]) {
    if (value === true) granted.add(contactSwitches[name]);
    if (value === false) granted.delete(contactSwitches[name]);
  }
  // Keep a stable order so responses and snapshots do not depend on insertion order.
  return contactPermissions.filter((p) => granted.has(p));
}

export const staffRoles = ['owner', 'admin', 'technician', 'billing', 'read-only'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staffPermissions = [
  'settings:view',
  'settings:edit',
  'staff:manage',
  'clients:view',
  'clients:manage',
  'portal:preview',
  'audit:view',
  'outbox:view',
  'tickets:view',
  'tickets:manage',
  /** Log time on tickets: timers, manual entries, one's own drafts (issue 14). */
  'time:log',
  /** Approve and correct time, and change anyone's drafts (issue 14). */
  'time:approve',
] as const;
export type StaffPermission = (typeof staffPermissions)[number];

export const rolePermissions: Record<StaffRole, readonly StaffPermission[]> = {
  owner: staffPermissions,
  admin: staffPermissions,
  technician: [
    'settings:view',
    'clients:view',
    'clients:manage',
    'portal:preview',
    'tickets:view',
    'tickets:manage',
    'time:log',
  ],
  billing: ['settings:view', 'clients:view', 'portal:preview', 'tickets:view', 'time:approve'],
  'read-only': ['settings:view', 'clients:view', 'tickets:view'],
};
