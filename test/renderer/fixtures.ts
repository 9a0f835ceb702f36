/**
 * Real data for plot tests: run logs from ../shared/data as RunTables, and a fit to go with them.
 * Until the run-log reader (readRunLog) and the engine (fitTable / predictWith) land, the table is read
 * with papaparse and the "fit" is the rounded Hoffmann et al. preset evaluated on the real N, D points —
 * real inputs, a published law, so every plot has honest curves, optima and residuals.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { FitResult, LawInputs, Role, RoleBinding, RunTable } from '../../src/core/types';
import { buildFitOutput } from '../../src/core/plot';
import type { FitOutput } from '../../src/shared/fitOutput';
import { dataFile } from '../dataPath';

/** Hoffmann et al. 2022, rounded (laws.md `hoffmann2022-rounded`). */
export const HOFFMANN_ROUNDED = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

export function chinchillaLoss(p: Record<string, number>, N: number, D: number): number {
  return p.E + p.A / N ** p.alpha + p.B / D ** p.beta;
}

/** The engine's predictWith for the Chinchilla form (what fit/index.ts will provide). */
export function predictChinchilla(fit: FitResult, inputs: LawInputs): Float64Array {
  const N = inputs.N!;
  const D = inputs.D ?? inputs.C!.map((c, i) => c / (6 * N[i]));
  return N.map((n, i) => chinchillaLoss(fit.params, n, D[i]));
}

interface ColumnSpec {
  name: string;
  role?: Role;
  values: (string | number)[];
  derived?: boolean;
}

function binding(column: string, derived = false): RoleBinding {
  return { column, confidence: 1, derived, alternatives: [], explicit: false };
}

function table(columns: ColumnSpec[]): RunTable {
  const rowCount = columns[0].values.length;
  return {
    format: 'csv',
    rowCount,
    lines: Int32Array.from({ length: rowCount }, (_, i) => i + 2),
    rowStatus: new Array(rowCount).fill('ok'),
    diagnostics: [],
    columns: columns.map((c) => {
      const numeric = typeof c.values[0] === 'number';
      return {
        name: c.name,
        kind: numeric ? 'number' : 'string',
        values: numeric ? Float64Array.from(c.values as number[]) : new Float64Array(rowCount).fill(NaN),
        ...(numeric ? {} : { text: c.values.map(String) }),
        scale: 1,
        derived: c.derived ?? false,
      };
    }),
    roles: Object.fromEntries(columns.filter((c) => c.role).map((c) => [c.role, binding(c.name, c.derived)])),
  };
}

function readCsv(relative: string): Record<string, string | number>[] {
  const text = readFileSync(dataFile(relative), 'utf8');
  return Papa.parse<Record<string, string | number>>(text, { header: true, dynamicTyping: true, skipEmptyLines: true }).data;
}

/** Epoch's digitised Chinchilla runs (240 rows: the 5 highest losses dropped, as in RR-01). */
export function epochChinchillaTable(): RunTable {
  const rows = readCsv('epoch-chinchilla/svg_extracted_data.csv')
    .sort((a, b) => Number(a.loss) - Number(b.loss))
    .slice(0, -5);
  const N = rows.map((r) => Number(r['Model Size']));
  const C = rows.map((r) => Number(r['Training FLOP']));
  return table([
    { name: 'Model Size', role: 'N', values: N },
    { name: 'Training FLOP', role: 'C', values: C },
    { name: 'D', role: 'D', values: C.map((c, i) => c / (6 * N[i])), derived: true },
    { name: 'loss', role: 'loss', values: rows.map((r) => Number(r.loss)) },
  ]);
}

/** (Mis)Fitting open_lm checkpoints: 4,852 rows of loss vs step for 11 model sizes. */
export function misfittingTable(): RunTable {
  const rows = readCsv('misfitting/scaling_results.csv');
  const col = (name: string) => rows.map((r) => Number(r[name]));
  return table([
    { name: 'N', role: 'N', values: col('N') },
    { name: 'D', role: 'D', values: col('D') },
    { name: 'C', role: 'C', values: col('C') },
    { name: 'current_steps', role: 'step', values: col('current_steps') },
    { name: 'model', role: 'run', values: rows.map((r) => String(r.model)) },
    { name: 'loss', role: 'loss', values: col('loss') },
  ]);
}

/** A FitResult of the preset on a table, with the rows matching `heldOut` held out (as `--holdout` would). */
export function presetFit(t: RunTable, heldOut: (row: number) => boolean = () => false): FitResult {
  const N = t.columns.find((c) => c.name === t.roles.N!.column)!.values;
  const D = t.columns.find((c) => c.name === t.roles.D!.column)!.values;
  const loss = t.columns.find((c) => c.name === t.roles.loss!.column)!.values;
  const predicted = N.map((n, i) => chinchillaLoss(HOFFMANN_ROUNDED, n, D[i]));
  const held = Array.from({ length: t.rowCount }, (_, i) => i).filter(heldOut);
  const rows = held.map((row) => ({ row, line: t.lines[row], observed: loss[row], predicted: predicted[row], are: Math.abs(predicted[row] - loss[row]) / loss[row] }));
  const logRes = Array.from(loss, (y, i) => Math.log(predicted[i] / y));
  const rmseLog = Math.sqrt(logRes.reduce((s, r) => s + r * r, 0) / logRes.length);
  return {
    law: { id: 'chinchilla', formula: 'E + A/N^alpha + B/D^beta' },
    objective: { kind: 'huber-log', delta: 1e-3, value: NaN },
    n: t.rowCount - held.length,
    params: { ...HOFFMANN_ROUNDED },
    metrics: { rmseLog, r2: NaN, mape: NaN },
    ...(rows.length > 0 ? { holdout: { n: rows.length, are: rows.reduce((s, r) => s + r.are, 0) / rows.length, maxAre: Math.max(...rows.map((r) => r.are)), rows } } : {}),
    starts: { tried: 0, converged: 0 },
    warnings: [],
    timing: { fitMs: 0 },
    roles: { N: { column: t.roles.N!.column, derived: false }, D: { column: t.roles.D!.column, derived: true }, loss: { column: 'loss', derived: false } },
    range: {},
  };
}

/** The Chinchilla output every renderer test draws: C ≥ 1e21 held out, like an extrapolation check. */
export function chinchillaOutput(): FitOutput {
  const t = epochChinchillaTable();
  const C = t.columns.find((c) => c.name === 'Training FLOP')!.values;
  return buildFitOutput(t, [presetFit(t, (row) => C[row] >= 1e21)], predictChinchilla);
}

export function misfittingOutput(): FitOutput {
  const t = misfittingTable();
  return buildFitOutput(t, [presetFit(t)], predictChinchilla);
}
