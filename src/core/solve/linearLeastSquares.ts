/**
 * Small dense least squares for the linear part of separable laws (2–4 coefficients, up to a few
 * thousand rows). Householder QR on unit-norm columns, because basis columns such as x^(−α) span
 * many orders of magnitude and normal equations would square their condition number.
 */

/**
 * Householder QR of k weighted columns of n rows in buffers owned by the workspace, so a caller that
 * factors thousands of times (every damping trial of Levenberg–Marquardt) allocates nothing per factor.
 */
export class QrWorkspace {
  private readonly a: Float64Array; // column-major
  private readonly sqrtW: Float64Array;
  private readonly scale: Float64Array;
  private readonly diag: Float64Array;
  private readonly vnorm2: Float64Array;
  private readonly b: Float64Array;

  constructor(
    readonly n: number,
    readonly k: number,
  ) {
    this.a = new Float64Array(n * k);
    this.sqrtW = new Float64Array(n);
    this.scale = new Float64Array(k);
    this.diag = new Float64Array(k);
    this.vnorm2 = new Float64Array(k);
    this.b = new Float64Array(n);
  }

  /** Factors `cols` (k columns of n rows; `w` defaults to 1); false when they are rank-deficient. */
  factor(cols: readonly Float64Array[], w?: ArrayLike<number>): boolean {
    const { a, sqrtW, scale, diag, vnorm2, n, k } = this;
    if (n < k) return false;
    sqrtW.fill(1);
    if (w) for (let i = 0; i < n; i++) sqrtW[i] = Math.sqrt(w[i]);
    for (let j = 0; j < k; j++) {
      const col = cols[j];
      const o = j * n;
      let norm = 0;
      // Unweighted (every Levenberg–Marquardt damping trial) the columns are read as they are, and each is
      // written once, already divided by its norm.
      if (w) {
        for (let i = 0; i < n; i++) {
          const v = sqrtW[i] * col[i];
          a[o + i] = v;
          norm += v * v;
        }
      } else {
        for (let i = 0; i < n; i++) norm += col[i] * col[i];
      }
      norm = Math.sqrt(norm);
      if (!(norm > 0) || !Number.isFinite(norm)) return false;
      scale[j] = norm;
      if (w) for (let i = 0; i < n; i++) a[o + i] /= norm;
      else for (let i = 0; i < n; i++) a[o + i] = col[i] / norm;
    }
    for (let j = 0; j < k; j++) {
      const o = j * n;
      let norm = 0;
      for (let i = j; i < n; i++) norm += a[o + i] * a[o + i];
      norm = Math.sqrt(norm);
      if (norm < 1e-13) return false;
      const alpha = a[o + j] > 0 ? -norm : norm;
      // v = x − alpha·e1, stored in place of column j below the diagonal.
      a[o + j] -= alpha;
      let v2 = 0;
      for (let i = j; i < n; i++) v2 += a[o + i] * a[o + i];
      vnorm2[j] = v2;
      for (let c = j + 1; c < k; c++) reflect(a, j, a, c * n, n, v2);
      diag[j] = alpha;
    }
    return true;
  }

  /** The coefficients for `y` into `coef` (length k) after `factor`; false when not finite. */
  solve(y: ArrayLike<number>, coef: Float64Array): boolean {
    const { a, sqrtW, scale, diag, vnorm2, b, n, k } = this;
    for (let i = 0; i < n; i++) b[i] = sqrtW[i] * y[i];
    for (let j = 0; j < k; j++) reflect(a, j, b, 0, n, vnorm2[j]);
    for (let j = k - 1; j >= 0; j--) {
      let s = b[j];
      for (let c = j + 1; c < k; c++) s -= a[c * n + j] * coef[c];
      coef[j] = s / diag[j];
    }
    for (let j = 0; j < k; j++) coef[j] /= scale[j];
    for (let j = 0; j < k; j++) if (!Number.isFinite(coef[j])) return false;
    return true;
  }
}

/**
 * min Σ w_i (Σ_j c_j·cols[j][i] − y_i)²; returns c, or undefined when the columns are rank-deficient.
 * `w` defaults to 1.
 */
export function linearLeastSquares(
  cols: readonly Float64Array[],
  y: ArrayLike<number>,
  w?: ArrayLike<number>,
): Float64Array | undefined {
  const k = cols.length;
  if (k === 0) return new Float64Array(0);
  if (cols[0].length !== y.length) return undefined;
  const qr = new QrWorkspace(cols[0].length, k);
  const coef = new Float64Array(k);
  return qr.factor(cols, w) && qr.solve(y, coef) ? coef : undefined;
}

