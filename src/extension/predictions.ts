import type { FitResult, Role, RunTable } from '../core/types';
import type { RunForecast } from '../shared/fitOutput';
import { roleValues } from '../core/runlog/table';
import { loadEngine } from './engineLoader';

/**
 * `compute` once per (table, fit) pair, so hovers, inlay hints and the status bar only look results up.
 * Both keys are object identities: a new document version makes a new table and a new fit a new
 * FitResult, so stale entries are simply never looked up again.
 */
export function perPair<T>(cache: WeakMap<RunTable, WeakMap<FitResult, T>>, table: RunTable, fit: FitResult, compute: () => T): T {
  let byFit = cache.get(table);
  if (!byFit) {
    byFit = new WeakMap();
    cache.set(table, byFit);
  }
  if (!byFit.has(fit)) byFit.set(fit, compute());
  return byFit.get(fit) as T;
}

const predictionCache = new WeakMap<RunTable, WeakMap<FitResult, Float64Array>>();

/** Per-row predictions of a fit on a table. */
export function predictions(table: RunTable, fit: FitResult): Float64Array {
  return perPair(predictionCache, table, fit, () => {
    try {
      return loadEngine().predictTable(fit, table);
    } catch {
      // A stored fit the engine can no longer evaluate (law renamed, parameters missing): no predictions.
      return new Float64Array(table.rowCount).fill(Number.NaN);
    }
  });
}

type RowInterval = ((row: number) => { lo: number; hi: number } | undefined) | undefined;
const intervalCache = new WeakMap<RunTable, WeakMap<FitResult, RowInterval>>();

/**
 * The 95 % bootstrap interval of the fit's prediction at `row`, when the fit kept replicates. The
 * table's inputs are read once per (table, fit) pair; each row costs one prediction per replicate.
 */
export function predictionInterval(table: RunTable, fit: FitResult, row: number): { lo: number; hi: number } | undefined {
  const at = perPair(intervalCache, table, fit, (): RowInterval => {
    try {
      return loadEngine().rowIntervals(fit, table);
    } catch {
      // As in `predictions`: a stored fit the engine cannot evaluate has no interval.
      return undefined;
    }
  });
  return at?.(row);
}

const forecastCache = new WeakMap<RunTable, WeakMap<FitResult, RunForecast | undefined>>();

/**
 * The fit's prediction for the run (status bar, hover), once per (table, fit) pair like `predictions`:
 * a law that reads the LR history evaluates the whole table once per bootstrap replicate. Undefined when
 * the fit is not a learning-curve fit or cannot be evaluated at the run's target.
 */
export function runForecast(table: RunTable, fit: FitResult): RunForecast | undefined {
  return perPair(forecastCache, table, fit, () => {
    try {
      return loadEngine().forecastRun(table, fit);
    } catch {
      // As in `predictions`: a stored fit the engine cannot evaluate has no forecast.
      return undefined;
    }
  });
}

/** One role's value in one row, NaN when the table has no such role. */
export function valueAt(table: RunTable, role: Role, row: number): number {
  return roleValues(table, role)?.[row] ?? Number.NaN;
}

/** Input roles of the fit whose value in `row` lies outside the range the fit saw. */
export function outsideRange(table: RunTable, fit: FitResult, row: number): Array<{ role: Role; value: number; range: [number, number] }> {
  const outside = [];
  for (const [role, range] of Object.entries(fit.range) as Array<[Role, [number, number]]>) {
    const value = valueAt(table, role, row);
    if (Number.isFinite(value) && (value < range[0] || value > range[1])) outside.push({ role, value, range });
  }
  return outside;
}
