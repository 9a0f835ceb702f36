/**
 * Real fits for plot tests: run logs from ../shared/data read by the project's reader, fitted by the
 * engine, and turned into the notebook payload exactly as the notebook controller and `--plot` do.
 */
import { readFileSync } from 'node:fs';
import { fitTable, predictWith } from '../../src/core/fit';
import { fitGroups } from '../../src/core/fit/groupFit';
import { buildFitOutput, buildSeriesOutput, type FitOutputOptions, pointwise } from '../../src/core/plot';
import { readRunLog } from '../../src/core/runlog';
import type { FitRequest, FitResult, RoleMap, RunTable } from '../../src/core/types';
import type { FitOutput, LearningCurveOutput } from '../../src/shared/fitOutput';
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

/** Over-training (Gadre et al.'s L(N, M)) on the same 240 Epoch runs, without a holdout. */
export function overTrainingFit(): RealFit {
  return fitted('epoch-chinchilla/svg_extracted_data.csv', { law: 'over-training', where: 'loss < 3.44' });
}

/**
 * `loss: [pile, mc4_en, wikitext_103]` on OLMo-7B's checkpoints (saturating-power on step, drawn to step
 * 1M): the file read with each validation loss as the target, as the notebook does.
 */
export function olmoTargets(): FitOutput {
  const targets = ['pile-validation/CrossEntropyLoss', 'mc4_en-validation/CrossEntropyLoss', 'wikitext_103-validation/CrossEntropyLoss'];
  const parts = targets.map((target) => {
    const table = readTable('olmo/olmo.csv', { loss: target });
    return { label: target, table, fits: [{ ...fitTable(table, { law: 'saturating-power', x: 'step', where: "model_name == 'OLMo-7B'" }), target }] };
  });
  return buildSeriesOutput(parts, predict, { extrapolateTo: 1e6 });
}

/**
 * `group: source` with `share: [alpha]` on Open-Athena's IsoFLOP points of four sources (QC outliers and
 * Llama-3's digitised losses out): chinchilla per source with one α, coloured by source.
 */
export function isoflopGroups(): FitOutput {
  const table = readTable('open-athena-isoflops/isoflops.csv');
  const grouped = fitGroups(table, { law: 'chinchilla', where: "source != 'llama_3' and outlier == 'False'" }, 'source', ['alpha']);
  return buildSeriesOutput(
    grouped.groups.map((label, k) => ({ label, table, fits: [grouped.shared![k]] })),
    predict,
    {},
    'group',
  );
}

/** (Mis)Fitting open_lm checkpoints: 4,852 rows of loss vs step for 11 model sizes. */
export function misfittingFit(): RealFit {
  return fitted('misfitting/scaling_results.csv', { law: 'chinchilla' });
}

export interface LearningCurveFixture extends RealFit {
  curve: LearningCurveOutput;
}

function withCurve(table: RunTable, fit: FitResult, options: FitOutputOptions = {}): LearningCurveFixture {
  const output = buildFitOutput(table, [fit], predict, options);
  if (!output.learningCurve) throw new Error('no learning curve in the fit output');
  return { table, fit, output, curve: output.learningCurve };
}

/**
 * LLM360's Mamba-3B training log (44,174 rows, per-batch loss from 21.8 down to ≈ 0.8, noisy): 3,000
 * points drawn with the EMA of every row; saturating-power fitted up to step 120K (on every 40th row, so
 * the 20-replicate bootstrap takes seconds), the rest held out, the curve continued to the last step.
 */
export function mambaCurve(): LearningCurveFixture {
  const lines = readFileSync(dataFile('llm360-mamba/llm360Mamba3B.csv'), 'utf8').split('\n');
  const thinned = readRunLog(lines.filter((_, i) => i === 0 || i % 40 === 0).join('\n'));
  const fit = fitTable(thinned, { law: 'saturating-power', x: 'step', holdout: 'step > 120000', bootstrap: 20, seed: 1 });
  return withCurve(readTable('llm360-mamba/llm360Mamba3B.csv'), fit);
}

/**
 * GPT-3 XL's digitised curves (x ≈ billions of tokens, logged as `step`): the training loss fitted up to
 * 150, validation loss an eval series of its own (marked the way the reader marks a trainer_state's
 * eval-only entries), and the forecast at 300 (GPT-3's 300B-token schedule, as an `until:`).
 */
export function gpt3Curve(): LearningCurveFixture {
  const table = readTable('gpt3-curves/extracted.csv', { loss: 'train_loss' });
  const val = table.columns.find((c) => c.name === 'val_loss')!.values;
  table.lossSeries = ['val_loss'];
  table.rowStatus = table.rowStatus.map((status, i) => (Number.isFinite(val[i]) ? 'series' : status));
  const fit = fitTable(table, { law: 'saturating-power', x: 'step', where: "model == 'xl'", holdout: 'step > 150' });
  return withCurve(table, fit, { until: 300 });
}
