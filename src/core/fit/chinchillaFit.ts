import type { LawFitContext, LawFitOutcome } from '../laws/law';
import { CHINCHILLA_PARAMS } from '../laws/chinchillaParams';
import { requireInput } from '../laws/inputs';
import { CancelledError } from '../types';
import type { ObjectiveKind } from '../types';
import { minimiseHuberMle } from './huberMle';
import { smoothLoss } from './lawProblem';
import { nnls3 } from './linalg';
import { LocalOptimizer } from './localOptimizer';
import type { LocalOptions, ResidualProblem } from './localOptimizer';
import { nelderMead } from './nelderMead';
import { ASYMMETRIC_WEIGHT, isLogObjective, objectiveValue } from './objectives';
import { clampToBox, clampValue, inBox, paramBox } from './paramBox';
import type { ParamBox } from './paramBox';
import { QuantileLp } from './quantileLp';

/**
 * Global fit of L = E + A·N^−α + B·D^−β (laws.md §2.1, §4).
 *
 * Global stage: variable projection. For fixed (α, β) the law is linear in (E, A, B) ≥ 0, so a
 * coarse (α, β) grid with an exact or near-exact inner solve (NNLS; IRLS-NNLS for Huber; the
 * quantile-regression LP for the asymmetric objective; relative residuals for log objectives)
 * maps the whole landscape in a few milliseconds — a 2-D problem that is far better conditioned than
 * the 5-D one. Local stage: the best grid basins are polished on all five parameters with the exact
 * objective (log objectives in the log-sum-exp form of Hoffmann/Besiroglu). Logs of N and D are
 * centred so the coefficient/exponent pairs are nearly uncorrelated during the polish.
 */

/**
 * Exponent grid of the global stage: 0.05 … 1.55 in steps of 0.1 covers every published exponent
 * with margin; the profile objective is smooth in (α, β), so one cell resolves a basin and the
 * polish finds its bottom.
 */
const EXPONENT_GRID = Array.from({ length: 16 }, (_, k) => 0.05 + 0.1 * k);
/** Grid basins polished on all five parameters. */
const POLISH_BASINS = 4;
/** (α, β) points of the projected grid, each an inner solve for (E, A, B). */
const GRID_POINTS = EXPONENT_GRID.length ** 2;
/** IRLS sweeps for the Huber inner problem (the grid only ranks basins; the polish is exact). */
const IRLS_SWEEPS = 6;
/** Starts that end within this relative objective of the best count as "good" for the disagreement check. */
const GOOD_START_REL = 1e-3;

interface Centred {
  n: number;
  y: Float64Array;
  lnY: Float64Array;
  /** ln N − cN and ln D − cD. */
  xN: Float64Array;
  xD: Float64Array;
  cN: number;
  cD: number;
}

function centre(ctx: LawFitContext): Centred {
  const N = requireInput(ctx.x, 'N');
  const D = requireInput(ctx.x, 'D');
  const n = ctx.y.length;
  const xN = new Float64Array(n);
  const xD = new Float64Array(n);
  const lnY = new Float64Array(n);
  let cN = 0;
  let cD = 0;
  for (let i = 0; i < n; i++) {
    xN[i] = Math.log(N[i]);
    xD[i] = Math.log(D[i]);
    lnY[i] = Math.log(ctx.y[i]);
    cN += xN[i] / n;
    cD += xD[i] / n;
  }
  for (let i = 0; i < n; i++) {
    xN[i] -= cN;
    xD[i] -= cD;
  }
  return { n, y: ctx.y, lnY, xN, xD, cN, cD };
}

/**
 * ln L̂ = LSE(a′ − α·xN, b′ − β·xD, e); p = (e, a′, b′, α, β); r = ln L̂ − ln L. Supplies the exact
 * second-order term (∇²LSE = diag(s) − ssᵀ), which matters for Huber at δ = 1e-3 where most rows are
 * outside δ and contribute no Gauss–Newton curvature.
 */
class LseProblem implements ResidualProblem {
  readonly nParams = 5;
  readonly nRows: number;
  constructor(private readonly c: Centred) {
    this.nRows = c.n;
  }

