import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  buildPalette,
  contrastingText,
  contrastRatio,
  DEFAULT_PRIMARY,
  filledShade,
  hexToRgbString,
  luminance,
  PRIMARY_SHADE,
  parseHex,
  readableShade,
  TEXT_CONTRAST,
} from './palette.ts';

const hexColour = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map(([r, g, b]) => `#${[r, g, b].map((n) => n.toString(16).padStart(2, '0')).join('')}`);

describe('buildPalette', () => {
  it('keeps the chosen colour at the primary shade', () => {
    const palette = buildPalette('#0B7A75');
    assert.equal(palette.length, 10);
    assert.equal(palette[PRIMARY_SHADE], '#0b7a75');
  });

  it('goes from light to dark', () => {
    for (const colour of ['#0b7a75', '#e8590c', '#000000', '#ffffff', '#7048e8']) {
      const palette = buildPalette(colour);
      for (let i = 1; i < palette.length; i++) {
        assert.ok(
          luminance(palette[i - 1]!) >= luminance(palette[i]!),
          `${colour}: shade ${i - 1} should be at least as light as shade ${i}`,
        );
      }
      assert.ok(luminance(palette[0]) > 0.75, `${colour}: the lightest shade is near white`);
    }
  });

  it('gives valid hex colours only', () => {
    for (const shade of buildPalette('#123456')) assert.match(shade, /^#[0-9a-f]{6}$/);
  });

  it('falls back to the default colour for bad input', () => {
    assert.equal(buildPalette('not a colour')[PRIMARY_SHADE], DEFAULT_PRIMARY);
    assert.equal(buildPalette('#12345')[PRIMARY_SHADE], DEFAULT_PRIMARY);
  });
});

describe('colour helpers', () => {
  it('parses hex with or without #', () => {
    assert.deepEqual(parseHex('#ff8000'), { r: 255, g: 128, b: 0 });
    assert.deepEqual(parseHex('FF8000'), { r: 255, g: 128, b: 0 });
    assert.equal(parseHex('#fff'), null);
  });

  it('formats like getComputedStyle', () => {
    assert.equal(hexToRgbString('#1c7ed6'), 'rgb(28, 126, 214)');
  });

  it('measures luminance', () => {
    assert.equal(luminance('#000000'), 0);
    assert.ok(Math.abs(luminance('#ffffff') - 1) < 1e-9);
  });
});

describe('contrast', () => {
  it('measures the WCAG contrast ratio', () => {
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#ffffff', '#ffffff'), 1);
    // The grey Mantine dims text with, which axe found too faint on white.
    assert.equal(Math.round(contrastRatio('#868e96', '#ffffff') * 100) / 100, 3.32);
  });

  it('puts black or white text on any colour, never below 4.5:1', () => {
    fc.assert(
      fc.property(hexColour, (colour) => {
        assert.ok(contrastRatio(contrastingText(colour), colour) >= TEXT_CONTRAST, colour);
      }),
    );
    assert.equal(contrastingText('#fab005'), '#000000', 'black on yellow');
    assert.equal(contrastingText('#1971c2'), '#ffffff', 'white on a deep blue');
  });

  it('finds a readable shade of any colour on the light and the dark surfaces', () => {
    fc.assert(
      fc.property(hexColour, (colour) => {
        const palette = buildPalette(colour);
        const onLight = readableShade(palette, ['#ffffff', '#f1f3f5'], { from: 6, towards: 'dark' });
        const onDark = readableShade(palette, ['#242424', '#3b3b3b'], { from: 4, towards: 'light' });
        for (const bg of ['#ffffff', '#f1f3f5'])
          assert.ok(contrastRatio(onLight, bg) >= TEXT_CONTRAST, colour);
        for (const bg of ['#242424', '#3b3b3b'])
          assert.ok(contrastRatio(onDark, bg) >= TEXT_CONTRAST, colour);
      }),
    );
  });

  it('keeps a shade that is readable already, and darkens a pale one only as far as needed', () => {
    const navy = buildPalette('#1a237e');
    assert.equal(readableShade(navy, ['#ffffff'], { from: 6, towards: 'dark' }), '#1a237e');
    const yellow = buildPalette('#ffe066');
    const shade = readableShade(yellow, ['#ffffff'], { from: 6, towards: 'dark' });
    assert.ok(contrastRatio(shade, '#ffffff') >= TEXT_CONTRAST);
    assert.ok(contrastRatio(shade, '#ffffff') < 6, 'not needlessly close to black');
  });

  it('fills stock colours with a shade white text reads on, or keeps the shade for black text', () => {
    const red = [
      '#fff5f5',
      '#ffe3e3',
      '#ffc9c9',
      '#ffa8a8',
      '#ff8787',
      '#ff6b6b',
      '#fa5252',
      '#f03e3e',
      '#e03131',
      '#c92a2a',
    ];
    const filled = filledShade(red, 6);
    assert.ok(contrastRatio('#ffffff', filled) >= TEXT_CONTRAST, filled);
    const yellow = [
      '#fff9db',
      '#fff3bf',
      '#ffec99',
      '#ffe066',
      '#ffd43b',
      '#fcc419',
      '#fab005',
      '#f59f00',
      '#f08c00',
      '#e67700',
    ];
    assert.equal(filledShade(yellow, 6), '#fab005');
  });
});
