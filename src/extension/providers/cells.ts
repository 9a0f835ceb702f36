import type { Dialect, RunTable } from '../../core/types';

/** A document's lines without their line breaks (a TextDocument through `lineAt(i).text`, or split text). */
export interface LineSource {
  readonly lineCount: number;
  lineText(line: number): string;
}

/** 0-based start and end (exclusive) of a cell; a quoted cell may span lines. */
export interface CellSpan {
  startLine: number;
  startChar: number;
  endLine: number;
  endChar: number;
}

/**
 * Where the `index`-th field of the row that starts on 0-based line `row` lies, quotes respected the
 * way the reader's CSV parser reads them: a quote opens a quoted field only at the field's start, `""`
 * inside one is a literal quote, and a line break inside one belongs to the field (so a row, and the
 * cell itself, may span lines). The scan stops at `lastLine` (the line before the next row), so a
 * broken quote can never make it run to the end of the file; undefined when the cell is not found.
 * This is the one place that turns a reader diagnostic's (line, column) into text: the squiggle and
 * the "Treat as missing" edit both come from it, so the edit can only ever clear that cell.
 */
export function locateCell(lines: LineSource, row: number, index: number, dialect: Dialect, lastLine = lines.lineCount - 1): CellSpan | undefined {
  const { delimiter, quote } = dialect;
  const end = Math.min(lastLine, lines.lineCount - 1);
  if (row < 0 || row > end || index < 0) return undefined;
  let line = row;
  let text = lines.lineText(line);
  // A BOM is no part of the first field (the reader drops it too).
  let i = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let field = 0;
  let start = { line, char: i };
  let quoted = false;
  let fieldStart = true;
  for (;;) {
    if (i >= text.length) {
      if (!quoted) return field === index ? { startLine: start.line, startChar: start.char, endLine: line, endChar: text.length } : undefined;
      if (++line > end) return undefined;
      text = lines.lineText(line);
      i = 0;
      continue;
    }
    const ch = text[i];
    if (quoted) {
      if (ch === quote && text[i + 1] === quote) i += 2;
      else {
        if (ch === quote) quoted = false;
        i++;
      }
      continue;
    }
    if (ch === delimiter) {
      if (field === index) return { startLine: start.line, startChar: start.char, endLine: line, endChar: i };
      field++;
      i++;
      start = { line, char: i };
      fieldStart = true;
      continue;
    }
    if (ch === quote && fieldStart) quoted = true;
    fieldStart = false;
    i++;
  }
}

/**
 * Position of a source column among a delimited file's fields (derived columns are not in the file). A
 * melted W&B export's columns are not the file's fields, so it has none.
 */
export function fieldIndex(table: RunTable, column: string): number {
  if (!table.dialect || (table.format !== 'csv' && table.format !== 'tsv')) return -1;
  return table.columns.filter((c) => !c.derived).findIndex((c) => c.name === column);
}

/** 0-based last line a row may use: the line before the next row starts (or the document's last). */
export function rowLastLine(table: RunTable, rowLine: number, lineCount: number): number {
  let lo = 0;
  let hi = table.rowCount;
  // The first row that starts after `rowLine` (1-based lines, in order).
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (table.lines[mid] <= rowLine) lo = mid + 1;
    else hi = mid;
  }
  return lo < table.rowCount ? table.lines[lo] - 2 : lineCount - 1;
}

/** The cell a reader diagnostic names (row line + column), when the table is a delimited file. */
export function diagnosticCell(lines: LineSource, table: RunTable, d: { line?: number; column?: string }): CellSpan | undefined {
  if (!table.dialect || d.line === undefined || d.column === undefined) return undefined;
  const index = fieldIndex(table, d.column);
  if (index < 0) return undefined;
  return locateCell(lines, d.line - 1, index, table.dialect, rowLastLine(table, d.line, lines.lineCount));
}
