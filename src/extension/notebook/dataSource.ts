import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError, type RoleMap, type RunTable } from '../../core/types';
import type { CommandContext } from '../commands/target';
import { loadTable } from '../tableSource';

/**
 * The run log a spec's `data` names: a URI, an absolute path, or a path relative to the notebook's
 * folder (for an unsaved notebook: the first workspace folder, where "Save" proposes to put it).
 */
export function resolveDataUri(notebook: vscode.Uri, data: string): vscode.Uri {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(data)) return vscode.Uri.parse(data);
  if (path.posix.isAbsolute(data) || path.win32.isAbsolute(data)) return vscode.Uri.file(data);
  if (notebook.scheme !== 'untitled') return vscode.Uri.joinPath(notebook, '..', data);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new UserError(vscode.l10n.t('data: {0} is a relative path, but this notebook is not saved and no folder is open; save the notebook or write an absolute path', data), 'no-base-folder');
  return vscode.Uri.joinPath(folder.uri, data);
}

/** How a notebook refers to a run log: relative to the workspace folder when inside it, else absolute. */
export function dataPathFor(uri: vscode.Uri): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder && vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === folder.uri.toString()) {
    return path.posix.relative(folder.uri.path, uri.path);
  }
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/**
 * Reads the run log with the file's role overrides plus the spec's `map` (the spec wins). Without a
 * `map` this is exactly what the commands read (open editors' unsaved text, big files streamed).
 */
export async function readSpecTable(ctx: CommandContext, uri: vscode.Uri, data: string, map: RoleMap | undefined): Promise<RunTable> {
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    throw new UserError(vscode.l10n.t('data: cannot find {0} ({1})', data, uri.scheme === 'file' ? uri.fsPath : uri.toString()), 'no-data-file');
  }
  return loadTable(uri, ctx.runLogs, ctx.state, undefined, map);
}
