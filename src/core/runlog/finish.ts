/**
 * Turns collected columns into a RunTable: column kinds and unit scales, roles, per-cell checks on
 * role columns, derived D / C / M, row status (ok / planned / error) and file-level diagnostics.
 */
import type { Column, Dialect, Diagnostic, Role, RoleMap, RunLogFormat, RunSchedule, RunTable } from '../types';
import type { TableAssembler } from './assemble';
import type { ColumnBuilder } from './columns';
import { type DiagnosticList, listNames, quoteText } from './diagnostics';
import { formatNumber, plural } from '../format';
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

/** Cell-level checks on the columns bound to numeric roles; marks unusable rows. */
function checkRoleCells(table: RunTable, rowError: Uint8Array, diagnostics: DiagnosticList): void {
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
            ? `${quoteText(text)} in ${role} column ${quoteText(column.name)}: NaN/inf cannot be fitted; row left out`
            : `${quoteText(text)} is not a number (${role} column ${quoteText(column.name)}); row left out`,
        });
        rowError[i] = 1;
      } else if (!inFittableRange(v)) {
        diagnostics.add({
          severity: 'error',
          code: 'out-of-range',
          line,
          column: column.name,
          message: `${role} = ${formatNumber(v)} in ${quoteText(column.name)} is ${Math.abs(v) > 1 ? `beyond ±${formatNumber(MAX_MAGNITUDE)}` : 'below float64 precision (subnormal)'}: fits would overflow; row left out`,
        });
        rowError[i] = 1;
      } else if (positive && v <= 0) {
        diagnostics.add({
          severity: 'error',
          code: 'non-positive',
          line,
          column: column.name,
          message: `${role} = ${v} in ${quoteText(column.name)}: ${role} must be > 0 (fitted in log space); row left out`,
        });
        rowError[i] = 1;
      }
    }
  }
}

/** C written next to N and D should be about 6ND; far off usually means an overflow or another unit. */
function checkFlops(table: RunTable, k: number, diagnostics: DiagnosticList): void {
  const [n, d, c] = (['N', 'D', 'C'] as const).map((r) => roleValues(table, r));
  if (!n || !d || !c || table.roles.C?.derived || table.roles.D?.derived) return;
  for (let i = 0; i < table.rowCount; i++) {
    const ratio = c[i] / (k * n[i] * d[i]);
    if (!(c[i] > 0 && n[i] > 0 && d[i] > 0) || (ratio <= FLOPS_TOLERANCE && ratio >= 1 / FLOPS_TOLERANCE)) continue;
    diagnostics.add({
      severity: 'warning',
      code: 'flops-inconsistent',
      line: table.lines[i],
      column: table.roles.C?.column,
      message: `C is ${ratio.toPrecision(3)}× ${k}·N·D (expected within ${FLOPS_TOLERANCE}×): overflow or a different unit? Remove the C mapping to derive C = ${k}ND`,
    });
  }
}

/**
 * Derived D, C and M where the inputs were fine but the product or quotient is not (6·N·D of two 1e160
 * values is ∞): flagged per row and left out, instead of an ∞ silently reaching a fit.
 */
function checkDerived(table: RunTable, rowError: Uint8Array, diagnostics: DiagnosticList): void {
  for (const column of table.columns) {
    if (!column.derived) continue;
    for (let i = 0; i < table.rowCount; i++) {
      const v = column.values[i];
      if (Number.isNaN(v) || rowError[i] || (Number.isFinite(v) && inFittableRange(v))) continue;
      diagnostics.add({
        severity: 'error',
        code: 'derived-out-of-range',
        line: table.lines[i],
        column: column.name,
        message: `derived ${column.name} = ${column.derivation} is ${formatNumber(v)} here, outside what fits can use (±${formatNumber(MAX_MAGNITUDE)}, normal float64); row left out`,
      });
      rowError[i] = 1;
    }
  }
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
  checkRoleCells(table, rowError, diagnostics);
  checkFlops(table, k, diagnostics);
  deriveMissing(table, k);
  checkDerived(table, rowError, diagnostics);
  rowStatuses(table, rowError, diagnostics);
  fileDiagnostics(table, assembler, builders, diagnostics);
  // Numeric columns only needed their text for the messages above.
  for (const column of columns) if (column.kind !== 'string') delete column.text;
  table.diagnostics = diagnostics.list().sort(bySourceOrder);
  return table;
}
