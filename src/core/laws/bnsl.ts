import type { CancellationSignal, FitWarning, LawInputs, Progress } from '../types';
import { CancelledError, UserError } from '../types';
import { logOf, requireInput } from './inputs';
import type { Law, LawFitContext, LawFitOutcome, ParamSpec } from '../law';
import { objectiveValue } from '../solve/objectives';
import { polishLaw, startLawPolish, type Polisher } from '../solve/levenbergMarquardt';
import { numberOption, paramSetup, type ParamSetup } from '../solve/paramSetup';

/**
 * Broken neural scaling law (Caballero et al. 2022, laws.md §2.6):
 * y = a + b·x^(−c0)·Π_i (1 + (x/d_i)^(1/f_i))^(−c_i·f_i), parameters ordered as upstream
 * (a, b, c0, c1…cn, d1…dn, f1…fn). Fitted as upstream: an exhaustive grid on
 * mean((ln(ŷ+1) − ln(y+1))²), then Levenberg–Marquardt on ln(ŷ+1) from the grid optimum; on more than
 * SEARCH_ROWS rows the search runs on representative rows and its best ends are polished on every row.
 */

const MAX_BREAKS = 3;

export function bnslParams(breaks: number): ParamSpec[] {
  const specs: ParamSpec[] = [
    { name: 'a', description: 'limit of y as x → ∞' },
    { name: 'b', description: 'offset (scale of the power-law part)', lower: 0, logScale: true },
    { name: 'c0', description: 'initial log-log slope of y − a' },
  ];
  const range = Array.from({ length: breaks }, (_, i) => i + 1);
  for (const i of range) specs.push({ name: `c${i}`, description: `slope change at break ${i}` });
  for (const i of range) specs.push({ name: `d${i}`, description: `location of break ${i} (in x)`, lower: 1e-300, logScale: true });
  for (const i of range) specs.push({ name: `f${i}`, description: `sharpness of break ${i} (small = sharp)`, lower: 1e-12, logScale: true });
  return specs;
}

function breaksOf(options: Record<string, number | string | boolean>): number {
  const breaks = numberOption(options, 'breaks', 1);
  if (!Number.isInteger(breaks) || breaks < 1 || breaks > MAX_BREAKS) {
    throw new UserError(`BNSL option "breaks" must be 1, 2 or 3 (got ${breaks}); the fit cost grows as grid^(3n+3).`, 'bad-option');
  }
  return breaks;
}

function breaksOfParams(p: ArrayLike<number>): number {
  return (p.length - 3) / 3;
}

/** softplus(z) = ln(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 30 ? z + Math.exp(-z) : Math.log1p(Math.exp(z));
}

/** ln d_i of every break, taken once per evaluation rather than per row. */
function logBreaks(p: ArrayLike<number>, n: number): Float64Array {
  const ln = new Float64Array(n);
  for (let i = 0; i < n; i++) ln[i] = Math.log(p[3 + n + i]);
  return ln;
}

function predict(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
  const x = requireInput(inputs, 'x');
  const lnX = logOf(x);
  const n = breaksOfParams(p);
  const lnD = logBreaks(p, n);
  for (let r = 0; r < x.length; r++) {
    const lx = lnX[r];
    let logTerm = -p[2] * lx;
    for (let i = 0; i < n; i++) {
      const f = p[3 + 2 * n + i];
      logTerm -= p[3 + i] * f * softplus((lx - lnD[i]) / f);
    }
    out[r] = p[0] + p[1] * Math.exp(logTerm);
  }
}

function jacobian(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
  const x = requireInput(inputs, 'x');
  const n = breaksOfParams(p);
  const k = p.length;
  const s = new Float64Array(n);
  const sig = new Float64Array(n);
  const z = new Float64Array(n);
  const lnX = logOf(x);
  const lnD = logBreaks(p, n);
  for (let r = 0; r < x.length; r++) {
    const lx = lnX[r];
    let logTerm = -p[2] * lx;
    for (let i = 0; i < n; i++) {
      const f = p[3 + 2 * n + i];
      z[i] = (lx - lnD[i]) / f;
      s[i] = softplus(z[i]);
      sig[i] = 1 / (1 + Math.exp(-z[i]));
      logTerm -= p[3 + i] * f * s[i];
    }
    const t = Math.exp(logTerm);
    const bt = p[1] * t;
    const row = r * k;
    out[row] = 1;
    out[row + 1] = t;
    out[row + 2] = -bt * lx;
    for (let i = 0; i < n; i++) {
      const c = p[3 + i];
      const d = p[3 + n + i];
      const f = p[3 + 2 * n + i];
      out[row + 3 + i] = -bt * f * s[i];
      out[row + 3 + n + i] = (bt * c * sig[i]) / d;
      out[row + 3 + 2 * n + i] = -bt * c * (s[i] - sig[i] * z[i]);
    }
  }
}

