import type { LawInputs } from '../types';
import { UserError } from '../types';
import { requireInput } from './inputs';
import type { Law, LawFitContext, LawFitOutcome, ParamSpec } from '../law';
import { bindInputs } from '../solve/levenbergMarquardt';
import { numberOption, paramSetup } from '../solve/paramSetup';
import { fitSeparable } from '../solve/separable';

/**
 * Loss curve under any LR schedule (Tissue et al. 2024, laws.md §2.10): L(s) = L0 + A·S1^(−α) − C·S2,
 * S1 = Σ η_i (forward area), S2 = Σ m_i with m_i = λ·m_{i−1} + (η_{i−1} − η_i) (annealing area).
 */

export const DEFAULT_LAMBDA = 0.999;

export interface AnnealingAreas {
  s1: Float64Array;
  s2: Float64Array;
}

/**
 * S1 and S2 after every optimiser step; `lr[0]` is the LR of step 1. η_0 := η_1, so m_1 = 0 (one
 * re-implementation sets m_1 = η_1, which adds up to η_1/(1−λ) to S2; we do not). By default the
 * annealing area starts at the LR peak, so warm-up (rising LR) adds nothing; `includeWarmup` lets
 * it subtract. Both choices are unconfirmed in the paper (laws.md §2.10).
 */
export function annealingAreas(lr: Float64Array, lambda = DEFAULT_LAMBDA, opts: { includeWarmup?: boolean } = {}): AnnealingAreas {
  return areas(lr, lambda, opts.includeWarmup ?? false, false).areas;
}

/** The areas and, when asked, ∂S2/∂λ (for the law's jacobian). */
function areas(lr: Float64Array, lambda: number, includeWarmup: boolean, withDerivative: boolean) {
  const n = lr.length;
  const s1 = new Float64Array(n);
  const s2 = new Float64Array(n);
  const ds2 = withDerivative ? new Float64Array(n) : undefined;
  let peak = 0;
  if (!includeWarmup) for (let i = 1; i < n; i++) if (lr[i] > lr[peak]) peak = i;
  let sum1 = 0;
  let sum2 = 0;
  let dsum2 = 0;
  let m = 0;
  let dm = 0;
  for (let i = 0; i < n; i++) {
    sum1 += lr[i];
    const drop = i > peak ? lr[i - 1] - lr[i] : 0;
    dm = m + lambda * dm;
    m = lambda * m + drop;
    sum2 += m;
    dsum2 += dm;
    s1[i] = sum1;
    s2[i] = sum2;
    if (ds2) ds2[i] = dsum2;
  }
  return { areas: { s1, s2 }, ds2 };
}

/**
 * The LR at every step 1…max(step) from logged (step, lr) rows: linear between logged steps, flat
 * before the first and at the last (computing S1/S2 on logged rows only would change λ's horizon).
 */
export function lrPerStep(steps: ArrayLike<number>, lrs: ArrayLike<number>): Float64Array {
  const order = stepOrder(steps, lrs, 1);
  if (order.length === 0) throw new UserError('lr-annealing needs rows with a step ≥ 1 and a learning rate.', 'missing-input');
  const step = (k: number) => Math.round(steps[order[k]]);
  const last = step(order.length - 1);
  const out = new Float64Array(last);
  let r = 0;
  for (let s = 1; s <= last; s++) {
    while (r + 1 < order.length && step(r + 1) <= s) r++;
    const s0 = step(r);
    const l0 = lrs[order[r]];
    out[s - 1] = s <= s0 || r + 1 >= order.length ? l0 : l0 + ((lrs[order[r + 1]] - l0) * (s - s0)) / (step(r + 1) - s0);
  }
  return out;
}

/**
 * Indices of the rows with a finite step ≥ `minStep` and a finite value, in step order (stable). Logs
 * are written in step order, so a million rows are checked, not sorted, and no pair objects are built.
 */
export function stepOrder(steps: ArrayLike<number>, values: ArrayLike<number>, minStep = -Infinity): Int32Array {
  const picked: number[] = [];
  let sorted = true;
  for (let i = 0; i < steps.length; i++) {
    if (!(Number.isFinite(steps[i]) && Number.isFinite(values[i]) && steps[i] >= minStep)) continue;
    if (picked.length > 0 && steps[i] < steps[picked[picked.length - 1]]) sorted = false;
    picked.push(i);
  }
  if (!sorted) picked.sort((a, b) => steps[a] - steps[b] || a - b);
  return Int32Array.from(picked);
}

interface RowAreas {
  s1: Float64Array;
  s2: Float64Array;
  ds2: Float64Array;
}

/**
 * The LR at every step of a run and its areas per λ. A row's prediction reads the schedule up to its
 * step, so the schedule comes from the whole run (`withHistory`), not from the rows being fitted: a
 * subset (skip-first, a filter, a bootstrap replicate) would otherwise see a different LR history.
 */
interface History {
  perStep: Float64Array;
  byLambda: Map<number, { s1: Float64Array; s2: Float64Array; ds2: Float64Array }>;
  /**
   * The areas looked up at a step vector, per λ: a fit predicts the same rows thousands of times. Keyed
   * by the array, which the engine never mutates once passed to a law (the bootstrap draws each replicate
   * into new arrays; reusing one, with this cache, once froze every replicate's areas at the first's).
   */
  rows: WeakMap<Float64Array, Map<number, RowAreas>>;
}

function historyOf(inputs: LawInputs): History {
  return { perStep: lrPerStep(requireInput(inputs, 'step'), requireInput(inputs, 'lr')), byLambda: new Map(), rows: new WeakMap() };
}

