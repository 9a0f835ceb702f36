import { readFileSync } from 'node:fs';
import { readRunLog } from '../../src/core/runlog';
import { dataFile } from '../dataPath';

/** One row of a real data file as read by the product's reader: numbers in base units, text as text. */
export type Row = Record<string, number | string | undefined>;

export function readRows(relative: string): Row[] {
  const table = readRunLog(readFileSync(dataFile(relative), 'utf8'), { fileName: relative });
  return Array.from({ length: table.rowCount }, (_, i) => {
    const row: Row = {};
    for (const column of table.columns) row[column.name] = column.kind === 'number' ? column.values[i] : column.text?.[i];
    return row;
  });
}

export function numbers(rows: readonly Row[], column: string): Float64Array {
  return Float64Array.from(rows, (r) => (typeof r[column] === 'number' ? (r[column] as number) : NaN));
}
