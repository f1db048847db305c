import { DirectionContext } from '@mantine/core';
import { type ReactNode, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { type DateFormat, dateFormats } from '../../../shared/format/format.ts';
import { directionOf, type Language } from '../../../shared/i18n/languages.ts';
import { useMe } from '../../api/auth.ts';
import { useBranding } from '../../api/branding.ts';
import { useProfileLocale } from '../../api/profile.ts';
import { BootFrame } from '../boot-frame.tsx';
import { bundledCatalogues } from './catalogue-loader.ts';
import { englishResources } from './english.ts';
import { webI18n } from './instance.ts';
import { LocaleContext, type ViewerLocale } from './locale-context.ts';
import { chooseLanguage, switchLanguage } from './web-i18n.ts';

const noop = () => {};
const asDateFormat = (value: string | undefined): DateFormat =>
  (dateFormats as readonly string[]).includes(value ?? '') ? (value as DateFormat) : 'D MMM YYYY';

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}

/**
 * The web app's language, direction and formats. Picks the language (chooseLanguage), loads its
 * catalogues, then renders the app in it: `<html lang dir>`, Mantine's direction (the whole layout
 * mirrors for Arabic), react-i18next's `t`, and the viewer's locale for useFormat(). A change of the
 * person's language (the profile's locale section writes the query this reads) switches without a reload:
 * the page keeps the old language until the new one's catalogues are in.
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const branding = useBranding();
  const signedIn = Boolean(me.data);
  const profileLocale = useProfileLocale({ enabled: signedIn });
  const effective = signedIn ? profileLocale.data?.effective : undefined;

  const deciding = me.isPending || branding.isPending || (signedIn && profileLocale.isPending);
  const wanted: Language | null = deciding
    ? null
    : chooseLanguage({
        signedInLanguage: effective?.language,
        browserLanguages: browserLanguages(),
        organisationLanguage: branding.data?.language,
      });

  const [shown, setShown] = useState<Language | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    switchLanguage(webI18n, wanted, bundledCatalogues, englishResources).then(
      () => current && setShown(wanted),
      // A catalogue that cannot be fetched (a deploy replaced the chunks): English rather than nothing.
      () => {
        if (!current) return;
        void webI18n.changeLanguage('en');
        setShown('en');
      },
    );
    return () => {
      current = false;
    };
  }, [wanted]);

  const dir = shown ? directionOf(shown) : 'ltr';
  useLayoutEffect(() => {
    if (!shown) return;
    document.documentElement.lang = shown;
    document.documentElement.dir = dir;
  }, [shown, dir]);

  const locale = useMemo<ViewerLocale | null>(() => {
    if (!shown) return null;
    return {
      language: shown,
      timeZone: effective?.timeZone ?? branding.data?.timeZone ?? 'UTC',
      dateFormat: asDateFormat(effective?.dateFormat ?? branding.data?.dateFormat),
      currency: effective?.currency ?? branding.data?.currency ?? 'EUR',
    };
  }, [shown, effective, branding.data]);
  const direction = useMemo(() => ({ dir, setDirection: noop, toggleDirection: noop }), [dir]);

  if (!locale) return <BootFrame label={webI18n.t('ui:boot.loading')} />;
  return (
    <I18nextProvider i18n={webI18n}>
      <DirectionContext value={direction}>
        <LocaleContext value={locale}>{children}</LocaleContext>
      </DirectionContext>
    </I18nextProvider>
  );
}
