import type { LawInputs } from '../types';
import { UserError } from '../types';
import { logOf, requireInput } from './inputs';
import type { Law, LawFitContext, LawFitOutcome, ParamSpec } from '../law';
import { bindInputs, polishLaw } from '../solve/levenbergMarquardt';
import { booleanOption, paramSetup } from '../solve/paramSetup';
import { fitSeparable } from '../solve/separable';

/**
 * y = E + A·x^(−α), or with option `offset` y = E + A·(x + x0)^(−α) (laws.md §2.4; Henighan et al.
 * 2020, Zhai et al. 2022). For fixed α (and x0) it is linear in (E, A): variable projection over α.
 */

const ALPHA_GRID = [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3];
/** Offsets x0 whose held fit is polished (of the five scanned). */
const POLISHED_OFFSETS = 2;

const BASE: ParamSpec[] = [
  { name: 'E', description: 'irreducible level (limit as x → ∞)', lower: 0 },
  { name: 'A', description: 'scale of the reducible part', lower: 0 },
  { name: 'alpha', description: 'exponent', lower: 1e-6, upper: 3, grid: ALPHA_GRID },
];
const OFFSET: ParamSpec = { name: 'x0', description: 'offset added to x (same unit as x)', lower: 0 };

function paramsFor(options: Record<string, number | string | boolean>): ParamSpec[] {
  return booleanOption(options, 'offset') ? [...BASE, OFFSET] : BASE;
}

// Without an offset x^(−α) = exp(−α·ln x), with ln x taken once per input array (logOf).
function predict(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
  const x = requireInput(inputs, 'x');
  const [E, A, alpha] = [p[0], p[1], p[2]];
  const x0 = p.length > 3 ? p[3] : 0;
  if (x0 === 0) {
    const ln = logOf(x);
    for (let i = 0; i < ln.length; i++) out[i] = E + A * Math.exp(-alpha * ln[i]);
    return;
  }
  for (let i = 0; i < x.length; i++) out[i] = E + A * Math.pow(x[i] + x0, -alpha);
}

function jacobian(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
  const x = requireInput(inputs, 'x');
  const k = p.length;
  const [A, alpha] = [p[1], p[2]];
  const x0 = k > 3 ? p[3] : 0;
  const ln = x0 === 0 ? logOf(x) : undefined;
  for (let i = 0; i < x.length; i++) {
    const u = x[i] + x0;
    const lnU = ln ? ln[i] : Math.log(u);
    const t = Math.exp(-alpha * lnU);
    out[k * i] = 1;
    out[k * i + 1] = t;
    out[k * i + 2] = -A * lnU * t;
    if (k > 3) out[k * i + 3] = (-alpha * A * t) / u;
  }
}

function fit(ctx: LawFitContext): LawFitOutcome {
  const x = requireInput(ctx.x, 'x');
  if (x.some((v) => !(v >= 0))) throw new UserError('saturating-power needs x ≥ 0 on every row.', 'bad-input');
  const setup = paramSetup(paramsFor(ctx.options), ctx);
  if (ctx.bounds.E === undefined) setup.upper[0] = ctx.y.reduce((m, v) => Math.min(m, v), Infinity);
  const law = { predict, jacobian };
  const model = bindInputs(law, ctx.x);
  const offset = setup.names.length > 3;
  const xMin = x.reduce((m, v) => Math.min(m, v), Infinity);
  // With an offset, x0 is scanned on a coarse grid (each point a VarPro scan over α); the two best scans
  // are polished with x0 held, then x0 is freed. Polishing all five held fits cost five Huber polishes on
  // ~1,000 rows, the slowest part of `compare` on a learning curve; with two, the objective on the eight
  // GPT-3 training curves, OLMo 1B and Mamba is as low as or lower than polishing all five did before.
  const x0Grid = !offset ? [0] : setup.free[3] ? [0, 0.01, 0.1, 1, 10].map((f) => f * Math.max(xMin, 1e-12)) : [setup.values[3]];
  const separable = (x0: number, scanOnly: boolean): LawFitOutcome => {
    const held = offset ? { ...setup, free: setup.free.map((f, j) => f && j !== 3), values: Float64Array.from(setup.values, (v, j) => (j === 3 ? x0 : v)) } : setup;
    return fitSeparable(
      { model, y: ctx.y, setup: held, objective: ctx.objective, delta: ctx.delta, signal: ctx.signal, scanOnly },
      {
        theta: 2,
        linear: [0, 1],
        basis: (alpha, cols) => {
          for (let i = 0; i < x.length; i++) {
            cols[0][i] = 1;
            cols[1][i] = Math.pow(x[i] + x0, -alpha);
          }
        },
        grid: ALPHA_GRID,
      },
    );
  };
  const scans = x0Grid.length > POLISHED_OFFSETS ? x0Grid.map((x0) => ({ x0, ...separable(x0, true) })) : [];
  const polishedX0 = scans.length ? scans.sort((a, b) => a.value - b.value).slice(0, POLISHED_OFFSETS).map((s) => s.x0) : x0Grid;
  let best: LawFitOutcome | undefined;
  // Each scan point counts once, whether or not its scan was polished after.
  let grid = scans.reduce((sum, scan) => sum + (scan.grid ?? 0), 0);
  let tried = 0;
  let converged = 0;
  for (const x0 of polishedX0) {
    const outcome = separable(x0, false);
    if (!scans.length) grid += outcome.grid ?? 0;
    tried += outcome.tried;
    converged += outcome.converged;
    if (!best || outcome.value < best.value) best = outcome;
  }
  if (!best) throw new UserError('saturating-power found no start.', 'fit-failed');
  if (offset && setup.free[3]) {
    // The best x0 is freed in one more polish: a start of its own.
    const polished = polishLaw(law, ctx, setup, best.params);
    tried++;
    if (polished.converged) converged++;
    if (polished.value <= best.value) best = { ...best, params: polished.params, value: polished.value };
  }
  return { ...best, ...(grid ? { grid } : {}), tried, converged };
}

export const saturatingPowerLaw: Law = {
  id: 'saturating-power',
  name: 'Saturating power law',
  formula: 'y = E + A*x^(-alpha)  [offset: E + A*(x+x0)^(-alpha)]',
  latex: 'y=E+A\\,x^{-\\alpha}',
  description:
    'A power law that levels off at E (irreducible loss or error), in one variable (N, D, C or step). ' +
    'Option offset adds x0 (Zhai et al. 2022 use C + 0.01). Fitted by variable projection over α.',
  inputs: ['x'],
  xRoles: ['N', 'D', 'C', 'step'],
  params: BASE,
  options: [{ name: 'offset', kind: 'boolean', description: 'fit an offset x0 added to x (x + x0)' }],
  paramsFor,
  presets: [
    {
      id: 'zhai2022-vit',
      lawId: 'saturating-power',
      params: { E: 0.09, A: 0.26, alpha: 0.35, x0: 0.01 },
      source: 'Zhai et al. 2022, ViT ImageNet error (min over N, D) vs compute in TPUv3-core-days',
      status: 'S',
      options: { offset: true },
    },
  ],
  defaultObjective: 'huber-log',
  predict,
  jacobian,
  fit,
};
