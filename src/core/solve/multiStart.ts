import { lawParams } from '../law';
import type { Law, LawFitContext, LawFitOutcome, ParamSpec } from '../law';
import { CancelledError } from '../types';
import { minimiseHuberMle } from './huberMle';
import { LawProblem, residualSpace, smoothLoss } from './lawProblem';
import { LocalOptimizer } from './localOptimizer';
import type { LocalOptions } from './localOptimizer';
import { nelderMead } from './nelderMead';
import { objectiveValue } from './objectives';
import { clampToBox, paramBox } from './paramBox';
import type { ParamBox } from './paramBox';
import { halton } from './quasiRandom';

/**
 * The engine's fitter for laws without their own global method: local refinement from every point
 * of the law's grid (laws.md), or from ≥ 256 Halton points in the bounds when the law has no grid.
 */

/** Quasi-random starts when a law has no grid (laws.md §2.13). */
export const QUASI_RANDOM_STARTS = 256;
/** A grid larger than this falls back to quasi-random starts. */
const MAX_GRID_STARTS = 20000;
/**
 * Every start first gets this many iterations; only the SCREENED_STARTS best ends go on to
 * START_ITERATIONS. On every law's grid and the quasi-random starts of a custom formula, the eventual
 * winner already ranked first after 3 iterations (kaplan-nd, over-training, custom Chinchilla on
 * Epoch-240: 35 to 243 of 128–256 starts end at the optimum), while running every start to convergence
 * took 90 % of a fit (kaplan-nd 1.6 s).
 */
const SCREEN_ITERATIONS = 5;
const SCREENED_STARTS = 8;
/** Iterations per start; the winner is polished again without this cap. */
const START_ITERATIONS = 100;
const FINAL_ITERATIONS = 1000;
/** Converged starts within this relative objective of the best are "good". */
export const GOOD_START_REL = 1e-4;
/** Good starts whose internal parameters differ by more than this disagree. */
export const DISAGREE_TOL = 1e-3;

interface Box {
  lower: Float64Array;
  upper: Float64Array;
  fixed: Uint8Array;
  /** Natural values of fixed parameters (others NaN). */
  fixedValues: Float64Array;
}

function box(specs: readonly ParamSpec[], natural: ParamBox, ctx: LawFitContext): Box {
  const m = specs.length;
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  const fixed = new Uint8Array(m);
  const fixedValues = new Float64Array(m).fill(NaN);
  specs.forEach((spec, j) => {
    const [lo, hi] = [natural.lower[j], natural.upper[j]];
    lower[j] = spec.logScale ? Math.log(Math.max(lo, 1e-300)) : lo;
    upper[j] = spec.logScale ? Math.log(hi) : hi;
    if (ctx.fixed[spec.name] !== undefined) {
      fixed[j] = 1;
      fixedValues[j] = ctx.fixed[spec.name];
    }
  });
  return { lower, upper, fixed, fixedValues };
}

/** Starting points in natural units. */
function startingPoints(specs: readonly ParamSpec[], ctx: LawFitContext, b: Box): Float64Array[] {
  const base = (): Float64Array =>
    Float64Array.from(specs, (spec, j) => {
      if (b.fixed[j]) return b.fixedValues[j];
      const given = ctx.init[spec.name] ?? spec.init;
      if (given !== undefined) return given;
      return spec.grid?.[Math.floor(spec.grid.length / 2)] ?? midpoint(spec, b, j);
    });
  if (ctx.start) return [Float64Array.from(ctx.start)];
  const starts: Float64Array[] = [];
  if (specs.some((spec) => ctx.init[spec.name] !== undefined || spec.init !== undefined)) starts.push(base());
  const free = specs.map((_, j) => j).filter((j) => !b.fixed[j]);
  const gridSize = free.reduce((size, j) => size * (specs[j].grid?.length ?? Infinity), 1);
  if (gridSize <= MAX_GRID_STARTS) {
    for (let k = 0; k < gridSize; k++) {
      const p = base();
      let rest = k;
      for (const j of free) {
        const grid = specs[j].grid!;
        p[j] = grid[rest % grid.length];
        rest = Math.floor(rest / grid.length);
      }
      starts.push(p);
    }
    return starts;
  }
  for (const u of halton(QUASI_RANDOM_STARTS, Math.max(free.length, 1))) {
    const p = base();
    free.forEach((j, d) => {
      const [lo, hi] = samplingRange(b, j);
      const t = lo + u[d] * (hi - lo);
      p[j] = specs[j].logScale ? Math.exp(t) : t;
    });
    starts.push(p);
  }
  return starts;
}

/** Internal-coordinate range to sample (unbounded sides get a generous finite stand-in). */
function samplingRange(b: Box, j: number): [number, number] {
  const lo = Number.isFinite(b.lower[j]) ? b.lower[j] : Number.isFinite(b.upper[j]) ? b.upper[j] - 10 : -10;
  const hi = Number.isFinite(b.upper[j]) ? b.upper[j] : lo + 20;
  return [lo, hi];
}

function midpoint(spec: ParamSpec, b: Box, j: number): number {
  const [lo, hi] = samplingRange(b, j);
  return spec.logScale ? Math.exp((lo + hi) / 2) : (lo + hi) / 2;
}

