/**
 * One training run's learning curve for the notebook output and `--plot` (FitOutput.learningCurve): raw
 * points thinned so spikes survive, an EMA over every row, eval series apart from the training loss, and
 * each fit continued to the end of the run with its bootstrap band and forecast.
 */
import type { LearningCurveOutput, LearningCurveSeries, RunForecast } from '../../shared/fitOutput';
import { forecastOn, runCurve, type ForecastOptions, type RunCurve } from '../curve/forecast';
import { interval95 } from '../fit/bootstrap';
import { historyRows } from '../fit/lawInputs';
import { columnByName } from '../runlog/table';
import type { FitResult, Role, RunTable } from '../types';
import { roleColumn } from '../fit/roles';
import { logSpace } from './sampling';
import { extremesPerBucket } from './thinning';

export interface LearningCurveOptions extends ForecastOptions {
  /** EMA window in rows; default DEFAULT_SMOOTHING of the series' rows. */
  smooth?: number;
  /** Raw points kept per series (each bucket keeps its lowest and highest loss). */
  maxPoints?: number;
  /** Samples per fitted curve. */
  curveSamples?: number;
}

/**
 * Default EMA window: 1 % of a series' rows (at least 1 row: no smoothing). Per-batch loss is noisy;
 * on a 44k-row log that is a 440-row window, about as wide as TensorBoard's 0.99 smoothing of it.
 */
export const DEFAULT_SMOOTHING = 0.01;
const DEFAULTS = { maxPoints: 3000, curveSamples: 200 };
/** Significant digits kept for sampled curves (as in buildFitOutput). */
const CURVE_DIGITS = 6;

/**
 * The learning curve of the first fit's progress axis, or undefined when the fits are not of a run's
 * curve. `notes` gets one line per fit that has no curve past the log, saying why.
 */
export function buildLearningCurve(table: RunTable, fits: FitResult[], notes: string[], options: LearningCurveOptions = {}): LearningCurveOutput | undefined {
  const curves = fits.map((fit) => runCurve(table, fit, options));
  const first = curves.find((c): c is RunCurve => !('reason' in c));
  if (!first) return undefined;
  const x = first.x;
  const xs = roleColumn(table, x, fits[0]);
  if (!xs) return undefined;
  const opts = { ...DEFAULTS, ...options };
  const series = lossSeries(table, fits[0], xs, historyRows(table, fits[0].request?.where), opts);
  const smoothing = series[0]?.smoothing ?? 1;
  const fitCurves: LearningCurveOutput['fitCurves'] = [];
  const forecasts: RunForecast[] = [];
  curves.forEach((curve, f) => {
    if ('reason' in curve) {
      notes.push(`Fit ${f + 1} (${fits[f].law.id}): ${curve.reason}.`);
      return;
    }
    if (curve.x !== x) return;
    const drawn = fitCurve(curve, fits[f], f, first.target.at, opts.curveSamples);
    if (drawn) fitCurves.push(drawn);
    const forecast = forecastOn(curve, fits[f], f);
    if ('reason' in forecast) notes.push(`Fit ${f + 1} (${fits[f].law.id}): ${forecast.reason}.`);
    else forecasts.push(forecast);
  });
  return {
    x,
    series: series.map((s) => s.series),
    smoothing: { kind: 'ema', window: smoothing },
    fitCurves,
    until: { value: first.target.at, source: first.target.source },
    forecasts,
  };
}

