// planRun / isoflopCurve through the law registry: RR-11 values, every mode, budgets and warnings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chinchillaOptimum } from '../../src/core/optimal/chinchilla';
import { muennighoffGridSearch } from '../../src/core/optimal/dataConstrained';
import { PF_DAY } from '../../src/core/laws/kaplanCompute';
import { KAPLAN_FRONTIER_PRESET } from '../../src/core/optimal/kaplan';
import { lawModel } from '../../src/core/optimal/lawModel';
import { numericOptimum } from '../../src/core/optimal/numeric';
import { isoflopCurve, planPresetIds, planRun, resolvePlanLaw } from '../../src/core/optimal/plan';
import type { PlanInput } from '../../src/core/optimal/types';
import { UserError } from '../../src/core/types';
import { assertRel } from './optimal-helpers';

const C_GOPHER = 5.76e23;
const plan = (preset: string, rest: Omit<PlanInput, 'law'>) => planRun({ law: resolvePlanLaw(preset), ...rest });
/** Skip reason while a law (owned by the fitting-engine work) is not in the registry yet. */
const codes = (r: { warnings: { code: string }[] }) => r.warnings.map((w) => w.code);

describe('planRun: Chinchilla presets (RR-11)', () => {
  it('hoffmann2022-rounded at 5.76e23', () => {
    const r = plan('hoffmann2022-rounded', { budget: { flops: C_GOPHER }, mode: 'compute-optimal' });
    assert.equal(r.method, 'closed-form');
    assertRel(r.N, 3.21899e10, 1e-4, 'N');
    assertRel(r.D, 2.98231e12, 1e-4, 'D');
    assertRel(r.tokensPerParam, 92.647, 1e-4, 'D/N');
    assertRel(r.loss, 1.93075, 1e-4, 'L');
    assertRel(r.flops, C_GOPHER, 1e-12, 'C');
    assertRel(r.ruleOfThumb.N, Math.sqrt(C_GOPHER / 120), 1e-12, '20 tok/param N');
    assert.equal(r.ruleOfThumb.tokensPerParam, 20);
    assert.ok(r.ruleOfThumb.loss > r.loss, 'the optimum beats the rule of thumb under its own law');
  });

  it('hoffmann2022-unrounded and besiroglu2024', () => {
    const u = plan('hoffmann2022-unrounded', { budget: { flops: C_GOPHER }, mode: 'compute-optimal' });
    assertRel(u.N, 4.03609e10, 1e-4, 'N');
    assertRel(u.loss, 1.91841, 1e-4, 'L');
    const b = plan('besiroglu2024', { budget: { flops: C_GOPHER }, mode: 'compute-optimal' });
    assertRel(b.N, 7.23527e10, 1e-4, 'N');
    assertRel(b.D, 1.32683e12, 1e-4, 'D');
    assertRel(b.loss, 1.97397, 1e-4, 'L');
  });

  it('target loss 2.0 → C = 1.110059e23', () => {
    const r = plan('hoffmann2022-rounded', { mode: 'target-loss', targetLoss: 2.0 });
    assertRel(r.flops, 1.110059e23, 1e-4, 'C');
    assertRel(r.N, 1.53032e10, 1e-4, 'N');
    assertRel(r.D, 1.20896e12, 1e-4, 'D');
    assertRel(r.loss, 2.0, 1e-9, 'L');
  });

  it('inference-aware at the budget optimum loss (tol 1e-3)', () => {
    const base = { budget: { flops: C_GOPHER }, mode: 'inference-aware' as const };
    const zero = plan('hoffmann2022-rounded', { ...base, inferenceTokens: 0 });
    assertRel(zero.N, 3.219e10, 1e-3, 'T = 0 N');
    assert.ok(Math.abs(zero.inference?.savedFraction ?? 1) < 1e-6, 'nothing to save at T = 0');
    const r = plan('hoffmann2022-rounded', { ...base, inferenceTokens: 1e13 });
    assertRel(r.N, 1.742e10, 1e-3, 'N');
    assertRel(r.D, 6.365e12, 1e-3, 'D');
    assertRel(r.inference?.totalFlops ?? 0, 1.013e24, 1e-3, 'total');
    assertRel(r.inference?.targetLoss ?? 0, 1.930748, 1e-6, 'ℓ');
    assertRel(r.loss, 1.930748, 1e-6, 'loss of the smaller model');
    assert.ok((r.inference?.savedFraction ?? 0) > 0);
    assert.ok(codes(r).includes('over-budget'), 'the smaller model trains longer than the budget');
    const explicit = plan('hoffmann2022-rounded', { mode: 'inference-aware', inferenceTokens: 1e12, targetLoss: 1.930748 });
    assertRel(explicit.N, 2.785e10, 1e-3, 'N with explicit target');
    assertRel(explicit.D, 3.471e12, 1e-3, 'D with explicit target');
  });

  it('fixed ratio and extrapolation warnings', () => {
    const r = plan('hoffmann2022-rounded', {
      budget: { flops: C_GOPHER },
      mode: 'fixed-ratio',
      tokensPerParam: 20,
      fittedRange: { N: [7e7, 1.6e10], D: [5e9, 5e11], C: [1e18, 1e24] },
    });
    assertRel(r.N, r.ruleOfThumb.N, 1e-12, 'N');
    assertRel(r.loss, 1.69 + 406.4 / r.N ** 0.34 + 410.7 / r.D ** 0.28, 1e-12, 'L from the law');
    const ext = r.warnings.filter((w) => w.code === 'extrapolation').map((w) => w.message[0]);
    assert.deepEqual(ext, ['N', 'D'], 'N and D above the fitted range, C inside');
  });
});

