/**
 * A spec's `map:` checked against the table it was read into: a mapping to a column the file does not
 * have is an error of the cell, never a silent fallback to the detected column (`map: {loss: loss_c4_vall}`
 * used to fit the detected loss column without a word).
 */
import type { RunTable } from '../types';
import type { NotebookSpec, SpecError, ValuePosition } from './spec';

export function checkSpecMap(spec: NotebookSpec, position: ValuePosition | undefined, table: RunTable): SpecError[] {
  const wanted = new Set(Object.values(spec.map ?? {}));
  return table.diagnostics
    .filter((d) => d.code === 'map-unknown-column')
    .map((d) =>
      // Unknown columns named by the spec point at its `map:`; others come from the file's own column roles.
      d.column !== undefined && wanted.has(d.column)
        ? { line: position?.line ?? 1, column: position?.column ?? 1, message: `map: ${d.message}` }
        : { line: 1, column: 1, message: `the file's column roles (Set Column Roles…): ${d.message}` },
    );
}
