import { formatCount } from '../format';
import { MAX_SAVED_POINTS } from '../limits';
import { extremesPerBucket, pointsNote, thinningNote } from '../plot/thinning';
import type { FitOutput, LearningCurveSeries, ObservedPoints } from '../../shared/fitOutput';

/** Significant digits of a saved prediction: a model output, far below what a chart or tooltip resolves. */
const PREDICTION_DIGITS = 6;

/**
 * The fit payload as a `.scalenb` stores it. The chart is saved so a reopened notebook shows it without
 * re-running, but a chart of a 100k-row log would make a file of megabytes: past `max` observed points
 * (or raw points per learning-curve series) the saved copy keeps the lowest and highest loss of each
 * stretch of x in each group, and held-out rows, and its note says so and that running the cell redraws
 * from the data file. The fits themselves (parameters, metrics, the summary) are never touched.
 * Idempotent: a saved payload saves to the same value, so a saved notebook saves to the same bytes.
 */
export function savedFitOutput(output: FitOutput, max = MAX_SAVED_POINTS): FitOutput {
  const notes = [...output.notes];
  const points = savedPoints(output, max, notes);
  const learningCurve = output.learningCurve && { ...output.learningCurve, series: output.learningCurve.series.map((s) => savedSeries(s, max, notes)) };
  return { ...output, points, ...(learningCurve ? { learningCurve } : {}), notes };
}

function savedPoints(output: FitOutput, max: number, notes: string[]): ObservedPoints {
  const points = output.points;
  // No prediction (a point of another target, saved as null by JSON) stays none.
  const rounded = { ...points, predicted: points.predicted.map((ys) => ys.map((y) => (Number.isFinite(y) ? Number(y.toPrecision(PREDICTION_DIGITS)) : y))) };
  const n = points.group.length;
  if (n <= max) return rounded;
  const kept = keptPoints(points, output.xRole, max);
  const at = new Map(kept.map((i, k) => [i, k]));
  const values: ObservedPoints['values'] = {};
  for (const [role, column] of Object.entries(points.values)) values[role as keyof ObservedPoints['values']] = kept.map((i) => column[i]);
  replaceNote(notes, [pointsNote(n, points.total), savedPointsNote(n, points.total)], savedPointsNote(kept.length, points.total));
  return {
    ...rounded,
    values,
    group: kept.map((i) => points.group[i]),
    line: kept.map((i) => points.line[i]),
    heldOut: points.heldOut.map((i) => at.get(i)!),
    ...(points.budget ? { budget: kept.map((i) => points.budget![i]) } : {}),
    predicted: rounded.predicted.map((ys) => kept.map((i) => ys[i])),
  };
}

/**
 * Indices of the points kept: every held-out row, then each group's share of the rest (at least its
 * first and last point, so no group vanishes from the chart) as the extremes of the loss per stretch of x.
 * At most `max` unless the held-out rows and two points per group alone exceed it.
 */
function keptPoints(points: ObservedPoints, xRole: FitOutput['xRole'], max: number): number[] {
  const x = points.values[xRole] ?? points.line;
  const loss = points.values.loss ?? x;
  const held = new Set(points.heldOut);
  const members = new Map<string, number[]>();
  points.group.forEach((g, i) => {
    if (held.has(i)) return;
    const group = members.get(g);
    if (group) group.push(i);
    else members.set(g, [i]);
  });
  const free = points.group.length - held.size;
  const budget = Math.max(0, max - held.size - 2 * members.size);
  const kept = [...held];
  for (const idx of members.values()) {
    idx.sort((a, b) => x[a] - x[b] || a - b);
    const share = Math.min(idx.length, 2 + Math.floor((budget * idx.length) / free));
    const picked = share >= 4 ? extremesPerBucket(idx, loss, share) : [0, idx.length - 1].slice(0, share);
    for (const k of new Set(picked)) kept.push(idx[k]);
  }
  return kept.sort((a, b) => a - b);
}

function savedSeries(series: LearningCurveSeries, max: number, notes: string[]): LearningCurveSeries {
  if (series.xs.length <= max) return series;
  const order = series.xs.map((_, k) => k);
  const kept = extremesPerBucket(order, series.ys, max);
  const saved = { ...series, xs: kept.map((k) => series.xs[k]), ys: kept.map((k) => series.ys[k]), ...(series.smooth ? { smooth: kept.map((k) => series.smooth![k]) } : {}) };
  const before = [thinningNote(series), savedSeriesNote(series)].filter((note): note is string => note !== undefined);
  replaceNote(notes, before, savedSeriesNote(saved));
  return saved;
}

const RERUN = 'Run the cell to draw more of them from the data file.';

function savedPointsNote(shown: number, total: number): string {
  return `Saved chart: ${formatCount(shown)} of ${formatCount(total)} points kept (the lowest and highest loss of each stretch of x in each group; held-out rows kept). ${RERUN}`;
}

function savedSeriesNote(series: LearningCurveSeries): string {
  return `Saved learning curve: ${formatCount(series.xs.length)} of ${formatCount(series.total)} ${series.name} points kept (the lowest and highest of each bucket, so spikes stay visible). ${RERUN}`;
}

/** Replaces the first of `before` found in `notes` (where it was, so notes keep their order) or appends. */
function replaceNote(notes: string[], before: readonly string[], after: string): void {
  const at = notes.findIndex((note) => before.includes(note));
  if (at >= 0) notes[at] = after;
  else notes.push(after);
}
