import * as vscode from 'vscode';
import { formatCount, formatNumber, formatPercent } from '../../core/format';
import type { FitResult, RunTable } from '../../core/types';
import { settings } from '../config';
import { columnByName } from '../../core/runlog/table';
import { describeForecast } from '../../core/curve/describe';
import { fitInUse, type FitInUse } from '../fitInUse';
import { outsideRange, predictionInterval, predictions, runForecast, valueAt } from '../predictions';
import { rowAtLine, type RunLogs } from '../runLogs';
import type { FileState } from '../stores';
import { SafeMarkdown } from '../markdownString';
import { commandLink } from './links';

/**
 * Hover on a data row: which fit it shows (law, loss column, filter), the prediction of the file's
 * current fit, the observed value, the residual, tokens per parameter, whether the row lies inside the
 * fitted range, and for a learning curve the run's forecast. A fit is used only while the file still
 * has the data and columns it was fitted on, and only on rows its `where` covers; otherwise the hover
 * says why not. Entries that are not data points (another loss series, the run summary) say what they
 * are. Reads caches only; with no usable fit it offers the fit command instead of fitting.
 */
export class RunLogHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly runLogs: RunLogs,
    private readonly state: FileState,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.ProviderResult<vscode.Hover> {
    if (!settings(document.uri).hoverEnabled) return undefined;
    const parsed = this.runLogs.peek(document);
    if (parsed) return this.hover(document, parsed.table, position, token);
    // Not parsed yet (just opened or edited): wait for the worker's parse, never parse here.
    return this.runLogs.parse(document).then(
      (latest) => (latest?.version === document.version ? this.hover(document, latest.table, position, token) : undefined),
      () => undefined,
    );
  }

  private hover(document: vscode.TextDocument, table: RunTable, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    if (token.isCancellationRequested || document.isClosed) return undefined;
    const row = rowUnder(table, position.line);
    if (row < 0) return undefined;
    const range = document.lineAt(position.line).range;
    const status = table.rowStatus[row];
    if (status === 'series' || status === 'summary') return new vscode.Hover(notDataLines(table, row), range);
    const inUse = fitInUse(this.state, document.uri, table);
    // The fit's name holds column names and filters from the file or a shared notebook: data. The other
    // lines are our own text around numbers we formatted, and `why` texts, which quote columns: data.
    const md = new SafeMarkdown(['scalingLaws.fit']).markup(`**${vscode.l10n.t('Scaling Laws')}**`);
    if (inUse) md.markup(' · ').data(inUse.name);
    const usable = inUse ? usableFor(inUse, row, md) : undefined;
    if (usable && inUse?.coverage(row) === 'held-out') {
      md.markup('\n\n').data(vscode.l10n.t('Held out of the fit and predicted: holdout {0}', usable.request?.holdout ?? ''));
    }
    const lines = usable ? fitLines(table, usable, row) : [];
    const tokensPerParam = valueAt(table, 'D', row) / valueAt(table, 'N', row);
    if (Number.isFinite(tokensPerParam)) lines.push(vscode.l10n.t('Tokens per parameter: {0}', formatNumber(tokensPerParam, 3)));
    for (const line of lines) md.markup(`\n\n${line}`);
    if (!usable) md.markup('\n\n').markup(commandLink(vscode.l10n.t('Fit scaling law…'), 'scalingLaws.fit', { uri: document.uri.toString() }));
    return new vscode.Hover(md.value, range);
  }
}

/**
 * The row under 0-based editor line `line`, or -1. A JSON document's record spans several lines (the
 * trainer's indent-2 `log_history` entries): every line of it, up to the next record's first line, is
 * that record's; the last record spans as many lines as the one before it.
 */
