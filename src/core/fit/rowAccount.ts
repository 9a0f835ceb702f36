/**
 * Where every row of a table goes in a fit (FitResult.rows): used, held out, or left out grouped by
 * why, with the column at fault and the first source lines. A row leaves a fit only for a problem in
 * a column that fit reads.
 */
import { inFittableRange } from '../limits';
import { roleValues } from '../runlog/table';
import type { Column, Role, RowAccount, RowGroup, RunTable } from '../types';
import type { TableInputs } from './lawInputs';

/** Source lines kept per group. */
const LINES_SHOWN = 5;

const NOT_DATA_WHY: Record<'planned' | 'series' | 'summary', string> = {
  planned: 'planned run (no loss yet)',
  series: 'a point of another loss series',
  summary: "the run's summary entry",
};

export class RowTally {
  private readonly groups = new Map<string, RowGroup>();

  constructor(private readonly lines: Int32Array) {}

  leave(kind: RowGroup['kind'], why: string, row: number, column?: string): void {
    const key = `${kind}\u0000${why}\u0000${column ?? ''}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { kind, why, ...(column !== undefined ? { column } : {}), count: 0, lines: [] };
      this.groups.set(key, group);
    }
    group.count++;
    if (group.lines.length < LINES_SHOWN) group.lines.push(this.lines[row]);
  }

  /** A row that is not a measured run of the table (RowStatus planned, series, summary): the reader explained it. */
  leaveNotData(status: keyof typeof NOT_DATA_WHY, row: number): void {
    this.leave(status, NOT_DATA_WHY[status], row);
  }

  /**
   * A row `where` does not select. A missing value makes its comparison false: such a row was not judged,
   * it is a problem of the filter's column.
   */
  leaveUnselected(whereChecks: ReturnType<typeof filterChecks>, where: string, row: number): void {
    const missing = whereChecks.find((check) => Number.isNaN(check.values[row]));
    if (missing) this.leave('problem', missing.why, row, missing.column);
    else this.leave('filtered', `not selected by where \`${where}\``, row);
  }

  account(read: number, used: number, heldOut: number): RowAccount {
    // Largest groups first: the reason that cost the most rows leads.
    const left = [...this.groups.values()].sort((a, b) => b.count - a.count);
    return { read, used, heldOut, left };
  }
}

/** One column a row's value is checked in, named as the report names it. */
interface ValueCheck {
  label: string;
  column: string;
  values: Float64Array;
  positive: boolean;
}

/** Roles a derived role is computed from (C = 6ND reads N and D). */
const SOURCES: Partial<Record<Role, readonly Role[]>> = { C: ['N', 'D'], D: ['C', 'N'], M: ['D', 'N'] };

/** The bound, non-derived columns behind a role, in the order a report should blame them. */
function sourceChecks(table: RunTable, role: Role, depth = 0): ValueCheck[] {
  const binding = table.roles[role];
  const values = roleValues(table, role);
  if (binding && values && !binding.derived) return [{ label: role, column: binding.column, values, positive: true }];
  if (depth > 1) return [];
  return (SOURCES[role] ?? []).flatMap((source) => sourceChecks(table, source, depth + 1));
}

/**
 * The input columns a row is checked on, listed once per fit (per row, listing them was most of a
 * million-row refit). A derived input is checked in the columns it is computed from first, so a bad
 * N is reported as N, not as a bad C = 6ND.
 */
export function inputChecks(table: RunTable, inputs: TableInputs, xRole: Role | undefined): ValueCheck[] {
  const checks: ValueCheck[] = [];
  for (const [key, values] of Object.entries(inputs.x) as Array<[string, Float64Array]>) {
    const role = (key === 'x' ? xRole : key) as Role | undefined;
    const binding = role ? inputs.roles[role] : undefined;
    const positive = inputs.positive.has(key);
    if (binding?.derived && role) for (const check of sourceChecks(table, role)) if (!checks.some((c) => c.column === check.column)) checks.push(check);
    checks.push({ label: role ?? key, column: binding?.column ?? key, values, positive });
  }
  return checks;
}

/** The columns behind `roles` (a derived role by the columns it is computed from), each listed once. */
export function roleChecks(table: RunTable, roles: readonly Role[]): ValueCheck[] {
  const checks: ValueCheck[] = [];
  for (const role of roles) for (const check of sourceChecks(table, role)) if (!checks.some((c) => c.column === check.column)) checks.push(check);
  return checks;
}

export interface RowProblem {
  why: string;
  column: string;
}

/** Why a row's inputs or target cannot be fitted, if they cannot. */
export function rowProblem(checks: readonly ValueCheck[], loss: Float64Array, lossColumn: string, row: number): RowProblem | undefined {
  for (const { label, column, values, positive } of checks) {
    const v = values[row];
    if (!Number.isFinite(v)) return { why: Number.isNaN(v) ? `missing ${label}` : `non-finite ${label}`, column };
    if (positive && !(v > 0)) return { why: `non-positive ${label}`, column };
    if (!inFittableRange(v)) return { why: `${label} out of range (beyond ±1e300 or subnormal)`, column };
  }
  const target = loss[row];
  // The reader requires a loss > 0 of every row (its diagnostic says the row is left out), whatever the objective.
  const problem = !Number.isFinite(target)
    ? 'missing loss'
    : !inFittableRange(target)
      ? 'loss out of range (beyond ±1e300 or subnormal)'
      : !(target > 0)
        ? 'non-positive loss'
        : undefined;
  return problem ? { why: problem, column: lossColumn } : undefined;
}

/** The numeric columns a filter reads, for the rows it cannot decide (no number there). */
export function filterChecks(columns: readonly Column[], flag: 'where' | 'holdout'): Array<{ column: string; values: Float64Array; why: string }> {
  return columns.filter((c) => c.kind === 'number').map((c) => ({ column: c.name, values: c.values, why: `no value for the ${flag} filter` }));
}
