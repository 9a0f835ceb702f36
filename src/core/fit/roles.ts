import type { FitResult, LawInputs, Role, RunTable } from '../types';

/** Roles that label rows rather than feed a law. */
const LABEL_ROLES: ReadonlySet<Role> = new Set<Role>(['loss', 'run', 'group']);

/** The roles a fit's law read, from the result's own role echo (works for presets and custom formulas). */
export function fitInputRoles(fit: FitResult): Role[] {
  return (Object.keys(fit.roles) as Role[]).filter((role) => !LABEL_ROLES.has(role));
}

/** Whether the fit reads both N and D (then C = 6ND gives compute-optimal plots). */
export function readsNAndD(fit: FitResult): boolean {
  const inputs = fitInputRoles(fit);
  return inputs.includes('N') && inputs.includes('D');
}

/**
 * Numeric values of a role for every table row, in base units. The column bound in the fit wins over
 * the table's own binding; a missing one of N, D, C is completed from the other two by C = 6ND (the
 * same derivation the reader applies), so curves can be drawn against compute for any N–D law.
 */
export function roleColumn(table: RunTable, role: Role, fit?: FitResult): Float64Array | undefined {
  // A fit that read the other two places its points at the value it implies (C = 6ND of an L(N, D) fit),
  // never at a column it did not read (an overflowed `flops`).
  const implied = fit && completedFromFit(role, fit) ? triad(table, role, fit) : undefined;
  if (implied) return implied;
  const name = fit?.roles[role]?.column ?? table.roles[role]?.column;
  const column = name === undefined ? undefined : table.columns.find((c) => c.name === name);
  if (column && column.kind === 'number') return column.values;
  return triad(table, role, fit);
}

/** The role from the other two of N, D, C, both read from columns (never completed in turn: that recursed without end on a log with none of them). */
function triad(table: RunTable, role: Role, fit?: FitResult): Float64Array | undefined {
  const [a, b] = TRIAD[role] ?? [];
  const first = a && directColumn(table, a, fit);
  const second = first && directColumn(table, b!, fit);
  return first && second ? completeTriad(role, first, second) : undefined;
}

function directColumn(table: RunTable, role: Role, fit?: FitResult): Float64Array | undefined {
  const name = fit?.roles[role]?.column ?? table.roles[role]?.column;
  const column = name === undefined ? undefined : table.columns.find((c) => c.name === name);
  return column?.kind === 'number' ? column.values : undefined;
}

/** The two roles each of N, D, C is computed from, in the order completeTriad takes them. */
const TRIAD: Partial<Record<Role, readonly [Role, Role]>> = { C: ['N', 'D'], D: ['C', 'N'], N: ['C', 'D'] };

/** Whether the fit read the two others of N, D, C but not this one: roleColumn then computes it from them. */
export function completedFromFit(role: Role, fit: FitResult): boolean {
  const pair = TRIAD[role];
  return pair !== undefined && !fit.roles[role] && pair.every((r) => fit.roles[r] !== undefined);
}

/** C = 6ND, D = C/(6N), N = C/(6D): `first`/`second` are (N, D), (C, N) or (C, D) as `roleColumn` orders them. */
function completeTriad(role: Role, first: Float64Array, second: Float64Array): Float64Array {
  return role === 'C' ? first.map((n, i) => 6 * n * second[i]) : first.map((c, i) => c / (6 * second[i]));
}

/** Row labels of a string (or numeric) column, e.g. the run name of every row. */
export function labelColumn(table: RunTable, role: Role): string[] | undefined {
  const name = table.roles[role]?.column;
  const column = name === undefined ? undefined : table.columns.find((c) => c.name === name);
  if (!column) return undefined;
  if (column.text) return column.text.map((t) => (t ?? '').trim());
  return Array.from(column.values, (v) => (Number.isNaN(v) ? '' : String(v)));
}

/**
 * Law inputs for a set of points, keyed by role. One-variable laws read `x`; the result echoes the
 * role that played x, so it is passed under both names.
 */
export function lawInputs(fit: FitResult, values: Partial<Record<Role, ArrayLike<number>>>): LawInputs {
  const roles = fitInputRoles(fit);
  const inputs: LawInputs = {};
  for (const role of roles) {
    const v = values[role];
    if (v) inputs[role] = Float64Array.from(v);
  }
  if (roles.length === 1 && inputs[roles[0]]) inputs.x = inputs[roles[0]];
  return inputs;
}
