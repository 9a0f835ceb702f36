/**
 * What every plot's spec builder shares: the build context (datasets, fit labels, interactivity), the
 * payload's row shape, and the axis channels, so all plots read and behave alike.
 */
import { formatNumber, formatPercent } from '../format';
import { CUSTOM_LAW_ID, type Role } from '../types';
import { rowLabel } from '../fit/recommend';
import { fitSeries } from '../fitSeries';
import type { FitOutput } from '../../shared/fitOutput';
import { formatRole, ROLE_TITLES, roleNotation, type TickNotation, tickLabels } from './labels';
import { type ChartTheme, themeConfig } from './theme';

/** A Vega-Lite spec (checked by compiling it in tests, not by the very wide vega-lite types). */
export type VegaLiteSpec = Record<string, unknown>;

export interface SpecOptions {
  /** Applied as `config`; leave out to let the host apply its own theme. */
  theme?: ChartTheme;
  /** Zoom/pan, legend toggles, crosshair and the budget slider (off for static SVG). */
  interactive?: boolean;
  width?: number;
  height?: number;
  /** The learning curve's progress axis; default from where its points lie (see defaultXScale). */
  xScale?: XScale;
}

export type XScale = 'log' | 'linear';

export type Row = Record<string, string | number | Record<string, string | number>>;
export type Layer = Record<string, unknown>;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Interactive params the renderer keeps across a restyle: legend show/hide and the compute budget. */
export const HIDDEN = 'hidden';
export const BUDGET = 'budget';
/** The interval selection bound to the scales (pan by drag, zoom by Ctrl/Cmd + wheel). */
export const ZOOM = 'zoom';
/**
 * A plain wheel over a chart scrolls the notebook; only Ctrl/Cmd + wheel zooms. The filter also decides
 * which events Vega consumes (preventDefault), so an unmodified wheel reaches the page.
 */
const ZOOM_EVENTS = 'wheel![event.ctrlKey || event.metaKey]';

/** The pan/zoom param of a chart's main layer (one per spec: the renderer keeps and resets it by name). */
export function zoomParams(): Layer[] {
  return [{ name: ZOOM, select: { type: 'interval', zoom: ZOOM_EVENTS }, bind: 'scales' }];
}
/** Field of a point row holding its tooltip, already formatted (the renderer shows just this). */
export const TIP = 'tip';
const HELD_OUT = 'held out';
const FITTED = 'fitted';

/**
 * Short label of each fit: its law id (a custom law's formula, as the comparison table names it), and its
 * target when the fits have several (spec `loss: [a, b]`); with its options when the same law appears twice
 * (a comparison of saturating-power with and without offset), numbered when even those are the same.
 */
export function fitLabels(output: Pick<FitOutput, 'fits'>): string[] {
  const targets = fitSeries(output.fits);
  const ids = output.fits.map((f, i) => {
    const law = f.law.id === CUSTOM_LAW_ID ? f.law.formula : f.law.id;
    return targets ? `${law} on ${targets[i]}` : law;
  });
  const withOptions = output.fits.map((f, i) => rowLabel({ law: ids[i], options: f.request?.options }));
  const unique = (labels: string[], i: number) => labels.indexOf(labels[i]) === labels.lastIndexOf(labels[i]);
  return ids.map((id, i) => (unique(ids, i) ? id : unique(withOptions, i) ? withOptions[i] : `${id} #${i + 1}`));
}

export class Context {
  readonly interactive: boolean;
  readonly labels: string[];
  readonly datasets: Record<string, Row[]> = {};
  readonly params: Layer[] = [];

  constructor(
    readonly output: FitOutput,
    readonly options: SpecOptions,
  ) {
    this.interactive = options.interactive ?? true;
    this.labels = fitLabels(output);
  }

  dataset(name: string, rows: Row[]): { name: string } {
    if (name in this.datasets) throw new Error(`dataset ${name} defined twice`);
    this.datasets[name] = rows;
    return { name };
  }

  /** One row per observed point with display strings for the tooltip. */
  pointRows(x: Role): Row[] {
    const { points } = this.output;
    const held = new Set(points.heldOut);
    const roles = Object.keys(points.values) as Role[];
    return points.group.map((group, i) => {
      const row: Row = { x: points.values[x]![i], loss: points.values.loss![i], group, status: held.has(i) ? HELD_OUT : FITTED };
      points.predicted.forEach((predicted, f) => (row[`p${f}`] = predicted[i]));
      // Tooltip text only where there are tooltips: it is most of a static spec's size otherwise.
      if (!this.interactive) return row;
      const tip: Record<string, string | number> = { line: points.line[i], group };
      for (const role of roles) tip[role === 'loss' ? 'observed loss' : role] = formatRole(role, points.values[role]![i]) + (points.derived?.includes(role) ? ' (derived)' : '');
      points.predicted.forEach((predicted, f) => {
        const p = predicted[i];
        // A fit of another target (spec `loss: [a, b]`) does not predict this point.
        if (!Number.isFinite(p)) return;
        tip[`predicted (${this.labels[f]})`] = `${formatNumber(p)} (${formatPercent((p - points.values.loss![i]) / points.values.loss![i])})`;
      });
      tip.row = held.has(i) ? HELD_OUT : FITTED;
      return { ...row, [TIP]: tip };
    });
  }

