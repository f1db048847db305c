import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_THEME, mergeMantineTheme } from '@mantine/core';
import fc from 'fast-check';
import { buildPalette, contrastRatio, TEXT_CONTRAST } from './palette.ts';
import { buildTheme, colourVariables, cssVariablesResolver, DIMMED, SURFACES } from './theme.ts';

const hexColour = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map(([r, g, b]) => `#${[r, g, b].map((n) => n.toString(16).padStart(2, '0')).join('')}`);

function readable(foreground: string | undefined, backgrounds: readonly string[], what: string) {
  assert.ok(foreground, `${what} is set`);
  for (const bg of backgrounds) {
    const ratio = contrastRatio(foreground, bg);
    assert.ok(ratio >= TEXT_CONTRAST, `${what}: ${foreground} on ${bg} is ${ratio.toFixed(2)}:1`);
  }
}

/** Every text colour a theme colour gives, on the backgrounds it is drawn on, in one scheme. */
function assertReadable(name: string, palette: readonly string[], scheme: 'light' | 'dark') {
  const v = colourVariables(name, palette, scheme);
  const at = (key: string) => v[`--mantine-color-${name}-${key}`] as string;
  readable(at('contrast'), [at('filled'), at('filled-hover')], `${scheme} ${name} filled`);
  readable(at('text'), SURFACES[scheme], `${scheme} ${name} text`);
  readable(at('outline'), SURFACES[scheme], `${scheme} ${name} outline`);
  readable(
    at('light-color'),
    [at('light'), at('light-hover'), ...SURFACES[scheme]],
    `${scheme} ${name} light`,
  );
}

describe('theme contrast', () => {
  it('keeps any brand colour readable in both schemes, and the filled shade exactly as chosen', () => {
    fc.assert(
      fc.property(hexColour, (colour) => {
        const palette = buildPalette(colour);
        for (const scheme of ['light', 'dark'] as const) {
          assertReadable('brand', palette, scheme);
          assert.equal(colourVariables('brand', palette, scheme)['--mantine-color-brand-filled'], colour);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('makes every stock Mantine colour readable in both schemes', () => {
    for (const [name, palette] of Object.entries(DEFAULT_THEME.colors)) {
      for (const scheme of ['light', 'dark'] as const) assertReadable(name, palette, scheme);
    }
  });

  it('dims secondary text, placeholders and disabled text no further than 4.5:1', () => {
    const theme = mergeMantineTheme(
      DEFAULT_THEME,
      buildTheme({ primaryColor: '#ffe066', accentColor: '#0f9d76' }),
    );
    const { light, dark } = cssVariablesResolver(theme);
    for (const key of ['dimmed', 'placeholder', 'disabled-color', 'anchor', 'error']) {
      readable(light[`--mantine-color-${key}`], SURFACES.light, `light ${key}`);
      readable(dark[`--mantine-color-${key}`], SURFACES.dark, `dark ${key}`);
    }
    assert.equal(light['--mantine-color-dimmed'], DIMMED.light);
    // A pale yellow brand: black text on its buttons, and a darker yellow for links.
    assert.equal(light['--mantine-primary-color-contrast'], '#000000');
  });
});
