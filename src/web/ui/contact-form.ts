import type { ContactPreset, ContactSwitches } from '../../shared/permissions.ts';
import { contactSwitches } from '../../shared/permissions.ts';
import type { ContactCreateBody, ContactPatchBody } from '../../shared/schemas/contacts.ts';

export interface ContactFormValues {
  name: string;
  title: string;
  department: string;
  email: string;
  phone: string;
  mobile: string;
  presets: ContactPreset[];
  switches: ContactSwitches;
}

interface ContactLike {
  name: string;
  title: string | null;
  department: string | null;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  presets: ContactPreset[];
  switches: ContactSwitches;
}

export function contactValues(
  contact?: ContactLike,
  defaults: ContactPreset[] = ['standard'],
): ContactFormValues {
  return {
    name: contact?.name ?? '',
    title: contact?.title ?? '',
    department: contact?.department ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    mobile: contact?.mobile ?? '',
    presets: contact?.presets ?? defaults,
    switches: contact?.switches ?? {},
  };
}

const text = (v: string) => (v.trim() ? v.trim() : null);
const detailKeys = ['title', 'department', 'phone', 'mobile'] as const;

/** Every switch, with null for "as the presets say", so a save replaces the whole set. */
export function allSwitches(switches: ContactSwitches): Record<keyof typeof contactSwitches, boolean | null> {
  const out = {} as Record<keyof typeof contactSwitches, boolean | null>;
  for (const k of Object.keys(contactSwitches) as (keyof typeof contactSwitches)[])
    out[k] = switches[k] ?? null;
  return out;
}

export function contactCreateBody(v: ContactFormValues): ContactCreateBody {
  return {
    name: v.name.trim(),
    title: text(v.title),
    department: text(v.department),
    email: text(v.email),
    phone: text(v.phone),
    mobile: text(v.mobile),
    presets: v.presets,
    switches: allSwitches(v.switches),
  };
}

export function contactPatch(initial: ContactFormValues, current: ContactFormValues): ContactPatchBody {
  const patch: ContactPatchBody = {};
  if (current.name.trim() !== initial.name.trim()) patch.name = current.name.trim();
  for (const k of detailKeys) if (text(current[k]) !== text(initial[k])) patch[k] = text(current[k]);
  if ((text(current.email) ?? '').toLowerCase() !== (text(initial.email) ?? '').toLowerCase())
    patch.email = text(current.email);
  if (JSON.stringify([...current.presets].sort()) !== JSON.stringify([...initial.presets].sort()))
    patch.presets = current.presets;
  if (JSON.stringify(allSwitches(current.switches)) !== JSON.stringify(allSwitches(initial.switches)))
    patch.switches = allSwitches(current.switches);
  return patch;
}
