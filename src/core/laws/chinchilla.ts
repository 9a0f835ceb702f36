import { fitChinchilla } from './chinchillaFit';
import { multiStartFit } from '../solve/multiStart';
import type { LawInputs } from '../types';
import type { Law, LawFitContext, LawFitOutcome } from '../law';
import { requireInput } from './inputs';
import { CHINCHILLA_OPTIONS, CHINCHILLA_PARAMS } from './chinchillaParams';
import { chinchillaTermWarnings } from './termWarnings';

/** L = E + A/N^α + B/D^β — Hoffmann et al. 2022, Approach 3 (laws.md §2.1). Params: E, A, B, alpha, beta. */
export const chinchilla: Law = {
  id: 'chinchilla',
  name: 'Chinchilla (Hoffmann et al. 2022)',
  formula: 'L = E + A/N^alpha + B/D^beta',
  latex: 'L(N,D)=E+\\frac{A}{N^{\\alpha}}+\\frac{B}{D^{\\beta}}',
  description:
    'Irreducible loss E plus a finite-model penalty A/N^α and a finite-data penalty B/D^β. Fitted in log space ' +
    '(log-sum-exp form) with Huber δ = 1e-3 by default; global search by variable projection over (α, β).',
  inputs: ['N', 'D'],
  params: CHINCHILLA_PARAMS,
  options: CHINCHILLA_OPTIONS,
  presets: [
    {
      id: 'hoffmann2022-rounded',
      lawId: 'chinchilla',
      params: { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 },
      source: 'Hoffmann et al. 2022 (paper, rounded)',
      status: 'S',
      note: 'At C = 5.76e23: N = 3.219e10, D = 2.982e12, L = 1.9307.',
    },
    {
      id: 'hoffmann2022-unrounded',
      lawId: 'chinchilla',
      params: { E: 1.69337368, A: 406.401018, B: 410.722827, alpha: 0.33917084, beta: 0.2849083 },
      source: 'Hoffmann et al. 2022, unrounded as used by Epoch AI / kyo-takano',
      status: 'S',
    },
    {
      id: 'besiroglu2024',
      lawId: 'chinchilla',
      params: { E: 1.81686, A: 482.00572, B: 2085.4342, alpha: 0.34781, beta: 0.36585 },
      source: 'Besiroglu et al. 2024 (Epoch AI replication, Huber-MLE)',
      status: 'R',
      note: 'Bootstrap SEs: E 0.02566, A 124.52, B 1293.28, α 0.01540, β 0.02060.',
    },
    {
      id: 'besiroglu2024-rounded',
      lawId: 'chinchilla',
      params: { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 },
      source: 'Besiroglu et al. 2024 as quoted in secondary sources',
      status: 'S',
    },
    {
      id: 'epoch2024-grid',
      lawId: 'chinchilla',
      params: { E: 1.81722, A: 477.83, B: 2143.42, alpha: 0.34731, beta: 0.36717 },
      source: 'Hoffmann grid + sum-Huber refit of the Epoch AI data (reference-results RR-01)',
      status: 'R',
    },
  ],
  defaultObjective: 'huber-log',
  predict(p, x, out) {
    const N = requireInput(x, 'N');
    const D = requireInput(x, 'D');
    const [E, A, B, alpha, beta] = [p[0], p[1], p[2], p[3], p[4]];
    for (let i = 0; i < out.length; i++) out[i] = E + A * Math.pow(N[i], -alpha) + B * Math.pow(D[i], -beta);
  },
  jacobian(p, x: LawInputs, out) {
    const N = requireInput(x, 'N');
    const D = requireInput(x, 'D');
    const [A, B, alpha, beta] = [p[1], p[2], p[3], p[4]];
    for (let i = 0; i < N.length; i++) {
      const u = Math.pow(N[i], -alpha);
      const v = Math.pow(D[i], -beta);
      const o = i * 5;
      out[o] = 1;
      out[o + 1] = u;
      out[o + 2] = v;
      out[o + 3] = -A * u * Math.log(N[i]);
      out[o + 4] = -B * v * Math.log(D[i]);
    }
  },
  fitWarnings: (p, x) => chinchillaTermWarnings(p, requireInput(x, 'N'), requireInput(x, 'D')),
  fit: fitChinchillaLaw,
};

/**
 * Variable projection needs all five parameters free and a supported objective; fixed parameters,
 * bounds or other objectives start one local refinement from the unconstrained optimum instead.
 */
function fitChinchillaLaw(ctx: LawFitContext): LawFitOutcome {
  const constrained = Object.keys(ctx.fixed).length > 0 || Object.keys(ctx.bounds).length > 0;
  if (ctx.objective === 'mse-log1p') return multiStartFit(chinchilla, ctx);
  if (!constrained || ctx.start) return constrained ? multiStartFit(chinchilla, ctx) : fitChinchilla(ctx);
  const free = fitChinchilla(ctx);
  const start = chinchilla.params.map((spec, j) => ctx.fixed[spec.name] ?? free.params[j]);
  const outcome = multiStartFit(chinchilla, { ...ctx, start: Float64Array.from(start) });
  // The constrained polish is one more start after the free fit's.
  return { ...outcome, grid: free.grid, tried: free.tried + outcome.tried, converged: free.converged + outcome.converged };
}
