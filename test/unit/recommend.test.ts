// Issue 12: the recommendation rule on given CV errors (the XB bench measures it on real splits).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompareRow } from '../../src/core/fit';
import { recommendLaw } from '../../src/core/fit';
import { foldWeightedMean } from '../../src/core/fit/crossValidate';

function row(law: string, paramCount: number, foldAre: number[], warnings: string[] = []): CompareRow {
  return {
    law,
    paramCount,
    params: {},
    n: 100,
    objective: { kind: 'huber-log', value: 0 },
    inSample: { rmseLog: 0.01, mape: 0.01 },
    aic: 0,
    bic: 0,
    warnings: warnings.map((code) => ({ code, message: code })) as CompareRow['warnings'],
    cv: { are: foldWeightedMean(foldAre), folds: foldAre.length, foldAre, ms: 1 },
    fitMs: 1,
  };
}

test('the largest fold counts most: smaller folds alone do not bring a law within 10 %', () => {
  // Marin comma's IsoFLOP folds along C: equal weights give 0.80 % vs 0.87 % (within 10 %, the simpler
  // law would be taken); weighted 1 : 1/3 : 1/9, 1.00 % vs 1.11 %.
  const rows = [row('chinchilla', 5, [0.0109, 0.0091, 0.004]), row('over-training', 4, [0.0125, 0.0088, 0.0048])];
  const { recommended } = recommendLaw(rows, { axis: 'C', target: 'C' });
  assert.equal(recommended?.law, 'chinchilla');
  assert.ok(Math.abs(recommended!.cvAre - (9 * 0.0109 + 3 * 0.0091 + 0.004) / 13) < 1e-15);
});

test('within 10 % the law with fewer parameters is taken', () => {
  const rows = [row('chinchilla', 5, [0.0100, 0.01, 0.01]), row('over-training', 4, [0.0105, 0.01, 0.01])];
  const { recommended } = recommendLaw(rows, { axis: 'N', target: 'N' });
  assert.equal(recommended?.law, 'over-training');
  assert.match(recommended!.reason, /within 10 % of chinchilla .* with 1 fewer parameters/);
});

test('folds off the axis extrapolated cannot rank the laws along it: the fewest parameters, CV breaking ties, flawed fits set aside', () => {
  const rows = [
    row('chinchilla', 5, [0.039, 0.032, 0.027]),
    row('over-training', 4, [0.061, 0.05, 0.037]),
    row('kaplan-nd', 4, [0.057, 0.048, 0.036]),
    row('data-constrained', 7, [0.016, 0.012, 0.012], ['parameter-at-bound']),
  ];
  const off = recommendLaw(rows, { axis: 'C', target: 'N' }).recommended!;
  assert.equal(off.law, 'kaplan-nd');
  assert.match(off.reason, /too few N values to fold along N.*fewest parameters is taken \(lowest CV error: chinchilla/);
  // On the axis itself, the CV errors decide (the flawed law beats every clean one by more than 10 %).
  assert.equal(recommendLaw(rows, { axis: 'C', target: 'C' }).recommended?.law, 'data-constrained');
});
