// RR-02 portable bootstrap assertion: B = 1,000, each replicate refitted to convergence → SE ranges.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitTable } from '../../src/core/fit';
import { EPOCH, EPOCH_240, table, within } from './fit-helpers';

describe('RR-02 bootstrap on Epoch-240', () => {
  const epoch = table(EPOCH);
  const fit = fitTable(epoch, { law: 'chinchilla', where: EPOCH_240, bootstrap: 1000, seed: 7 });

  it('SEs land in the asserted ranges (unconverged warm-started refits would be ~5× too small)', () => {
    const se = fit.se!;
    within(se.alpha, 0.012, 0.019, 'SE(alpha)');
    within(se.beta, 0.016, 0.026, 'SE(beta)');
    within(se.E, 0.02, 0.032, 'SE(E)');
    within(se.a, 0.012, 0.03, 'SE(a)');
    assert.ok(!fit.warnings.some((w) => w.message.includes('bootstrap replicate')), 'every replicate converged');
  });

  it('95 % intervals bracket the estimate and resemble the reference run', () => {
    for (const name of ['E', 'A', 'B', 'alpha', 'beta', 'a']) {
      const [lo, hi] = fit.ci95![name];
      const value = name === 'a' ? fit.derived!.a : fit.params[name];
      assert.ok(lo < value && value < hi, `${name}: ${lo} < ${value} < ${hi}`);
    }
    within(fit.ci95!.alpha[0], 0.3, 0.33, 'alpha CI low (ref 0.317)');
    within(fit.ci95!.beta[1], 0.39, 0.44, 'beta CI high (ref 0.415)');
  });

  it('is reproducible from the seed', () => {
    const again = fitTable(epoch, { law: 'chinchilla', where: EPOCH_240, bootstrap: 20, seed: 3 });
    const same = fitTable(epoch, { law: 'chinchilla', where: EPOCH_240, bootstrap: 20, seed: 3 });
    const other = fitTable(epoch, { law: 'chinchilla', where: EPOCH_240, bootstrap: 20, seed: 4 });
    assert.deepEqual(again.se, same.se);
    assert.notDeepEqual(again.se, other.se);
  });
});
