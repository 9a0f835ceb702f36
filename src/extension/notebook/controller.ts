import * as vscode from 'vscode';
import { formatPercent } from '../../core/format';
import type { NotebookSpec, SpecError } from '../../core/spec/spec';
import type { ParsedSpec } from '../../core/spec/parse';
import type { SeriesFits } from '../../core/plot/series';
import { CancelledError, type FitRequest, type RoleMap, type RunTable } from '../../core/types';
import { requestFor } from '../commands/lawPicker';
import { errorMessage, type CommandContext } from '../commands/target';
import { settings } from '../config';
import { loadEngine } from '../engineLoader';
import { log } from '../log';
import { runInWorker } from '../workerClient';
import { readSpecTable, resolveDataUri } from './dataSource';
import { writeSpecSweep } from './sweepSource';
import { comparedCell, errorOutput, fitOutputs, progressOutput, type CellFits } from './outputs';
import { NOTEBOOK_TYPE, SPEC_LANGUAGE } from './serializer';

export const CONTROLLER_ID = 'scaling-laws.fit';
/** package.json publisher.name: `notebook.selectKernel` names a controller by extension and id. */
const EXTENSION_ID = 'scaling-laws.scaling-laws';
/** Progress text in the cell is refreshed at most this often. */
const PROGRESS_INTERVAL_MS = 250;

/** Spec errors, one per line, each starting with where it is ("line 3, column 1: …"). */
export class SpecErrors extends Error {
  constructor(readonly errors: SpecError[]) {
    super(errors.map((e) => `line ${e.line}, column ${e.column}: ${e.message}`).join('\n'));
    this.name = 'SpecErrors';
  }
}

/**
 * Runs spec cells: parse and validate the spec, read the run log it names, fit in the worker (the
 * cell's stop button cancels it), and write the chart and summary outputs. Any failure becomes an
 * error output; nothing escapes to VS Code as an exception.
 */
export function createFitController(ctx: CommandContext): vscode.NotebookController {
  const controller = vscode.notebooks.createNotebookController(CONTROLLER_ID, NOTEBOOK_TYPE, vscode.l10n.t('Scaling Laws'));
  controller.supportedLanguages = [SPEC_LANGUAGE];
  controller.supportsExecutionOrder = true;
  controller.description = vscode.l10n.t('Fits the spec in each cell');
  controller.executeHandler = async (cells, notebook) => {
    for (const cell of cells) {
      const execution = controller.createNotebookCellExecution(cell);
      execution.executionOrder = ++executionOrder;
      await runCell(ctx, notebook, cell, execution);
    }
  };
  fitController = controller;
  return controller;
}

let fitController: vscode.NotebookController | undefined;
let executionOrder = 0;

/**
 * Puts outputs computed elsewhere (the fit command's) into a cell of a notebook being shown, as an
 * execution of our controller. Outputs handed to openNotebookDocument with the notebook's data do not
 * survive the trip to the workbench, so this is how a new notebook gets its outputs.
 */
export async function writeCellOutputs(editor: vscode.NotebookEditor, cell: vscode.NotebookCell, outputs: vscode.NotebookCellOutput[], success: boolean): Promise<void> {
  if (!fitController) throw new Error('the scaling notebook controller is not registered');
  await selectFitController(editor);
  const execution = fitController.createNotebookCellExecution(cell);
  execution.executionOrder = ++executionOrder;
  execution.start(Date.now());
  await execution.replaceOutput(outputs);
  execution.end(success, Date.now());
}

/** Makes our controller the notebook's kernel, so its cells can be run or given outputs. */
export async function selectFitController(editor: vscode.NotebookEditor): Promise<void> {
  await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: CONTROLLER_ID, extension: EXTENSION_ID });
}

async function runCell(ctx: CommandContext, notebook: vscode.NotebookDocument, cell: vscode.NotebookCell, execution: vscode.NotebookCellExecution): Promise<void> {
  execution.start(Date.now());
  const started = performance.now();
  try {
    await execution.replaceOutput(progressOutput(vscode.l10n.t('Reading the spec…')));
    const text = cell.document.getText();
    const read = await readSpecCell(ctx, notebook.uri, text);
    const result = read.spec.compare ? await compareSpecCell(ctx, read, execution, text) : await fitSpecCell(ctx, read, execution);
    await execution.replaceOutput(fitOutputs(result));
    // Once its output shows, the notebook's fit becomes the data file's current fit: hovers, inlay hints,
    // the status bar and the calculator follow the last fit the user ran, wherever they ran it. A fit
    // whose output could not be built never does. A comparison leaves the choice to "Use this law".
    // Of several targets (`loss: [a, b]`) the first is the file's current fit: the table it was read with is read.table.
    const current = result.series?.by === 'loss' ? result.series.parts[0].fits : result.fits;
    if (current.length > 0 && !result.comparison) await ctx.state.setFits(read.uri, current, { table: read.table, map: read.map });
    log().info(`notebook cell ${cell.index + 1}: ${result.comparison ? 'compared ' : ''}${result.fits.map((f) => f.law.id).join(', ')} in ${(performance.now() - started).toFixed(0)} ms`);
    execution.end(result.fits.length > 0, Date.now());
  } catch (error) {
    const message = error instanceof CancelledError ? vscode.l10n.t('Cancelled.') : errorMessage(error);
    if (!(error instanceof CancelledError || error instanceof SpecErrors)) log().warn(`notebook cell ${cell.index + 1} failed: ${message}`);
    await execution.replaceOutput(errorOutput(message));
    execution.end(false, Date.now());
  }
}

