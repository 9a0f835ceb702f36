/**
 * A spec's column-valued law options (downstream-error's `input`) checked against the table just read:
 * a column the file lacks is an error of the cell at `options:`, as a bad `map:` is.
 */
import { notAColumn } from '../fit/lawInputs';
import { getLaw } from '../laws/registry';
import { columnByName } from '../runlog/table';
import type { RunTable } from '../types';
import type { NotebookSpec, SpecError, ValuePosition } from './spec';

export function checkSpecOptionColumns(spec: NotebookSpec, position: ValuePosition | undefined, table: RunTable): SpecError[] {
  const names = new Set(spec.laws.flatMap((id) => (getLaw(id)?.options ?? []).filter((o) => o.kind === 'column').map((o) => o.name)));
  return [...names].flatMap((name) => {
    const column = spec.options?.[name];
    if (typeof column !== 'string' || columnByName(table, column)) return [];
    return [{ line: position?.line ?? 1, column: position?.column ?? 1, message: `options: ${name}: ${notAColumn(table, column)}` }];
  });
}
