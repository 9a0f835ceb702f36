import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sigmoidLaw } from '../../src/core/laws/sigmoid';
import { assertJacobian, assertRel, runFit } from '../unit/laws-helpers';
import { numbers, readRows } from './laws-table';

// RR-13: MMLU vs training compute across 47 model families (regression value, not a scientific claim).
// The reader scales `FLOPs (1E21)` to FLOPs.
const rows = readRows('obsscaling/base_llm_benchmark_eval.csv').filter((r) => Number.isFinite(r['FLOPs (1E21)']));
const x = numbers(rows, 'FLOPs (1E21)');
const y = numbers(rows, 'MMLU');

test('RR-13 sigmoid with chance level 0.25 and ceiling 1 held', () => {
  assert.equal(rows.length, 123);
  const fit = runFit(sigmoidLaw, { x }, y);
  assertRel(fit.k, 1.40673, 1e-3, 'k');
  assertRel(fit.x0, 23.75456, 1e-3, 'x0');
  assertRel(fit.value, 1.429657, 1e-3, 'RSS');
  assertRel(Math.sqrt(fit.value / y.length), 0.10781, 1e-3, 'RMSE');
  assert.deepEqual([fit.lo, fit.hi], [0.25, 1]);
});

test('RR-13 sigmoid with a free lower asymptote', () => {
  const fit = runFit(sigmoidLaw, { x }, y, { options: { freeLo: true } });
  assertRel(fit.k, 1.25339, 1e-3, 'k');
  assertRel(fit.x0, 23.69607, 1e-3, 'x0');
  assertRel(fit.lo, 0.2166, 1e-3, 'lo');
  assertRel(fit.value, 1.408596, 1e-3, 'RSS');
  assert.equal(fit.hi, 1);
});

test('sigmoid jacobian matches finite differences', () => {
  assertJacobian(sigmoidLaw, [1.3, 23.7, 0.22, 0.9], { x: x.slice(0, 20) });
});