  residuals(p: Float64Array, r: Float64Array, jac: Float64Array | null): boolean {
    const { xN, xD, lnY } = this.c;
    const [e, a, b, alpha, beta] = [p[0], p[1], p[2], p[3], p[4]];
    for (let i = 0; i < this.nRows; i++) {
      const z1 = a - alpha * xN[i];
      const z2 = b - beta * xD[i];
      const m = Math.max(z1, z2, e);
      const s1 = Math.exp(z1 - m);
      const s2 = Math.exp(z2 - m);
      const s3 = Math.exp(e - m);
      const total = s1 + s2 + s3;
      r[i] = m + Math.log(total) - lnY[i];
      if (jac) {
        const o = i * 5;
        const inv = 1 / total;
        jac[o] = s3 * inv;
        jac[o + 1] = s1 * inv;
        jac[o + 2] = s2 * inv;
        jac[o + 3] = -s1 * inv * xN[i];
        jac[o + 4] = -s2 * inv * xD[i];
      }
    }
    return Number.isFinite(r[0]) && Number.isFinite(r[this.nRows - 1]);
  }

  /**
   * Σ cᵢ Σₖₗ (δₖₗsₖ − sₖsₗ) ∇zₖ∇zₗᵀ with ∇z₁ = (0, 1, 0, −xN, 0), ∇z₂ = (0, 0, 1, 0, −xD),
   * ∇z₃ = (1, 0, 0, 0, 0); the softmax weights s are the Jacobian's first three columns.
   */
  addSecondOrder(_p: Float64Array, coef: Float64Array, hess: Float64Array, jac: Float64Array): void {
    const { xN, xD } = this.c;
    let h00 = 0, h11 = 0, h12 = 0, h13 = 0, h14 = 0, h22 = 0, h23 = 0, h24 = 0, h33 = 0, h34 = 0, h44 = 0;
    let h01 = 0, h02 = 0, h03 = 0, h04 = 0;
    for (let i = 0; i < this.nRows; i++) {
      const c = coef[i];
      if (c === 0) continue;
      const o = i * 5;
      const s3 = jac[o];
      const s1 = jac[o + 1];
      const s2 = jac[o + 2];
      const x = xN[i];
      const d = xD[i];
      const q11 = c * s1 * (1 - s1);
      const q22 = c * s2 * (1 - s2);
      const q33 = c * s3 * (1 - s3);
      const q12 = -c * s1 * s2;
      const q13 = -c * s1 * s3;
      const q23 = -c * s2 * s3;
      h11 += q11;
      h13 -= q11 * x;
      h33 += q11 * x * x;
      h22 += q22;
      h24 -= q22 * d;
      h44 += q22 * d * d;
      h00 += q33;
      h12 += q12;
      h14 -= q12 * d;
      h23 -= q12 * x;
      h34 += q12 * x * d;
      h01 += q13;
      h03 -= q13 * x;
      h02 += q23;
      h04 -= q23 * d;
    }
    const add = (u: number, v: number, value: number) => {
      hess[u * 5 + v] += value;
      if (u !== v) hess[v * 5 + u] += value;
    };
    add(0, 0, h00);
    add(1, 1, h11);
    add(2, 2, h22);
    add(3, 3, h33);
    add(4, 4, h44);
    add(1, 2, h12);
    add(1, 3, h13);
    add(1, 4, h14);
    add(2, 3, h23);
    add(2, 4, h24);
    add(3, 4, h34);
    add(0, 1, h01);
    add(0, 2, h02);
    add(0, 3, h03);
    add(0, 4, h04);
  }
}

/** L̂ = E + A′·e^(−α·xN) + B′·e^(−β·xD); p = (E, A′, B′, α, β); r = L̂ − L. */
class RawProblem implements ResidualProblem {
  readonly nParams = 5;
  readonly nRows: number;
  constructor(private readonly c: Centred) {
    this.nRows = c.n;
  }

  residuals(p: Float64Array, r: Float64Array, jac: Float64Array | null): boolean {
    const { xN, xD, y } = this.c;
    const [E, A, B, alpha, beta] = [p[0], p[1], p[2], p[3], p[4]];
    for (let i = 0; i < this.nRows; i++) {
      const u = Math.exp(-alpha * xN[i]);
      const v = Math.exp(-beta * xD[i]);
      r[i] = E + A * u + B * v - y[i];
      if (jac) {
        const o = i * 5;
        jac[o] = 1;
        jac[o + 1] = u;
        jac[o + 2] = v;
        jac[o + 3] = -A * u * xN[i];
        jac[o + 4] = -B * v * xD[i];
      }
    }
    return Number.isFinite(r[0]) && Number.isFinite(r[this.nRows - 1]);
  }
}

