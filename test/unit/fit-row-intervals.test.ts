/**
 * The 95 % bootstrap interval of a prediction at one row (hovers and inlay hints show it), on the Epoch
 * Chinchilla fit with 100 replicates: it is the range of the replicates' own predictions, brackets the
 * fit's, widens off the data, and is absent for a fit without a bootstrap.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { interval95 } from '../../src/core/fit/bootstrap';
import { predictTable, predictWith } from '../../src/core/fit';
import { rowIntervals } from '../../src/core/fit/predict';
import { roleValues } from '../../src/core/runlog';
import { formatInterval, formatNumber } from '../../src/core/format';
import { chinchillaFit } from '../renderer/fixtures';

const { table, fit } = chinchillaFit();
const predicted = predictTable(fit, table);
const N = roleValues(table, 'N')!;
const D = roleValues(table, 'D')!;
const C = roleValues(table, 'C')!;

describe('rowIntervals', () => {
  const at = rowIntervals(fit, table)!;

  test("is the 2.5–97.5 % range of the replicates' predictions at that row, around the fit's", () => {
    assert.ok(at, 'a bootstrapped fit has intervals');
    for (const row of [0, 50, 120, table.rowCount - 1]) {
      const interval = at(row)!;
      // The same replicates through the one-point predictor, a separate code path.
      const expected = interval95(fit.bootstrapSamples!.map((params) => predictWith({ ...fit, params }, { N: N[row], D: D[row] })))!;
      assert.ok(Math.abs(interval.lo / expected.lo - 1) < 1e-12 && Math.abs(interval.hi / expected.hi - 1) < 1e-12, `row ${row}`);
      assert.ok(interval.lo <= predicted[row] && predicted[row] <= interval.hi, `row ${row}: ${predicted[row]} in [${interval.lo}, ${interval.hi}]`);
    }
  });

  test('is wider at the largest runs than at the typical ones', () => {
    const width = (row: number) => at(row)!.hi - at(row)!.lo;
    const rows = Array.from({ length: table.rowCount }, (_, i) => i).sort((a, b) => C[a] - C[b]);
    const largest = rows[rows.length - 1];
    const median = rows[rows.length >> 1];
    assert.ok(width(largest) > width(median), `${width(largest)} vs ${width(median)}`);
  });

  test('reads "± half-width" when centred, else both ends', () => {
    const interval = at(0)!;
    const text = formatInterval(predicted[0], interval);
    assert.match(text, /^ (± [\d.e-]+|\(95 % [\d.]+ – [\d.]+\))$/);
    assert.equal(formatInterval(2, { lo: 1.9, hi: 2.1 }), ' ± 0.1');
    assert.equal(formatInterval(2, { lo: 1.95, hi: 2.3 }), ` (95 % ${formatNumber(1.95)} – ${formatNumber(2.3)})`);
    assert.equal(formatInterval(2, undefined), '');
  });

  test('is absent without a bootstrap', () => {
    assert.equal(rowIntervals({ ...fit, bootstrapSamples: undefined }, table), undefined);
  });
});
