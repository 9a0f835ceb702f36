import { ASYMMETRIC_WEIGHT, huber, isLogObjective, objectiveValue } from './objectives';
import type { CancellationSignal, LawInputs, ObjectiveKind } from '../types';
import { CancelledError } from '../types';
import type { LawFitContext } from '../law';
import { QrWorkspace } from './linearLeastSquares';
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
  /**
   * Iterations per block (default 500). Another block follows while the last one at least halved
   * the objective, up to MAX_BLOCKS blocks: slow but steady progress along a valley is not cut off.
   */
  maxIterations?: number;
  /** Blocks at most (default MAX_BLOCKS): 1 makes maxIterations a hard cap, for screening many starts. */
  maxBlocks?: number;
  /**
   * Stop (unconverged) once `iterations` steps together lowered the objective by at most `relative` of
   * it: a model whose parameters run off to infinity along a flat valley (a BNSL break pushed past the
   * data, a → −∞ with b → ∞) otherwise spends every iteration of every block for digits that never show.
   */
  stall?: { iterations: number; relative: number };
  signal?: CancellationSignal;
}

export interface PolishResult {
  params: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

const MAX_BLOCKS = 10;
/**
 * Objectives that are a sum of one loss per row of g(ŷ) − g(y) (square, or Huber for the huber kinds),
 * which the polish evaluates itself with g(y) taken once; any other (asymmetric, huber-mle) goes through
 * objectiveValue. Listed, not excluded, so a new kind is never summed as squares by mistake.
 */
const ROWWISE: ReadonlySet<ObjectiveKind> = new Set(['mse', 'mse-log', 'mse-log1p', 'huber', 'huber-log']);
/** Longest repetition of an accepted step, in multiples of it. */
const MAX_STRETCH = 1 << 20;

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
  return startPolish(model, y, p0, opts).run();
}

/** A polish that can stop after some iterations and go on later, exactly as if it had not stopped. */
export interface Polisher {
  /**
   * Iterates until the polish ends, or until `pauseAt` iterations in all: then a copy of where it is, and
   * a later `run` goes on from there (screening several starts for a few steps, then finishing the one ahead,
   * costs no step twice).
   */
  run(pauseAt?: number): PolishResult;
}

