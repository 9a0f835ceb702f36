import type { FitResult, Role } from '../core/types';

/**
 * The payload of a notebook output with MIME `FIT_MIME` (and of `--plot`): fit results plus only the
 * data needed to draw them, column-wise so 2k points stay a few tens of KB. It holds NO Vega-Lite spec
 * and NO colours: the renderer builds specs with src/core/plot and applies the theme at render time,
 * so a theme switch restyles without re-running the cell, and a Python user can emit this shape into
 * an ordinary .ipynb. Every number is in base units (parameters, tokens, FLOPs, nats).
 */
export interface FitOutput {
  version: 1;
  /** One result per fitted law; curves and predictions refer to them by index. */
  fits: FitResult[];
  /** Role on the x axis of the main fit plot ('C' for N–D laws, else the law's own input). */
  xRole: Role;
  /** Role whose value (or label) colours points and names the curves' groups, e.g. 'N' or 'run'. */
  groupRole?: Role;
  points: ObservedPoints;
  curves: SampledCurve[];
  /** Compute-optimal allocation sampled along C, one per fit whose law reads N and D. */
  frontiers?: Frontier[];
  /** IsoFLOP groups (clusters of nearly equal C) with the loss-vs-N curve and its optimum per fit. */
  isoflops?: IsoflopGroup[];
  /** Plots this output can show, in display order. */
  plots: PlotKind[];
  /** Pins the chart theme; 'auto' (default) follows the editor. Output metadata `theme` overrides. */
  theme?: ThemeSetting;
  /** The extrapolation target (spec `extrapolate:`) in `xRole`'s unit, when one was set: the budget slider starts there. */
  extrapolateTo?: number;
  /** Things the reader must know, e.g. "showing 3,000 of 44,174 points". Shown under the charts. */
  notes: string[];
  /** One training run's curve (x = step or tokens), when the fit is of a single run's learning curve. */
  learningCurve?: LearningCurveOutput;
  /** Set when the cell compared laws (`compare: true`): the ranking drawn above the overlay of their fits. */
  comparison?: ComparisonView;
}

/**
 * A comparison's verdict — what to take and why, or why nothing — worded once for the CLI, the notebook
 * summary and the renderer's ranking table. `lead` is ours; `label` and `reason` can quote the spec (a
 * formula law), so each sink escapes those its own way.
 */
export function comparisonVerdict(label: string | undefined, reason: string | undefined): { lead: string; label?: string; reason?: string } {
  return label !== undefined && reason !== undefined ? { lead: 'Recommended: ', label, reason } : { lead: 'No law could be scored by cross-validation: nothing to recommend' };
}

/**
 * A comparison of laws fitted to the same rows (src/core/fit/compare.ts), as the renderer's table shows
 * it: numbers unformatted, one row per law in the spec's order.
 */
export interface ComparisonView {
  rows: ComparisonViewRow[];
  /** Index into `rows` of the law to take when you don't know better, and why. */
  recommended?: { row: number; reason: string };
  /** How the laws were cross-validated ("3 folds along N, each fitting the smaller scales …"). */
  cv: string;
}

export interface ComparisonViewRow {
  /** "saturating-power (offset)": the law and its options, data (a formula comes from the spec). */
  label: string;
  /** Index into `FitOutput.fits`; absent when the law could not be fitted. */
  fit?: number;
  paramCount: number;
  n: number;
  /** Scale-ordered CV error (mean ARE of the loss); NaN when not scored, with `cvNote` saying why. */
  cvAre: number;
  cvNote?: string;
  heldOutAre?: number;
  inSampleMape: number;
  aic: number;
  bic: number;
  fitMs: number;
  warnings: string[];
  error?: string;
}

export type PlotKind = 'learning-curve' | 'fit' | 'residuals' | 'parity' | 'isoflop' | 'frontier' | 'loss-curve';
export const PLOT_KINDS: readonly PlotKind[] = ['learning-curve', 'fit', 'residuals', 'parity', 'isoflop', 'frontier', 'loss-curve'];

export type ThemeSetting = 'auto' | 'light' | 'dark';

