/**
 * Series colours made legible against the chart background (core/plot/contrast): the colours editor
 * themes really hand the renderer, measured with WCAG's contrast formula.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { legibleColour } from '../../src/core/plot/contrast';
import { DARK_THEME, LIGHT_THEME, themeConfig } from '../../src/core/plot';

function ratio(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("VS Code's charts.orange on a light editor (2.9:1) is darkened to 4:1, keeping its hue", () => {
  assert.ok(ratio('#d18616', '#ffffff') < 3);
  const fixed = legibleColour('#d18616', '#ffffff', 4);
  assert.ok(ratio(fixed, '#ffffff') >= 4, fixed);
  assert.ok(ratio(fixed, '#ffffff') < 5, `no darker than needed: ${fixed}`);
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(fixed.slice(i, i + 2), 16));
  assert.ok(r > g && g > b, `still orange: ${fixed}`);
});

test('a translucent theme colour (rgba(234, 92, 0, 0.33)) becomes opaque and legible on white and on dark grey', () => {
  for (const background of ['#ffffff', '#1f1f1f']) {
    const fixed = legibleColour('rgba(234, 92, 0, 0.33)', background, 4);
    assert.match(fixed, /^#[\da-f]{6}$/);
    assert.ok(ratio(fixed, background) >= 4, `${fixed} on ${background}`);
  }
  assert.match(legibleColour('#ea5c0054', '#1f1f1f', 4), /^#[\da-f]{6}$/, '#rrggbbaa too');
});

test('colours that already stand out, and forms it does not read, are left as they are', () => {
  assert.equal(legibleColour('#4e79a7', '#ffffff', 4), '#4e79a7');
  assert.equal(legibleColour('rebeccapurple', '#ffffff', 4), 'rebeccapurple');
  assert.equal(legibleColour('#d18616', 'var(--x)', 4), '#d18616');
});

test('every series colour of the built-in themes reaches 4:1 against its background', () => {
  for (const theme of [LIGHT_THEME, DARK_THEME]) {
    const range = themeConfig(theme).range as { category: string[]; ordinal: { scheme: string[] } };
    for (const colour of [...range.category, ...range.ordinal.scheme]) assert.ok(ratio(colour, theme.background) >= 4, `${theme.kind}: ${colour}`);
  }
});
