import { UserError } from '../types';
import { pushAll } from '../arrays';
import { jsonTooDeep } from './nesting';
import { MAX_DOCUMENT_DEPTH } from '../limits';

/**
 * The `.scalenb` file format: a small JSON document. JSON (not YAML) because outputs are JSON payloads
 * already and JSON has one way to write a value; each cell's source is stored as a list of lines so a
 * spec edit is a one-line diff. The writer is canonical (fixed key order, fixed layout, one output item
 * per line), so writing what was read returns the same bytes for every file this writer produced, and
 * a hand-formatted file settles to the canonical layout on its first save and stays there.
 */
export const NOTEBOOK_FORMAT = 'scalingNotebook';
export const NOTEBOOK_FORMAT_VERSION = 1;

export type NotebookCellKind = 'markdown' | 'spec';

export interface NotebookFileOutputItem {
  mime: string;
  /** Parsed JSON for JSON mime types (`…json`), text for every other one. */
  data: unknown;
}

export interface NotebookFileOutput {
  items: NotebookFileOutputItem[];
  metadata?: Record<string, unknown>;
}

export interface NotebookFileCell {
  kind: NotebookCellKind;
  source: string;
  execution?: { order?: number; success?: boolean };
  outputs?: NotebookFileOutput[];
  metadata?: Record<string, unknown>;
}

export interface NotebookFile {
  cells: NotebookFileCell[];
  metadata?: Record<string, unknown>;
}

export function isJsonMime(mime: string): boolean {
  return /[/+]json$/.test(mime);
}

/** Reads a `.scalenb` file; an empty file is an empty notebook (what "New File…" creates). */
export function parseNotebookFile(text: string): NotebookFile {
  if (text.trim() === '') return { cells: [] };
  // Writing a deeper document back (and showing its outputs) would overflow the stack: refuse it here,
  // before anything is shown, so the file is never saved over.
  const tooDeep = jsonTooDeep(text);
  if (tooDeep) {
    throw new UserError(
      `Not a scaling notebook: the JSON nests more than ${MAX_DOCUMENT_DEPTH} levels deep at line ${tooDeep.line}, column ${tooDeep.column} ` +
        '(reopen the file with the text editor to repair it)',
      'bad-notebook',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`Not a scaling notebook: the file is not valid JSON (${(error as Error).message})`, 'bad-notebook');
  }
  const doc = raw as { [NOTEBOOK_FORMAT]?: unknown; cells?: unknown; metadata?: unknown } | null;
  if (!doc || typeof doc !== 'object' || doc[NOTEBOOK_FORMAT] !== NOTEBOOK_FORMAT_VERSION || !Array.isArray(doc.cells)) {
    throw new UserError(`Not a scaling notebook: expected {"${NOTEBOOK_FORMAT}": ${NOTEBOOK_FORMAT_VERSION}, "cells": [...]}`, 'bad-notebook');
  }
  const cells = doc.cells.map((cell: unknown, index): NotebookFileCell => {
    const c = (cell ?? {}) as Record<string, unknown>;
    if (c.kind !== 'markdown' && c.kind !== 'spec') throw new UserError(`Cell ${index + 1}: kind must be "markdown" or "spec"`, 'bad-notebook');
    // Hand-written files may give the source as one string; the writer always uses lines.
    const source = Array.isArray(c.source) ? c.source.map(String).join('\n') : typeof c.source === 'string' ? c.source : '';
    return {
      kind: c.kind,
      source,
      ...(isObject(c.execution) ? { execution: c.execution as NotebookFileCell['execution'] } : {}),
      ...(Array.isArray(c.outputs) ? { outputs: c.outputs.filter(isObject).map(readOutput) } : {}),
      ...(isObject(c.metadata) ? { metadata: c.metadata } : {}),
    };
  });
  return { cells, ...(isObject(doc.metadata) ? { metadata: doc.metadata } : {}) };
}

function readOutput(output: Record<string, unknown>): NotebookFileOutput {
  const items = Array.isArray(output.items) ? output.items.filter(isObject) : [];
  return {
    items: items.map((item) => ({ mime: String(item.mime), data: item.data })),
    ...(isObject(output.metadata) ? { metadata: output.metadata } : {}),
  };
}

/** The canonical text of a notebook (ends with a newline). */
export function stringifyNotebookFile(file: NotebookFile): string {
  const out: string[] = ['{', `  "${NOTEBOOK_FORMAT}": ${NOTEBOOK_FORMAT_VERSION},`];
  if (file.metadata && Object.keys(file.metadata).length > 0) out.push(`  "metadata": ${JSON.stringify(file.metadata)},`);
  if (file.cells.length === 0) out.push('  "cells": []');
  else {
    out.push('  "cells": [');
    file.cells.forEach((cell, i) => pushAll(out, cellLines(cell)).push(i < file.cells.length - 1 ? '    },' : '    }'));
    out.push('  ]');
  }
  out.push('}', '');
  return out.join('\n');
}

function cellLines(cell: NotebookFileCell): string[] {
  const fields: string[][] = [[`"kind": ${JSON.stringify(cell.kind)}`]];
  const lines = cell.source === '' ? [] : cell.source.split('\n');
  fields.push(lines.length === 0 ? ['"source": []'] : ['"source": [', ...lines.map((line, i) => `  ${JSON.stringify(line)}${i < lines.length - 1 ? ',' : ''}`), ']']);
  if (cell.metadata && Object.keys(cell.metadata).length > 0) fields.push([`"metadata": ${JSON.stringify(cell.metadata)}`]);
  if (cell.execution) fields.push([`"execution": ${JSON.stringify(cell.execution)}`]);
  if (cell.outputs && cell.outputs.length > 0) {
    fields.push(['"outputs": [', ...cell.outputs.map((output, i) => `  ${JSON.stringify(output)}${i < cell.outputs!.length - 1 ? ',' : ''}`), ']']);
  }
  const body = fields.flatMap((field, i) => field.map((line, j) => `      ${line}${i < fields.length - 1 && j === field.length - 1 ? ',' : ''}`));
  return ['    {', ...body];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
