/**
 * One-dimensional search used by every numeric allocation: a coarse scan finds the basin (laws can
 * have flat or infeasible stretches, so a local method alone may start in the wrong place), then
 * Brent's method polishes inside the bracket around the best scan point.
 */

const GOLDEN = 0.3819660112501051;

/** Non-finite values (infeasible points) compare as worse than any finite value. */
function finiteOrHuge(value: number): number {
  return Number.isFinite(value) ? value : Number.MAX_VALUE;
}

export interface Minimum {
  x: number;
  value: number;
  /** True when the best scan point was an end of the interval (the minimum may lie outside it). */
  atBound: boolean;
}

/** Brent's parabolic/golden minimiser on [a, b] (Numerical Recipes `brent`, without derivatives). */
export function brentMinimise(f: (x: number) => number, a: number, b: number, tol = 1e-12, maxIter = 200): Minimum {
  let x = a + GOLDEN * (b - a);
  let w = x;
  let v = x;
  let fx = finiteOrHuge(f(x));
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iter = 0; iter < maxIter; iter++) {
    const m = 0.5 * (a + b);
    const tol1 = tol * Math.abs(x) + 1e-15;
    const tol2 = 2 * tol1;
    if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) break;
    let useGolden = true;
    if (Math.abs(e) > tol1) {
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      const eOld = e;
      e = d;
      if (Math.abs(p) < Math.abs(0.5 * q * eOld) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = m >= x ? tol1 : -tol1;
        useGolden = false;
      }
    }
    if (useGolden) {
      e = (x >= m ? a : b) - x;
      d = GOLDEN * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = finiteOrHuge(f(u));
    if (fu <= fx) {
      if (u >= x) a = x;
      else b = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, value: fx, atBound: false };
}

/** Global-then-local minimum of f on [lo, hi]: `points` evenly spaced evaluations, then Brent. */
export function scanMinimise(f: (x: number) => number, lo: number, hi: number, points = 129): Minimum {
  const step = (hi - lo) / (points - 1);
  let best = 0;
  let bestValue = Infinity;
  for (let i = 0; i < points; i++) {
    const value = finiteOrHuge(f(lo + i * step));
    if (value < bestValue) {
      bestValue = value;
      best = i;
    }
  }
  const a = lo + Math.max(best - 1, 0) * step;
  const b = lo + Math.min(best + 1, points - 1) * step;
  const polished = brentMinimise(f, a, b);
  const atBound = best === 0 || best === points - 1;
  return polished.value <= bestValue
    ? { ...polished, atBound }
    : { x: lo + best * step, value: bestValue, atBound };
}

/**
 * Root of a monotone function on [lo, hi] by bisection (robust where the function is only known
 * numerically); `undefined` when f does not change sign on the interval.
 */
export function bisectRoot(f: (x: number) => number, lo: number, hi: number, iterations = 100): number | undefined {
  let fLo = f(lo);
  const fHi = f(hi);
  if (!(Number.isFinite(fLo) && Number.isFinite(fHi)) || fLo * fHi > 0) return undefined;
  for (let i = 0; i < iterations && hi - lo > 0; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    const fMid = f(mid);
    if (fMid === 0) return mid;
    if (fMid * fLo < 0) {
      hi = mid;
    } else {
      lo = mid;
      fLo = fMid;
    }
  }
  return 0.5 * (lo + hi);
}

/** Index of the smallest finite value (−1 when there is none). */
export function argMin(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]) && (best < 0 || values[i] < values[best])) best = i;
  }
  return best;
}
