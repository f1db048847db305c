/**
 * Builds the ten shades Mantine wants from one brand colour. The brand colour itself sits at
 * PRIMARY_SHADE, so filled buttons show exactly the colour the organisation chose.
 */
export const PRIMARY_SHADE = 6;
export const DEFAULT_PRIMARY = '#1c7ed6';

export type Palette = [string, string, string, string, string, string, string, string, string, string];

interface Rgb {
  r: number;
  g: number;
  b: number;
}

export function parseHex(hex: string): Rgb | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match?.[1]) return null;
  const value = Number.parseInt(match[1], 16);
  return { r: (value >> 16) & 0xff, g: (value >> 8) & 0xff, b: value & 0xff };
}

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

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function luminance(hex: string): number {
  const rgb = parseHex(hex);
  if (!rgb) return 0;
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(rgb.r) + 0.7152 * channel(rgb.g) + 0.0722 * channel(rgb.b);
}

/** `#rrggbb` to the `rgb(r, g, b)` form browsers report from getComputedStyle. */
export function hexToRgbString(hex: string): string | null {
  const rgb = parseHex(hex);
  return rgb ? `rgb(${rgb.r}, ${rgb.g}, ${rgb.b})` : null;
}
