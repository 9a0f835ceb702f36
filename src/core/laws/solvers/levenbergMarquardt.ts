import { choleskySolve } from '../../fit/linalg';
import { ASYMMETRIC_WEIGHT, isLogObjective, objectiveValue } from '../../fit/objectives';
import type { CancellationSignal, LawInputs, ObjectiveKind } from '../../types';
import { CancelledError } from '../../types';
import type { LawFitContext } from '../law';
import type { ParamSetup } from './paramSetup';

/**
 * Local polish for any of our objectives: Levenberg–Marquardt on the objective's residual space
 * (raw, ln, or ln(1+·)) with iteratively reweighted least squares for the Huber and asymmetric
 * kinds, an analytic model Jacobian, box bounds by projection, and acceptance judged on the exact
 * objective from objectives.ts. Stopping is relative (objective and step), never absolute, so tiny
 * objectives such as Σ Huber at δ = 1e-3 are not cut short (laws.md §4, "stopping must be
 * scale-invariant").
 */

export interface ModelFunctions {
  /** ŷ for every row. */
  predict(p: Float64Array, out: Float64Array): void;
  /** ∂ŷ_i/∂p_j into out[i·p.length + j]. */
  jacobian(p: Float64Array, out: Float64Array): void;
}

export interface PolishOptions {
  objective: ObjectiveKind;
  delta: number;
  /** Which parameters move; the others stay at their value in `p0`. */
  free: readonly boolean[];
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  maxIterations?: number;
  signal?: CancellationSignal;
}

export interface PolishResult {
  params: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

/** The space residuals live in: r = g(ŷ) − g(y). */
function residualSpace(kind: ObjectiveKind): { g: (v: number) => number; dg: (v: number) => number } {
  if (isLogObjective(kind)) return { g: Math.log, dg: (v) => 1 / v };
  if (kind === 'mse-log1p') return { g: Math.log1p, dg: (v) => 1 / (1 + v) };
  return { g: (v) => v, dg: () => 1 };
}

/** IRLS weight of one residual: the quadratic majoriser of the objective term at r. */
function irlsWeight(kind: ObjectiveKind, r: number, delta: number, floor: number): number {
  switch (kind) {
    case 'huber':
    case 'huber-log':
      return Math.abs(r) <= delta ? 1 : delta / Math.abs(r);
    case 'asymmetric':
      // e = y − ŷ = −r; over-prediction (r > 0) costs ASYMMETRIC_WEIGHT per unit.
      return (r > 0 ? ASYMMETRIC_WEIGHT : 1) / Math.max(Math.abs(r), floor);
    default:
      return 1;
  }
}

export function polish(model: ModelFunctions, y: Float64Array, p0: ArrayLike<number>, opts: PolishOptions): PolishResult {
  const n = y.length;
  const k = p0.length;
  const maxIterations = opts.maxIterations ?? 500;
  const freeIdx: number[] = [];
  for (let j = 0; j < k; j++) if (opts.free[j]) freeIdx.push(j);
  const m = freeIdx.length;
  const p = Float64Array.from(p0, (v, j) => clamp(v, opts.lower[j], opts.upper[j]));
  const yHat = new Float64Array(n);
  const trialHat = new Float64Array(n);
  const jac = new Float64Array(n * k);
  const trial = new Float64Array(k);
  const hessian = new Float64Array(m * m);
  const grad = new Float64Array(m);
  const system = new Float64Array(m * m);
  const step = new Float64Array(m);
  const { g, dg } = residualSpace(opts.objective);
  const gy = Float64Array.from(y, g);
  const floor = 1e-9 * (1 + Math.abs(y.reduce((s, v) => s + Math.abs(v), 0) / Math.max(n, 1)));
  model.predict(p, yHat);
  let value = objectiveValue(opts.objective, yHat, y, opts.delta);
  if (m === 0 || !Number.isFinite(value)) return { params: p, value, iterations: 0, converged: m === 0 };
  let mu = 1e-3;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    if (opts.signal?.cancelled) throw new CancelledError();
    iterations++;
    model.jacobian(p, jac);
    hessian.fill(0);
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const d = dg(yHat[i]);
      const r = g(yHat[i]) - gy[i];
      const w = irlsWeight(opts.objective, r, opts.delta, floor);
      for (let a = 0; a < m; a++) {
        const ja = d * jac[i * k + freeIdx[a]];
        grad[a] += w * ja * r;
        for (let b = 0; b <= a; b++) hessian[a * m + b] += w * ja * d * jac[i * k + freeIdx[b]];
      }
    }
    let maxDiag = 0;
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < a; b++) hessian[b * m + a] = hessian[a * m + b];
      maxDiag = Math.max(maxDiag, hessian[a * m + a]);
    }
    if (!(maxDiag > 0) || !Number.isFinite(maxDiag)) break;
    let accepted = false;
    while (!accepted) {
      system.set(hessian);
      for (let a = 0; a < m; a++) system[a * m + a] += mu * Math.max(hessian[a * m + a], 1e-12 * maxDiag);
      step.set(grad);
      if (!choleskySolve(system, step, m) || !step.every(Number.isFinite)) {
        mu *= 10;
        if (mu > 1e20) break;
        continue;
      }
      trial.set(p);
      let relStep = 0;
      for (let a = 0; a < m; a++) {
        const j = freeIdx[a];
        trial[j] = clamp(p[j] - step[a], opts.lower[j], opts.upper[j]);
        relStep = Math.max(relStep, Math.abs(trial[j] - p[j]) / (Math.abs(p[j]) + 1e-12));
      }
      model.predict(trial, trialHat);
      const trialValue = objectiveValue(opts.objective, trialHat, y, opts.delta);
      if (trialValue < value) {
        const gain = value - trialValue;
        p.set(trial);
        yHat.set(trialHat);
        value = trialValue;
        mu = Math.max(mu / 5, 1e-15);
        accepted = true;
        if ((gain <= 1e-14 * value && relStep < 1e-9) || relStep < 1e-14 || value === 0) converged = true;
      } else {
        mu *= 8;
        // No decrease even for a vanishing step: the current point is a minimum to working precision.
        if (mu > 1e20 || relStep < 1e-15) {
          converged = true;
          break;
        }
      }
    }
  }
  return { params: p, value, iterations, converged };
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

type Predictor = {
  predict(p: ArrayLike<number>, x: LawInputs, out: Float64Array): void;
  jacobian?(p: ArrayLike<number>, x: LawInputs, out: Float64Array): void;
};

/** A law's predict/jacobian bound to the fit's inputs. */
export function bindInputs(law: Predictor, x: LawInputs): ModelFunctions {
  const jac = law.jacobian;
  if (!jac) throw new Error('polish needs an analytic jacobian');
  return { predict: (p, out) => law.predict(p, x, out), jacobian: (p, out) => jac(p, x, out) };
}

/** Polishes a law's free parameters from `start` on the request's objective. */
export function polishLaw(law: Predictor, ctx: LawFitContext, setup: ParamSetup, start: ArrayLike<number>): PolishResult {
  return polish(bindInputs(law, ctx.x), ctx.y, start, {
    objective: ctx.objective,
    delta: ctx.delta,
    free: setup.free,
    lower: setup.lower,
    upper: setup.upper,
    signal: ctx.signal,
  });
}
