/**
 * Real fits for plot tests: run logs from ../shared/data read by the project's reader, fitted by the
 * engine, and turned into the notebook payload exactly as the notebook controller and `--plot` do.
 */
import { readFileSync } from 'node:fs';
import { fitTable, predictWith } from '../../src/core/fit';
import { buildFitOutput, pointwise } from '../../src/core/plot';
import { readRunLog } from '../../src/core/runlog';
import type { FitRequest, FitResult, RunTable } from '../../src/core/types';
import type { FitOutput } from '../../src/shared/fitOutput';
import { dataFile } from '../dataPath';

export const predict = pointwise(predictWith);

export function readTable(relative: string): RunTable {
  return readRunLog(readFileSync(dataFile(relative), 'utf8'));
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
