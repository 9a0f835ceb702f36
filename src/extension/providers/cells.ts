import type { Dialect, RunTable } from '../../core/types';

/**
 * Character range [start, end) of the `index`-th field of one delimited line, quotes respected.
 * Only used to place a squiggle and a "treat as missing" edit on the offending cell when the reader
 * reports a column but no character range.
 */
export function fieldRange(line: string, index: number, dialect: Dialect): [number, number] | undefined {
  let field = 0;
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= line.length; i++) {
    const ch = line[i];
    if (ch === dialect.quote) quoted = !quoted;
    else if (!quoted && (ch === dialect.delimiter || i === line.length)) {
      if (field === index) return [start, i];
      field++;
      start = i + 1;
    }
  }
  return undefined;
}

/** Position of a source column among a delimited file's fields (derived columns are not in the file). */
export function fieldIndex(table: RunTable, column: string): number {
  if (!table.dialect || !['csv', 'tsv', 'wandb-csv'].includes(table.format)) return -1;
  return table.columns.filter((c) => !c.derived).findIndex((c) => c.name === column);
}
