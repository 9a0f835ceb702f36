/**
 * Turns collected columns into a RunTable: column kinds and unit scales, roles, per-cell checks on
 * role columns, derived D / C / M, row status (ok / planned / error) and file-level diagnostics.
 */
import type { Column, Dialect, Diagnostic, Role, RoleMap, RunLogFormat, RunSchedule, RunTable, Severity } from '../types';
import type { TableAssembler } from './assemble';
import type { ColumnBuilder } from './columns';
import { type DiagnosticList, listNames, quoteText } from './diagnostics';
import { formatLines, formatNumber, plural } from '../format';
import { inFittableRange, MAX_COLUMN_NAME_CHARS, MAX_COLUMNS, MAX_MAGNITUDE } from '../limits';
import { readCell } from './numbers';
import { detectRoles, namesNumericRole } from './roles';
import { rowKind } from './series';
import { columnByName, roleValues } from './table';
import { unitScale } from './units';

/** Roles whose values must be > 0 (they are fitted in log space). */
const POSITIVE: readonly Role[] = ['N', 'D', 'C', 'loss', 'M', 'U', 'P'];
/** Roles that make a row without a loss a planned run. */
const INPUTS: readonly Role[] = ['N', 'D', 'C', 'step', 'M', 'U', 'P'];
const NUMERIC_CHECKED: readonly Role[] = ['N', 'D', 'C', 'loss', 'step', 'lr', 'M', 'U', 'P'];
/** Fewer usable rows than this cannot identify even a 5-parameter law such as Chinchilla. */
const FEW_ROWS = 5;
/** Rows with C off 6ND by more than this factor are flagged. */
const FLOPS_TOLERANCE = 2;
/** C this far off 6ND (either way) is not this run's compute: an int64 overflow or another unit. */
const FLOPS_IMPOSSIBLE = 10;
/** Source lines quoted in a column-level diagnostic. */
const LINES_SHOWN = 5;

export interface FinishOptions {
  format: RunLogFormat;
  dialect?: Dialect;
  map?: RoleMap;
  flopsPerToken?: number;
  /** Where the run's schedule ends, when the log says (trainer_state `max_steps`). */
  schedule?: RunSchedule;
}

/** Text cells a numeric column may hold before it counts as a text column (labels like `small`, `2.7b`). */
const TEXT_SHARE = 0.05;

function columnKind(b: ColumnBuilder): Column['kind'] {
  if (b.numbers === 0) return b.textCells + b.nonfinite === 0 ? 'empty' : 'string';
  const mostlyNumbers = b.textCells <= TEXT_SHARE * (b.numbers + b.textCells);
  return mostlyNumbers || (b.numbers >= b.textCells && namesNumericRole(b.name)) ? 'number' : 'string';
}

function toColumn(builder: ColumnBuilder, rowCount: number): Column {
  builder.fillTo(rowCount);
  const values = builder.values.slice(0, rowCount);
  const kind = columnKind(builder);
  const scale = kind === 'number' ? unitScale(builder.name) : 1;
  if (scale !== 1) for (let i = 0; i < values.length; i++) values[i] *= scale;
  const text = builder.texts?.slice(0, rowCount);
  return { name: builder.name, kind, values, text, scale, derived: false };
}

function nameOf(columns: readonly Column[], role: Role): string {
  return columns.some((c) => c.name === role) ? `${role} (derived)` : role;
}

function addDerived(table: RunTable, role: Role, values: Float64Array, derivation: string): void {
  const name = nameOf(table.columns, role);
  table.columns.push({ name, kind: 'number', values, scale: 1, derived: true, derivation });
  table.roles[role] = { column: name, confidence: 1, derived: true, alternatives: [], explicit: false };
}

/** D = C/(kN), C = kND, M = D/N when the file lacks them (k = flops per token per parameter, 6). */
function deriveMissing(table: RunTable, k: number): void {
  const n = roleValues(table, 'N');
  const d = roleValues(table, 'D');
  const c = roleValues(table, 'C');
  if (n && c && !d) addDerived(table, 'D', c.map((ci, i) => ci / (k * n[i])), `C/(${k}N)`);
  else if (n && d && !c) addDerived(table, 'C', d.map((di, i) => k * n[i] * di), `${k}ND`);
  const dd = roleValues(table, 'D');
  if (n && dd && !table.roles.M) addDerived(table, 'M', dd.map((di, i) => di / n[i]), 'D/N');
}

