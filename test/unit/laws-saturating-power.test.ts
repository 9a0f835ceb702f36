import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lawParams } from '../../src/core/law';
import { saturatingPowerLaw } from '../../src/core/laws/saturatingPower';
import { assertJacobian, assertRel, predictWith, runFit } from './laws-helpers';

const x = Float64Array.from({ length: 15 }, (_, i) => 1e7 * 1.8 ** i);

test('saturating-power: jacobian with and without offset', () => {
  assertJacobian(saturatingPowerLaw, [1.8, 400, 0.33], { x });
  assertJacobian(saturatingPowerLaw, [0.09, 0.26, 0.35, 0.01], { x: Float64Array.from([0.05, 0.3, 2, 10, 80]) });
});

test('saturating-power: VarPro recovers a noise-free law on every objective', () => {
  const y = predictWith(saturatingPowerLaw, [1.8, 400, 0.33], { x });
  for (const objective of ['huber-log', 'mse', 'mse-log', 'huber'] as const) {
    const fit = runFit(saturatingPowerLaw, { x }, y, { objective });
    assertRel(fit.E, 1.8, 1e-6, `${objective} E`);
    assertRel(fit.A, 400, 1e-5, `${objective} A`);
    assertRel(fit.alpha, 0.33, 1e-6, `${objective} alpha`);
  }
});

test('saturating-power: E stays below min(y) and fixed parameters hold', () => {
  const y = predictWith(saturatingPowerLaw, [1.8, 400, 0.33], { x });
  const fit = runFit(saturatingPowerLaw, { x }, y, { fixed: { E: 1.5 } });
  assert.equal(fit.E, 1.5);
  assert.ok(fit.alpha < 0.33, 'a lower floor is compensated by a flatter exponent');
});

test('saturating-power with offset: recovers x0 and reproduces the zhai2022-vit preset', () => {
  const preset = saturatingPowerLaw.presets[0];
  const names = lawParams(saturatingPowerLaw, preset.options).map((p) => p.name);
  assert.deepEqual(names, ['E', 'A', 'alpha', 'x0']);
  const c = Float64Array.from({ length: 14 }, (_, i) => 0.02 * 2 ** i);
  const truth = names.map((n) => preset.params[n]);
  const y = predictWith(saturatingPowerLaw, truth, { x: c });
  // 0.09 + 0.26/(C + 0.01)^0.35 at C = 1 core-day.
  assertRel(predictWith(saturatingPowerLaw, truth, { x: Float64Array.of(1) })[0], 0.09 + 0.26 / 1.01 ** 0.35, 1e-12, 'y(1)');
  const fit = runFit(saturatingPowerLaw, { x: c }, y, { options: { offset: true } });
  names.forEach((n, j) => assertRel(fit[n], truth[j], 1e-4, n));
});
