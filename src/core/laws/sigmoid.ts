import type { LawInputs } from '../types';
import { UserError } from '../types';
import { requireInput } from './inputs';
import type { Law, LawFitContext, LawFitOutcome, ParamSpec } from '../law';
import { polishLaw } from '../solve/levenbergMarquardt';
import { booleanOption, numberOption, paramSetup } from '../solve/paramSetup';

/**
 * Bounded metric vs log scale (laws.md §2.11): y = lo + (hi − lo)/(1 + exp(−k·(log10 x − x0))).
 * lo (chance level) and hi are held at 0.25 and 1 unless the request frees them (options freeLo,
 * freeHi) or sets other values (options lo, hi).
 */

const PARAMS: ParamSpec[] = [
  { name: 'k', description: 'steepness per decade of x (negative for error metrics)', lower: -20, upper: 20 },
  { name: 'x0', description: 'log10 of the midpoint' },
  { name: 'lo', description: 'lower asymptote (chance level)', lower: 0, upper: 1 },
  { name: 'hi', description: 'upper asymptote', lower: 0, upper: 1 },
];

const K_STARTS = [0.5, 1, 2, 4, -0.5, -1, -2, -4];

function predict(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
  const x = requireInput(inputs, 'x');
  for (let i = 0; i < x.length; i++) {
    out[i] = p[2] + (p[3] - p[2]) / (1 + Math.exp(-p[0] * (Math.log10(x[i]) - p[1])));
  }
}

function jacobian(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
  const x = requireInput(inputs, 'x');
  const span = p[3] - p[2];
  for (let i = 0; i < x.length; i++) {
    const u = Math.log10(x[i]) - p[1];
    const s = 1 / (1 + Math.exp(-p[0] * u));
    const slope = span * s * (1 - s);
    out.set([slope * u, -slope * p[0], 1 - s, s], 4 * i);
  }
}

function fit(ctx: LawFitContext): LawFitOutcome {
  const x = requireInput(ctx.x, 'x');
  if (x.some((v) => !(v > 0))) throw new UserError('The sigmoid law needs x > 0 (it works on log10 x).', 'bad-input');
  const freed = [booleanOption(ctx.options, 'freeLo') ? 'lo' : '', booleanOption(ctx.options, 'freeHi') ? 'hi' : ''];
  const held = { lo: numberOption(ctx.options, 'lo', 0.25), hi: numberOption(ctx.options, 'hi', 1) };
  const setup = paramSetup(PARAMS, ctx, held, freed);
  const logX = Array.from(x, Math.log10).sort((a, b) => a - b);
  if (ctx.bounds.x0 === undefined) {
    setup.lower[1] = logX[0] - 3;
    setup.upper[1] = logX[logX.length - 1] + 3;
  }
  const quartiles = [0.25, 0.5, 0.75].map((q) => logX[Math.floor(q * (logX.length - 1))]);
  const starts: number[][] = [];
  for (const k of K_STARTS) for (const x0 of quartiles) starts.push([k, x0, held.lo, held.hi]);
  if (setup.values.every(Number.isFinite)) starts.push(Array.from(setup.values));
  const law = { predict, jacobian };
  let best: LawFitOutcome | undefined;
  let converged = 0;
  for (const start of starts) {
    const p = start.map((v, j) => (setup.free[j] ? v : setup.values[j]));
    const result = polishLaw(law, ctx, setup, p);
    if (result.converged) converged++;
    if (!best || result.value < best.value) best = { params: result.params, value: result.value, tried: 0, converged: 0 };
  }
  if (!best) throw new UserError('The sigmoid fit found no start.', 'fit-failed');
  return { ...best, tried: starts.length, converged, held: setup.names.filter((_, j) => !setup.free[j]) };
}

export const sigmoidLaw: Law = {
  id: 'sigmoid',
  name: 'Sigmoid in log x (bounded metrics)',
  formula: 'y = lo + (hi-lo)/(1+exp(-k*(log10 x - x0)))',
  latex: 'y=y_{lo}+\\frac{y_{hi}-y_{lo}}{1+\\exp\\left(-k\\,(\\log_{10}x-x_0)\\right)}',
  description:
    'For accuracies and pass rates in [0, 1]: a logistic curve in log10 of compute (or N, D). lo is held at ' +
    'chance (0.25) and hi at 1 unless freed (options freeLo, freeHi; values via lo, hi). Least squares on raw y.',
  inputs: ['x'],
  xRoles: ['C', 'N', 'D'],
  params: PARAMS,
  options: [
    { name: 'lo', kind: 'number', min: 0, max: 1, description: 'value lo is held at (default 0.25, chance on 4-way multiple choice)' },
    { name: 'hi', kind: 'number', min: 0, max: 1, description: 'value hi is held at (default 1)' },
    { name: 'freeLo', kind: 'boolean', description: 'fit lo instead of holding it' },
    { name: 'freeHi', kind: 'boolean', description: 'fit hi instead of holding it' },
  ],
  presets: [],
  defaultObjective: 'mse',
  predict,
  jacobian,
  fit,
};