interface Candidate {
  /** Internal parameters (log: e, a′, b′, α, β; raw: E, A′, B′, α, β). */
  p: Float64Array;
  value: number;
}

/** Solves the inner (E, A′, B′) problem at fixed exponents; returns the objective it reaches. */
class InnerSolver {
  private readonly g = new Float64Array(9);
  private readonly h = new Float64Array(3);
  private readonly theta = new Float64Array(3);
  private readonly weights: Float64Array;
  private readonly ones: Float64Array;
  private readonly lp: QuantileLp;
  readonly coefficients = new Float64Array(3);

  constructor(
    private readonly c: Centred,
    private readonly kind: ObjectiveKind,
    private readonly delta: number,
  ) {
    this.weights = new Float64Array(c.n);
    this.ones = new Float64Array(c.n).fill(1);
    this.lp = new QuantileLp(c.n);
  }

  solve(u: Float64Array, v: Float64Array): number {
    const { c, kind, theta } = this;
    if (kind === 'asymmetric') {
      const guess = this.coefficients[0] + this.coefficients[1] + this.coefficients[2] > 0 ? this.coefficients : undefined;
      const total = this.lp.solve(this.ones, u, v, c.y, ASYMMETRIC_WEIGHT, theta, guess);
      this.coefficients.set(theta);
      return total / c.n;
    }
    const log = isLogObjective(kind);
    const huber = kind === 'huber' || kind === 'huber-log';
    this.weights.fill(1);
    let value = Infinity;
    for (let sweep = 0; sweep < (huber ? IRLS_SWEEPS : 1); sweep++) {
      this.normalEquations(u, v, log);
      nnls3(this.g, this.h, theta);
      const next = this.evaluate(u, v, theta, log, huber);
      if (next < value) {
        value = next;
        this.coefficients.set(theta);
      }
    }
    return value;
  }

  /**
   * The asymmetric inner problem on the box lo ≤ θ ≤ hi. The LP keeps θ ≥ 0; its optimum is the boxed
   * one whenever it lies in the box (the usual case). Otherwise a lower bound is a shift of the target
   * (θ = lo + θ′, θ′ ≥ 0). An upper bound the LP cannot hold: a coefficient above it is clamped and the
   * objective taken there — a feasible point, so the profile stays honest (slightly above the boxed
   * optimum in that rare case).
   */
  solveAsymmetricInBox(u: Float64Array, v: Float64Array, lo: Float64Array, hi: Float64Array): number {
    const value = this.solve(u, v);
    const box = { lower: lo, upper: hi };
    if (inBox(this.coefficients, box)) return value;
    const { c, theta } = this;
    const shifted = Float64Array.from(c.y, (y, i) => y - lo[0] - lo[1] * u[i] - lo[2] * v[i]);
    this.lp.solve(this.ones, u, v, shifted, ASYMMETRIC_WEIGHT, theta);
    for (let j = 0; j < 3; j++) theta[j] += lo[j];
    this.coefficients.set(clampToBox(theta, box));
    const [e, a, b] = this.coefficients;
    return objectiveValue('asymmetric', Float64Array.from(c.y, (_, i) => e + a * u[i] + b * v[i]), c.y);
  }

  /** Σ wᵢ xᵢxᵢᵀ and Σ wᵢ xᵢ tᵢ with xᵢ = (1, uᵢ, vᵢ)/yᵢ, tᵢ = 1 for relative (log) residuals. */
  private normalEquations(u: Float64Array, v: Float64Array, log: boolean): void {
    const { g, h, weights } = this;
    const y = this.c.y;
    g.fill(0);
    h.fill(0);
    for (let i = 0; i < this.c.n; i++) {
      const s = log ? 1 / y[i] : 1;
      const x0 = s;
      const x1 = u[i] * s;
      const x2 = v[i] * s;
      const t = log ? 1 : y[i];
      const w = weights[i];
      g[0] += w * x0 * x0;
      g[1] += w * x0 * x1;
      g[2] += w * x0 * x2;
      g[4] += w * x1 * x1;
      g[5] += w * x1 * x2;
      g[8] += w * x2 * x2;
      h[0] += w * x0 * t;
      h[1] += w * x1 * t;
      h[2] += w * x2 * t;
    }
    g[3] = g[1];
    g[6] = g[2];
    g[7] = g[5];
  }

