import * as vscode from 'vscode';
import type { RunLogs } from '../runLogs';
import type { FileState } from '../stores';

/** What every command needs from the extension (built once in activate()). */
export interface CommandContext {
  extensionPath: string;
  runLogs: RunLogs;
  state: FileState;
}

/** Commands are called with an options object (CodeLens, tests), a Uri (menus) or nothing (palette). */
export function commandArgs<T extends { uri?: vscode.Uri | string }>(arg: unknown): T {
  if (arg instanceof vscode.Uri) return { uri: arg } as T;
  return (arg && typeof arg === 'object' ? arg : {}) as T;
}

/**
 * The file a command works on: the given one, else the active run log, else (interactively) one the
 * user picks — which is how files too big to open in an editor are fitted.
 */
export async function targetUri(uri: vscode.Uri | string | undefined, silent: boolean | undefined, runLogs: RunLogs): Promise<vscode.Uri | undefined> {
  if (uri) return typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  const active = vscode.window.activeTextEditor?.document;
  if (active && runLogs.isCandidate(active)) return active.uri;
  if (silent) return undefined;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Use run log'),
    filters: { [vscode.l10n.t('Run logs')]: ['csv', 'tsv', 'jsonl', 'ndjson', 'json'] },
  });
  return picked?.[0];
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
