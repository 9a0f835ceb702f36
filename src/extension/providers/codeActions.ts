import * as vscode from 'vscode';
import type { RunLogs } from '../runLogs';
import { diagnosticCell } from './cells';
import { documentLines, NOT_A_RUN_LOG } from './diagnostics';
import { pushAll } from '../../core/arrays';
import { plausibleRoles } from '../../core/runlog/roles';

/** Quick fixes per column: the likeliest roles only (every role for every column buried the right one). */
const MAX_ROLES_PER_COLUMN = 3;

/**
 * Quick fixes for the reader's diagnostics: map a column when no roles were found, and clear an
 * unusable cell so the row counts as missing there. Both are explicit user actions; nothing edits the
 * file unless the user picks the fix (and the edit is an ordinary, undoable, unsaved change).
 */
export class RunLogCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  /** Codes for "no column plays a role the laws need" (the reader's, and our hint's). */
  static readonly NO_ROLE_CODES = new Set(['no-roles', NOT_A_RUN_LOG]);
  /** Reader codes for a single cell that could not be used as a number (src/core/runlog/finish.ts). */
  static readonly CELL_CODES = new Set(['not-a-number', 'non-finite']);

  constructor(private readonly runLogs: RunLogs) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? '');
      if (RunLogCodeActions.NO_ROLE_CODES.has(code)) pushAll(actions, await this.mapColumnActions(document, diagnostic));
      else if (RunLogCodeActions.CELL_CODES.has(code)) {
        const cell = this.unusableCell(document, diagnostic, code);
        if (cell) actions.push(treatAsMissing(document, diagnostic, cell));
      }
    }
    return actions;
  }

  /**
   * The cell a "not a number" diagnostic squiggles, located again in the current text from the parsed
   * table of this very document version (never a stale one, never a whole-line fallback range): the
   * edit may only ever clear that cell.
   */
  private unusableCell(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, code: string): vscode.Range | undefined {
    const table = this.runLogs.peek(document)?.table;
    if (!table) return undefined;
    const lines = documentLines(document);
    const start = diagnostic.range.start.line + 1;
    for (const d of table.diagnostics) {
      if (d.code !== code || d.line === undefined || d.line > start) continue;
      const cell = diagnosticCell(lines, table, d);
      if (!cell) continue;
      const range = new vscode.Range(cell.startLine, cell.startChar, cell.endLine, cell.endChar);
      if (range.isEqual(diagnostic.range) && !range.isEmpty) return range;
    }
    return undefined;
  }

  private async mapColumnActions(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
    const table = this.runLogs.peek(document)?.table ?? (await this.runLogs.readUnmapped(document));
    const columns = table?.columns.filter((c) => c.kind === 'number' && !c.derived) ?? [];
    const actions = columns.flatMap((column) =>
      plausibleRoles(column)
        .filter((role) => table?.roles[role]?.column !== column.name)
        .slice(0, MAX_ROLES_PER_COLUMN)
        .map((role) => {
          const action = new vscode.CodeAction(vscode.l10n.t('Map column “{0}” as {1}', column.name, role), vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.command = { title: action.title, command: 'scalingLaws.setRoles', arguments: [{ uri: document.uri, map: { [role]: column.name } }] };
          return action;
        }),
    );
    const pick = new vscode.CodeAction(vscode.l10n.t('Set column roles…'), vscode.CodeActionKind.QuickFix);
    pick.diagnostics = [diagnostic];
    pick.isPreferred = true;
    pick.command = { title: pick.title, command: 'scalingLaws.setRoles', arguments: [{ uri: document.uri }] };
    return [pick, ...actions];
  }
}

function treatAsMissing(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, cell: vscode.Range): vscode.CodeAction {
  const action = new vscode.CodeAction(vscode.l10n.t('Treat as missing (clear this cell)'), vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.edit = new vscode.WorkspaceEdit();
  action.edit.replace(document.uri, cell, '');
  return action;
}
