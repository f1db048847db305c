/**
 * The languages Portico speaks. Adding one: a catalogue per namespace under locales/<code>/ (the same keys
 * as English; `npm run check` compares them), its imports in catalogues.ts, and a line here. The
 * pseudo-locale is made from English when the catalogues load (pseudo.ts), for testing that every visible
 * string is translated and that layouts survive longer text.
 */
export const PSEUDO_LANGUAGE = 'en-XA';

export const languageList = [
  { code: 'en', label: 'English', dir: 'ltr' },
  { code: 'de', label: 'Deutsch', dir: 'ltr' },
  { code: 'fr', label: 'Français', dir: 'ltr' },
  { code: 'es', label: 'Español', dir: 'ltr' },
  { code: 'pl', label: 'Polski', dir: 'ltr' },
  { code: 'ar', label: 'العربية', dir: 'rtl' },
  { code: PSEUDO_LANGUAGE, label: 'Pseudo-locale (testing)', dir: 'ltr' },
] as const;

export type Language = (typeof languageList)[number]['code'];
export type Direction = 'ltr' | 'rtl';

export const supportedLanguages = languageList.map((l) => l.code) as [Language, ...Language[]];
/** The languages with a catalogue of their own (all but the pseudo-locale, which is made from English). */
export const catalogueLanguages = supportedLanguages.filter((l) => l !== PSEUDO_LANGUAGE);
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value);
}

export function directionOf(language: string): Direction {
  return languageList.find((l) => l.code === language)?.dir ?? 'ltr';
}

/**
 * The best supported language for an Accept-Language header (RFC 9110: tags with optional q-values), or
 * null when none is acceptable. `de-AT` matches `de`; `en-XA` (the pseudo-locale) only matches itself.
 */
export function negotiateLanguage(header: string | null | undefined): Language | null {
  if (!header) return null;
  const wanted = header
    .split(',')
    .slice(0, 30)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((w) => w.tag && w.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of wanted) {
    const exact = supportedLanguages.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const primary = tag.split('-')[0];
    const byPrimary = catalogueLanguages.find((l) => l === primary);
    if (byPrimary) return byPrimary;
    if (tag === '*') return DEFAULT_LANGUAGE;
  }
  return null;
}