  /**
   * The objective at θ (for log objectives on the relative residual ŷ/y − 1 ≈ ln ŷ − ln y, which
   * ranks basins equally well without a logarithm per row), updating IRLS weights for the next sweep.
   */
  private evaluate(u: Float64Array, v: Float64Array, theta: Float64Array, log: boolean, huber: boolean): number {
    const { y } = this.c;
    const delta = this.delta;
    let total = 0;
    for (let i = 0; i < this.c.n; i++) {
      const yHat = theta[0] + theta[1] * u[i] + theta[2] * v[i];
      const r = log ? yHat / y[i] - 1 : yHat - y[i];
      const a = Math.abs(r);
      if (huber) {
        total += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
        this.weights[i] = a <= delta ? 1 : delta / a;
      } else {
        total += r * r;
      }
    }
    return Number.isFinite(total) ? total : Infinity;
  }
}

function checkCancelled(ctx: LawFitContext): void {
  if (ctx.signal?.cancelled) throw new CancelledError();
}

/** Exponential bases e^(−α·x) for every α of the grid (computed once per fit). */
function bases(x: Float64Array, grid: readonly number[]): Float64Array[] {
  return grid.map((alpha) => x.map((xi) => Math.exp(-alpha * xi)));
}

/** Coarse variable-projection map; returns the grid's local minima, best first. */
function projectedGrid(c: Centred, solver: InnerSolver, ctx: LawFitContext): Candidate[] {
  const k = EXPONENT_GRID.length;
  const U = bases(c.xN, EXPONENT_GRID);
  const V = bases(c.xD, EXPONENT_GRID);
  const values = new Float64Array(k * k);
  const coef = new Float64Array(k * k * 3);
  for (let ia = 0; ia < k; ia++) {
    checkCancelled(ctx);
    ctx.progress?.report((0.6 * ia) / k, 'searching exponents');
    for (let ib = 0; ib < k; ib++) {
      values[ia * k + ib] = solver.solve(U[ia], V[ib]);
      coef.set(solver.coefficients, (ia * k + ib) * 3);
    }
  }
  const minima: Candidate[] = [];
  for (let ia = 0; ia < k; ia++) {
    for (let ib = 0; ib < k; ib++) {
      const v = values[ia * k + ib];
      if (!Number.isFinite(v)) continue;
      let isMin = true;
      for (let da = -1; da <= 1 && isMin; da++) {
        for (let db = -1; db <= 1; db++) {
          const ja = ia + da;
          const jb = ib + db;
          if ((da || db) && ja >= 0 && jb >= 0 && ja < k && jb < k && values[ja * k + jb] < v) {
            isMin = false;
            break;
          }
        }
      }
      if (!isMin) continue;
      const o = (ia * k + ib) * 3;
      minima.push({
        p: Float64Array.of(coef[o], coef[o + 1], coef[o + 2], EXPONENT_GRID[ia], EXPONENT_GRID[ib]),
        value: v,
      });
    }
  }
  return minima.sort((a, b) => a.value - b.value);
}

/** Linear coefficients (E, A′, B′) → LSE coordinates, keeping zero coefficients representable. */
function toLse(p: Float64Array, yScale: number): Float64Array {
  const floor = 1e-9 * yScale;
  return Float64Array.of(Math.log(Math.max(p[0], floor)), Math.log(Math.max(p[1], floor)), Math.log(Math.max(p[2], floor)), p[3], p[4]);
}

/** Internal → natural (E, A, B, α, β). */
function toNatural(p: Float64Array, c: Centred, log: boolean): Float64Array {
  const [E, A, B] = log ? [Math.exp(p[0]), Math.exp(p[1]), Math.exp(p[2])] : [p[0], p[1], p[2]];
  return Float64Array.of(E, A * Math.exp(p[3] * c.cN), B * Math.exp(p[4] * c.cD), p[3], p[4]);
}

/** Natural → internal. */
function fromNatural(q: ArrayLike<number>, c: Centred, log: boolean): Float64Array {
  const A = q[1] * Math.exp(-q[3] * c.cN);
  const B = q[2] * Math.exp(-q[4] * c.cD);
  return log ? Float64Array.of(Math.log(q[0]), Math.log(A), Math.log(B), q[3], q[4]) : Float64Array.of(q[0], A, B, q[3], q[4]);
}

