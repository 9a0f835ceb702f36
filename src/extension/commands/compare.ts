import * as vscode from 'vscode';
import { formatNumber, formatPercent } from '../../core/format';
import type { CompareRow } from '../../core/fit/compare';
import { settings } from '../config';
import { log, notifyError, notifyWithLog } from '../log';
import { loadTable } from '../tableSource';
import { inWorker, type FitCommandArgs } from './fit';
import { pickLaws, requestFor } from './lawPicker';
import { commandArgs, errorMessage, targetUri, type CommandContext } from './target';

/**
 * `scalingLaws.compare`: fit several laws on the same rows and rank them (in-sample and held-out
 * error, AIC/BIC). Returns the engine's comparison.
 */
export async function compareCommand(ctx: CommandContext, arg: unknown): Promise<CompareRow[] | undefined> {
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
    notifyError(vscode.l10n.t('Comparing laws failed: {0}', errorMessage(error)));
    return undefined;
  }
}

/** Logs one line per law (best AIC first) and names the winner in a notification. */
function showComparison(rows: readonly CompareRow[]): void {
  const ranked = [...rows].sort((a, b) => (a.error ? 1 : 0) - (b.error ? 1 : 0) || a.aic - b.aic);
  for (const row of ranked) {
    if (row.error) {
      log().warn(`compare ${row.law}: ${row.error}`);
      continue;
    }
    const heldOut = row.heldOut ? `, held-out ARE ${formatPercent(row.heldOut.are)} (${row.heldOut.n})` : '';
    log().info(`compare ${row.law}: n ${row.n}, RMSE(log) ${formatNumber(row.inSample.rmseLog, 3)}, MAPE ${formatPercent(row.inSample.mape)}${heldOut}, AIC ${formatNumber(row.aic)}, BIC ${formatNumber(row.bic)}`);
  }
  const best = ranked.find((row) => !row.error);
  notifyWithLog(
    best ? vscode.l10n.t('Lowest AIC: {0} (of {1} laws).', best.law, String(rows.length)) : vscode.l10n.t('None of the laws could be fitted.'),
    !best,
  );
}
