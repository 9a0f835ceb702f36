/**
 * The two ways to get a hyperparameter law from a sweep. Both end with least squares in log space:
 * ln lr* on (1, ln N, ln D) and ln bs* on (1, ln D), as Li et al. 2025 fit theirs.
 *
 * - `threshold` (the paper's code): in each (N, D) group keep every run whose loss is within `tolerance`
 *   of the group's best and regress on all kept runs — the optimum is a plateau, and its runs all count.
 * - `surface`: in each group fit a quadratic surface of loss in (ln lr, ln bs) to the runs near the best
 *   and take its minimum, one optimum per group. The grid's best run sits on the grid; the surface's
 *   minimum can fall between grid points, and one noisy run cannot move it alone.
 */
import { maxOf, minOf } from '../arrays';
import { linearLeastSquares } from '../solve/linearLeastSquares';
import { seededRandom } from '../solve/random';
import { UserError } from '../types';
import type { HparamLaw } from './law';
import type { GridGroup, GridRun } from './grid';

export type HparamMethod = 'threshold' | 'surface';
export const HPARAM_METHODS: readonly HparamMethod[] = ['threshold', 'surface'];

/** The paper's plateau: runs within 0.25 % of their group's lowest loss (RR-15). */
export const DEFAULT_TOLERANCE = 0.0025;
/**
 * The surface is fitted to the runs within this fraction of the group's best loss, and to at least
 * SURFACE_MIN_RUNS of the best runs: far from the optimum the loss is not quadratic in (ln lr, ln bs)
 * (a learning rate too high diverges), and six coefficients need a few more runs than six.
 */
export const SURFACE_WINDOW = 0.01;
export const SURFACE_MIN_RUNS = 12;

/** One group's optimum as an estimator saw it (one point per kept run for `threshold`). */
export interface GroupOptimum {
  N: number;
  D: number;
  lr: number;
  bsTokens: number;
  /** How the point was found: 'surface', or why the group's best run stands in for it. */
  how: 'kept run' | 'surface' | 'best run: surface not convex' | 'best run: surface minimum outside the runs' | 'best run: too few runs';
}

function best(runs: readonly GridRun[]): GridRun {
  return runs.reduce((a, b) => (b.loss < a.loss ? b : a));
}

function thresholdPoints(group: GridGroup, tolerance: number): GroupOptimum[] {
  const m = best(group.runs).loss;
  return group.runs.filter((r) => Math.abs(r.loss / m - 1) < tolerance).map((r) => ({ N: group.N, D: group.D, lr: r.lr, bsTokens: r.bsTokens, how: 'kept run' }));
}

function surfacePoint(group: GridGroup): GroupOptimum {
  const top = best(group.runs);
  const fallback = (how: GroupOptimum['how']): GroupOptimum => ({ N: group.N, D: group.D, lr: top.lr, bsTokens: top.bsTokens, how });
  const sorted = [...group.runs].sort((a, b) => a.loss - b.loss);
  const within = sorted.filter((r) => r.loss <= top.loss * (1 + SURFACE_WINDOW)).length;
  const runs = sorted.slice(0, Math.max(within, SURFACE_MIN_RUNS));
  if (runs.length < SURFACE_MIN_RUNS) return fallback('best run: too few runs');
  // Centred on the best run, so the quadratic's columns are of similar size.
  const [u0, v0] = [Math.log(top.lr), Math.log(top.bsTokens)];
  const u = Float64Array.from(runs, (r) => Math.log(r.lr) - u0);
  const v = Float64Array.from(runs, (r) => Math.log(r.bsTokens) - v0);
  const cols = [
    Float64Array.from(runs, () => 1),
    u,
    v,
    Float64Array.from(u, (x) => x * x),
    Float64Array.from(u, (x, i) => x * v[i]),
    Float64Array.from(v, (x) => x * x),
  ];
  const c = linearLeastSquares(cols, Float64Array.from(runs, (r) => r.loss));
  if (!c) return fallback('best run: too few runs');
  // ∇ = 0: [2c3 c4; c4 2c5]·(u, v) = −(c1, c2); convex when that matrix is positive definite.
  const [a, b, d] = [2 * c[3], c[4], 2 * c[5]];
  const det = a * d - b * b;
  if (!(a > 0 && d > 0 && det > 0)) return fallback('best run: surface not convex');
  const us = (-c[1] * d + c[2] * b) / det;
  const vs = (-c[2] * a + c[1] * b) / det;
  const inside = (x: number, xs: Float64Array) => x >= minOf(xs) && x <= maxOf(xs);
  if (!inside(us, u) || !inside(vs, v)) return fallback('best run: surface minimum outside the runs');
  return { N: group.N, D: group.D, lr: Math.exp(u0 + us), bsTokens: Math.exp(v0 + vs), how: 'surface' };
}

