import {
  Autocomplete,
  type CSSVariablesResolver,
  createTheme,
  Drawer,
  defaultVariantColorsResolver,
  type MantineTheme,
  type MantineThemeOverride,
  Modal,
  MultiSelect,
  parseThemeColor,
  rem,
  Select,
  TagsInput,
  type VariantColorsResolver,
} from '@mantine/core';
import type { Branding } from '../../shared/schemas/settings.ts';
import {
  buildPalette,
  contrastingText,
  DEFAULT_PRIMARY,
  filledShade,
  PRIMARY_SHADE,
  parseHex,
  readableShade,
} from './palette.ts';

const DEFAULT_ACCENT = '#f08c00';

/** The colours the organisation chooses: their filled shade is kept exactly as chosen. */
const BRAND_COLOURS = new Set(['brand', 'accent']);

/**
 * The surfaces text sits on in each scheme: the page, the slightly tinted rows and sections, and the
 * hover shade. Every text colour the theme derives reaches 4.5:1 on all of them (WCAG 2.2 AA).
 */
export const SURFACES = {
  light: ['#ffffff', '#f8f9fa', '#f1f3f5'],
  dark: ['#242424', '#2e2e2e', '#3b3b3b'],
} as const;

/** Secondary text ("dimmed"), placeholders and the text of disabled fields, per scheme. */
export const DIMMED = { light: '#5c636a', dark: '#a6a6a6' } as const;

/** Words the theme gives components, in the viewer's language (English where none are given: tests). */
export interface ThemeWords {
  closeDialog: string;
  closePanel: string;
}

/**
 * An option list scrolls in the listbox itself rather than in a scroll area inside it: the scrolling
 * element is then the combobox's popup, which people move through from the field with the arrow keys
 * (axe: scrollable-region-focusable otherwise, an unfocusable scrolling box).
 */
const comboboxList = {
  defaultProps: { withScrollArea: false },
  styles: { options: { maxHeight: rem(280), overflowY: 'auto' as const } },
};

