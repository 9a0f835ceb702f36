import { legibleColour } from './contrast';

/**
 * Chart colours and fonts as a Vega-Lite `config`. Specs carry no colours of their own (only named
 * styles: 'reference', 'extrapolation', 'optimum', 'crosshair'), so one spec renders in any theme and
 * the renderer restyles by swapping this config.
 */
export interface ChartTheme {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  background: string;
  foreground: string;
  /** Axis domains, ticks and secondary text. */
  muted: string;
  grid: string;
  /** Categorical series colours (runs, laws). */
  palette: string[];
  /** Ordered series colours (model sizes, budgets), low to high. */
  ramp: string[];
  /** Fill of the extrapolation region (drawn translucent). */
  extrapolation: string;
  /** Crosshair, optimum markers and reference lines. */
  accent: string;
  fontFamily: string;
  fontSize: number;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif';

// Tableau-10 based; the ramps are viridis cut so the end next to the background stays visible.
export const LIGHT_THEME: ChartTheme = {
  kind: 'light',
  background: '#ffffff',
  foreground: '#1f1f1f',
  muted: '#616161',
  grid: '#e5e5e5',
  palette: ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#1b9e77', '#7570b3'],
  ramp: ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b'],
  extrapolation: '#808080',
  accent: '#c4314b',
  fontFamily: FONT,
  fontSize: 11,
};

export const DARK_THEME: ChartTheme = {
  kind: 'dark',
  background: '#1e1e1e',
  foreground: '#cccccc',
  muted: '#9d9d9d',
  grid: '#3a3a3a',
  palette: ['#6fa8dc', '#f6b26b', '#ff7b7b', '#76d7c4', '#93c47d', '#ffe599', '#c39bd3', '#ffb3c1', '#c8a27c', '#d0d0d0', '#66c2a5', '#a6a1e6'],
  ramp: ['#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#dde318', '#fde725'],
  extrapolation: '#c0c0c0',
  accent: '#ff6b81',
  fontFamily: FONT,
  fontSize: 11,
};

/**
 * Contrast of series colours with the background: WCAG's 3:1 for non-text marks, with room for the
 * points' 0.85 opacity.
 */
const SERIES_CONTRAST = 4;

/** Vega-Lite config for a theme. */
export function themeConfig(theme: ChartTheme): Record<string, unknown> {
  const strong = theme.kind.startsWith('high-contrast');
  const legible = (colours: string[]) => colours.map((c) => legibleColour(c, theme.background, SERIES_CONTRAST));
  const accent = legibleColour(theme.accent, theme.background, SERIES_CONTRAST);
  const axis = {
    domainColor: theme.muted,
    tickColor: theme.muted,
    gridColor: theme.grid,
    labelColor: theme.foreground,
    titleColor: theme.foreground,
    labelFont: theme.fontFamily,
    titleFont: theme.fontFamily,
    labelFontSize: theme.fontSize,
    titleFontSize: theme.fontSize + 1,
    titleFontWeight: 'normal',
  };
  return {
    background: theme.background,
    font: theme.fontFamily,
    view: { stroke: theme.grid },
    axis,
    legend: {
      // Symbols not coloured by a scale (fitted / held out) in the text colour, not Vega's black.
      symbolFillColor: theme.foreground,
      symbolStrokeColor: theme.foreground,
      labelColor: theme.foreground,
      titleColor: theme.foreground,
      labelFont: theme.fontFamily,
      titleFont: theme.fontFamily,
      labelFontSize: theme.fontSize,
      titleFontSize: theme.fontSize,
      // Long series names (a target's column, "chinchilla on epochai_chinchilla") end in "…" so the legend
      // keeps within the room the renderer leaves beside the plot; the tooltip has them whole.
      labelLimit: 120,
    },
    title: { color: theme.foreground, subtitleColor: theme.muted, font: theme.fontFamily, fontSize: theme.fontSize + 3 },
    text: { color: theme.foreground, font: theme.fontFamily, fontSize: theme.fontSize },
    // The ordered ramp as a scheme: Vega spreads it over however many groups there are (three budgets
    // take its ends and middle), where a list gives them its first three, nearly equal, colours.
    range: { category: legible(theme.palette), ordinal: { scheme: legible(theme.ramp) }, ramp: legible(theme.ramp) },
    line: { strokeWidth: strong ? 2.5 : 1.8 },
    point: { size: 28, strokeWidth: 1.2 },
    style: {
      reference: { stroke: theme.muted, strokeDash: [4, 4], strokeWidth: 1, color: theme.muted },
      extrapolation: { color: theme.extrapolation, fill: theme.extrapolation, fillOpacity: theme.kind.startsWith('high-contrast') ? 0.25 : 0.12, strokeWidth: 0 },
      'extrapolation-label': { fill: theme.muted, fontStyle: 'italic' },
      // Opaque, unlike Vega's filled points (0.7): the marker is the answer the chart is read for.
      optimum: { fill: accent, stroke: theme.background, color: accent, strokeWidth: 1.5, opacity: 1 },
      'optimum-label': { fill: theme.foreground, fontWeight: 'bold' },
      crosshair: { stroke: accent, color: accent, strokeWidth: 1 },
      readout: { fill: theme.foreground, fontSize: theme.fontSize },
      // Eval points and forecast markers sit on lines of their own colour: a rim in the background colour keeps them apart.
      eval: { stroke: theme.background, strokeWidth: 0.8 },
      forecast: { stroke: theme.background, strokeWidth: 1.5 },
      'forecast-label': { fill: theme.foreground, fontWeight: 'bold' },
    },
  };
}
