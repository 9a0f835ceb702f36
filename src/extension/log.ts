import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's one output channel ("Scaling Laws"), created on first use. */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Scaling Laws', { log: true });
  return channel;
}

/** Runs `work` and logs how long it took, so budgets (activation, parse, fit) are visible to users. */
export async function timed<T>(label: string, work: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    log().info(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
  }
}

/** A notification with a "Show details" button that opens this log (not awaited: it settles on dismissal). */
export function notifyWithLog(message: string, warning = false): void {
  const details = vscode.l10n.t('Show details');
  const show = warning ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, details).then((choice) => {
    if (choice === details) log().show(true);
  });
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
