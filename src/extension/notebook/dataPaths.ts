import * as vscode from 'vscode';
import { parseNotebookFile, stringifyNotebookFile } from '../../core/spec/notebookFile';
import { errorMessage } from '../commands/target';
import { loadEngine } from '../engineLoader';
import { log } from '../log';
import { rebasedData, type Moved, type UriParts } from './dataPolicy';
import { uriParts } from './dataSource';
import { NOTEBOOK_TYPE } from './serializer';

/**
 * A spec's relative `data:` is relative to the notebook (an untitled one: to the first workspace folder),
 * so a notebook saved to another folder or moved would name another file, or none. When that happens
 * each spec cell's `data:` is rewritten (rebasedData) to name the same file from the new place:
 * - Save As, and the first save of an untitled notebook: VS Code copies the notebook into a new document
 *   and saves that; its source is the open scaling notebook with the same cells that is untitled or shown
 *   in the active editor (the one Save As was invoked on). A plain save has no such source.
 * - A rename or move in the explorer (or by any extension) of the notebook or of a folder above it: the
 *   renamed notebooks, open or not; data files renamed along are followed.
 * Each rewrite is logged with the old and the new path.
 */
export function registerDataPathRewrites(): vscode.Disposable[] {
  return [
    vscode.workspace.onWillSaveNotebookDocument((event) => {
      if (event.notebook.notebookType !== NOTEBOOK_TYPE) return;
      const source = saveAsSource(event.notebook);
      const edit = source && rebaseEdit(event.notebook, uriParts(source.uri));
      if (edit) event.waitUntil(Promise.resolve(edit));
    }),
    vscode.workspace.onDidRenameFiles((event) => {
      void followRenames(event.files).catch((error: unknown) => log().warn(`updating notebook data: paths after a rename failed: ${errorMessage(error)}`));
    }),
  ];
}

function folders(): UriParts[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => uriParts(f.uri));
}

function cellTexts(notebook: vscode.NotebookDocument): string[] {
  return notebook.getCells().map((cell) => cell.document.getText());
}

function saveAsSource(target: vscode.NotebookDocument): vscode.NotebookDocument | undefined {
  const active = vscode.window.activeNotebookEditor?.notebook;
  const texts = cellTexts(target).join('\u0000');
  return vscode.workspace.notebookDocuments.find(
    (doc) =>
      doc !== target &&
      doc.notebookType === NOTEBOOK_TYPE &&
      doc.uri.toString() !== target.uri.toString() &&
      (doc.isUntitled || doc === active) &&
      cellTexts(doc).join('\u0000') === texts,
  );
}

/** A spec's text with its `data:` re-pointed, or undefined when it needs no change (or has no plain `data:`). */
function rebasedSpec(text: string, from: UriParts, to: UriParts, moved?: Moved): string | undefined {
  // Most cells are cheap to rule out; the YAML parser lives in the engine bundle.
  if (!/^data\s*:/m.test(text)) return undefined;
  const found = loadEngine().specData(text);
  const data = found && rebasedData(found.value, from, to, folders(), moved);
  if (!found || data === undefined) return undefined;
  log().info(`notebook ${to.path}: data: ${found.value} → ${data} (the notebook was at ${from.scheme === 'untitled' ? 'an untitled notebook' : from.path})`);
  return found.replace(data);
}

/** Edits re-pointing each spec cell of an open notebook from `from` to where it is now. */
function rebaseEdit(notebook: vscode.NotebookDocument, from: UriParts, moved?: Moved): vscode.WorkspaceEdit | undefined {
  const edit = new vscode.WorkspaceEdit();
  let changed = false;
  for (const cell of notebook.getCells()) {
    if (cell.kind !== vscode.NotebookCellKind.Code) continue;
    const text = cell.document.getText();
    const rewritten = rebasedSpec(text, from, uriParts(notebook.uri), moved);
    if (rewritten === undefined) continue;
    edit.replace(cell.document.uri, new vscode.Range(cell.document.positionAt(0), cell.document.positionAt(text.length)), rewritten);
    changed = true;
  }
  return changed ? edit : undefined;
}

/** Where a location was before the renames (inverse of `moved`), for the notebooks found at their new place. */
function renameMaps(files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): { moved: Moved; before: Moved } {
  const pairs = files.map((f) => ({ old: uriParts(f.oldUri), now: uriParts(f.newUri) }));
  const map = (t: UriParts, from: (p: (typeof pairs)[number]) => UriParts, to: (p: (typeof pairs)[number]) => UriParts): UriParts => {
    for (const pair of pairs) {
      const a = from(pair);
      if (a.scheme !== t.scheme || a.authority !== t.authority) continue;
      if (t.path === a.path || t.path.startsWith(`${a.path}/`)) return { ...to(pair), path: to(pair).path + t.path.slice(a.path.length) };
    }
    return t;
  };
  return { moved: (t) => map(t, (p) => p.old, (p) => p.now), before: (t) => map(t, (p) => p.now, (p) => p.old) };
}

async function followRenames(files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): Promise<void> {
  const { moved, before } = renameMaps(files);
  const notebooks: vscode.Uri[] = [];
  for (const { newUri } of files) {
    if (newUri.path.endsWith('.scalenb')) notebooks.push(newUri);
    else if ((await vscode.workspace.fs.stat(newUri)).type & vscode.FileType.Directory) {
      notebooks.push(...(await vscode.workspace.findFiles(new vscode.RelativePattern(newUri, '**/*.scalenb'))));
    }
  }
  for (const uri of notebooks) {
    const from = before(uriParts(uri));
    const open = vscode.workspace.notebookDocuments.find((doc) => doc.uri.toString() === uri.toString());
    if (open) {
      const edit = rebaseEdit(open, from, moved);
      if (!edit) continue;
      const dirty = open.isDirty;
      await vscode.workspace.applyEdit(edit);
      // A notebook with unsaved changes is left for its owner to save; a clean one stays clean on disk.
      if (!dirty) await open.save();
    } else {
      await rewriteClosed(uri, from, moved);
    }
  }
}

/** A notebook that is not open is rewritten on disk: only the `data:` values of its spec cells change. */
async function rewriteClosed(uri: vscode.Uri, from: UriParts, moved: Moved): Promise<void> {
  const file = parseNotebookFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  let changed = false;
  const cells = file.cells.map((cell) => {
    const source = cell.kind === 'spec' ? rebasedSpec(cell.source, from, uriParts(uri), moved) : undefined;
    if (source === undefined) return cell;
    changed = true;
    return { ...cell, source };
  });
  if (changed) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(stringifyNotebookFile({ ...file, cells })));
}
