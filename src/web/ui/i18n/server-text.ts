import { useTranslation } from 'react-i18next';

const catalogueKey = /^(errors|common):[A-Za-z0-9_.]+$/;

/**
 * Text from a shared schema or the server: the server puts its messages in the person's language already;
 * a shared schema's own message is a catalogue key (`errors:validation.timeZone`), put in the language
 * here.
 */
export function useServerText(): (text: string) => string {
  const { t, i18n } = useTranslation();
  return (text) => (catalogueKey.test(text) && i18n.exists(text) ? t(text) : text);
}
