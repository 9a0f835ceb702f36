/**
 * Collects rows from any source (delimited cells by position, JSON records by key) into column
 * builders, with the row-level checks that need the raw row: ragged rows, duplicated rows, empty rows.
 */
import { ColumnBuilder, LineList } from './columns';
import { type DiagnosticList } from './diagnostics';
import type { FlatRecord } from './json';
import { RowHashSet } from './rowhash';

export interface RenamedHeader {
  name: string;
  renamed: string;
}

export class TableAssembler {
  readonly columns: ColumnBuilder[] = [];
  readonly lines = new LineList();
  readonly renamed: RenamedHeader[] = [];
  private readonly byName = new Map<string, ColumnBuilder>();
  private readonly seenRows = new RowHashSet();
  private width = 0;

  constructor(
    private readonly diagnostics: DiagnosticList,
    private readonly decimalComma = false,
  ) {}

  get rowCount(): number {
    return this.lines.length;
  }

  private addColumn(raw: string): ColumnBuilder {
    const base = raw.trim() === '' ? `column_${this.columns.length + 1}` : raw.trim();
    let name = base;
    for (let k = 2; this.byName.has(name); k++) name = `${base}_${k}`;
    if (name !== base) this.renamed.push({ name: base, renamed: name });
    const column = new ColumnBuilder(name, raw.trim() === '');
    column.fillTo(this.rowCount);
    this.columns.push(column);
    this.byName.set(name, column);
    return column;
  }

  /** The header row of a delimited file. */
  header(names: readonly string[]): void {
    for (const name of names) this.addColumn(name);
    this.width = names.length;
  }

  /** Duplicated rows are kept (they may be real repeats) but flagged. */
  private noteDuplicate(parts: readonly string[], line: number): void {
    const first = this.seenRows.add(parts, line);
    if (first !== 0) this.diagnostics.add({ severity: 'warning', code: 'duplicate-row', line, message: `row repeats line ${first} exactly` });
  }

  /** One delimited row, cells by position. */
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
    let empty = true;
    for (let i = 0; i < n; i++) if (cells[i].trim() !== '') empty = false;
    if (empty) return;
    this.noteDuplicate(n === cells.length ? cells : cells.slice(0, n), line);
    for (let i = 0; i < n; i++) this.columns[i].pushText(cells[i], line, this.decimalComma);
    this.lines.push(line);
  }

  /** One JSON record (already flattened); new keys become new columns. */
  record(record: FlatRecord, line: number, key: string): void {
    if (record.size === 0) return;
    this.noteDuplicate([key], line);
    const row = this.rowCount;
    for (const [name, value] of record) {
      const column = this.byName.get(name) ?? this.addColumn(name);
      if (column.length > row) continue;
      if (typeof value === 'number') {
        if (Number.isFinite(value)) column.pushNumber(value);
        else column.pushText(String(value), line, false);
      } else if (typeof value === 'string') column.pushText(value, line, false);
      else if (typeof value === 'boolean') column.pushText(String(value), line, false);
      else column.pushMissing();
    }
    this.lines.push(line);
    for (const column of this.columns) column.fillTo(this.rowCount);
  }
}
