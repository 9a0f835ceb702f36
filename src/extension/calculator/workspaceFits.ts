import * as vscode from 'vscode';
import { loadEngine } from '../engineLoader';
import { planOfFit } from '../../core/optimal/planOfFit';
import type { CalculatorFit, CalculatorFits } from '../../shared/messages';
import { judged } from '../fitInUse';
import type { RunLogs } from '../runLogs';
import type { FileState, StoredFit } from '../stores';

/**
 * The fits the calculator can plan with: every fit FileState stores (each fitted file's laws, from the
 * editor, a notebook or 'Use this law'), and which of them "the active file's fit" means — the active
 * run log's current fit, else the last fit made. Labels name the fit and say when the file, as open in
 * the editor, no longer has its data or columns.
 */
export class WorkspaceFits implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private lastFitted: vscode.Uri | undefined;
  /** Fires when the list or the active fit may have changed. */
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

  all(): CalculatorFits {
    const list = this.state
      .fittedUris()
      .flatMap((uri) => this.state.stored(uri).map((fit, index) => calculatorFit(fit, uri, index, this.staleness(fit, uri))))
      .sort((a, b) => a.label.localeCompare(b.label));
    const activeUri = vscode.window.activeTextEditor?.document.uri;
    const uri = activeUri && this.state.currentFit(activeUri) ? activeUri : this.lastFitted;
    const active = uri && this.state.currentFit(uri) ? fitId(uri, 0) : undefined;
    return { list, ...(active ? { active } : {}) };
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

/** A stored fit's id: its file and its place among the file's laws (the first is the file's current fit). */
function fitId(uri: vscode.Uri, index: number): string {
  return `${uri.toString()}#${index}`;
}

/**
 * What planRun needs from a fit result: law, parameters, options and the fitted N/D/C range (as
 * `optimal --fit` reads it), and a label naming the fit (the webview shows it as text).
 */
function calculatorFit(fit: StoredFit, uri: vscode.Uri, index: number, stale?: string): CalculatorFit {
  const file = uri.path.split('/').pop() ?? uri.toString();
  const name = loadEngine().fitName(fit.result, fit.basis);
  return {
    id: fitId(uri, index),
    ...planOfFit(fit.result),
    label: stale === undefined ? vscode.l10n.t('{0} ({1})', name, file) : vscode.l10n.t('{0} ({1}), stale: {2}', name, file, stale),
  };
}