function startPolish(model: ModelFunctions, y: Float64Array, p0: ArrayLike<number>, opts: PolishOptions): Polisher {
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
  const qr = new QrWorkspace(n + m, m);
  const step = new Float64Array(m);
  const accel = new Float64Array(m);
  const { g, dg } = residualSpace(opts.objective);
  const gy = Float64Array.from(y, g);
  // The objective of objectives.ts on ŷ, with g(y) taken once (same terms, same order, same value).
  const rowwise = ROWWISE.has(opts.objective);
  const huberLoss = opts.objective === 'huber' || opts.objective === 'huber-log';
  // One loop per residual space: `g` differs between fits, and called through a variable in the loop it
  // is not inlined (this is the most frequent loop of a Huber polish, once per trial and stretch).
  const log = isLogObjective(opts.objective);
  const log1p = opts.objective === 'mse-log1p';
  const delta = opts.delta;
  /** g(ŷ) − g(y) of every row into `out`, in the same one-loop-per-space form. */
  const residualsInto = (yHat: Float64Array, out: Float64Array): void => {
    if (log) for (let i = 0; i < n; i++) out[i] = Math.log(yHat[i]) - gy[i];
    else if (log1p) for (let i = 0; i < n; i++) out[i] = Math.log1p(yHat[i]) - gy[i];
    else for (let i = 0; i < n; i++) out[i] = yHat[i] - gy[i];
  };
  // Every IRLS weight is 1 for the least-squares kinds: no weight (nor the residual it needs) per row.
  const unitWeights = !huberLoss && opts.objective !== 'asymmetric';
  const objectiveAt = (yHat: Float64Array): number => {
    if (!rowwise) return objectiveValue(opts.objective, yHat, y, delta);
    let total = 0;
    if (log) for (let i = 0; i < n; i++) total += rowLoss(Math.log(yHat[i]) - gy[i], huberLoss, delta);
    else if (log1p) for (let i = 0; i < n; i++) total += rowLoss(Math.log1p(yHat[i]) - gy[i], huberLoss, delta);
    else for (let i = 0; i < n; i++) total += rowLoss(yHat[i] - gy[i], huberLoss, delta);
    return Number.isFinite(total) ? total : Infinity;
  };
  const floor = 1e-9 * (1 + Math.abs(y.reduce((s, v) => s + Math.abs(v), 0) / Math.max(n, 1)));
  model.predict(p, yHat);
  let value = objectiveAt(yHat);
  if (m === 0 || !Number.isFinite(value)) return { run: () => ({ params: p, value, iterations: 0, converged: m === 0 }) };
  // Marquardt's scaling: the damping metric is each parameter's current curvature (column norm²).
  // Moré's (MINPACK's) running maximum freezes a parameter whose curvature was large early on: on a
  // BNSL break just past the data edge the (c, d, f) valley is reached after an excursion with large
  // curvatures, and the frozen metric then creeps along the valley floor (RR-08 synthetic: c1 = 3.1
  // instead of 5.66 after 500 steps; MINPACK itself stops at c1 = 2.2 on the 390-point cut).
  const scale = new Float64Array(m);
  /** d(ln p)/dp factor of each free parameter's Jacobian column (its value when stepped in logs, else 1). */
  const chain = new Float64Array(m);
  const stretched = new Float64Array(m);
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
  const residuals = new Float64Array(n);
  const jStep = new Float64Array(n);
  /** v is the step, and jv = J·v row by row (predictedGain's). */
  const geodesicAcceleration = (v: Float64Array, jv: Float64Array): Float64Array | undefined => {
    const h = 0.1;
    for (let a = 0; a < m; a++) stretched[a] = h * v[a];
    moveTo(stretched);
    model.predict(trial, trialHat);
    residualsInto(trialHat, residuals);
    for (let i = 0; i < n; i++) {
      const r0 = -rhs[i];
      const sw = unitWeights || r0 === 0 ? 1 : Math.sqrt(irlsWeight(opts.objective, g(yHat[i]) - gy[i], opts.delta, floor));
      const rh = sw * residuals[i];
      secondDerivative[i] = (-2 / h) * ((rh - r0) / h - jv[i]);
    }
    secondDerivative.fill(0, n);
    if (!allFinite(secondDerivative)) return undefined;
    const a = accel;
    if (!qr.solve(secondDerivative, a)) return undefined;
    let na = 0;
    let nv = 0;
    for (let c = 0; c < m; c++) {
      na += scale[c] * a[c] * a[c];
      nv += scale[c] * v[c] * v[c];
    }
    return 2 * Math.sqrt(na) <= 0.75 * Math.sqrt(nv) ? a : undefined;
  };
  // Huber with δ far below the residuals is nearly least absolute deviations: rows pinned at r ≈ 0 make a
  // ridge along which the objective falls linearly while the IRLS model only allows steps that shrink
  // geometrically (saturating-power on OLMo 1B crept 500 steps at ~1e-8 of the objective each). An
  // accepted step is therefore repeated, doubled each time, while the objective keeps falling.
  const extrapolate = opts.objective === 'huber' || opts.objective === 'huber-log' || opts.objective === 'asymmetric';
  let mu = 1e-3;
  // Nielsen's damping update: μ shrinks by how well the linear model predicted the gain and grows
  // by a doubling factor on successive failures (about half the steps of fixed ÷5 / ×8 factors on
  // the RR-08 valley, and far fewer rejected trials).
  let growth = 2;
  let iterations = 0;
  let converged = false;
  let budget = maxIterations;
  let valueAtBlockStart = value;
  let stallMark = value;
  let ended = false;
  const run = (pauseAt = Infinity): PolishResult => {
    while (!converged && !ended) {
      if (iterations === pauseAt) return { params: Float64Array.from(p), value, iterations, converged };
      if (opts.stall && iterations > 0 && iterations % opts.stall.iterations === 0) {
        if (stallMark - value <= opts.stall.relative * Math.abs(value)) break;
        stallMark = value;
      }
      if (iterations >= budget) {
        if (budget >= (opts.maxBlocks ?? MAX_BLOCKS) * maxIterations || !(value <= 0.5 * valueAtBlockStart)) break;
        budget += maxIterations;
        valueAtBlockStart = value;
      }
      if (opts.signal?.cancelled) throw new CancelledError();
      iterations++;
      model.jacobian(p, jac);
      for (let a = 0; a < m; a++) chain[a] = inLog[a] ? p[freeIdx[a]] : 1;
      residualsInto(yHat, residuals);
      for (let i = 0; i < n; i++) {
        const r = residuals[i];
        const sw = unitWeights ? 1 : Math.sqrt(irlsWeight(opts.objective, r, opts.delta, floor));
        const d = sw * dg(yHat[i]);
        rhs[i] = -sw * r;
        for (let a = 0; a < m; a++) cols[a][i] = d * jac[i * k + freeIdx[a]] * chain[a];
      }
      let maxScale = 0;
      for (let a = 0; a < m; a++) {
        let norm2 = 0;
        for (let i = 0; i < n; i++) norm2 += cols[a][i] * cols[a][i];
        scale[a] = norm2;
        maxScale = Math.max(maxScale, scale[a]);
      }
      if (!(maxScale > 0) || !Number.isFinite(maxScale) || !allFinite(rhs)) break;
      let weightedSquares = 0;
      for (let i = 0; i < n; i++) weightedSquares += rhs[i] * rhs[i];
      let accepted = false;
      while (!accepted && !converged) {
        for (let a = 0; a < m; a++) {
          cols[a].fill(0, n);
          cols[a][n + a] = Math.sqrt(mu * Math.max(scale[a], 1e-12 * maxScale));
        }
        if (!qr.factor(cols) || !qr.solve(rhs, step)) {
          mu *= 10;
          converged = mu > 1e20;
          continue;
        }
        const predicted = predictedGain(cols, rhs, step, n, jStep);
        const correction = geodesicAcceleration(step, jStep);
        if (correction) for (let a = 0; a < m; a++) step[a] += 0.5 * correction[a];
        const relStep = moveTo(step);
        model.predict(trial, trialHat);
        const trialValue = objectiveAt(trialHat);
        if (trialValue < value) {
          const gain = value - trialValue;
          p.set(trial);
          yHat.set(trialHat);
          value = trialValue;
          // The linear model's gain is in weighted squared residuals: the objective itself for the
          // least-squares kinds, a majoriser of it for the IRLS ones; scaling by value / Σ(√w·r)² at
          // the current point puts both on the objective's scale.
          const rho = predicted > 0 && weightedSquares > 0 ? (gain * weightedSquares) / (predicted * (value + gain)) : 1;
          mu = Math.max(mu * Math.max(1 / 3, 1 - (2 * rho - 1) ** 3), 1e-15);
          growth = 2;
          accepted = true;
          for (let stretch = 1; extrapolate && stretch <= MAX_STRETCH; stretch *= 2) {
            for (let a = 0; a < m; a++) stretched[a] = stretch * step[a];
            moveTo(stretched);
            model.predict(trial, trialHat);
            const further = objectiveAt(trialHat);
            if (!(further < value)) break;
            p.set(trial);
            yHat.set(trialHat);
            value = further;
          }
          if ((gain <= 1e-14 * value && relStep < 1e-9) || relStep < 1e-14 || value === 0) converged = true;
        } else {
          mu *= growth;
          growth *= 2;
          // No decrease even for a vanishing step: the current point is a minimum to working precision.
          converged = mu > 1e20 || relStep < 1e-15;
        }
      }
    }
    ended = true;
    return { params: p, value, iterations, converged };
  };
  return { run };
}

