// huber-mle building blocks: the Huber density's normaliser and the profiled scale (laws.md §4).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { huberLogNormaliser, huberMleProfile } from '../../src/core/solve/huberMle';
import { huber } from '../../src/core/solve/objectives';
import { seededRandom } from '../../src/core/solve/random';

/** ∫ exp(−h_δ(u)) du by Simpson's rule on [−L, L] plus the exact exponential tails beyond L > δ. */
function integratedNormaliser(delta: number): number {
  const L = Math.max(40, 60 / delta);
  const steps = 2_000_000;
  const h = (2 * L) / steps;
  let sum = 0;
  for (let k = 0; k <= steps; k++) {
    const weight = k === 0 || k === steps ? 1 : k % 2 ? 4 : 2;
    sum += weight * Math.exp(-huber(-L + k * h, delta));
  }
  const tail = Math.exp(-huber(L, delta)) / delta;
  return (sum * h) / 3 + 2 * tail;
}

/** NLL(r, s) straight from the definition. */
function nll(r: number[], delta: number, s: number): number {
  return r.reduce((total, ri) => total + huber(ri * Math.exp(-s), delta), 0) + r.length * (s + huberLogNormaliser(delta));
}

describe('huber-mle normaliser and scale profile', () => {
  it('ln Z matches numerical integration of exp(−h_δ) and tends to the Gaussian ln √(2π)', () => {
    for (const delta of [1e-3, 0.1, 1, 1.345, 3, 5]) {
      const expected = Math.log(integratedNormaliser(delta));
      assert.ok(Math.abs(huberLogNormaliser(delta) - expected) < 1e-7, `δ = ${delta}: ${huberLogNormaliser(delta)} vs ${expected}`);
    }
    assert.ok(Math.abs(huberLogNormaliser(40) - 0.5 * Math.log(2 * Math.PI)) < 1e-12);
  });

  it('the profiled s minimises the NLL over s (residuals inside, outside and straddling δσ)', () => {
    const random = seededRandom(5);
    for (const [delta, spread] of [
      [1e-3, 0.01],
      [1.345, 0.5],
      [20, 2],
    ]) {
      const r = Array.from({ length: 60 }, () => (random() - 0.5) * spread);
      const { s, nll: value } = huberMleProfile(r, delta);
      assert.ok(Math.abs(value - nll(r, delta, s)) < 1e-9 * Math.abs(value));
      for (const ds of [-1e-3, 1e-3, -0.1, 0.1]) assert.ok(nll(r, delta, s + ds) > value, `δ = ${delta}, s ${s} + ${ds}`);
    }
  });

  it('with σ ≪ δ, σ = δ·mean|r| (the least-absolute-deviation limit)', () => {
    const r = [0.004, -0.002, 0.007, -0.01, 0.001];
    const meanAbs = r.reduce((a, v) => a + Math.abs(v), 0) / r.length;
    assert.ok(Math.abs(huberMleProfile(r, 1e-3).s - Math.log(1e-3 * meanAbs)) < 1e-12);
  });

  it('a perfect fit has a finite (very negative) NLL, never NaN', () => {
    const { s, nll: value } = huberMleProfile([0, 0, 0], 1e-3);
    assert.ok(Number.isFinite(s) && Number.isFinite(value) && value < -1000);
  });
});