/** Areas at each row's step; NaN for a step the history does not reach. */
function rowAreas(history: History, inputs: LawInputs, lambda: number): RowAreas {
  const step = requireInput(inputs, 'step');
  const cached = history.rows.get(step)?.get(lambda);
  if (cached) return cached;
  const found = lookUpAreas(history, step, lambda);
  if (!history.rows.has(step)) history.rows.set(step, new Map());
  history.rows.get(step)!.set(lambda, found);
  return found;
}

function lookUpAreas(history: History, step: Float64Array, lambda: number): RowAreas {
  let whole = history.byLambda.get(lambda);
  if (!whole) {
    const { areas: a, ds2 } = areas(history.perStep, lambda, false, true);
    whole = { s1: a.s1, s2: a.s2, ds2: ds2 as Float64Array };
    history.byLambda.set(lambda, whole);
  }
  const last = history.perStep.length;
  const n = step.length;
  const rows = { s1: new Float64Array(n), s2: new Float64Array(n), ds2: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const s = Math.round(step[i]);
    if (step[i] >= 1 && s <= last) {
      rows.s1[i] = whole.s1[s - 1];
      rows.s2[i] = whole.s2[s - 1];
      rows.ds2[i] = whole.ds2[s - 1];
    } else if (!(step[i] >= 0 && step[i] < 1)) {
      // Before step 1 the areas are 0; past the history (or no step) they are unknown.
      rows.s1[i] = rows.s2[i] = rows.ds2[i] = NaN;
    }
  }
  return rows;
}

const PARAMS: ParamSpec[] = [
  { name: 'L0', description: 'loss after infinite forward area', lower: 0 },
  { name: 'A', description: 'forward-area coefficient', lower: 0 },
  { name: 'alpha', description: 'forward-area exponent', lower: 1e-6, upper: 3, grid: [0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3] },
  { name: 'C', description: 'annealing-area coefficient', lower: 0 },
  { name: 'lambda', description: 'momentum decay of the annealing area (held fixed; value uncertain)', lower: 0, upper: 1 },
];

/** The law's functions with the LR history taken from `historyFor(rows)` (the rows themselves, or a fixed run). */
function lawWith(historyFor: (inputs: LawInputs) => History): Pick<Law, 'predict' | 'jacobian' | 'fit'> {
  function predict(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
    const { s1, s2 } = rowAreas(historyFor(inputs), inputs, p[4]);
    for (let i = 0; i < s1.length; i++) out[i] = p[0] + p[1] * Math.pow(s1[i], -p[2]) - p[3] * s2[i];
  }

  function jacobian(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
    const { s1, s2, ds2 } = rowAreas(historyFor(inputs), inputs, p[4]);
    for (let i = 0; i < s1.length; i++) {
      const t = Math.pow(s1[i], -p[2]);
      out.set([1, t, -p[1] * Math.log(s1[i]) * t, -s2[i], -p[3] * ds2[i]], 5 * i);
    }
  }

  function fit(ctx: LawFitContext): LawFitOutcome {
    const step = requireInput(ctx.x, 'step');
    if (step.some((s) => !(s >= 1))) throw new UserError('lr-annealing needs step ≥ 1 on every fitted row.', 'bad-input');
    const minLoss = ctx.y.reduce((m, v) => Math.min(m, v), Infinity);
    const setup = paramSetup(PARAMS, ctx, { lambda: numberOption(ctx.options, 'lambda', DEFAULT_LAMBDA) });
    if (ctx.bounds.L0 === undefined) setup.upper[0] = minLoss;
    const history = historyFor(ctx.x);
    // The areas of the fitted rows for the held λ, looked up once: the α grid and every refit reuse them.
    const held = rowAreas(history, ctx.x, setup.values[4]);
    const law = lawWith(() => history);
    return fitSeparable(
      { model: bindInputs(law, ctx.x), y: ctx.y, setup, objective: ctx.objective, delta: ctx.delta, signal: ctx.signal },
      {
        theta: 2,
        linear: [0, 1, 3],
        basis: (alpha, cols) => {
          for (let i = 0; i < held.s1.length; i++) {
            cols[0][i] = 1;
            cols[1][i] = Math.pow(held.s1[i], -alpha);
            cols[2][i] = -held.s2[i];
          }
        },
        grid: PARAMS[2].grid ?? [],
      },
    );
  }
  return { predict, jacobian, fit };
}

export const lrAnnealingLaw: Law = {
  id: 'lr-annealing',
  name: 'LR-annealing loss curve (Tissue et al. 2024)',
  formula: 'L(s) = L0 + A*S1^(-alpha) - C*S2',
  latex: 'L(s)=L_0+A\\,S_1(s)^{-\\alpha}-C\\,S_2(s)',
  description:
    'Whole loss curve of one run against step for any LR schedule: S1 = area under the LR curve, S2 = ' +
    'LR-annealing area with momentum λ. Uncertain: λ = 0.999 comes from a re-implementation, not the paper ' +
    '(option lambda); S2 here starts at the LR peak. The LR is interpolated onto every step first.',
  inputs: ['step', 'lr'],
  params: PARAMS,
  options: [{ name: 'lambda', kind: 'number', min: 0, max: 1, description: `momentum decay of the annealing area, held fixed (default ${DEFAULT_LAMBDA})` }],
  presets: [],
  defaultObjective: 'huber-log',
  // Unbound, the rows given are the whole run (a test's full schedule, one hover point).
  ...lawWith(historyOf),
  withHistory(history: LawInputs): Law {
    const run = historyOf(history);
    return { ...lrAnnealingLaw, ...lawWith(() => run) };
  },
};
