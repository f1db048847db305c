import type { ContactPermission, ContactPreset, ContactSwitch } from '../../shared/permissions.ts';
import { presetLabels } from '../../shared/permissions.ts';
import type { ContactResponse } from '../../shared/schemas/contacts.ts';

/** What each permission lets a contact do, in words a client understands. */
export const permissionWords: Record<ContactPermission, string> = {
  'tickets:view-own': 'See the tickets you raised',
  'tickets:view-company': "See all of your company's tickets",
  'tickets:create': 'Raise new tickets',
  'invoices:view': 'See invoices',
  'invoices:pay': 'Pay invoices online',
  'payments:view': 'See payments made',
  'quotes:view': 'See quotes',
  'quotes:approve': 'Approve or decline quotes',
  'recurring:view': 'See recurring invoices',
  'statements:view': 'See account statements',
  'contracts:view': 'See contracts and hour banks',
  'assets:view': "See all of your company's assets",
  'assets:view-assigned': 'See the assets assigned to you',
  'documents:view': 'See shared documents',
  'domains:view': 'See domains',
  'certificates:view': 'See certificates',
  'reports:view': 'See reports',
  'kb:view': 'Read the knowledge base',
  'contacts:view': "See your colleagues' contact details",
  'contacts:manage': "Manage your colleagues' portal access",
  'profile:edit': 'Edit your own profile',
};

// A broader permission makes the narrower one go without saying.
const impliedBy: Partial<Record<ContactPermission, ContactPermission>> = {
  'tickets:view-own': 'tickets:view-company',
  'assets:view-assigned': 'assets:view',
  'contacts:view': 'contacts:manage',
};

/** The sentences that describe a permission set, without repeating what a broader one already says. */
export function accessSummary(permissions: readonly ContactPermission[]): string[] {
  const held = new Set(permissions);
  return [...held]
    .filter((p) => {
      const broader = impliedBy[p];
      return !(broader && held.has(broader));
    })
    .map((p) => permissionWords[p]);
}

/** "Primary and Billing", "Technical", or null when access was set person by person. */
export function presetsInWords(presets: readonly ContactPreset[]): string | null {
  const labels = presets.map((p) => presetLabels[p]);
  if (labels.length === 0) return null;
  if (labels.length === 1) return labels[0] ?? null;
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

export const switchLabels: Record<ContactSwitch, string> = {
  raiseTickets: 'Raise tickets',
  approveQuotes: 'Approve quotes',
  payInvoices: 'Pay invoices',
  manageContacts: 'Manage colleagues',
};

/** "Billing and Technical; may not pay invoices" — a person's access in one line of words. */
export function accessLine(contact: {
  presets: readonly ContactPreset[];
  switches: ContactResponse['switches'];
}): string {
  const presets = presetsInWords(contact.presets) ?? 'No preset';
  const tweaks = (Object.entries(contact.switches) as [keyof typeof switchLabels, boolean | undefined][])
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${v ? 'may' : 'may not'} ${switchLabels[k].toLowerCase()}`);
  return tweaks.length > 0 ? `${presets}; ${tweaks.join(', ')}` : presets;
}
