/**
 * What a stored fit is, so the editor uses it only where it applies (issue 11, "the spec is the whole
 * truth"). A fit is identified by its request (law, objective, where, holdout, options: the FitResult
 * echoes them) and its basis: the data it read and the role mapping and columns it read them with.
 * Hovers, inlay hints, the forecast and the calculator ask `fitStanding` whether the file as it is now
 * still has that data under those columns, and `rowCoverage` whether a row is one the fit speaks for;
 * `fitName` says which fit it is.
 */
import { compileFilter } from '../expr/filter';
import { quoteText } from '../quote';
import { RowHash } from '../runlog/rowhash';
import type { FitResult, Role, RoleMap, RunTable } from '../types';

/** What the FitResult does not say about its own origin; stored next to it. */
export interface FitBasis {
  /** Fingerprint of the rows the fit could read (`dataFingerprint`) when it was fitted. */
  data: string;
  /** The role overrides the table was read with (a spec's `map:`, the editor's column roles). */
  map: RoleMap;
  /** Role → the column the fit read for it, its inputs and the target (`*` marks a derived one). */
  columns: Partial<Record<Role, string>>;
}

export type FitStanding = { kind: 'current' } | { kind: 'stale'; reason: 'columns' | 'data' | 'unknown'; why: string };

export type RowCoverage = 'fitted' | 'held-out' | 'not-covered';

/** A `boundColumn` in a message: `'flops'`, or `C (derived)`. */
function shownColumn(bound: string): string {
  if (!bound.endsWith('*')) return quoteText(bound);
  const name = bound.slice(0, -1);
  return name.endsWith('(derived)') ? name : `${name} (derived)`;
}

function boundColumn(binding: { column: string; derived: boolean } | undefined): string | undefined {
  return binding ? `${binding.column}${binding.derived ? '*' : ''}` : undefined;
}

/**
 * The rows of `table` a fit with this `where` reads (every row when there is none); undefined when
 * the filter no longer compiles on this table (a column it names is gone).
 */
function whereRows(table: RunTable, where: string | undefined): ((row: number) => boolean) | undefined {
  if (where === undefined) return () => true;
  try {
    return compileFilter(where, table);
  } catch {
    return undefined;
  }
}

/**
 * A 64-bit hash of the data a fit with this `where` reads: the file's own columns (names, numbers and
 * text) of every row that matches the filter and could be fitted (not planned, not another series,
 * not a summary). A planned run appended, another dataset's rows or a comment edited leave it alone;
 * any value the fit read, or a row it would now read, changes it. Undefined when `where` fails.
 */
export function dataFingerprint(table: RunTable, where: string | undefined): string | undefined {
  const matches = whereRows(table, where);
  if (!matches) return undefined;
  const read = new Uint8Array(table.rowCount);
  for (let row = 0; row < table.rowCount; row++) {
    const status = table.rowStatus[row];
    // 1 and 2 keep a row that became unusable apart from a usable one with the same cells.
    if ((status === 'ok' || status === 'error') && matches(row)) read[row] = status === 'ok' ? 1 : 2;
  }
  const hash = new RowHash();
  hash.numbers(Float64Array.from(read), read);
  for (const column of table.columns) {
    if (column.derived) continue;
    hash.string(column.name);
    const { text } = column;
    if (!text) hash.numbers(column.values, read);
    else {
      for (let row = 0; row < table.rowCount; row++) {
        if (read[row] === 0) continue;
        const cell = text[row];
        if (cell === undefined) hash.number(column.values[row]);
        else hash.string(cell);
      }
    }
  }
  hash.finish();
  return `${(hash.high >>> 0).toString(16).padStart(8, '0')}${(hash.low >>> 0).toString(16).padStart(8, '0')}`;
}

/** The basis of a fit just made on `table`, read with the role overrides `map`. */
export function fitBasis(table: RunTable, result: FitResult, map: RoleMap): FitBasis {
  const columns: FitBasis['columns'] = {};
  for (const role of [...Object.keys(result.roles), 'loss'] as Role[]) {
    const column = boundColumn(result.roles[role] ?? table.roles[role]);
    if (column !== undefined) columns[role] = column;
  }
  return { data: dataFingerprint(table, result.request?.where) ?? '', map, columns };
}

/**
 * Whether a stored fit still describes `table` (the file as the editor reads it now): each role the
 * fit read is bound to the same column, and the rows it read hold the same values. Otherwise stale,
 * with the reason in words (column names quoted as they are: callers escape them).
 */
export function fitStanding(result: FitResult, basis: FitBasis | undefined, table: RunTable): FitStanding {
  if (!basis) return { kind: 'stale', reason: 'unknown', why: 'it was stored without a record of its data' };
  for (const [role, then] of Object.entries(basis.columns)) {
    const now = boundColumn(table.roles[role as Role]);
    if (now !== then) {
      return { kind: 'stale', reason: 'columns', why: `it read ${role} from ${shownColumn(then)}, the file now reads ${role} from ${now === undefined ? 'no column' : shownColumn(now)}` };
    }
  }
  const data = dataFingerprint(table, result.request?.where);
  if (data === undefined) return { kind: 'stale', reason: 'data', why: `its filter where ${result.request?.where} no longer applies to this file` };
  if (data !== basis.data) return { kind: 'stale', reason: 'data', why: 'the rows it was fitted on have changed' };
  return { kind: 'current' };
}

/**
 * Per row: one the fit used or could have used ('fitted'), one it held out and predicted ('held-out'),
 * or one outside its `where` ('not-covered', also when the filter no longer compiles).
 */
export function rowCoverage(result: FitResult, table: RunTable): (row: number) => RowCoverage {
  const matches = whereRows(table, result.request?.where);
  const held = result.request?.holdout !== undefined ? whereRows(table, result.request.holdout) : undefined;
  return (row) => (!matches?.(row) ? 'not-covered' : held?.(row) ? 'held-out' : 'fitted');
}

/** "chinchilla on loss_c4_val, where dataset == 'rw_original', holdout N >= 1e9" (plain text: escape it). */
export function fitName(result: FitResult, basis: FitBasis | undefined): string {
  const loss = basis?.columns.loss?.replace(/\*$/, '');
  const { where, holdout } = result.request ?? {};
  return [
    loss !== undefined ? `${result.law.id} on ${loss}` : result.law.id,
    ...(where !== undefined ? [`where ${where}`] : []),
    ...(holdout !== undefined ? [`holdout ${holdout}`] : []),
  ].join(', ');
}