/** A spec cell read and checked: the spec, its data file read with the spec's own `map:`, the rows its `where` keeps. */
export interface ReadSpec {
  spec: NotebookSpec;
  uri: vscode.Uri;
  map: RoleMap;
  table: RunTable;
  rows?: number[];
  /** Where each key's value starts, for errors found on a target's table. */
  positions: ParsedSpec['positions'];
}

export async function readSpecCell(ctx: CommandContext, notebookUri: vscode.Uri, text: string): Promise<ReadSpec> {
  const engine = loadEngine();
  const parsed = engine.parseSpec(text);
  if (!parsed.spec) throw new SpecErrors(parsed.errors);
  const spec = parsed.spec;
  const uri = await resolveDataUri(notebookUri, spec.data);
  if (spec.sweep) await writeSpecSweep(ctx, notebookUri, uri, spec.sweep);
  // With `loss:` the file is read with its first target as the loss; targetReads reads it for the others.
  const map = spec.loss ? { ...spec.map, loss: spec.loss[0] } : (spec.map ?? {});
  const table = await readSpecTable(ctx, uri, spec.data, map);
  const checked = engine.checkSpecFilters(spec, parsed.positions, table);
  const errors = [
    ...engine.checkSpecMap(parsed.positions.map, table),
    ...(spec.loss ? engine.checkSpecMap(parsed.positions.loss, table, 'loss') : []),
    ...engine.checkSpecOptionColumns(spec, parsed.positions.options, table),
    ...checked.errors,
  ];
  if (errors.length > 0) throw new SpecErrors(errors);
  return { spec, uri, map, table, positions: parsed.positions, ...(checked.rows ? { rows: checked.rows } : {}) };
}

/**
 * `loss: [a, b, …]`: the spec's file read again with each further target as its loss (each target has
 * its own row accounting: a row without that loss is that target's planned or problem row).
 */
async function targetReads(ctx: CommandContext, read: ReadSpec): Promise<ReadSpec[]> {
  const engine = loadEngine();
  const more: ReadSpec[] = [];
  for (const target of read.spec.loss?.slice(1) ?? []) {
    const map = { ...read.spec.map, loss: target };
    const table = await readSpecTable(ctx, read.uri, read.spec.data, map);
    const checked = engine.checkSpecFilters(read.spec, read.positions, table);
    const errors = [...engine.checkSpecMap(read.positions.loss, table, 'loss'), ...checked.errors];
    if (errors.length > 0) throw new SpecErrors(errors);
    more.push({ ...read, map, table, ...(checked.rows ? { rows: checked.rows } : {}) });
  }
  return [read, ...more];
}

/** The cell's progress text, refreshed at most every PROGRESS_INTERVAL_MS. */
function cellProgress(execution: vscode.NotebookCellExecution, what: string): (fraction: number, message?: string) => void {
  let last = 0;
  return (fraction, message) => {
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    void execution.replaceOutput(progressOutput(`${message ?? what} ${formatPercent(fraction, 2)}`));
  };
}

/** Fits each law of the spec for itself, to each target of its `loss:` in turn, or per group of `group:`. */
async function fitSpecCell(ctx: CommandContext, read: ReadSpec, execution: vscode.NotebookCellExecution): Promise<CellFits> {
  if (read.spec.group !== undefined) return fitGroupsCell(ctx, read, read.spec.group, execution);
  const reads = await targetReads(ctx, read);
  const several = reads.length > 1;
  const targets: SeriesFits[] = [];
  const failures: CellFits['failures'] = [];
  for (const [t, part] of reads.entries()) {
    const { spec, table, uri } = part;
    const requests = spec.laws.map((law) => specRequest(spec, table, uri, { law }));
    const what = several ? vscode.l10n.t('Fitting {0}', spec.loss![t]) : vscode.l10n.t('Fitting');
    const done = await runInWorker(ctx.extensionPath, { type: 'fit', table, requests }, cellProgress(execution, what), execution.token);
    if (done.type !== 'fitDone') throw new Error(`unexpected worker reply ${done.type}`);
    // Only a cell of several targets marks each fit with its own: a single target's result stays as the CLI's.
    const fits = done.outcomes.flatMap((o) => ('result' in o ? [several ? { ...o.result, target: spec.loss![t] } : o.result] : []));
    for (const o of done.outcomes) if ('error' in o) failures.push({ law: several ? `${o.law} on ${spec.loss![t]}` : o.law, message: o.error.message });
    targets.push({ label: spec.loss?.[t] ?? '', table, fits, ...(part.rows ? { rows: part.rows } : {}) });
  }
  const fits = targets.flatMap((part) => part.fits);
  return { table: read.table, fits, failures, ...(several ? { series: { by: 'loss' as const, parts: targets } } : {}), ...cellDisplay(read) };
}

