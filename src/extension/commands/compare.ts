import * as vscode from 'vscode';
import type { Comparison } from '../../core/fit/compare';
import type { FitRequest } from '../../core/types';
import { settings } from '../config';
import { log, notifyError } from '../log';
import { openComparisonNotebook } from '../notebook/fitNotebook';
import { loadTable } from '../tableSource';
import { inWorker, type FitCommandArgs } from './fit';
import { pickComparedLaws } from './lawPicker';
import { commandArgs, errorMessage, targetUri, type CommandContext } from './target';

/**
 * `scalingLaws.compare` ("Compare Laws…"): fit several laws to the same rows, rank them by scale-ordered
 * cross-validation and open a notebook with the ranking (recommended law marked, "Use this law" on
 * each) over one chart of every law's fit. Returns the engine's comparison.
 */
export async function compareCommand(ctx: CommandContext, arg: unknown): Promise<Comparison | undefined> {
  const args = commandArgs<FitCommandArgs>(arg);
  try {
    const uri = await targetUri(args.uri, args.silent, ctx.runLogs);
    if (!uri) return undefined;
    // The mapping the table is read with: the notebook's `map:` must be the one the ranking used, even if
    // the roles change while the picker or the worker is waiting.
    const map = ctx.state.roles(uri);
    const table = await loadTable(uri, ctx.runLogs, ctx.state);
    const laws = args.laws ?? (await pickComparedLaws(table));
    if (!laws) return undefined;
    const request: Omit<FitRequest, 'law'> = {
      objective: args.objective ?? settings(uri).objective,
      ...(args.where ? { where: args.where } : {}),
      ...(args.holdout ? { holdout: args.holdout } : {}),
    };
    const started = performance.now();
    const done = await inWorker(ctx, vscode.l10n.t('Comparing laws'), { type: 'compare', table, laws, request }, args.silent);
    if (done.type !== 'compareDone') throw new Error(`unexpected worker reply ${done.type}`);
    log().info(`compare ${done.comparison.rows.map((r) => r.law).join(', ')}: ${(performance.now() - started).toFixed(0)} ms (worker round trip)`);
    if (!args.silent) await openComparisonNotebook({ uri, table, map, laws, request, compared: done });
    return done.comparison;
  } catch (error) {
    if (args.silent) throw error;
    notifyError(vscode.l10n.t('Comparing laws failed: {0}', errorMessage(error)));
    return undefined;
  }
}
