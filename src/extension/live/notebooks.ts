import * as vscode from 'vscode';
import { loadEngine } from '../engineLoader';
import { log } from '../log';
import { readableDataUri } from '../notebook/dataSource';
import { NOTEBOOK_TYPE, SPEC_LANGUAGE } from '../notebook/serializer';

/**
 * Runs again the spec cells of open scaling notebooks whose `data:` is `uri` and that were run before
 * (cells never run stay as they are), so their chart and summary show the grown log. A `data:` outside
 * the workspace that the user has not allowed for that notebook is left alone: no prompt from a refit.
 */
export async function rerunCellsOf(uri: vscode.Uri): Promise<number> {
  const target = uri.toString();
  let rerun = 0;
  for (const notebook of vscode.workspace.notebookDocuments) {
    if (notebook.notebookType !== NOTEBOOK_TYPE) continue;
    const ranges = notebook
      .getCells()
      .filter((cell) => cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === SPEC_LANGUAGE && cell.outputs.length > 0)
      .filter((cell) => {
        const spec = loadEngine().parseSpec(cell.document.getText()).spec;
        return spec !== undefined && readableDataUri(notebook.uri, spec.data)?.toString() === target;
      })
      .map((cell) => ({ start: cell.index, end: cell.index + 1 }));
    if (ranges.length === 0) continue;
    log().info(`live ${vscode.workspace.asRelativePath(uri)}: running ${ranges.length} cell(s) of ${vscode.workspace.asRelativePath(notebook.uri)} again`);
    await vscode.commands.executeCommand('notebook.cell.execute', { ranges, document: notebook.uri });
    rerun += ranges.length;
  }
  return rerun;
}