/** Grid axes of the exhaustive first stage; b and d are searched as 1.25^p − 1 + 1e-8 (upstream). */
export interface BnslGrid {
  a: readonly number[];
  pb: readonly number[];
  c0: readonly number[];
  c1: readonly number[];
  pd: readonly number[];
  f1: readonly number[];
}

const steps = (from: number, step: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => Number((from + i * step).toFixed(10)));

/** Upstream's grid for real data: 10·16·4·4·16·4 = 163,840 points. */
export const BNSL_DEFAULT_GRID: BnslGrid = {
  a: steps(0, 0.1, 10),
  pb: steps(0, 2.5, 16),
  c0: steps(0, 0.25, 4),
  c1: steps(0, 0.25, 4),
  pd: steps(0, 2.5, 16),
  f1: steps(0, 0.25, 4),
};

const fromPower = (p: number): number => 1.25 ** p - 1 + 1e-8;

export interface GridOptimum {
  /** (a, b, c0, c1, d1, f1) in the data's x units. */
  params: Float64Array;
  /** mean((ln(ŷ+1) − ln(y+1))²). */
  value: number;
  points: number;
  /**
   * The best point of every break location d1 with a finite value, best first (`params` is the first):
   * the distinct basins worth polishing.
   */
  candidates: Array<{ params: Float64Array; value: number }>;
}

/**
 * Exhaustive one-break grid. The axes were tuned upstream for x up to ~4e3 and y of order 1, so x is
 * divided by a power of ten that brings max x under 1.25^37.5; on data already in that range (as
 * upstream's) the grid is exactly upstream's. The inner loop only takes logarithms: every power is
 * hoisted out, and a row sum stops once it exceeds the best so far at the same break location.
 */
export function bnslGridSearch(
  x: Float64Array,
  y: Float64Array,
  grid: BnslGrid = BNSL_DEFAULT_GRID,
  signal?: CancellationSignal,
  progress?: Progress,
): GridOptimum {
  const n = x.length;
  const xMax = x.reduce((m, v) => Math.max(m, v), 0);
  const xScale = xMax > fromPower(37.5) ? 10 ** Math.ceil(Math.log10(xMax / fromPower(37.5))) : 1;
  const xs = Float64Array.from(x, (v) => v / xScale);
  const ly = Float64Array.from(y, Math.log1p);
  const bs = grid.pb.map(fromPower);
  const as = grid.a;
  const u = new Float64Array(n);
  const brk = new Float64Array(n);
  const t = new Float64Array(n);
  const powC0 = grid.c0.map((c0) => Float64Array.from(xs, (v) => Math.pow(v, -c0)));
  const bestAtD = new Float64Array(grid.pd.length).fill(Infinity);
  const idxAtD = grid.pd.map(() => new Int32Array(6).fill(-1));
  const outer = grid.f1.length * grid.pd.length;
  let done = 0;
  for (let fi = 0; fi < grid.f1.length; fi++) {
    const f = grid.f1[fi];
    for (let di = 0; di < grid.pd.length; di++) {
      if (signal?.cancelled) throw new CancelledError();
      const d = fromPower(grid.pd[di]);
      // Math.pow mirrors numpy at f = 0: (x/d)^∞ is ∞ or 0 and (·)^(−0) = 1, i.e. no break.
      for (let i = 0; i < n; i++) u[i] = 1 + Math.pow(xs[i] / d, 1 / f);
      for (let ci = 0; ci < grid.c1.length; ci++) {
        const e = -grid.c1[ci] * f;
        for (let i = 0; i < n; i++) brk[i] = Math.pow(u[i], e);
        for (let c0i = 0; c0i < grid.c0.length; c0i++) {
          const pc = powC0[c0i];
          for (let i = 0; i < n; i++) t[i] = pc[i] * brk[i];
          for (let bi = 0; bi < bs.length; bi++) {
            const b = bs[bi];
            for (let ai = 0; ai < as.length; ai++) {
              const a1 = as[ai] + 1;
              const cap = bestAtD[di] * n;
              let sum = 0;
              for (let i = 0; i < n && sum <= cap; i++) {
                const r = Math.log(a1 + b * t[i]) - ly[i];
                sum += r * r;
              }
              const value = sum / n;
              // NaN and ∞ never compare below the best: they rank as the worst point (upstream).
              if (value < bestAtD[di]) {
                bestAtD[di] = value;
                idxAtD[di].set([ai, bi, c0i, ci, di, fi]);
              }
            }
          }
        }
      }
      progress?.report(++done / outer, 'BNSL grid search');
    }
  }
  const toParams = (idx: Int32Array): Float64Array => {
    const c0 = grid.c0[idx[2]];
    return Float64Array.from([as[idx[0]], bs[idx[1]] * Math.pow(xScale, c0), c0, grid.c1[idx[3]], fromPower(grid.pd[idx[4]]) * xScale, grid.f1[idx[5]]]);
  };
  const candidates = grid.pd
    .map((_, di) => di)
    .filter((di) => idxAtD[di][0] >= 0)
    .sort((i, j) => bestAtD[i] - bestAtD[j] || i - j)
    .map((di) => ({ params: toParams(idxAtD[di]), value: bestAtD[di] }));
  if (candidates.length === 0) throw new UserError('The BNSL grid search found no finite fit (check for negative y).', 'fit-failed');
  return {
    ...candidates[0],
    points: as.length * bs.length * grid.c0.length * grid.c1.length * grid.pd.length * grid.f1.length,
    candidates,
  };
}

