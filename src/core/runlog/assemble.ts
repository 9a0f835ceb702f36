/**
 * Collects rows from any source (delimited cells by position, JSON records by key) into column
 * builders, with the row-level checks that need the raw row: ragged rows, duplicated rows, empty rows.
 */
import { MAX_COLUMN_NAME_CHARS, MAX_COLUMNS } from '../limits';
import { ColumnBuilder, LineList } from './columns';
import { type DiagnosticList } from './diagnostics';
import type { FlatValue } from './json';
import { RowHash, RowHashSet } from './rowhash';

export interface RenamedHeader {
  name: string;
  renamed: string;
}

/** Columns beyond MAX_COLUMNS: how many, and the first few names for the message. */
export interface SkippedColumns {
  count: number;
  names: string[];
}

export class TableAssembler {
  readonly columns: ColumnBuilder[] = [];
  readonly lines = new LineList();
  readonly renamed: RenamedHeader[] = [];
  readonly skipped: SkippedColumns = { count: 0, names: [] };
  /** Header names cut to MAX_COLUMN_NAME_CHARS. */
  longNames = 0;
  /** JSON keys already counted as skipped (a key repeats in every record). */
  private readonly skippedKeys = new Set<string>();
  private readonly byName = new Map<string, ColumnBuilder>();
  private readonly seenRows = new RowHashSet();
  private readonly hash = new RowHash();
  private readonly columnIndex = new Map<ColumnBuilder, number>();
  private width = 0;

  constructor(
    private readonly diagnostics: DiagnosticList,
    private readonly decimalComma = false,
  ) {}

  get rowCount(): number {
    return this.lines.length;
  }

  private skip(name: string): void {
    this.skipped.count++;
    if (this.skipped.names.length < 8) this.skipped.names.push(name.length > MAX_COLUMN_NAME_CHARS ? `${name.slice(0, MAX_COLUMN_NAME_CHARS)}…` : name);
  }

  private addColumn(raw: string): ColumnBuilder {
    let trimmed = raw.trim();
    if (trimmed.length > MAX_COLUMN_NAME_CHARS) {
      // A 100 MB "name" is not a name: kept as an excerpt so every report of it stays small.
      trimmed = `${trimmed.slice(0, MAX_COLUMN_NAME_CHARS)}…`;
      this.longNames++;
    }
    const base = trimmed === '' ? `column_${this.columns.length + 1}` : trimmed;
    let name = base;
    for (let k = 2; this.byName.has(name); k++) name = `${base}_${k}`;
    if (name !== base) this.renamed.push({ name: base, renamed: name });
    const column = new ColumnBuilder(name, raw.trim() === '');
    column.fillTo(this.rowCount);
    this.columnIndex.set(column, this.columns.length);
    this.columns.push(column);
    this.byName.set(name, column);
    return column;
  }

  /** The header row of a delimited file. */
  header(names: readonly string[]): void {
    const kept = Math.min(names.length, MAX_COLUMNS);
    for (let i = 0; i < kept; i++) this.addColumn(names[i]);
    for (let i = kept; i < names.length; i++) this.skip(names[i]);
    this.width = names.length;
  }

  /**
   * A column of a columnar source (Parquet), filled value by value by the caller; undefined past
   * MAX_COLUMNS (counted like a header's extra columns). Its rows are then added with `lines.push`.
   */
  columnar(name: string): ColumnBuilder | undefined {
    if (this.columns.length >= MAX_COLUMNS) {
      this.skip(name);
      return undefined;
    }
    return this.addColumn(name);
  }

  /** Duplicated rows are kept (they may be real repeats) but flagged. */
  private noteDuplicate(line: number): void {
    const first = this.seenRows.add(this.hash, line);
    if (first !== 0) this.diagnostics.add({ severity: 'warning', code: 'duplicate-row', line, message: `row repeats line ${first} exactly` });
  }

  /** One delimited row, cells by position (blank rows were already dropped by the parser). */
  cells(cells: readonly string[], line: number): void {
    let n = cells.length;
    // A trailing delimiter (`1,2,3,`) only adds empty cells: not a ragged row.
    while (n > this.width && cells[n - 1].trim() === '') n--;
    if (n !== this.width) {
      this.diagnostics.add({
        severity: 'warning',
        code: 'ragged-row',
        line,
        message: `row has ${n} fields but the header has ${this.width}: row skipped`,
      });
      return;
    }
    this.hash.reset();
    const kept = this.columns.length;
    for (let i = 0; i < n; i++) {
      this.hash.string(cells[i]);
      if (i < kept) this.columns[i].pushText(cells[i], line, this.decimalComma);
    }
    this.noteDuplicate(line);
    this.lines.push(line);
  }

  /** Start a JSON record; then `field` for each flattened leaf, then `endRecord`. */
  beginRecord(): void {
    this.hash.reset();
  }

  field(name: string, value: FlatValue, line: number): void {
    let column = this.byName.get(name);
    if (!column) {
      if (this.columns.length >= MAX_COLUMNS) {
        if (!this.skippedKeys.has(name)) {
          this.skippedKeys.add(name);
          this.skip(name);
        }
        return;
      }
      column = this.addColumn(name);
    }
    // A key repeated after flattening (`a.b` next to `a: {b}`): the first value wins.
    if (column.length > this.rowCount) return;
    this.hash.number(this.columnIndex.get(column)!);
    if (typeof value === 'number') {
      this.hash.number(value);
      if (Number.isFinite(value)) column.pushNumber(value);
      else column.pushText(String(value), line, false);
    } else if (value === null) {
      column.pushMissing();
    } else {
      const text = String(value);
      this.hash.string(text);
      column.pushText(text, line, false);
    }
  }

  /** Keep the record as a row (if it had any field) and pad the columns it did not mention. */
  endRecord(line: number): void {
    const row = this.rowCount;
    if (!this.columns.some((c) => c.length > row)) return;
    this.noteDuplicate(line);
    this.lines.push(line);
    for (const column of this.columns) column.fillTo(row + 1);
  }
}
