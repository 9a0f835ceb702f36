// The "≈ 2.31 ± 0.02" of the run forecast (status bar, hover): the value is rounded to the first
// significant digit of its uncertainty, and no ± is shown that would misstate the interval.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEstimate } from '../../src/core/format';

test('the value keeps the digits its interval resolves', () => {
  assert.equal(formatEstimate(2.3134, 2.292, 2.335), '2.31 ± 0.02');
  assert.equal(formatEstimate(2.3134, 2.3113, 2.3155), '2.313 ± 0.002');
  assert.equal(formatEstimate(2.3134, 2.0, 2.6), '2.3 ± 0.3');
  assert.equal(formatEstimate(2.3134, 0.5, 6.5), '2 ± 3');
  assert.equal(formatEstimate(1234.5, 1200, 1270), '1230 ± 40');
});

test('without an interval, or with one that misses the value, the value alone', () => {
  assert.equal(formatEstimate(3.187111), '3.187');
  // A bootstrap interval that does not contain the estimate (degenerate replicates): no ±.
  assert.equal(formatEstimate(3.187111, 3.3805, 3.4744), '3.187');
  assert.equal(formatEstimate(3.187111, 3.187111, 3.187111), '3.187');
});
