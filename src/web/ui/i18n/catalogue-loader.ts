import type { Catalogue, CatalogueSource } from './resources.ts';

/**
 * Every language but English as Vite bundles it: a chunk per language (vite.config.ts), fetched when a
 * viewer reads that language. English is in the main bundle (english.ts); `emails` is the server's alone.
 */
const files = import.meta.glob<Catalogue>(
  [
    '../../../shared/i18n/locales/*/*.json',
    '!../../../shared/i18n/locales/en/*.json',
    '!../../../shared/i18n/locales/*/emails.json',
  ],
  { import: 'default' },
);

export const bundledCatalogues: CatalogueSource = async (language, namespace) => {
  const load = files[`../../../shared/i18n/locales/${language}/${namespace}.json`];
  if (!load) throw new Error(`No catalogue for ${language}/${namespace}`);
  return load();
};