  /** Point layer with the legend toggle and axis zoom/pan when interactive. */
  pointLayer(data: { name: string }, color: Layer, encoding: Layer): Layer {
    const heldOut = this.output.points.heldOut.length > 0;
    const layer: Layer = {
      name: 'points',
      data,
      // No per-item ARIA descriptions: formatting one for each of thousands of points doubles the
      // render time and a screen reader cannot use 2,000 of them; axes and title keep theirs.
      // The tooltip is the row's pre-formatted `tip` object, handed over as data: building a 10-field
      // tooltip per point through the CSP-safe expression interpreter was the costliest part of a render.
      mark: { type: 'point', filled: true, aria: false, ...(this.interactive ? { tooltip: { content: 'data' } } : {}) },
      encoding: {
        color,
        ...(heldOut ? { shape: { field: 'status', type: 'nominal', title: 'rows', scale: { domain: [FITTED, HELD_OUT], range: ['circle', 'diamond'] } } } : {}),
        opacity: this.hideable(0.85),
        ...encoding,
      },
    };
    if (this.interactive) {
      layer.params = zoomParams();
    }
    return layer;
  }

  /** Opacity that drops to 0 for series hidden from the legend. */
  hideable(visible: number): Layer | { value: number } {
    return this.interactive ? { condition: { param: HIDDEN, empty: false, value: 0 }, value: visible } : { value: visible };
  }

  /** Colour by `group`; ordered groups (model sizes, budgets) take the theme's ramp, others its palette. */
  groupColor(title: string, domain: string[], ordered: boolean): Layer {
    // Opaque legend symbols: they otherwise take the opacity of the first layer coloured by group (a band's 0.18).
    return { field: 'group', type: 'nominal', title, scale: { domain, range: ordered ? 'ordinal' : 'category' }, legend: { symbolOpacity: 1 } };
  }

  finish(body: Layer): VegaLiteSpec {
    // Vega-Lite merges the layers' colour legends into the first one's and keeps only that one's
    // legend binding, so the show/hide toggle must live on the first layer coloured by group.
    const views = (body.vconcat ?? [body]) as Layer[];
    const layers = views.flatMap((view) => (view.layer ?? []) as Layer[]);
    const first = layers.find((l) => ((l.encoding as Layer | undefined)?.color as Layer | undefined)?.field === 'group');
    if (this.interactive && first) {
      first.params = [{ name: HIDDEN, select: { type: 'point', fields: ['group'], toggle: 'true' }, bind: 'legend' }, ...((first.params as Layer[]) ?? [])];
    }
    const spec: VegaLiteSpec = {
      $schema: SCHEMA,
      ...this.sized(body, { width: this.options.width ?? 560, height: this.options.height ?? 360 }),
      datasets: this.datasets,
    };
    if (this.params.length > 0) spec.params = this.params;
    if (this.options.theme) spec.config = themeConfig(this.options.theme);
    return spec;
  }

  /** A single or layered view takes the plot size; a stacked one (vconcat) sized its own parts. */
  sized(body: Layer, size: { width: number; height: number }): Layer {
    return body.vconcat ? body : { ...size, ...body };
  }

}

/** Channel definitions shared by every layer of a chart, so layers never disagree on scale or title. */
export interface Axes {
  x: Layer;
  y: Layer;
}

/** A log axis labelled in one notation; labels keep a gap so neighbours never read as one ("1e+182e+18"). */
export function logChannel(title: string, notation: TickNotation = 'decimal', nice = true): Layer {
  return { type: 'quantitative', scale: { type: 'log', nice }, title, axis: { labelExpr: tickLabels(notation), labelSeparation: 8, tickCount: 6 } };
}

export function roleChannel(role: Role, title = ROLE_TITLES[role]): Layer {
  return logChannel(title, roleNotation(role));
}

/** Loss against a role; `lossDomain` fixes the loss axis (marks beyond it are clipped). */
export function lossAxes(x: Role, lossDomain?: [number, number]): Axes {
  const y = logChannel(ROLE_TITLES.loss, 'decimal', false);
  return { x: roleChannel(x), y: lossDomain ? { ...y, scale: { ...(y.scale as Layer), domain: lossDomain } } : y };
}

export function xy(axes: Axes, x: string, y: string): { x: Layer; y: Layer } {
  return { x: { ...axes.x, field: x }, y: { ...axes.y, field: y } };
}

/** Average width of a subtitle character in px at the chart font size (Vega draws titles on one line each). */
const CHAR_WIDTH = 5.6;

/** The plot's title over the output's notes (and the plot's own), each wrapped to the plot's width. */
export function titled(ctx: Context, text: string, notes: string[] = []): Layer {
  const all = [...ctx.output.notes, ...notes];
  const chars = Math.max(40, Math.floor((ctx.options.width ?? 560) / CHAR_WIDTH));
  const lines = all.length > 1 ? all.flatMap((note) => bulleted(wrap(note, chars - BULLET.length))) : all.flatMap((note) => wrap(note, chars));
  return { text, ...(lines.length > 0 ? { subtitle: lines } : {}), anchor: 'start' };
}

/** Several notes read as a list: a bullet per note, its wrapped lines indented under the bullet's text. */
const BULLET = '• ';
// SVG collapses ordinary leading spaces; no-break spaces keep the indent.
const INDENT = '\u00a0\u00a0\u00a0';

function bulleted(lines: string[]): string[] {
  return lines.map((line, i) => (i === 0 ? BULLET : INDENT) + line);
}

function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > chars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}