/** One kind of bad value in one column, reported once for the column (a broken column gave one diagnostic per row). */
interface ColumnProblem {
  code: string;
  column: string;
  role: Role;
  count: number;
  lines: number[];
  /** The first bad value, quoted in the message. */
  example: number;
}

class ColumnProblems {
  private readonly byKey = new Map<string, ColumnProblem>();

  note(code: string, column: string, role: Role, line: number, example: number): void {
    const key = `${code}\u0000${column}`;
    const problem = this.byKey.get(key) ?? { code, column, role, count: 0, lines: [], example };
    problem.count++;
    if (problem.lines.length < LINES_SHOWN) problem.lines.push(line);
    this.byKey.set(key, problem);
  }

  report(diagnostics: DiagnosticList, message: (p: ColumnProblem, where: string) => string, severity: Severity = 'error'): void {
    for (const p of this.byKey.values()) {
      const where = `e.g. ${formatNumber(p.example, 3)}; ${formatLines(p.lines, p.count)}`;
      diagnostics.add({ severity, code: p.code, line: p.lines[0], column: p.column, message: message(p, where) });
    }
  }
}

const areOrIs = (n: number) => (n === 1 ? 'is' : 'are');

/**
 * Cell-level checks on the columns bound to numeric roles; marks unusable rows. A cell that is not a
 * number is reported where it is (the editor offers to clear that cell); impossible numbers once per
 * column and kind, with the count and the first lines.
 */
function checkRoleCells(table: RunTable, rowError: Uint8Array, diagnostics: DiagnosticList): void {
  const problems = new ColumnProblems();
  for (const role of NUMERIC_CHECKED) {
    const binding = table.roles[role];
    const column = binding && columnByName(table, binding.column);
    if (!column || column.derived) continue;
    const positive = POSITIVE.includes(role);
    for (let i = 0; i < table.rowCount; i++) {
      const v = column.values[i];
      const line = table.lines[i];
      if (Number.isNaN(v)) {
        const text = column.text?.[i];
        if (text === undefined) continue;
        const nonfinite = readCell(text) === 'nonfinite';
        diagnostics.add({
          severity: 'error',
          code: nonfinite ? 'non-finite' : 'not-a-number',
          line,
          column: column.name,
          message: nonfinite
            ? `${quoteText(text)} in ${role} column ${quoteText(column.name)}: NaN/inf cannot be fitted; row left out of fits that read ${role}`
            : `${quoteText(text)} is not a number (${role} column ${quoteText(column.name)}); row left out of fits that read ${role}`,
        });
        rowError[i] = 1;
      } else if (!inFittableRange(v)) {
        problems.note('out-of-range', column.name, role, line, v);
        rowError[i] = 1;
      } else if (positive && v <= 0) {
        problems.note('non-positive', column.name, role, line, v);
        rowError[i] = 1;
      }
    }
  }
  problems.report(diagnostics, (p, where) =>
    p.code === 'out-of-range'
      ? `${plural(p.count, `${p.role} value`)} in ${quoteText(p.column)} ${areOrIs(p.count)} beyond ±${formatNumber(MAX_MAGNITUDE)} or below float64 precision (${where}): fits would overflow; left out of fits that read ${p.role}`
      : `${plural(p.count, `${p.role} value`)} in ${quoteText(p.column)} ${areOrIs(p.count)} ≤ 0 (${where}): ${p.role} must be > 0 (fitted in log space); left out of fits that read ${p.role}`,
  );
}

/** Values a column bound to C (or D) cannot hold: ≤ 0, overflowed, or (C) 10× or more off 6·N·D. */
interface Impossible {
  count: number;
  present: number;
  lines: number[];
  nonPositive: number;
  outOfRange: number;
  off: number;
}

