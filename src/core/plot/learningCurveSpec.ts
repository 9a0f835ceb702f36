/**
 * The learning-curve view: one training run's loss against its progress (step or tokens). Raw logged
 * values as faint dots, the smoothed line per series (train and eval apart), each fit solid over its
 * fitted range and dashed with its bootstrap band out to the end of the schedule, the forecast there,
 * and the residuals underneath on the same x axis.
 */
import { bracketIndex, maxOf, minOf, pushAll } from '../arrays';
import { formatCount, formatNumber, plural } from '../format';
import type { LearningCurveOutput, LearningCurveSeries, RunForecast } from '../../shared/fitOutput';
import { describeForecast } from '../curve/describe';
import { formatRole, ROLE_TITLES, tickLabels } from './labels';
import { type Context, type Layer, type Row, TIP, titled, type XScale, zoomParams } from './specContext';

/** Share of the logged x range treated as the initial transient when fitting the loss axis to the curve. */
const TRANSIENT = 0.05;
/** The transient is cut off the loss axis only when showing it would more than double the axis span. */
const CUT_FACTOR = 2;
/** Raw points in this two-sided tail (per-batch spikes) do not stretch the loss axis; they are counted in a note. */
const RAW_TAIL = 0.005;
const RESIDUAL_HEIGHT = 110;
/** Average width in px of a character of the bold forecast label. */
const LABEL_CHAR_WIDTH = 6.5;
/** Opacity of the raw dots and residuals: faint under the lines, but visible in high contrast (black on black otherwise). */
const FAINT = { normal: 0.35, strong: 0.65 };
const FITTED = 'fitted range';
const EXTRAPOLATED = 'extrapolation';

/**
 * Log x when the points crowd the start of the range (log-spaced checkpoints, curves digitised from a
 * log-x figure): half of them in its first quarter. Logs written every k steps are spread evenly, and on
 * a log axis nine tenths of them would sit in the last decade with the extrapolation squeezed into a
 * sliver at the right edge — for those the forecast reads best on a linear axis.
 */
export function defaultXScale(curve: LearningCurveOutput): XScale {
  const xs = curve.series.flatMap((s) => s.xs.filter((x) => x > 0)).sort((a, b) => a - b);
  if (xs.length < 3) return 'linear';
  const [lo, hi] = [xs[0], Math.max(xs[xs.length - 1], curve.until.value)];
  return hi / lo >= 10 && xs[Math.floor(xs.length / 2)] < lo + (hi - lo) / 4 ? 'log' : 'linear';
}

/** Linear interpolation of a sampled curve (the fit curves carry ~200 samples); undefined outside it. */
function interpolate(xs: number[], ys: number[], x: number): number | undefined {
  if (xs.length === 0 || x < xs[0] || x > xs[xs.length - 1]) return undefined;
  const lo = bracketIndex(xs, x);
  const hi = Math.min(lo + 1, xs.length - 1);
  const span = xs[hi] - xs[lo];
  return span > 0 ? ys[lo] + ((x - xs[lo]) / span) * (ys[hi] - ys[lo]) : ys[lo];
}