/**
 * Multi-start fit of any law (the engine's default when a law has no `fit` hook). `loneIterations` caps the
 * polish of a lone start (a law screening its own starts); a lone start is otherwise polished to convergence.
 */
export function multiStartFit(law: Law, ctx: LawFitContext, loneIterations = FINAL_ITERATIONS): LawFitOutcome {
  const specs = lawParams(law, ctx.options);
  const allowed = paramBox(specs, ctx.bounds);
  const b = box(specs, allowed, ctx);
  const problem = new LawProblem(law, specs, ctx.x, ctx.y, residualSpace(ctx.objective));
  const loss = smoothLoss(ctx.objective);
  const optimizer = new LocalOptimizer(problem);
  const opts: LocalOptions = {
    loss: loss ?? 'square',
    delta: ctx.delta,
    lower: b.lower,
    upper: b.upper,
    fixed: b.fixed,
    maxIterations: START_ITERATIONS,
  };
  const natural = new Float64Array(specs.length);
  const exactValue = (t: Float64Array): number => {
    for (let j = 0; j < specs.length; j++) if (t[j] < b.lower[j] || t[j] > b.upper[j]) return Infinity;
    const yHat = new Float64Array(ctx.y.length);
    law.predict(problem.toNatural(t, natural), ctx.x, yHat);
    return objectiveValue(ctx.objective, yHat, ctx.y, ctx.delta);
  };
  const refine = (t: Float64Array, maxIterations: number): { value: number; converged: boolean } => {
    if (loss) {
      const outcome = optimizer.minimise(t, { ...opts, maxIterations });
      return { value: outcome.value, converged: outcome.converged };
    }
    // Non-smooth (asymmetric): Nelder–Mead on the free internal coordinates.
    const free = specs.map((_, j) => j).filter((j) => !b.fixed[j]);
    const full = Float64Array.from(t);
    const f = (z: Float64Array) => {
      free.forEach((j, k) => (full[j] = z[k]));
      return exactValue(full);
    };
    const result = nelderMead(
      f,
      free.map((j) => t[j]),
      free.map((j) => 0.05 * Math.max(Math.abs(t[j]), 0.1)),
      maxIterations * 20,
    );
    free.forEach((j, k) => (t[j] = result.x[k]));
    return { value: result.value, converged: result.converged };
  };

  const starts = startingPoints(specs, ctx, b).map((p) => clampInto(problem.toInternal(p), b));
  const screen = starts.length > SCREENED_STARTS;
  const ends: { t: Float64Array; value: number; converged: boolean }[] = [];
  starts.forEach((t, s) => {
    if (s % 16 === 0) {
      if (ctx.signal?.cancelled) throw new CancelledError();
      ctx.progress?.report(s / starts.length, `start ${s + 1} of ${starts.length}`);
    }
    // A lone start (a warm refit) is the winner already: polished once, not capped and then polished again.
    const outcome = refine(t, starts.length === 1 ? loneIterations : screen ? SCREEN_ITERATIONS : START_ITERATIONS);
    ends.push({ t, ...outcome });
  });
  ends.sort((a, b2) => a.value - b2.value);
  if (screen) {
    // The screened ends are reported as grid points (they only chose the starts); the best go on.
    ends.splice(SCREENED_STARTS);
    for (const end of ends) if (Number.isFinite(end.value)) Object.assign(end, refine(end.t, START_ITERATIONS));
    ends.sort((a, b2) => a.value - b2.value);
  }
  const tried = ends.length;
  const grid = screen ? { grid: starts.length } : {};
  const best = ends[0];
  if (!best || !Number.isFinite(best.value)) {
    return { params: new Float64Array(specs.length).fill(NaN), value: Infinity, ...grid, tried, converged: 0 };
  }
  const final = starts.length === 1 ? best : refine(best.t, FINAL_ITERATIONS);
  best.converged = final.converged;
  // huber-mle: starts ran on huber-log (σ fixed at 1), so they are compared on that; then σ is freed.
  const mle = ctx.objective === 'huber-mle';
  const stageValue = final.value;
  if (mle) best.converged &&= minimiseHuberMle(problem, optimizer, best.t, ctx.delta, { ...opts, maxIterations: FINAL_ITERATIONS }).converged;
  const bestValue = exactValue(best.t);
  const rankValue = mle ? stageValue : bestValue;
  const good = ends.filter((end) => end.converged && end.value <= rankValue * (1 + GOOD_START_REL) + 1e-300);
  const disagree = good.some((end) => end.t.some((v, j) => Math.abs(v - best.t[j]) > DISAGREE_TOL * Math.max(1, Math.abs(best.t[j]))));
  return {
    // exp(ln bound) may differ from the bound by an ulp.
    params: clampToBox(problem.toNatural(best.t), allowed),
    value: bestValue,
    ...grid,
    tried,
    converged: ends.filter((end) => end.converged).length,
    disagree,
  };
}

function clampInto(t: Float64Array, b: Box): Float64Array {
  for (let j = 0; j < t.length; j++) {
    if (!Number.isFinite(t[j])) t[j] = Number.isFinite(b.lower[j]) ? b.lower[j] : 0;
    t[j] = Math.min(Math.max(t[j], b.lower[j]), b.upper[j]);
  }
  return t;
}