/** The train loss (the bound loss column) and every eval series of the run's rows, each in x order. */
function lossSeries(table: RunTable, fit: FitResult, xs: Float64Array, run: readonly number[], opts: typeof DEFAULTS & LearningCurveOptions) {
  const lossName = fit.roles.loss?.column ?? table.roles.loss?.column;
  const named: Array<{ name: string; kind: 'train' | 'eval'; statuses: ReadonlySet<string> }> = [];
  if (lossName) named.push({ name: lossName, kind: 'train', statuses: new Set(['ok']) });
  for (const name of table.lossSeries ?? []) if (name !== lossName) named.push({ name, kind: 'eval', statuses: new Set(['ok', 'series']) });
  return named.flatMap(({ name, kind, statuses }) => {
    const column = columnByName(table, name);
    if (!column || column.kind !== 'number') return [];
    const ys = column.values;
    const rows: number[] = [];
    for (const r of run) if (statuses.has(table.rowStatus[r]) && Number.isFinite(xs[r]) && Number.isFinite(ys[r])) rows.push(r);
    if (rows.length === 0) return [];
    if (!isSortedBy(rows, xs)) rows.sort((a, b) => xs[a] - xs[b]);
    const window = opts.smooth ?? Math.max(1, Math.round(DEFAULT_SMOOTHING * rows.length));
    const kept = extremesPerBucket(rows, ys, opts.maxPoints);
    const series: LearningCurveSeries = {
      name,
      kind,
      column: name,
      xs: kept.map((k) => xs[rows[k]]),
      ys: kept.map((k) => ys[rows[k]]),
      total: rows.length,
    };
    if (rows.length >= 3 && window > 1) {
      const smooth = ema(rows, ys, window);
      series.smooth = kept.map((k) => Number(smooth[k].toPrecision(CURVE_DIGITS)));
    }
    return [{ series, smoothing: window }];
  });
}

function isSortedBy(rows: number[], xs: Float64Array): boolean {
  for (let k = 1; k < rows.length; k++) if (xs[rows[k]] < xs[rows[k - 1]]) return false;
  return true;
}

/**
 * Exponential moving average over `window` rows (weight 2/(window+1)), debiased at the start as
 * TensorBoard and W&B do, so the first values are not pulled toward zero.
 */
export function ema(rows: readonly number[], ys: ArrayLike<number>, window: number): Float64Array {
  const beta = 1 - 2 / (window + 1);
  const out = new Float64Array(rows.length);
  let s = 0;
  let weight = 0;
  for (let k = 0; k < rows.length; k++) {
    s = beta * s + (1 - beta) * ys[rows[k]];
    weight = beta * weight + (1 - beta);
    out[k] = s / weight;
  }
  return out;
}

/**
 * A fit's curve from its first fitted x to the run's end: samples even on a log axis and on a linear
 * one (the view switches), with the pointwise 95 % band of the bootstrap replicates.
 */
function fitCurve(curve: RunCurve, fit: FitResult, f: number, until: number, samples: number): LearningCurveOutput['fitCurves'][number] | undefined {
  const range = fit.range[curve.x as Role];
  if (!range) return undefined;
  const start = Math.max(range[0], Number.MIN_VALUE);
  const end = Math.max(until, range[1]);
  const half = Math.max(2, Math.floor(samples / 2));
  const linear = Array.from({ length: half }, (_, k) => start + ((end - start) * k) / (half - 1));
  // Not rounded: the curve must end exactly at `until` and pass through the last fitted x.
  const xs = distinct([...logSpace(start, end, half), ...linear, range[1], until].sort((a, b) => a - b));
  xs[xs.length - 1] = end;
  const ys = curve.evaluate(fit, xs);
  const out: LearningCurveOutput['fitCurves'][number] = { fit: f, xs, ys: rounded(Array.from(ys)), fittedTo: range[1] };
  const replicates = (fit.bootstrapSamples ?? []).map((params) => curve.evaluate({ ...fit, params }, xs));
  if (replicates.length > 0) {
    const bands = xs.map((_, i) => interval95(replicates.map((r) => r[i])));
    if (bands.every((b) => b !== undefined)) {
      out.lo = rounded(bands.map((b) => b!.lo));
      out.hi = rounded(bands.map((b) => b!.hi));
    }
  }
  return out;
}

/** Sorted values without near-duplicates (log and linear grids share their ends up to rounding). */
function distinct(sorted: number[]): number[] {
  return sorted.filter((v, i) => i === 0 || v - sorted[i - 1] > 1e-9 * Math.abs(v));
}

function rounded(values: number[]): number[] {
  return values.map((v) => Number(v.toPrecision(CURVE_DIGITS)));
}
