// Issue 12: scale-ordered CV folds fit the smaller scales and predict the next larger ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cvPlan, foldWeightedMean, planFolds } from '../../src/core/fit/crossValidate';
import { readRunLog } from '../../src/core/runlog';

test('a sweep of six model sizes gives three folds, each predicting the next size from all smaller ones', () => {
  const sizes = [1e7, 3e7, 1e8, 3e8, 1e9, 3e9];
  const values = sizes.flatMap((n) => [n, n * 1.01]).sort((a, b) => a - b); // two runs per size, logged with rounding
  assert.deepEqual(planFolds(values, 'runs'), [
    { trainMax: 1e9 * 1.01, testMax: 3e9 * 1.01 },
    { trainMax: 3e8 * 1.01, testMax: 1e9 * 1.01 },
    { trainMax: 1e8 * 1.01, testMax: 3e8 * 1.01 },
  ]);
});

test('fewer scales give fewer folds: every fold trains on at least two scales', () => {
  assert.equal(planFolds([1, 2, 4, 8], 'runs').length, 2);
  assert.equal(planFolds([1, 2, 4], 'runs').length, 1);
  assert.deepEqual(planFolds([1, 2], 'runs'), []);
  // Twelve scales: blocks of two.
  const twelve = Array.from({ length: 12 }, (_, i) => 2 ** i);
  assert.deepEqual(planFolds(twelve, 'runs')[0], { trainMax: 2 ** 9, testMax: 2 ** 11 });
});

test('a learning curve folds at 1/6 of its log range, at most a doubling per fold', () => {
  const steps = Array.from({ length: 1000 }, (_, i) => (i + 1) * 100);
  const folds = planFolds(steps, 'curve');
  assert.equal(folds.length, 3);
  assert.deepEqual(folds[0], { trainMax: 50_000, testMax: 100_000 });
  assert.deepEqual(folds[2], { trainMax: 12_500, testMax: 25_000 });
  // A short range (160…736, 4.6×): ratio 4.6^(1/6) ≈ 1.29 per fold.
  const short = [160, 192, 256, 320, 384, 448, 480, 512, 544, 576, 608, 640, 672, 736];
  const [first] = planFolds(short, 'curve');
  assert.ok(Math.abs(first.trainMax - 736 / (736 / 160) ** (1 / 6)) < 1e-9);
});

test('the plan reads the scale axis from the table and leaves held-out rows out', () => {
  const rows = ['N,D,loss', ...[1e7, 2e7, 4e7, 8e7, 1.6e8, 3.2e8].flatMap((n, i) => [`${n},${20 * n},${4 - 0.3 * i}`, `${n},${40 * n},${3.9 - 0.3 * i}`])];
  const table = readRunLog(rows.join('\n'), { fileName: 'sweep.csv' });
  const plan = cvPlan(table, {});
  assert.equal(plan?.axis, 'N');
  assert.equal(plan?.folds.length, 3);
  const held = cvPlan(table, { holdout: 'N > 1e8' });
  assert.equal(held?.axis, 'N');
  assert.equal(held?.folds.length, 2, 'four scales left to plan on');
  assert.equal(held?.folds[0].testMax, 8e7);
  // Two model sizes cannot fold along N: compute (6ND, many values) takes over.
  assert.equal(cvPlan(table, { holdout: 'N > 2e7' })?.axis, 'C');
});

test('folds run along the axis the holdout selects on, and say when too few scales there sent them elsewhere', () => {
  const rows = ['N,D,loss', ...[1e7, 2e7, 4e7, 8e7, 1.6e8, 3.2e8].flatMap((n, i) => [`${n},${20 * n},${4 - 0.3 * i}`, `${n},${40 * n},${3.9 - 0.3 * i}`])];
  const table = readRunLog(rows.join('\n'), { fileName: 'sweep.csv' });
  assert.deepEqual([cvPlan(table, {})?.axis, cvPlan(table, {})?.target], ['N', 'N']);
  // Holding out the largest compute (C = 6ND, derived) asks for extrapolation in C.
  const byC = cvPlan(table, { holdout: 'C > 1e18' });
  assert.deepEqual([byC?.axis, byC?.target], ['C', 'C']);
  // Two model sizes left: the folds fall back to C, and the plan keeps N as the axis extrapolated.
  const two = cvPlan(table, { holdout: 'N > 2e7' });
  assert.deepEqual([two?.axis, two?.target], ['C', 'N']);
  // A holdout on two columns names no single axis: the first one (N) is the target.
  assert.equal(cvPlan(table, { holdout: 'N > 1e8 && D > 1e9' })?.target, 'N');
});

test('the CV error weighs each fold a third of the next larger one, over the folds scored', () => {
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-15, `${a} vs ${b}`);
  close(foldWeightedMean([0.01, 0.04, 0.09]), (9 * 0.01 + 3 * 0.04 + 0.09) / 13);
  close(foldWeightedMean([0.01, NaN, 0.09]), (9 * 0.01 + 0.09) / 10);
  close(foldWeightedMean([0.01, 0.04, 0.09], [1, 2]), (3 * 0.04 + 0.09) / 4);
  assert.ok(Number.isNaN(foldWeightedMean([NaN])));
});
