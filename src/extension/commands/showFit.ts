import * as vscode from 'vscode';
import { CancelledError, type FitRequest, type FitResult } from '../../core/types';
import { log, notifyError } from '../log';
import { openFitNotebook } from '../notebook/fitNotebook';
import { loadTable } from '../tableSource';
import { fitCommand } from './fit';
import { commandArgs, errorMessage, targetUri, type CommandContext } from './target';

/** The request a stored fit answered, from its own echo (enough for the notebook's spec). */
function requestOf(fit: FitResult): FitRequest {
  const echo = fit.request ?? {};
  return {
    law: fit.law.id,
    objective: fit.objective.kind,
    ...(echo.x ? { x: echo.x } : {}),
    ...(echo.where !== undefined ? { where: echo.where } : {}),
    ...(echo.holdout !== undefined ? { holdout: echo.holdout } : {}),
    ...(echo.bootstrap !== undefined ? { bootstrap: echo.bootstrap } : {}),
  };
}

/**
 * `scalingLaws.showFit` (the run forecast's status-bar item): opens the chart of the file's stored fits
 * on its current table without fitting again; with no stored fit, the fit command instead.
 */
export async function showFitCommand(ctx: CommandContext, arg: unknown): Promise<void> {
  const args = commandArgs<{ uri?: vscode.Uri | string }>(arg);
  const uri = await targetUri(args.uri, true, ctx.runLogs);
  const stored = uri ? ctx.state.stored(uri) : [];
  const fits = stored.map((s) => s.result);
  if (!uri || fits.length === 0) {
    await fitCommand(ctx, uri ? { uri } : {});
    return;
  }
  try {
    const map = stored[0].basis?.map ?? ctx.state.roles(uri);
    const table = await loadTable(uri, ctx.runLogs, ctx.state, undefined, map);
    await openFitNotebook({ uri, table, map, requests: fits.map(requestOf), outcomes: fits.map((result) => ({ law: result.law.id, result })) });
  } catch (error) {
    if (error instanceof CancelledError) return;
    log().error(`showing the fit failed: ${errorMessage(error)}`);
    notifyError(vscode.l10n.t('Showing the fit failed: {0}', errorMessage(error)));
  }
}