describe('planRun: budgets and hardware', () => {
  it('GPU-hours, cluster-days, wall-clock and cost', () => {
    const byHours = plan('hoffmann2022-rounded', { budget: { gpuHours: 1e6, gpu: 'h100' }, mode: 'compute-optimal', pricePerGpuHour: 2 });
    assertRel(byHours.flops, 1e6 * 989e12 * 0.4 * 3600, 1e-12, 'C');
    assertRel(byHours.gpuHours ?? 0, 1e6, 1e-12, 'GPU-hours');
    assertRel(byHours.cost ?? 0, 2e6, 1e-12, 'cost');
    assert.equal(byHours.wallClockDays, undefined);
    const byCluster = plan('hoffmann2022-rounded', { budget: { gpus: 2048, days: 30, gpu: 'b200', mfu: 0.35 }, mode: 'compute-optimal' });
    assertRel(byCluster.flops, 2048 * 30 * 24 * 2.25e15 * 0.35 * 3600, 1e-12, 'C');
    assertRel(byCluster.wallClockDays ?? 0, 30, 1e-12, 'days');
    assertRel(byCluster.ruleOfThumb.wallClockDays ?? 0, 30, 1e-12, 'same compute, same days');
    const flopsWithGpu = plan('hoffmann2022-rounded', { budget: { flops: 1e24 }, hardware: { gpu: 'a100', gpus: 4096 }, mode: 'compute-optimal' });
    assertRel(flopsWithGpu.wallClockDays ?? 0, 1e24 / (312e12 * 0.4 * 3600 * 24 * 4096), 1e-12, 'days');
  });

  it('bad input is a UserError, never NaN', () => {
    const law = resolvePlanLaw('hoffmann2022-rounded');
    const bad: PlanInput[] = [
      { law, mode: 'compute-optimal' },
      { law, budget: { flops: -1 }, mode: 'compute-optimal' },
      { law, budget: { flops: Number.NaN }, mode: 'compute-optimal' },
      { law, budget: { gpuHours: 10, gpu: 'v100' }, mode: 'compute-optimal' },
      { law, mode: 'target-loss', targetLoss: 1.6 },
      { law, budget: { flops: 1e23 }, mode: 'fixed-ratio' },
      { law, budget: { flops: 1e23 }, mode: 'inference-aware' },
      { law: { id: 'chinchilla', params: { E: 1.69 } }, budget: { flops: 1e23 }, mode: 'compute-optimal' },
      { law: { id: 'no-such-law', params: {} }, budget: { flops: 1e23 }, mode: 'compute-optimal' },
    ];
    for (const input of bad) assert.throws(() => planRun(input), UserError, JSON.stringify(input));
    assert.throws(() => resolvePlanLaw('no-such-preset'), UserError);
    assert.throws(() => resolvePlanLaw('chinchilla'), /is a law/);
  });
});

