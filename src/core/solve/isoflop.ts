import type { FitWarning } from '../types';
import { UserError } from '../types';
import { linearLeastSquares } from './linearLeastSquares';
import { bracketIndex, maxOf, minOf } from '../arrays';

/**
 * Compute-optimal allocation from IsoFLOP sweeps (laws.md §4 "Approach 1 / 2"): find N* per compute
 * budget, then fit N* = k·C^a in log-log. a = 0.5 means N and D grow equally with compute.
 */

export interface PowerFit {
  /** Exponent: y = k·x^a. */
  a: number;
  k: number;
  /** R² of the (weighted) log-log regression. */
  r2: number;
  points: number;
}

/**
 * y = k·x^a by least squares of ln y on ln x; `weights` multiply the squared log residuals (pass
 * 1/σ² of ln y for the weighted fit of Porian et al.).
 */
export function powerFitOLS(x: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): PowerFit {
  if (x.length !== y.length || (weights && weights.length !== x.length)) {
    throw new UserError('x, y (and weights) must have the same length.', 'bad-input');
  }
  const u: number[] = [];
  const v: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const wi = weights ? weights[i] : 1;
    if (!(x[i] > 0 && y[i] > 0 && wi > 0 && Number.isFinite(wi))) continue;
    u.push(Math.log(x[i]));
    v.push(Math.log(y[i]));
    w.push(wi);
  }
  const count = u.length;
  if (count < 2) throw new UserError('A power-law fit needs at least 2 points with positive x and y.', 'too-few-points');
  const sw = w.reduce((s, wi) => s + wi, 0);
  const mu = u.reduce((s, ui, i) => s + w[i] * ui, 0) / sw;
  const mv = v.reduce((s, vi, i) => s + w[i] * vi, 0) / sw;
  let suu = 0;
  let suv = 0;
  let svv = 0;
  for (let i = 0; i < count; i++) {
    suu += w[i] * (u[i] - mu) ** 2;
    suv += w[i] * (u[i] - mu) * (v[i] - mv);
    svv += w[i] * (v[i] - mv) ** 2;
  }
  if (!(suu > 0)) throw new UserError('A power-law fit needs at least 2 distinct x values.', 'no-spread');
  const a = suv / suu;
  const r2 = svv > 0 ? (suv * suv) / (suu * svv) : 1;
  return { a, k: Math.exp(mv - a * mu), r2, points: count };
}

export interface IsoflopPoint {
  /** Compute budget (FLOPs) the run belongs to. */
  budget: number;
  /** Parameters. */
  n: number;
  loss: number;
}

export interface BudgetOptimum {
  budget: number;
  /** Rows in this budget. */
  rows: number;
  /** Compute-optimal N for the budget (absent when the budget was refused). */
  nStar?: number;
  lossStar?: number;
  /** Approach 2: loss = q0 + q1·ln N + q2·(ln N)². */
  quadratic?: [number, number, number];
  /** Why the budget was not used. */
  refused?: string;
}

export interface AllocationFit {
  budgets: BudgetOptimum[];
  /** N* = k·C^a over the budgets that were used. */
  a: number;
  k: number;
  r2: number;
  warnings: FitWarning[];
}

function groupByBudget(points: readonly IsoflopPoint[]): Map<number, IsoflopPoint[]> {
  const groups = new Map<number, IsoflopPoint[]>();
  for (const p of points) {
    if (!(p.budget > 0 && p.n > 0 && Number.isFinite(p.loss))) continue;
    const list = groups.get(p.budget) ?? [];
    list.push(p);
    groups.set(p.budget, list);
  }
  return new Map([...groups].sort((x, y) => x[0] - y[0]));
}

function allocationFrom(budgets: BudgetOptimum[], warnings: FitWarning[]): AllocationFit {
  const used = budgets.filter((b) => b.nStar !== undefined);
  if (used.length < 2) {
    const reasons = budgets.filter((b) => b.refused).map((b) => `C = ${b.budget.toExponential(2)}: ${b.refused}`);
    throw new UserError(
      `Need at least 2 usable compute budgets to fit N* = k·C^a, found ${used.length}.` +
        (reasons.length ? ` Refused: ${reasons.join('; ')}.` : ''),
      'too-few-budgets',
    );
  }
  const fit = powerFitOLS(
    used.map((b) => b.budget),
    used.map((b) => b.nStar as number),
  );
  return { budgets, a: fit.a, k: fit.k, r2: fit.r2, warnings };
}

/** Approach 1: per budget, the row with the lowest loss is the optimum. */
export function approach1(points: readonly IsoflopPoint[]): AllocationFit {
  const budgets: BudgetOptimum[] = [];
  for (const [budget, rows] of groupByBudget(points)) {
    const best = rows.reduce((m, p) => (p.loss < m.loss ? p : m));
    budgets.push({ budget, rows: rows.length, nStar: best.n, lossStar: best.loss });
  }
  return allocationFrom(budgets, []);
}

