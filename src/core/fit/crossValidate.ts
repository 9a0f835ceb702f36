/**
 * Scale-ordered cross-validation (issue 12): a scaling law exists to extrapolate, so a law is judged by
 * fitting the smaller scales and predicting the next larger ones (rolling origin along the scale axis),
 * never by a random split or by in-sample fit. Every law sees the same folds: they are thresholds on the
 * axis, applied to each law's own usable rows.
 */
import { compileFilter, compileFilterReading } from '../expr/filter';
import { roleValues } from '../runlog/table';
import { CancelledError, UserError } from '../types';
import type { FitRequest, Role, RunTable } from '../types';
import { fitContext, prepareFit } from './fitTable';
import { subset, subsetInputs, type PreparedFit } from './preparedFit';
import { now, runLawFit, type FitOptions } from './runLawFit';
import { isTrainingLog } from './lawInputs';
import { progressInput, skipEarliest, skipFraction } from './skipFirst';

/** One fold: fit the rows with axis ≤ trainMax, predict those in (trainMax, testMax]. */
export interface ScaleFold {
  trainMax: number;
  testMax: number;
}

export interface CvPlan {
  axis: Role;
  /**
   * The axis the user extrapolates along: the scale role --holdout selects on, else the first axis of
   * the data's kind. `axis` differs when this one has too few scales to fold (two model sizes).
   */
  target: Role;
  /** 'runs': folds step through the distinct scales of a sweep; 'curve': halvings of a learning curve's progress. */
  kind: 'runs' | 'curve';
  folds: ScaleFold[];
}

export interface CvScore {
  /** foldWeightedMean of the folds scored, each a mean absolute relative error of the loss (NaN: none scored). */
  are: number;
  /** Folds this law was scored on (of the plan's), and each one's ARE in plan order (NaN: not scored). */
  folds: number;
  foldAre: number[];
  /** Why folds were not scored (over-parameterised for the rows, or the fit failed there). */
  skipped?: string;
  ms: number;
}

/** Folds a plan aims for; fewer when the data have fewer scales. */
export const CV_FOLDS = 3;
/**
 * Each fold counts this much of the next larger one. The largest fold fits every scale but the top few,
 * the models nearest the ones predicted — the fold most like the user's own fit (predictions are most
 * accurate from models of similar size, Choshen et al. 2024) — and it counts most; the smaller folds
 * damp its noise. Counted equally, they judged each law by fits to half the scales, a regime the user's fit
 * is not in and one that penalises a law for needing more scales than half the data have.
 */
export const EARLIER_FOLD_WEIGHT = 1 / 3;
/**
 * The over-parameterisation guard: a fold fits a law only with at least this many rows beyond its free
 * parameters (a law that interpolates its fold's rows exactly has shown nothing).
 */
export const CV_SPARE_ROWS = 2;
/** Sweep scales closer than this (relative) are one scale (the same model size logged with rounding). */
const SAME_SCALE = 0.02;
/** A fold trains on at least this many distinct scales of a sweep (one scale cannot show a trend). */
const MIN_TRAIN_SCALES = 2;

/**
 * Scale axes to try, best first: progress (step, tokens) for a learning curve; model size, else compute,
 * else data for a sweep (a sweep of two model sizes still has many compute scales).
 */
function scaleAxes(table: RunTable): { axes: Role[]; kind: CvPlan['kind'] } {
  const bound = (role: Role) => table.roles[role] !== undefined && roleValues(table, role) !== undefined;
  if (isTrainingLog(table)) return { axes: (['step', 'D'] as const).filter(bound), kind: 'curve' };
  return { axes: (['N', 'C', 'D'] as const).filter(bound), kind: 'runs' };
}