/** The Mantine theme in the organisation's colours: `brand` is the primary colour, `accent` the second one. */
export function buildTheme(
  branding?: Pick<Branding, 'primaryColor' | 'accentColor'>,
  words: ThemeWords = { closeDialog: 'Close the dialog', closePanel: 'Close the panel' },
): MantineThemeOverride {
  return createTheme({
    primaryColor: 'brand',
    primaryShade: PRIMARY_SHADE,
    colors: {
      brand: buildPalette(branding?.primaryColor ?? DEFAULT_PRIMARY),
      accent: buildPalette(branding?.accentColor ?? DEFAULT_ACCENT),
    },
    // Brand colours can be anything from pale yellow to navy: text on them is black or white, whichever
    // stands out more (0.179 is the luminance where both reach the same contrast, at least 4.58:1).
    autoContrast: true,
    luminanceThreshold: 0.179,
    variantColorResolver,
    components: {
      // Icon-only close buttons get a name (axe: button-name, critical).
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': words.closeDialog } } }),
      Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': words.closePanel } } }),
      Select: Select.extend(comboboxList),
      MultiSelect: MultiSelect.extend(comboboxList),
      Autocomplete: Autocomplete.extend(comboboxList),
      TagsInput: TagsInput.extend(comboboxList),
    },
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

/**
 * Filled buttons and badges of a theme colour take their text colour from `--mantine-color-X-contrast`,
 * which the resolver below sets to black or white for the shade actually shown; a colour given as a
 * value gets black or white for that value.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const result = defaultVariantColorsResolver(input);
  if (input.variant !== 'filled') return result;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (parsed.isThemeColor && parsed.shade === undefined) {
    return { ...result, color: `var(--mantine-color-${parsed.color}-contrast)` };
  }
  if (parseHex(parsed.value)) return { ...result, color: contrastingText(parsed.value) };
  return result;
};

type Scheme = 'light' | 'dark';

/** The variables of one theme colour that decide the colour of text, for one scheme. */
export function colourVariables(
  name: string,
  palette: readonly string[],
  scheme: Scheme,
): Record<string, string> {
  const surfaces = SURFACES[scheme];
  const filled = BRAND_COLOURS.has(name)
    ? (palette[PRIMARY_SHADE] ?? '#000000').toLowerCase()
    : filledShade(palette, PRIMARY_SHADE);
  const contrast = contrastingText(filled);
  const filledIndex = palette.findIndex((shade) => shade.toLowerCase() === filled);
  // Hovering moves away from the text colour, so the label stays readable on the hover shade too.
  const hoverIndex = contrast === '#ffffff' ? Math.min(filledIndex + 1, 9) : Math.max(filledIndex - 1, 0);
  const vars: Record<string, string> = {
    [`--mantine-color-${name}-filled`]: filled,
    [`--mantine-color-${name}-filled-hover`]: palette[hoverIndex] ?? filled,
    [`--mantine-color-${name}-contrast`]: contrast,
  };
  if (scheme === 'light') {
    const light = palette[1] ?? '#ffffff';
    const lightHover = palette[2] ?? light;
    vars[`--mantine-color-${name}-text`] = readableShade(palette, surfaces, { from: 6, towards: 'dark' });
    vars[`--mantine-color-${name}-light`] = light;
    vars[`--mantine-color-${name}-light-hover`] = lightHover;
    vars[`--mantine-color-${name}-light-color`] = readableShade(palette, [...surfaces, light, lightHover], {
      from: 7,
      towards: 'dark',
    });
    vars[`--mantine-color-${name}-outline`] = readableShade(palette, surfaces, { from: 6, towards: 'dark' });
  } else {
    // The dark scheme's light variant: the darkest shade darkened further, as Mantine does.
    const base = parseHex(palette[9] ?? '#000000') ?? { r: 0, g: 0, b: 0 };
    const toHexDark = (amount: number) =>
      `#${[base.r, base.g, base.b]
        .map((c) =>
          Math.round(c * (1 - amount))
            .toString(16)
            .padStart(2, '0'),
        )
        .join('')}`;
    const light = toHexDark(0.5);
    const lightHover = toHexDark(0.3);
    vars[`--mantine-color-${name}-text`] = readableShade(palette, surfaces, { from: 4, towards: 'light' });
    vars[`--mantine-color-${name}-light`] = light;
    vars[`--mantine-color-${name}-light-hover`] = lightHover;
    vars[`--mantine-color-${name}-light-color`] = readableShade(palette, [...surfaces, light, lightHover], {
      from: 1,
      towards: 'light',
    });
    vars[`--mantine-color-${name}-outline`] = readableShade(palette, surfaces, { from: 3, towards: 'light' });
  }
  return vars;
}

/**
 * Mantine's colours, adjusted so that every text colour reaches WCAG AA contrast in both schemes: secondary
 * text, placeholders, disabled fields, errors, links and the text variants of every theme colour
 * (the organisation's too, whatever it chose). Passed to MantineProvider beside the theme.
 */
export const cssVariablesResolver: CSSVariablesResolver = (theme: MantineTheme) => {
  const light: Record<string, string> = {};
  const dark: Record<string, string> = {};
  for (const [name, palette] of Object.entries(theme.colors)) {
    if (!Array.isArray(palette)) continue;
    Object.assign(light, colourVariables(name, palette, 'light'));
    Object.assign(dark, colourVariables(name, palette, 'dark'));
  }
  const brand = theme.colors[theme.primaryColor] ?? [];
  return {
    variables: {},
    light: {
      ...light,
      '--mantine-primary-color-contrast':
        light[`--mantine-color-${theme.primaryColor}-contrast`] ?? '#ffffff',
      '--mantine-color-dimmed': DIMMED.light,
      '--mantine-color-placeholder': DIMMED.light,
      '--mantine-color-disabled-color': DIMMED.light,
      '--mantine-color-anchor': readableShade(brand, SURFACES.light, {
        from: PRIMARY_SHADE,
        towards: 'dark',
      }),
      '--mantine-color-error': light['--mantine-color-red-text'] ?? '#c92a2a',
      '--mantine-color-success': light['--mantine-color-teal-text'] ?? '#087f5b',
    },
    dark: {
      ...dark,
      '--mantine-primary-color-contrast': dark[`--mantine-color-${theme.primaryColor}-contrast`] ?? '#ffffff',
      '--mantine-color-dimmed': DIMMED.dark,
      '--mantine-color-placeholder': DIMMED.dark,
      '--mantine-color-disabled-color': DIMMED.dark,
      '--mantine-color-anchor': readableShade(brand, SURFACES.dark, { from: 4, towards: 'light' }),
      '--mantine-color-error': dark['--mantine-color-red-text'] ?? '#ff8787',
      '--mantine-color-success': dark['--mantine-color-teal-text'] ?? '#63e6be',
    },
  };
};
