import { powerFitOLS } from '../solve/isoflop';
import type { LawInputs } from '../types';
import type { Law, LawFitContext, LawFitOutcome, ParamSpec } from '../law';
import { requireInput } from './inputs';
import { clamp, polishLaw } from '../solve/levenbergMarquardt';
import { paramSetup } from '../solve/paramSetup';

/** y = A·x^(−α) (laws.md §2.5): closed form by OLS in log-log, the Approach-1/2 final step. */

const PARAMS: ParamSpec[] = [
  { name: 'A', description: 'scale: y at x = 1', lower: 0, logScale: true },
  { name: 'alpha', description: 'exponent (log-log slope is −α)', lower: -10, upper: 10, grid: [0.05, 0.1, 0.3, 0.5, 1] },
];

function predict(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
  const x = requireInput(inputs, 'x');
  const [a, alpha] = [p[0], p[1]];
  for (let i = 0; i < x.length; i++) out[i] = a * Math.exp(-alpha * Math.log(x[i]));
}

function jacobian(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
  const x = requireInput(inputs, 'x');
  const [a, alpha] = [p[0], p[1]];
  for (let i = 0; i < x.length; i++) {
    const lx = Math.log(x[i]);
    const t = Math.exp(-alpha * lx);
    out[2 * i] = t;
    out[2 * i + 1] = -lx * a * t;
  }
}

function fit(ctx: LawFitContext): LawFitOutcome {
  const x = requireInput(ctx.x, 'x');
  const setup = paramSetup(PARAMS, ctx);
  const ols = powerFitOLS(x, ctx.y);
  const start = Float64Array.from(setup.values, (v, j) =>
    setup.free[j] ? clamp(j === 0 ? ols.k : -ols.a, setup.lower[j], setup.upper[j]) : v,
  );
  const result = polishLaw({ predict, jacobian }, ctx, setup, start);
  return { params: result.params, value: result.value, tried: 1, converged: result.converged ? 1 : 0 };
}

export const powerLaw: Law = {
  id: 'power',
  name: 'Power law',
  formula: 'y = A*x^(-alpha)',
  latex: 'y = A\\,x^{-\\alpha}',
  description:
    'Pure power law in one variable; a straight line in log-log. The default objective (squared log ' +
    'residuals) has a closed-form solution: ordinary least squares of ln y on ln x.',
  inputs: ['x'],
  xRoles: ['N', 'D', 'C', 'step'],
  params: PARAMS,
  presets: [
    {
      id: 'kaplan2020-n',
      lawId: 'power',
      params: { A: 8.8e13 ** 0.076, alpha: 0.076 },
      source: 'Kaplan et al. 2020, L(N) = (8.8e13/N)^0.076, N non-embedding',
      status: 'U',
      note: 'Quoted from memory in research notes; check the paper before relying on it.',
    },
    {
      id: 'kaplan2020-d',
      lawId: 'power',
      params: { A: 5.4e13 ** 0.095, alpha: 0.095 },
      source: 'Kaplan et al. 2020, L(D) = (5.4e13/D)^0.095',
      status: 'U',
      note: 'Quoted from memory in research notes; check the paper before relying on it.',
    },
  ],
  defaultObjective: 'mse-log',
  predict,
  jacobian,
  fit,
};