export function rowUnder(table: RunTable, line: number): number {
  const exact = rowAtLine(table, line);
  if (exact >= 0 || (table.format !== 'json' && table.format !== 'trainer-state')) return exact;
  const target = line + 1;
  let lo = 0;
  let hi = table.rowCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (table.lines[mid] <= target) lo = mid + 1;
    else hi = mid - 1;
  }
  const row = hi;
  if (row < 0) return -1;
  const span = row + 1 < table.rowCount ? table.lines[row + 1] - table.lines[row] : row > 0 ? table.lines[row] - table.lines[row - 1] : 1;
  return target - table.lines[row] < span ? row : -1;
}

/**
 * What an entry that is not a data point of the loss column is: an entry of another loss series (a
 * trainer's eval-only entry), drawn as its own series and never fitted, or the run's summary record.
 */
function notDataLines(table: RunTable, row: number): vscode.MarkdownString {
  const md = new SafeMarkdown().markup(`**${vscode.l10n.t('Scaling Laws')}**\n\n`);
  if (table.rowStatus[row] === 'summary') return md.data(vscode.l10n.t('Run summary entry (totals of the run): not a data point, not fitted.')).value;
  const series = (table.lossSeries ?? []).find((name) => Number.isFinite(columnByName(table, name)?.values[row]));
  const value = series === undefined ? Number.NaN : (columnByName(table, series)?.values[row] ?? Number.NaN);
  md.data(
    series === undefined
      ? vscode.l10n.t('Entry of another loss series: not fitted.')
      : vscode.l10n.t('{0} = {1}: an entry of its own series (drawn separately, not fitted).', series, formatNumber(value)),
  );
  const step = valueAt(table, 'step', row);
  if (Number.isFinite(step)) md.markup('\n\n').data(vscode.l10n.t('At step {0}', formatCount(step)));
  return md.value;
}

/**
 * The fit when it speaks for this row; otherwise says why not (stale, or a row outside its `where`)
 * and returns undefined, so no prediction from the wrong data or columns is ever shown.
 */
function usableFor(inUse: FitInUse, row: number, md: SafeMarkdown): FitResult | undefined {
  const { standing, fit } = inUse;
  if (standing.kind === 'stale') {
    md.markup('\n\n').markup(`**${vscode.l10n.t('Stale fit')}**: `).data(vscode.l10n.t('not used, {0}.', standing.why));
    return undefined;
  }
  if (inUse.coverage(row) === 'not-covered') {
    md.markup('\n\n').data(vscode.l10n.t('Not in this fit’s rows: where {0}', fit.request?.where ?? ''));
    return undefined;
  }
  return fit;
}

function fitLines(table: RunTable, fit: FitResult, row: number): string[] {
  const forecast = runForecast(table, fit);
  const predicted = predictions(table, fit)[row];
  const observed = valueAt(table, 'loss', row);
  const lines: string[] = [];
  if (!Number.isFinite(predicted)) {
    lines.push(vscode.l10n.t('No prediction: this row lacks an input of the law'));
  } else {
    const interval = predictionInterval(table, fit, row);
    lines.push(
      interval
        ? vscode.l10n.t('Predicted loss: {0} (95 % bootstrap interval {1} – {2})', formatNumber(predicted), formatNumber(interval.lo), formatNumber(interval.hi))
        : vscode.l10n.t('Predicted loss: {0}', formatNumber(predicted)),
    );
    lines.push(
      Number.isFinite(observed)
        ? vscode.l10n.t('Observed: {0} · residual {1}', formatNumber(observed), formatPercent((observed - predicted) / observed))
        : vscode.l10n.t('Planned run (no observed loss)'),
    );
  }
  const outside = outsideRange(table, fit, row);
  lines.push(
    outside.length === 0
      ? vscode.l10n.t('Inside the fitted range')
      : vscode.l10n.t(
          'Outside the fitted range (extrapolation): {0}',
          outside.map((o) => `${o.role} = ${formatCount(o.value)} ∉ [${formatCount(o.range[0])}, ${formatCount(o.range[1])}]`).join('; '),
        ),
  );
  if (forecast) lines.push(vscode.l10n.t('Run: {0}', describeForecast(forecast)));
  return lines;
}
