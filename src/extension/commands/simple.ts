import * as vscode from 'vscode';
import { log } from '../log';
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