/** Applies Householder reflector j (stored in column j of `a`) to `target` from `offset`. */
function reflect(a: Float64Array, j: number, t: Float64Array, offset: number, n: number, vnorm2: number): void {
  const o = j * n;
  let dot = 0;
  for (let i = j; i < n; i++) dot += a[o + i] * t[offset + i];
  const f = (2 * dot) / vnorm2;
  for (let i = j; i < n; i++) t[offset + i] -= f * a[o + i];
}

/**
 * Box-constrained version: the optimum of a convex quadratic on a box is the unconstrained optimum
 * of one face, so with ≤ 4 coefficients we try every face (each coefficient free, at its lower or at
 * its upper bound) and keep the best feasible one. Exact, and cheap at this size.
 *
 * `face` (one state per coefficient: 0 free, 1 at lower, 2 at upper) carries the optimal face from one call
 * to the next: a scan over a nonlinear parameter solves nearly the same problem dozens of times, and when
 * that face's solution is feasible and no bound it holds wants to be let go (KKT), it is the optimum the
 * search over every face would find, computed the same way — 3^k − 1 QR solves become one.
 */
export function boundedLinearLeastSquares(
  cols: readonly Float64Array[],
  y: ArrayLike<number>,
  w: ArrayLike<number> | undefined,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  face?: Int8Array,
): Float64Array | undefined {
  const k = cols.length;
  const n = y.length;
  const free = linearLeastSquares(cols, y, w);
  if (free && inBox(free, lower, upper)) {
    face?.fill(0);
    return free;
  }
  const residual = new Float64Array(n);
  if (face?.some((state) => state !== 0)) {
    const coef = solveFace(cols, y, w, lower, upper, face, residual);
    if (coef && inBox(coef, lower, upper) && boundsHold(cols, coef, y, w, face)) return coef;
  }
  let best: Float64Array | undefined;
  let bestSsr = Infinity;
  const states = new Int8Array(k);
  const bestStates = new Int8Array(k);
  for (let code = 1; code < 3 ** k; code++) {
    let rest = code;
    let feasibleFace = true;
    for (let j = 0; j < k; j++) {
      states[j] = rest % 3;
      rest = Math.floor(rest / 3);
      if ((states[j] === 1 && !Number.isFinite(lower[j])) || (states[j] === 2 && !Number.isFinite(upper[j]))) {
        feasibleFace = false;
      }
    }
    if (!feasibleFace) continue;
    const coef = solveFace(cols, y, w, lower, upper, states, residual);
    if (!coef || !inBox(coef, lower, upper)) continue;
    const ssr = weightedSsr(cols, coef, y, w);
    if (ssr < bestSsr) {
      bestSsr = ssr;
      best = coef;
      bestStates.set(states);
    }
  }
  if (best) face?.set(bestStates);
  return best;
}

/** The least-squares coefficients with those of `states` 1 or 2 held at their bound; undefined when singular. */
function solveFace(
  cols: readonly Float64Array[],
  y: ArrayLike<number>,
  w: ArrayLike<number> | undefined,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  states: Int8Array,
  residual: Float64Array,
): Float64Array | undefined {
  const k = cols.length;
  const coef = new Float64Array(k);
  residual.set(y);
  const freeCols: Float64Array[] = [];
  const freeIdx: number[] = [];
  for (let j = 0; j < k; j++) {
    if (states[j] === 0) {
      freeCols.push(cols[j]);
      freeIdx.push(j);
      continue;
    }
    coef[j] = states[j] === 1 ? lower[j] : upper[j];
    for (let i = 0; i < residual.length; i++) residual[i] -= coef[j] * cols[j][i];
  }
  const sub = linearLeastSquares(freeCols, residual, w);
  if (!sub) return undefined;
  freeIdx.forEach((j, m) => (coef[j] = sub[m]));
  return coef;
}

/** KKT on the held coefficients: the gradient of the weighted SSR pushes each one into its bound. */
function boundsHold(cols: readonly Float64Array[], c: Float64Array, y: ArrayLike<number>, w: ArrayLike<number> | undefined, states: Int8Array): boolean {
  const r = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    let v = -y[i];
    for (let j = 0; j < cols.length; j++) v += c[j] * cols[j][i];
    r[i] = (w ? w[i] : 1) * v;
  }
  for (let j = 0; j < cols.length; j++) {
    if (states[j] === 0) continue;
    let g = 0;
    for (let i = 0; i < y.length; i++) g += r[i] * cols[j][i];
    if (states[j] === 1 ? !(g >= 0) : !(g <= 0)) return false;
  }
  return true;
}

function inBox(c: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): boolean {
  for (let j = 0; j < c.length; j++) if (c[j] < lower[j] || c[j] > upper[j]) return false;
  return true;
}

function weightedSsr(cols: readonly Float64Array[], c: Float64Array, y: ArrayLike<number>, w?: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    let r = -y[i];
    for (let j = 0; j < cols.length; j++) r += c[j] * cols[j][i];
    total += (w ? w[i] : 1) * r * r;
  }
  return total;
}
