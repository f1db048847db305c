import type { CatalogueSource, LanguageResources } from './resources.ts';
import { type Catalogue, webNamespaces } from './resources.ts';

/**
 * The catalogues as Vite bundles them: English in the main bundle (the fallback for a missing key, and
 * the source of the pseudo-locale), every other language in chunks of its own, fetched when a viewer
 * reads that language.
 */
const englishFiles = import.meta.glob<Catalogue>(
  ['../../../shared/i18n/locales/en/*.json', '!../../../shared/i18n/locales/en/emails.json'],
  { eager: true, import: 'default' },
);
const otherFiles = import.meta.glob<Catalogue>(
  [
    '../../../shared/i18n/locales/*/*.json',
    '!../../../shared/i18n/locales/en/*.json',
    '!../../../shared/i18n/locales/*/emails.json',
  ],
  { import: 'default' },
);

const fileOf = (language: string, namespace: string) =>
  `../../../shared/i18n/locales/${language}/${namespace}.json`;

export const englishResources = Object.fromEntries(
  webNamespaces.map((ns) => [ns, englishFiles[fileOf('en', ns)] ?? {}]),
) as LanguageResources;

export const bundledCatalogues: CatalogueSource = async (language, namespace) => {
  const load = otherFiles[fileOf(language, namespace)];
  if (!load) throw new Error(`No catalogue for ${language}/${namespace}`);
  return load();
};
