// Issue 12: compare's recommendation, chosen by scale-ordered CV on the fit rows only, extrapolates within
// 10 % of the best single law on XB splits (reference-results.md "XB"; the full table is
// `npm run bench -- extrapolation`). A subset here: the bench's sweeps take minutes on a shared machine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareLaws, rowLabel } from '../../src/core/fit';
import { minOf } from '../../src/core/arrays';
import { xbSplits } from './xb-splits';

const SPLITS = ['bnsl 4-digit addition', 'olmo-1B c4 50%', 'gpt3-small 50%', 'gpt3-13b 30%'];

describe('law recommendation on XB splits', () => {
  const splits = xbSplits().filter((split) => SPLITS.includes(split.name));
  assert.equal(splits.length, SPLITS.length);
  for (const split of splits) {
    it(`${split.name}: the recommended law's held-out error is within 10 % of the best law's`, () => {
      const { rows, recommended, cv } = compareLaws(split.table, undefined, { holdout: split.holdout });
      assert.ok(recommended, 'a law is recommended');
      assert.ok(cv && cv.folds >= 1);
      assert.ok(recommended.reason.length > 0);
      const heldOut = new Map(rows.filter((row) => row.heldOut && !row.error).map((row) => [rowLabel(row), row.heldOut!.are]));
      const best = minOf([...heldOut.values()]);
      const chosen = heldOut.get(rowLabel(recommended))!;
      assert.ok(chosen <= 1.1 * best, `${rowLabel(recommended)} ${chosen} vs best ${best}`);
      // The CV error it was chosen by is the mean over folds, not the held-out error.
      const row = rows.find((r) => rowLabel(r) === rowLabel(recommended))!;
      assert.ok(row.cv && row.cv.folds >= 1 && row.cv.foldAre.some(Number.isFinite));
    });
  }

  it('on 4-digit addition only the 1-break BNSL predicts the held-out sizes (saturating power misses by > 100 %)', () => {
    const split = splits[0];
    const { rows, recommended } = compareLaws(split.table, undefined, { holdout: split.holdout });
    assert.equal(recommended?.law, 'bnsl');
    const sat = rows.find((row) => row.law === 'saturating-power' && !row.options)!;
    assert.ok(sat.heldOut!.are > 1, `saturating-power ${sat.heldOut!.are}`);
  });
});
