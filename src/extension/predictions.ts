import type { FitResult, Role, RunTable } from '../core/types';
import { roleValues } from '../core/runlog/table';
import { loadEngine } from './engineLoader';

/**
 * Per-row predictions of a fit on a table, computed once per (table, fit) pair so hovers and inlay
 * hints only index an array. Both keys are object identities: a new document version makes a new
 * table and a new fit a new FitResult, so stale entries are simply never looked up again.
 */
const cache = new WeakMap<RunTable, WeakMap<FitResult, Float64Array>>();

export function predictions(table: RunTable, fit: FitResult): Float64Array {
  let byFit = cache.get(table);
  if (!byFit) {
    byFit = new WeakMap();
    cache.set(table, byFit);
  }
  let predicted = byFit.get(fit);
  if (!predicted) {
    try {
      predicted = loadEngine().predictTable(fit, table);
    } catch {
      // A stored fit the engine can no longer evaluate (law renamed, parameters missing): no predictions.
      predicted = new Float64Array(table.rowCount).fill(Number.NaN);
    }
    byFit.set(fit, predicted);
  }
  return predicted;
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