/** Hoffmann's 4,500 starts (laws.md §2.1) in internal LSE coordinates — for `search: 'grid'`. */
function hoffmannStarts(c: Centred): Float64Array[] {
  const starts: Float64Array[] = [];
  for (const alpha of [0, 0.5, 1, 1.5, 2])
    for (const beta of [0, 0.5, 1, 1.5, 2])
      for (const e of [-1, -0.5, 0, 0.5, 1])
        for (const a of [0, 5, 10, 15, 20, 25])
          for (const b of [0, 5, 10, 15, 20, 25]) starts.push(Float64Array.of(e, a - alpha * c.cN, b - beta * c.cD, alpha, beta));
  return starts;
}

/**
 * The box of the inner coefficients (E, A′, B′) at exponents (α, β), from the law's box on (E, A, B):
 * A′ = A·e^(−α·cN), B′ = B·e^(−β·cD). The inner solvers keep coefficients non-negative, so a lower
 * bound below 0 counts as 0.
 */
function coefficientBox(box: ParamBox, c: Centred, alpha: number, beta: number, lo: Float64Array, hi: Float64Array): void {
  const shrink = [1, Math.exp(-alpha * c.cN), Math.exp(-beta * c.cD)];
  for (let j = 0; j < 3; j++) {
    lo[j] = Math.max(box.lower[j], 0) * shrink[j];
    hi[j] = box.upper[j] * shrink[j];
  }
}

/**
 * Asymmetric objective: Nelder–Mead over (α, β) on the exact LP inner solve, inside the law's box.
 * A simplex vertex past an exponent bound is scored at the bound, scaled up by its overshoot, so the
 * search returns and a bound-active optimum projects exactly onto the bound.
 */
function fitAsymmetric(c: Centred, solver: InnerSolver, ctx: LawFitContext, box: ParamBox): LawFitOutcome {
  const lo = new Float64Array(3);
  const hi = new Float64Array(3);
  const project = (ab: ArrayLike<number>) => [clampValue(ab[0], box.lower[3], box.upper[3]), clampValue(ab[1], box.lower[4], box.upper[4])];
  const profile = (ab: ArrayLike<number>) => {
    if (!(Number.isFinite(ab[0]) && Number.isFinite(ab[1]))) return Infinity;
    const [alpha, beta] = project(ab);
    coefficientBox(box, c, alpha, beta, lo, hi);
    const value = solver.solveAsymmetricInBox(
      c.xN.map((x) => Math.exp(-alpha * x)),
      c.xD.map((x) => Math.exp(-beta * x)),
      lo,
      hi,
    );
    return value * (1 + Math.abs(ab[0] - alpha) + Math.abs(ab[1] - beta));
  };
  const starts = ctx.start ? [fromNatural(ctx.start, c, false)] : projectedGrid(c, solver, ctx).slice(0, POLISH_BASINS).map((m) => m.p);
  const grid = ctx.start ? {} : { grid: GRID_POINTS };
  let best: { ab: Float64Array; value: number } | undefined;
  let converged = 0;
  const ends: Float64Array[] = [];
  for (const start of starts) {
    checkCancelled(ctx);
    const result = nelderMead(profile, [start[3], start[4]], [0.02, 0.02], 600, 1e-9);
    if (result.converged) converged++;
    const ab = Float64Array.from(project(result.x));
    ends.push(ab);
    if (!best || result.value < best.value) best = { ab, value: result.value };
  }
  if (!best) throw new Error('no start');
  const value = profile(best.ab);
  const internal = Float64Array.of(solver.coefficients[0], solver.coefficients[1], solver.coefficients[2], best.ab[0], best.ab[1]);
  return { params: clampToBox(toNatural(internal, c, false), box), value, ...grid, tried: starts.length, converged, disagree: disagree(ends, best.ab, 0) };
}

function disagree(ends: Float64Array[], best: Float64Array, offset: number): boolean {
  return ends.some((p) => Math.abs(p[offset] - best[offset]) > 1e-3 || Math.abs(p[offset + 1] - best[offset + 1]) > 1e-3);
}

/** A polish problem in one coordinate system: centred (well conditioned) or box (bounds are a box). */
interface Stage {
  coords: Centred;
  problem: ResidualProblem;
  optimizer: LocalOptimizer;
  opts: LocalOptions;
}