/** Extra breaks are placed greedily: each new break scans (c, d, f) with the earlier ones fixed. */
const EXTRA_BREAK_C = [-0.5, 0.25, 0.5, 1, 2];
const EXTRA_BREAK_F = [0.05, 0.25, 1];
const EXTRA_BREAK_D = 12;

/**
 * The global search (grid, screening of extra-break starts) runs on at most this many rows: a longer
 * curve is represented by one real row per run of consecutive x, the one with the run's median y, which
 * keeps the shape a break has to fit (exactly, on noiseless data) and ignores loss spikes. Shorter data
 * are searched as they are, so upstream's grid sees upstream's rows.
 */
const SEARCH_ROWS = 128;
/** Starts per stage given a short local solve on the summary, then how many distinct ends are polished. */
const SCREEN_ITERATIONS = 15;
const POLISHED_BASINS = 3;
/** Twenty steps that gain less than 1e-6 of the objective end a polish (see PolishOptions.stall). */
const STALL = { stall: { iterations: 20, relative: 1e-6 } };
/**
 * The last stage of a search for extra breaks on representative rows polishes its ends for at most this many
 * steps: they are polished again on every row, and a 12-parameter end creeping along a valley otherwise took
 * 500 steps on 128 rows (GPT-3 small, 3 breaks: a fifth of the fit) to end behind the others anyway. With 60 the
 * 3-break 175b fit ended 3.2e-5 higher (relative), so 100; with one break the cap cost 1.2e-7 on GPT-3 small
 * and 4.4e-7 on OLMo 1B, so its grid candidates are still polished to convergence.
 */
const LAST_STAGE_ITERATIONS = { maxIterations: 100, maxBlocks: 1 };

interface SearchRows {
  x: Float64Array;
  y: Float64Array;
  /** False when the rows are the data themselves. */
  summarised: boolean;
}

function searchRows(x: Float64Array, y: Float64Array): SearchRows {
  const n = x.length;
  if (n <= SEARCH_ROWS) return { x, y, summarised: false };
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => x[i] - x[j] || i - j);
  const picked = Array.from({ length: SEARCH_ROWS }, (_, b) => {
    const run = order.slice(Math.floor((b * n) / SEARCH_ROWS), Math.floor(((b + 1) * n) / SEARCH_ROWS));
    return run.sort((i, j) => y[i] - y[j] || i - j)[(run.length - 1) >> 1];
  });
  return { x: Float64Array.from(picked, (i) => x[i]), y: Float64Array.from(picked, (i) => y[i]), summarised: true };
}

