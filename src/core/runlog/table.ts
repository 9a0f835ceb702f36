import type { Column, Role, RowStatus, RunTable } from '../types';

export function columnByName(table: RunTable, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** Values of the column bound to `role`, in base units (parameters, tokens, FLOPs); NaN where missing. */
export function roleValues(table: RunTable, role: Role): Float64Array | undefined {
  const binding = table.roles[role];
  return binding ? columnByName(table, binding.column)?.values : undefined;
}

/**
 * A row of measured data: 'ok', or 'error' (a bad value in some role column, which only fits and plots
 * reading that column leave out). Planned runs, other loss series and run summaries are not.
 */
export function isDataRow(status: RowStatus): boolean {
  return status === 'ok' || status === 'error';
}
