import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError, type RunTable } from '../core/types';
import { settings } from './config';
import { loadEngine } from './engineLoader';
import { timed } from './log';
import { parseText, type RunLogs } from './runLogs';
import type { FileState } from './stores';

/**
 * The table a command works on. An open document is read from the editor's text (so unsaved edits
 * count); any other file is read from disk. Files above the large-file threshold (VS Code does not
 * hand documents over 50 MB to extensions) go through the streaming reader with progress.
 */
export async function loadTable(
  uri: vscode.Uri,
  runLogs: RunLogs,
  state: FileState,
  token?: vscode.CancellationToken,
): Promise<RunTable> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    const parsed = runLogs.table(open);
    if (parsed) return parsed.table;
    // A candidate that the sniffer rejected: read it anyway, the reader's diagnostics say why it fails.
    return parseText(open.getText(), open.fileName, state.roles(uri), uri);
  }
  const stat = await vscode.workspace.fs.stat(uri);
  const fileName = path.basename(uri.path);
  if (stat.size <= settings(uri).largeFileBytes) {
    return timed(`read ${fileName}`, async () => {
      const text = loadEngine().decodeRunLogBytes(await vscode.workspace.fs.readFile(uri));
      return parseText(text, fileName, state.roles(uri), uri);
    });
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading {0}', fileName), cancellable: true },
    (progress, progressToken) => timed(`stream ${fileName}`, () => streamTable(uri, stat.size, state, progress, progressToken, token)),
  );
}

async function streamTable(
  uri: vscode.Uri,
  size: number,
  state: FileState,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  ...tokens: Array<vscode.CancellationToken | undefined>
): Promise<RunTable> {
  const engine = loadEngine();
  const { flopsPerToken, nCounting } = settings(uri);
  const reader = engine.createRunLogReader({ fileName: path.basename(uri.path), map: state.roles(uri), flopsPerToken, nCounting });
  const decoder = engine.createRunLogDecoder();
  const chunks = await fileChunks(uri);
  let done = 0;
  for await (const chunk of chunks) {
    if (tokens.some((t) => t?.isCancellationRequested)) throw new UserError(vscode.l10n.t('Reading was cancelled.'), 'cancelled');
    reader.push(decoder.decode(chunk));
    done += chunk.byteLength;
    progress.report({ increment: (100 * chunk.byteLength) / size, message: `${Math.round((100 * done) / size)} %` });
  }
  reader.push(decoder.end());
  return reader.finish();
}

/** A local file is streamed; a virtual one can only be read whole through workspace.fs. */
async function fileChunks(uri: vscode.Uri): Promise<AsyncIterable<Uint8Array>> {
  if (uri.scheme === 'file') return fs.createReadStream(uri.fsPath, { highWaterMark: 4 * 1024 * 1024 });
  const bytes = await vscode.workspace.fs.readFile(uri);
  return (async function* () {
    for (let offset = 0; offset < bytes.length; offset += 4 * 1024 * 1024) yield bytes.subarray(offset, offset + 4 * 1024 * 1024);
  })();
}
