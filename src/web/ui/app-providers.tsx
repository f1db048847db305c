import { Container, MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Branding } from '../../shared/schemas/settings.ts';
import { useBranding } from '../api/branding.ts';
import { createAppQueryClient } from '../api/query-client.ts';
import { BrandingContext } from './branding-context.ts';
import { colourSchemeManager } from './colour-scheme.ts';
import { PageTitleContext } from './document-title.ts';
import { I18nProvider } from './i18n/i18n-provider.tsx';
import { ErrorState, FullPageLoader } from './states.tsx';
import { buildTheme, cssVariablesResolver } from './theme.ts';

type T = (key: string, params?: Record<string, unknown>) => string;

interface AppProvidersProps {
  /** The browser tab title for this face, from the organisation's branding, in the viewer's language. */
  titleFor: (branding: Branding, t: T) => string;
  children: ReactNode;
}

export function AppProviders({ titleFor, children }: AppProvidersProps) {
  const [queryClient] = useState(createAppQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <BrandedTheme titleFor={titleFor}>{children}</BrandedTheme>
      </I18nProvider>
    </QueryClientProvider>
  );
}

function BrandedTheme({ titleFor, children }: AppProvidersProps) {
  const { t, i18n } = useTranslation();
  const branding = useBranding();
  // An unset portal name is the catalogue's default, in the viewer's language (and follows a change of it).
  const portalDefault = branding.data
    ? t('common:portalName.default', { name: branding.data.organisationName })
    : '';
  const data = useMemo(
    () => branding.data && { ...branding.data, portalName: branding.data.portalName || portalDefault },
    [branding.data, portalDefault],
  );
  const closeDialog = t('ui:common.closeDialog');
  const closePanel = t('ui:common.closePanel');
  const theme = useMemo(() => buildTheme(data, { closeDialog, closePanel }), [data, closeDialog, closePanel]);
  const [pageTitle, setPageTitle] = useState<string | null>(null);

  // Follows the language at once (t changes with it), the branding, and the page shown.
  const language = i18n.language;
  useEffect(() => {
    if (!data || !language) return;
    const face = titleFor(data, (key, params) => t(key, params ?? {}));
    document.title = pageTitle ? t('ui:documentTitle.page', { page: pageTitle, face }) : face;
  }, [data, titleFor, t, language, pageTitle]);

  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colourSchemeManager}
      defaultColorScheme="auto"
    >
      {data ? (
        <BrandingContext value={data}>
          <PageTitleContext value={setPageTitle}>{children}</PageTitleContext>
        </BrandingContext>
      ) : branding.isError ? (
        <Container size="sm" py="xl">
          <ErrorState
            title={t('ui:app.couldNotLoad')}
            error={branding.error}
            onRetry={() => void branding.refetch()}
          />
        </Container>
      ) : (
        <FullPageLoader />
      )}
    </MantineProvider>
  );
}
