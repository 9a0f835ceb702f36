/**
 * Real fits for plot tests: run logs from ../shared/data read by the project's reader, fitted by the
 * engine, and turned into the notebook payload exactly as the notebook controller and `--plot` do.
 */
import { readFileSync } from 'node:fs';
import { minOf } from '../../src/core/arrays';
import { forecastRun } from '../../src/core/curve/forecast';
import { fitTable, predictWith } from '../../src/core/fit';
import { buildFitOutput, pointwise } from '../../src/core/plot';
import { readRunLog } from '../../src/core/runlog';
import type { FitRequest, FitResult, RoleMap, RunTable } from '../../src/core/types';
import type { FitOutput, LearningCurveOutput, LearningCurveSeries } from '../../src/shared/fitOutput';
import { dataFile } from '../dataPath';

export const predict = pointwise(predictWith);

export function readTable(relative: string, map?: RoleMap): RunTable {
  return readRunLog(readFileSync(dataFile(relative), 'utf8'), map ? { map } : {});
}

export interface RealFit {
  table: RunTable;
  fit: FitResult;
  output: FitOutput;
}

function fitted(relative: string, request: FitRequest): RealFit {
  const table = readTable(relative);
  const fit = fitTable(table, request);
  return { table, fit, output: buildFitOutput(table, [fit], predict) };
}

/**
 * Epoch's Chinchilla runs with the standard filter (the 5 highest losses dropped: 240 rows, RR-01),
 * Chinchilla law, runs at C ≥ 1e21 held out as an extrapolation check, bootstrapped so curves carry a band.
 */
export function chinchillaFit(): RealFit {
  const losses = readTable('epoch-chinchilla/svg_extracted_data.csv')
    .columns.find((c) => c.name === 'loss')!
    .values.slice()
    .sort((a, b) => b - a);
  return fitted('epoch-chinchilla/svg_extracted_data.csv', { law: 'chinchilla', where: `loss < ${losses[4]}`, holdout: 'C >= 1e21', bootstrap: 100, seed: 1 });
}

/** (Mis)Fitting open_lm checkpoints: 4,852 rows of loss vs step for 11 model sizes. */
export function misfittingFit(): RealFit {
  return fitted('misfitting/scaling_results.csv', { law: 'chinchilla' });
}

/**
 * Until h-curve's builder of `FitOutput.learningCurve` is on this branch, the view is tested on payloads
 * of that shape computed here from real logs: the series thinned to `maxPoints` keeping each bucket's
 * lowest and highest value, an EMA over every row, the fit sampled to `until` with its 2.5–97.5 %
 * bootstrap band, and forecastRun's prediction.
 */
function seriesOf(table: RunTable, column: string, kind: 'train' | 'eval', rows: (row: number) => boolean, window: number, maxPoints: number): LearningCurveSeries {
  const x = table.columns.find((c) => c.name === table.roles.step!.column)!.values;
  const y = table.columns.find((c) => c.name === column)!.values;
  const picked = Array.from({ length: table.rowCount }, (_, i) => i).filter((i) => rows(i) && Number.isFinite(y[i]) && Number.isFinite(x[i]));
  const alpha = 2 / (window + 1);
  const ema: number[] = [];
  picked.forEach((row, k) => ema.push(k === 0 ? y[row] : ema[k - 1] + alpha * (y[row] - ema[k - 1])));
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const kept = new Set<number>();
  if (picked.length <= maxPoints) picked.forEach((_, k) => kept.add(k));
  else {
    for (let b = 0; b < buckets; b++) {
      const [from, to] = [Math.floor((b * picked.length) / buckets), Math.floor(((b + 1) * picked.length) / buckets)];
      let [lo, hi] = [from, from];
      for (let k = from; k < to; k++) {
        if (y[picked[k]] < y[picked[lo]]) lo = k;
        if (y[picked[k]] > y[picked[hi]]) hi = k;
      }
      kept.add(lo).add(hi);
    }
  }
  const order = [...kept].sort((a, b) => a - b);
  return {
    name: column,
    kind,
    column,
    xs: order.map((k) => x[picked[k]]),
    ys: order.map((k) => y[picked[k]]),
    ...(picked.length >= window ? { smooth: order.map((k) => ema[k]) } : {}),
    total: picked.length,
  };
}

