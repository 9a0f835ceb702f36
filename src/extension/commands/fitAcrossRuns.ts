/**
 * `scalingLaws.fitAcrossRuns` (explorer, several run folders or logs selected): the runs read and
 * assembled as `scaling-laws sweep` does, each run's N shown with where it came from for the user to
 * confirm or change, the laws picked for the assembled table, then a notebook whose spec records the sweep (`sweep:`), run at once: the table is
 * written beside the runs and fitted, and running the cell again re-reads the runs.
 */
import * as vscode from 'vscode';
import { quickPickText } from '../../core/escape';
import { formatCount } from '../../core/format';
import { parseNumber } from '../../core/runlog/numbers';
import type { NotebookSpec } from '../../core/spec/spec';
import type { SweepRun } from '../../core/sweep';
import { CancelledError } from '../../core/types';
import { settings } from '../config';
import { loadEngine } from '../engineLoader';
import { log, notifyError, withNotificationProgress } from '../log';
import { dataPathFor } from '../notebook/dataSource';
import { runSpecNotebook } from '../notebook/fitNotebook';
import { readSweep } from '../notebook/sweepSource';
import { pickLaws } from './lawPicker';
import { errorMessage, type CommandContext } from './target';

export interface FitAcrossRunsArgs {
  uris?: Array<vscode.Uri | string>;
  /** N by run name, as the user would confirm them; the quick pick is skipped when given. */
  n?: Record<string, number>;
  take?: string;
  law?: string;
}

/** The runs a call names: the explorer's selection (the clicked item first among them), or `uris`. */
function targetsOf(arg: unknown, selected: unknown): vscode.Uri[] {
  if (Array.isArray(selected) && selected.every((s) => s instanceof vscode.Uri) && selected.length > 0) return selected as vscode.Uri[];
  if (arg instanceof vscode.Uri) return [arg];
  const uris = (arg as FitAcrossRunsArgs | undefined)?.uris ?? [];
  return uris.map((u) => (typeof u === 'string' ? vscode.Uri.parse(u) : u));
}

function sizeLabel(run: SweepRun): string {
  return run.N.value === undefined ? vscode.l10n.t('N unknown') : `N = ${formatCount(run.N.value)}`;
}

/**
 * Each run's N and its source in a quick pick; picking a run asks for its N. Returns the N the user
 * entered by run name (an empty record when every inference was accepted), or undefined on Escape.
 */
async function confirmSizes(runs: SweepRun[]): Promise<Record<string, number> | undefined> {
  const entered: Record<string, number> = {};
  const accept = { label: `$(check) ${vscode.l10n.t('Fit with these sizes')}`, run: undefined };
  for (;;) {
    const items = runs.map((run) => ({
      label: quickPickText(run.name),
      description: entered[run.name] === undefined ? sizeLabel(run) : `N = ${formatCount(entered[run.name])}`,
      detail: entered[run.name] === undefined ? quickPickText(run.N.source) : vscode.l10n.t('entered by you'),
      run,
    }));
    const pick = await vscode.window.showQuickPick([accept, ...items], {
      title: vscode.l10n.t('N of each run'),
      placeHolder: vscode.l10n.t('Pick a run to change its N, or fit with these sizes'),
      ignoreFocusOut: true,
    });
    if (!pick) return undefined;
    if (!pick.run) return entered;
    const name = pick.run.name;
    const current = entered[name] ?? pick.run.N.value;
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('N of {0}', quickPickText(name)),
      prompt: vscode.l10n.t('Parameters, e.g. 70M, 1.3B or 6.7e9'),
      value: current === undefined ? '' : formatCount(current, 6),
      ignoreFocusOut: true,
      validateInput: (value) => ((parseNumber(value) ?? 0) > 0 ? undefined : vscode.l10n.t('A positive number, e.g. 70M or 1.3e9')),
    });
    if (text !== undefined) entered[name] = parseNumber(text)!;
  }
}

/**
 * Which rows each run gives (`--take`): its final loss, every checkpoint after the first 30 % of training
 * (intermediate checkpoints help a fit; the earliest mislead), or every checkpoint. Undefined on Escape.
 */
async function pickTake(): Promise<string | undefined> {
  const items = [
    { label: vscode.l10n.t('Final loss of each run'), description: 'final', take: 'final' },
    { label: vscode.l10n.t('Every checkpoint after the first 30 % of training'), description: 'after=0.3', take: 'after=0.3' },
    { label: vscode.l10n.t('Every checkpoint'), description: 'all', take: 'all' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Rows from each run'), ignoreFocusOut: true });
  return pick?.take;
}

/** A file name beside the runs that no file has yet: the sweep's table is written there. */
async function tablePath(folder: vscode.Uri): Promise<vscode.Uri> {
  for (let k = 1; ; k++) {
    const uri = vscode.Uri.joinPath(folder, k === 1 ? 'scaling-sweep.csv' : `scaling-sweep-${k}.csv`);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return uri;
    }
  }
}

export async function fitAcrossRunsCommand(ctx: CommandContext, arg: unknown, selected: unknown): Promise<vscode.NotebookEditor | undefined> {
  const args: FitAcrossRunsArgs = arg instanceof vscode.Uri || !arg || typeof arg !== 'object' ? {} : (arg as FitAcrossRunsArgs);
  try {
    const targets = targetsOf(arg, selected);
    const take = args.take ?? (await pickTake());
    if (!take) return undefined;
    const read = await withNotificationProgress(vscode.l10n.t('Reading {0} runs', targets.length), () => readSweep(ctx, targets, { take }));
    const n = args.n ?? (await confirmSizes(read.sweep.runs));
    if (!n) return undefined;
    // The laws are offered for the assembled table, as Fit Scaling Law… offers them for a file.
    const laws = args.law ? [args.law] : await pickLaws(loadEngine().readRunLog(read.text, { fileName: 'scaling-sweep.csv' }), settings(targets[0]).defaultLaw);
    if (!laws || laws.length === 0) return undefined;
    const table = await tablePath(vscode.Uri.joinPath(targets[0], '..'));
    const spec: NotebookSpec = {
      data: dataPathFor(table),
      sweep: { runs: targets.map(dataPathFor), ...(take !== 'final' ? { take } : {}), ...(Object.keys(n).length > 0 ? { n } : {}) },
      laws,
    };
    log().info(`sweep of ${read.sweep.runs.length} runs: ${read.sweep.rowCount} rows, table ${table.path}`);
    return await runSpecNotebook(spec, vscode.l10n.t('Fit across {0} runs', read.sweep.runs.length));
  } catch (error) {
    if (error instanceof CancelledError) return undefined;
    log().error(`fit across runs failed: ${errorMessage(error)}`);
    notifyError(vscode.l10n.t('Fit across runs failed: {0}', errorMessage(error)));
    return undefined;
  }
}
