import assert from 'node:assert/strict';
import { test } from 'node:test';
import { approach2 } from '../../src/core/solve/isoflop';

// RR-09 (Approach-2 part): noise-free Chinchilla IsoFLOP grids; the parabola vertex is biased by
// the grid's width and centring even though every loss is exact.
const [E, A, B, ALPHA, BETA] = [1.69, 406.4, 410.7, 0.34, 0.28];
const TRUE_A = BETA / (ALPHA + BETA);
const G = ((ALPHA * A) / (BETA * B)) ** (1 / (ALPHA + BETA));
const nOpt = (c: number) => G * (c / 6) ** TRUE_A;
const loss = (n: number, d: number) => E + A / n ** ALPHA + B / d ** BETA;
const BUDGETS = Array.from({ length: 8 }, (_, k) => 10 ** (17 + (5 * k) / 7));

function linspace(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

/** 16 runs per budget at N = centre(C)·10^u, u evenly spaced in [lo, hi]. */
function sweep(centre: (c: number) => number, lo: number, hi: number) {
  return BUDGETS.flatMap((c) =>
    linspace(lo, hi, 16).map((u) => {
      const n = centre(c) * 10 ** u;
      return { budget: c, n, loss: loss(n, c / (6 * n)) };
    }),
  );
}

test('RR-09 grids offset from the optimum: exact exponent, N* biased by a constant factor', () => {
  for (const [lo, hi, ratio] of [
    [-0.5, 0.5, 1.009],
    [-1, 1, 1.036],
    [-1.5, 1.5, 1.084],
    [-0.5, 1.5, 1.025],
    [-1.5, 0.5, 0.968],
  ]) {
    const fit = approach2(sweep(nOpt, lo, hi));
    assert.equal(fit.budgets.filter((b) => b.nStar).length, 8);
    assert.ok(Math.abs(fit.a - TRUE_A) <= 1e-4, `[${lo}, ${hi}] a = ${fit.a}`);
    for (const b of fit.budgets) {
      const r = (b.nStar as number) / nOpt(b.budget);
      assert.ok(Math.abs(r - ratio) <= 1e-3, `[${lo}, ${hi}] N*/N_opt = ${r}, expected ${ratio}`);
    }
  }
});

test('RR-09 grids centred on 20 tokens/param shift the exponent', () => {
  for (const [half, a] of [
    [0.5, 0.451],
    [1, 0.4505],
    [1.5, 0.4495],
  ]) {
    const fit = approach2(sweep((c) => Math.sqrt(c / 120), -half, half));
    assert.ok(Math.abs(fit.a - a) <= 2e-4, `±${half} decades: a = ${fit.a}, expected ${a}`);
    assert.ok(fit.a < TRUE_A, 'biased low');
  }
});
