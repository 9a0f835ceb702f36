// Issue 9 item 22 (holdout part): a holdout that takes every usable row says so, instead of "0 usable";
// a holdout that matches no row says so as a warning, instead of silently disappearing from the report.
// fitTable is the one path the CLI (fit, compare) and the notebook (worker) share, so they agree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compareLaws, fitTable } from '../../src/core/fit';
import { readRunLog } from '../../src/core/runlog';
import { roleValues } from '../../src/core/runlog/table';
import { fitSummaryMarkdown } from '../../src/core/spec';
import { UserError } from '../../src/core/types';
import { cliFromSource, ROOT } from './cli-helpers';

const SWEEP = join(ROOT, 'examples', 'chinchilla-sweep.csv');
const table = readRunLog(readFileSync(SWEEP, 'utf8'), { fileName: 'chinchilla-sweep.csv' });

describe('holdout messages (issue 9 item 22)', () => {
  it('a holdout matching every usable row: "matched all 35 usable rows, so nothing is left to fit"', () => {
    assert.throws(
      () => fitTable(table, { law: 'chinchilla', holdout: 'N > 0' }),
      (e: unknown) => e instanceof UserError && e.code === 'too-few-rows' && /the holdout `N > 0` matched all 35 usable rows, so nothing is left to fit/.test(e.message),
    );
    const {
      rows: [row],
    } = compareLaws(table, ['chinchilla'], { holdout: 'N > 0' });
    assert.match(row.error ?? '', /matched all 35 usable rows/);
  });

  it('a holdout leaving too few rows says how many it took and how many are left', () => {
    // The sweep's models, largest last: all but the smallest few are held out.
    const ns = [...new Set(Array.from(roleValues(table, 'N')!).filter(Number.isFinite))].sort((a, b) => a - b);
    const error = (() => {
      try {
        fitTable(table, { law: 'chinchilla', holdout: `N > ${ns[0]}` });
      } catch (e) {
        return e as UserError;
      }
      return undefined;
    })();
    assert.ok(error, 'the fit should fail with too few rows');
    assert.match(error.message, /the holdout `N > [\d.e+]+` matched \d+ of the 35 usable rows, so only \d rows? (is|are) left to fit/);
  });

  it('a holdout matching no row is a warning in the fit, the CLI report and the notebook summary', () => {
    const fit = fitTable(table, { law: 'chinchilla', holdout: 'N > 1e15' });
    assert.equal(fit.holdout, undefined);
    const warning = fit.warnings.find((w) => w.code === 'holdout-empty');
    assert.ok(warning, JSON.stringify(fit.warnings.map((w) => w.code)));
    assert.match(warning.message, /The holdout `N > 1e15` matched none of the 35 usable rows: nothing was held out or scored/);
    assert.match(fitSummaryMarkdown([fit]), /matched none of the 35 usable rows/);
  });

  it('CLI: --holdout "N > 0" exits 1 with the message', () => {
    const r = cliFromSource(['fit', SWEEP, '--law', 'chinchilla', '--holdout', 'N > 0']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /matched all 35 usable rows, so nothing is left to fit/);
  });
});
