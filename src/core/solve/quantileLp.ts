/**
 * Exact solver for the asymmetric (lower-envelope) objective when the model is linear in three
 * non-negative coefficients θ (Chinchilla's E, A, B at fixed exponents):
 *   min_{θ ≥ 0} Σᵢ ρ(yᵢ − xᵢᵀθ),  ρ(e) = e for e ≥ 0, w·(−e) otherwise,
 * i.e. a linear quantile regression at τ = 1/(1+w). We solve its dual, which has only three
 * equality rows and box-bounded variables:
 *   max Σ yᵢ dᵢ  s.t.  Σᵢ xᵢ dᵢ + s = 0,  −w ≤ dᵢ ≤ 1,  s ≥ 0,
 * with a bounded-variable primal simplex (basis 3×3). The simplex multipliers are θ, and the
 * reduced cost of dᵢ is the residual eᵢ. Starting point d = −w, s = w Σ xᵢ is feasible because
 * every column of x is positive.
 */

const MAX_PIVOTS_PER_ROW = 50;

export class QuantileLp {
  private readonly d: Float64Array;
  private readonly basis = new Int32Array(3);
  private readonly values = new Float64Array(3);
  private readonly inv = new Float64Array(9);
  private readonly matrix = new Float64Array(9);
  private readonly pi = new Float64Array(3);
  private readonly col = new Float64Array(3);
  private readonly w = new Float64Array(3);

  private readonly residual: Float64Array;
  private readonly order: Int32Array;

  constructor(private readonly n: number) {
    this.d = new Float64Array(n);
    this.residual = new Float64Array(n);
    this.order = new Int32Array(n);
  }

