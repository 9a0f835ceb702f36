import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annealingAreas, lrAnnealingLaw, lrPerStep } from '../../src/core/laws/lrAnnealing';
import { assertJacobian, assertRel, predictWith, runFit } from './laws-helpers';

// RR-12: WSD-linear and cosine schedules, 2,000 steps.
const wsd = Float64Array.from({ length: 2000 }, (_, k) => {
  const i = k + 1;
  return i <= 1000 ? 3e-4 : 3e-4 - (2.7e-4 * (i - 1000)) / 1000;
});
const cosine = Float64Array.from({ length: 2000 }, (_, k) => 3e-5 + 1.35e-4 * (1 + Math.cos((Math.PI * k) / 1999)));
const at = (v: Float64Array, step: number) => v[step - 1];

test('RR-12 S1/S2 table', () => {
  for (const [lambda, s2] of [
    [0.999, [0, 0.02882859, 0.09944849]],
    [0.99, [0, 0.01084456, 0.02432712]],
  ] as const) {
    const a = annealingAreas(wsd, lambda);
    [0.3, 0.416183, 0.464865].forEach((v, i) => assert.ok(Math.abs(at(a.s1, [1000, 1500, 2000][i]) - v) <= 1e-6, `S1 ${i}`));
    s2.forEach((v, i) => assert.ok(Math.abs(at(a.s2, [1000, 1500, 2000][i]) - v) <= 1e-8, `λ ${lambda} S2 ${i}: ${at(a.s2, [1000, 1500, 2000][i])} vs ${v}`));
  }
  const c = annealingAreas(cosine, 0.999);
  assert.ok(Math.abs(at(c.s1, 2000) - 0.33) <= 1e-8);
  assert.ok(Math.abs(at(c.s2, 2000) - 0.1609875) <= 1e-8, `cos S2 ${at(c.s2, 2000)}`);
});

test('annealing area starts at the LR peak unless warm-up is included', () => {
  const warm = Float64Array.from({ length: 300 }, (_, k) => (k < 100 ? (k + 1) * 1e-6 : 1e-4 - (k - 99) * 2e-7));
  const peakOnly = annealingAreas(warm);
  const withWarmup = annealingAreas(warm, 0.999, { includeWarmup: true });
  assert.equal(at(peakOnly.s2, 100), 0);
  assert.ok(at(withWarmup.s2, 100) < 0, 'rising LR subtracts when warm-up is included');
  assert.ok(at(peakOnly.s2, 300) > at(withWarmup.s2, 300));
});

test('lrPerStep interpolates sparse logs onto every step', () => {
  const lr = lrPerStep([10, 20, 40], [1, 2, 0]);
  assert.equal(lr.length, 40);
  assert.deepEqual([lr[0], lr[9], lr[14], lr[19], lr[29], lr[39]], [1, 1, 1.5, 2, 1, 0]);
});

const TRUE = [2.5, 0.3, 0.5, 2.0, 0.999];

test('lr-annealing jacobian (including λ) matches finite differences', () => {
  const steps = Float64Array.from({ length: 40 }, (_, i) => 50 * (i + 1));
  assertJacobian(lrAnnealingLaw, TRUE, { step: steps, lr: Float64Array.from(steps, (s) => at(wsd, s)) }, 1e-5);
});

test('RR-12 recovery from a sparsely logged WSD curve predicts the cosine run', () => {
  const wsdLog = { step: new Float64Array(wsd.length), lr: wsd };
  wsdLog.step.forEach((_, i) => (wsdLog.step[i] = i + 1));
  const curve = predictWith(lrAnnealingLaw, TRUE, wsdLog);
  assertRel(at(curve, 1000), 3.047723, 1e-6, 'L_WSD(1000)');
  assertRel(at(curve, 2000), 2.741108, 1e-6, 'L_WSD(2000)');
  const steps = Float64Array.from({ length: 190 }, (_, i) => 100 + 10 * i);
  const x = { step: steps, lr: Float64Array.from(steps, (s) => at(wsd, s)) };
  const fit = runFit(lrAnnealingLaw, x, Float64Array.from(steps, (s) => at(curve, s)));
  (['L0', 'A', 'alpha', 'C'] as const).forEach((name, j) => assertRel(fit[name], TRUE[j], 1e-6, name));
  assert.equal(fit.lambda, 0.999);
  const cosLog = { step: Float64Array.from(cosine, (_, i) => i + 1), lr: cosine };
  const predicted = predictWith(lrAnnealingLaw, [fit.L0, fit.A, fit.alpha, fit.C, fit.lambda], cosLog);
  assertRel(at(predicted, 2000), 2.700258, 1e-6, 'L_cos(2000)');
});