function impossibleValues(table: RunTable, role: 'C' | 'D', k: number): Impossible | undefined {
  const values = roleValues(table, role)!;
  const [n, d] = role === 'C' ? [roleValues(table, 'N')!, roleValues(table, 'D')!] : [];
  const found: Impossible = { count: 0, present: 0, lines: [], nonPositive: 0, outOfRange: 0, off: 0 };
  for (let i = 0; i < table.rowCount; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    found.present++;
    let kind: 'nonPositive' | 'outOfRange' | 'off' | undefined;
    if (!inFittableRange(v)) kind = 'outOfRange';
    else if (v <= 0) kind = 'nonPositive';
    else if (n && d && n[i] > 0 && d[i] > 0) {
      const ratio = v / (k * n[i] * d[i]);
      if (ratio >= FLOPS_IMPOSSIBLE || ratio <= 1 / FLOPS_IMPOSSIBLE) kind = 'off';
    }
    if (!kind) continue;
    found[kind]++;
    if (found.count++ < LINES_SHOWN) found.lines.push(table.lines[i]);
  }
  return found.count > 0 ? found : undefined;
}

/**
 * A C (or D) column with impossible values is not bound automatically when the role can be derived
 * instead (C = 6ND, D = C/(6N)): an int64-overflowed `flops` column would otherwise drop the largest
 * runs from every fit and misplace every point on a compute axis. An explicit mapping is kept, with
 * the same warning. Returns the roles warned about.
 */
function unbindBadColumns(table: RunTable, k: number, diagnostics: DiagnosticList): Set<Role> {
  const warned = new Set<Role>();
  const derivation = { C: { from: ['N', 'D'] as const, formula: `${k}·N·D` }, D: { from: ['C', 'N'] as const, formula: `C/(${k}·N)` } };
  for (const role of ['C', 'D'] as const) {
    const binding = table.roles[role];
    const { from, formula } = derivation[role];
    if (!binding || binding.derived || from.some((r) => !roleValues(table, r))) continue;
    const bad = impossibleValues(table, role, k);
    if (!bad) continue;
    warned.add(role);
    const kinds = [
      bad.nonPositive ? `${bad.nonPositive.toLocaleString('en-US')} ≤ 0` : '',
      bad.outOfRange ? `${bad.outOfRange.toLocaleString('en-US')} beyond ±${formatNumber(MAX_MAGNITUDE)} or subnormal` : '',
      bad.off ? `${bad.off.toLocaleString('en-US')} off ${formula} by ${FLOPS_IMPOSSIBLE}× or more` : '',
    ].filter(Boolean);
    const what = `${bad.count.toLocaleString('en-US')} of ${plural(bad.present, 'value')} ${areOrIs(bad.count)} impossible for ${role} (${kinds.join(', ')}; ${formatLines(bad.lines, bad.count)})`;
    const name = quoteText(binding.column);
    const arg = /^[\w./-]+$/.test(binding.column) ? binding.column : name;
    const message = binding.explicit
      ? `${name} is mapped as ${role} although ${what}; it is used as mapped. To derive ${role} = ${formula} instead, leave ${role} unbound: --map ${role}=none (map: {${role}: null} in a notebook)`
      : `${name} not used as ${role}: ${what}; ${role} = ${formula} is used. Map it explicitly to use it anyway: --map ${role}=${arg} (map: {${role}: ${arg}} in a notebook)`;
    diagnostics.add({ severity: 'warning', code: 'bad-column', line: bad.lines[0], column: binding.column, message });
    if (!binding.explicit) delete table.roles[role];
  }
  return warned;
}

/** C written next to N and D should be about 6ND; far off usually means an overflow or another unit. */
function checkFlops(table: RunTable, k: number, diagnostics: DiagnosticList): void {
  const [n, d, c] = (['N', 'D', 'C'] as const).map((r) => roleValues(table, r));
  const column = table.roles.C?.column;
  if (!n || !d || !c || !column || table.roles.C?.derived || table.roles.D?.derived) return;
  const problems = new ColumnProblems();
  for (let i = 0; i < table.rowCount; i++) {
    const ratio = c[i] / (k * n[i] * d[i]);
    if (!(c[i] > 0 && n[i] > 0 && d[i] > 0) || (ratio <= FLOPS_TOLERANCE && ratio >= 1 / FLOPS_TOLERANCE)) continue;
    problems.note('flops-inconsistent', column, 'C', table.lines[i], ratio);
  }
  problems.report(
    diagnostics,
    (p, where) =>
      `C in ${quoteText(p.column)} is more than ${FLOPS_TOLERANCE}× off ${k}·N·D in ${plural(p.count, 'row')} (ratio ${where}): overflow or a different unit? To derive C = ${k}·N·D instead: --map C=none (map: {C: null} in a notebook)`,
    'warning',
  );
}