describe('planRun: other laws', () => {
  it('kaplan2020 joint form at 1e21 (RR-11)', () => {
    const r = plan('kaplan2020', { budget: { flops: 1e21 }, mode: 'compute-optimal' });
    assertRel(r.N, 6.2312e9, 1e-4, 'N');
    assertRel(r.D, 2.6747e10, 1e-4, 'D');
    assertRel(r.loss, 2.136, 1e-4, 'L');
    assert.ok(codes(r).includes('embedding-count'));
    const target = plan('kaplan2020', { mode: 'target-loss', targetLoss: r.loss });
    assertRel(target.flops, 1e21, 1e-8, 'inverse');
  });

  it('kaplan2020-cmin at 1e21 FLOP → 2.3518, split by the anchored frontier', () => {
    const r = plan('kaplan2020-cmin', { budget: { flops: 1e21 }, mode: 'compute-optimal' });
    assertRel(r.loss, 2.3518, 1e-4, 'L');
    assert.ok(codes(r).includes('kaplan-frontier'));
    assert.throws(() => plan('kaplan2020-cmin', { budget: { flops: 1e21 }, mode: 'inference-aware', inferenceTokens: 1e12 }), UserError);
  });

  it('kaplan2020-frontier: N ∝ C^0.73 from its anchor, loss from kaplan2020-cmin', () => {
    const r = plan(KAPLAN_FRONTIER_PRESET.id, { budget: { flops: 1e21 }, mode: 'compute-optimal' });
    assertRel(r.N, 1.3e9 * (1e21 / PF_DAY) ** 0.73, 1e-12, 'N');
    assertRel(r.loss, 2.3518, 1e-4, 'L');
    const ten = plan(KAPLAN_FRONTIER_PRESET.id, { budget: { flops: 1e22 }, mode: 'compute-optimal' });
    assertRel(ten.N / r.N, 10 ** 0.73, 1e-12, 'N exponent');
    assertRel(ten.D / r.D, 10 ** 0.27, 1e-12, 'D exponent');
    assert.ok(planPresetIds().includes(KAPLAN_FRONTIER_PRESET.id));
  });

  it('over-training preset: constant D/N with a not-advice caveat', () => {
    const r = plan('gadre2024-redpajama', { budget: { flops: 1e22 }, mode: 'compute-optimal' });
    assert.ok(Math.abs(r.tokensPerParam - 7.4) < 0.05, `D/N ${r.tokensPerParam}`);
    assert.ok(codes(r).includes('ratio-not-advice'));
    const numeric = numericOptimum(lawModel(resolvePlanLaw('gadre2024-redpajama'), { flopsPerToken: 6 }).lossAt, 1e22);
    assertRel(r.N, numeric.N, 1e-5, 'closed form vs numeric on the registry law');
  });

  it('precision law at fixed P: the closed form is the numeric optimum of the registry law', () => {
    const law = { id: 'precision', params: { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28, gamma: 2 } };
    const r = planRun({ law, budget: { flops: 1e23 }, mode: 'compute-optimal', precisionBits: 4 });
    assert.equal(r.method, 'closed-form');
    const numeric = numericOptimum(lawModel(law, { flopsPerToken: 6, precisionBits: 4 }).lossAt, 1e23);
    assertRel(r.N, numeric.N, 1e-6, 'N');
    assertRel(r.loss, numeric.loss, 1e-12, 'L');
    assert.throws(() => planRun({ law, budget: { flops: 1e23 }, mode: 'compute-optimal' }), UserError, 'P is required');
  });

  it('Muennighoff data-constrained: README grid search and the full numeric optimum (RR-11)', () => {
    const model = lawModel(resolvePlanLaw('muennighoff2023'), { flopsPerToken: 6, uniqueTokens: 25e9 });
    assertRel(model.lossAt(6.34e9, 242e9), 2.225644089, 1e-9, 'L(6.34e9, 242e9)');
    assertRel(model.lossAt(8.67e9, 178e9), 2.2269634075, 1e-9, 'L(8.67e9, 178e9)');
    const grid = muennighoffGridSearch((N, D) => model.lossAt(N, D), 8.67e9, 178e9, 25e9);
    assertRel(grid.loss, 2.225269, 1e-6, 'L');
    assertRel(grid.D, 2.265e11, 5e-4, 'D');
    assertRel(grid.N, 6.813e9, 5e-4, 'N');
    assertRel(grid.epochs, 9.06, 1e-3, 'epochs');
    const r = plan('muennighoff2023', { budget: { flops: 6 * 8.67e9 * 178e9 }, mode: 'compute-optimal', uniqueTokens: 25e9 });
    assert.equal(r.method, 'numeric');
    assert.ok(r.loss <= grid.loss + 1e-12, 'a full iso-compute search is at least as good as the grid');
    assertRel(r.N, grid.N, 0.01, 'and lands next to it');
  });
});

describe('isoflopCurve', () => {
  it('spans ±1.5 decades around N* at fixed compute, minimum at N*', () => {
    const law = resolvePlanLaw('hoffmann2022-rounded');
    const points = isoflopCurve(law, C_GOPHER, 61);
    assert.equal(points.length, 61);
    const best = points.reduce((a, b) => (b.loss < a.loss ? b : a));
    const opt = chinchillaOptimum({ E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 }, C_GOPHER);
    assertRel(best.N, opt.N, 0.03, 'grid minimum next to N*');
    assertRel(points[0].N, opt.N / 10 ** 1.5, 1e-9, 'left end');
    for (const p of points) assertRel(6 * p.N * p.D, C_GOPHER, 1e-12, 'iso-FLOP');
    assert.throws(() => isoflopCurve(law, 0), UserError);
  });
});
