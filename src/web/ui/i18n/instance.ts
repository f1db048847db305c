import { englishResources } from './english.ts';
import { createWebI18n } from './web-i18n.ts';

/**
 * The page's one i18next instance: components read it through react-i18next (I18nProvider); the API
 * client's own messages (no connection, an answer it cannot read) and its Accept-Language use it directly.
 */
export const webI18n = createWebI18n(englishResources);
