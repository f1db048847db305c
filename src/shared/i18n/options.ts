import { DEFAULT_LANGUAGE } from './languages.ts';

/**
 * The options the server's and the web app's i18next share: English as the fallback, full key names
 * (`namespace:flat.key`, no nesting), ICU doing the formatting (no HTML escaping: React and the email
 * templates escape), and a synchronous start (the catalogues are there before the first `t`).
 * A module of its own so the web app can import it without every language's catalogues.
 */
export const sharedOptions = {
  fallbackLng: DEFAULT_LANGUAGE,
  defaultNS: 'common',
  keySeparator: false,
  nsSeparator: ':',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
} as const;
