// Closed forms and numeric optimisers of src/core/optimal against reference-results.md RR-11 / RR-07
// and laws.md §2.1–2.7 (expected values come from those documents, re-run independently there).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chinchillaAllocation,
  chinchillaComputeForLoss,
  chinchillaFrontierTokens,
  chinchillaIsoLossTokens,
  chinchillaOptimum,
  type ChinchillaParams,
} from '../../src/core/optimal/chinchilla';
import { inferenceAwareAllocation } from '../../src/core/optimal/inference';
import { kaplanNDOptimum } from '../../src/core/optimal/kaplan';
import { numericComputeForLoss, numericIsoLossTokens, numericOptimum } from '../../src/core/optimal/numeric';
import { fixedRatioAllocation, overTrainingOptimalRatio } from '../../src/core/optimal/ratio';
import { assertRel } from './optimal-helpers';

const ROUNDED: ChinchillaParams = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const UNROUNDED: ChinchillaParams = { E: 1.69337368, A: 406.401018, B: 410.722827, alpha: 0.33917084, beta: 0.2849083 };
const BESIROGLU: ChinchillaParams = { E: 1.81686, A: 482.00572, B: 2085.4342, alpha: 0.34781, beta: 0.36585 };
// RR-07 re-run of kyo-takano's asymmetric fit.
const KYO: ChinchillaParams = { E: 1.70023, A: 184.67, B: 1633.37, alpha: 0.289, beta: 0.35579 };
const C_GOPHER = 5.76e23;

/** An independent copy of the Chinchilla form, so the numeric optimiser is checked against the closed form. */
const chinchillaLoss = (p: ChinchillaParams) => (N: number, D: number) => p.E + p.A / N ** p.alpha + p.B / D ** p.beta;

describe('Chinchilla closed form (RR-11)', () => {
  it('rounded Hoffmann at 5.76e23', () => {
    const k = chinchillaAllocation(ROUNDED);
    assertRel(k.G, 1.34471, 1e-4, 'G');
    assertRel(k.a, 0.451613, 1e-4, 'a');
    assertRel(k.K, 1071.36, 1e-4, 'K');
    assertRel(k.gamma, 0.153548, 1e-4, 'gamma');
    const opt = chinchillaOptimum(ROUNDED, C_GOPHER);
    assertRel(opt.N, 3.21899e10, 1e-4, 'N');
    assertRel(opt.D, 2.98231e12, 1e-4, 'D');
    assertRel(opt.D / opt.N, 92.647, 1e-4, 'D/N');
    assertRel(opt.loss, 1.93075, 1e-4, 'L');
    // laws.md projection-table sanity: N 3.219e10, 92.6 tokens/param.
    assert.equal(opt.N.toPrecision(4), '3.219e+10');
  });

  it('rounded Hoffmann: compute and allocation for target loss 2.0', () => {
    const C = chinchillaComputeForLoss(ROUNDED, 2.0);
    assert.ok(C !== undefined);
    assertRel(C, 1.110059e23, 1e-4, 'C(2.0)');
    const opt = chinchillaOptimum(ROUNDED, C);
    assertRel(opt.N, 1.53032e10, 1e-4, 'N');
    assertRel(opt.D, 1.20896e12, 1e-4, 'D');
    assert.equal(chinchillaComputeForLoss(ROUNDED, 1.69), undefined, 'ℓ ≤ E is unreachable');
  });

  it('unrounded Hoffmann and Besiroglu', () => {
    const u = chinchillaOptimum(UNROUNDED, C_GOPHER);
    assertRel(u.N, 4.03609e10, 1e-4, 'N');
    assertRel(u.D, 2.37854e12, 1e-4, 'D');
    assertRel(u.D / u.N, 58.932, 1e-4, 'D/N');
    assertRel(u.loss, 1.91841, 1e-4, 'L');
    const k = chinchillaAllocation(BESIROGLU);
    assertRel(k.G, 0.119631, 1e-4, 'G');
    assertRel(k.a, 0.512639, 1e-4, 'a');
    const b = chinchillaOptimum(BESIROGLU, C_GOPHER);
    assertRel(b.N, 7.23527e10, 1e-4, 'N');
    assertRel(b.D, 1.32683e12, 1e-4, 'D');
    assertRel(b.D / b.N, 18.338, 1e-4, 'D/N');
    assertRel(b.loss, 1.97397, 1e-4, 'L');
  });

  it('RR-07 kyo-takano fit: allocation at 1e24 → N = 1.605e11, D = 1.039e12 (± 1 %)', () => {
    const opt = chinchillaOptimum(KYO, 1e24);
    assertRel(opt.N, 1.605e11, 0.01, 'N');
    assertRel(opt.D, 1.039e12, 0.01, 'D');
  });

  it('fixed N → D lands on the frontier, and f changes the split as C/f', () => {
    const opt = chinchillaOptimum(ROUNDED, C_GOPHER);
    assertRel(chinchillaFrontierTokens(ROUNDED, opt.N), opt.D, 1e-12, 'D(N*)');
    const eight = chinchillaOptimum(ROUNDED, (8 / 6) * C_GOPHER, 8);
    assertRel(eight.N, opt.N, 1e-12, 'N with f = 8 at 8/6 of C');
    assertRel(eight.loss, opt.loss, 1e-12, 'L with f = 8 at 8/6 of C');
  });
});

