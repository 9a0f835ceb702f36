import { didYouMean } from '../didYouMean';
import { compileFilter } from '../expr/filter';
import type { Law } from '../law';
import type { LawOptionValues } from '../lawOptions';
import { quoteText } from '../quote';
import { nameTable } from '../nameTable';
import { columnByName, roleValues } from '../runlog/table';
import { CUSTOM_LAW_ID, ROLES, UserError } from '../types';
import type { LawInputs, Role, RunTable } from '../types';

/** Inputs that must be positive (they enter logs and powers). */
const POSITIVE_ROLES = new Set<string>(['N', 'D', 'C', 'M', 'U', 'P', 'x']);
/** FLOPs per parameter per token (C ≈ 6ND). */
export const FLOPS_PER_TOKEN = 6;

/** The role that plays `x` for one-variable laws (none when a column option names x's column). */
export function xRoleOf(law: Law, requested?: Role): Role | undefined {
  const option = xColumnOption(law);
  if (option && requested) throw new UserError(`${law.id} takes no --x role: its x is the column given by --option ${option}=COLUMN`, 'bad-option');
  if (!law.inputs.includes('x') || option) return undefined;
  return requested ?? law.xRoles?.[0];
}

/**
 * The option naming the column x is read from, for a law whose x is no role (downstream-error's upstream
 * loss: the loss role is its target).
 */
export function xColumnOption(law: Law): string | undefined {
  return law.options?.find((option) => option.kind === 'column')?.name;
}

/** "'lss' is not a column of this file (did you mean `loss`?)". */
export function notAColumn(table: RunTable, name: string): string {
  return `${quoteText(name)} is not a column of this file${didYouMean(name, table.columns.map((c) => c.name))}`;
}

/** x from the column a law's column option names; UserErrors say how to give it. */
function xFromColumn(table: RunTable, law: Law, option: string, options: LawOptionValues): Float64Array {
  const name = options[option];
  const how = `--option ${option}=COLUMN (a spec: options: {${option}: COLUMN})`;
  if (typeof name !== 'string') throw new UserError(`${law.id} reads x from a column of its own: name it with ${how}`, 'bad-option');
  const column = columnByName(table, name);
  if (!column) throw new UserError(`${law.id} option ${option}: ${notAColumn(table, name)}`, 'bad-option');
  return column.values;
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
export function tableInputs(table: RunTable, law: Law, xRole?: Role, options: LawOptionValues = {}): TableInputs {
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
    const xOption = input === 'x' ? xColumnOption(law) : undefined;
    if (xOption) {
      x.x = xFromColumn(table, law, xOption, options);
      continue;
    }
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
    if (!column) {
      const hint = didYouMean(input, table.columns.map((c) => c.name));
      throw new UserError(`The formula reads \`${input}\`, which is neither a role nor a column of this file${hint}`, 'bad-expression');
    }
    x[input as Role] = column.values;
  }
  const positive = new Set(Object.keys(x).filter((key) => POSITIVE_ROLES.has(key)));
  return { x, roles, positive };
}

/**
 * Refuses a law input that reads the fit's target column (the loss role): y fitted against itself gives
 * parameters at their bounds and a meaningless error (downstream-error once defaulted its x to the target).
 */
export function assertInputsNotTarget(law: Law, inputs: TableInputs, table: RunTable, xRole?: Role): void {
  const loss = roleValues(table, 'loss');
  const target = table.roles.loss?.column;
  if (!loss || target === undefined) return;
  for (const [key, values] of Object.entries(inputs.x)) {
    if (values !== loss) continue;
    const option = key === 'x' ? xColumnOption(law) : undefined;
    const fix = option
      ? `name the upstream column with --option ${option}=COLUMN`
      : key === 'x'
        ? 'choose another x with --x ROLE'
        : (ROLES as readonly string[]).includes(key)
          ? `map ${key} to another column with --map ${key}=COLUMN`
          : 'read another column in the formula';
    const input = key === 'x' && xRole ? `x (${xRole})` : key;
    throw new UserError(
      `${law.id} would read its input ${input} from ${quoteText(target)}, the column it is fitted to (the loss role): a law cannot predict its target from itself; ${fix}, or map the target with --map loss=COLUMN`,
      'input-is-target',
    );
  }
}

/**
 * Refuses a formula parameter named like a column of the file (`flops` fitted as a free number once came
 * out at 51,790): a column is read by writing its name in backticks.
 */
export function assertParamsNotColumns(law: Law, params: readonly { name: string }[], table: RunTable): void {
  if (law.id !== CUSTOM_LAW_ID) return;
  for (const { name } of params) {
    if (!columnByName(table, name)) continue;
    throw new UserError(
      `The formula fits \`${name}\` as a parameter, but this file has a column named ${quoteText(name)}: write \`${name}\` in backticks to read the column, or rename the parameter`,
      'bad-expression',
    );
  }
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
