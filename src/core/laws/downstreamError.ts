import type { LawInputs } from '../types';
import { requireInput } from './inputs';
import type { Law, LawFitContext, LawFitOutcome, LawPreset, ParamSpec } from '../law';
import { bindInputs } from '../solve/levenbergMarquardt';
import { paramSetup } from '../solve/paramSetup';
import { fitSeparable } from '../solve/separable';

/**
 * Downstream error from loss (Gadre et al. 2024, laws.md §2.8): Err = ε − k·exp(−γ·L). x is the loss
 * on a fixed reference set (the column option `input` names), y the mean top-1 error over a task suite
 * (the loss role). For fixed γ the law is linear
 * in (ε, k), so the fit is a 1-D search over γ.
 */

const PARAMS: ParamSpec[] = [
  { name: 'eps', description: 'error as loss → ∞ (≤ 1)', lower: 1e-12, upper: 1 },
  { name: 'k', description: 'scale of the improvement', lower: 1e-12 },
  { name: 'gamma', description: 'rate of improvement per nat of loss', lower: 1e-6, upper: 10, grid: [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10] },
];

function predict(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
  const loss = requireInput(inputs, 'x');
  for (let i = 0; i < loss.length; i++) out[i] = p[0] - p[1] * Math.exp(-p[2] * loss[i]);
}

function jacobian(p: ArrayLike<number>, inputs: LawInputs, out: Float64Array): void {
  const loss = requireInput(inputs, 'x');
  for (let i = 0; i < loss.length; i++) {
    const e = Math.exp(-p[2] * loss[i]);
    out.set([1, -e, p[1] * loss[i] * e], 3 * i);
  }
}

function fit(ctx: LawFitContext): LawFitOutcome {
  const loss = requireInput(ctx.x, 'x');
  const setup = paramSetup(PARAMS, ctx);
  return fitSeparable(
    { model: bindInputs({ predict, jacobian }, ctx.x), y: ctx.y, setup, objective: ctx.objective, delta: ctx.delta, signal: ctx.signal },
    {
      theta: 2,
      linear: [0, 1],
      basis: (gamma, cols) => {
        for (let i = 0; i < loss.length; i++) {
          cols[0][i] = 1;
          cols[1][i] = -Math.exp(-gamma * loss[i]);
        }
      },
      grid: PARAMS[2].grid ?? [],
    },
  );
}

const PUBLISHED: Array<[string, string, number, number, number]> = [
  ['gadre2024-err-c4-46', 'C4, 46-task average', 1.28852, 0.972164, 0.758949],
  ['gadre2024-err-c4-17', 'C4, 17-task average', 2.07891, 0.756121, 0.849742],
  ['gadre2024-err-redpajama-46', 'RedPajama, 46-task average', 1.3229, 0.890708, 0.76085],
  ['gadre2024-err-redpajama-17', 'RedPajama, 17-task average', 2.20649, 0.714591, 0.856992],
  ['gadre2024-err-refinedweb-46', 'RefinedWeb, 46-task average', 1.12807, 0.821522, 0.767679],
  ['gadre2024-err-refinedweb-17', 'RefinedWeb, 17-task average', 2.21481, 0.707048, 0.86528],
];

const PRESETS: LawPreset[] = PUBLISHED.map(([id, what, k, gamma, eps]) => ({
  id,
  lawId: 'downstream-error',
  params: { eps, k, gamma },
  source: `Gadre et al. 2024, ${what} (loss on their reference eval set)`,
  status: 'S',
}));

export const downstreamErrorLaw: Law = {
  id: 'downstream-error',
  name: 'Downstream error from loss (Gadre et al. 2024)',
  formula: 'Err = eps - k*exp(-gamma*L)',
  latex: '\\mathrm{Err}(L)=\\epsilon-k\\,e^{-\\gamma L}',
  description:
    'Mean top-1 error over a task suite as a function of loss on a fixed reference set; chain it with a loss ' +
    'law to predict downstream error. Averages over many tasks are predictable; single tasks are noisy.',
  // x is the upstream loss, a column of its own: the loss role is this law's target (the error).
  inputs: ['x'],
  options: [{ name: 'input', kind: 'column', description: 'the column holding the upstream loss (x); the target (loss role) is the downstream error' }],
  params: PARAMS,
  presets: PRESETS,
  defaultObjective: 'mse',
  predict,
  jacobian,
  fit,
};
