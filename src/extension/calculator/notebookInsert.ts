import * as vscode from 'vscode';
import { maxOf } from '../../core/arrays';

/** Notebook type used when no notebook is open: the extension's scaling notebook, else Jupyter's. */
function notebookType(context: vscode.ExtensionContext): string {
  const notebooks = (context.extension.packageJSON as { contributes?: { notebooks?: Array<{ type: string }> } }).contributes?.notebooks;
  return notebooks?.[0]?.type ?? 'jupyter-notebook';
}

/**
 * Puts `markdown` into a markdown cell after the selection of the active notebook, or into a new
 * scaling notebook when none is active. Returns the notebook it landed in.
 */
export async function insertMarkdownCell(context: vscode.ExtensionContext, markdown: string): Promise<vscode.NotebookDocument> {
  const cell = new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, markdown, 'markdown');
  const editor = vscode.window.activeNotebookEditor;
  if (editor) {
    const index = editor.selections.length > 0 ? maxOf(editor.selections.map((s) => s.end)) : editor.notebook.cellCount;
    const edit = new vscode.WorkspaceEdit();
    edit.set(editor.notebook.uri, [vscode.NotebookEdit.insertCells(index, [cell])]);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('the notebook refused the edit'));
    await vscode.window.showNotebookDocument(editor.notebook, { selections: [new vscode.NotebookRange(index, index + 1)] });
    return editor.notebook;
  }
  const notebook = await vscode.workspace.openNotebookDocument(notebookType(context), new vscode.NotebookData([cell]));
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}
