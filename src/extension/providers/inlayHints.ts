import * as vscode from 'vscode';
import { formatInterval, formatNumber } from '../../core/format';
import { settings } from '../config';
import { fitInUse } from '../fitInUse';
import { predictionInterval, predictions } from '../predictions';
import type { RunLogs } from '../runLogs';
import type { FileState } from '../stores';

/**
 * The predicted loss at the end of each planned row (inputs present, loss empty) of a fitted log: only
 * while the stored fit is current, and only on rows its `where` covers.
 */
export class PlannedRowHintsProvider implements vscode.InlayHintsProvider {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changeEmitter.event;

  constructor(
    private readonly runLogs: RunLogs,
    private readonly state: FileState,
  ) {}

  refresh(): void {
    this.changeEmitter.fire();
  }

  async provideInlayHints(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    if (!settings(document.uri).inlayHintsEnabled) return [];
    // The worker's table of this version (a running parse is awaited, never parsed here).
    const parsed = this.state.currentFit(document.uri) && (await this.runLogs.parse(document).catch(() => undefined));
    if (!parsed || document.isClosed || parsed.version !== document.version) return [];
    const { table } = parsed;
    const inUse = fitInUse(this.state, document.uri, table);
    if (!inUse || inUse.standing.kind === 'stale') return [];
    const { fit, coverage } = inUse;
    const predicted = predictions(table, fit);
    const hints: vscode.InlayHint[] = [];
    for (let row = 0; row < table.rowCount; row++) {
      if (table.rowStatus[row] !== 'planned' || !Number.isFinite(predicted[row]) || coverage(row) === 'not-covered') continue;
      const line = table.lines[row] - 1;
      if (line < range.start.line || line > range.end.line) continue;
      const interval = predictionInterval(table, fit, row);
      const hint = new vscode.InlayHint(
        document.lineAt(line).range.end,
        vscode.l10n.t('predicted loss ≈ {0}', `${formatNumber(predicted[row])}${formatInterval(predicted[row], interval)}`),
        vscode.InlayHintKind.Type,
      );
      hint.paddingLeft = true;
      hint.tooltip = interval
        ? vscode.l10n.t('Prediction of the fit {0} for this planned run, with the 95 % interval of its bootstrap refits', inUse.name)
        : vscode.l10n.t('Prediction of the fit {0} for this planned run', inUse.name);
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
