import * as vscode from 'vscode';
import { settings } from '../config';
import type { RunLogs } from '../runLogs';

/** "Fit scaling law… · Compare laws… · Open calculator" on the first line of a run log. */
export class HeaderCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  constructor(private readonly runLogs: RunLogs) {}

  refresh(): void {
    this.changeEmitter.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!settings(document.uri).codeLensEnabled || !this.runLogs.isRunLog(document)) return [];
    const header = new vscode.Range(0, 0, 0, 0);
    const arg = { uri: document.uri };
    return [
      new vscode.CodeLens(header, { title: vscode.l10n.t('Fit scaling law…'), command: 'scalingLaws.fit', arguments: [arg] }),
      new vscode.CodeLens(header, { title: vscode.l10n.t('Compare laws…'), command: 'scalingLaws.compare', arguments: [arg] }),
      new vscode.CodeLens(header, { title: vscode.l10n.t('Open calculator'), command: 'scalingLaws.openCalculator', arguments: [arg] }),
    ];
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