function withBreak(p: Float64Array, c: number, d: number, f: number): Float64Array {
  const n = breaksOfParams(p);
  const q = new Float64Array(p.length + 3);
  q.set(p.subarray(0, 3 + n));
  q[3 + n] = c;
  q.set(p.subarray(3 + n, 3 + 2 * n), 4 + n);
  q[4 + 2 * n] = d;
  q.set(p.subarray(3 + 2 * n), 5 + 2 * n);
  q[5 + 3 * n] = f;
  return q;
}

/** Whether two parameter vectors are the same basin's end (every parameter within 1e-4 relative). */
function sameEnd(p: Float64Array, q: Float64Array): boolean {
  return p.every((v, j) => Math.abs(v - q[j]) <= 1e-4 * Math.max(Math.abs(v), Math.abs(q[j]), 1e-12));
}

/** How the search went, as reported in FitResult.starts. */
interface SearchCount {
  /** Grid points, extra-break starts and short screening solves: what only chose the starts. */
  evaluated: number;
  polished: number;
  converged: number;
}

type End = { params: Float64Array; value: number; converged: boolean };

/** The distinct ends among `ends` (best first), at most POLISHED_BASINS of them. */
function distinctBest(ends: End[]): End[] {
  const chosen: End[] = [];
  for (const end of [...ends].sort((p, q) => p.value - q.value)) {
    if (chosen.length === POLISHED_BASINS) break;
    if (Number.isFinite(end.value) && !chosen.some((c) => sameEnd(c.params, end.params))) chosen.push(end);
  }
  return chosen;
}

/** The objective at each start on the search rows (no solve). */
function startValues(starts: readonly Float64Array[], search: LawFitContext): number[] {
  const yHat = new Float64Array(search.y.length);
  return starts.map((p) => {
    predict(p, search.x, yHat);
    return objectiveValue(search.objective, yHat, search.y, search.delta);
  });
}

/**
 * Of the extra-break starts, the best (c, f) at each break location (by the objective at the start):
 * the location is what separates basins, and a short solve settles c and f.
 */
function bestPerLocation(starts: readonly Float64Array[], search: LawFitContext, count: SearchCount): Float64Array[] {
  const values = startValues(starts, search);
  count.evaluated += starts.length;
  const perD = EXTRA_BREAK_C.length * EXTRA_BREAK_F.length;
  return Array.from({ length: starts.length / perD }, (_, j) => {
    let best = j * perD;
    for (let k = best + 1; k < (j + 1) * perD; k++) if (values[k] < values[best]) best = k;
    return starts[best];
  });
}

/**
 * One stage of the greedy search on the search rows: every start gets a short local solve, and the best
 * distinct ends are polished (to convergence, or within `limits`). Returns those polished ends, best first.
 */
function searchStage(starts: readonly Float64Array[], setup: ParamSetup, search: LawFitContext, count: SearchCount, limits = {}): End[] {
  const law = { predict, jacobian };
  const held = starts.map((start) => Float64Array.from(start, (v, j) => (setup.free[j] ? v : setup.values[j])));
  const screened =
    held.length <= POLISHED_BASINS
      ? held.map((params) => ({ params, value: 0, converged: false }))
      : held.map((start) => polishLaw(law, search, setup, start, { maxIterations: SCREEN_ITERATIONS, maxBlocks: 1, ...STALL }));
  if (held.length > POLISHED_BASINS) count.evaluated += held.length;
  const polished = distinctBest(screened).map((end) => polishLaw(law, search, setup, end.params, { ...limits, ...STALL }));
  count.polished += polished.length;
  count.converged += polished.filter((end) => end.converged).length;
  return distinctBest(polished);
}

/**
 * Several ends are first given FULL_SCREEN_ITERATIONS steps on every row and only the best goes on to
 * convergence: the ends of the search are often one basin seen from three sides (OLMo 1B, 3 breaks: equal
 * to 6 digits, each 240 steps of a 12-parameter solve on 662 rows), and on every bench curve the end ahead
 * after 20 steps was the one ahead at the end. The one ahead goes on from where its screening paused, which
 * is the polish it would have had from its end (the same steps, the same damping and stall window).
 */
const FULL_SCREEN_ITERATIONS = 20;

