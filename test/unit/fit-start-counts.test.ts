// "starts: 46/10 converged" (issue 11): a variable-projection fit counted every θ its refinement between
// grid points evaluated as a converged start. The report says what happened: grid points scanned (inner
// solves only), starts polished by the local optimiser, and how many of those converged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fitTable } from '../../src/core/fit';
import { readRunLog } from '../../src/core/runlog';
import { ROOT } from './cli-helpers';

test('separable fits report their exponent grid apart from the polished starts, converged ≤ polished', () => {
  const table = readRunLog(readFileSync(join(ROOT, 'examples', 'loss-curve.jsonl'), 'utf8'), { fileName: 'loss-curve.jsonl' });
  // Grid sizes of the laws' exponents (lrAnnealing.ts, saturatingPower.ts); every start is finite on this curve.
  for (const [law, grid] of [['lr-annealing', 10], ['saturating-power', 11]] as const) {
    const fit = fitTable(table, { law });
    // One polish from the best grid point; the old meaning (tried = grid) is kept apart in `grid`.
    assert.deepEqual({ law, ...fit.starts }, { law, grid, polished: 1, tried: 1, converged: 1 });
  }
  // α held: there is no exponent scan, so no grid points are claimed.
  const fixed = fitTable(table, { law: 'saturating-power', fixed: { alpha: 0.3 } });
  assert.deepEqual(fixed.starts, { polished: 1, tried: 1, converged: 1 });
  // With a free offset x0: an 11-point α scan at each of 5 x0 values, the two best scans polished, then x0
  // freed in one more.
  const offset = fitTable(table, { law: 'saturating-power', options: { offset: true } });
  assert.equal(offset.starts.grid, 55);
  assert.equal(offset.starts.polished, 3);
  assert.ok(offset.starts.converged <= 3, JSON.stringify(offset.starts));
});
