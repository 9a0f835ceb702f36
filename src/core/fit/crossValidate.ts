/**
 * Scale-ordered cross-validation (issue 12): a scaling law exists to extrapolate, so a law is judged by
 * fitting the smaller scales and predicting the next larger ones (rolling origin along the scale axis),
 * never by a random split or by in-sample fit. Every law sees the same folds: they are thresholds on the
 * axis, applied to each law's own usable rows.
 */
import { compileFilter } from '../expr/filter';
import { roleValues } from '../runlog/table';
import { CancelledError, UserError } from '../types';
import type { FitRequest, Role, RunTable } from '../types';
import type { FitOptions, PreparedFit } from './fitTable';
import { fitContext, now, prepareFit, runLawFit, subset, subsetInputs } from './fitTable';
import { isTrainingLog } from './lawInputs';
import { progressInput, skipEarliest, skipFraction } from './skipFirst';

/** One fold: fit the rows with axis ≤ trainMax, predict those in (trainMax, testMax]. */
export interface ScaleFold {
  trainMax: number;
  testMax: number;
}

export interface CvPlan {
  axis: Role;
  /** 'runs': folds step through the distinct scales of a sweep; 'curve': halvings of a learning curve's progress. */
  kind: 'runs' | 'curve';
  folds: ScaleFold[];
}

export interface CvScore {
  /** Mean over folds of each fold's mean absolute relative error of the loss. */
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
/** A fold fits a law only with at least this many rows per free parameter (the over-parameterisation guard). */
export const CV_ROWS_PER_PARAM = 2;
/** Sweep scales closer than this (relative) are one scale (the same model size logged with rounding). */
const SAME_SCALE = 0.02;
/** A fold trains on at least this many distinct scales of a sweep (one scale cannot show a trend). */
const MIN_TRAIN_SCALES = 2;

/** The scale axis: progress (step, tokens) for a learning curve; model size, else compute, else data for a sweep. */
export function scaleAxis(table: RunTable): { axis: Role; kind: CvPlan['kind'] } | undefined {
  const bound = (role: Role) => table.roles[role] !== undefined && roleValues(table, role) !== undefined;
  if (isTrainingLog(table)) {
    const axis = (['step', 'D'] as const).find(bound);
    return axis ? { axis, kind: 'curve' } : undefined;
  }
  const varies = (role: Role) => {
    const values = roleValues(table, role)!;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) if (v > 0 && Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    return hi > lo * (1 + SAME_SCALE);
  };
  const axis = (['N', 'C', 'D'] as const).find((role) => bound(role) && varies(role));
  return axis ? { axis, kind: 'runs' } : undefined;
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
 * top, fold f fits everything below its block and predicts the block, so the three folds together
 * predict up to the upper half of the scales. Curves: fold f fits progress ≤ max/2^f and predicts up to
 * max/2^(f−1): each fold doubles the run, which is how far a curve is usually extrapolated.
 */
export function planFolds(sorted: readonly number[], kind: CvPlan['kind'], maxFolds = CV_FOLDS): ScaleFold[] {
  if (sorted.length === 0) return [];
  const top = sorted[sorted.length - 1];
  if (kind === 'curve') {
    const folds: ScaleFold[] = [];
    for (let f = 1; f <= maxFolds; f++) {
      const trainMax = top / 2 ** f;
      // A fold needs rows on both sides of its origin.
      if (!sorted.some((v) => v <= trainMax) || !sorted.some((v) => v > trainMax && v <= top / 2 ** (f - 1))) break;
      folds.push({ trainMax, testMax: top / 2 ** (f - 1) });
    }
    return folds;
  }
  const scales: number[] = [];
  for (const v of sorted) {
    if (scales.length && v <= scales[scales.length - 1] * (1 + SAME_SCALE)) scales[scales.length - 1] = v;
    else scales.push(v);
  }
  const block = Math.max(1, Math.floor(scales.length / 6));
  const folds: ScaleFold[] = [];
  for (let f = 1; f <= maxFolds; f++) {
    const trainTop = scales.length - f * block;
    if (trainTop < MIN_TRAIN_SCALES) break;
    folds.push({ trainMax: scales[trainTop - 1], testMax: scales[trainTop - 1 + block] });
  }
  return folds;
}

/** The fold plan for a table and request (undefined when the table has no scale axis). */
export function cvPlan(table: RunTable, request: Omit<FitRequest, 'law'>): CvPlan | undefined {
  const shape = scaleAxis(table);
  if (!shape) return undefined;
  return { ...shape, folds: planFolds(plannedValues(table, shape.axis, request), shape.kind) };
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
 * fitting only those rows would. Folds with fewer than CV_ROWS_PER_PARAM rows per free parameter are not
 * fitted: a law that cannot be scored on every fold is not comparable and says why.
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
    if (train.length < CV_ROWS_PER_PARAM * prepared.freeParams) {
      reasons.add(`${prepared.freeParams} parameters need ≥ ${CV_ROWS_PER_PARAM * prepared.freeParams} rows, a fold had ${train.length}`);
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
  const scored = scores.filter(Number.isFinite);
  return {
    are: scored.length === plan.folds.length && scored.length > 0 ? scored.reduce((a, b) => a + b, 0) / scored.length : NaN,
    folds: scored.length,
    foldAre: scores,
    ...(reasons.size ? { skipped: [...reasons].join('; ') } : {}),
    ms: now() - started,
  };
}