/** Polishes `ends` on every row; the best result. */
function polishOnAllRows(ends: readonly End[], setup: ParamSetup, ctx: LawFitContext, count: SearchCount): End | undefined {
  const law = { predict, jacobian };
  let lead: { polisher: Polisher; value: number } | undefined;
  for (const end of ends) {
    const polisher = startLawPolish(law, ctx, setup, end.params, STALL);
    if (ends.length === 1) lead = { polisher, value: Infinity };
    else {
      const screened = polisher.run(FULL_SCREEN_ITERATIONS);
      if (!lead || screened.value < lead.value) lead = { polisher, value: screened.value };
    }
  }
  if (ends.length > 1) count.evaluated += ends.length;
  if (!lead) return undefined;
  const result = lead.polisher.run();
  count.polished++;
  if (result.converged) count.converged++;
  return result;
}

/** The law's fit with a chosen first-stage grid (upstream tunes the grid per data set). */
export function fitBnsl(ctx: LawFitContext, gridAxes: BnslGrid = BNSL_DEFAULT_GRID): LawFitOutcome {
  const x = requireInput(ctx.x, 'x');
  if (x.some((v) => !(v > 0))) throw new UserError('BNSL needs x > 0 on every row.', 'bad-input');
  if (ctx.y.some((v) => !(v > -1) || !Number.isFinite(v))) throw new UserError('BNSL needs finite y > −1 on every row.', 'bad-input');
  const breaks = breaksOf(ctx.options);
  if (ctx.y.length < 3 * breaks + 3) {
    throw new UserError(`A ${breaks}-break BNSL has ${3 * breaks + 3} parameters; it needs at least that many rows.`, 'too-few-points');
  }
  const count: SearchCount = { evaluated: 0, polished: 0, converged: 0 };
  const finalSetup = paramSetup(bnslParams(breaks), ctx);
  const outcome = (best: End | undefined): LawFitOutcome => ({
    params: best?.params ?? new Float64Array(3 * breaks + 3).fill(NaN),
    value: best?.value ?? Infinity,
    tried: count.polished,
    converged: count.converged,
    ...(count.evaluated > 0 ? { grid: count.evaluated } : {}),
  });
  // A warm start (a bootstrap replicate from the full-data fit) is one local solve, as for every law.
  if (ctx.start && finalSetup.values.every(Number.isFinite)) {
    return outcome(polishOnAllRows([{ params: Float64Array.from(finalSetup.values), value: 0, converged: false }], finalSetup, ctx, count));
  }
  const rows = searchRows(x, ctx.y);
  const search = rows.summarised ? { ...ctx, x: { x: rows.x }, y: rows.y } : ctx;
  const grid = bnslGridSearch(rows.x, rows.y, gridAxes, ctx.signal, ctx.progress);
  count.evaluated += grid.points;
  let ends: End[] = [];
  for (let n = 1; n <= breaks; n++) {
    const setup = n === breaks ? finalSetup : paramSetup(bnslParams(n), { ...ctx, fixed: {}, bounds: {}, init: {}, start: undefined });
    const starts = n === 1 ? grid.candidates.slice(0, POLISHED_BASINS).map((c) => c.params) : bestPerLocation(extraBreakStarts(ends[0].params, x), search, count);
    if (setup.values.every(Number.isFinite)) starts.push(Float64Array.from(setup.values));
    const found = searchStage(starts, setup, search, count, n > 1 && n === breaks && rows.summarised ? LAST_STAGE_ITERATIONS : {});
    if (found.length === 0) break;
    ends = found;
  }
  if (ends.length !== 0 && breaksOfParams(ends[0].params) !== breaks) return outcome(undefined);
  // Searched on every row, the ends are the fit. On representative rows they are polished again on every
  // row (the data's own optimum near each); with one break the grid's own best point is polished too, as
  // upstream does: with a break past the data the search rows' optimum can sit elsewhere along the valley.
  if (!rows.summarised) return outcome(ends[0]);
  const grid1 = breaks === 1 ? [{ params: grid.params, value: grid.value, converged: false }] : [];
  return outcome(polishOnAllRows([...ends, ...grid1], finalSetup, ctx, count));
}

