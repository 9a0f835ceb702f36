import { lawParams } from '../law';
import type { Law } from '../law';
import { UserError } from '../types';
import type { FitResult, LawInputs, Role, RunTable } from '../types';
import { bindHistory, pointInputs, tableInputs } from './lawInputs';
import { resolveLaw } from './resolveLaw';
import { interval95 } from './bootstrap';
import { nameTable } from '../nameTable';

/** The law of a fit and its parameters in `predict` order (custom formulas compile once, cached). */
function lawOf(fit: FitResult): { law: Law; p: Float64Array } {
  const { law } = resolveLaw(fit.law.id === 'custom' ? fit.law.formula : fit.law.id);
  const specs = lawParams(law, fit.request?.options ?? {});
  const p = Float64Array.from(specs, (spec) => fit.params[spec.name]);
  if (!p.every(Number.isFinite)) throw new UserError(`This ${fit.law.id} fit lacks parameters (${specs.map((s) => s.name).join(', ')})`, 'bad-fit');
  return { law, p };
}

/**
 * ŷ at one point (hovers, inlays, calculator): inputs by role (D, C, M derived as in fitting);
 * NaN when an input the law needs is missing. No fitting.
 */
export function predictWith(fit: FitResult, inputs: Partial<Record<Role | 'x', number>>): number {
  const { law, p } = lawOf(fit);
  const x = pointInputs(law, inputs, fit.request?.x);
  if (law.inputs.some((input) => input !== 'U' && !x[input])) return NaN;
  const out = new Float64Array(1);
  law.predict(p, x, out);
  return out[0];
}

/** The law's inputs from the table as the fit read them; undefined when the table lacks one. */
function fitInputs(fit: FitResult, law: Law, table: RunTable): ReturnType<typeof tableInputs> | undefined {
  try {
    return tableInputs(table, law, fit.request?.x, fit.request?.options);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

/** ŷ for every row of a table (NaN where inputs are missing), e.g. planned runs and plots. */
export function predictTable(fit: FitResult, table: RunTable): Float64Array {
  const { law, p } = lawOf(fit);
  const out = new Float64Array(table.rowCount).fill(NaN);
  const inputs = fitInputs(fit, law, table);
  if (!inputs) return out;
  bindHistory(law, table, inputs.x, fit.request?.where).predict(p, inputs.x, out);
  return out;
}

/**
 * The 95 % range of the bootstrap replicates' ŷ at one row at a time (hovers, inlay hints): the table's
 * inputs are read once, and each call evaluates every replicate at that row only. Undefined when the
 * fit kept no replicates, or its law reads the run's history (an LR schedule: the run's forecast
 * carries its interval instead), or the table lacks the law's inputs.
 */
export function rowIntervals(fit: FitResult, table: RunTable): ((row: number) => { lo: number; hi: number } | undefined) | undefined {
  const replicates = fit.bootstrapSamples ?? [];
  if (replicates.length === 0) return undefined;
  const { law } = lawOf(fit);
  if (law.withHistory) return undefined;
  const inputs = fitInputs(fit, law, table);
  if (!inputs) return undefined;
  const specs = lawParams(law, fit.request?.options ?? {});
  const params = replicates.map((sample) => Float64Array.from(specs, (spec) => sample[spec.name]));
  const columns = Object.entries(inputs.x) as Array<[Role, Float64Array]>;
  const out = new Float64Array(1);
  return (row) => {
    // Keyed by role or, for a custom formula, by column name: prototype-free like the table's inputs.
    const at = nameTable<Float64Array>() as LawInputs;
    for (const [role, values] of columns) at[role] = values.subarray(row, row + 1);
    return interval95(
      params.map((p) => {
        law.predict(p, at, out);
        return out[0];
      }),
    );
  };
}

/**
 * ŷ along vectors of inputs (a sampled curve) for a fit and any of its bootstrap replicates (same law,
 * other parameters), optionally against an explicit run history for a law that reads one
 * (Law.withHistory: an LR schedule extended past the log) — bound once, so its areas are computed once
 * for every replicate. NaN where an input is missing.
 */
export function curvePredictor(fit: FitResult, history?: LawInputs): (f: FitResult, points: Partial<Record<Role | 'x', ArrayLike<number>>>) => Float64Array {
  const { law } = lawOf(fit);
  const bound = history && law.withHistory ? law.withHistory(history) : law;
  const specs = lawParams(law, fit.request?.options ?? {});
  return (f, points) => {
    const p = Float64Array.from(specs, (spec) => f.params[spec.name]);
    const n = Object.values(points)[0]?.length ?? 0;
    const inputs: LawInputs = {};
    for (const input of law.inputs) {
      const values = input === 'x' ? (points.x ?? (fit.request?.x ? points[fit.request.x] : undefined)) : points[input];
      if (!values) return new Float64Array(n).fill(NaN);
      inputs[input] = Float64Array.from(values);
    }
    const out = new Float64Array(n);
    bound.predict(p, inputs, out);
    return out;
  };
}
