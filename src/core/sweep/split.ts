/**
 * Long-format exports — one row per (run, step), as W&B's history export and many results tables hold
 * several runs in one file — split into one table per run. Each run's table keeps the file's columns,
 * roles and the diagnostics of its own rows.
 */
import { columnByName } from '../runlog/table';
import type { RunTable } from '../types';

export interface SplitRuns {
  runs: Array<{ name: string; table: RunTable }>;
  /** Rows with no value in the run column: in no run. */
  unnamed: number;
}

function cellText(table: RunTable, column: string, row: number): string | undefined {
  const col = columnByName(table, column)!;
  const text = col.text?.[row];
  if (text !== undefined && text.trim() !== '') return text.trim();
  const value = col.values[row];
  return Number.isNaN(value) ? undefined : String(value);
}

function subTable(table: RunTable, rows: number[]): RunTable {
  const lines = Int32Array.from(rows, (i) => table.lines[i]);
  const own = new Set(lines);
  return {
    ...table,
    columns: table.columns.map((column) => ({
      ...column,
      values: Float64Array.from(rows, (i) => column.values[i]),
      text: column.text ? rows.map((i) => column.text![i]) : undefined,
    })),
    rowCount: rows.length,
    lines,
    rowStatus: rows.map((i) => table.rowStatus[i]),
    diagnostics: table.diagnostics.filter((d) => d.line !== undefined && own.has(d.line)),
  };
}

/**
 * The column to split a file by when none is named: its `run` column, if the values repeat (a run on
 * several rows). A column of one value per row (OLMo's `checkpoint`) names rows, not runs.
 */
export function runColumnOf(table: RunTable): string | undefined {
  const column = table.roles.run?.column;
  if (column === undefined) return undefined;
  const names = new Set<string>();
  let named = 0;
  for (let i = 0; i < table.rowCount; i++) {
    const name = cellText(table, column, i);
    if (name === undefined) continue;
    names.add(name);
    named++;
  }
  return names.size >= 2 && names.size <= named / 2 ? column : undefined;
}

/** One table per distinct value of `column`, in order of first appearance. */
export function splitRuns(table: RunTable, column: string): SplitRuns {
  const byName = new Map<string, number[]>();
  let unnamed = 0;
  for (let i = 0; i < table.rowCount; i++) {
    const name = cellText(table, column, i);
    if (name === undefined) {
      unnamed++;
      continue;
    }
    let rows = byName.get(name);
    if (!rows) byName.set(name, (rows = []));
    rows.push(i);
  }
  return { runs: [...byName].map(([name, rows]) => ({ name, table: subTable(table, rows) })), unnamed };
}
