import type { Law, LawFitContext, LawFitOutcome } from '../law';
import { DISAGREE_TOL, GOOD_START_REL, multiStartFit } from '../solve/multiStart';
import { objectiveValue } from '../solve/objectives';
import { clampToBox, paramBox } from '../solve/paramBox';
import { requireInput } from './inputs';

const LN_SCALES = [1e10, 1e12, 1e14, 1e16];

/**
 * Global stage of the fit: with ρ = α_N/α_D, L^(1/α_D) = a·N^(−ρ) + D_c/D is linear in a = N_c^ρ and D_c, so
 * a grid over (α_D, ρ) with those two solved exactly (non-negative least squares on relative residuals,
 * which approximate the log objective) maps the landscape; the best grid points are polished on all four
 * parameters. It replaces 256 four-dimensional multi-start polishes (1.6 s on Epoch-240) and reaches the
 * same optimum. Exponents past α_D = 1/60 are left to the polish: L^60 overflows nothing, L^1000 would.
 */
const ALPHA_D_SCAN = [0.02, 0.03, 0.05, 0.07, 0.1, 0.13, 0.17, 0.22, 0.3, 0.4, 0.55, 0.75, 1];
const RATIO_SCAN = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1, 1.25, 1.6, 2, 3, 5, 10];
const POLISHED = 4;

/** min Σ wᵢ(a·uᵢ + c·vᵢ − tᵢ)² over a, c ≥ 0; [a, c]. */
function nnls2(u: Float64Array, v: Float64Array, t: Float64Array, w: Float64Array): [number, number] {
  let uu = 0, uv = 0, vv = 0, ut = 0, vt = 0;
  for (let i = 0; i < t.length; i++) {
    uu += w[i] * u[i] * u[i];
    uv += w[i] * u[i] * v[i];
    vv += w[i] * v[i] * v[i];
    ut += w[i] * u[i] * t[i];
    vt += w[i] * v[i] * t[i];
  }
  const det = uu * vv - uv * uv;
  const a = (ut * vv - vt * uv) / det;
  const c = (vt * uu - ut * uv) / det;
  if (a >= 0 && c >= 0 && Number.isFinite(a) && Number.isFinite(c)) return [a, c];
  // One coefficient at zero: the better of the two one-column fits.
  const onlyA = Math.max(ut / uu, 0);
  const onlyC = Math.max(vt / vv, 0);
  const loss = (x: number, y: number) => x * x * uu + 2 * x * y * uv + y * y * vv - 2 * (x * ut + y * vt);
  return loss(onlyA, 0) <= loss(0, onlyC) ? [onlyA, 0] : [0, onlyC];
}

function fit(ctx: LawFitContext): LawFitOutcome {
  // A warm start (a bootstrap replicate from the full-data fit) is one local solve, as for every law.
  if (ctx.start || Object.keys(ctx.fixed).length > 0 || Object.keys(ctx.bounds).length > 0) return multiStartFit(kaplanNd, ctx);
  const N = requireInput(ctx.x, 'N');
  const D = requireInput(ctx.x, 'D');
  const n = ctx.y.length;
  const box = paramBox(kaplanNd.params, ctx.bounds);
  const v = Float64Array.from(D, (d) => 1 / d);
  const uByRatio = RATIO_SCAN.map((rho) => Float64Array.from(N, (x) => Math.pow(x, -rho)));
  const t = new Float64Array(n);
  const w = new Float64Array(n);
  const yHat = new Float64Array(n);
  const points: Array<{ p: Float64Array; value: number }> = [];
  for (const alphaD of ALPHA_D_SCAN) {
    for (let i = 0; i < n; i++) {
      t[i] = Math.pow(ctx.y[i], 1 / alphaD);
      w[i] = 1 / (t[i] * t[i]);
    }
    RATIO_SCAN.forEach((rho, k) => {
      const [a, c] = nnls2(uByRatio[k], v, t, w);
      const p = clampToBox(Float64Array.of(Math.pow(a, 1 / rho), c, rho * alphaD, alphaD), box);
      kaplanNd.predict(p, ctx.x, yHat);
      points.push({ p, value: objectiveValue(ctx.objective, yHat, ctx.y, ctx.delta) });
    });
  }
  const starts = points
    .filter((point) => Number.isFinite(point.value))
    .sort((a, b) => a.value - b.value)
    .slice(0, POLISHED)
    .map((point) => point.p);
  const init = kaplanNd.params.map((spec) => ctx.init[spec.name]);
  if (init.every((value) => value !== undefined)) starts.push(Float64Array.from(init));
  const ends = starts.map((start) => multiStartFit(kaplanNd, { ...ctx, start }));
  const best = ends.reduce<LawFitOutcome | undefined>((b, end) => (!b || end.value < b.value ? end : b), undefined);
  if (!best) return multiStartFit(kaplanNd, ctx);
  // Good ends at materially different parameters: a flat optimum (multiStart's rule, on the parameters themselves).
  const good = ends.filter((end) => end.converged > 0 && end.value <= best.value * (1 + GOOD_START_REL));
  const disagree = good.some((end) => end.params.some((value, j) => Math.abs(value - best.params[j]) > DISAGREE_TOL * Math.abs(best.params[j])));
  const converged = ends.filter((end) => end.converged > 0).length;
  return { ...best, grid: points.length, tried: ends.length, converged, disagree };
}

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
  fit,
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
