/**
 * Learning curves generated from the laws themselves (seeded noise): the fit recovers the parameters,
 * the plot payload carries the curve to the end of the run, and the forecast there matches the law.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { describeForecast } from '../../src/core/curve/describe';
import { forecastOrReason, runCurve } from '../../src/core/curve/forecast';
import { inferSchedule, SCHEDULE_TOLERANCE } from '../../src/core/curve/schedule';
import { fitTable, predictWith } from '../../src/core/fit';
import { seededRandom } from '../../src/core/solve/random';
import { annealingAreas } from '../../src/core/laws/lrAnnealing';
import { buildFitOutput, pointwise } from '../../src/core/plot';
import { ema } from '../../src/core/plot/learningCurve';
import { extremesPerBucket } from '../../src/core/plot/thinning';
import { readRunLog } from '../../src/core/runlog';
import type { RunTable } from '../../src/core/types';
import { maxOf } from '../../src/core/arrays';

/** A JSONL learning curve read by the product's reader. */
function curveTable(rows: Array<Record<string, number>>): RunTable {
  return readRunLog(rows.map((r) => JSON.stringify(r)).join('\n'), { fileName: 'curve.jsonl' });
}

function near(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} not within ${relative * 100} % of ${expected}`);
}

describe('saturating-power on a synthetic curve, run planned to 20,000 steps', () => {
  const random = seededRandom(7);
  const law = (s: number) => 2 + 5 * s ** -0.3;
  // 0.5 % multiplicative noise, logged every 4 steps up to step 8,000.
  const table = curveTable(Array.from({ length: 2000 }, (_, i) => ({ step: 4 * (i + 1), loss: law(4 * (i + 1)) * (1 + 0.005 * (random() - 0.5) * 2) })));
  table.schedule = { maxSteps: 20_000, source: 'test' };
  const fit = fitTable(table, { law: 'saturating-power', bootstrap: 30, seed: 1 });

  test('recovers E, A, alpha and skips the first 10 % of the steps by default', () => {
    near(fit.params.E, 2, 0.02, 'E');
    near(fit.params.A, 5, 0.1, 'A');
    near(fit.params.alpha, 0.3, 0.03, 'alpha');
    assert.equal(fit.request?.x, 'step');
    assert.deepEqual(fit.skipped && { rows: fit.skipped.rows, below: fit.skipped.below }, { rows: 199, below: 800 });
    assert.ok(fit.warnings.some((w) => w.code === 'skip-first'));
  });

  test('the plot payload has the learning curve, continued to max_steps, and small residuals', () => {
    const output = buildFitOutput(table, [fit], pointwise(predictWith));
    const lc = output.learningCurve!;
    assert.equal(lc.x, 'step');
    assert.deepEqual(lc.until, { value: 20_000, source: 'max_steps' });
    const curve = lc.fitCurves[0];
    assert.equal(curve.xs.at(-1), 20_000);
    assert.equal(curve.fittedTo, 8000);
    assert.ok(curve.xs[0] >= 800 && curve.xs[0] < 810, `curve starts at the first fitted step, got ${curve.xs[0]}`);
    assert.ok(curve.lo && curve.hi && curve.lo.every((lo, i) => lo <= curve.ys[i] + 1e-9 && curve.ys[i] <= curve.hi![i] + 1e-9));
    near(curve.ys.at(-1)!, law(20_000), 0.005, 'curve at 20k');
    const loss = output.points.values.loss!;
    const worst = maxOf(output.points.predicted[0].map((p, i) => Math.abs(p - loss[i]) / loss[i]).slice(200));
    assert.ok(worst < 0.008, `residuals up to ${worst}`);
    // The fit plot's curve is the same run curve, so `--plot` shows the extrapolation too.
    assert.equal(output.curves[0].xs.at(-1), 20_000);
    const forecast = lc.forecasts[0];
    near(forecast.loss, law(20_000), 0.005, 'forecast');
    assert.ok(forecast.lo! <= forecast.loss && forecast.loss <= forecast.hi!);
    assert.match(describeForecast(forecast), /^final loss ≈ 2\.\d+ (± \d|\(95 %).* at step 20K \(max_steps\)$/);
  });
});

describe('lr-annealing forecast past the log through the inferred schedule', () => {
  const truth = { L0: 2.2, A: 0.6, alpha: 0.45, C: 1.5, lambda: 0.999 };
  const maxSteps = 10_000;
  const peak = 3e-4;
  const floor = 3e-5;
  const lrAt = (s: number) => (s <= 500 ? (peak * s) / 500 : floor + (peak - floor) * 0.5 * (1 + Math.cos((Math.PI * (s - 500)) / (maxSteps - 500))));
  const lr = Float64Array.from({ length: maxSteps }, (_, k) => lrAt(k + 1));
  const { s1, s2 } = annealingAreas(lr, truth.lambda);
  const lossAt = (s: number) => truth.L0 + truth.A * s1[s - 1] ** -truth.alpha - truth.C * s2[s - 1];
  // Logged every 10 steps up to step 6,000 of 10,000.
  const table = curveTable(Array.from({ length: 600 }, (_, i) => ({ step: 10 * (i + 1), lr: lrAt(10 * (i + 1)), loss: lossAt(10 * (i + 1)) })));
  table.schedule = { maxSteps, source: 'test' };
  const fit = fitTable(table, { law: 'lr-annealing' });

  test('recovers the parameters from the logged part', () => {
    for (const name of ['L0', 'A', 'alpha', 'C'] as const) near(fit.params[name], truth[name], 0.02, name);
  });

  test('infers the cosine schedule and forecasts the loss at max_steps', () => {
    const curve = runCurve(table, fit);
    assert.ok(!('reason' in curve) && curve.schedule);
    assert.equal(curve.schedule.kind, 'cosine');
    near(curve.schedule.floor, floor, 0.02, 'floor');
    const forecast = forecastOrReason(table, fit);
    assert.ok(!('reason' in forecast));
    near(forecast.loss, lossAt(maxSteps), 0.002, 'forecast at max_steps');
    assert.equal(forecast.source, 'max_steps');
  });

  test('a log whose LR no simple schedule reproduces gets no forecast, and says why', () => {
    // Warm-up-stable-decay: constant, then a sharp drop at step 5,000 — the end of the decay is unknowable.
    const wsd = curveTable(Array.from({ length: 600 }, (_, i) => ({ step: 10 * (i + 1), lr: i < 500 ? 3e-4 : 3e-4 * (1 - (i - 500) / 150), loss: 3 - i / 1000 })));
    wsd.schedule = { maxSteps, source: 'test' };
    const wsdFit = fitTable(wsd, { law: 'lr-annealing' });
    const result = forecastOrReason(wsd, wsdFit);
    assert.ok('reason' in result);
    assert.match(result.reason, /no constant, linear or cosine schedule ending at step 10000 reproduces the logged LR/);
  });
});

test('inferSchedule: linear decay to zero, constant, and its tolerance', () => {
  const steps = Array.from({ length: 100 }, (_, i) => 10 * (i + 1));
  const linear = inferSchedule(steps, steps.map((s) => (s <= 100 ? s * 1e-6 : 1e-4 * (1 - (s - 100) / 1900))), 2000);
  assert.ok('schedule' in linear && linear.schedule.kind === 'linear' && linear.schedule.floor < 1e-9 && linear.schedule.misfit < 1e-9);
  const constant = inferSchedule(steps, steps.map(() => 1e-3), 5000);
  assert.ok('schedule' in constant && constant.schedule.kind === 'constant');
  const noisy = inferSchedule(steps, steps.map((_, i) => 1e-3 * (1 + (i % 2 ? 1.5 : -1.5) * SCHEDULE_TOLERANCE)), 5000);
  assert.ok('reason' in noisy, 'a log off by 1.5 × the tolerance is rejected');
});

test('a schedule written ahead of the loss (rows with step and lr, no loss yet) is where the run is forecast', () => {
  // The example's warm-up–stable–decay run, its loss logged to step 3,000 and its LR to the end (4,000).
  const lines = readFileSync(new URL('../../examples/loss-curve.jsonl', import.meta.url), 'utf8').trim().split('\n');
  const ahead = lines.map((line) => {
    const record = JSON.parse(line) as { step: number; loss: number; lr: number };
    return JSON.stringify(record.step > 3000 ? { step: record.step, lr: record.lr } : record);
  });
  const table = readRunLog(`${ahead.join('\n')}\n`, { fileName: 'ahead.jsonl' });
  assert.equal(table.rowStatus.filter((s) => s === 'planned').length, 50);
  const fit = fitTable(table, { law: 'lr-annealing' });
  const forecast = forecastOrReason(table, fit);
  assert.ok(!('reason' in forecast), JSON.stringify(forecast));
  assert.deepEqual({ at: forecast.at, source: forecast.source }, { at: 4000, source: 'schedule' });
  // The forecast runs on along the written schedule: below the fit's own value at the last logged step.
  const atLastLogged = forecastOrReason(table, fit, 0, { until: 3000 });
  assert.ok(!('reason' in atLastLogged) && forecast.loss < atLastLogged.loss, `forecast ${forecast.loss} vs ${JSON.stringify(atLastLogged)} at step 3,000`);
  assert.match(describeForecast(forecast), /at step 4K \(end of the logged LR schedule\)$/);
});

test('downsampling keeps every spike; the EMA is debiased and uses every row', () => {
  const ys = Float64Array.from({ length: 100_000 }, (_, i) => (i === 54_321 ? 40 : i === 77_777 ? 0.1 : 3));
  const rows = Array.from({ length: ys.length }, (_, i) => i);
  const kept = extremesPerBucket(rows, ys, 1000);
  assert.ok(kept.length <= 1000);
  assert.ok(kept.includes(54_321) && kept.includes(77_777) && kept[0] === 0 && kept.at(-1) === 99_999);
  const smooth = ema(rows, ys, 100);
  assert.equal(smooth[0], 3);
  assert.ok(smooth[54_321] > 3.7 && smooth[54_321] < 4, `EMA at the spike ${smooth[54_321]}`);
});

test('eval entries are an eval series of their own, smoothed separately', () => {
  const rows: Array<Record<string, number>> = [];
  for (let s = 10; s <= 2000; s += 10) {
    rows.push({ step: s, loss: 2 + 5 * s ** -0.3 });
    if (s % 200 === 0) rows.push({ step: s, eval_loss: 2.1 + 5 * s ** -0.3 });
  }
  const table = curveTable(rows);
  // What the reader (h-recog) sets for a trainer_state's eval-only entries.
  table.lossSeries = ['eval_loss'];
  const evalColumn = table.columns.find((c) => c.name === 'eval_loss')!.values;
  table.rowStatus = table.rowStatus.map((status, i) => (Number.isFinite(evalColumn[i]) ? 'series' : status));
  const fit = fitTable(table, { law: 'saturating-power', skipFirst: 0 });
  assert.equal(fit.n, 200);
  assert.equal(fit.skipped, undefined);
  const lc = buildFitOutput(table, [fit], pointwise(predictWith), { smooth: 5 }).learningCurve!;
  assert.deepEqual(lc.series.map((s) => [s.name, s.kind, s.total]), [['loss', 'train', 200], ['eval_loss', 'eval', 10]]);
  assert.deepEqual(lc.smoothing, { kind: 'ema', window: 5 });
  assert.equal(lc.series[1].smooth?.length, 10);
});
