import * as vscode from 'vscode';
import { loadEngine } from './engineLoader';
import { ROLES, type RunTable } from '../core/types';
import { SafeMarkdown } from './markdownString';
import type { RunLogs } from './runLogs';
import type { FileState, StoredFit } from './stores';

/**
 * The active run log's detected roles in the status bar ("N · D* · loss"; * = derived). Clicking it
 * opens the role picker. Also owns the `scalingLaws.isRunLog` context key that menus use.
 */
export class RoleStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scalingLaws.roles', vscode.StatusBarAlignment.Right, 100);
  private lastContext: boolean | undefined;

  constructor(
    private readonly runLogs: RunLogs,
    private readonly state: FileState,
  ) {
    this.item.name = vscode.l10n.t('Scaling Laws: column roles');
    this.item.command = 'scalingLaws.setRoles';
  }

  /** Re-evaluates for the active editor: cheap (sniff only) unless the table was already parsed. */
  update(editor = vscode.window.activeTextEditor, parsedTable?: RunTable): void {
    const document = editor?.document;
    const isRunLog = document ? this.runLogs.isRunLog(document) : false;
    if (this.lastContext !== isRunLog) {
      this.lastContext = isRunLog;
      void vscode.commands.executeCommand('setContext', 'scalingLaws.isRunLog', isRunLog);
    }
    if (!document || !isRunLog) {
      this.item.hide();
      return;
    }
    const table = parsedTable ?? this.runLogs.peek(document)?.table;
    const sniffed = this.runLogs.sniff(document);
    const roles = table
      ? ROLES.filter((role) => table.roles[role]).map((role) => ({ role, column: table.roles[role]!.column, derived: table.roles[role]!.derived }))
      : Object.entries(sniffed?.roles ?? {}).map(([role, column]) => ({ role, column, derived: false }));
    this.item.text = `$(graph-line) ${roles.length > 0 ? roles.map((r) => `${r.role}${r.derived ? '*' : ''}`).join(' · ') : vscode.l10n.t('no roles')}`;
    this.item.tooltip = roleTooltip(roles, this.state.currentFit(document.uri));
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** The status bar's tooltip: column names and the fit's name come from the file, so they go in as data. */
export function roleTooltip(roles: ReadonlyArray<{ role: string; column: string; derived: boolean }>, fit: StoredFit | undefined): vscode.MarkdownString {
  const tooltip = new SafeMarkdown().markup('**').data(vscode.l10n.t('Run log columns')).markup('**\n\n');
  for (const r of roles) tooltip.markup('- ').data(`${r.role} ← ${r.derived ? vscode.l10n.t('{0} (derived)', r.column) : r.column}`).markup('\n');
  if (fit) tooltip.markup('\n').data(vscode.l10n.t('Current fit: {0} on {1} rows', loadEngine().fitName(fit.result, fit.basis), String(fit.result.n))).markup('\n');
  return tooltip.markup('\n\n').data(vscode.l10n.t('Click to change the column roles.')).value;
}
