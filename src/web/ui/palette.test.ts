import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildPalette,
  DEFAULT_PRIMARY,
  hexToRgbString,
  luminance,
  PRIMARY_SHADE,
  parseHex,
} from './palette.ts';

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
