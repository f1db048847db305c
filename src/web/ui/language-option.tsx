import type { ComboboxItem } from '@mantine/core';
import { isLanguage } from '../../shared/i18n/languages.ts';

/**
 * An option of a language list: each language is named in itself ("Deutsch", "العربية"), so it carries
 * its own `lang` and `dir="auto"` and reads right in either layout. Other options (an "as the
 * organisation" choice) are the page's own words.
 */
export function renderLanguageOption({ option }: { option: ComboboxItem }) {
  const code = isLanguage(option.value) ? option.value : undefined;
  return (
    <span lang={code} dir={code ? 'auto' : undefined}>
      {option.label}
    </span>
  );
}

/**
 * An option that is people's data (a name, an organisation, a category they named): `dir="auto"`, so an
 * Arabic name reads right in an English list and the other way round.
 */
export function renderDataOption({ option }: { option: ComboboxItem }) {
  return <span dir="auto">{option.label}</span>;
}
