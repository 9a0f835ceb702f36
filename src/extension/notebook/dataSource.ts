import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError, type RoleMap, type RunTable } from '../../core/types';
import { errorMessage, type CommandContext } from '../commands/target';
import { shownPath, statRegularFile } from '../fileAccess';
import { confirmModal } from '../log';
import { loadTable } from '../tableSource';
import { resolveDataLocation, type UriParts } from './dataPolicy';

/**
 * Asks before a notebook reads outside the workspace, in a modal whose text (the resolved path) is
 * escaped like every notification. Replaceable through the extension's API for the extension-host
 * tests; another extension gains nothing from that, since it can read any file itself.
 */
export const outsideDataPrompt = {
  ask: (shown: string): Promise<boolean> =>
    confirmModal(
      vscode.l10n.t('Read data outside the workspace?'),
      vscode.l10n.t('This notebook asks to read {0}, which is outside the workspace folders. Only allow this if you trust the notebook.', shown),
      vscode.l10n.t('Read'),
    ),
};

/** Outside locations the user allowed, per notebook (URI strings), for this session. */
const allowed = new Map<string, Set<string>>();

export function uriParts(uri: vscode.Uri): UriParts {
  return { scheme: uri.scheme, authority: uri.authority, path: uri.path };
}

function locate(notebook: vscode.Uri, data: string): ReturnType<typeof resolveDataLocation> {
  return resolveDataLocation(data, {
    notebook: uriParts(notebook),
    folders: (vscode.workspace.workspaceFolders ?? []).map((f) => uriParts(f.uri)),
    trusted: vscode.workspace.isTrusted,
    caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
  });
}

/** The run log a spec's `data` names if the notebook may read it without asking (inside, or allowed before). */
export function readableDataUri(notebook: vscode.Uri, data: string): vscode.Uri | undefined {
  const location = locate(notebook, data);
  if (location.kind === 'refused') return undefined;
  const uri = vscode.Uri.from(location.target);
  return location.kind === 'inside' || allowed.get(notebook.toString())?.has(uri.toString()) ? uri : undefined;
}

/**
 * The run log a spec's `data` names, under the policy of dataPolicy.ts: inside the workspace it is read,
 * outside only once the user has confirmed (once per notebook and location), other schemes never.
 */
export async function resolveDataUri(notebook: vscode.Uri, data: string): Promise<vscode.Uri> {
  const location = locate(notebook, data);
  if (location.kind === 'refused') throw new UserError(location.reason, 'data-refused');
  const uri = vscode.Uri.from(location.target);
  if (location.kind === 'inside') return uri;
  const key = notebook.toString();
  if (allowed.get(key)?.has(uri.toString())) return uri;
  if (!(await outsideDataPrompt.ask(location.shown))) {
    throw new UserError(vscode.l10n.t('data: {0} is outside the workspace folders and reading it was not allowed; move the file into the workspace or run the cell again and choose Read', location.shown), 'data-refused');
  }
  allowed.set(key, (allowed.get(key) ?? new Set()).add(uri.toString()));
  return uri;
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
 * Reads the run log with the spec's `map` and nothing else: the spec is the whole truth, the editor's
 * role overrides for the file never reach a notebook (the same spec text gives the same fit anywhere).
 * Open editors' unsaved text counts, big files are streamed, as for the commands.
 */
export async function readSpecTable(ctx: CommandContext, uri: vscode.Uri, data: string, map: RoleMap): Promise<RunTable> {
  try {
    await statRegularFile(uri);
  } catch (error) {
    // Missing: say which path was tried. Not a regular file (a folder, a device, a pipe): say so.
    if (error instanceof UserError && error.code === 'no-data-file') throw new UserError(vscode.l10n.t('data: cannot find {0} ({1})', data, shownPath(uri)), 'no-data-file');
    throw new UserError(`data: ${errorMessage(error)}`, 'unreadable-input');
  }
  return loadTable(uri, ctx.runLogs, ctx.state, undefined, map);
}
