import { ASYMMETRIC_WEIGHT, isLogObjective, objectiveValue } from '../../fit/objectives';
import type { CancellationSignal, LawInputs, ObjectiveKind } from '../../types';
import { CancelledError } from '../../types';
import type { LawFitContext } from '../law';
import { linearLeastSquares } from './linearLeastSquares';
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
  /** Positive parameters stepped in ln(value), which keeps them positive and scale-free. */
  logScale?: readonly boolean[];
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
  const inLog = freeIdx.map((j) => (opts.logScale?.[j] ?? false) && p[j] > 0);
  const yHat = new Float64Array(n);
  const trialHat = new Float64Array(n);
  const jac = new Float64Array(n * k);
  const trial = new Float64Array(k);
  // The step solves the damped problem min ‖√W(r + JΔ)‖² + μ Σ s_a Δ_a² as an augmented least-squares
  // system by QR: normal equations would square J's condition number, which on ridges such as a
  // BNSL break beyond the data (κ ≈ 1e8) leaves no precision for the step.
  const cols = Array.from({ length: m }, () => new Float64Array(n + m));
  const rhs = new Float64Array(n + m);
  const { g, dg } = residualSpace(opts.objective);
  const gy = Float64Array.from(y, g);
  const floor = 1e-9 * (1 + Math.abs(y.reduce((s, v) => s + Math.abs(v), 0) / Math.max(n, 1)));
  model.predict(p, yHat);
  let value = objectiveValue(opts.objective, yHat, y, opts.delta);
  if (m === 0 || !Number.isFinite(value)) return { params: p, value, iterations: 0, converged: m === 0 };
  // Moré's scaling: the damping metric uses the largest curvature each parameter has shown so far,
  // so a parameter whose sensitivity collapses (a break drifting out of the data) is not let loose.
  const scale = new Float64Array(m);
  /** trial = p moved by `step` in the optimiser's coordinates; returns the largest relative move. */
  const moveTo = (step: Float64Array): number => {
    trial.set(p);
    let rel = 0;
    for (let a = 0; a < m; a++) {
      const j = freeIdx[a];
      trial[j] = clamp(inLog[a] ? p[j] * Math.exp(step[a]) : p[j] + step[a], opts.lower[j], opts.upper[j]);
      rel = Math.max(rel, Math.abs(trial[j] - p[j]) / (Math.abs(p[j]) + 1e-12));
    }
    return rel;
  };
  // Geodesic acceleration (Transtrum & Sethna 2012): a second-order correction along the step from a
  // finite-difference directional second derivative of the residuals. It lets LM follow the long
  // curved valleys of sloppy models (BNSL breaks near the data edge) instead of creeping along them.
  const secondDerivative = new Float64Array(n + m);
  const geodesicAcceleration = (v: Float64Array): Float64Array | undefined => {
    const h = 0.1;
    moveTo(v.map((x) => h * x));
    model.predict(trial, trialHat);
    for (let i = 0; i < n; i++) {
      const r0 = -rhs[i];
      const sw = r0 === 0 ? 1 : Math.sqrt(irlsWeight(opts.objective, g(yHat[i]) - gy[i], opts.delta, floor));
      let jv = 0;
      for (let a = 0; a < m; a++) jv += cols[a][i] * v[a];
      const rh = sw * (g(trialHat[i]) - gy[i]);
      secondDerivative[i] = (-2 / h) * ((rh - r0) / h - jv);
    }
    secondDerivative.fill(0, n);
    if (!secondDerivative.every(Number.isFinite)) return undefined;
    const a = linearLeastSquares(cols, secondDerivative);
    if (!a) return undefined;
    let na = 0;
    let nv = 0;
    for (let c = 0; c < m; c++) {
      na += scale[c] * a[c] * a[c];
      nv += scale[c] * v[c] * v[c];
    }
    return 2 * Math.sqrt(na) <= 0.75 * Math.sqrt(nv) ? a : undefined;
  };
  let mu = 1e-3;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    if (opts.signal?.cancelled) throw new CancelledError();
    iterations++;
    model.jacobian(p, jac);
    for (let i = 0; i < n; i++) {
      const r = g(yHat[i]) - gy[i];
      const sw = Math.sqrt(irlsWeight(opts.objective, r, opts.delta, floor));
      const d = sw * dg(yHat[i]);
      rhs[i] = -sw * r;
      for (let a = 0; a < m; a++) cols[a][i] = d * jac[i * k + freeIdx[a]] * (inLog[a] ? p[freeIdx[a]] : 1);
    }
    let maxScale = 0;
    for (let a = 0; a < m; a++) {
      let norm2 = 0;
      for (let i = 0; i < n; i++) norm2 += cols[a][i] * cols[a][i];
      scale[a] = Math.max(scale[a], norm2);
      maxScale = Math.max(maxScale, scale[a]);
    }
    if (!(maxScale > 0) || !Number.isFinite(maxScale) || !rhs.every(Number.isFinite)) break;
    let accepted = false;
    while (!accepted) {
      for (let a = 0; a < m; a++) {
        cols[a].fill(0, n);
        cols[a][n + a] = Math.sqrt(mu * Math.max(scale[a], 1e-12 * maxScale));
      }
      const step = linearLeastSquares(cols, rhs);
      if (!step) {
        mu *= 10;
        if (mu > 1e20) break;
        continue;
      }
      const accel = geodesicAcceleration(step);
      if (accel) for (let a = 0; a < m; a++) step[a] += 0.5 * accel[a];
      const relStep = moveTo(step);
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
    logScale: setup.logScale,
    lower: setup.lower,
    upper: setup.upper,
    signal: ctx.signal,
  });
}