/** `group: COLUMN` (with `share:`): each law fitted per group in the worker, the groups drawn as series. */
async function fitGroupsCell(ctx: CommandContext, read: ReadSpec, column: string, execution: vscode.NotebookCellExecution): Promise<CellFits> {
  const { spec, table, uri } = read;
  const requests = spec.laws.map((law) => specRequest(spec, table, uri, { law }));
  const groups = { column, share: spec.share ?? [] };
  const done = await runInWorker(ctx.extensionPath, { type: 'fit', table, requests, groups }, cellProgress(execution, vscode.l10n.t('Fitting')), execution.token);
  if (done.type !== 'fitDone') throw new Error(`unexpected worker reply ${done.type}`);
  const fits = done.outcomes.flatMap((o) => ('result' in o ? [o.result] : []));
  const failures = done.outcomes.flatMap((o) => ('error' in o ? [{ law: o.law, message: o.error.message }] : []));
  // Each group's fits read only its rows (their `where` says so), so the series take no row list of their own.
  const labels = [...new Set(fits.map((fit) => fit.group?.label ?? ''))];
  const parts = labels.map((label) => ({ label, table, fits: fits.filter((fit) => (fit.group?.label ?? '') === label) }));
  return { table, fits, failures, ...(parts.length > 0 ? { series: { by: 'group' as const, parts } } : {}), ...cellDisplay(read) };
}

/** `compare: true`: every law of the spec fitted to the same rows and ranked by scale-ordered CV. */
async function compareSpecCell(ctx: CommandContext, read: ReadSpec, execution: vscode.NotebookCellExecution, specText: string): Promise<CellFits> {
  const { spec, table, uri } = read;
  // compareOne fits without the bootstrap (a CV fold is its own resampling); "Use this law" fits with it.
  const request = specBase(spec, uri);
  const job = { type: 'compare' as const, table, laws: spec.laws, request };
  const done = await runInWorker(ctx.extensionPath, job, cellProgress(execution, vscode.l10n.t('Comparing laws')), execution.token);
  if (done.type !== 'compareDone') throw new Error(`unexpected worker reply ${done.type}`);
  return comparedCell(table, done, cellDisplay(read), specText);
}

/** What the spec says about showing its fits: the rows its `where` keeps, its plots, axis and curve keys. */
function cellDisplay(read: ReadSpec): Pick<CellFits, 'rows' | 'plots' | 'drawing'> {
  const { spec } = read;
  const drawing = {
    ...(spec.x !== undefined ? { x: spec.x } : {}),
    ...(spec.until !== undefined ? { until: spec.until } : {}),
    ...(spec.smooth !== undefined ? { smooth: spec.smooth } : {}),
    ...(spec.extrapolate !== undefined ? { extrapolateTo: spec.extrapolate } : {}),
  };
  return { ...(read.rows ? { rows: read.rows } : {}), ...(spec.plot ? { plots: spec.plot } : {}), drawing };
}

/** The spec's request without a law; unset options fall back to the user's settings, as the fit command does. */
function specBase(spec: NotebookSpec, scope: vscode.Uri): Omit<FitRequest, 'law'> {
  const config = settings(scope);
  const bootstrap = spec.bootstrap ?? config.bootstrap;
  return {
    objective: spec.objective ?? config.objective,
    ...(spec.delta !== undefined ? { delta: spec.delta } : {}),
    ...(spec.where !== undefined ? { where: spec.where } : {}),
    ...(spec.holdout !== undefined ? { holdout: spec.holdout } : {}),
    ...(bootstrap > 0 ? { bootstrap } : {}),
    ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
    ...(spec.skip !== undefined ? { skipFirst: spec.skip } : {}),
    // Each law gets the spec's options it declares (parseSpec refused any that none of them has).
    ...(spec.x ? { x: spec.x } : {}),
    ...(spec.options ? { options: spec.options } : {}),
  };
}

/** One law of the spec as a fit request; a compared candidate carries its options already merged over the spec's (candidatesFor). */
export function specRequest(spec: NotebookSpec, table: RunTable, scope: vscode.Uri, candidate: { law: string; options?: Record<string, number | string | boolean> }): FitRequest {
  const base = specBase(spec, scope);
  const { x: _x, ...withoutX } = base;
  const request = { ...requestFor(candidate.law, table, withoutX), ...(base.x ? { x: base.x } : {}) };
  const options = candidate.options ?? base.options;
  return loadEngine().requestForLaw({ ...request, ...(options ? { options } : {}) }, candidate.law);
}
