// data/bad-inputs behaviour for fits: impossible fits are UserErrors that say why; never NaN.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitTable, predictTable } from '../../src/core/fit';
import { UserError } from '../../src/core/types';
import { table } from './fit-helpers';

function refusal(file: string, law = 'chinchilla'): UserError {
  try {
    fitTable(table(`bad-inputs/${file}`), { law });
  } catch (error) {
    assert.ok(error instanceof UserError, `expected UserError, got ${error}`);
    return error;
  }
  assert.fail(`${file}: the fit should have been refused`);
}

describe('fits on bad inputs', () => {
  it('constant-n.csv: chinchilla refuses — N has no spread; a law in D alone fits', () => {
    assert.match(refusal('constant-n.csv').message, /not identifiable: N has no spread/);
    const fit = fitTable(table('bad-inputs/constant-n.csv'), { law: 'E + B/D^beta' });
    assert.ok(Object.values(fit.params).every(Number.isFinite));
  });
  it('one-row.csv says how many rows the law needs', () => {
    assert.match(refusal('one-row.csv').message, /chinchilla needs at least 6 rows with N, D and loss; this file has 1 run/);
  });
  it('header-only.csv: no data rows', () => {
    assert.match(refusal('header-only.csv').message, /no data rows/);
  });
  it('negative-n.csv and zero-loss.csv: the bad row is left out, the rest fit a smaller law', () => {
    for (const file of ['negative-n.csv', 'zero-loss.csv']) {
      const fit = fitTable(table(`bad-inputs/${file}`), { law: 'kaplan-compute' });
      assert.equal(fit.n, 4, file);
      assert.ok(Object.values(fit.params).every(Number.isFinite), file);
    }
    assert.match(refusal('negative-n.csv').message, /needs at least 6 rows.*4 usable/);
  });
  it('nan-inf.csv: one usable row → too few to fit', () => {
    assert.match(refusal('nan-inf.csv', 'kaplan-compute').message, /needs at least 3 rows/);
  });
  it('planned-rows.csv: fits use the 5 runs; planned rows get predictions', () => {
    const runs = table('bad-inputs/planned-rows.csv');
    const fit = fitTable(runs, { law: 'kaplan-compute' });
    assert.equal(fit.n, 5);
    const predicted = predictTable(fit, runs);
    runs.rowStatus.forEach((status, i) => {
      if (status === 'planned') assert.ok(Number.isFinite(predicted[i]) && predicted[i] > 0, `planned row ${i}`);
    });
    assert.match(refusal('planned-rows.csv').message, /5 runs \(plus 2 planned rows without a loss\)/);
  });
  it('an unknown law id is a usage error with a suggestion', () => {
    try {
      fitTable(table('bad-inputs/planned-rows.csv'), { law: 'chinchila' });
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof UserError);
      assert.equal(error.code, 'unknown-law');
      assert.match(error.message, /did you mean `chinchilla`/);
    }
  });
});
