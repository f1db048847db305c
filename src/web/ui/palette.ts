import {
  contrastingText,
  contrastRatio,
  luminance,
  parseHex,
  type Rgb,
  TEXT_CONTRAST,
} from '../../shared/colour.ts';

/**
 * Builds the ten shades Mantine wants from one brand colour. The brand colour itself sits at
 * PRIMARY_SHADE, so filled buttons show exactly the colour the organisation chose.
 */
export const PRIMARY_SHADE = 6;
export const DEFAULT_PRIMARY = '#1c7ed6';

export { contrastingText, contrastRatio, luminance, parseHex, TEXT_CONTRAST };

export type Palette = [string, string, string, string, string, string, string, string, string, string];

export function toHex({ r, g, b }: Rgb): string {
  const part = (n: number) =>
    Math.round(Math.min(255, Math.max(0, n)))
      .toString(16)
      .padStart(2, '0');
  return `#${part(r)}${part(g)}${part(b)}`;
}

/** Moves `color` towards `target` by `amount` (0 keeps the colour, 1 gives the target). */
export function mix(color: Rgb, target: Rgb, amount: number): Rgb {
  return {
    r: color.r + (target.r - color.r) * amount,
    g: color.g + (target.g - color.g) * amount,
    b: color.b + (target.b - color.b) * amount,
  };
}

const WHITE: Rgb = { r: 255, g: 255, b: 255 };
const BLACK: Rgb = { r: 0, g: 0, b: 0 };
// How far each lighter shade (0..5) moves towards white, and each darker one (7..9) towards black.
const TINTS = [0.9, 0.78, 0.62, 0.46, 0.3, 0.15] as const;
const SHADES = [0.15, 0.3, 0.45] as const;

export function buildPalette(hex: string): Palette {
  const base = parseHex(hex) ?? (parseHex(DEFAULT_PRIMARY) as Rgb);
  const [t0, t1, t2, t3, t4, t5] = TINTS.map((amount) => toHex(mix(base, WHITE, amount)));
  const [s7, s8, s9] = SHADES.map((amount) => toHex(mix(base, BLACK, amount)));
  return [t0!, t1!, t2!, t3!, t4!, t5!, toHex(base), s7!, s8!, s9!];
}

/** `#rrggbb` to the `rgb(r, g, b)` form browsers report from getComputedStyle. */
export function hexToRgbString(hex: string): string | null {
  const rgb = parseHex(hex);
  return rgb ? `rgb(${rgb.r}, ${rgb.g}, ${rgb.b})` : null;
}

function readableOnAll(colour: string, backgrounds: readonly string[], min: number): boolean {
  return backgrounds.every((bg) => contrastRatio(colour, bg) >= min);
}

/**
 * A colour from `palette` for text on `backgrounds`: the first shade from `from` towards the darker end
 * (`towards: 'dark'`, for light backgrounds) or the lighter end (`'light'`, for dark ones) that reaches
 * `min` on every background. When no shade does (a pale yellow on white), the last one is mixed further
 * towards black or white until it does, so the result is always readable and still of the same hue.
 */
export function readableShade(
  palette: readonly string[],
  backgrounds: readonly string[],
  options: { from: number; towards: 'dark' | 'light'; min?: number },
): string {
  const min = options.min ?? TEXT_CONTRAST;
  const step = options.towards === 'dark' ? 1 : -1;
  const end = options.towards === 'dark' ? palette.length - 1 : 0;
  for (let i = options.from; step > 0 ? i <= end : i >= end; i += step) {
    const shade = palette[i];
    if (shade && readableOnAll(shade, backgrounds, min)) return shade.toLowerCase();
  }
  const last = parseHex(palette[end] ?? '#808080') ?? { r: 128, g: 128, b: 128 };
  const target = options.towards === 'dark' ? BLACK : WHITE;
  for (let amount = 0.05; amount < 1; amount += 0.05) {
    const mixed = toHex(mix(last, target, amount));
    if (readableOnAll(mixed, backgrounds, min)) return mixed;
  }
  return toHex(target);
}

/**
 * The background for filled buttons and badges of a stock colour (red, teal, …): the first shade from
 * `from` that white text is readable on, or the shade itself (with black text) for colours too light for
 * white at any shade (yellow). The organisation's own colours keep their exact shade instead.
 */
export function filledShade(palette: readonly string[], from: number): string {
  for (let i = from; i < palette.length && i <= from + 2; i++) {
    const shade = palette[i];
    if (shade && contrastRatio('#ffffff', shade) >= TEXT_CONTRAST) return shade.toLowerCase();
  }
  return (palette[from] ?? '#000000').toLowerCase();
}
