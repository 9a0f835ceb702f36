/**
 * The prediction for one training run at the end of its schedule: where the status bar, the hover and
 * the notebook summary say "final loss ≈ 2.31 ± 0.02 at step 100k".
 */
import type { ForecastSource, RunForecast } from '../../shared/fitOutput';
import { historyRows, PROGRESS_ROLES } from '../fit/lawInputs';
import { interval95 } from '../fit/bootstrap';
import { curvePredictor } from '../fit/predict';
import { getLaw } from '../laws/registry';
import { fitInputRoles } from '../fit/roles';
import { roleValues } from '../runlog/table';
import type { FitResult, LawInputs, Role, RunTable } from '../types';
import { inferSchedule, scheduleTail, type InferredSchedule } from './schedule';

export interface ForecastOptions {
  /** Forecast at this x instead of the schedule's end (spec `until:`, CLI `--until`). */
  until?: number;
}

/** The progress role a fit's law reads (step or tokens), if it is a learning-curve fit. */
export function progressRole(fit: FitResult): Role | undefined {
  const inputs = fitInputRoles(fit);
  return PROGRESS_ROLES.find((role) => inputs.includes(role));
}

/**
 * Where the run ends: `until`, else the trainer's `max_steps` (step axis), else the last step of an LR
 * schedule the log writes ahead of the loss (rows with a step and an LR but no loss yet), else the last
 * logged x (of the rows `rows` lists, e.g. one run's, when given). The end of a schedule is never guessed
 * from the logged LR's shape: a decay to a floor and a longer one to zero draw the same line (on
 * LLM360's Mamba-3B such a guess put the end of a finished run at step 254K instead of 176.7K).
 */
export function forecastTarget(table: RunTable, x: Role, options: ForecastOptions = {}, rows?: readonly number[]): { at: number; source: ForecastSource } | undefined {
  if (options.until !== undefined && options.until > 0) return { at: options.until, source: 'until' };
  if (x === 'step' && table.schedule?.maxSteps !== undefined) return { at: table.schedule.maxSteps, source: 'max_steps' };
  const values = roleValues(table, x);
  if (!values) return undefined;
  const lrs = x === 'step' ? roleValues(table, 'lr') : undefined;
  let last = -Infinity;
  let planned = -Infinity;
  for (const i of rows ?? table.rowStatus.keys()) {
    const status = table.rowStatus[i];
    if (status === 'ok' && values[i] > last) last = values[i];
    else if (status === 'planned' && lrs && Number.isFinite(lrs[i]) && values[i] > planned) planned = values[i];
  }
  if (planned > last && Number.isFinite(last)) return { at: planned, source: 'schedule' };
  return Number.isFinite(last) ? { at: last, source: 'last-row' } : undefined;
}

/** A fit's curve along the run's progress axis, evaluable up to the target (the plot and the forecast share it). */
export interface RunCurve {
  x: Role;
  target: { at: number; source: ForecastSource };
  /** The LR schedule inferred past the last logged step, for a law that reads the LR history. */
  schedule?: InferredSchedule;
  /** ŷ of `fit` (or a bootstrap replicate of it) at each x. */
  evaluate(fit: FitResult, xs: ArrayLike<number>): Float64Array;
}

/**
 * How a fit is continued along its run. A law of the progress axis alone is evaluated anywhere. A law
 * that reads the LR history (lr-annealing) is evaluated against the logged schedule, and past the last
 * logged step against the schedule inferred from it (inferSchedule); when none reproduces the log there
 * is no curve past the log, and the reason says why.
 */
export function runCurve(table: RunTable, fit: FitResult, options: ForecastOptions = {}): RunCurve | { reason: string } {
  const x = progressRole(fit);
  if (!x) return { reason: `${fit.law.id} does not read a progress axis (step or tokens)` };
  // The run is what the fit's `where` selects (one model of a multi-run log).
  const rows = historyRows(table, fit.request?.where);
  const target = forecastTarget(table, x, options, rows);
  if (!target) return { reason: `the log has no ${x} values` };
  if (!getLaw(fit.law.id)?.withHistory) {
    if (!fitInputRoles(fit).every((role) => role === x)) return { reason: `${fit.law.id} reads inputs besides ${x}, which are unknown past the log` };
    const predict = curvePredictor(fit);
    return { x, target, evaluate: (f, xs) => predict(f, { [x]: xs, x: xs }) };
  }
  const logged = loggedSchedule(table, rows);
  if (!logged) return { reason: 'the log has no learning-rate values' };
  let history: LawInputs = { step: Float64Array.from(logged.step), lr: Float64Array.from(logged.lr) };
  let schedule: InferredSchedule | undefined;
  if (target.at > logged.last) {
    const inferred = inferSchedule(logged.step, logged.lr, target.at);
    if ('reason' in inferred) return { reason: `no lr-annealing forecast past step ${logged.last}: ${inferred.reason}` };
    schedule = inferred.schedule;
    const tail = scheduleTail(schedule, logged.last);
    history = { step: Float64Array.from([...logged.step, ...tail.step]), lr: Float64Array.from([...logged.lr, ...tail.lr]) };
  }
  const predict = curvePredictor(fit, history);
  return { x, target, ...(schedule ? { schedule } : {}), evaluate: (f, xs) => predict(f, { step: xs, lr: new Float64Array(xs.length) }) };
}

/** (step, LR) of the run's rows that have both; and the last step. */
function loggedSchedule(table: RunTable, rows: readonly number[]): { step: number[]; lr: number[]; last: number } | undefined {
  const steps = roleValues(table, 'step');
  const lrs = roleValues(table, 'lr');
  if (!steps || !lrs) return undefined;
  const step: number[] = [];
  const lr: number[] = [];
  let last = -Infinity;
  for (const i of rows) {
    if (!Number.isFinite(steps[i]) || !Number.isFinite(lrs[i])) continue;
    step.push(steps[i]);
    lr.push(lrs[i]);
    if (steps[i] > last) last = steps[i];
  }
  return step.length > 0 ? { step, lr, last } : undefined;
}

/**
 * A fit's prediction at the run's target x, or why there is none. The interval is the 2.5–97.5 % range
 * of the bootstrap replicates evaluated on the same curve.
 */
export function forecastOrReason(table: RunTable, fit: FitResult, index = 0, options: ForecastOptions = {}): RunForecast | { reason: string } {
  const curve = runCurve(table, fit, options);
  return 'reason' in curve ? curve : forecastOn(curve, fit, index);
}

/** The forecast of `fit` (fit number `index`) at the end of its run curve. */
export function forecastOn(curve: RunCurve, fit: FitResult, index: number): RunForecast | { reason: string } {
  const at = [curve.target.at];
  const loss = curve.evaluate(fit, at)[0];
  if (!Number.isFinite(loss)) return { reason: `${fit.law.id} has no finite prediction at ${curve.x} ${curve.target.at}` };
  const forecast: RunForecast = { fit: index, x: curve.x, at: curve.target.at, source: curve.target.source, loss };
  const band = interval95((fit.bootstrapSamples ?? []).map((params) => curve.evaluate({ ...fit, params }, at)[0]));
  return band ? { ...forecast, ...band } : forecast;
}

/** forecastOrReason without the reason (the status bar and hovers show nothing rather than an explanation). */
export function forecastRun(table: RunTable, fit: FitResult, index = 0, options: ForecastOptions = {}): RunForecast | undefined {
  const result = forecastOrReason(table, fit, index, options);
  return 'reason' in result ? undefined : result;
}
