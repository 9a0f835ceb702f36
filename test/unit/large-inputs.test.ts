/**
 * Data-sized inputs through the whole pipeline: read → fit → plot specs. A step-level log easily has a
 * million rows; spreading such an array into a call (`Math.min(...xs)`) overflowed the stack.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maxOf, minOf, pushAll } from '../../src/core/arrays';
import { fitTable, predictWith } from '../../src/core/fit';
import { seededRandom } from '../../src/core/solve/random';
import { buildFitOutput, buildSpec, pointwise } from '../../src/core/plot';
import { readRunLog } from '../../src/core/runlog';

describe('arrays helpers', () => {
  test('minOf/maxOf match Math.min/Math.max (NaN propagates, empty gives ±Infinity) on 1M values without a stack overflow', () => {
    const values = new Float64Array(1_000_000).map((_, i) => Math.sin(i) * i);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    assert.equal(minOf(values), lo);
    assert.equal(maxOf(values), hi);
    assert.ok(Number.isNaN(minOf([1, NaN, 0])) && Number.isNaN(maxOf([3, NaN, 5])));
    assert.equal(minOf([]), Infinity);
    assert.equal(maxOf([]), -Infinity);
    const target = [0];
    assert.equal(pushAll(target, values).length, 1_000_001);
  });
});

describe('a 1M-row run log', () => {
  test('reads, fits a power law and builds every plot spec in seconds', () => {
    // Before: RangeError from Math.min(...y) in fit warnings (and, for a log without N/D/C, from roleColumn).
    // loss = 2.5 · step^(−0.12) · (1 + 1 % noise)
    const rand = seededRandom(7);
    const rows = 1_000_000;
    const parts = ['step,loss\n'];
    for (let step = 1; step <= rows; step++) parts.push(`${step},${(2.5 * step ** -0.12 * (1 + 0.02 * (rand() - 0.5))).toFixed(5)}\n`);
    const started = performance.now();
    const table = readRunLog(parts.join(''), { fileName: 'steps.csv' });
    assert.equal(table.rowCount, rows);
    // Every row: the default skip of the earliest 10 % of a learning curve is not what this measures.
    const fit = fitTable(table, { law: 'power', x: 'step', skipFirst: 0 });
    assert.equal(fit.n, rows);
    assert.ok(Math.abs(fit.params.alpha - 0.12) < 0.002, `alpha ${fit.params.alpha}`);
    assert.ok(Math.abs(fit.params.A / 2.5 - 1) < 0.02, `A ${fit.params.A}`);
    const output = buildFitOutput(table, [fit], pointwise(predictWith));
    // A step log is one run's learning curve: its curve view leads the plots.
    assert.deepEqual(output.plots, ['learning-curve', 'fit', 'residuals', 'parity']);
    for (const kind of output.plots) buildSpec(output, kind);
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
  });
});