  /**
   * `x0`, `x1`, `x2` are the three columns; writes θ into `theta` and returns Σ ρ (not divided by n).
   * `guess` (a nearby solution, e.g. from the neighbouring exponents) crashes the start: rows below
   * the guessed fit start at dᵢ = −w, the rest at 1, as far as feasibility allows — then only a few
   * pivots remain instead of ~n.
   */
  solve(
    x0: Float64Array,
    x1: Float64Array,
    x2: Float64Array,
    y: Float64Array,
    weight: number,
    theta: Float64Array,
    guess?: Float64Array,
  ): number {
    const { n, d, basis, values, inv, pi, col, w } = this;
    const cols = [x0, x1, x2];
    this.crash(cols, y, weight, guess);
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += cols[j][i] * d[i];
      basis[j] = n + j;
      values[j] = -s;
    }
    const column = (v: number, out: Float64Array) => {
      if (v >= n) {
        out[0] = out[1] = out[2] = 0;
        out[v - n] = 1;
      } else {
        out[0] = x0[v];
        out[1] = x1[v];
        out[2] = x2[v];
      }
    };
    const isBasic = (v: number) => basis[0] === v || basis[1] === v || basis[2] === v;
    let scaleY = 0;
    for (let i = 0; i < n; i++) scaleY = Math.max(scaleY, Math.abs(y[i]));
    const tol = 1e-12 * (scaleY || 1);
    for (let pivot = 0; pivot < MAX_PIVOTS_PER_ROW * n; pivot++) {
      if (!this.invertBasis(cols)) break;
      // πᵀ = c_Bᵀ B⁻¹, with c = y for d variables and 0 for slacks.
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += (basis[k] < n ? y[basis[k]] : 0) * inv[k * 3 + j];
        pi[j] = s;
      }
      // Entering variable: the largest improving reduced cost (Dantzig).
      let enter = -1;
      let best = tol;
      let direction = 0;
      for (let i = 0; i < n; i++) {
        if (isBasic(i)) continue;
        const rc = y[i] - pi[0] * x0[i] - pi[1] * x1[i] - pi[2] * x2[i];
        if (d[i] <= -weight && rc > best) {
          best = rc;
          enter = i;
          direction = 1;
        } else if (d[i] >= 1 && -rc > best) {
          best = -rc;
          enter = i;
          direction = -1;
        }
      }
      for (let j = 0; j < 3; j++) {
        const v = n + j;
        if (isBasic(v)) continue;
        // Slack at its lower bound 0 with reduced cost −π_j.
        if (-pi[j] > best) {
          best = -pi[j];
          enter = v;
          direction = 1;
        }
      }
      if (enter < 0) break;
      column(enter, col);
      for (let k = 0; k < 3; k++) w[k] = inv[k * 3] * col[0] + inv[k * 3 + 1] * col[1] + inv[k * 3 + 2] * col[2];
      // Basic k moves by −direction·t·w_k; find the largest t keeping every variable within its bounds.
      let step = enter < n ? 1 + weight : Infinity;
      let leave = -1;
      let leaveAtUpper = false;
      for (let k = 0; k < 3; k++) {
        const change = -direction * w[k];
        if (Math.abs(change) < 1e-14) continue;
        const v = basis[k];
        const lo = v < n ? -weight : 0;
        const hi = v < n ? 1 : Infinity;
        const room = change < 0 ? (values[k] - lo) / -change : (hi - values[k]) / change;
        if (room < step) {
          step = room;
          leave = k;
          leaveAtUpper = change > 0;
        }
      }
      if (step === Infinity) break;
      for (let k = 0; k < 3; k++) values[k] -= direction * step * w[k];
      if (leave < 0) {
        d[enter] = direction > 0 ? 1 : -weight;
        continue;
      }
      const leaving = basis[leave];
      if (leaving < n) d[leaving] = leaveAtUpper ? 1 : -weight;
      const enteringValue = enter < n ? d[enter] + direction * step : direction * step;
      basis[leave] = enter;
      values[leave] = enteringValue;
    }
    theta[0] = Math.max(pi[0], 0);
    theta[1] = Math.max(pi[1], 0);
    theta[2] = Math.max(pi[2], 0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const e = y[i] - theta[0] * x0[i] - theta[1] * x1[i] - theta[2] * x2[i];
      total += e >= 0 ? e : -weight * e;
    }
    return total;
  }

  /** Sets the non-basic start d: all −w, or from `guess` the highest residuals at 1 while Σ xᵢdᵢ ≤ 0. */
  private crash(cols: Float64Array[], y: Float64Array, weight: number, guess?: Float64Array): void {
    const { n, d } = this;
    d.fill(-weight);
    if (!guess) return;
    const residual = this.residual;
    for (let i = 0; i < n; i++) residual[i] = y[i] - guess[0] * cols[0][i] - guess[1] * cols[1][i] - guess[2] * cols[2][i];
    const order = this.order;
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => residual[b] - residual[a]);
    const sum = [0, 0, 0];
    for (let i = 0; i < n; i++) for (let j = 0; j < 3; j++) sum[j] -= weight * cols[j][i];
    for (const i of order) {
      // Raising dᵢ from −w to 1 adds (1 + w)·xᵢ; stop before any component turns positive.
      const next = [0, 1, 2].map((j) => sum[j] + (1 + weight) * cols[j][i]);
      if (next.some((v) => v > 0)) break;
      d[i] = 1;
      for (let j = 0; j < 3; j++) sum[j] = next[j];
    }
  }

  /** B⁻¹ of the current basis columns by cofactors. */
  private invertBasis(cols: Float64Array[]): boolean {
    const { basis, inv, n, matrix: m } = this;
    for (let k = 0; k < 3; k++) {
      const v = basis[k];
      for (let r = 0; r < 3; r++) m[r * 3 + k] = v >= n ? (v - n === r ? 1 : 0) : cols[r][v];
    }
    const c00 = m[4] * m[8] - m[5] * m[7];
    const c01 = m[5] * m[6] - m[3] * m[8];
    const c02 = m[3] * m[7] - m[4] * m[6];
    const det = m[0] * c00 + m[1] * c01 + m[2] * c02;
    if (!(Math.abs(det) > 1e-300)) return false;
    const k = 1 / det;
    inv[0] = c00 * k;
    inv[1] = (m[2] * m[7] - m[1] * m[8]) * k;
    inv[2] = (m[1] * m[5] - m[2] * m[4]) * k;
    inv[3] = c01 * k;
    inv[4] = (m[0] * m[8] - m[2] * m[6]) * k;
    inv[5] = (m[2] * m[3] - m[0] * m[5]) * k;
    inv[6] = c02 * k;
    inv[7] = (m[1] * m[6] - m[0] * m[7]) * k;
    inv[8] = (m[0] * m[4] - m[1] * m[3]) * k;
    return true;
  }
}