/** Rows the folds are planned on: ok rows with a positive loss and axis value, selected by `where`, not held out. */
function plannedValues(table: RunTable, axis: Role, request: Omit<FitRequest, 'law'>): number[] {
  const values = roleValues(table, axis)!;
  const loss = roleValues(table, 'loss');
  const where = request.where ? compileFilter(request.where, table) : undefined;
  const holdout = request.holdout ? compileFilter(request.holdout, table) : undefined;
  const out: number[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    if (table.rowStatus[row] !== 'ok' || !(values[row] > 0) || !Number.isFinite(values[row]) || !(loss?.[row] && loss[row] > 0)) continue;
    if (where && !where(row)) continue;
    if (holdout?.(row)) continue;
    out.push(values[row]);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Rolling-origin folds. Sweeps: the distinct scales are cut into blocks of ⌊G/6⌋ (at least one) from the
 * top; fold f fits everything below its block and predicts the block, so the three folds together
 * predict up to the upper half of the scales. Curves: the same on a continuous axis, blocks of 1/6 of
 * the log range (at most a doubling each, how far a curve is usually extrapolated): fold f fits progress
 * ≤ max/r^f and predicts up to max/r^(f−1).
 */
export function planFolds(sorted: readonly number[], kind: CvPlan['kind'], maxFolds = CV_FOLDS): ScaleFold[] {
  if (sorted.length === 0) return [];
  const top = sorted[sorted.length - 1];
  const folds: ScaleFold[] = [];
  if (kind === 'curve') {
    const ratio = Math.min(2, (top / sorted[0]) ** (1 / 6));
    for (let f = 1; f <= maxFolds; f++) {
      const [trainMax, testMax] = [top / ratio ** f, top / ratio ** (f - 1)];
      // A fold needs rows on both sides of its origin.
      if (sorted.filter((v) => v <= trainMax).length < MIN_TRAIN_SCALES || !sorted.some((v) => v > trainMax && v <= testMax)) break;
      folds.push({ trainMax, testMax });
    }
    return folds;
  }
  // Each scale is [first, last] value: values within SAME_SCALE of a scale's first value join it.
  const scales: Array<[number, number]> = [];
  for (const v of sorted) {
    const last = scales[scales.length - 1];
    if (last && v <= last[0] * (1 + SAME_SCALE)) last[1] = v;
    else scales.push([v, v]);
  }
  const block = Math.max(1, Math.floor(scales.length / 6));
  for (let f = 1; f <= maxFolds; f++) {
    const trainTop = scales.length - f * block;
    if (trainTop < MIN_TRAIN_SCALES) break;
    folds.push({ trainMax: scales[trainTop - 1][1], testMax: scales[trainTop - 1 + block][1] });
  }
  return folds;
}

/** The scale role a holdout selects on, when it reads exactly one column and that column is one of the axes. */
function heldOutAxis(table: RunTable, axes: readonly Role[], request: Omit<FitRequest, 'law'>): Role | undefined {
  if (!request.holdout) return undefined;
  const { columns } = compileFilterReading(request.holdout, table);
  const roles = axes.filter((role) => columns.some((column) => column.name === table.roles[role]?.column));
  return columns.length === 1 && roles.length === 1 ? roles[0] : undefined;
}

/**
 * The fold plan for a table and request: along the axis the user extrapolates (CvPlan.target), else
 * the first other axis that has folds (undefined when none has).
 */
export function cvPlan(table: RunTable, request: Omit<FitRequest, 'law'>): CvPlan | undefined {
  const { axes, kind } = scaleAxes(table);
  if (!axes.length) return undefined;
  const target = heldOutAxis(table, axes, request) ?? axes[0];
  for (const axis of [target, ...axes.filter((role) => role !== target)]) {
    const folds = planFolds(plannedValues(table, axis, request), kind);
    if (folds.length) return { axis, target, kind, folds };
  }
  return undefined;
}

/** Mean of the finite fold errors at `folds` (plan indices, default all), fold f weighted EARLIER_FOLD_WEIGHT^f. */
export function foldWeightedMean(foldAre: readonly number[], folds: readonly number[] = foldAre.map((_, f) => f)): number {
  let [sum, weights] = [0, 0];
  for (const f of folds) {
    if (!Number.isFinite(foldAre[f])) continue;
    sum += EARLIER_FOLD_WEIGHT ** f * foldAre[f];
    weights += EARLIER_FOLD_WEIGHT ** f;
  }
  return weights > 0 ? sum / weights : NaN;
}

function foldAre(prepared: PreparedFit, params: Float64Array, rows: number[], loss: Float64Array): number {
  const predicted = new Float64Array(rows.length);
  prepared.law.predict(params, subsetInputs(prepared.inputs.x, rows), predicted);
  let sum = 0;
  rows.forEach((row, i) => (sum += Math.abs(predicted[i] - loss[row]) / loss[row]));
  return sum / rows.length;
}

/**
 * Scores one law on the plan's folds. Each fold is a fresh global fit (the law's own method) on its
 * rows, with the request's skip-first applied relative to that fold's largest progress value, as a user
 * fitting only those rows would. Folds too small for the law (CV_SPARE_ROWS) are not fitted and say why;
 * recommendLaw compares laws on the folds every law was scored on.
 */
export function crossValidate(table: RunTable, request: FitRequest, plan: CvPlan, opts: FitOptions = {}): CvScore {
  const started = now();
  // Every usable row, unskipped: each fold applies skip-first to its own range.
  const prepared = prepareFit(table, { ...request, skipFirst: 0 });
  const axis = prepared.inputs.x[plan.axis] ?? roleValues(table, plan.axis)!;
  const loss = roleValues(table, 'loss')!;
  const progress = progressInput(prepared.law, prepared.xRole, table);
  const skip = skipFraction(request, prepared.law, progress);
  const reasons = new Set<string>();
  const scores = plan.folds.map((fold, f) => {
    if (opts.signal?.cancelled) throw new CancelledError();
    opts.progress?.report(f / plan.folds.length, `${request.law}: fold ${f + 1} of ${plan.folds.length}`);
    let train = prepared.fitRows.filter((row) => axis[row] <= fold.trainMax);
    const test = prepared.fitRows.filter((row) => axis[row] > fold.trainMax && axis[row] <= fold.testMax);
    if (progress) train = skipEarliest(train, prepared.inputs.x, progress, skip, prepared.law.id).rows;
    if (test.length === 0) {
      reasons.add('a fold had no rows of this law to predict');
      return NaN;
    }
    if (train.length < prepared.freeParams + CV_SPARE_ROWS) {
      reasons.add(`${prepared.freeParams} parameters need ≥ ${prepared.freeParams + CV_SPARE_ROWS} rows in a fold, one had ${train.length}`);
      return NaN;
    }
    const ctx = fitContext(prepared, request, {});
    try {
      const outcome = runLawFit(prepared.law, { ...ctx, x: subsetInputs(prepared.inputs.x, train), y: subset(loss, train), signal: opts.signal });
      const are = foldAre(prepared, outcome.params, test, loss);
      if (!Number.isFinite(are)) reasons.add('a fold fit did not predict finite losses');
      return are;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      reasons.add(error.message);
      return NaN;
    }
  });
  return {
    are: foldWeightedMean(scores),
    folds: scores.filter(Number.isFinite).length,
    foldAre: scores,
    ...(reasons.size ? { skipped: [...reasons].join('; ') } : {}),
    ms: now() - started,
  };
}
