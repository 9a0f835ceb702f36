import { compileFilter, ExprError } from '../expr';
import type { RunTable } from '../types';
import { isDataRow } from '../runlog/table';
import type { NotebookSpec, SpecError, ValuePosition } from './spec';

export interface SpecRows {
  errors: SpecError[];
  /** Rows the `where` filter keeps (data rows only): the points a plot shows. */
  rows: number[];
}

/**
 * Compiles the spec's `where` and `holdout` against the table just read (a filter can only be checked
 * once the columns are known) and reports a bad one at its line and column in the cell.
 */
export function checkSpecFilters(spec: NotebookSpec, positions: Partial<Record<'where' | 'holdout', ValuePosition>>, table: RunTable): SpecRows {
  const errors: SpecError[] = [];
  const compiled: Partial<Record<'where' | 'holdout', (row: number) => boolean>> = {};
  for (const key of ['where', 'holdout'] as const) {
    const source = spec[key];
    if (source === undefined) continue;
    try {
      compiled[key] = compileFilter(source, table);
    } catch (error) {
      const pos = positions[key] ?? { line: 1, column: 1, quote: 0 };
      const single = !source.includes('\n');
      const offset = error instanceof ExprError && single ? error.position + pos.quote : 0;
      const message = error instanceof ExprError ? error.detail : error instanceof Error ? error.message : String(error);
      errors.push({ line: pos.line, column: pos.column + offset, message: `${key}: ${message}` });
    }
  }
  const keep = compiled.where;
  const rows = table.rowStatus.flatMap((status, row) => (isDataRow(status) && (!keep || keep(row)) ? [row] : []));
  return { errors, rows };
}
