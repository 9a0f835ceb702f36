import * as vscode from 'vscode';
import { log, notifyInfo } from '../log';
import { commandArgs, targetUri, type CommandContext } from './target';

/** `scalingLaws.clearFit`: forget the file's fit (hovers and inlay hints go back to "no fit"). */
export async function clearFitCommand(ctx: CommandContext, arg: unknown): Promise<boolean> {
  const args = commandArgs<{ uri?: vscode.Uri | string; silent?: boolean }>(arg);
  const uri = await targetUri(args.uri, true, ctx.runLogs);
  if (!uri || ctx.state.fits(uri).length === 0) return false;
  await ctx.state.clearFits(uri);
  return true;
}

export function showLogCommand(): void {
  log().show();
}

export const CALCULATOR_VIEW = 'scalingLaws.calculator';

/**
 * `scalingLaws.openCalculator`: focuses the calculator view when this build contributes it; until
 * then it says so instead of pretending.
 */
export async function openCalculatorCommand(context: vscode.ExtensionContext): Promise<boolean> {
  const views = (context.extension.packageJSON as { contributes?: { views?: Record<string, Array<{ id: string }>> } }).contributes?.views ?? {};
  const contributed = Object.values(views).some((list) => list.some((view) => view.id === CALCULATOR_VIEW));
  if (contributed) {
    await vscode.commands.executeCommand(`${CALCULATOR_VIEW}.focus`);
    return true;
  }
  notifyInfo(vscode.l10n.t('The compute-optimal calculator is not part of this build yet.'));
  return false;
}
