import type { Namespace } from '../../../shared/i18n/catalogues.ts';
import { PSEUDO_LANGUAGE } from '../../../shared/i18n/languages.ts';
import { pseudoCatalogue } from '../../../shared/i18n/pseudo.ts';

/**
 * The namespaces the web app reads (not `emails`, which only the server renders). Kept here rather than
 * taken from catalogues.ts, which imports every language's catalogues: the web app loads only the
 * viewer's language (catalogue-loader.ts), with English always there as the fallback.
 */
export const webNamespaces = [
  'common',
  'errors',
  'ui',
  'portalApp',
  'staffApp',
  'staffAdmin',
] as const satisfies readonly Namespace[];
export type WebNamespace = (typeof webNamespaces)[number];

export type Catalogue = Record<string, string>;
export type LanguageResources = Record<WebNamespace, Catalogue>;

/** Reads one language's catalogues (a dynamic import per file in the browser; a test passes its own). */
export type CatalogueSource = (language: string, namespace: WebNamespace) => Promise<Catalogue>;

/**
 * One language's catalogues, ready for i18next. The pseudo-locale is made from English, as on the
 * server, so it never goes out of date.
 */
export async function loadLanguage(
  language: string,
  source: CatalogueSource,
  english: LanguageResources,
): Promise<LanguageResources> {
  if (language === PSEUDO_LANGUAGE) {
    return Object.fromEntries(
      webNamespaces.map((ns) => [ns, pseudoCatalogue(english[ns])]),
    ) as LanguageResources;
  }
  if (language === 'en') return english;
  const entries = await Promise.all(
    webNamespaces.map(async (ns) => [ns, await source(language, ns)] as const),
  );
  return Object.fromEntries(entries) as LanguageResources;
}
