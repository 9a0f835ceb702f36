import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError, type RoleMap, type RunTable } from '../core/types';
import { settings } from './config';
import { readWholeFile, statRegularFile } from './fileAccess';
import { timed, withNotificationProgress } from './log';
import type { ReadSource } from './readTable';
import type { RunLogs } from './runLogs';
import type { FileState } from './stores';

/**
 * The table a command works on. An open document is read from the editor's text (so unsaved edits
 * count); any other file is read from disk. Either way the parse runs in the worker: a local file is
 * read there by path (streamed, never held whole), a virtual one is handed over as bytes. Files above
 * the large-file threshold (VS Code does not hand documents over 50 MB to extensions) show cancellable
 * progress. Read with the file's role overrides, or with `map` alone when given (a notebook spec's
 * `map:`, a stored fit's mapping): then the editor's overrides play no part.
 */
export async function loadTable(
  uri: vscode.Uri,
  runLogs: RunLogs,
  state: FileState,
  token?: vscode.CancellationToken,
  map?: RoleMap,
): Promise<RunTable> {
  const overrides = state.roles(uri);
  const roles = map ?? overrides;
  const fileName = path.basename(uri.path);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    // The editor's parse is read with the file's overrides: reusable only when those are the roles asked for.
    const parsed = sameMap(roles, overrides) ? await runLogs.parse(open) : undefined;
    if (parsed) return parsed.table;
    // A candidate that the sniffer rejected: read it anyway, the reader's diagnostics say why it fails.
    return runLogs.read({ text: open.getText() }, open.fileName, roles, uri, token);
  }
  const stat = await statRegularFile(uri);
  const source = async (): Promise<ReadSource> =>
    uri.scheme === 'file' ? { path: uri.fsPath, size: stat.size } : { bytes: await readWholeFile(uri, stat) };
  if (stat.size <= settings(uri).largeFileBytes) {
    return timed(`read ${fileName}`, async () => runLogs.read(await source(), fileName, roles, uri, token));
  }
  return withNotificationProgress(
    vscode.l10n.t('Reading {0}', fileName),
    (progress, progressToken) =>
      timed(`stream ${fileName}`, async () => {
        let reported = 0;
        const onProgress = (fraction: number) => {
          progress.report({ increment: 100 * (fraction - reported), message: `${Math.round(100 * fraction)} %` });
          reported = fraction;
        };
        const cancelled = anyCancelled(progressToken, token);
        try {
          return await runLogs.read(await source(), fileName, roles, uri, cancelled.token, onProgress);
        } catch (error) {
          if (progressToken.isCancellationRequested || token?.isCancellationRequested) throw new UserError(vscode.l10n.t('Reading was cancelled.'), 'cancelled');
          throw error;
        } finally {
          cancelled.dispose();
        }
      }),
  );
}

function sameMap(a: RoleMap, b: RoleMap): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as Array<keyof RoleMap>);
  return [...keys].every((key) => a[key] === b[key]);
}

/**
 * One token cancelled when any of the given ones is (the progress notification's and the caller's);
 * dispose it when the read ends, so a long-lived caller token does not collect listeners.
 */
function anyCancelled(...tokens: Array<vscode.CancellationToken | undefined>): vscode.Disposable & { token: vscode.CancellationToken } {
  const source = new vscode.CancellationTokenSource();
  const listeners: vscode.Disposable[] = [];
  for (const token of tokens) {
    if (token?.isCancellationRequested) source.cancel();
    if (token) listeners.push(token.onCancellationRequested(() => source.cancel()));
  }
  return {
    token: source.token,
    dispose: () => {
      for (const listener of listeners) listener.dispose();
      source.dispose();
    },
  };
}
