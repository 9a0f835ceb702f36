import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatNumber, formatPercent } from '../core/format';
import type { FitResult } from '../core/types';
import type { FitOutcome } from '../shared/messages';
import { log, notifyWithLog } from './log';

/** One line per fit: law, parameters and in-sample error (plus held-out error when there is one). */
export function fitSummary(fit: FitResult): string {
  const params = Object.entries(fit.params)
    .map(([name, value]) => `${name} = ${formatNumber(value)}${fit.ci95?.[name] ? ` [${fit.ci95[name].map((v) => formatNumber(v)).join(', ')}]` : ''}`)
    .join(', ');
  const holdout = fit.holdout ? vscode.l10n.t(', held-out ARE {0} on {1} rows', formatPercent(fit.holdout.are), String(fit.holdout.n)) : '';
  return vscode.l10n.t('{0} on {1} rows: {2}; RMSE(log) {3}, R² {4}{5}', fit.law.id, String(fit.n), params, formatNumber(fit.metrics.rmseLog, 3), formatNumber(fit.metrics.r2, 4), holdout);
}

/**
 * Shows a finished fit (returns at once). The single place a fit result reaches the user, so the notebook work can
 * replace it with "open a scaling notebook" without touching the command.
 */
export function showFitResult(uri: vscode.Uri, results: readonly FitResult[], failures: readonly FitOutcome[] = []): void {
  const name = path.basename(uri.path);
  for (const fit of results) {
    log().info(`${name}: ${fitSummary(fit)}`);
    for (const warning of fit.warnings) log().warn(`${name} ${fit.law.id}: ${warning.message} [${warning.code}]`);
  }
  for (const failure of failures) {
    if ('error' in failure) void vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1}', failure.law, failure.error.message));
  }
  if (results.length === 0) return;
  const warnings = results.reduce((sum, fit) => sum + fit.warnings.length, 0);
  const text =
    results.length === 1
      ? fitSummary(results[0])
      : vscode.l10n.t('Fitted {0} laws to {1}; hovers use {2}.', String(results.length), name, results[0].law.id);
  notifyWithLog(warnings > 0 ? `${text} ${vscode.l10n.t('({0} warnings)', String(warnings))}` : text, warnings > 0);
}