export const APPROACH2_BIAS_WARNING: FitWarning = {
  code: 'approach2-bias',
  message:
    'Parabola vertices are biased by grid width and centring: on noise-free Chinchilla data a ±1-decade ' +
    'grid puts N* 3.6 % high (±1.5 decades: 8.4 %), and a grid centred on 20 tokens/param shifts a by ' +
    '−0.0006 to −0.0021 (±0.5 to ±1.5 decades). Prefer a parametric fit (Approach 3) or report both.',
};

/**
 * Approach 2: per budget, least-squares parabola of loss in ln N; N* = exp(−q1/(2q2)). Budgets with
 * fewer than 3 rows, q2 ≤ 0 (no minimum) or the vertex outside the sampled ln N range are refused.
 */
export function approach2(points: readonly IsoflopPoint[]): AllocationFit {
  const budgets: BudgetOptimum[] = [];
  for (const [budget, rows] of groupByBudget(points)) {
    budgets.push(budgetVertex(budget, rows));
  }
  return allocationFrom(budgets, [APPROACH2_BIAS_WARNING]);
}

function budgetVertex(budget: number, rows: IsoflopPoint[]): BudgetOptimum {
  const base = { budget, rows: rows.length };
  if (rows.length < 3) return { ...base, refused: `only ${rows.length} run(s); a parabola needs 3` };
  const u = rows.map((r) => Math.log(r.n));
  const uMin = minOf(u);
  const uMax = maxOf(u);
  // Centre ln N so the 3×3 normal equations stay well conditioned (ln N ≈ 20, (ln N)² ≈ 400).
  const centre = u.reduce((s, v) => s + v, 0) / u.length;
  const q = quadraticFit(
    u.map((v) => v - centre),
    rows.map((r) => r.loss),
  );
  if (!q) return { ...base, refused: 'all runs have the same N' };
  const [c0, c1, c2] = q;
  const quadratic: [number, number, number] = [
    c0 - c1 * centre + c2 * centre * centre,
    c1 - 2 * c2 * centre,
    c2,
  ];
  if (!(c2 > 0)) return { ...base, quadratic, refused: 'loss is not convex in ln N (q2 ≤ 0), so there is no minimum' };
  const vertex = centre - c1 / (2 * c2);
  if (vertex < uMin || vertex > uMax) {
    return { ...base, quadratic, refused: 'the parabola minimum lies outside the sampled N range' };
  }
  return { ...base, quadratic, nStar: Math.exp(vertex), lossStar: c0 - (c1 * c1) / (4 * c2) };
}

/** Least-squares [q0, q1, q2] of y ≈ q0 + q1·u + q2·u²; undefined when singular. */
function quadraticFit(u: number[], y: number[]): [number, number, number] | undefined {
  const cols = [Float64Array.from(u, () => 1), Float64Array.from(u), Float64Array.from(u, (v) => v * v)];
  const q = linearLeastSquares(cols, y);
  return q ? [q[0], q[1], q[2]] : undefined;
}

export interface EnvelopePoint {
  /** 0-based input row. */
  row: number;
  c: number;
  n: number;
  loss: number;
}

export interface EnvelopeOptions {
  /** Number of geometric bin edges from min C to max C (default 30 → 29 bins). */
  edges?: number;
  /** Keep only envelope points with C above this (default 1e17). */
  minCompute?: number;
}

/**
 * Lower envelope of many runs/checkpoints: geometric bins of C (lo ≤ C < hi, so the max-C row falls
 * in none), the min-loss row per non-empty bin, C > minCompute (RR-06). Then `powerFitOLS` of N on C
 * over these points gives the allocation exponent.
 */
export function lossEnvelope(
  c: ArrayLike<number>,
  n: ArrayLike<number>,
  loss: ArrayLike<number>,
  options: EnvelopeOptions = {},
): EnvelopePoint[] {
  const edgeCount = options.edges ?? 30;
  const minCompute = options.minCompute ?? 1e17;
  let cMin = Infinity;
  let cMax = -Infinity;
  for (let i = 0; i < c.length; i++) {
    if (!(c[i] > 0) || !Number.isFinite(loss[i])) continue;
    cMin = Math.min(cMin, c[i]);
    cMax = Math.max(cMax, c[i]);
  }
  if (!(cMax > cMin) || edgeCount < 2) return [];
  const logMin = Math.log(cMin);
  const step = (Math.log(cMax) - logMin) / (edgeCount - 1);
  const edges = Array.from({ length: edgeCount }, (_, i) =>
    i === 0 ? cMin : i === edgeCount - 1 ? cMax : Math.exp(logMin + i * step),
  );
  const best: (EnvelopePoint | undefined)[] = new Array(edgeCount - 1);
  for (let i = 0; i < c.length; i++) {
    if (!(c[i] > 0) || !Number.isFinite(loss[i]) || !(c[i] < cMax)) continue;
    const bin = bracketIndex(edges, c[i]);
    const current = best[bin];
    if (!current || loss[i] < current.loss) best[bin] = { row: i, c: c[i], n: n[i], loss: loss[i] };
  }
  return best.filter((p): p is EnvelopePoint => p !== undefined && p.c > minCompute);
}
