/**
 * The prediction for one training run at the end of its schedule: where the status bar, the hover and
 * the notebook summary say "final loss ≈ 2.31 ± 0.02 at step 100k".
 */
import type { ForecastSource, RunForecast } from '../../shared/fitOutput';
import { PROGRESS_ROLES } from '../fit/lawInputs';
import { predictTable, predictWith } from '../fit/predict';
import { fitInputRoles } from '../plot/roles';
import { roleValues } from '../runlog/table';
import type { FitResult, Role, RunTable } from '../types';


export interface ForecastOptions {
  /** Forecast at this x instead of the schedule's end (spec `until:`, CLI `--until`). */
  until?: number;
}

/** The progress role a fit's law reads (step or tokens), if it is a learning-curve fit. */
export function progressRole(fit: FitResult): Role | undefined {
  const inputs = fitInputRoles(fit);
  return PROGRESS_ROLES.find((role) => inputs.includes(role));
}

/** Where the run ends: `until`, else the trainer's `max_steps` (step axis), else the last logged x. */
export function forecastTarget(table: RunTable, x: Role, options: ForecastOptions = {}): { at: number; source: ForecastSource } | undefined {
  if (options.until !== undefined && options.until > 0) return { at: options.until, source: 'until' };
  if (x === 'step' && table.schedule?.maxSteps !== undefined) return { at: table.schedule.maxSteps, source: 'max_steps' };
  const values = roleValues(table, x);
  if (!values) return undefined;
  let last = -Infinity;
  for (let i = 0; i < table.rowCount; i++) if (table.rowStatus[i] === 'ok' && values[i] > last) last = values[i];
  return Number.isFinite(last) ? { at: last, source: 'last-row' } : undefined;
}

/**
 * A fit's prediction at the run's target x. A law of x alone is evaluated there; a law that also
 * reads the rows' history (lr-annealing's LR schedule) is read off the table row at that x, and has
 * no forecast past the logged schedule. The interval is the 2.5–97.5 % range of the bootstrap fits.
 */
export function forecastRun(table: RunTable, fit: FitResult, index = 0, options: ForecastOptions = {}): RunForecast | undefined {
  const x = progressRole(fit);
  if (!x) return undefined;
  const target = forecastTarget(table, x, options);
  if (!target) return undefined;
  const evaluate = evaluator(table, fit, x, target.at);
  if (!evaluate) return undefined;
  const loss = evaluate(fit);
  if (!Number.isFinite(loss)) return undefined;
  const forecast: RunForecast = { fit: index, x, at: target.at, source: target.source, loss };
  const replicates = (fit.bootstrapSamples ?? []).map((params) => evaluate({ ...fit, params })).filter(Number.isFinite);
  if (replicates.length >= 20) {
    replicates.sort((a, b) => a - b);
    forecast.lo = replicates[Math.floor(0.025 * (replicates.length - 1))];
    forecast.hi = replicates[Math.ceil(0.975 * (replicates.length - 1))];
  }
  return forecast;
}

function evaluator(table: RunTable, fit: FitResult, x: Role, at: number): ((f: FitResult) => number) | undefined {
  if (fitInputRoles(fit).every((role) => role === x)) return (f) => predictWith(f, { [x]: at, x: at });
  const values = roleValues(table, x);
  if (!values) return undefined;
  let row = -1;
  for (let i = 0; i < table.rowCount; i++) if (values[i] === at && table.rowStatus[i] !== 'error') row = i;
  return row < 0 ? undefined : (f) => predictTable(f, table)[row];
}
