/**
 * The `huber-mle` objective of Besiroglu et al. 2024 (laws.md §4, reference-results RR-02): log
 * residuals r are modelled as i.i.d. draws from a Huber density with scale σ = e^s, so
 *   NLL(p, s) = Σ h_δ(rᵢ/σ) + n·ln σ + n·ln Z,  Z = √(2π)·(1 − 2Φ̄(δ)) + 2e^(−δ²/2)/δ,
 * with 1 − 2Φ̄(δ) = erf(δ/√2). For fixed residuals the NLL is convex in s, so σ is profiled out
 * exactly by a safeguarded 1-D Newton solve; the engine reports that s with the fit.
 */

import type { LocalOptimizer, LocalOptions, ResidualProblem } from './localOptimizer';

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** erf(x) for x ≥ 0: Maclaurin series below 3 (cancellation ≲ 1e-13), continued fraction of erfc above. */
function erf(x: number): number {
  if (x > 3) {
    let f = x;
    for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
    return 1 - Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
  }
  let term = x;
  let sum = x;
  for (let k = 1; k < 200; k++) {
    term *= (-x * x) / k;
    const add = term / (2 * k + 1);
    sum += add;
    if (Math.abs(add) <= 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** ln Z, the log normaliser of the unit-scale Huber density exp(−h_δ(u)). */
export function huberLogNormaliser(delta: number): number {
  return Math.log(SQRT_2PI * erf(delta / Math.SQRT2) + (2 * Math.exp((-delta * delta) / 2)) / delta);
}

export interface HuberMleProfile {
  /** ln σ at the profile optimum. */
  s: number;
  /** NLL at (p, s). */
  nll: number;
}

/** Σ h_δ(rᵢ·e^(−s)) and its first two derivatives in s (ψ(u) = u·h′(u) = min(u², δ|u|)). */
function scaleTerms(r: ArrayLike<number>, delta: number, s: number): { h: number; d1: number; d2: number } {
  const inv = Math.exp(-s);
  let h = 0;
  let psi = 0;
  let dpsi = 0;
  for (let i = 0; i < r.length; i++) {
    const u = Math.abs(r[i]) * inv;
    if (u <= delta) {
      h += 0.5 * u * u;
      psi += u * u;
      dpsi += 2 * u * u;
    } else {
      h += delta * (u - 0.5 * delta);
      psi += delta * u;
      dpsi += delta * u;
    }
  }
  return { h, d1: r.length - psi, d2: dpsi };
}

/** Lower end for σ when every residual is zero (a perfect fit has no finite MLE scale). */
const MIN_S = -700;

/**
 * The NLL with σ profiled out: s* = argmin_s NLL(r, s), found by Newton in s kept inside a bracket
 * of the sign change of ∂NLL/∂s = n − Σ ψ(rᵢ/σ), which is increasing in s (the NLL is convex in s).
 */
export function huberMleProfile(r: ArrayLike<number>, delta: number): HuberMleProfile {
  const n = r.length;
  let meanAbs = 0;
  for (let i = 0; i < n; i++) meanAbs += Math.abs(r[i]) / n;
  const logZ = huberLogNormaliser(delta);
  if (!(meanAbs > 0) || !Number.isFinite(meanAbs)) {
    const s = meanAbs > 0 ? Infinity : MIN_S;
    return { s, nll: meanAbs > 0 ? Infinity : n * (s + logZ) };
  }
  // Exact when every |rᵢ|/σ > δ (the usual case for small δ); a good start otherwise.
  let s = Math.log(Math.max(delta * meanAbs, Number.MIN_VALUE));
  let lo = -Infinity;
  let hi = Infinity;
  for (let iteration = 0; iteration < 200; iteration++) {
    const { d1, d2 } = scaleTerms(r, delta, s);
    if (d1 < 0) lo = s;
    else hi = s;
    let next = s - d1 / d2;
    if (!(next > lo && next < hi)) next = Number.isFinite(lo) && Number.isFinite(hi) ? 0.5 * (lo + hi) : s + (d1 < 0 ? 1 : -1);
    if (Math.abs(next - s) <= 1e-13 * Math.max(1, Math.abs(s))) {
      s = next;
      break;
    }
    s = next;
  }
  return { s, nll: scaleTerms(r, delta, s).h + n * (s + logZ) };
}

/** Alternation rounds; each is a full local minimisation at fixed σ (two or three suffice in practice). */
const MAX_ROUNDS = 20;
/** A round that moves ln σ by less than this (and whose local fit converged) ends the alternation. */
const S_TOL = 1e-10;
/**
 * Local steps for a Huber threshold far below the residuals (nearly least-absolute-deviation): IRLS
 * curvature for outliers and step doubling along ridges. On Epoch-240 bootstrap replicates plain Newton
 * steps hit 300 iterations without converging; these converge in ~40.
 */
const NEAR_LAD_STEPS = { irlsCurvature: true, extrapolate: true } as const;

export interface HuberMleOutcome extends HuberMleProfile {
  converged: boolean;
}

/**
 * Minimises NLL(p, s) from `p` (internal coordinates, updated in place) by alternating exact block
 * minimisations: at fixed σ, Σ h_δ(rᵢ/σ) = Σ huber_δσ(rᵢ)/σ², a Huber fit with threshold δσ (the
 * optimiser's relative stopping ignores the 1/σ² factor); at fixed p, the profile solve for s. Each
 * block lowers the NLL, and when a round moves neither, both gradients vanish — a stationary point of
 * the joint problem. σ is far below the residuals on real data (δσ ≈ 5e-9 on Epoch-240), so the
 * problem is nearly least-absolute-deviation (NEAR_LAD_STEPS).
 */
export function minimiseHuberMle(
  problem: ResidualProblem,
  optimizer: LocalOptimizer,
  p: Float64Array,
  delta: number,
  opts: LocalOptions,
): HuberMleOutcome {
  const r = new Float64Array(problem.nRows);
  if (!problem.residuals(p, r, null)) return { s: NaN, nll: Infinity, converged: false };
  let profile = huberMleProfile(r, delta);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const local = optimizer.minimise(p, { ...opts, loss: 'huber', delta: delta * Math.exp(profile.s), weights: undefined, ...NEAR_LAD_STEPS });
    if (!problem.residuals(p, r, null)) return { ...profile, nll: Infinity, converged: false };
    const next = huberMleProfile(r, delta);
    const settled = local.converged && Math.abs(next.s - profile.s) <= S_TOL;
    profile = next;
    if (settled) return { ...profile, converged: true };
  }
  return { ...profile, converged: false };
}
