import assert from 'node:assert/strict';
import { test } from 'node:test';
import { powerLaw } from '../../src/core/laws/power';
import { assertJacobian, assertRel, runFit } from './laws-helpers';

const x = Float64Array.from({ length: 12 }, (_, i) => 1e6 * 2 ** i);

test('power: jacobian matches finite differences', () => {
  assertJacobian(powerLaw, [37.5, 0.21], { x });
});

test('power: closed-form fit recovers a noise-free law; fixed alpha is honoured', () => {
  const y = x.map((v) => 42 * v ** -0.3);
  const fit = runFit(powerLaw, { x }, y);
  assertRel(fit.A, 42, 1e-9, 'A');
  assertRel(fit.alpha, 0.3, 1e-9, 'alpha');
  const held = runFit(powerLaw, { x }, y, { fixed: { alpha: 0.25 } });
  assert.equal(held.alpha, 0.25);
  // With alpha held, the mse-log optimum of A is the geometric mean of y·x^0.25.
  const logA = x.reduce((s, v, i) => s + Math.log(y[i] * v ** 0.25), 0) / x.length;
  assertRel(held.A, Math.exp(logA), 1e-8, 'A with alpha fixed');
});

test('power: huber-log ignores one outlier that moves the OLS fit', () => {
  const y = x.map((v, i) => 42 * v ** -0.3 * (i === 5 ? 1.5 : 1));
  const ols = runFit(powerLaw, { x }, y);
  const robust = runFit(powerLaw, { x }, y, { objective: 'huber-log' });
  assert.ok(Math.abs(ols.alpha - 0.3) > 1e-3, 'the outlier moves OLS');
  assertRel(robust.alpha, 0.3, 1e-4, 'huber-log alpha');
});

test('power: Kaplan presets give L(N) = (8.8e13/N)^0.076', () => {
  const preset = powerLaw.presets.find((p) => p.id === 'kaplan2020-n');
  assert.ok(preset);
  const n = 1e9;
  assertRel(preset.params.A * n ** -preset.params.alpha, (8.8e13 / n) ** 0.076, 1e-12, 'L(1e9)');
});