/** Observed rows (after downsampling), as parallel arrays. */
export interface ObservedPoints {
  /** Values per role for every point; always has `loss` and the x role. */
  values: Partial<Record<Role, number[]>>;
  /** Which roles were derived by the reader (labelled "derived" in tooltips). */
  derived?: Role[];
  /** Group label of each point (a run name, or a bucket such as "N≈400M"). */
  group: string[];
  /** Group labels in legend order. */
  groups: string[];
  /** 1-based source line of each point. */
  line: number[];
  /** Indices (into these arrays) of rows held out of the fit. */
  heldOut: number[];
  /** Index into `FitOutput.isoflops` of each point's compute budget (−1: in no IsoFLOP group). */
  budget?: number[];
  /** predicted[f][i] = fit f's prediction for point i. */
  predicted: number[][];
  /** Rows before downsampling (equals the array length when nothing was dropped). */
  total: number;
}

/** One fitted curve: fit `fit` evaluated along `x` with the other inputs held at `fixed`. */
export interface SampledCurve {
  fit: number;
  group: string;
  x: Role;
  fixed: Partial<Record<Role, number>>;
  xs: number[];
  ys: number[];
  /** Pointwise 95 % bootstrap band, when bootstrap replicates were supplied. */
  lo?: number[];
  hi?: number[];
  /** Observed x range of the group's points: beyond it the curve is an extrapolation. */
  observed: [number, number];
}

/** N*(C), D*(C) and L*(C) of one fit, minimising the fit's own prediction along C = 6ND. */
export interface Frontier {
  fit: number;
  C: number[];
  N: number[];
  D: number[];
  loss: number[];
  /** Observed C range of the data the fit saw. */
  observed: [number, number];
  /**
   * When the fit has bootstrap replicates: the 2.5–97.5 % range of the replicates' own N* and D* at the
   * budgets `C` (a subset of the frontier's, where at least 20 replicates have an optimum).
   */
  band?: { C: number[]; nLo: number[]; nHi: number[]; dLo: number[]; dHi: number[] };
}

export interface IsoflopGroup {
  /** Geometric mean C of the cluster. */
  C: number;
  group: string;
  /** Per fit: loss along N at this C (D = C/(6N)) and the minimum. */
  curves: Array<{ fit: number; N: number[]; loss: number[]; optimum: { N: number; D: number; loss: number } }>;
}

/**
 * A single run's learning curve: raw points (downsampled), a smoothed line computed over every row,
 * each fit's curve continued to the end of the schedule with its bootstrap band, and the forecast
 * there. Train and eval series are drawn separately; residuals use `points.predicted`.
 */
export interface LearningCurveOutput {
  /** The progress axis: 'step' or 'D' (tokens or examples seen). */
  x: Role;
  series: LearningCurveSeries[];
  /** Smoothing of the `smooth` lines: an exponential moving average over this many rows. */
  smoothing: { kind: 'ema'; window: number };
  /** Per fit: the fitted curve from the first fitted x to `until` (beyond `fittedTo` it is an extrapolation). */
  fitCurves: Array<{ fit: number; xs: number[]; ys: number[]; lo?: number[]; hi?: number[]; fittedTo: number }>;
  /** Where the curves end and why. */
  until: { value: number; source: ForecastSource };
  /** Per fit: the predicted loss at `until`. */
  forecasts: RunForecast[];
}

export interface LearningCurveSeries {
  /** Legend name (the column's name). */
  name: string;
  kind: 'train' | 'eval';
  column: string;
  /** Raw points, downsampled (every extreme of a bucket kept), in x order. */
  xs: number[];
  ys: number[];
  /** EMA of every row, sampled at `xs` (absent for a series too short to smooth). */
  smooth?: number[];
  /** Points before downsampling. */
  total: number;
}

/** `until` (spec/CLI), `max_steps` (trainer_state), `schedule` (last step of a known LR schedule), or the last logged row. */
export type ForecastSource = 'until' | 'max_steps' | 'schedule' | 'last-row';

/** A fit's prediction for the run at a point of its progress axis, with its 95 % bootstrap interval. */
export interface RunForecast {
  fit: number;
  x: Role;
  at: number;
  source: ForecastSource;
  loss: number;
  lo?: number;
  hi?: number;
}
