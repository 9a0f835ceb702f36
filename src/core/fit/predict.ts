import { lawParams } from '../law';
import type { Law } from '../law';
import { UserError } from '../types';
import type { FitResult, LawInputs, Role, RunTable } from '../types';
import { bindHistory, pointInputs, tableInputs } from './lawInputs';
import { resolveLaw } from './resolveLaw';

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

/** ŷ for every row of a table (NaN where inputs are missing), e.g. planned runs and plots. */
export function predictTable(fit: FitResult, table: RunTable): Float64Array {
  const { law, p } = lawOf(fit);
  const out = new Float64Array(table.rowCount).fill(NaN);
  let inputs;
  try {
    inputs = tableInputs(table, law, fit.request?.x, fit.request?.options);
  } catch (error) {
    if (error instanceof UserError) return out;
    throw error;
  }
  bindHistory(law, table, inputs.x, fit.request?.where).predict(p, inputs.x, out);
  return out;
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
