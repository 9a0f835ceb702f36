import * as vscode from 'vscode';
import { quickPickText } from '../../core/escape';
import { ROLES, type Role, type RoleMap } from '../../core/types';
import { settings } from '../config';
import { notifyError } from '../log';
import { loadTable } from '../tableSource';
import { commandArgs, errorMessage, targetUri, type CommandContext } from './target';

export interface SetRolesArgs {
  uri?: vscode.Uri | string;
  /** Overrides to merge (role → column; null leaves the role unbound; an empty string removes the override). Skips the UI. */
  map?: RoleMap;
  silent?: boolean;
}

/** What each role means, for the role picker. */
function roleLabels(): Record<Role, string> {
  return {
    N: vscode.l10n.t('parameters'),
    D: vscode.l10n.t('training tokens'),
    C: vscode.l10n.t('training FLOPs'),
    loss: vscode.l10n.t('target metric (loss)'),
    step: vscode.l10n.t('optimiser step'),
    lr: vscode.l10n.t('learning rate'),
    bs: vscode.l10n.t('batch size (sequences, or tokens when its name says so)'),
    seq: vscode.l10n.t('sequence length (tokens)'),
    run: vscode.l10n.t('run id'),
    group: vscode.l10n.t('group'),
    M: vscode.l10n.t('tokens per parameter'),
    U: vscode.l10n.t('unique tokens'),
    P: vscode.l10n.t('precision (bits)'),
  };
}

function merge(current: RoleMap, changes: RoleMap): RoleMap {
  const next: RoleMap = { ...current };
  for (const [role, column] of Object.entries(changes) as Array<[Role, string | null]>) {
    if (column === '') delete next[role];
    else next[role] = column;
  }
  return next;
}

/** Roles the reader derives from the others when no column plays them, and how (k = flops per token). */
export function derivation(role: Role, k: number): string | undefined {
  if (role === 'C') return `C = ${k}·N·D`;
  if (role === 'D') return `D = C/(${k}·N)`;
  return undefined;
}

/**
 * `scalingLaws.setRoles`: remap which column plays which role, remembered per file. Returns the
 * file's overrides after the change (undefined when the user backed out).
 */
export async function setRolesCommand(ctx: CommandContext, arg: unknown): Promise<RoleMap | undefined> {
  const args = commandArgs<SetRolesArgs>(arg);
  try {
    const uri = await targetUri(args.uri, args.silent, ctx.runLogs);
    if (!uri) return undefined;
    const changes = args.map ?? (await pickRoleChange(ctx, uri));
    if (!changes) return undefined;
    const map = merge(ctx.state.roles(uri), changes);
    await ctx.state.setRoles(uri, map);
    return map;
  } catch (error) {
    if (args.silent) throw error;
    notifyError(vscode.l10n.t('Could not set column roles: {0}', errorMessage(error)));
    return undefined;
  }
}

async function pickRoleChange(ctx: CommandContext, uri: vscode.Uri): Promise<RoleMap | undefined> {
  const table = await loadTable(uri, ctx.runLogs, ctx.state);
  const overrides = ctx.state.roles(uri);
  const labels = roleLabels();
  const role = await vscode.window.showQuickPick(
    ROLES.map((r) => {
      const binding = table.roles[r];
      return {
        label: r,
        description: labels[r],
        detail: binding
          ? `← ${quickPickText(binding.column)}${binding.derived ? ` ${vscode.l10n.t('(derived)')}` : ''}${overrides[r] !== undefined ? ` ${vscode.l10n.t('(set by you)')}` : ''}`
          : overrides[r] === null
            ? vscode.l10n.t('none (set by you)')
            : vscode.l10n.t('not detected'),
        role: r,
      };
    }),
    { title: vscode.l10n.t('Column roles of {0}', vscode.workspace.asRelativePath(uri)), placeHolder: vscode.l10n.t('Pick the role to change') },
  );
  if (!role) return undefined;
  const automatic: { label: string; description: string; column: string | null } = { label: `$(sparkle) ${vscode.l10n.t('Automatic')}`, description: vscode.l10n.t('let the reader decide'), column: '' };
  const derived = derivation(role.role, settings(uri).flopsPerToken);
  // A derivable role can be left unbound on purpose (a column of broken values): the reader derives it.
  const none = derived ? [{ label: `$(circle-slash) ${vscode.l10n.t('None (derive)')}`, description: vscode.l10n.t('no column: derive {0}', derived), column: null }] : [];
  const columns = table.columns
    .filter((c) => !c.derived)
    .map((c) => ({ label: quickPickText(c.name), description: c.kind, column: c.name, picked: table.roles[role.role]?.column === c.name }));
  const column = await vscode.window.showQuickPick([automatic, ...none, ...columns], {
    title: vscode.l10n.t('Column for {0} ({1})', role.role, role.description),
  });
  return column ? { [role.role]: column.column } : undefined;
}
