import { languageList } from '../../shared/i18n/languages.ts';
import { withCurrent } from './select-options.ts';

export interface Option {
  value: string;
  label: string;
}

/** ISO 4217 currencies, each with its name in the viewer's language ("EUR – Euro", "EUR – يورو"). */
export function currencyOptions(codes: readonly string[], locale = 'en'): Option[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: 'currency' });
  } catch {
    names = null;
  }
  return codes.map((code) => {
    const name = names?.of(code);
    return { value: code, label: name && name !== code ? `${code} – ${name}` : code };
  });
}

/** Every currency the browser knows, plus the current one should it not be listed. */
export function allCurrencyOptions(current: string, locale: string): Option[] {
  return currencyOptions(withCurrent(Intl.supportedValuesOf('currency'), current), locale);
}

/** Every IANA time zone the browser knows, plus the current one (e.g. "UTC" where it is not listed). */
export function allTimeZones(current: string): string[] {
  return withCurrent(Intl.supportedValuesOf('timeZone'), current);
}

/** The languages, each named in itself (as a person looks for their own). */
export const languageOptions: Option[] = languageList.map((l) => ({ value: l.code, label: l.label }));

export function languageName(code: string): string {
  return languageList.find((l) => l.code === code)?.label ?? code;
}
