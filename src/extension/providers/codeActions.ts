import * as vscode from 'vscode';
import type { RunLogs } from '../runLogs';
import { diagnosticCell } from './cells';
import { documentLines, NOT_A_RUN_LOG } from './diagnostics';
import { pushAll } from '../../core/arrays';
import { plausibleRoles } from '../../core/runlog/roles';
import { quickPickText } from '../../core/escape';
import type { Role } from '../../core/types';
import { derivation } from '../commands/roles';
import { settings } from '../config';

/** Quick fixes per column: the likeliest roles only (every role for every column buried the right one). */
const MAX_ROLES_PER_COLUMN = 3;

/**
 * Quick fixes for the reader's diagnostics: map a column when no roles were found, clear an unusable
 * cell so the row counts as missing there, and derive C (or D) instead of reading a column of broken
 * values. All are explicit user actions; nothing edits the file unless the user picks the fix (and the
 * edit is an ordinary, undoable, unsaved change; deriving changes the file's role mapping only).
 */
export class RunLogCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  /** Codes for "no column plays a role the laws need" (the reader's, and our hint's). */
  static readonly NO_ROLE_CODES = new Set(['no-roles', NOT_A_RUN_LOG]);
  /** Reader codes for a single cell that could not be used as a number (src/core/runlog/finish.ts). */
  static readonly CELL_CODES = new Set(['not-a-number', 'non-finite']);
  /** Reader codes for a column whose values cannot be what its role means (a C far from 6·N·D, overflowed). */
  static readonly COLUMN_CODES = new Set(['flops-inconsistent', 'bad-column']);

  constructor(private readonly runLogs: RunLogs) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? '');
      if (RunLogCodeActions.NO_ROLE_CODES.has(code)) pushAll(actions, await this.mapColumnActions(document, diagnostic));
      else if (RunLogCodeActions.CELL_CODES.has(code)) {
        const cell = this.unusableCell(document, diagnostic, code);
        if (cell) actions.push(treatAsMissing(document, diagnostic, cell));
      } else if (RunLogCodeActions.COLUMN_CODES.has(code)) pushAll(actions, this.deriveActions(document, diagnostic, code));
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

  /**
   * "Derive C = 6·N·D instead of “flops”": leaves the role of the diagnosed column unbound for this
   * file (null in its role overrides), so the reader derives it from the other two.
   */
  private deriveActions(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, code: string): vscode.CodeAction[] {
    const table = this.runLogs.peek(document)?.table;
    if (!table) return [];
    const diagnosed = new Set(table.diagnostics.filter((d) => d.code === code).map((d) => d.column));
    const k = settings(document.uri).flopsPerToken;
    return DERIVABLE.flatMap((role) => {
      const binding = table.roles[role];
      const how = derivation(role, k);
      const from = DERIVED_FROM[role] ?? [];
      if (!binding || binding.derived || !how || !diagnosed.has(binding.column) || from.some((r) => !table.roles[r] || table.roles[r].derived)) return [];
      const action = new vscode.CodeAction(vscode.l10n.t('Derive {0} instead of “{1}”', how, quickPickText(binding.column)), vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.command = { title: action.title, command: 'scalingLaws.setRoles', arguments: [{ uri: document.uri, map: { [role]: null } }] };
      return [action];
    });
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

/** Roles a column of broken values can be replaced by a derivation for, from the columns of the other two. */
const DERIVED_FROM: Partial<Record<Role, readonly Role[]>> = { C: ['N', 'D'], D: ['C', 'N'] };
const DERIVABLE = Object.keys(DERIVED_FROM) as Role[];

function treatAsMissing(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, cell: vscode.Range): vscode.CodeAction {
  const action = new vscode.CodeAction(vscode.l10n.t('Treat as missing (clear this cell)'), vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.edit = new vscode.WorkspaceEdit();
  action.edit.replace(document.uri, cell, '');
  return action;
}
