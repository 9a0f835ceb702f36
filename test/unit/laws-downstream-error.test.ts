import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downstreamErrorLaw } from '../../src/core/laws/downstreamError';
import { assertJacobian, assertRel, predictWith, runFit } from './laws-helpers';

const loss = Float64Array.from({ length: 12 }, (_, i) => 2.2 + 0.25 * i);

test('downstream-error: jacobian', () => {
  assertJacobian(downstreamErrorLaw, [0.76, 1.29, 0.97], { x: loss });
});

test('downstream-error: 1-D search over γ recovers every published preset', () => {
  assert.equal(downstreamErrorLaw.presets.length, 6);
  for (const preset of downstreamErrorLaw.presets) {
    const truth = [preset.params.eps, preset.params.k, preset.params.gamma];
    const y = predictWith(downstreamErrorLaw, truth, { x: loss });
    const fit = runFit(downstreamErrorLaw, { x: loss }, y);
    ['eps', 'k', 'gamma'].forEach((n, j) => assertRel(fit[n], truth[j], 1e-6, `${preset.id} ${n}`));
    assert.ok(fit.value < 1e-20);
  }
});

test('downstream-error: noisy averages give a least-squares fit no worse than the truth', () => {
  const truth = [0.758949, 1.28852, 0.972164];
  const clean = predictWith(downstreamErrorLaw, truth, { x: loss });
  const noisy = clean.map((v, i) => v + 0.004 * Math.sin(7 * i));
  const fit = runFit(downstreamErrorLaw, { x: loss }, noisy);
  const rss = clean.reduce((s, v, i) => s + (v - noisy[i]) ** 2, 0);
  assert.ok(fit.value <= rss, `RSS ${fit.value} vs truth's ${rss}`);
  assert.ok(Math.abs(fit.gamma - truth[2]) < 0.3);
});
