import * as vscode from 'vscode';
import { settings } from '../config';
import { log } from '../log';
import { loadTable } from '../tableSource';
import { inWorker, type FitCommandArgs } from './fit';
import { pickLaws, requestFor } from './lawPicker';
import { commandArgs, errorMessage, targetUri, type CommandContext } from './target';

/**
 * `scalingLaws.compare`: fit several laws on the same rows and rank them (in-sample and held-out
 * error, AIC/BIC). Returns the engine's comparison.
 */
export async function compareCommand(ctx: CommandContext, arg: unknown): Promise<unknown> {
  const args = commandArgs<FitCommandArgs>(arg);
  try {
    const uri = await targetUri(args.uri, args.silent, ctx.runLogs);
    if (!uri) return undefined;
    const table = await loadTable(uri, ctx.runLogs, ctx.state);
    const config = settings(uri);
    const laws = args.laws ?? (await pickLaws(table, config.defaultLaw, 2));
    if (!laws) return undefined;
    const { law: _law, ...request } = requestFor(laws[0], table, {
      objective: args.objective ?? config.objective,
      ...(args.where ? { where: args.where } : {}),
      ...(args.holdout ? { holdout: args.holdout } : {}),
    });
    const done = await inWorker(ctx, vscode.l10n.t('Comparing {0}', laws.join(', ')), { type: 'compare', table, laws, request }, args.silent);
    if (done.type !== 'compareDone') throw new Error(`unexpected worker reply ${done.type}`);
    if (!args.silent) showComparison(done.comparison);
    return done.comparison;
  } catch (error) {
    if (args.silent) throw error;
    void vscode.window.showErrorMessage(vscode.l10n.t('Comparing laws failed: {0}', errorMessage(error)));
    return undefined;
  }
}

function showComparison(comparison: unknown): void {
  log().info(`comparison: ${JSON.stringify(comparison)}`);
  log().show(true);
}
