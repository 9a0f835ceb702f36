import { fitChinchilla } from './chinchillaFit';
import { multiStartFit } from '../solve/multiStart';
import { UserError } from '../types';
import type { Law, LawFitContext, LawFitOutcome } from '../law';
import { chinchilla } from './chinchilla';
import { CHINCHILLA_OPTIONS } from './chinchillaParams';
import { requireInput } from './inputs';
import { chinchillaTermWarnings } from './termWarnings';

/** Outer γ values (bits) for the profile search over (0.1, 16] (laws.md §2.12). */
const GAMMA_GRID = Array.from({ length: 13 }, (_, k) => 0.1 * Math.pow(160, k / 12));

/** 1 − e^(−P/γ): the share of parameters that stay effective at P bits. */
function keep(P: number, gamma: number): number {
  return -Math.expm1(-P / gamma);
}

function fitPrecision(ctx: LawFitContext): LawFitOutcome {
  const constrained = Object.keys(ctx.fixed).length > 0 || Object.keys(ctx.bounds).length > 0;
  if (ctx.start || constrained) return multiStartFit(precision, ctx);
  const N = requireInput(ctx.x, 'N');
  const D = requireInput(ctx.x, 'D');
  const P = requireInput(ctx.x, 'P');
  if (new Set(P).size < 2) {
    throw new UserError('precision needs runs at two or more training precisions (P); this data has one', 'not-identifiable');
  }
  // For fixed γ the law is Chinchilla in N_eff: profile γ with the Chinchilla fitter, then polish all six.
  // The profile moves smoothly with γ, so only the middle γ gets the Chinchilla fitter's global search and
  // its neighbours, outwards, start from the last optimum (one polish each instead of a 256-point grid
  // and four basins: on Epoch × P the chain reached every γ's global optimum to 1e-14); the best γ is then
  // searched globally again, in case the chain followed a basin that is not the best there.
  const at = (gamma: number, start?: Float64Array): LawFitOutcome => {
    const nEff = Float64Array.from(N, (n, i) => n * keep(P[i], gamma));
    return fitChinchilla({ ...ctx, x: { N: nEff, D }, ...(start ? { start } : {}) });
  };
  const middle = GAMMA_GRID.length >> 1;
  const profile: LawFitOutcome[] = [];
  profile[middle] = at(GAMMA_GRID[middle]);
  for (let k = middle + 1; k < GAMMA_GRID.length; k++) profile[k] = at(GAMMA_GRID[k], profile[k - 1].params);
  for (let k = middle - 1; k >= 0; k--) profile[k] = at(GAMMA_GRID[k], profile[k + 1].params);
  const bestAt = profile.reduce((b, o, k) => (o.value < profile[b].value ? k : b), 0);
  const global = bestAt === middle ? profile[middle] : at(GAMMA_GRID[bestAt]);
  const best = { gamma: GAMMA_GRID[bestAt], outcome: global.value < profile[bestAt].value ? global : profile[bestAt] };
  const start = Float64Array.from([...best.outcome.params, best.gamma]);
  const polished = multiStartFit(precision, { ...ctx, start });
  // Each γ of the grid is a whole Chinchilla fit, counted as one grid point: only the final polish of all six is a start.
  return { ...polished, grid: GAMMA_GRID.length };
}

/** L = E + A/N_eff^α + B/D^β with N_eff = N·(1 − e^(−P/γ)) — Kumar et al. 2024 (laws.md §2.12). */
export const precision: Law = {
  id: 'precision',
  name: 'Precision-aware (Kumar et al. 2024)',
  formula: 'L = E + A/Neff^alpha + B/D^beta, Neff = N*(1-exp(-P/gamma))',
  latex: 'L=E+\\frac{A}{N_{\\text{eff}}^{\\alpha}}+\\frac{B}{D^{\\beta}},\\quad N_{\\text{eff}}=N\\left(1-e^{-P/\\gamma}\\right)',
  description:
    'Chinchilla form in an effective parameter count that shrinks at low training precision P (bits); γ sets how ' +
    'fast. Needs runs at two or more precisions. The fuller paper version (weights/activations/KV cache, ' +
    'post-training quantisation) is not included.',
  inputs: ['N', 'D', 'P'],
  options: CHINCHILLA_OPTIONS,
  params: [...chinchilla.params, { name: 'gamma', description: 'precision scale (bits)', lower: 0.1, upper: 16, grid: [0.5, 2, 8], logScale: true }],
  presets: [],
  defaultObjective: 'huber-log',
  predict(p, x, out) {
    const N = requireInput(x, 'N');
    const D = requireInput(x, 'D');
    const P = requireInput(x, 'P');
    for (let i = 0; i < out.length; i++) {
      out[i] = p[0] + p[1] * Math.pow(N[i] * keep(P[i], p[5]), -p[3]) + p[2] * Math.pow(D[i], -p[4]);
    }
  },
  jacobian(p, x, out) {
    const N = requireInput(x, 'N');
    const D = requireInput(x, 'D');
    const P = requireInput(x, 'P');
    const [A, B, alpha, beta, gamma] = [p[1], p[2], p[3], p[4], p[5]];
    for (let i = 0; i < N.length; i++) {
      const k = keep(P[i], gamma);
      const nEff = N[i] * k;
      const u = Math.pow(nEff, -alpha);
      const v = Math.pow(D[i], -beta);
      const o = i * 6;
      out[o] = 1;
      out[o + 1] = u;
      out[o + 2] = v;
      out[o + 3] = -A * u * Math.log(nEff);
      out[o + 4] = -B * v * Math.log(D[i]);
      // ∂k/∂γ = −e^(−P/γ)·P/γ²; ∂(A·N_eff^−α)/∂γ = −α·A·N_eff^−α·(∂k/∂γ)/k.
      const dk = (-Math.exp(-P[i] / gamma) * P[i]) / (gamma * gamma);
      out[o + 5] = (-alpha * A * u * dk) / k;
    }
  },
  fitWarnings: (p, x) => {
    const P = requireInput(x, 'P');
    const nEff = requireInput(x, 'N').map((n, i) => n * keep(P[i], p[5]));
    return chinchillaTermWarnings(p, nEff, requireInput(x, 'D'), 'Neff');
  },
  fit: fitPrecision,
};
