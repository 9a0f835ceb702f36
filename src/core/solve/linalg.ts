/**
 * Small dense linear algebra for the fitters (systems of ≤ ~20 unknowns, solved thousands of times):
 * in-place on caller-owned Float64Arrays so the inner loops never allocate.
 */

/**
 * Solves the symmetric positive-definite system `a · x = b` (a is n×n row-major) by Cholesky, writing
 * x into `b`. `a` is overwritten by its factor. Returns false when a is not numerically positive definite.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / ljj;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= a[i * n + k] * b[k];
    b[i] = s / a[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= a[k * n + i] * b[k];
    b[i] = s / a[i * n + i];
  }
  return true;
}

const nnlsScratch = new Float64Array(9);
const nnlsRhs = new Float64Array(3);
const FACES = [1, 2, 3, 4, 5, 6, 7].map((mask) => [0, 1, 2].filter((j) => mask & (1 << j)));

/**
 * Non-negative least squares for three unknowns from the normal equations (g = XᵀWX, h = XᵀWy,
 * 3×3 and 3): the optimum of a convex quadratic over the orthant is the unconstrained optimum of one
 * of its 7 faces, so trying every face is exact and cheaper than an active-set loop at this size.
 * Writes the solution into `out`; returns the quadratic's value ½θᵀgθ − hᵀθ (for ranking).
 */
export function nnls3(g: Float64Array, h: Float64Array, out: Float64Array): number {
  let best = Infinity;
  out[0] = out[1] = out[2] = 0;
  const m = nnlsScratch;
  const r = nnlsRhs;
  for (const idx of FACES) {
    const k = idx.length;
    for (let a = 0; a < k; a++) {
      r[a] = h[idx[a]];
      for (let b = 0; b < k; b++) m[a * k + b] = g[idx[a] * 3 + idx[b]];
    }
    if (!choleskySolve(m, r, k)) continue;
    let feasible = true;
    for (let a = 0; a < k; a++) if (!(r[a] >= 0)) feasible = false;
    if (!feasible) continue;
    // At the face optimum ½θᵀgθ − hᵀθ = −½ hᵀθ.
    let value = 0;
    for (let a = 0; a < k; a++) value -= 0.5 * h[idx[a]] * r[a];
    if (value < best) {
      best = value;
      out[0] = out[1] = out[2] = 0;
      for (let a = 0; a < k; a++) out[idx[a]] = r[a];
    }
  }
  return best === Infinity ? 0 : best;
}

/**
 * Eigenvalues of a small symmetric matrix (row-major n×n, copied) by cyclic Jacobi rotations —
 * robust for the ≤ 20×20 curvature matrices whose condition number the warnings report.
 */
export function symmetricEigenvalues(matrix: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, k) => a[k * n + k]);
}
