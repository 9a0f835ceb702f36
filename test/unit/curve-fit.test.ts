/**
 * Learning curves of one run (examples/loss-curve.jsonl: step, loss, lr, cosine decay after warm-up): the
 * law that reads the LR history is fitted, bootstrapped and plotted against the run's whole schedule.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { maxOf } from '../../src/core/arrays';
import { forecastRun } from '../../src/core/curve/forecast';
import { fitTable, predictWith } from '../../src/core/fit';
import { defaultXRole } from '../../src/core/fit/lawInputs';
import { getLaw } from '../../src/core/laws/registry';
import { buildFitOutput, pointwise } from '../../src/core/plot';
import { readRunLog } from '../../src/core/runlog';
import { ROOT } from './cli-helpers';

const curve = readRunLog(readFileSync(join(ROOT, 'examples', 'loss-curve.jsonl'), 'utf8'), { fileName: 'loss-curve.jsonl' });

describe('lr-annealing on examples/loss-curve.jsonl', () => {
  const fit = fitTable(curve, { law: 'lr-annealing', bootstrap: 40, seed: 1 });

  test('every bootstrap interval contains its estimate (replicates read the whole LR schedule)', () => {
    for (const name of ['L0', 'A', 'alpha', 'C']) {
      const [lo, hi] = fit.ci95![name];
      assert.ok(lo <= fit.params[name] && fit.params[name] <= hi, `${name} ${fit.params[name]} outside [${lo}, ${hi}]`);
    }
  });

  test('the forecast at the last step lies inside its own bootstrap interval', () => {
    const forecast = forecastRun(curve, fit)!;
    assert.ok(forecast.lo! <= forecast.loss && forecast.loss <= forecast.hi!, `${forecast.loss} outside [${forecast.lo}, ${forecast.hi}]`);
    assert.ok(forecast.hi! - forecast.lo! < 0.05, `interval ${forecast.lo}–${forecast.hi} is wide`);
  });

  test('plotted predictions follow the data at both ends (residuals within 2 %)', () => {
    const output = buildFitOutput(curve, [fit], pointwise(predictWith));
    const loss = output.points.values.loss!;
    const residuals = output.points.predicted[0].map((p, i) => Math.abs(p - loss[i]) / loss[i]);
    // The first rows are the warm-up's steep drop, which the law does not describe: from row 10 on.
    const worst = maxOf(residuals.slice(10));
    assert.ok(worst < 0.02, `largest residual ${worst}`);
    assert.ok(Math.abs(residuals.at(-1)!) < 0.01, `last residual ${residuals.at(-1)}`);
  });
});

test('a one-variable law on a training log defaults to x = step', () => {
  assert.equal(defaultXRole(getLaw('saturating-power')!, curve), 'step');
  const fit = fitTable(curve, { law: 'saturating-power' });
  assert.equal(fit.request?.x, 'step');
  assert.ok(fit.metrics.mape < 3, `MAPE ${fit.metrics.mape}`);
});
