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

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
