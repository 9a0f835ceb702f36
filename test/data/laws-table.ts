import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { dataFile } from '../dataPath';

/** Rows of a real data file as string records (test-side reader until the product's runlog lands). */
export function readRows(relative: string): Record<string, string>[] {
  const text = readFileSync(dataFile(relative), 'utf8');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

export function numbers(rows: readonly Record<string, string>[], column: string): Float64Array {
  return Float64Array.from(rows, (r) => (r[column] === '' || r[column] === undefined ? NaN : Number(r[column])));
}
