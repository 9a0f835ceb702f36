import type { Law } from '../law';
import { requireInput } from './inputs';

/** 1 PF-day in FLOP (Kaplan et al. quote compute in PF-days). */
export const PF_DAY = 8.64e19;

/** L = (C_c/C)^α_C — Kaplan et al. 2020 (laws.md §2.3); C in FLOPs. Log-log linear. */
export const kaplanCompute: Law = {
  id: 'kaplan-compute',
  name: 'Kaplan L(C) (Kaplan et al. 2020)',
  formula: 'L = (Cc/C)^alphaC',
  latex: 'L(C)=\\left(\\frac{C_c}{C}\\right)^{\\alpha_C}',
  description: 'Loss as a pure power of training compute C (FLOPs), without an irreducible term; a straight line in log-log.',
  inputs: ['C'],
  params: [
    { name: 'Cc', description: 'compute scale (FLOP)', lower: 1e10, upper: 1e40, grid: [1e20, 1e24, 1e28, 1e32], logScale: true },
    { name: 'alphaC', description: 'compute exponent', lower: 1e-4, upper: 1, grid: [0.02, 0.05, 0.1, 0.2] },
  ],
  presets: [
    {
      id: 'kaplan2020-cmin',
      lawId: 'kaplan-compute',
      params: { Cc: 3.1e8 * PF_DAY, alphaC: 0.05 },
      source: 'Kaplan et al. 2020, compute-efficient frontier with adjusted batch (C_c = 3.1e8 PF-days)',
      status: 'U',
      note: 'Unverified. At C = 1e21 FLOP: L = 2.3518.',
    },
    {
      id: 'kaplan2020-c',
      lawId: 'kaplan-compute',
      params: { Cc: 1.6e7 * PF_DAY, alphaC: 0.057 },
      source: 'Kaplan et al. 2020, fixed batch size (C_c = 1.6e7 PF-days)',
      status: 'U',
      note: 'Unverified.',
    },
  ],
  defaultObjective: 'mse-log',
  predict(p, x, out) {
    const C = requireInput(x, 'C');
    const lnCc = Math.log(p[0]);
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(p[1] * (lnCc - Math.log(C[i])));
  },
  jacobian(p, x, out) {
    const C = requireInput(x, 'C');
    const lnCc = Math.log(p[0]);
    for (let i = 0; i < C.length; i++) {
      const gap = lnCc - Math.log(C[i]);
      const L = Math.exp(p[1] * gap);
      out[i * 2] = (L * p[1]) / p[0];
      out[i * 2 + 1] = L * gap;
    }
  },
};
