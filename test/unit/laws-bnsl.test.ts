import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bnslLaw } from '../../src/core/laws/bnsl';
import { lawParams } from '../../src/core/law';
import { UserError } from '../../src/core/types';
import { assertJacobian, fitContext, predictWith } from './laws-helpers';

const x = Float64Array.from({ length: 30 }, (_, i) => 10 * 1.4 ** i);

test('bnsl: jacobian for one and three breaks', () => {
  assertJacobian(bnslLaw, [0.41, 2.28, 0.055, 5.66, 612.6, 0.2], { x });
  const fig1 = bnslLaw.presets.find((p) => p.id === 'caballero2022-fig1');
  assert.ok(fig1);
  const p = lawParams(bnslLaw, fig1.options).map((s) => fig1.params[s.name]);
  assertJacobian(bnslLaw, p, { x: Float64Array.from({ length: 12 }, (_, i) => 10 ** (2 * i)) }, 1e-5);
});

test('bnsl: the breaks option names the parameters and is validated', () => {
  assert.deepEqual(
    lawParams(bnslLaw, { breaks: 2 }).map((p) => p.name),
    ['a', 'b', 'c0', 'c1', 'c2', 'd1', 'd2', 'f1', 'f2'],
  );
  assert.throws(() => lawParams(bnslLaw, { breaks: 4 }), UserError);
});

test('bnsl: two breaks fit a two-break curve better than one', () => {
  const truth = [0.2, 3, 0.1, 0.6, 1.2, 300, 20000, 0.3, 0.2];
  const y = predictWith(bnslLaw, truth, { x });
  assert.ok(bnslLaw.fit);
  const one = bnslLaw.fit(fitContext(bnslLaw, { x }, y));
  const two = bnslLaw.fit(fitContext(bnslLaw, { x }, y, { options: { breaks: 2 } }));
  assert.equal(two.params.length, 9);
  assert.ok(two.value < one.value / 10, `two breaks ${two.value} vs one ${one.value}`);
});
