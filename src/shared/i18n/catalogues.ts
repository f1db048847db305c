import arCommon from './locales/ar/common.json' with { type: 'json' };
import arEmails from './locales/ar/emails.json' with { type: 'json' };
import arErrors from './locales/ar/errors.json' with { type: 'json' };
import deCommon from './locales/de/common.json' with { type: 'json' };
import deEmails from './locales/de/emails.json' with { type: 'json' };
import deErrors from './locales/de/errors.json' with { type: 'json' };
import enCommon from './locales/en/common.json' with { type: 'json' };
import enEmails from './locales/en/emails.json' with { type: 'json' };
import enErrors from './locales/en/errors.json' with { type: 'json' };
import esCommon from './locales/es/common.json' with { type: 'json' };
import esEmails from './locales/es/emails.json' with { type: 'json' };
import esErrors from './locales/es/errors.json' with { type: 'json' };
import frCommon from './locales/fr/common.json' with { type: 'json' };
import frEmails from './locales/fr/emails.json' with { type: 'json' };
import frErrors from './locales/fr/errors.json' with { type: 'json' };
import plCommon from './locales/pl/common.json' with { type: 'json' };
import plEmails from './locales/pl/emails.json' with { type: 'json' };
import plErrors from './locales/pl/errors.json' with { type: 'json' };

/**
 * The namespaces: `common` (words shared by both faces and the emails: statuses, priorities, SLA clocks),
 * `errors` (the server's error messages) and `emails`. The web app's namespaces join them with its
 * pages. Catalogues are flat: one ICU message per key.
 */
export const namespaces = ['common', 'errors', 'emails'] as const;
export type Namespace = (typeof namespaces)[number];
export type Catalogue = Record<string, string>;

/** Every catalogue, loaded statically (no fetching): language → namespace → key → ICU message. */
export const catalogues: Record<string, Record<Namespace, Catalogue>> = {
  en: { common: enCommon, errors: enErrors, emails: enEmails },
  de: { common: deCommon, errors: deErrors, emails: deEmails },
  fr: { common: frCommon, errors: frErrors, emails: frEmails },
  es: { common: esCommon, errors: esErrors, emails: esEmails },
  pl: { common: plCommon, errors: plErrors, emails: plEmails },
  ar: { common: arCommon, errors: arErrors, emails: arEmails },
};
