import * as vscode from 'vscode';
import { isJsonMime, parseNotebookFile, stringifyNotebookFile, type NotebookFile, type NotebookFileOutput } from '../../core/spec/notebookFile';
import { restoreOutputs } from '../../core/spec/restoredOutputs';
import { savedFitOutput } from '../../core/spec/savedOutput';
import type { FitOutput } from '../../shared/fitOutput';
import { FIT_MIME, VEGA_LITE_MIME } from '../../shared/mime';

/** `contributes.notebooks[].type`; files are `*.scalenb`. */
export const NOTEBOOK_TYPE = 'scaling-notebook';
export const SPEC_LANGUAGE = 'yaml';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Reads and writes `.scalenb` files (format: src/core/spec/notebookFile.ts). Outputs are kept, so a
 * reopened notebook shows its charts, except the plain Vega-Lite item: it repeats the fit output's
 * points with tooltip text (about three times the size) and exists only for renderers that do not know
 * our MIME type, so it is rebuilt when the cell runs instead of being saved. The fit payload is saved
 * bounded (savedFitOutput: a large chart is thinned and says so). Outputs are restored through
 * restoreOutputs (core/spec/restoredOutputs.ts).
 */
export class ScalingNotebookSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    // Saved outputs are shown in a trusted frame: only markup we wrote comes back as markup.
    return toNotebookData(restoreOutputs(parseNotebookFile(decoder.decode(content))));
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return encoder.encode(stringifyNotebookFile(fromNotebookData(data)));
  }
}

export function toNotebookData(file: NotebookFile): vscode.NotebookData {
  const cells = file.cells.map((cell) => {
    const data =
      cell.kind === 'markdown'
        ? new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, cell.source, 'markdown')
        : new vscode.NotebookCellData(vscode.NotebookCellKind.Code, cell.source, SPEC_LANGUAGE);
    if (cell.outputs) data.outputs = cell.outputs.map(toCellOutput);
    if (cell.execution) data.executionSummary = { executionOrder: cell.execution.order, success: cell.execution.success };
    if (cell.metadata) data.metadata = cell.metadata;
    return data;
  });
  const notebook = new vscode.NotebookData(cells);
  if (file.metadata) notebook.metadata = file.metadata;
  return notebook;
}

function toCellOutput(output: NotebookFileOutput): vscode.NotebookCellOutput {
  const items = output.items.map(
    ({ mime, data }) => new vscode.NotebookCellOutputItem(encoder.encode(isJsonMime(mime) ? JSON.stringify(data) : String(data)), mime),
  );
  return new vscode.NotebookCellOutput(items, output.metadata);
}

function fromNotebookData(data: vscode.NotebookData): NotebookFile {
  const cells = data.cells.map((cell) => {
    const outputs = (cell.outputs ?? []).flatMap((output): NotebookFileOutput[] => {
      const items = output.items
        .filter((item) => item.mime !== VEGA_LITE_MIME)
        .map((item) => {
          const text = decoder.decode(item.data);
          if (item.mime === FIT_MIME) return { mime: item.mime, data: savedPayload(JSON.parse(text)) };
          return { mime: item.mime, data: isJsonMime(item.mime) ? JSON.parse(text) : text };
        });
      if (items.length === 0) return [];
      return [{ items, ...(output.metadata && Object.keys(output.metadata).length > 0 ? { metadata: output.metadata } : {}) }];
    });
    const summary = cell.executionSummary;
    const execution =
      summary && (summary.executionOrder !== undefined || summary.success !== undefined)
        ? { ...(summary.executionOrder !== undefined ? { order: summary.executionOrder } : {}), ...(summary.success !== undefined ? { success: summary.success } : {}) }
        : undefined;
    return {
      kind: cell.kind === vscode.NotebookCellKind.Markup ? ('markdown' as const) : ('spec' as const),
      source: cell.value,
      ...(execution ? { execution } : {}),
      ...(outputs.length > 0 ? { outputs } : {}),
      ...(cell.metadata && Object.keys(cell.metadata).length > 0 ? { metadata: cell.metadata } : {}),
    };
  });
  return { cells, ...(data.metadata && Object.keys(data.metadata).length > 0 ? { metadata: data.metadata } : {}) };
}

/**
 * Our fit payload, bounded for the file. A payload that is not of the shape we write (a hand-edited file:
 * restoreOutputs passes any FIT_MIME item through, and the renderer shows what it can) is saved as it was
 * read rather than failing the save.
 */
function savedPayload(data: unknown): unknown {
  try {
    return Array.isArray((data as FitOutput).notes) ? savedFitOutput(data as FitOutput) : data;
  } catch {
    return data;
  }
}