function nearestRank(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

interface Outside {
  /** Raw points off the plot (above or below the loss axis, or left of a log x axis), and the largest loss among them. */
  count: number;
  highest: number;
}

/**
 * The loss axis fits the smoothed curves, the fits and the forecasts once past the initial transient:
 * a run's first steps (loss 10 and more) would otherwise flatten everything a researcher reads. Linear,
 * not log: within such a domain the two differ by a few per cent, and linear ticks read as losses.
 */
function lossDomain(curve: LearningCurveOutput, keep: (x: number) => boolean): [number, number] {
  const xs = curve.series.flatMap((s) => s.xs);
  const first = minOf(xs);
  const settledFrom = first + TRANSIENT * (maxOf(xs) - first);
  const smooth = (from: number) => curve.series.flatMap((s) => (s.smooth ?? s.ys).filter((_, i) => s.xs[i] >= from && keep(s.xs[i])));
  const predicted = curve.fitCurves.flatMap((c) => c.xs.flatMap((x, i) => (x >= settledFrom && keep(x) ? [c.ys[i], c.lo?.[i] ?? c.ys[i], c.hi?.[i] ?? c.ys[i]] : [])));
  const forecasts = curve.forecasts.flatMap((f) => [f.loss, f.lo ?? f.loss, f.hi ?? f.loss]);
  const settled = [...smooth(settledFrom), ...predicted, ...forecasts].filter(Number.isFinite);
  const all = [...smooth(-Infinity), ...predicted, ...forecasts].filter(Number.isFinite);
  let lo = minOf(settled);
  let hi = maxOf(settled);
  const cut = maxOf(all) - lo > CUT_FACTOR * (hi - lo);
  const rawFrom = cut ? settledFrom : -Infinity;
  const raw = curve.series.flatMap((s) => s.ys.filter((y, i) => s.xs[i] >= rawFrom && keep(s.xs[i]) && Number.isFinite(y))).sort((a, b) => a - b);
  if (raw.length > 0) {
    lo = Math.min(lo, nearestRank(raw, RAW_TAIL));
    hi = Math.max(hi, nearestRank(raw, 1 - RAW_TAIL));
  }
  if (!cut) hi = Math.max(maxOf(all), hi);
  const pad = 0.04 * (hi - lo || Math.abs(hi) || 1);
  return [lo - pad, hi + pad];
}

function pointsOutside(curve: LearningCurveOutput, y: [number, number], x: [number, number]): Outside {
  let count = 0;
  let highest = -Infinity;
  for (const s of curve.series) {
    s.ys.forEach((v, i) => {
      if (v < y[0] || v > y[1] || s.xs[i] < x[0]) {
        count++;
        highest = Math.max(highest, v);
      }
    });
  }
  return { count, highest };
}

/**
 * A log x axis starts where the curve comes into view: the decades before, where the loss is above the
 * loss axis, would be an empty band as wide as the rest of the plot.
 */
function logXDomain(curve: LearningCurveOutput, y: [number, number]): [number, number] {
  const lines = [
    ...curve.series.map((s) => ({ xs: s.xs, ys: s.smooth ?? s.ys })),
    ...curve.fitCurves.map((c) => ({ xs: c.xs, ys: c.ys })),
  ];
  const starts = lines.map((l) => l.xs.find((x, i) => x > 0 && l.ys[i] <= y[1]) ?? Infinity);
  const last = maxOf([curve.until.value, ...curve.series.map((s) => maxOf(s.xs))]);
  const first = minOf(starts);
  return [Number.isFinite(first) ? first : minOf(curve.series.flatMap((s) => s.xs.filter((x) => x > 0))), last];
}

/** Decades, or 1-2-5 (1-2-3-5) steps within them when the axis has room for that many labels. */
function logTicks([lo, hi]: [number, number], width: number): number[] {
  const room = Math.max(3, Math.floor(width / 60));
  const ticks = (steps: number[]) => {
    const out: number[] = [];
    for (let decade = 10 ** Math.floor(Math.log10(lo)); decade <= hi; decade *= 10) {
      for (const m of steps) if (m * decade >= lo * (1 - 1e-9) && m * decade <= hi * (1 + 1e-9)) out.push(Number((m * decade).toPrecision(6)));
    }
    return out;
  };
  return [[1, 2, 3, 5], [1, 2, 5], [1, 3], [1]].map(ticks).find((t) => t.length <= room) ?? ticks([1]);
}

function faintness(ctx: Context): number {
  return ctx.options.theme?.kind.startsWith('high-contrast') ? FAINT.strong : FAINT.normal;
}

/** Legend name of a series: eval series say so even when their column does not. */
function seriesLabel(series: LearningCurveSeries): string {
  return series.kind === 'eval' && !/eval|val|test/i.test(series.name) ? `${series.name} (eval)` : series.name;
}

export function learningCurvePlot(ctx: Context): Layer {
  const curve = ctx.output.learningCurve;
  if (!curve) throw new Error('this fit output has no learning curve');
  const scale = ctx.options.xScale ?? defaultXScale(curve);
  const keep = (x: number) => Number.isFinite(x) && (scale === 'linear' || x > 0);
  const width = ctx.options.width ?? 560;
  const height = ctx.options.height ?? 360;
  const yDomain = lossDomain(curve, keep);
  const xDomain = scale === 'log' ? logXDomain(curve, yDomain) : undefined;
  const outside = pointsOutside(curve, yDomain, xDomain ?? [-Infinity, Infinity]);
  const role = curve.x;
  const xTitle = role === 'step' ? ROLE_TITLES.step : ROLE_TITLES.D;
  const x: Layer = {
    field: 'x',
    type: 'quantitative',
    title: xTitle,
    scale: xDomain ? { type: 'log', domain: xDomain, nice: false } : { type: 'linear', nice: false, zero: true },
    axis: { labelExpr: tickLabels('count'), ...(xDomain ? { values: logTicks(xDomain, width) } : { tickCount: Math.max(3, Math.round(width / 110)) }) },
  };
  const y: Layer = { field: 'loss', type: 'quantitative', title: ROLE_TITLES.loss, scale: { domain: yDomain, nice: false, zero: false }, axis: { format: '.3~f' } };
  const fitLabel = (fit: number) => ctx.labels[fit];
  const seriesNames = curve.series.map(seriesLabel);
  const fitNames = curve.fitCurves.map((c) => fitLabel(c.fit));
  // Line symbols at full opacity: the legend otherwise copies the first layer's faint dots.
  const color: Layer = {
    field: 'group',
    type: 'nominal',
    title: 'series',
    scale: { domain: [...seriesNames, ...fitNames], range: 'category' },
    legend: { symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3 },
  };
  const visible = ctx.hideable(1);
  const faint = faintness(ctx);

  const layers: Layer[] = [];
  const fittedTo = maxOf(curve.fitCurves.map((c) => c.fittedTo));
  // Shaded in both panels: residuals there are of rows the fit did not see (held out), a test of the forecast.
  const beyond: Layer | undefined =
    curve.until.value > fittedTo && keep(fittedTo)
      ? { data: ctx.dataset('lc-extrapolation', [{ x0: fittedTo, x1: curve.until.value }]), mark: { type: 'rect', style: 'extrapolation' }, encoding: { x: { ...x, field: 'x0' }, x2: { field: 'x1' } } }
      : undefined;
  if (beyond) layers.push({ name: 'extrapolation', ...beyond });
  const bands: Row[] = curve.fitCurves.flatMap((c) =>
    c.lo && c.hi ? c.xs.flatMap((v, i) => (keep(v) ? [{ x: v, lo: c.lo![i], hi: c.hi![i], group: fitLabel(c.fit) }] : [])) : [],
  );
  if (bands.length > 0) {
    layers.push({
      name: 'band',
      data: ctx.dataset('lc-band', bands),
      mark: { type: 'area', clip: true, aria: false },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color, detail: { field: 'group' }, opacity: ctx.hideable(0.2) },
    });
  }

  // Raw points: train faint and small (thousands, noisy), eval larger (few, each an average already).
  const smoothAt = (s: LearningCurveSeries, i: number) => s.smooth?.[i];
  const pointRows = (kind: 'train' | 'eval'): Row[] =>
    curve.series.flatMap((s, k) =>
      s.kind !== kind
        ? []
        : s.xs.flatMap((v, i) => {
            if (!keep(v) || !Number.isFinite(s.ys[i])) return [];
            const row: Row = { x: v, loss: s.ys[i], group: seriesNames[k] };
            if (!ctx.interactive) return [row];
            const tip: Record<string, string> = { [xTitle]: formatRole(role, v), [seriesNames[k]]: formatNumber(s.ys[i]) };
            const ema = smoothAt(s, i);
            if (ema !== undefined) tip[`EMA (${plural(curve.smoothing.window, 'row')})`] = formatNumber(ema);
            for (const c of curve.fitCurves) {
              const p = interpolate(c.xs, c.ys, v);
              if (p !== undefined) tip[`predicted (${fitLabel(c.fit)})`] = formatNumber(p);
            }
            return [{ ...row, [TIP]: tip }];
          }),
    );
  const tooltip = ctx.interactive ? { tooltip: { content: 'data' } } : {};
  const trainPoints = pointRows('train');
  if (trainPoints.length > 0) {
    layers.push({
      name: 'points',
      data: ctx.dataset('lc-train-points', trainPoints),
      mark: { type: 'point', filled: true, size: 7, clip: true, aria: false, ...tooltip },
      encoding: { x, y, color, opacity: ctx.hideable(faint) },
    });
  }

  // Smoothed lines; an eval series too short to smooth is joined point to point (its values are averages).
  const lineRows: Row[] = curve.series.flatMap((s, k) =>
    (s.smooth ?? (s.kind === 'eval' ? s.ys : [])).flatMap((v, i) => (keep(s.xs[i]) && Number.isFinite(v) ? [{ x: s.xs[i], loss: v, group: seriesNames[k] }] : [])),
  );
  if (lineRows.length > 0) {
    layers.push({
      name: 'smooth',
      data: ctx.dataset('lc-smooth', lineRows),
      mark: { type: 'line', clip: true, aria: false },
      encoding: { x, y, color, detail: { field: 'group' }, order: { field: 'x', type: 'quantitative' }, opacity: visible },
    });
  }

  // The fit: solid where it was fitted, dashed beyond (the sample at fittedTo ends one part and starts the other).
  const fitRows: Row[] = curve.fitCurves.flatMap((c) =>
    c.xs.flatMap((v, i) => {
      if (!keep(v)) return [];
      const row = { x: v, loss: c.ys[i], group: fitLabel(c.fit) };
      const parts = v <= c.fittedTo ? [FITTED] : [];
      if (v >= c.fittedTo || (i + 1 < c.xs.length && c.xs[i + 1] > c.fittedTo)) parts.push(EXTRAPOLATED);
      return parts.map((part) => ({ ...row, part, key: `${c.fit}|${part}` }));
    }),
  );
  layers.push({
    name: 'curves',
    data: ctx.dataset('lc-fit', fitRows),
    mark: { type: 'line', clip: true, aria: false, strokeWidth: 2.2 },
    encoding: {
      x,
      y,
      color,
      detail: { field: 'key' },
      order: { field: 'x', type: 'quantitative' },
      strokeDash: { field: 'part', type: 'nominal', title: 'fit', scale: { domain: [FITTED, EXTRAPOLATED], range: [[1, 0], [6, 4]] } },
      opacity: visible,
    },
    ...(ctx.interactive ? { params: zoomParams() } : {}),
  });

  const evalPoints = pointRows('eval');
  if (evalPoints.length > 0) {
    layers.push({
      name: 'eval_points',
      data: ctx.dataset('lc-eval-points', evalPoints),
      // Larger than train dots; a densely logged eval series (a digitised figure) gets smaller ones.
      mark: { type: 'point', filled: true, size: evalPoints.length > 300 ? 14 : 36, clip: true, aria: false, style: 'eval', ...tooltip },
      encoding: { x, y, color, opacity: ctx.hideable(0.95) },
    });
  }
  pushAll(layers, forecastLayers(ctx, curve, x, y, color, keep, width));

  const residuals = residualView(ctx, x, keep, width, beyond);
  // With residuals below, the x axis title is theirs: one title for the shared axis.
  const main: Layer = { width, height, layer: residuals ? layers.map((l) => withoutXTitle(l, x)) : layers };
  return {
    title: titled(ctx, `Learning curve: loss vs ${xTitle}`, curveNotes(curve, yDomain, outside, xDomain)),
    vconcat: residuals ? [main, residuals] : [main],
    spacing: 6,
    resolve: { scale: { x: 'shared' } },
  };
}