function fitCurveOf(fit: FitResult, index: number, from: number, to: number, fittedTo: number): LearningCurveOutput['fitCurves'][number] {
  const xs = Array.from({ length: 200 }, (_, i) => from + ((to - from) * i) / 199);
  const at = (f: FitResult) => xs.map((v) => predictWith(f, { step: v, x: v }));
  const replicates = (fit.bootstrapSamples ?? []).map((params) => at({ ...fit, params }));
  const quantile = (i: number, q: number) => {
    const sorted = replicates.map((r) => r[i]).sort((a, b) => a - b);
    return sorted[Math.round(q * (sorted.length - 1))];
  };
  return {
    fit: index,
    xs,
    ys: at(fit),
    ...(replicates.length >= 20 ? { lo: xs.map((_, i) => quantile(i, 0.025)), hi: xs.map((_, i) => quantile(i, 0.975)) } : {}),
    fittedTo,
  };
}

export interface LearningCurveFixture extends RealFit {
  curve: LearningCurveOutput;
}

function withCurve(table: RunTable, fit: FitResult, curve: Omit<LearningCurveOutput, 'forecasts'>): LearningCurveFixture {
  const output = buildFitOutput(table, [fit], predict);
  const forecast = forecastRun(table, fit, 0, curve.until.source === 'until' ? { until: curve.until.value } : {});
  const learningCurve: LearningCurveOutput = { ...curve, forecasts: forecast ? [forecast] : [] };
  return { table, fit, curve: learningCurve, output: { ...output, learningCurve, plots: ['learning-curve', ...output.plots] } };
}

/**
 * LLM360's Mamba-3B training log (44,174 rows, per-batch loss from 21.8 down to ≈ 0.8, noisy): the view
 * shows 3,000 points and the EMA; saturating-power fitted on steps 2K–120K (every 40th row, so the
 * 20-replicate bootstrap takes seconds) and extrapolated to the last logged step, 176,700.
 */
export function mambaCurve(): LearningCurveFixture {
  const table = readTable('llm360-mamba/llm360Mamba3B.csv');
  const lines = readFileSync(dataFile('llm360-mamba/llm360Mamba3B.csv'), 'utf8').split('\n');
  const thinned = readRunLog(lines.filter((_, i) => i === 0 || i % 40 === 0).join('\n'));
  const fit = fitTable(thinned, { law: 'saturating-power', x: 'step', where: 'step >= 2000 && step <= 120000', bootstrap: 20, seed: 1 });
  const train = seriesOf(table, 'loss', 'train', () => true, 200, 3000);
  return withCurve(table, fit, {
    x: 'step',
    series: [train],
    smoothing: { kind: 'ema', window: 200 },
    fitCurves: [fitCurveOf(fit, 0, 2000, 176700, 120000)],
    until: { value: 176700, source: 'last-row' },
  });
}

/**
 * GPT-3 XL's digitised curves (x ≈ billions of tokens, logged as `step`): train and validation loss as
 * separate series, saturating-power fitted on the training loss up to 150 and forecast at 300 (GPT-3's
 * 300B-token schedule, as an `until:`).
 */
export function gpt3Curve(): LearningCurveFixture {
  const table = readTable('gpt3-curves/extracted.csv', { loss: 'train_loss' });
  const model = table.columns.find((c) => c.name === 'model')!.text!;
  const xl = (i: number) => model[i] === 'xl';
  const fit = fitTable(table, { law: 'saturating-power', x: 'step', where: "model == 'xl' && step <= 150" });
  const train = seriesOf(table, 'train_loss', 'train', xl, 10, 3000);
  const evals = seriesOf(table, 'val_loss', 'eval', xl, 10, 3000);
  return withCurve(table, fit, {
    x: 'step',
    series: [train, evals],
    smoothing: { kind: 'ema', window: 10 },
    fitCurves: [fitCurveOf(fit, 0, minOf(train.xs), 300, 150)],
    until: { value: 300, source: 'until' },
  });
}
