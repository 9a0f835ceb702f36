// H3's laws: analytic Jacobians vs central differences, preset arithmetic (RR-11), synthetic recovery.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getLaw, getPreset } from '../../src/core/laws/registry';
import type { Law } from '../../src/core/law';
import { runLawFit } from '../../src/core/fit/runLawFit';
import type { LawInputs } from '../../src/core/types';

function jacobianError(law: Law, p: number[], x: LawInputs, n: number): number {
  const m = p.length;
  const analytic = new Float64Array(n * m);
  law.jacobian!(p, x, analytic);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  let worst = 0;
  for (let j = 0; j < m; j++) {
    const h = 1e-6 * Math.max(Math.abs(p[j]), 1e-3);
    law.predict(p.map((v, k) => (k === j ? v + h : v)), x, plus);
    law.predict(p.map((v, k) => (k === j ? v - h : v)), x, minus);
    // Relative to the column's largest entry: a derivative that nearly cancels (data-constrained's
    // ∂/∂A where N′ also moves) is compared at the scale of its terms, not at its own tiny size.
    let columnScale = 1e-12;
    for (let i = 0; i < n; i++) columnScale = Math.max(columnScale, Math.abs(analytic[i * m + j]));
    for (let i = 0; i < n; i++) {
      const numeric = (plus[i] - minus[i]) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - analytic[i * m + j]) / columnScale);
    }
  }
  return worst;
}

const N = Float64Array.of(7e7, 4e8, 2e9, 1e10, 6e10);
const D = Float64Array.of(5e9, 3e10, 1e11, 5e11, 2e12);
const cases: Array<[string, number[], LawInputs]> = [
  ['chinchilla', [1.69, 406.4, 410.7, 0.34, 0.28], { N, D }],
  ['kaplan-nd', [6.4e13, 1.8e13, 0.076, 0.103], { N, D }],
  ['kaplan-compute', [2.678e28, 0.05], { C: N.map((n, i) => 6 * n * D[i]) }],
  ['over-training', [1.8, 166, 287, 0.27], { N, M: D.map((d, i) => d / N[i]) }],
  ['precision', [1.8, 400, 2000, 0.35, 0.37, 2.5], { N, D, P: Float64Array.of(4, 8, 16, 3, 6) }],
  // Rows with and without repetition, and with N above and below the compute-optimal size for U.
  [
    'data-constrained',
    [1.8691, 520.82, 1487.72, 0.3526596, 0.3526596, 15.387756, 5.309743],
    { N: Float64Array.of(6.34e9, 8.67e9, 1e8, 5e10, 2e9), D: Float64Array.of(242e9, 178e9, 5e9, 4e11, 1e12), U: Float64Array.of(25e9, 25e9, 1e10, 1e10, 1e12) },
  ],
];

describe('analytic Jacobians match central differences', () => {
  for (const [id, p, x] of cases) {
    it(id, () => {
      const law = getLaw(id)!;
      const err = jacobianError(law, p, x, 5);
      assert.ok(err < 1e-5, `${id}: relative error ${err}`);
    });
  }
});

describe('preset arithmetic (RR-11)', () => {
  const at = (presetId: string, x: LawInputs) => {
    const preset = getPreset(presetId)!;
    const law = getLaw(preset.lawId)!;
    const out = new Float64Array(Object.values(x)[0]!.length);
    law.predict(law.params.map((s) => preset.params[s.name]), x, out);
    return out;
  };
  it('kaplan2020: L(1e9, 1e10) = 2.4197, L(1e8, 1e9) = 2.9567', () => {
    const L = at('kaplan2020', { N: Float64Array.of(1e9, 1e8), D: Float64Array.of(1e10, 1e9) });
    assert.ok(Math.abs(L[0] - 2.4197) < 1e-4 && Math.abs(L[1] - 2.9567) < 1e-4, String(L));
  });
  it('kaplan2020-cmin at 1e21 FLOP: 2.3518', () => {
    assert.ok(Math.abs(at('kaplan2020-cmin', { C: Float64Array.of(1e21) })[0] - 2.3518) < 1e-4);
  });
  it('gadre2024-redpajama: L(1e9, M = 20) = 2.862863', () => {
    assert.ok(Math.abs(at('gadre2024-redpajama', { N: Float64Array.of(1e9), M: Float64Array.of(20) })[0] - 2.862863) < 1e-6);
  });
  it('muennighoff2023: L(6.34e9, 242e9, 25e9) = 2.2256440890, L(8.67e9, 178e9, 25e9) = 2.2269634075', () => {
    const L = at('muennighoff2023', { N: Float64Array.of(6.34e9, 8.67e9), D: Float64Array.of(242e9, 178e9), U: Float64Array.of(25e9, 25e9) });
    assert.ok(Math.abs(L[0] - 2.225644089) < 1e-9 && Math.abs(L[1] - 2.2269634075) < 1e-9, String(L));
  });
});

describe('synthetic recovery through the generic multi-start', () => {
  const grid = (f: (n: number, d: number) => number) => {
    const Ns: number[] = [];
    const Ds: number[] = [];
    for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) {
      Ns.push(1e7 * 10 ** (a * 0.6));
      Ds.push(1e9 * 10 ** (b * 0.5));
    }
    const Nv = Float64Array.from(Ns);
    const Dv = Float64Array.from(Ds);
    return { N: Nv, D: Dv, y: Nv.map((n, i) => f(n, Dv[i])) };
  };
  const recover = (id: string, truth: number[], x: LawInputs, y: Float64Array, options = {}) => {
    const law = getLaw(id)!;
    const outcome = runLawFit(law, { x, y, objective: law.defaultObjective, delta: 1e-3, fixed: {}, bounds: {}, init: {}, options });
    truth.forEach((v, j) => assert.ok(Math.abs(outcome.params[j] / v - 1) < 1e-5, `${id} param ${j}: ${outcome.params[j]} vs ${v}`));
  };
  it('kaplan-nd', () => {
    const truth = [6.4e13, 1.8e13, 0.076, 0.103];
    const { N: Nv, D: Dv, y } = grid((n, d) => ((truth[0] / n) ** (truth[2] / truth[3]) + truth[1] / d) ** truth[3]);
    recover('kaplan-nd', truth, { N: Nv, D: Dv }, y);
  });
  it('over-training', () => {
    const truth = [1.8, 166, 287, 0.27];
    const { N: Nv, D: Dv, y } = grid((n, d) => truth[0] + truth[1] * n ** -truth[3] + truth[2] * d ** -truth[3]);
    recover('over-training', truth, { N: Nv, M: Dv.map((d, i) => d / Nv[i]) }, y);
  });
  it('precision (γ profiled, then all six polished)', () => {
    const truth = [1.8, 400, 2000, 0.35, 0.37, 2.5];
    const bits = [3, 4, 6, 8, 16, 32];
    const { N: Nv, D: Dv } = grid(() => 0);
    const P = Nv.map((_, i) => bits[i % 6]);
    const y = Nv.map((n, i) => truth[0] + truth[1] * (n * -Math.expm1(-P[i] / truth[5])) ** -truth[3] + truth[2] * Dv[i] ** -truth[4]);
    recover('precision', truth, { N: Nv, D: Dv, P }, y);
  });
});
