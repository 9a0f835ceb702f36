import { compileFilter } from '../expr/filter';
import type { Law } from '../law';
import { nameTable } from '../nameTable';
import { columnByName, roleValues } from '../runlog/table';
import { ROLES, UserError } from '../types';
import type { LawInputs, Role, RunTable } from '../types';

/** Inputs that must be positive (they enter logs and powers). */
const POSITIVE_ROLES = new Set<string>(['N', 'D', 'C', 'M', 'U', 'P', 'x']);
/** FLOPs per parameter per token (C ≈ 6ND). */
export const FLOPS_PER_TOKEN = 6;

/** The role that plays `x` for one-variable laws. */
export function xRoleOf(law: Law, requested?: Role): Role | undefined {
  if (!law.inputs.includes('x')) return undefined;
  return requested ?? law.xRoles?.[0];
}

/** Progress axes of a training run's learning curve, in order of preference. */
export const PROGRESS_ROLES: readonly Role[] = ['step', 'D'];

/**
 * The x a one-variable law takes on this table when the request names none (CLI `--x`, spec `x:`, the
 * editor's law picker all default through here). A table with a step column is a training log, so its
 * curve is against progress: step, else tokens (D). Otherwise the first of the law's x roles the table
 * has (N on a model-size sweep). Undefined for laws without x, or when the table has none of its roles.
 */
export function defaultXRole(law: Law, table: RunTable): Role | undefined {
  if (!law.inputs.includes('x')) return undefined;
  const roles = law.xRoles ?? [];
  const has = (role: Role) => table.roles[role] !== undefined;
  const progress = isTrainingLog(table) ? PROGRESS_ROLES.find((role) => roles.includes(role) && has(role)) : undefined;
  return progress ?? roles.find(has);
}

/** Rows of the run a fit reads its history from: those `where` selects, not in error, not summaries. */
export function historyRows(table: RunTable, where?: string): number[] {
  const selected = where ? compileFilter(where, table) : () => true;
  const rows: number[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    const status = table.rowStatus[row];
    if (status !== 'error' && status !== 'summary' && selected(row)) rows.push(row);
  }
  return rows;
}

/** A training run's log (a learning curve) rather than a sweep of runs: it has steps, or tokens but no model size or compute. */
export function isTrainingLog(table: RunTable): boolean {
  const has = (role: Role) => table.roles[role] !== undefined;
  return has('step') || (has('D') && !has('N') && !has('C'));
}

export interface TableInputs {
  x: LawInputs;
  /** Column (and whether derived) that fed each role. */
  roles: Partial<Record<Role, { column: string; derived: boolean }>>;
  positive: Set<string>;
}

function derive(values: Partial<Record<Role, Float64Array>>, role: Role): Float64Array | undefined {
  const { N, D, C } = values;
  const map = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  if (role === 'D' && C && N) return map(C.length, (i) => C[i] / (FLOPS_PER_TOKEN * N[i]));
  if (role === 'C' && N && D) return map(N.length, (i) => FLOPS_PER_TOKEN * N[i] * D[i]);
  if (role === 'M' && N && D) return map(N.length, (i) => D[i] / N[i]);
  return undefined;
}

const HOW: Partial<Record<Role, string>> = { D: 'C/(6N)', C: '6ND', M: 'D/N' };

/**
 * Law input vectors from a table's role bindings (deriving D = C/(6N), C = 6ND, M = D/N when the
 * reader did not), plus custom-formula variables that name columns. Missing inputs are UserErrors
 * that say which role to map. Optional inputs (data-constrained's U) are left out when absent.
 */
export function tableInputs(table: RunTable, law: Law, xRole?: Role): TableInputs {
  const raw: Partial<Record<Role, Float64Array>> = {};
  for (const role of ROLES) {
    const values = roleValues(table, role);
    if (values) raw[role] = values;
  }
  // Formula variables may name any column, `__proto__` included: a name table stores it as a key.
  const x = nameTable<Float64Array>() as LawInputs;
  const roles: TableInputs['roles'] = {};
  const bind = (role: Role, key: Role | 'x') => {
    let values = raw[role];
    if (values) {
      const binding = table.roles[role]!;
      roles[role] = { column: binding.column, derived: binding.derived };
    } else if ((values = derive(raw, role))) {
      roles[role] = { column: HOW[role]!, derived: true };
    }
    if (values) x[key] = values;
    return values;
  };
  for (const input of law.inputs) {
    if (input === 'x') {
      const role = xRoleOf(law, xRole);
      if (!role || !bind(role, 'x')) {
        throw new UserError(`${law.id} needs an x column (${role ?? 'choose one with --x ROLE'}); map one with --map ${role ?? 'N'}=COLUMN`, 'missing-role');
      }
      continue;
    }
    if ((ROLES as readonly string[]).includes(input)) {
      if (bind(input, input)) continue;
      if (law.id === 'data-constrained' && input === 'U') continue;
      const hint = input === 'D' ? ' (or C and N to derive it)' : input === 'C' ? ' (or N and D to derive it)' : '';
      throw new UserError(`${law.id} needs a ${input} column${hint}; map one with --map ${input}=COLUMN`, 'missing-role');
    }
    const column = columnByName(table, input);
    if (!column) throw new UserError(`The formula reads \`${input}\`, which is neither a role nor a column of this file`, 'missing-role');
    x[input as Role] = column.values;
  }
  const positive = new Set(Object.keys(x).filter((key) => POSITIVE_ROLES.has(key)));
  return { x, roles, positive };
}

/** The same inputs for single points (calculator, hovers): role values, deriving D/C/M as above. */
export function pointInputs(law: Law, values: Partial<Record<Role | 'x', number>>, xRole?: Role): LawInputs {
  const raw: Partial<Record<Role, Float64Array>> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) raw[key as Role] = Float64Array.of(value);
  const x: LawInputs = {};
  for (const input of law.inputs) {
    if (input === 'x') {
      const role = xRoleOf(law, xRole);
      const v = values.x !== undefined ? Float64Array.of(values.x) : role ? (raw[role] ?? derive(raw, role)) : undefined;
      if (v) x.x = v;
      continue;
    }
    const v = raw[input as Role] ?? derive(raw, input as Role);
    if (v) x[input] = v;
  }
  return x;
}

/**
 * A law that reads other rows (Law.withHistory, lr-annealing's LR schedule) bound to the run's whole
 * history — every row the fit's `where` selects (the run), but those in error and run summaries — so any
 * subset of it (skip-first, holdout, bootstrap replicates, plotted points) is predicted against the real
 * history. Other laws are returned as they are.
 */
export function bindHistory(law: Law, table: RunTable, inputs: LawInputs, where?: string): Law {
  if (!law.withHistory) return law;
  const rows = historyRows(table, where);
  const history: LawInputs = {};
  for (const [key, values] of Object.entries(inputs)) history[key as Role] = Float64Array.from(rows, (row) => values[row]);
  return law.withHistory(history);
}
