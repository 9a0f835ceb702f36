import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createRunLogDecoder, decodeRunLogBytes } from '../core/runlog/decode';
import { createRunLogReader, readRunLog } from '../core/runlog/reader';
import { UserError, type RunTable } from '../core/types';
import { settings } from './config';
import { readWholeFile, statRegularFile } from './fileAccess';
import { timed, withNotificationProgress } from './log';
import { nColumnFor, parseText, type RunLogs } from './runLogs';
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
  const stat = await statRegularFile(uri);
  const fileName = path.basename(uri.path);
  if (stat.size <= settings(uri).largeFileBytes) {
    return timed(`read ${fileName}`, async () => {
      const text = decodeRunLogBytes(await readWholeFile(uri, stat));
      return parseText(text, fileName, state.roles(uri), uri);
    });
  }
  return withNotificationProgress(
    vscode.l10n.t('Reading {0}', fileName),
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
  const { flopsPerToken, nCounting } = settings(uri);
  const fileName = path.basename(uri.path);
  const decoder = createRunLogDecoder();
  let reader: ReturnType<typeof createRunLogReader> | undefined;
  let done = 0;
  for await (const chunk of await fileChunks(uri)) {
    if (tokens.some((t) => t?.isCancellationRequested)) throw new UserError(vscode.l10n.t('Reading was cancelled.'), 'cancelled');
    const text = decoder.decode(chunk);
    if (!reader) {
      // The N column under nCounting is decided from the first chunk: a big file is read only once.
      const map = state.roles(uri);
      const n = map.N === undefined ? nColumnFor(readRunLog(text.slice(0, text.lastIndexOf('\n') + 1), { fileName, map, flopsPerToken }), nCounting) : undefined;
      reader = createRunLogReader({ fileName, map: n ? { ...map, N: n } : map, flopsPerToken });
    }
    reader.push(text);
    done += chunk.byteLength;
    progress.report({ increment: (100 * chunk.byteLength) / size, message: `${Math.round((100 * done) / size)} %` });
  }
  if (!reader) throw new UserError(vscode.l10n.t('file is empty'), 'empty-input');
  reader.push(decoder.end());
  return reader.end();
}

/** A local file is streamed; a virtual one can only be read whole through workspace.fs. */
async function fileChunks(uri: vscode.Uri): Promise<AsyncIterable<Uint8Array>> {
  if (uri.scheme === 'file') return fs.createReadStream(uri.fsPath, { highWaterMark: 4 * 1024 * 1024 });
  const bytes = await readWholeFile(uri);
  return (async function* () {
    for (let offset = 0; offset < bytes.length; offset += 4 * 1024 * 1024) yield bytes.subarray(offset, offset + 4 * 1024 * 1024);
  })();
}
