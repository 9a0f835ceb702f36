import { isLogObjective, objectiveValue } from './objectives';
import type { CancellationSignal, ObjectiveKind } from '../types';
import { CancelledError } from '../types';
import type { LawFitOutcome } from '../law';
import { boundedLinearLeastSquares } from './linearLeastSquares';
import { type ModelFunctions, clamp, polish } from './levenbergMarquardt';
import { minimiseOnGrid } from './minimiseOnGrid';
import type { ParamSetup } from './paramSetup';

/**
 * Variable projection with one nonlinear parameter θ (laws.md §4): for fixed θ the law is linear in
 * the other coefficients, ŷ = Σ_j c_j·basis_j(θ), so we scan θ with the coefficients solved exactly
 * (box-constrained), refine θ with Brent, then polish every free parameter on the requested
 * objective. Used by saturating-power (α), downstream-error (γ) and lr-annealing (α).
 */
export interface SeparableSpec {
  /** Index of θ in the parameter vector. */
  theta: number;
  /** Indices of the linear coefficients, in basis order. */
  linear: readonly number[];
  /** Fills `cols[j]` with basis column j at θ. */
  basis(theta: number, cols: Float64Array[]): void;
  /** θ values to scan (sorted); points outside θ's bounds are dropped. */
  grid: readonly number[];
}

export interface SeparableProblem {
  model: ModelFunctions;
  y: Float64Array;
  setup: ParamSetup;
  objective: ObjectiveKind;
  delta: number;
  signal?: CancellationSignal;
  /**
   * Stop after the scan: the best scan point, unpolished (`tried` 0), to rank several scans before
   * paying for their polishes.
   */
  scanOnly?: boolean;
}

/**
 * Inner least-squares weights that make the linear solve approximate the objective's residual
 * space: relative errors for log objectives, so the profile is scored near its own optimum.
 */
function innerWeights(objective: ObjectiveKind, y: Float64Array): Float64Array | undefined {
  if (isLogObjective(objective)) return Float64Array.from(y, (v) => 1 / (v * v));
  if (objective === 'mse-log1p') return Float64Array.from(y, (v) => 1 / ((1 + v) * (1 + v)));
  return undefined;
}

export function fitSeparable(problem: SeparableProblem, spec: SeparableSpec): LawFitOutcome {
  const { model, y, setup, objective, delta, signal } = problem;
  const n = y.length;
  const k = setup.names.length;
  const weights = innerWeights(objective, y);
  const cols = spec.linear.map(() => new Float64Array(n));
  const freeLinear = spec.linear.map((j) => setup.free[j]);
  const target = new Float64Array(n);
  const yHat = new Float64Array(n);
  const p = Float64Array.from(setup.values);
  let best: { params: Float64Array; value: number } | undefined;
  /** The optimal face of the last inner solve (boundedLinearLeastSquares): the next θ usually shares it. */
  const face = new Int8Array(spec.linear.filter((_, c) => freeLinear[c]).length);

  const profile = (theta: number): number => {
    if (signal?.cancelled) throw new CancelledError();
    p[spec.theta] = theta;
    spec.basis(theta, cols);
    target.set(y);
    const freeCols: Float64Array[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    spec.linear.forEach((j, c) => {
      if (freeLinear[c]) {
        freeCols.push(cols[c]);
        lo.push(setup.lower[j]);
        hi.push(setup.upper[j]);
      } else {
        for (let i = 0; i < n; i++) target[i] -= setup.values[j] * cols[c][i];
      }
    });
    const coef = boundedLinearLeastSquares(freeCols, target, weights, lo, hi, face);
    if (!coef) return Infinity;
    let m = 0;
    spec.linear.forEach((j, c) => {
      if (freeLinear[c]) p[j] = coef[m++];
    });
    model.predict(p, yHat);
    const value = objectiveValue(objective, yHat, y, delta);
    if (!best || value < best.value) best = { params: Float64Array.from(p), value };
    return value;
  };

  const lo = setup.lower[spec.theta];
  const hi = setup.upper[spec.theta];
  let startThetas: number[];
  if (!setup.free[spec.theta]) {
    startThetas = [setup.values[spec.theta]];
    profile(startThetas[0]);
  } else {
    const grid = spec.grid.filter((t) => t >= lo && t <= hi);
    if (grid.length === 0) grid.push(Number.isFinite(lo) && Number.isFinite(hi) ? 0.5 * (lo + hi) : clamp(1, lo, hi));
    startThetas = grid;
    minimiseOnGrid((t) => profile(clamp(t, lo, hi)), grid);
  }
  // The scan and its refinement only solve the inner problem; what converges or not is the polish below
  // (counting grid θ as converged starts reported "46/10 converged").
  const grid = setup.free[spec.theta] ? { grid: startThetas.length } : {};
  if (problem.scanOnly) return best ? { params: best.params, value: best.value, ...grid, tried: 0, converged: 0 } : { params: new Float64Array(k).fill(NaN), value: Infinity, ...grid, tried: 0, converged: 0 };
  const starts: Float64Array[] = [];
  if (best && Number.isFinite(best.value)) starts.push(best.params);
  // A warm start (bootstrap replicate) or a complete user init is polished too.
  if (setup.values.every(Number.isFinite)) starts.push(Float64Array.from(setup.values));
  let outcome: LawFitOutcome | undefined;
  let converged = 0;
  for (const start of starts) {
    const result = polish(model, y, start, { objective, delta, free: setup.free, lower: setup.lower, upper: setup.upper, signal });
    if (result.converged) converged++;
    if (!outcome || result.value < outcome.value) {
      outcome = { params: result.params, value: result.value, tried: 0, converged: 0 };
    }
  }
  if (!outcome) return { params: new Float64Array(k).fill(NaN), value: Infinity, ...grid, tried: 0, converged: 0 };
  return { ...outcome, ...grid, tried: starts.length, converged };
}
