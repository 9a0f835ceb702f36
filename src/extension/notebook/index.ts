import * as vscode from 'vscode';
import type { CommandContext } from '../commands/target';
import { createFitController } from './controller';
import { registerDataPathRewrites } from './dataPaths';
import { newNotebookCommand } from './fitNotebook';
import { PlotExport } from './plotExport';
import { useComparedLaw } from './useComparedLaw';
import { NOTEBOOK_TYPE, ScalingNotebookSerializer } from './serializer';

/** Arguments of the hidden `scalingLaws.exportPlotTo` command. */
export interface ExportPlotToArgs {
  uri: vscode.Uri | string;
}

/**
 * Scaling notebooks: the `.scalenb` serializer, the controller that runs spec cells, `data:` paths kept
 * pointing at their file when a notebook is saved elsewhere or moved, chart export and
 * the `scalingLaws.newNotebook` / `scalingLaws.exportPlotTo` commands. Creating these is cheap; the
 * engine loads when a cell first runs.
 */
export function registerNotebooks(ctx: CommandContext): vscode.Disposable[] {
  const plotExport = new PlotExport((editor, message) => useComparedLaw(ctx, editor, message));
  return [
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new ScalingNotebookSerializer()),
    createFitController(ctx),
    ...registerDataPathRewrites(),
    plotExport,
    vscode.commands.registerCommand('scalingLaws.newNotebook', () => newNotebookCommand(ctx)),
    vscode.commands.registerCommand('scalingLaws.exportPlotTo', (args: ExportPlotToArgs) =>
      plotExport.exportTo(typeof args.uri !== 'string' ? args.uri : args.uri.includes('://') ? vscode.Uri.parse(args.uri) : vscode.Uri.file(args.uri)),
    ),
  ];
}