function extraBreakStarts(p: Float64Array, x: Float64Array): Float64Array[] {
  const lo = Math.log(x.reduce((m, v) => Math.min(m, v), Infinity));
  const hi = Math.log(x.reduce((m, v) => Math.max(m, v), 0));
  const starts: Float64Array[] = [];
  for (let j = 0; j < EXTRA_BREAK_D; j++) {
    const d = Math.exp(lo + ((hi - lo) * (j + 0.5)) / EXTRA_BREAK_D);
    for (const c of EXTRA_BREAK_C) for (const f of EXTRA_BREAK_F) starts.push(withBreak(p, c, d, f));
  }
  return starts;
}

/**
 * `bnsl-break` (laws.md §5): a break whose transition has not happened inside the fitted x range
 * cannot be extrapolated. At x the slope change of break i is c_i·s/(1+s), s = (x/d_i)^(1/f_i); when
 * less than half of the last break's slope change has happened at the largest fitted x (d_n beyond
 * the data edge), predictions past the data are not to be trusted.
 */
export function bnslBreakWarning(p: ArrayLike<number>, fittedMaxX: number): FitWarning | undefined {
  const n = breaksOfParams(p);
  const d = p[3 + 2 * n - 1];
  const f = p[3 + 3 * n - 1];
  // s/(1+s) with s = (x/d)^(1/f), in logs: a sharp break far below the data overflows s to ∞ (∞/∞ = NaN).
  const realised = 1 / (1 + Math.exp(-Math.log(fittedMaxX / d) / f));
  if (realised >= 0.5) return undefined;
  return {
    code: 'bnsl-break',
    message:
      `The last break (d${n} = ${d.toPrecision(4)}) lies beyond the largest fitted x (${fittedMaxX.toPrecision(4)}); ` +
      `only ${(realised * 100).toPrecision(2)} % of its slope change shows in the data. A break that has not begun ` +
      'inside the data is pinned only by digits below any measurement noise: with d1 = 612 and x ≤ 390, y written ' +
      'to 7 significant digits already misses the break. Treat extrapolation beyond the data as unreliable.',
  };
}

export const bnslLaw: Law = {
  id: 'bnsl',
  name: 'Broken neural scaling law (Caballero et al. 2022)',
  formula: 'y = a + b*x^(-c0)*prod_i (1+(x/d_i)^(1/f_i))^(-c_i*f_i)',
  latex: 'y=a+b\\,x^{-c_0}\\prod_{i=1}^{n}\\left(1+\\left(\\frac{x}{d_i}\\right)^{1/f_i}\\right)^{-c_i f_i}',
  description:
    'A smoothly broken power law: slope −c0 at first, changing by −c_i around x = d_i with sharpness f_i. ' +
    'One break by default (option breaks = 1–3). Fitted as upstream: exhaustive grid on squared ln(y+1) ' +
    'residuals (on at most 128 representative rows), then Levenberg–Marquardt; extra breaks are placed greedily. ' +
    'A break that has not started inside the data cannot be predicted.',
  inputs: ['x'],
  xRoles: ['D', 'N', 'C', 'step'],
  params: bnslParams(1),
  options: [{ name: 'breaks', kind: 'number', integer: true, min: 1, max: MAX_BREAKS, description: 'number of breaks (1, 2 or 3; the fit cost grows as grid^(3n+3))' }],
  paramsFor: (options) => bnslParams(breaksOf(options)),
  presets: [
    {
      id: 'caballero2022-4digit',
      lawId: 'bnsl',
      params: { a: 0.413885, b: 2.277272, c0: 0.0550774, c1: 5.662904, d1: 612.584, f1: 0.059193 },
      source: 'Caballero et al. 2022, 4-digit addition test cross-entropy vs training-set size (refit of the upstream data)',
      status: 'R',
    },
    {
      id: 'caballero2022-fig1',
      lawId: 'bnsl',
      params: { a: 1e-3, b: 4.66e3, c0: 0.05, c1: 0.49, c2: -0.811, c3: 2.1, d1: 3e6, d2: 1e14, d3: 2e20, f1: 1.1, f2: 1.425, f3: 0.05 },
      source: 'Caballero et al. 2022, Figure 1 (upstream code)',
      status: 'S',
      options: { breaks: 3 },
    },
  ],
  defaultObjective: 'mse-log1p',
  predict,
  jacobian,
  fit: (ctx) => fitBnsl(ctx),
  fitWarnings: (p, inputs) => {
    const warning = bnslBreakWarning(p, requireInput(inputs, 'x').reduce((m, v) => Math.max(m, v), 0));
    return warning ? [warning] : [];
  },
};