function allFinite(values: Float64Array): boolean {
  for (const v of values) if (!Number.isFinite(v)) return false;
  return true;
}

function rowLoss(r: number, huberLoss: boolean, delta: number): number {
  return huberLoss ? huber(r, delta) : r * r;
}

/**
 * Σ r_i² − Σ (r_i + (JΔ)_i)² over the data rows: the gain the linearised model promises (rhs = −√w·r);
 * JΔ goes into `jStep` (the geodesic correction needs it too).
 */
function predictedGain(cols: readonly Float64Array[], rhs: Float64Array, step: Float64Array, n: number, jStep: Float64Array): number {
  let gain = 0;
  for (let i = 0; i < n; i++) {
    let jd = 0;
    for (let a = 0; a < step.length; a++) jd += cols[a][i] * step[a];
    jStep[i] = jd;
    gain += jd * (2 * rhs[i] - jd);
  }
  return gain;
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
export function polishLaw(
  law: Predictor,
  ctx: LawFitContext,
  setup: ParamSetup,
  start: ArrayLike<number>,
  limits: Pick<PolishOptions, 'maxIterations' | 'maxBlocks' | 'stall'> = {},
): PolishResult {
  return startLawPolish(law, ctx, setup, start, limits).run();
}

/** polishLaw that can pause (Polisher). */
export function startLawPolish(
  law: Predictor,
  ctx: LawFitContext,
  setup: ParamSetup,
  start: ArrayLike<number>,
  limits: Pick<PolishOptions, 'maxIterations' | 'maxBlocks' | 'stall'> = {},
): Polisher {
  return startPolish(bindInputs(law, ctx.x), ctx.y, start, {
    ...limits,
    objective: ctx.objective,
    delta: ctx.delta,
    free: setup.free,
    logScale: setup.logScale,
    lower: setup.lower,
    upper: setup.upper,
    signal: ctx.signal,
  });
}
