import { createTheme, type MantineThemeOverride } from '@mantine/core';
import type { Branding } from '../../shared/schemas/settings.ts';
import { buildPalette, DEFAULT_PRIMARY, PRIMARY_SHADE } from './palette.ts';

const DEFAULT_ACCENT = '#f08c00';

/** The Mantine theme in the organisation's colours: `brand` is the primary colour, `accent` the second one. */
export function buildTheme(branding?: Pick<Branding, 'primaryColor' | 'accentColor'>): MantineThemeOverride {
  return createTheme({
    primaryColor: 'brand',
    primaryShade: PRIMARY_SHADE,
    colors: {
      brand: buildPalette(branding?.primaryColor ?? DEFAULT_PRIMARY),
      accent: buildPalette(branding?.accentColor ?? DEFAULT_ACCENT),
    },
    // Brand colours can be light (yellow, pastel): pick black or white text so labels stay readable.
    autoContrast: true,
    luminanceThreshold: 0.4,
    focusRing: 'auto',
    defaultRadius: 'md',
    cursorType: 'pointer',
    // Page titles sized to fit a 360 px phone without taking the whole first screen.
    headings: {
      sizes: {
        h1: { fontSize: '1.75rem', lineHeight: '1.25' },
        h2: { fontSize: '1.375rem', lineHeight: '1.3' },
        h3: { fontSize: '1.125rem', lineHeight: '1.35' },
        h4: { fontSize: '1rem', lineHeight: '1.4' },
      },
    },
  });
}
