import type { Column, Role, RunTable } from '../types';

export function columnByName(table: RunTable, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** Values of the column bound to `role`, in base units (parameters, tokens, FLOPs); NaN where missing. */
export function roleValues(table: RunTable, role: Role): Float64Array | undefined {
  const binding = table.roles[role];
  return binding ? columnByName(table, binding.column)?.values : undefined;
}