/** Minimises from `p` (internal coordinates of `stage`, updated in place); `value` ranks the end. */
type Minimiser = (stage: Stage, p: Float64Array) => { value: number; converged: boolean };

interface End {
  /** Where the polish ended, in the coordinates of `stage`. */
  p: Float64Array;
  stage: Stage;
  /** (E, A, B, α, β), inside the box. */
  natural: Float64Array;
  value: number;
  converged: boolean;
}

/**
 * The polish, kept inside the law's box (declared bounds, narrowed by the request) in natural units.
 * Centring ln N and ln D is what makes the 5-parameter polish well conditioned, but it turns the
 * box on ln A into a slanted constraint (ln A = a′ + α·cN). So a start is first polished without
 * bounds in centred coordinates — an optimum that lies inside the box is a stationary point of the
 * bounded problem too (the usual case, and every reference result, which are unchanged by this) —
 * and an end outside the box is projected into it and polished again in box coordinates (uncentred:
 * ln E, ln A, ln B, α, β, or E, A, B, α, β for raw objectives), where the optimiser clamps each step
 * and holds a parameter whose gradient points out of the box at its bound (an active set).
 */
class BoundedPolish {
  readonly centred: Stage;
  private boxedStage: Stage | undefined;

  constructor(
    private readonly c: Centred,
    private readonly log: boolean,
    private readonly box: ParamBox,
    private readonly opts: LocalOptions,
  ) {
    // Raw coefficients stay non-negative in centred coordinates too: A′ ≥ 0 ⇔ A ≥ 0, a box either way.
    this.centred = this.stage(c, { ...opts, lower: log ? undefined : Float64Array.of(0, 0, 0, -Infinity, -Infinity) });
  }

  /** Built on first use: most fits (and every bootstrap refit of an interior optimum) never leave the box. */
  get boxed(): Stage {
    if (!this.boxedStage) {
      const lower = Float64Array.from(this.box.lower, (v, j) => (j < 3 ? Math.max(v, 0) : v));
      const internal = (v: number, j: number) => (this.log && j < 3 ? Math.log(v) : v);
      this.boxedStage = this.stage(uncentred(this.c), { ...this.opts, lower: lower.map(internal), upper: this.box.upper.map(internal) });
    }
    return this.boxedStage;
  }

  private stage(coords: Centred, opts: LocalOptions): Stage {
    const problem = this.log ? new LseProblem(coords) : new RawProblem(coords);
    return { coords, problem, optimizer: new LocalOptimizer(problem), opts };
  }

  run(p: Float64Array, stage: Stage, minimise: Minimiser): End {
    const start = toNatural(p, stage.coords, this.log);
    const first = minimise(stage, p);
    const natural = toNatural(p, stage.coords, this.log);
    if (stage === this.boxedStage || inBox(natural, this.box)) return { p, stage, natural: clampToBox(natural, this.box), ...first };
    // An end that ran off to infinity (β → −∞ on loss that rises with D) has no useful projection.
    let best: End | undefined;
    for (const from of natural.every(Number.isFinite) ? [natural, start] : [start]) {
      const q = fromNatural(clampToBox(from, this.box), this.boxed.coords, this.log);
      const second = minimise(this.boxed, q);
      if (!best || second.value < best.value) best = { p: q, stage: this.boxed, natural: clampToBox(toNatural(q, this.boxed.coords, this.log), this.box), ...second };
    }
    return best!;
  }
}

/** The same rows without centring (cN = cD = 0): the coordinates in which the law's box is a box. */
function uncentred(c: Centred): Centred {
  return { ...c, xN: c.xN.map((x) => x + c.cN), xD: c.xD.map((x) => x + c.cD), cN: 0, cD: 0 };
}

/**
 * huber-mle: the best huber-log ends, each minimised jointly with the scale σ (huberMle.ts); the lowest
 * NLL wins. The huber-log optimum is a near-final start: with δ = 1e-3 most rows are already outliers,
 * so both objectives are close to least-absolute-deviation.
 */
function polishHuberMle(ends: End[], polish: BoundedPolish, delta: number): { natural: Float64Array; nll: number; tried: number; converged: number } {
  const joint: Minimiser = (stage, p) => {
    const { nll, converged } = minimiseHuberMle(stage.problem, stage.optimizer, p, delta, stage.opts);
    return { value: nll, converged };
  };
  let best: End | undefined;
  const chosen = [...ends].sort((a, b) => a.value - b.value).slice(0, POLISH_BASINS);
  let converged = 0;
  for (const end of chosen) {
    const result = polish.run(Float64Array.from(end.p), end.stage, joint);
    if (result.converged) converged++;
    if (!best || result.value < best.value) best = result;
  }
  return { natural: best!.natural, nll: best!.value, tried: chosen.length, converged };
}

