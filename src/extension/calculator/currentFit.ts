import * as vscode from 'vscode';
import { planOfFit } from '../../core/optimal/planOfFit';
import type { FitResult } from '../../core/types';
import type { CalculatorFit } from '../../shared/messages';
import type { FileState } from '../stores';

/**
 * The calculator's "current fit": the fit of the active run log, else the most recent fit stored for
 * any file (a run log fitted from the explorer, or a notebook that stores its fit in FileState).
 */
export class CurrentFitSource implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private lastFitted: vscode.Uri | undefined;
  /** Fires when the current fit may have changed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly state: FileState) {
    this.subscriptions = [
      state.onDidChangeFit((uri) => {
        if (state.currentFit(uri)) this.lastFitted = uri;
        else if (this.lastFitted?.toString() === uri.toString()) this.lastFitted = undefined;
        this.emitter.fire();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.emitter.fire()),
    ];
  }

  current(): CalculatorFit | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    const uri = active && this.state.currentFit(active) ? active : this.lastFitted;
    const fit = uri && this.state.currentFit(uri);
    return uri && fit ? calculatorFit(fit, uri) : undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.emitter.dispose();
  }
}

/** What planRun needs from a fit result: law, parameters, options and the fitted N/D/C range (as `optimal --fit` reads it). */
export function calculatorFit(fit: FitResult, uri: vscode.Uri): CalculatorFit {
  return {
    ...planOfFit(fit),
    label: vscode.l10n.t('{0} fit of {1}', fit.law.id, uri.path.split('/').pop() ?? uri.toString()),
  };
}
