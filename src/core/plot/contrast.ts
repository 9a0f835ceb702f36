/**
 * Series colours that stand out from the chart background (WCAG non-text contrast). Editor themes hand
 * us colours that do not: VS Code's charts.orange on white is 2.9:1, and some themes give translucent
 * ones (rgba(234, 92, 0, 0.33)) that all but vanish. Each colour is made opaque over the background and
 * moved towards black (on a light background) or white (on a dark one) until it reaches the contrast.
 */

type Rgb = [number, number, number];

/** `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb(…)`, `rgba(…)` as an RGB colour and its alpha; other forms are not read. */
function parseColour(colour: string): { rgb: Rgb; alpha: number } | undefined {
  const text = colour.trim().toLowerCase();
  const hex = /^#([\da-f]{3}|[\da-f]{6}|[\da-f]{8})$/.exec(text)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    const byte = (i: number) => Number.parseInt(full.slice(i, i + 2), 16);
    return { rgb: [byte(0), byte(2), byte(4)], alpha: full.length === 8 ? byte(6) / 255 : 1 };
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(text);
  if (!fn) return undefined;
  const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? Number.parseFloat(fn[4]) / 100 : Number(fn[4]);
  return { rgb: [Number(fn[1]), Number(fn[2]), Number(fn[3])], alpha: Math.min(1, Math.max(0, alpha)) };
}

function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => a[i] + (b[i] - a[i]) * t) as Rgb;
}

function hex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * `colour`, opaque and with at least `minimum` contrast against `background`; unchanged when it already
 * has it, or when either colour is in a form this does not read (a named colour, hsl()).
 */
export function legibleColour(colour: string, background: string, minimum: number): string {
  const fg = parseColour(colour);
  const bg = parseColour(background);
  if (!fg || !bg) return colour;
  let rgb = mix(bg.rgb, fg.rgb, fg.alpha);
  if (fg.alpha === 1 && contrast(rgb, bg.rgb) >= minimum) return colour;
  const target: Rgb = luminance(bg.rgb) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  for (let step = 0; step < 20 && contrast(rgb, bg.rgb) < minimum; step++) rgb = mix(rgb, target, 0.1);
  return hex(rgb);
}
