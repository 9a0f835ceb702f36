import * as vscode from 'vscode';
import { describeForecast } from '../core/curve/describe';
import { formatNumber } from '../core/format';
import type { FitResult, RunTable } from '../core/types';
import type { ForecastSource, RunForecast } from '../shared/fitOutput';
import { SafeMarkdown } from './markdownString';
import { fitInUse } from './fitInUse';
import { runForecast } from './predictions';
import type { RunLogs } from './runLogs';
import type { FileState } from './stores';

/**
 * The prediction for the active run log's training run, where a researcher watching it looks: "final
 * loss ≈ 2.31 ± 0.02 at step 100K (max_steps)" (core/curve/describe.ts, the CLI's words) from the file's
 * current fit of a learning-curve law. Shown only when the table is parsed and the fit forecasts;
 * clicking it opens the fit's chart.
 */
export class ForecastStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scalingLaws.forecast', vscode.StatusBarAlignment.Right, 99);

  constructor(
    private readonly runLogs: RunLogs,
    private readonly state: FileState,
  ) {
    this.item.name = vscode.l10n.t('Scaling Laws: run forecast');
  }

  /** Reads caches only: the forecast is computed once per (table, fit) (predictions.ts). */
  update(editor = vscode.window.activeTextEditor): void {
    const document = editor?.document;
    const table = document && this.runLogs.isRunLog(document) ? this.runLogs.peek(document)?.table : undefined;
    const inUse = document && table ? fitInUse(this.state, document.uri, table) : undefined;
    // A stale fit forecasts from data or columns the file no longer has: nothing to show until a refit.
    const fit = inUse?.standing.kind === 'current' ? inUse.fit : undefined;
    const forecast = table && fit ? runForecast(table, fit) : undefined;
    if (!document || !table || !fit || !forecast) {
      this.item.hide();
      return;
    }
    this.item.text = `$(pulse) ${describeForecast(forecast)}`;
    // Read out with the fit it comes from, so a refit on a grown log is heard (and seen by tests) even when the number stays.
    this.item.accessibilityInformation = { label: vscode.l10n.t('{0}; {1} fitted on {2} rows', describeForecast(forecast), fit.law.id, String(fit.n)) };
    this.item.tooltip = forecastTooltip(table, fit, forecast);
    this.item.command = { title: vscode.l10n.t('Show fit'), command: 'scalingLaws.showFit', arguments: [{ uri: document.uri.toString() }] };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

function sourceText(source: ForecastSource): string {
  switch (source) {
    case 'until':
      return vscode.l10n.t('the spec’s until');
    case 'max_steps':
      return vscode.l10n.t('max_steps in the trainer state');
    case 'schedule':
      return vscode.l10n.t('the last step the log gives a learning rate for (rows ahead of the loss)');
    case 'last-row':
      return vscode.l10n.t('the last logged row (no schedule end is known)');
  }
}

/** Law, loss column and rows come from the file or a stored fit: data. */
export function forecastTooltip(table: RunTable, fit: FitResult, forecast: RunForecast): vscode.MarkdownString {
  const md = new SafeMarkdown().markup('**').data(describeForecast(forecast)).markup('**\n\n');
  md.markup(`${vscode.l10n.t('Law')}: `).code(fit.law.id).markup('\n\n');
  md.data(vscode.l10n.t('Loss column {0}, fitted on {1} rows', table.roles.loss?.column ?? fit.roles.loss?.column ?? 'loss', String(fit.n))).markup('\n\n');
  md.data(vscode.l10n.t('Target: {0} = {1}, from {2}', forecast.x, formatNumber(forecast.at), sourceText(forecast.source))).markup('\n\n');
  md.data(
    forecast.lo !== undefined && forecast.hi !== undefined
      ? vscode.l10n.t('95 % bootstrap interval: [{0}, {1}]', formatNumber(forecast.lo), formatNumber(forecast.hi))
      : vscode.l10n.t('No interval: the fit was not bootstrapped (setting scalingLaws.bootstrap)'),
  );
  return md.markup('\n\n').data(vscode.l10n.t('Click to show the fit.')).value;
}