/**
 * Derived D, C and M where the inputs were fine but the product or quotient is not (6·N·D of two 1e160
 * values is ∞): flagged and left out, instead of an ∞ silently reaching a fit.
 */
function checkDerived(table: RunTable, rowError: Uint8Array, diagnostics: DiagnosticList): void {
  const problems = new ColumnProblems();
  for (const column of table.columns) {
    if (!column.derived) continue;
    const role = (Object.keys(table.roles) as Role[]).find((r) => table.roles[r]?.column === column.name) ?? 'C';
    for (let i = 0; i < table.rowCount; i++) {
      const v = column.values[i];
      if (Number.isNaN(v) || rowError[i] || (Number.isFinite(v) && inFittableRange(v))) continue;
      problems.note('derived-out-of-range', column.name, role, table.lines[i], v);
      rowError[i] = 1;
    }
  }
  problems.report(
    diagnostics,
    (p, where) =>
      `derived ${p.column} = ${columnByName(table, p.column)?.derivation} is outside what fits can use (±${formatNumber(MAX_MAGNITUDE)}, normal float64) in ${plural(p.count, 'row')} (${where}); left out of fits that read ${p.role}`,
  );
}

function rowStatuses(table: RunTable, rowError: Uint8Array, diagnostics: DiagnosticList): void {
  const lossColumn = table.roles.loss && columnByName(table, table.roles.loss.column);
  const loss = lossColumn?.values;
  const kind = lossColumn && rowKind(table, lossColumn);
  const inputs = INPUTS.map((r) => roleValues(table, r)).filter((v): v is Float64Array => v !== undefined);
  const series = new Map<string, number>();
  let summaries = 0;
  let firstSummary = 0;
  for (let i = 0; i < table.rowCount; i++) {
    const notRun = rowError[i] || !loss || !Number.isNaN(loss[i]) ? undefined : kind?.(i);
    if (rowError[i]) table.rowStatus[i] = 'error';
    else if (!loss || !Number.isNaN(loss[i])) table.rowStatus[i] = 'ok';
    else if (notRun === 'summary') {
      table.rowStatus[i] = 'summary';
      if (summaries++ === 0) firstSummary = table.lines[i];
    } else if (notRun) {
      table.rowStatus[i] = 'series';
      series.set(notRun.name, (series.get(notRun.name) ?? 0) + 1);
    } else if (inputs.some((v) => !Number.isNaN(v[i]))) table.rowStatus[i] = 'planned';
    else {
      table.rowStatus[i] = 'error';
      diagnostics.add({ severity: 'warning', code: 'no-values', line: table.lines[i], message: 'row has no loss and no inputs (N, D, C, step)' });
    }
  }
  if (series.size > 0) {
    table.lossSeries = [...series.keys()];
    const rows = [...series.values()].reduce((a, b) => a + b, 0);
    diagnostics.add({
      severity: 'info',
      code: 'loss-series',
      column: table.lossSeries[0],
      message: `${plural(rows, 'row')} ${rows === 1 ? 'has' : 'have'} no ${quoteText(lossColumn!.name)} but a value in ${[...series].map(([name, n]) => `${quoteText(name)} (${n.toLocaleString('en-US')})`).join(', ')}: points of that loss series (evaluations, a second curve), drawn as a series of its own, not fitted and not planned runs`,
    });
  }
  if (summaries > 0) {
    diagnostics.add({
      severity: 'info',
      code: 'summary-row',
      line: firstSummary,
      message: `${plural(summaries, 'row')} ${summaries === 1 ? 'is' : 'are'} the run's summary (train_runtime, train_loss over the whole run, …): not a data point, not fitted`,
    });
  }
}

