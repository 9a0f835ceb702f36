import type { Law, LawPreset, ParamSpec } from '../law';
import type { FitResult, LawInputs, ObjectiveKind, Role, RowAccount } from '../types';
import type { TableInputs } from './lawInputs';

// Apart from fitTable.ts, which builds a PreparedFit, so warnings.ts can read one without importing fitTable.ts back.

/** Everything a fit needs, resolved from a table and a request (rows selected, inputs built). */
export interface PreparedFit {
  law: Law;
  preset?: LawPreset;
  specs: ParamSpec[];
  objective: ObjectiveKind;
  delta: number;
  options: Record<string, number | string | boolean>;
  xRole?: Role;
  inputs: TableInputs;
  /** Table row indices used in the fit, and held out. */
  fitRows: number[];
  holdoutRows: number[];
  /** Inputs and target restricted to fitRows. */
  x: LawInputs;
  y: Float64Array;
  /** Where every row of the table went (used, held out, left out and why). */
  rows: RowAccount;
  /** Rows the holdout matched that could not be used, by reason (planned runs, and rows left out as problems). */
  holdoutUnusable: Record<string, number>;
  /** The earliest part of a learning curve left out (FitResult.skipped). */
  skipped?: FitResult['skipped'];
  freeParams: number;
}

export function subset(values: Float64Array, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
  return out;
}

export function subsetInputs(x: LawInputs, rows: readonly number[]): LawInputs {
  const out: LawInputs = {};
  for (const [key, values] of Object.entries(x)) out[key as Role] = subset(values, rows);
  return out;
}