/** The box every chinchilla-type fit stays in: the law's declared bounds, narrowed by the request's. */
function chinchillaBox(ctx: LawFitContext): ParamBox {
  return paramBox(CHINCHILLA_PARAMS, ctx.bounds);
}

/** The chinchilla law's fit hook (huber-log, mse-log, mse, huber, asymmetric, huber-mle). */
export function fitChinchilla(ctx: LawFitContext): LawFitOutcome {
  const c = centre(ctx);
  const box = chinchillaBox(ctx);
  const kind = ctx.objective;
  const mle = kind === 'huber-mle';
  // huber-mle searches and starts on huber-log (same residuals, σ fixed at 1), then frees σ.
  // Built on demand: a warm-started refit (bootstrap replicate) needs no grid.
  const innerSolver = () => new InnerSolver(c, mle ? 'huber-log' : kind, ctx.delta);
  if (kind === 'asymmetric') return fitAsymmetric(c, innerSolver(), ctx, box);
  const log = isLogObjective(kind);
  const mean = ctx.options.normalisation === 'mean';
  const polish = new BoundedPolish(c, log, box, {
    loss: smoothLoss(kind) ?? 'square',
    delta: ctx.delta,
    // A mean objective only rescales; the scale-invariant stopping test must give the same optimum.
    weights: mean ? new Float64Array(c.n).fill(1 / c.n) : undefined,
    maxIterations: 300,
  });
  const minimiseObjective: Minimiser = (stage, p) => {
    const outcome = stage.optimizer.minimise(p, stage.opts);
    const value = mean ? stage.optimizer.value(p, { ...stage.opts, weights: undefined }) : outcome.value;
    return { value, converged: outcome.converged };
  };
  let yScale = 0;
  for (let i = 0; i < c.n; i++) yScale += c.y[i] / c.n;

  let starts: Float64Array[];
  // Hoffmann's grid is polished point by point; the projected grid only solves (E, A, B) at each (α, β).
  const projected = !ctx.start && !(ctx.options.search === 'grid' && log);
  if (ctx.start) starts = [fromNatural(ctx.start, c, log)];
  else if (ctx.options.search === 'grid') starts = log ? hoffmannStarts(c) : projectedGrid(c, innerSolver(), ctx).map((m) => m.p);
  else {
    const basins = projectedGrid(c, innerSolver(), ctx).slice(0, POLISH_BASINS);
    starts = basins.map((m) => (log ? toLse(m.p, yScale) : m.p));
    const init = ctx.init;
    if (['E', 'A', 'B', 'alpha', 'beta'].every((k) => init[k] !== undefined)) {
      starts.push(fromNatural([init.E, init.A, init.B, init.alpha, init.beta], c, log));
    }
  }

  let best: End | undefined;
  let converged = 0;
  const ends: End[] = [];
  for (let s = 0; s < starts.length; s++) {
    if (s % 64 === 0) {
      checkCancelled(ctx);
      ctx.progress?.report(0.6 + (0.4 * s) / starts.length, 'polishing');
    }
    const end = polish.run(starts[s], polish.centred, minimiseObjective);
    if (end.converged) converged++;
    ends.push(end);
    if (end.value < (best?.value ?? Infinity)) best = end;
  }
  const grid = projected ? { grid: GRID_POINTS } : {};
  if (!best) return { params: new Float64Array(5).fill(NaN), value: Infinity, ...grid, tried: starts.length, converged: 0 };
  const bestValue = best.value;
  const good = ends.filter((end) => end.value <= bestValue * (1 + GOOD_START_REL)).map((end) => end.natural);
  const outcome = { ...grid, tried: starts.length, converged, disagree: disagree(good, best.natural, 3) };
  if (mle) {
    // The joint (σ-freed) polishes are starts of their own, after the huber-log ones.
    const joint = polishHuberMle(ends, polish, ctx.delta);
    return { ...outcome, params: joint.natural, value: joint.nll, tried: outcome.tried + joint.tried, converged: converged + joint.converged };
  }
  return { ...outcome, params: best.natural, value: bestValue };
}