function withoutXTitle(layer: Layer, x: Layer): Layer {
  const encoding = layer.encoding as Layer | undefined;
  return encoding?.x === x ? { ...layer, encoding: { ...encoding, x: { ...x, title: null } } } : layer;
}

/** The end of the schedule: a rule, each fit's forecast with its interval, and the forecast as words. */
/** A forecast longer than half the plot is broken before " at ", so it stays in the corner the curve leaves free. */
function fitLine(label: string, width: number): string[] {
  const at = label.indexOf(' at ');
  return label.length * LABEL_CHAR_WIDTH > width / 2 && at > 0 ? [label.slice(0, at), label.slice(at + 1)] : [label];
}

function forecastLayers(ctx: Context, curve: LearningCurveOutput, x: Layer, y: Layer, color: Layer, keep: (x: number) => boolean, width: number): Layer[] {
  if (!keep(curve.until.value)) return [];
  const layers: Layer[] = [
    { name: 'until', data: ctx.dataset('lc-until', [{ x: curve.until.value }]), mark: { type: 'rule', style: 'reference' }, encoding: { x } },
  ];
  const forecasts = curve.forecasts.filter((f: RunForecast) => Number.isFinite(f.loss));
  if (forecasts.length === 0) return layers;
  const labels = forecasts.map((f) => `${forecasts.length > 1 ? `${ctx.labels[f.fit]}: ` : ''}${describeForecast(f)}`);
  const rows: Row[] = forecasts.map((f, i) => {
    const row: Row = { x: f.at, loss: f.loss, lo: f.lo ?? f.loss, hi: f.hi ?? f.loss, group: ctx.labels[f.fit] };
    return ctx.interactive ? { ...row, [TIP]: { forecast: labels[i] } } : row;
  });
  const data = ctx.dataset('lc-forecast', rows);
  return [
    ...layers,
    // Not clipped: the marker sits on the plot's right edge, and would be cut in half.
    { name: 'forecast_interval', data, mark: { type: 'rule', strokeWidth: 2 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
    {
      name: 'forecast',
      data,
      mark: { type: 'point', shape: 'diamond', filled: true, size: 120, style: 'forecast', ...(ctx.interactive ? { tooltip: { content: 'data' } } : {}) },
      encoding: { x, y, color },
    },
    // The words sit at the top of the plot, right-aligned against the rule: a learning curve falls from
    // the top left, so the top right is the corner it leaves free. One text mark, a line per fit.
    {
      name: 'forecast_label',
      data: ctx.dataset('lc-forecast-label', [{ x: curve.until.value, label: labels.flatMap((l) => fitLine(l, width)).join('\n') }]),
      mark: { type: 'text', style: 'forecast-label', align: 'right', baseline: 'top', dx: -6, y: 6, lineBreak: '\n' },
      encoding: { x, text: { field: 'label' } },
    },
  ];
}

function curveNotes(curve: LearningCurveOutput, y: [number, number], outside: Outside, logX: [number, number] | undefined): string[] {
  const notes: string[] = [];
  const smoothed = curve.series.filter((s) => s.smooth).map((s) => s.name);
  // How the dots were thinned is the payload's own note.
  if (smoothed.length > 0) notes.push(`Lines: EMA over ${plural(curve.smoothing.window, 'row')} of ${smoothed.join(', ')}; dots: logged values.`);
  if (outside.count > 0) {
    const from = logX && logX[0] > minOf(curve.series.flatMap((s) => s.xs)) ? ` and the log x axis (from ${formatCount(logX[0])})` : '';
    notes.push(
      `The loss axis (${formatNumber(y[0], 3)}–${formatNumber(y[1], 3)})${from} ${from ? 'follow' : 'follows'} the curve: ${formatCount(outside.count)} ${outside.count === 1 ? 'point lies' : 'points lie'} outside (up to ${formatNumber(outside.highest, 3)}: the first steps, spikes).`,
    );
  }
  return notes;
}

/** ln(observed / predicted) of the fitted rows along the same x, one colour per fit. */
function residualView(ctx: Context, x: Layer, keep: (x: number) => boolean, width: number, beyond: Layer | undefined): Layer | undefined {
  const { points } = ctx.output;
  const curve = ctx.output.learningCurve!;
  const xs = points.values[curve.x];
  const loss = points.values.loss;
  if (!xs || !loss) return undefined;
  const rows: Row[] = points.predicted.flatMap((predicted, f) =>
    xs.flatMap((v, i) => {
      const r = Math.log(loss[i] / predicted[i]);
      if (!keep(v) || !Number.isFinite(r)) return [];
      const row: Row = { x: v, residual: r, group: ctx.labels[f] };
      return ctx.interactive
        ? [{ ...row, [TIP]: { [curve.x]: formatRole(curve.x, v), observed: formatNumber(loss[i]), [`predicted (${ctx.labels[f]})`]: formatNumber(predicted[i]), 'ln(obs/pred)': formatNumber(r, 3) } }]
        : [row];
    }),
  );
  if (rows.length === 0) return undefined;
  // The colour scale is shared with the plot above, whose legend names the fits.
  const color: Layer = { field: 'group', type: 'nominal' };
  const y: Layer = { field: 'residual', type: 'quantitative', title: 'ln(obs/pred)', axis: { tickCount: 3, format: '.2~f' } };
  return {
    width,
    height: RESIDUAL_HEIGHT,
    layer: [
      ...(beyond ? [beyond] : []),
      { data: ctx.dataset('lc-zero', [{ residual: 0 }]), mark: { type: 'rule', style: 'reference' }, encoding: { y } },
      {
        name: 'residuals',
        data: ctx.dataset('lc-residuals', rows),
        mark: { type: 'point', filled: true, size: 7, clip: true, aria: false, ...(ctx.interactive ? { tooltip: { content: 'data' } } : {}) },
        encoding: { x, y, color, opacity: ctx.hideable(Math.min(1, faintness(ctx) + 0.15)) },
      },
    ],
  };
}
