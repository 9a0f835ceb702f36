import * as vscode from 'vscode';
import { CancelledError, type FitRequest, type FitResult, type ObjectiveKind, type RunTable } from '../../core/types';
import type { FitOutcome } from '../../shared/messages';
import { settings } from '../config';
import { log, notifyError, withNotificationProgress } from '../log';
import { showFitResult } from '../showFitResult';
import { loadTable } from '../tableSource';
import { reviveError, runInWorker, type WorkerJob } from '../workerClient';
import { pickLaws, requestFor } from './lawPicker';
import { commandArgs, errorMessage, targetUri, type CommandContext } from './target';
import { plural } from '../../core/format';

export interface FitCommandArgs {
  uri?: vscode.Uri | string;
  /** Law ids or custom formulas; the quick pick is skipped when given. */
  laws?: string[];
  objective?: ObjectiveKind;
  where?: string;
  holdout?: string;
  bootstrap?: number;
  /** No UI at all (tests, scripts): errors are thrown instead of shown. */
  silent?: boolean;
}

/** Runs a job in the worker under a cancellable progress notification (or silently). */
export async function inWorker(
  ctx: CommandContext,
  title: string,
  job: WorkerJob,
  silent: boolean | undefined,
): ReturnType<typeof runInWorker> {
  if (silent) return runInWorker(ctx.extensionPath, job, () => undefined);
  return withNotificationProgress(title, (progress, token) => {
    let reported = 0;
    return runInWorker(
      ctx.extensionPath,
      job,
      (fraction, message) => {
        const percent = Math.round(100 * fraction);
        progress.report({ increment: Math.max(0, percent - reported), message });
        reported = Math.max(reported, percent);
      },
      token,
    );
  });
}

/**
 * `scalingLaws.fit`: fit one or more laws to a run log in the worker, show it, and remember the fit
 * for hovers, inlay hints and the status bar. Returns the FitResult (an array when several laws were asked for).
 */
export async function fitCommand(ctx: CommandContext, arg: unknown): Promise<FitResult | FitResult[] | undefined> {
  const args = commandArgs<FitCommandArgs>(arg);
  try {
    const uri = await targetUri(args.uri, args.silent, ctx.runLogs);
    if (!uri) return undefined;
    const table = await loadTable(uri, ctx.runLogs, ctx.state);
    const config = settings(uri);
    const laws = args.laws ?? (args.silent ? [config.defaultLaw] : await pickLaws(table, config.defaultLaw));
    if (!laws || laws.length === 0) return undefined;
    const requests = laws.map((law) => requestFor(law, table, fitOptions(args, config.objective, config.bootstrap)));
    const outcomes = await runFits(ctx, table, requests, args.silent);
    const results = outcomes.flatMap((o) => ('result' in o ? [o.result] : []));
    const failures = outcomes.flatMap((o) => ('error' in o ? [o] : []));
    for (const failure of failures) log().warn(`fit ${failure.law} failed: ${failure.error.message}`);
    if (args.silent) {
      if (results.length === 0) throw reviveError(failures[0].error);
      await ctx.state.setFits(uri, results);
    } else {
      // Stores the fits once their chart shows: a plot failure leaves the previous fit current.
      await showFitResult(ctx, { uri, table, requests, outcomes });
    }
    return laws.length === 1 ? results[0] : results;
  } catch (error) {
    if (args.silent) throw error;
    if (error instanceof CancelledError) {
      log().info('fit cancelled');
      return undefined;
    }
    log().error(`fit failed: ${errorMessage(error)}`);
    notifyError(vscode.l10n.t('Scaling law fit failed: {0}', errorMessage(error)));
    return undefined;
  }
}

function fitOptions(args: FitCommandArgs, objective: ObjectiveKind, bootstrap: number): Omit<FitRequest, 'law'> {
  return {
    objective: args.objective ?? objective,
    ...(args.where ? { where: args.where } : {}),
    ...(args.holdout ? { holdout: args.holdout } : {}),
    ...((args.bootstrap ?? bootstrap) > 0 ? { bootstrap: args.bootstrap ?? bootstrap } : {}),
  };
}

async function runFits(ctx: CommandContext, table: RunTable, requests: FitRequest[], silent?: boolean): Promise<FitOutcome[]> {
  const start = performance.now();
  const title = vscode.l10n.t('Fitting {0}', requests.map((r) => r.law).join(', '));
  const done = await inWorker(ctx, title, { type: 'fit', table, requests }, silent);
  if (done.type !== 'fitDone') throw new Error(`unexpected worker reply ${done.type}`);
  log().info(`fit ${requests.map((r) => r.law).join(', ')} on ${plural(table.rowCount, 'row')}: ${(performance.now() - start).toFixed(0)} ms (worker round trip)`);
  return done.outcomes;
}
