// "starts: 46/10 converged" (issue 11): a variable-projection fit counted every θ its refinement between
// grid points evaluated as a converged start. The report must count starts it tried, and never more converged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fitTable } from '../../src/core/fit';
import { readRunLog } from '../../src/core/runlog';
import { ROOT } from './cli-helpers';

test('separable fits report at most as many converged starts as they tried: one per grid exponent', () => {
  const table = readRunLog(readFileSync(join(ROOT, 'examples', 'loss-curve.jsonl'), 'utf8'), { fileName: 'loss-curve.jsonl' });
  // Grid sizes of the laws' exponents (lrAnnealing.ts, saturatingPower.ts); every start is finite on this curve.
  for (const [law, grid] of [['lr-annealing', 10], ['saturating-power', 11]] as const) {
    const fit = fitTable(table, { law });
    assert.deepEqual({ law, tried: fit.starts.tried, converged: fit.starts.converged }, { law, tried: grid, converged: grid });
  }
  const fixed = fitTable(table, { law: 'saturating-power', fixed: { alpha: 0.3 } });
  assert.ok(fixed.starts.converged <= fixed.starts.tried, JSON.stringify(fixed.starts));
});
