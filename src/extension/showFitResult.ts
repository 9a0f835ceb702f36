import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatNumber, formatPercent } from '../core/format';
import type { FitResult } from '../core/types';
import type { CommandContext } from './commands/target';
import { log, notifyError, notifyWithLog } from './log';
import { openFitNotebook, type FinishedFit } from './notebook/fitNotebook';

/** One line per fit: law, parameters and in-sample error (plus held-out error when there is one). */
export function fitSummary(fit: FitResult): string {
  const params = Object.entries(fit.params)
    .map(([name, value]) => `${name} = ${formatNumber(value)}${fit.ci95?.[name] ? ` [${fit.ci95[name].map((v) => formatNumber(v)).join(', ')}]` : ''}`)
    .join(', ');
  const holdout = fit.holdout ? vscode.l10n.t(', held-out ARE {0} on {1} rows', formatPercent(fit.holdout.are), String(fit.holdout.n)) : '';
  return vscode.l10n.t('{0} on {1} rows: {2}; RMSE(log) {3}, R² {4}{5}', fit.law.id, String(fit.n), params, formatNumber(fit.metrics.rmseLog, 3), formatNumber(fit.metrics.r2, 4), holdout);
}

/**
 * Shows a finished fit, then makes it the file's current fit: its summary goes to the log, a scaling
 * notebook opens with the spec that reproduces the fit and the fit's chart and parameter table as the
 * cell's output (notebook/fitNotebook.ts), and a notification says what was fitted. The fit is stored
 * (hovers, inlay hints, status bar, calculator) only once its output is showing: a fit whose chart cannot
 * be built or opened rejects here and never becomes state. Resolves once the notebook is showing.
 */
export async function showFitResult(ctx: CommandContext, fit: FinishedFit): Promise<void> {
  const name = path.basename(fit.uri.path);
  const results = fit.outcomes.flatMap((o) => ('result' in o ? [o.result] : []));
  for (const result of results) {
    log().info(`${name}: ${fitSummary(result)}`);
    for (const warning of result.warnings) log().warn(`${name} ${result.law.id}: ${warning.message} [${warning.code}]`);
  }
  if (results.length === 0) {
    // Nothing to plot: say why each law failed instead of opening an empty notebook.
    for (const failure of fit.outcomes) {
      if ('error' in failure) notifyError(vscode.l10n.t('{0}: {1}', failure.law, failure.error.message));
    }
    return;
  }
  const warnings = results.reduce((sum, result) => sum + result.warnings.length, 0);
  const text =
    results.length === 1
      ? fitSummary(results[0])
      : vscode.l10n.t('Fitted {0} laws to {1}; hovers use {2}.', String(results.length), name, results[0].law.id);
  await openFitNotebook(fit);
  await ctx.state.setFits(fit.uri, results, fit);
  // After the notebook is up: opening an editor may dismiss toasts shown before it.
  notifyWithLog(warnings > 0 ? `${text} ${vscode.l10n.t('({0} warnings)', String(warnings))}` : text, warnings > 0);
}
