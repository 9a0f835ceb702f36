/**
 * A spec's `map:` checked against the table it was read into: a mapping to a column the file does not
 * have is an error of the cell, never a silent fallback to the detected column (`map: {loss: loss_c4_vall}`
 * used to fit the detected loss column without a word).
 */
import type { RunTable } from '../types';
import type { SpecError, ValuePosition } from './spec';

export function checkSpecMap(position: ValuePosition | undefined, table: RunTable, key: 'map' | 'loss' = 'map'): SpecError[] {
  // The table was read with the spec's `map:` alone (never the editor's roles), so every unknown column is the spec's
  // (or, with key 'loss', a target of `loss:` the table was read with).
  return table.diagnostics
    .filter((d) => d.code === 'map-unknown-column')
    .map((d) => ({ line: position?.line ?? 1, column: position?.column ?? 1, message: `${key}: ${d.message}` }));
}
