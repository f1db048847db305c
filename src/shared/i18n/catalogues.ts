import arCommon from './locales/ar/common.json' with { type: 'json' };
import arEmails from './locales/ar/emails.json' with { type: 'json' };
import arErrors from './locales/ar/errors.json' with { type: 'json' };
import arPortalApp from './locales/ar/portalApp.json' with { type: 'json' };
import arStaffAdmin from './locales/ar/staffAdmin.json' with { type: 'json' };
import arStaffApp from './locales/ar/staffApp.json' with { type: 'json' };
import arUi from './locales/ar/ui.json' with { type: 'json' };
import deCommon from './locales/de/common.json' with { type: 'json' };
import deEmails from './locales/de/emails.json' with { type: 'json' };
import deErrors from './locales/de/errors.json' with { type: 'json' };
import dePortalApp from './locales/de/portalApp.json' with { type: 'json' };
import deStaffAdmin from './locales/de/staffAdmin.json' with { type: 'json' };
import deStaffApp from './locales/de/staffApp.json' with { type: 'json' };
import deUi from './locales/de/ui.json' with { type: 'json' };
import enCommon from './locales/en/common.json' with { type: 'json' };
import enEmails from './locales/en/emails.json' with { type: 'json' };
import enErrors from './locales/en/errors.json' with { type: 'json' };
import enPortalApp from './locales/en/portalApp.json' with { type: 'json' };
import enStaffAdmin from './locales/en/staffAdmin.json' with { type: 'json' };
import enStaffApp from './locales/en/staffApp.json' with { type: 'json' };
import enUi from './locales/en/ui.json' with { type: 'json' };
import esCommon from './locales/es/common.json' with { type: 'json' };
import esEmails from './locales/es/emails.json' with { type: 'json' };
import esErrors from './locales/es/errors.json' with { type: 'json' };
import esPortalApp from './locales/es/portalApp.json' with { type: 'json' };
import esStaffAdmin from './locales/es/staffAdmin.json' with { type: 'json' };
import esStaffApp from './locales/es/staffApp.json' with { type: 'json' };
import esUi from './locales/es/ui.json' with { type: 'json' };
import frCommon from './locales/fr/common.json' with { type: 'json' };
import frEmails from './locales/fr/emails.json' with { type: 'json' };
import frErrors from './locales/fr/errors.json' with { type: 'json' };
import frPortalApp from './locales/fr/portalApp.json' with { type: 'json' };
import frStaffAdmin from './locales/fr/staffAdmin.json' with { type: 'json' };
import frStaffApp from './locales/fr/staffApp.json' with { type: 'json' };
import frUi from './locales/fr/ui.json' with { type: 'json' };
import plCommon from './locales/pl/common.json' with { type: 'json' };
import plEmails from './locales/pl/emails.json' with { type: 'json' };
import plErrors from './locales/pl/errors.json' with { type: 'json' };
import plPortalApp from './locales/pl/portalApp.json' with { type: 'json' };
import plStaffAdmin from './locales/pl/staffAdmin.json' with { type: 'json' };
import plStaffApp from './locales/pl/staffApp.json' with { type: 'json' };
import plUi from './locales/pl/ui.json' with { type: 'json' };

/**
 * The namespaces: `common` (words shared by both faces and the emails: statuses, priorities, SLA clocks),
 * `errors` (the server's error messages) and `emails`. The web app's: `ui` (the shared
 * components in src/web/ui and src/web/api), `portalApp` (the client portal), `staffApp` (the staff app's
 * tickets, home, shell, inbound mail, outbox, audit, profile) and `staffAdmin` (the staff app's clients,
 * support configuration, settings and setup); not named after a permission's prefix (`portal:`, `staff:`),
 * which the catalogue check would read as keys. Catalogues are flat: one ICU message per key.
 */
export const namespaces = [
  'common',
  'errors',
  'emails',
  'ui',
  'portalApp',
  'staffApp',
  'staffAdmin',
] as const;
export type Namespace = (typeof namespaces)[number];
export type Catalogue = Record<string, string>;

/** Every catalogue, loaded statically (no fetching): language → namespace → key → ICU message. */
export const catalogues: Record<string, Record<Namespace, Catalogue>> = {
  en: {
    common: enCommon,
    errors: enErrors,
    emails: enEmails,
    ui: enUi,
    portalApp: enPortalApp,
    staffApp: enStaffApp,
    staffAdmin: enStaffAdmin,
  },
  de: {
    common: deCommon,
    errors: deErrors,
    emails: deEmails,
    ui: deUi,
    portalApp: dePortalApp,
    staffApp: deStaffApp,
    staffAdmin: deStaffAdmin,
  },
  fr: {
    common: frCommon,
    errors: frErrors,
    emails: frEmails,
    ui: frUi,
    portalApp: frPortalApp,
    staffApp: frStaffApp,
    staffAdmin: frStaffAdmin,
  },
  es: {
    common: esCommon,
    errors: esErrors,
    emails: esEmails,
    ui: esUi,
    portalApp: esPortalApp,
    staffApp: esStaffApp,
    staffAdmin: esStaffAdmin,
  },
  pl: {
    common: plCommon,
    errors: plErrors,
    emails: plEmails,
    ui: plUi,
    portalApp: plPortalApp,
    staffApp: plStaffApp,
    staffAdmin: plStaffAdmin,
  },
  ar: {
    common: arCommon,
    errors: arErrors,
    emails: arEmails,
    ui: arUi,
    portalApp: arPortalApp,
    staffApp: arStaffApp,
    staffAdmin: arStaffAdmin,
  },
};
