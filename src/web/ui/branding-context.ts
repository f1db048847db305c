import { createContext, useContext } from 'react';
import type { Branding } from '../../shared/schemas/settings.ts';

export const BrandingContext = createContext<Branding | null>(null);

/** Branding of the organisation; the app renders nothing below the providers until it has loaded. */
export function useBrandingContext(): Branding {
  const branding = useContext(BrandingContext);
  if (!branding) throw new Error('useBrandingContext must be used below <AppProviders>');
  return branding;
}
