import { cidrProblemMessage, normaliseCidr } from '../../../shared/cidr.ts';
import type { ClientCreateBody, ClientPatchBody, ClientResponse } from '../../../shared/schemas/clients.ts';

/** A translate function (react-i18next's `t`, or the shared `translatorFor` in tests). */
export type Translate = (
  key: `staffAdmin:${string}` | `errors:${string}`,
  values?: Record<string, string | number>,
) => string;

export interface SiteValues {
  /** React key; stable for the life of the form. */
  key: string;
  id?: number;
  label: string;
  address: string;
}

export interface ClientFormValues {
  name: string;
  phone: string;
  website: string;
  notes: string;
  portalEnabled: boolean;
  requireMfa: boolean;
  /** One range per line, as typed. */
  allowlistText: string;
  sites: SiteValues[];
  /** The contacts' language; '' for the organisation's. */
  language: string;
  /** '' for the organisation's. */
  timeZone: string;
  /** ISO 4217; '' (only when creating) for the organisation's. */
  currency: string;
}

let siteCounter = 0;
export function newSiteKey(): string {
  siteCounter += 1;
  return `new-${siteCounter}`;
}

export function valuesFromClient(client?: ClientResponse): ClientFormValues {
  return {
    name: client?.name ?? '',
    phone: client?.phone ?? '',
    website: client?.website ?? '',
    notes: client?.notes ?? '',
    portalEnabled: client?.portalEnabled ?? true,
    requireMfa: client?.requireMfa ?? false,
    allowlistText: (client?.ipAllowlist ?? []).join('\n'),
    sites: (client?.sites ?? []).map((s) => ({
      key: `site-${s.id}`,
      id: s.id,
      label: s.label,
      address: s.address,
    })),
    language: client?.language ?? '',
    timeZone: client?.timeZone ?? '',
    currency: client?.currency ?? '',
  };
}

/** The allowlist lines: the ranges as the server will store them, and a message per bad line. */
export function readAllowlist(text: string, t?: Translate): { ranges: string[]; problems: string[] } {
  const ranges: string[] = [];
  const problems: string[] = [];
  text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean)
    .forEach((line, i) => {
      const r = normaliseCidr(line);
      if (r.ok) {
        if (!ranges.includes(r.cidr)) ranges.push(r.cidr);
      } else {
        if (!t) return;
        const problem = cidrProblemMessage(r);
        const reason = t(problem.key, problem.params);
        problems.push(t('staffAdmin:clients.form.cidr.line', { line: i + 1, problem: reason }));
      }
    });
  return { ranges, problems };
}

/** Checks a person can fix before anything is sent; the server checks again. */
export function localProblems(values: ClientFormValues, t: Translate): Record<string, string> {
  const found: Record<string, string> = {};
  if (!values.name.trim()) found.name = t('staffAdmin:clients.form.nameRequired');
  const allow = readAllowlist(values.allowlistText, t);
  if (allow.problems.length > 0) found.ipAllowlist = allow.problems.join(' ');
  values.sites.forEach((s, i) => {
    if (!s.label.trim()) found[`sites.${i}.label`] = t('staffAdmin:clients.form.siteNameRequired');
    if (!s.address.trim()) found[`sites.${i}.address`] = t('staffAdmin:clients.form.siteAddressRequired');
  });
  return found;
}

const text = (v: string) => (v.trim() ? v.trim() : null);

export function toCreateBody(values: ClientFormValues): ClientCreateBody {
  return {
    name: values.name.trim(),
    phone: text(values.phone),
    website: text(values.website),
    notes: text(values.notes),
    portalEnabled: values.portalEnabled,
    requireMfa: values.requireMfa,
    ipAllowlist: readAllowlist(values.allowlistText).ranges,
    sites: values.sites.map((s) => ({ label: s.label.trim(), address: s.address.trim() })),
    language: values.language ? (values.language as ClientCreateBody['language']) : null,
    timeZone: values.timeZone || null,
    ...(values.currency ? { currency: values.currency } : {}),
  };
}

/** Only what changed, so a save never overwrites a field someone else edited meanwhile. */
export function toPatch(initial: ClientFormValues, current: ClientFormValues): ClientPatchBody {
  const patch: ClientPatchBody = {};
  if (current.name.trim() !== initial.name.trim()) patch.name = current.name.trim();
  if (text(current.phone) !== text(initial.phone)) patch.phone = text(current.phone);
  if (text(current.website) !== text(initial.website)) patch.website = text(current.website);
  if (text(current.notes) !== text(initial.notes)) patch.notes = text(current.notes);
  if (current.portalEnabled !== initial.portalEnabled) patch.portalEnabled = current.portalEnabled;
  if (current.requireMfa !== initial.requireMfa) patch.requireMfa = current.requireMfa;
  if (current.language !== initial.language)
    patch.language = current.language ? (current.language as ClientPatchBody['language']) : null;
  if (current.timeZone !== initial.timeZone) patch.timeZone = current.timeZone || null;
  if (current.currency && current.currency !== initial.currency) patch.currency = current.currency;
  const before = readAllowlist(initial.allowlistText).ranges;
  const after = readAllowlist(current.allowlistText).ranges;
  if (JSON.stringify(before) !== JSON.stringify(after)) patch.ipAllowlist = after;
  const siteShape = (s: SiteValues[]) =>
    JSON.stringify(s.map((x) => [x.id ?? null, x.label.trim(), x.address.trim()]));
  if (siteShape(current.sites) !== siteShape(initial.sites)) {
    patch.sites = current.sites.map((s) => ({
      ...(s.id !== undefined ? { id: s.id } : {}),
      label: s.label.trim(),
      address: s.address.trim(),
    }));
  }
  return patch;
}
