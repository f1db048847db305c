import { createContext, useContext } from 'react';
import type { DateFormat } from '../../../shared/format/format.ts';
import type { Language } from '../../../shared/i18n/languages.ts';

/** What the viewer reads in: language, time zone, date format and currency, as in effect for them. */
export interface ViewerLocale {
  language: Language;
  timeZone: string;
  dateFormat: DateFormat;
  currency: string;
}

export const LocaleContext = createContext<ViewerLocale | null>(null);

export function useViewerLocale(): ViewerLocale {
  const locale = useContext(LocaleContext);
  if (!locale) throw new Error('useViewerLocale must be used below <I18nProvider>');
  return locale;
}
