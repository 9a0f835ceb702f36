import * as path from 'node:path';
import * as vscode from 'vscode';
import { specNotebook, templateNotebook } from '../../core/spec/template';
import type { NotebookSpec } from '../../core/spec/spec';
import type { NotebookFile } from '../../core/spec/notebookFile';
import type { ComparedFits } from '../../core/fit/compare';
import type { FitRequest, RoleMap, RunTable } from '../../core/types';
import type { FitOutcome } from '../../shared/messages';
import { settings } from '../config';
import { loadEngine } from '../engineLoader';
import type { CommandContext } from '../commands/target';
import { dataPathFor } from './dataSource';
import { selectFitController, writeCellOutputs } from './controller';
import { comparedCell, fitOutputs } from './outputs';
import { NOTEBOOK_TYPE, toNotebookData } from './serializer';

export interface FinishedFit {
  uri: vscode.Uri;
  table: RunTable;
  /** The role overrides the table was read with: the notebook's spec writes them as its `map:`. */
  map: RoleMap;
  requests: FitRequest[];
  outcomes: FitOutcome[];
}

/**
 * The spec that reproduces a fit the command ran (same file, role overrides, laws and options): the
 * mapping goes into the spec, since a spec is read with its own `map:` only (never the editor's roles).
 */
function specOf(fit: FinishedFit): NotebookSpec {
  const first = fit.requests[0];
  const { map } = fit;
  return {
    data: dataPathFor(fit.uri),
    ...(Object.keys(map).length > 0 ? { map } : {}),
    ...(first.where !== undefined ? { where: first.where } : {}),
    laws: fit.requests.map((r) => r.law),
    ...(first.objective !== undefined ? { objective: first.objective } : {}),
    ...(first.holdout !== undefined ? { holdout: first.holdout } : {}),
    ...(first.bootstrap !== undefined ? { bootstrap: first.bootstrap } : {}),
  };
}

/**
 * "Fit scaling law" ends here: an untitled scaling notebook whose spec cell reproduces the fit,
 * with the fit's outputs already in place (the fit is not run twice).
 */
export function openFitNotebook(fit: FinishedFit): Promise<vscode.NotebookEditor> {
  const spec = specOf(fit);
  const rows = spec.where !== undefined ? loadEngine().checkSpecFilters(spec, {}, fit.table).rows : undefined;
  const outputs = fitOutputs({
    table: fit.table,
    fits: fit.outcomes.flatMap((o) => ('result' in o ? [o.result] : [])),
    failures: fit.outcomes.flatMap((o) => ('error' in o ? [{ law: o.law, message: o.error.message }] : [])),
    ...(rows ? { rows } : {}),
  });
  return openSpecNotebook(specNotebook(spec, vscode.l10n.t('Fit of {0}', path.posix.basename(fit.uri.path))), outputs, fit.outcomes.some((o) => 'result' in o));
}

export interface FinishedComparison {
  uri: vscode.Uri;
  table: RunTable;
  map: RoleMap;
  /** As picked: ids, formulas and `default`. */
  laws: string[];
  request: Omit<FitRequest, 'law'>;
  compared: ComparedFits;
}

/**
 * "Compare Laws…" ends here: an untitled notebook whose spec cell (`compare: true`) reproduces the
 * comparison, with its ranking and overlay chart in place.
 */
export function openComparisonNotebook(done: FinishedComparison): Promise<vscode.NotebookEditor> {
  const { request, map } = done;
  const spec: NotebookSpec = {
    data: dataPathFor(done.uri),
    ...(Object.keys(map).length > 0 ? { map } : {}),
    ...(request.where !== undefined ? { where: request.where } : {}),
    laws: done.laws,
    compare: true,
    ...(request.objective !== undefined ? { objective: request.objective } : {}),
    ...(request.holdout !== undefined ? { holdout: request.holdout } : {}),
  };
  const rows = spec.where !== undefined ? loadEngine().checkSpecFilters(spec, {}, done.table).rows : undefined;
  const file = specNotebook(spec, vscode.l10n.t('Laws compared on {0}', path.posix.basename(done.uri.path)));
  const specText = file.cells.find((c) => c.kind === 'spec')!.source;
  const cell = comparedCell(done.table, done.compared, rows ? { rows } : {}, specText);
  return openSpecNotebook(file, fitOutputs(cell), cell.fits.length > 0);
}

async function openSpecNotebook(file: NotebookFile, outputs: vscode.NotebookCellOutput[], success: boolean): Promise<vscode.NotebookEditor> {
  const data = toNotebookData(file);
  const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
  const editor = await vscode.window.showNotebookDocument(notebook);
  const cell = notebook.cellAt(data.cells.findIndex((c) => c.kind === vscode.NotebookCellKind.Code));
  await writeCellOutputs(editor, cell, outputs, success);
  return editor;
}

/** An untitled notebook of one spec cell, run by our controller as if the user pressed Run (a sweep's fit). */
export async function runSpecNotebook(spec: NotebookSpec, title: string): Promise<vscode.NotebookEditor> {
  const data = toNotebookData(specNotebook(spec, title));
  const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
  const editor = await vscode.window.showNotebookDocument(notebook);
  const index = data.cells.findIndex((c) => c.kind === vscode.NotebookCellKind.Code);
  await selectFitController(editor);
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: index, end: index + 1 }], document: notebook.uri });
  return editor;
}

/** `scalingLaws.newNotebook`: an untitled notebook from the template, pointed at the active run log. */
export async function newNotebookCommand(ctx: CommandContext): Promise<vscode.NotebookDocument> {
  const active = vscode.window.activeTextEditor?.document;
  const runLog = active && ctx.runLogs.isRunLog(active) ? active.uri : undefined;
  const file = templateNotebook(runLog ? dataPathFor(runLog) : undefined, settings(runLog).defaultLaw);
  const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, toNotebookData(file));
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}
