import type { Column, Role, RunTable } from '../../src/core/types';

function numeric(name: string, values: number[]): Column {
  return { name, kind: 'number', values: Float64Array.from(values), scale: 1, derived: false };
}

function text(name: string, cells: Array<string | undefined>): Column {
  return { name, kind: 'string', values: new Float64Array(cells.length).fill(NaN), text: cells, scale: 1, derived: false };
}

/** A hand-built RunTable of five runs: two datasets, one missing loss, a column name that needs backticks. */
export function table(): RunTable {
  const columns = [
    numeric('params_B', [0.4e9, 1e9, 7e9, 70e9, 1.4e9]),
    numeric('tokens', [10e9, 20e9, 140e9, 1.4e12, 28e9]),
    numeric('final_loss', [3.4, 3.1, 2.6, NaN, 3.0]),
    numeric('eval/loss', [3.5, 3.2, 2.7, 2.1, 3.1]),
    text('Dataset', ['rpj', ' c4 ', 'rpj', 'rpj', undefined]),
  ];
  const bind = (column: string) => ({ column, confidence: 1, derived: false, alternatives: [], explicit: false });
  const roles: Partial<Record<Role, ReturnType<typeof bind>>> = {
    N: bind('params_B'),
    D: bind('tokens'),
    loss: bind('final_loss'),
    group: bind('Dataset'),
  };
  return {
    format: 'csv',
    columns,
    rowCount: 5,
    lines: Int32Array.from([2, 3, 4, 5, 6]),
    rowStatus: ['ok', 'ok', 'ok', 'planned', 'ok'],
    roles,
    diagnostics: [],
  };
}

/** Deterministic uniform numbers in [0, 1): a 32-bit linear congruential generator (Numerical Recipes). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
}
