import type { Law } from '../law';
import { requireInput } from './inputs';

const LN_SCALES = [1e10, 1e12, 1e14, 1e16];

/**
 * L = ((N_c/N)^(α_N/α_D) + D_c/D)^α_D — Kaplan et al. 2020, Eq. 1.5 (laws.md §2.2). N is
 * non-embedding parameters; no irreducible term. Evaluated as exp(α_D·LSE(…)) for stability.
 */
export const kaplanNd: Law = {
  id: 'kaplan-nd',
  name: 'Kaplan joint L(N, D) (Kaplan et al. 2020)',
  formula: 'L = ((Nc/N)^(alphaN/alphaD) + Dc/D)^alphaD',
  latex: 'L(N,D)=\\left[\\left(\\frac{N_c}{N}\\right)^{\\alpha_N/\\alpha_D}+\\frac{D_c}{D}\\right]^{\\alpha_D}',
  description:
    'Kaplan et al. (2020) joint law in non-embedding parameters N and tokens D, with no irreducible loss ' +
    '(one cause of the Kaplan/Chinchilla disagreement). Fitted on log loss.',
  inputs: ['N', 'D'],
  params: [
    { name: 'Nc', description: 'model-size scale', lower: 1e8, upper: 1e18, grid: LN_SCALES, logScale: true },
    { name: 'Dc', description: 'data scale', lower: 1e8, upper: 1e18, grid: LN_SCALES, logScale: true },
    { name: 'alphaN', description: 'model-size exponent', lower: 1e-3, upper: 1, grid: [0.05, 0.08, 0.12, 0.2] },
    { name: 'alphaD', description: 'data exponent', lower: 1e-3, upper: 1, grid: [0.05, 0.1, 0.2, 0.3] },
  ],
  presets: [
    {
      id: 'kaplan2020',
      lawId: 'kaplan-nd',
      params: { Nc: 6.4e13, Dc: 1.8e13, alphaN: 0.076, alphaD: 0.103 },
      source: 'Kaplan et al. 2020, Eq. 1.5 (as quoted in our research notes)',
      status: 'U',
      note: 'Unverified: check the paper before relying on it. L(1e9, 1e10) = 2.4197.',
    },
  ],
  defaultObjective: 'mse-log',
  predict(p, x, out) {
    const N = requireInput(x, 'N');
    const D = requireInput(x, 'D');
    const lnNc = Math.log(p[0]);
    const lnDc = Math.log(p[1]);
    const ratio = p[2] / p[3];
    for (let i = 0; i < out.length; i++) {
      const z1 = ratio * (lnNc - Math.log(N[i]));
      const z2 = lnDc - Math.log(D[i]);
      const m = Math.max(z1, z2);
      out[i] = Math.exp(p[3] * (m + Math.log(Math.exp(z1 - m) + Math.exp(z2 - m))));
    }
  },
  jacobian(p, x, out) {
    const N = requireInput(x, 'N');
    const D = requireInput(x, 'D');
    const [Nc, Dc, aN, aD] = [p[0], p[1], p[2], p[3]];
    const ratio = aN / aD;
    for (let i = 0; i < N.length; i++) {
      const gap = Math.log(Nc) - Math.log(N[i]);
      const z1 = ratio * gap;
      const z2 = Math.log(Dc) - Math.log(D[i]);
      const m = Math.max(z1, z2);
      const e1 = Math.exp(z1 - m);
      const e2 = Math.exp(z2 - m);
      const lse = m + Math.log(e1 + e2);
      const s1 = e1 / (e1 + e2);
      const s2 = e2 / (e1 + e2);
      const L = Math.exp(aD * lse);
      const o = i * 4;
      out[o] = (L * s1 * aN) / Nc;
      out[o + 1] = (L * aD * s2) / Dc;
      out[o + 2] = L * s1 * gap;
      out[o + 3] = L * (lse - s1 * z1);
    }
  },
};
