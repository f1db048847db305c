import {
  localStorageColorSchemeManager,
  type MantineColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { ColourScheme } from '../../shared/schemas/profile.ts';
import { useAppearance } from '../api/profile.ts';

/**
 * Where this browser keeps the person's colour scheme, so the next page load starts in it before anything
 * is fetched. colour-scheme-boot.js reads the same key before the first paint; keep the two in step.
 */
export const COLOUR_SCHEME_KEY = 'portico-colour-scheme';

export const colourSchemeManager = localStorageColorSchemeManager({ key: COLOUR_SCHEME_KEY });

/** The account's `system` is Mantine's `auto` (follow `prefers-color-scheme`). */
export function toMantineScheme(scheme: ColourScheme): MantineColorScheme {
  return scheme === 'system' ? 'auto' : scheme;
}

export function fromMantineScheme(scheme: MantineColorScheme): ColourScheme {
  return scheme === 'auto' ? 'system' : scheme;
}

/**
 * Applies the colour scheme stored on the signed-in person's account (chosen on another device, say) and
 * caches it in this browser. Mounted once in the signed-in frame of both faces.
 */
export function useAccountColourScheme(): void {
  const appearance = useAppearance();
  const { setColorScheme } = useMantineColorScheme();
  const stored = appearance.data?.colourScheme;
  // Only a newly read account value is applied: a choice made here goes to the account first.
  const applied = useRef<ColourScheme | undefined>(undefined);
  useEffect(() => {
    if (!stored || applied.current === stored) return;
    applied.current = stored;
    setColorScheme(toMantineScheme(stored));
  }, [stored, setColorScheme]);
}
