import common from '../../../shared/i18n/locales/en/common.json' with { type: 'json' };
import errors from '../../../shared/i18n/locales/en/errors.json' with { type: 'json' };
import portalApp from '../../../shared/i18n/locales/en/portalApp.json' with { type: 'json' };
import staffAdmin from '../../../shared/i18n/locales/en/staffAdmin.json' with { type: 'json' };
import staffApp from '../../../shared/i18n/locales/en/staffApp.json' with { type: 'json' };
import ui from '../../../shared/i18n/locales/en/ui.json' with { type: 'json' };
import type { LanguageResources } from './resources.ts';

/** English, in the main bundle: the fallback for a missing key and the source of the pseudo-locale. */
export const englishResources: LanguageResources = { common, errors, ui, portalApp, staffApp, staffAdmin };
