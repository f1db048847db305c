import type { ContactPermission, ContactPreset } from '../../../shared/permissions.ts';
import type { ContactResponse } from '../../../shared/schemas/contacts.ts';
import { accessSummary, presetsInWords } from '../../portal/home/access-words.ts';
import { switchLabels } from '../../ui/contact-access-editor.tsx';

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

export function accessSentences(permissions: readonly ContactPermission[]): string[] {
  return accessSummary(permissions);
}
