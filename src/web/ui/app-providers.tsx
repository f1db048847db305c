import { Container, MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Branding } from '../../shared/schemas/settings.ts';
import { useBranding } from '../api/branding.ts';
import { createAppQueryClient } from '../api/query-client.ts';
import { BrandingContext } from './branding-context.ts';
import { colourSchemeManager } from './colour-scheme.ts';
import { I18nProvider } from './i18n/i18n-provider.tsx';
import { ErrorState, FullPageLoader } from './states.tsx';
import { buildTheme, cssVariablesResolver } from './theme.ts';

interface AppProvidersProps {
  /** The browser tab title for this face, from the organisation's branding. */
  titleFor: (branding: Branding) => string;
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
  const { t } = useTranslation();
  const branding = useBranding();
  const data = branding.data;
  const theme = useMemo(() => buildTheme(data), [data]);

  useEffect(() => {
    if (!data) return;
    document.title = titleFor(data);
  }, [data, titleFor]);

  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colourSchemeManager}
      defaultColorScheme="auto"
    >
      {data ? (
        <BrandingContext value={data}>{children}</BrandingContext>
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
