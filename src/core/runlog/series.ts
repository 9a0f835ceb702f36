/**
 * Rows that are not runs: a trainer's evaluation entries and its end-of-training summary. A learning-curve
 * log interleaves them with the training rows (trainer_state `log_history`, a W&B history, GPT-3's digitised
 * train and val curves); read as rows without a loss they were "planned runs" with a prediction each.
 */
import type { Column, RunTable } from '../types';
import { nameScore } from './roles';

/**
 * A column whose name says "loss" this clearly (`eval_loss`, `eval/loss`, `val_loss`, `…/CrossEntropyLoss`)
 * measures a loss of its own: a row with a value there and none in the bound loss column is a point of
 * that series, not a run without a result.
 */
const LOSS_SERIES_SCORE = 0.7;

/**
 * Keys only a run summary has: transformers' final log entry (`train_runtime`, `train_samples_per_second`,
 * `train_steps_per_second`, `total_flos`, next to `train_loss`, the mean over the whole run; W&B logs them
 * as `train/train_runtime` …). They name the run's totals, so a row holding one and no loss is the
 * summary, not a data point.
 */
const SUMMARY_COLUMNS = /(^|[/.])(train_runtime|train_samples_per_second|train_steps_per_second|total_flos)$/;

function hasValue(column: Column, row: number): boolean {
  return !Number.isNaN(column.values[row]);
}

/**
 * For a row without a value in the bound `loss` column: 'summary', the loss-series column holding its
 * value (the row is a point of that series), or undefined (a run without a loss: planned).
 */
export function rowKind(table: RunTable, loss: Column): (row: number) => 'summary' | Column | undefined {
  const numeric = table.columns.filter((c) => c.kind === 'number' && !c.derived && c !== loss);
  const summary = numeric.filter((c) => SUMMARY_COLUMNS.test(c.name));
  const series = numeric.filter((c) => !SUMMARY_COLUMNS.test(c.name) && nameScore('loss', c.name) >= LOSS_SERIES_SCORE);
  return (row) => (summary.some((c) => hasValue(c, row)) ? 'summary' : series.find((c) => hasValue(c, row)));
}
