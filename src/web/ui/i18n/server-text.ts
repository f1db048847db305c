import { useTranslation } from 'react-i18next';
import { schemaBounds } from '../../../shared/i18n/i18n.ts';
import { webI18n } from './instance.ts';

const catalogueKey = /^(errors|common):[A-Za-z0-9_.]+$/;

/**
 * A shared schema's own message (a catalogue key such as `errors:validation.maxChars`) in the page's
 * language, with the values of the zod issue it came from (`maximum`, `minimum`); any other text is
 * returned as it is (the server puts its messages in the person's language already).
 */
export function schemaText(text: string, issue?: object): string {
  if (!catalogueKey.test(text) || !webI18n.exists(text)) return text;
  return webI18n.t(text, schemaBounds(issue)) as string;
}

/**
 * Text from a shared schema or the server: the server puts its messages in the person's language already;
 * a shared schema's own message is a catalogue key (`errors:validation.timeZone`), put in the language
 * here.
 */
export function useServerText(): (text: string, issue?: object) => string {
  const { t, i18n } = useTranslation();
  return (text, issue) =>
    catalogueKey.test(text) && i18n.exists(text) ? t(text, schemaBounds(issue)) : text;
}