export function groupOptima(groups: readonly GridGroup[], method: HparamMethod, tolerance = DEFAULT_TOLERANCE): GroupOptimum[] {
  return method === 'threshold' ? groups.flatMap((g) => thresholdPoints(g, tolerance)) : groups.map(surfacePoint);
}

/** The power laws through the optima (least squares in logs); undefined when N or D do not vary enough. */
export function regressLaw(points: readonly GroupOptimum[]): HparamLaw | undefined {
  const one = Float64Array.from(points, () => 1);
  const lnN = Float64Array.from(points, (p) => Math.log(p.N));
  const lnD = Float64Array.from(points, (p) => Math.log(p.D));
  const lr = linearLeastSquares([one, lnN, lnD], Float64Array.from(points, (p) => Math.log(p.lr)));
  const bs = linearLeastSquares([one, lnD], Float64Array.from(points, (p) => Math.log(p.bsTokens)));
  if (!lr || !bs || points.length < 4) return undefined;
  return { lr: { coef: Math.exp(lr[0]), expN: lr[1], expD: lr[2] }, bs: { coef: Math.exp(bs[0]), expD: bs[1] } };
}

export function fitHparamLaw(groups: readonly GridGroup[], method: HparamMethod, tolerance = DEFAULT_TOLERANCE): { law: HparamLaw; optima: GroupOptimum[] } {
  const optima = groupOptima(groups, method, tolerance);
  const law = regressLaw(optima);
  if (!law) {
    const sizes = new Set(groups.map((g) => g.N)).size;
    const data = new Set(groups.map((g) => g.D)).size;
    throw new UserError(
      `A hyperparameter law needs (N, D) groups at two or more model sizes and data sizes, not all on one line: these rows have ${groups.length} groups, ${sizes} model sizes, ${data} data sizes`,
      'too-few-points',
    );
  }
  return { law, optima };
}

/** 95 % percentile intervals of each coefficient and exponent. */
export interface HparamIntervals {
  lr: { coef: [number, number]; expN: [number, number]; expD: [number, number] };
  bs: { coef: [number, number]; expD: [number, number] };
}

function percentiles(values: number[]): [number, number] {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
  return [at(0.025), at(0.975)];
}

/**
 * Bootstrap: every replicate resamples each group's runs with replacement (the groups are the design, the
 * runs the noise) and refits the law the same way. Replicates whose law is undefined are not counted.
 */
export function bootstrapHparamLaw(
  groups: readonly GridGroup[],
  method: HparamMethod,
  tolerance: number,
  replicates: number,
  seed: number,
  signal?: { cancelled: boolean },
): { intervals: HparamIntervals; replicates: number } {
  const random = seededRandom(seed);
  const laws: HparamLaw[] = [];
  for (let b = 0; b < replicates; b++) {
    if (signal?.cancelled) break;
    const resampled = groups.map((g) => ({ ...g, runs: g.runs.map(() => g.runs[Math.floor(random() * g.runs.length)]) }));
    const law = regressLaw(groupOptima(resampled, method, tolerance));
    if (law) laws.push(law);
  }
  const of = (pick: (law: HparamLaw) => number) => percentiles(laws.map(pick));
  return {
    intervals: {
      lr: { coef: of((l) => l.lr.coef), expN: of((l) => l.lr.expN!), expD: of((l) => l.lr.expD!) },
      bs: { coef: of((l) => l.bs.coef), expD: of((l) => l.bs.expD!) },
    },
    replicates: laws.length,
  };
}
