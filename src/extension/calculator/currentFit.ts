import * as vscode from 'vscode';
import { loadEngine } from '../engineLoader';
import { planOfFit } from '../../core/optimal/planOfFit';
import type { CalculatorFit } from '../../shared/messages';
import { judged } from '../fitInUse';
import type { RunLogs } from '../runLogs';
import type { FileState, StoredFit } from '../stores';

/**
 * The calculator's "current fit": the fit of the active run log, else the most recent fit stored for
 * any file (a run log fitted from the explorer, or a notebook that stores its fit in FileState). Its
 * label names the fit, and says when the file, as open in the editor, no longer has its data or columns.
 */
export class CurrentFitSource implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private lastFitted: vscode.Uri | undefined;
  /** Fires when the current fit may have changed. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly state: FileState,
    private readonly runLogs: RunLogs,
  ) {
    this.subscriptions = [
      state.onDidChangeFit((uri) => {
        if (state.currentFit(uri)) this.lastFitted = uri;
        else if (this.lastFitted?.toString() === uri.toString()) this.lastFitted = undefined;
        this.emitter.fire();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.emitter.fire()),
      runLogs.onDidChangeTable(() => this.emitter.fire()),
    ];
  }

  current(): CalculatorFit | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    const uri = active && this.state.currentFit(active) ? active : this.lastFitted;
    const fit = uri && this.state.currentFit(uri);
    return uri && fit ? calculatorFit(fit, uri, this.staleness(fit, uri)) : undefined;
  }

  /** Why the fit is stale, judged on the file's parsed table when it is open; undefined otherwise. */
  private staleness(fit: StoredFit, uri: vscode.Uri): string | undefined {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const table = document && this.runLogs.peek(document)?.table;
    const standing = table ? judged(fit, table).standing : undefined;
    return standing?.kind === 'stale' ? standing.why : undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.emitter.dispose();
  }
}

/**
 * What planRun needs from a fit result: law, parameters, options and the fitted N/D/C range (as
 * `optimal --fit` reads it), and a label naming the fit (the webview escapes it).
 */
export function calculatorFit(fit: StoredFit, uri: vscode.Uri, stale?: string): CalculatorFit {
  const file = uri.path.split('/').pop() ?? uri.toString();
  const name = loadEngine().fitName(fit.result, fit.basis);
  return {
    ...planOfFit(fit.result),
    label: stale === undefined ? vscode.l10n.t('{0} ({1})', name, file) : vscode.l10n.t('{0} ({1}), stale: {2}', name, file, stale),
  };
}
