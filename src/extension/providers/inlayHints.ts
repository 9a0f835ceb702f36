import * as vscode from 'vscode';
import { formatNumber } from '../../core/format';
import { settings } from '../config';
import { predictions } from '../predictions';
import type { RunLogs } from '../runLogs';
import type { FileState } from '../stores';

/** The predicted loss at the end of each planned row (inputs present, loss empty) of a fitted log. */
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
    const fit = this.state.currentFit(document.uri);
    // The worker's table of this version (a running parse is awaited, never parsed here).
    const parsed = fit && (await this.runLogs.parse(document).catch(() => undefined));
    if (!fit || !parsed || document.isClosed || parsed.version !== document.version) return [];
    const { table } = parsed;
    const predicted = predictions(table, fit);
    const hints: vscode.InlayHint[] = [];
    for (let row = 0; row < table.rowCount; row++) {
      if (table.rowStatus[row] !== 'planned' || !Number.isFinite(predicted[row])) continue;
      const line = table.lines[row] - 1;
      if (line < range.start.line || line > range.end.line) continue;
      const hint = new vscode.InlayHint(
        document.lineAt(line).range.end,
        vscode.l10n.t('predicted loss ≈ {0}', formatNumber(predicted[row])),
        vscode.InlayHintKind.Type,
      );
      hint.paddingLeft = true;
      hint.tooltip = vscode.l10n.t('Prediction of the {0} fit for this planned run', fit.law.id);
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
