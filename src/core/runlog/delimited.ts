/**
 * Delimited text (CSV, TSV, `;`, `|`) through papaparse, fed in chunks. Each batch ends at a line break
 * outside quotes, so a quoted field with newlines is never split, and every row keeps its 1-based
 * source line (comment and blank lines skipped by papaparse still count).
 */
import Papa from 'papaparse';
import type { Dialect } from '../types';
import type { DiagnosticList } from './diagnostics';

export interface RowSink {
  row(cells: string[], line: number): void;
  /** A row of only empty cells with delimiters (`,,,`): skipped as data, but it may be a header of empty names. */
  blank?(cells: string[], line: number): void;
}

/** Batches are parsed once this much text is pending. */
const BATCH_CHARS = 1 << 20;
const DELIMITERS = [',', '\t', ';', '|'];
const DECIMAL_COMMA_CELL = /^\s*[-+]?\d+,\d+\s*$/;

/** Guess the dialect from the first part of the text. */
export function sniffDialect(head: string, bom: boolean): Dialect {
  const sample = Papa.parse<string[]>(head.slice(0, 64 * 1024), {
    preview: 50,
    delimitersToGuess: DELIMITERS,
    comments: '#',
    skipEmptyLines: 'greedy',
  });
  const delimiter = DELIMITERS.includes(sample.meta.delimiter) ? sample.meta.delimiter : ',';
  const crlf = head.indexOf('\r\n');
  const lf = head.indexOf('\n');
  const lineEnding = crlf !== -1 && crlf + 1 === lf ? '\r\n' : lf === -1 && head.includes('\r') ? '\r' : '\n';
  // With `;` as delimiter, `3,6930` can only be a decimal comma (README of bad-inputs).
  const decimalComma = delimiter === ';' && sample.data.slice(1).some((row) => row.some((cell) => DECIMAL_COMMA_CELL.test(cell)));
  return { delimiter, quote: '"', decimalComma, bom, lineEnding };
}

/** A row of only whitespace cells, as papaparse's skipEmptyLines 'greedy' would drop it. */
function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}

export class DelimitedParser {
  private pending = '';
  private scanned = 0;
  private quoteOdd = false;
  private safeCut = 0;
  /** Newlines before the start of `pending`. */
  private lineOffset = 0;
  private lastLine = 1;

  constructor(
    readonly dialect: Dialect,
    private readonly sink: RowSink,
    private readonly diagnostics: DiagnosticList,
  ) {}

  push(text: string): void {
    this.pending += text;
    const p = this.pending;
    if (!this.quoteOdd && p.indexOf('"', this.scanned) === -1) {
      // No quotes in the new text: the last line break is safe (the common, fast case).
      const nl = p.lastIndexOf('\n');
      if (nl >= this.scanned) this.safeCut = nl + 1;
    } else {
      for (let i = this.scanned; i < p.length; i++) {
        const ch = p.charCodeAt(i);
        if (ch === 34) this.quoteOdd = !this.quoteOdd;
        else if (ch === 10 && !this.quoteOdd) this.safeCut = i + 1;
      }
    }
    this.scanned = p.length;
    if (this.pending.length >= BATCH_CHARS && this.safeCut > 0) this.flush(this.safeCut);
  }

  end(): void {
    if (this.pending.length > 0) this.flush(this.pending.length);
  }

  /** Parse every complete row pending; an unfinished last line waits for the rest of it. */
  flushComplete(): void {
    if (this.safeCut > 0) this.flush(this.safeCut);
  }

  private flush(cut: number): void {
    const batch = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    this.scanned -= cut;
    this.safeCut = 0;
    const nl = this.dialect.lineEnding === '\r' ? '\r' : '\n';
    let counted = 0;
    let newlines = 0;
    // Only a quoted cell, or a bare \n in a \r\n file, holds a line break: otherwise skip the per-cell count.
    const breaksInCells = batch.indexOf('"') !== -1 || this.dialect.lineEnding !== nl;
    Papa.parse<string[]>(batch, {
      delimiter: this.dialect.delimiter,
      newline: this.dialect.lineEnding,
      quoteChar: '"',
      comments: '#',
      // Blank rows are skipped in the step instead: papaparse's 'greedy' joins and trims every row.
      skipEmptyLines: false,
      step: (result) => {
        const cells = result.data;
        const blank = isBlank(cells);
        if (blank && (cells.length < 2 || !this.sink.blank)) return;
        // The row ends at the cursor; its first line is the last one minus newlines inside quoted cells.
        let end = result.meta.cursor;
        if (end > 0 && batch[end - 1] === nl) end--;
        while (counted < end) {
          counted = batch.indexOf(nl, counted);
          if (counted === -1 || counted >= end) {
            counted = end;
            break;
          }
          newlines++;
          counted++;
        }
        let inner = 0;
        if (breaksInCells) for (const cell of cells) for (let i = cell.indexOf(nl); i !== -1; i = cell.indexOf(nl, i + 1)) inner++;
        // Malformed quotes can make papaparse's cursor disagree with the cells; lines never go backwards.
        const line = Math.max(this.lineOffset + newlines - inner + 1, this.lastLine);
        this.lastLine = line;
        if (blank) {
          this.sink.blank!(cells, line);
          return;
        }
        for (const error of result.errors) {
          if (error.type === 'Quotes') {
            this.diagnostics.add({ severity: 'warning', code: 'bad-quotes', line, message: `malformed quotes: ${error.message}` });
          }
        }
        this.sink.row(cells, line);
      },
    });
    let total = 0;
    for (let i = batch.indexOf(nl); i !== -1; i = batch.indexOf(nl, i + 1)) total++;
    this.lineOffset += total;
  }
}