describe('numeric optimiser agrees with the closed form', () => {
  for (const [name, p] of [['rounded', ROUNDED], ['unrounded', UNROUNDED], ['besiroglu', BESIROGLU]] as const) {
    it(`${name}: optimum at 1e20, 5.76e23, 1e27 to 1e-6`, () => {
      for (const C of [1e20, C_GOPHER, 1e27]) {
        const closed = chinchillaOptimum(p, C);
        const numeric = numericOptimum(chinchillaLoss(p), C);
        assertRel(numeric.N, closed.N, 1e-6, `N at ${C}`);
        assertRel(numeric.D, closed.D, 1e-6, `D at ${C}`);
        assertRel(numeric.loss, closed.loss, 1e-12, `L at ${C}`);
        assert.equal(numeric.atBound, false);
      }
    });
  }

  it('numeric inverse: compute for ℓ = 2.0 (RR-11 1.110059e23)', () => {
    const C = numericComputeForLoss(chinchillaLoss(ROUNDED), 2.0);
    assert.ok(C !== undefined);
    assertRel(C, 1.110059e23, 1e-4, 'C');
    assertRel(C, chinchillaComputeForLoss(ROUNDED, 2.0) as number, 1e-6, 'C vs closed form');
    assert.equal(numericComputeForLoss(chinchillaLoss(ROUNDED), 1.6), undefined, 'below E');
  });

  it('numeric iso-loss tokens match the closed form', () => {
    for (const N of [1e10, 3e10, 1e11]) {
      const closed = chinchillaIsoLossTokens(ROUNDED, N, 1.930748) as number;
      assertRel(numericIsoLossTokens(chinchillaLoss(ROUNDED), N, 1.930748) as number, closed, 1e-9, `D(${N})`);
    }
    assert.equal(chinchillaIsoLossTokens(ROUNDED, 1e8, 1.930748), undefined, 'too small to reach ℓ');
  });
});

describe('inference-aware allocation (RR-11, tol 1e-3)', () => {
  const target = 1.930748;
  const N0 = chinchillaOptimum(ROUNDED, C_GOPHER).N;
  const closedIso = (N: number) => chinchillaIsoLossTokens(ROUNDED, N, target);
  const numericIso = (N: number) => numericIsoLossTokens(chinchillaLoss(ROUNDED), N, target);
  const cases: Array<[number, number, number?, number?]> = [
    [0, 3.219e10],
    [1e11, 3.163e10, 3.035e12],
    [1e12, 2.785e10, 3.471e12, 6.356e23],
    [1e13, 1.742e10, 6.365e12, 1.013e24],
    [1e14, 9.587e9, 2.082e13, 3.115e24],
  ];
  for (const [T, N, D, total] of cases) {
    it(`T = ${T}`, () => {
      for (const iso of [closedIso, numericIso]) {
        const a = inferenceAwareAllocation(iso, N0, T);
        assertRel(a.N, N, 1e-3, 'N');
        if (D !== undefined) assertRel(a.D, D, 1e-3, 'D');
        if (total !== undefined) assertRel(a.totalFlops, total, 1e-3, 'total');
      }
    });
  }
});

describe('Kaplan joint form and shared-exponent ratio', () => {
  it('kaplan2020 joint optimum at 1e21 (RR-11)', () => {
    const opt = kaplanNDOptimum({ Nc: 6.4e13, Dc: 1.8e13, alphaN: 0.076, alphaD: 0.103 }, 1e21);
    assertRel(opt.N, 6.2312e9, 1e-4, 'N');
    assertRel(opt.D, 2.6747e10, 1e-4, 'D');
  });

  // laws.md prints 5.9 for RefinedWeb; (196.03/125.096)^(1/0.254395) = 5.846, so allow ±0.06 on the printed digit.
  it('Gadre presets: D/N at optimum 3.4 / 7.4 / 5.9 (laws.md §2.7, as printed to one decimal)', () => {
    const presets: Array<[number, number, number, number]> = [
      [113.693, 152.51, 0.242472, 3.4],
      [166.211, 287.17, 0.272851, 7.4],
      [125.096, 196.03, 0.254395, 5.9],
    ];
    for (const [A, B, alpha, ratio] of presets) {
      const value = overTrainingOptimalRatio({ A, B, alpha });
      assert.ok(Math.abs(value - ratio) <= 0.06, `D/N ${value} vs ${ratio}`);
    }
  });

  it('shared-exponent law: the numeric optimum has the closed-form ratio', () => {
    const [E, A, B, alpha] = [1.83665, 166.211, 287.17, 0.272851];
    const loss = (N: number, D: number) => E + A * N ** -alpha + B * D ** -alpha;
    const numeric = numericOptimum(loss, 1e22);
    assertRel(numeric.D / numeric.N, overTrainingOptimalRatio({ A, B, alpha }), 1e-5, 'D/N');
  });

  it('fixed ratio: N = sqrt(C/(6M)), D = M·N', () => {
    const { N, D } = fixedRatioAllocation(5.76e23, 20);
    assertRel(N, Math.sqrt(5.76e23 / 120), 1e-15, 'N');
    assertRel(6 * N * D, 5.76e23, 1e-15, 'C');
  });
});