function fileDiagnostics(table: RunTable, assembler: TableAssembler, builders: readonly ColumnBuilder[], diagnostics: DiagnosticList): void {
  const bound = Object.keys(table.roles).length;
  if (table.columns.length > 0 && bound === 0) {
    diagnostics.add({
      severity: 'warning',
      code: 'no-roles',
      message: `no column roles detected (columns: ${listNames(table.columns.map((c) => c.name))}); use --map ROLE=COLUMN (CLI) or "Set column roles" (editor)`,
    });
  }
  const usable = table.rowStatus.filter((s) => s === 'ok').length;
  if (table.columns.length > 0 && table.rowCount === 0) {
    diagnostics.add({ severity: 'warning', code: 'no-rows', line: 1, message: 'no data rows (only a header)' });
  } else if (table.rowCount > 0 && usable < FEW_ROWS) {
    diagnostics.add({ severity: 'warning', code: 'too-few-rows', message: `only ${plural(usable, 'usable row')}; most laws need at least ${FEW_ROWS}` });
  }
  for (const { name, renamed } of assembler.renamed) {
    const role = (Object.keys(table.roles) as Role[]).find((r) => table.roles[r]?.column === name || table.roles[r]?.column === renamed);
    const roleNote = role ? ` '${table.roles[role]?.column}' is used as ${role}.` : '';
    diagnostics.add({
      severity: 'warning',
      code: 'duplicate-header',
      line: 1,
      column: renamed,
      message: `two columns are named ${quoteText(name)}: the later one is read as ${quoteText(renamed)}.${roleNote}`,
    });
  }
  if (assembler.skipped.count > 0) {
    const { count, names } = assembler.skipped;
    diagnostics.add({
      severity: 'warning',
      code: 'too-many-columns',
      line: table.format === 'csv' || table.format === 'tsv' || table.format === 'wandb-csv' ? 1 : undefined,
      message: `only the first ${MAX_COLUMNS.toLocaleString('en-US')} columns are read; … and ${plural(count, 'more column')} not read (${names.slice(0, 3).join(', ')}${count > 3 ? ', …' : ''})`,
    });
  }
  if (assembler.longNames > 0) {
    diagnostics.add({
      severity: 'warning',
      code: 'long-column-name',
      line: 1,
      message: `${assembler.longNames} column name${assembler.longNames === 1 ? ' is' : 's are'} longer than ${MAX_COLUMN_NAME_CHARS.toLocaleString('en-US')} characters: cut, ending in '…'`,
    });
  }
  for (const b of builders) {
    if (b.bigIntegerLine > 0) {
      diagnostics.add({
        severity: 'info',
        code: 'big-numbers',
        line: b.bigIntegerLine,
        column: b.name,
        message: `integers above 2^53 in ${quoteText(b.name)} are read as floating point (about 16 significant digits)`,
      });
    }
  }
}

/** Diagnostics in source order; file-level ones (no line) first. */
function bySourceOrder(a: Diagnostic, b: Diagnostic): number {
  return (a.line ?? 0) - (b.line ?? 0);
}

export function finishTable(assembler: TableAssembler, diagnostics: DiagnosticList, options: FinishOptions): RunTable {
  const k = options.flopsPerToken ?? 6;
  const rowCount = assembler.rowCount;
  const builders = assembler.columns.filter((b) => !(b.unnamed && b.numbers + b.textCells + b.nonfinite === 0));
  const columns = builders.map((b) => toColumn(b, rowCount));
  const { roles, diagnostics: roleDiagnostics } = detectRoles(columns, options.map);
  for (const d of roleDiagnostics) diagnostics.add(d);
  const table: RunTable = {
    format: options.format,
    dialect: options.dialect,
    columns,
    rowCount,
    lines: assembler.lines.toArray(),
    rowStatus: new Array<'ok'>(rowCount).fill('ok'),
    roles,
    diagnostics: [],
  };
  if (options.schedule) table.schedule = options.schedule;
  const rowError = new Uint8Array(rowCount);
  const warned = unbindBadColumns(table, k, diagnostics);
  checkRoleCells(table, rowError, diagnostics);
  // A column already named as impossible for C is not reported again row by row.
  if (!warned.has('C')) checkFlops(table, k, diagnostics);
  deriveMissing(table, k);
  checkDerived(table, rowError, diagnostics);
  rowStatuses(table, rowError, diagnostics);
  fileDiagnostics(table, assembler, builders, diagnostics);
  // Numeric columns only needed their text for the messages above.
  for (const column of columns) if (column.kind !== 'string') delete column.text;
  table.diagnostics = diagnostics.list().sort(bySourceOrder);
  return table;
}
