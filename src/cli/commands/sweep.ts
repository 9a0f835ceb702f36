/**
 * `scaling-laws sweep DIR|FILE… [--take final|all|after=F] [--map ROLE=COLUMN]… [--n RUN=N]… [--out FILE]
 * [--json]`: many runs' logs → one table of (run, N, D, C, loss), with where each N, D and C came from.
 */
import { basename } from 'node:path';
import { decodeRunLog, parseNumber } from '../../core/runlog';
import { formatCount, plural } from '../../core/format';
import { MAX_NAME_CHARS, MAX_QUOTED_CHARS, MAX_WHOLE_FILE_BYTES } from '../../core/limits';
import { excerpt, quoteText } from '../../core/quote';
import { assembleSweep, describeTake, parseTake, runColumnOf, splitRuns, sweepColumns, sweepTableText, type SweepExclusion, type SweepRunInput, type SweepTable } from '../../core/sweep';
import { UserError } from '../../core/types';
import { EXIT, checkOutputPath, formatTable, parseCommandArgs, parseMapFlags, printJson, readMappedRunLogFile, readWholeFile, writeOut, writeOutputFile } from '../io';
import { findRuns, type RunFiles } from '../sweepRuns';
import { pushAll } from '../../core/arrays';

const USAGE = `usage: scaling-laws sweep DIR|FILE... [--take final|all|after=F] [--map ROLE=COLUMN|ROLE=none]...
         [--n RUN=N]... [--split COLUMN|none] [--out TABLE.csv] [--json]

Assembles one table of (run, N, D, C, loss) from many runs' logs: each FILE is a run; a folder with one
log is a run, a folder of logs or of run folders (one per run) is a sweep. --take final (default) takes
each run's last row, all every row, after=F every row from F of training on (by step, else tokens).
N comes from a column of the log, else a config beside it (n_params / num_params, or a Hugging Face
config.json's architecture), else the run's name (pythia-70m, 1.3B, d=512_l=8); --n RUN=N sets it.
D comes from a tokens column, else step × batch × sequence length of the config; C = 6·N·D unless the
log has a C column. --map applies to every run's log. A file holding several runs (a W&B history
export: one row per run and step) is split by its run column when the run names repeat; --split COLUMN
names the column, --split none keeps the file one run. --out writes the table (CSV) to fit with
'scaling-laws fit TABLE.csv --law chinchilla'.
Exit codes: 0 ok, 2 bad usage, unreadable input or no run with a loss and an N.`;

const OPTIONS = {
  take: { type: 'string' },
  map: { type: 'string', multiple: true },
  n: { type: 'string', multiple: true },
  split: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--n RUN=N` flags: the N the user states for a run, over every inference. */
function parseSizes(values: readonly string[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const value of values) {
    const eq = value.lastIndexOf('=');
    const n = eq > 0 ? parseNumber(value.slice(eq + 1)) : undefined;
    if (n === undefined || n <= 0) throw new UserError(`--n expects RUN=N with N a positive number (70M, 1.3e9), got ${quoteText(value)}`, 'usage');
    sizes.set(value.slice(0, eq), n);
  }
  return sizes;
}

function readConfig(path: string): { name: string; text: string } {
  return { name: basename(path), text: decodeRunLog(readWholeFile(path, MAX_WHOLE_FILE_BYTES)).text };
}

/** The stable `--json` shape (README "sweep"). */
export interface SweepJson {
  take: string;
  runs: Array<{
    name: string;
    log: string;
    /** Every file read for the run (a run's TensorBoard event files, oldest first). */
    parts: string[];
    configs: string[];
    unread: string[];
    rows: number;
    N: { value: number | null; source: string };
    D: { value: number | null; source: string };
    C: { value: number | null; source: string };
    problems: string[];
  }>;
  rows: number;
  excluded: Array<{ run: string; reason: string; rows: number }>;
  out: string | null;
  columns: string[];
  table: Array<Array<string | number | null>>;
}

function sweepJson(sweep: SweepTable, files: RunFiles[], out: string | undefined): SweepJson {
  const columns = sweepColumns(sweep);
  const value = (v: number | undefined) => (v === undefined ? null : v);
  return {
    take: describeTake(sweep.take),
    runs: sweep.runs.map((run, i) => ({
      name: run.name,
      log: files[i].log,
      parts: files[i].parts,
      configs: files[i].configs,
      unread: files[i].unread,
      rows: run.rows,
      N: { value: value(run.N.value), source: run.N.source },
      D: { value: value(run.D.value), source: run.D.source },
      C: { value: value(run.C.value), source: run.C.source },
      problems: run.problems,
    })),
    rows: sweep.rowCount,
    excluded: sweep.excluded,
    out: out ?? null,
    columns: ['run', ...columns.map(([name]) => name)],
    table: Array.from({ length: sweep.rowCount }, (_, i) => [sweep.runs[sweep.runOf[i]].name, ...columns.map(([, values]) => (Number.isFinite(values[i]) ? values[i] : null))]),
  };
}

function printHuman(sweep: SweepTable, files: RunFiles[], out: string | undefined): void {
  const left = sweep.excluded.reduce((sum, e) => sum + e.rows, 0);
  const lines = [`runs     ${sweep.runs.length}, take ${describeTake(sweep.take)}: ${plural(sweep.rowCount, 'row')} in the table, ${plural(left, 'row')} left out`, ''];
  const rows = sweep.runs.map((run) => [
    excerpt(run.name, MAX_NAME_CHARS),
    String(run.rows),
    run.N.value === undefined ? '-' : formatCount(run.N.value),
    excerpt(run.N.source, MAX_QUOTED_CHARS),
    run.D.value === undefined ? '-' : formatCount(run.D.value),
    excerpt(run.D.source, MAX_QUOTED_CHARS),
  ]);
  lines.push(formatTable(['run', 'rows', 'N', 'N from', 'D', 'D from'], rows));
  const notes = sweep.runs.flatMap((run, i) => [
    ...run.problems.map((p) => `  ${excerpt(run.name, MAX_NAME_CHARS)}: ${p}`),
    ...(files[i].unread.length > 0 ? [`  ${excerpt(run.name, MAX_NAME_CHARS)}: read ${files[i].log}; not read: ${excerpt(files[i].unread.join(', '))}`] : []),
  ]);
  if (notes.length > 0) pushAll(lines, ['', 'notes', ...notes]);
  if (sweep.excluded.length > 0) pushAll(lines, ['', 'left out', ...sweep.excluded.map((e) => `  ${excerpt(e.run, MAX_NAME_CHARS)}: ${plural(e.rows, 'row')}, ${e.reason}`)]);
  if (sweep.lossColumns.length > 1) lines.push('', `note: the runs' loss columns differ (${sweep.lossColumns.map((c) => quoteText(c, MAX_NAME_CHARS)).join(', ')}); --map loss=COLUMN picks one`);
  lines.push('', out ? `table written to ${out} (fit it: scaling-laws fit ${out} --law chinchilla)` : 'write the table with --out TABLE.csv, then fit it with scaling-laws fit TABLE.csv --law chinchilla');
  writeOut(lines.join('\n'));
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (values.help) {
    writeOut(USAGE);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UserError(`expected at least one run log or folder\n\n${USAGE}`, 'usage');
  const take = parseTake(values.take ?? 'final');
  const map = parseMapFlags(values.map ?? []);
  const sizes = parseSizes(values.n ?? []);
  if (values.out !== undefined) checkOutputPath('--out', values.out);

  const inputs: SweepRunInput[] = [];
  const files: RunFiles[] = [];
  const unnamed: SweepExclusion[] = [];
  for (const file of await findRuns(positionals)) {
    const table = await readMappedRunLogFile(file.parts, map);
    const configs = file.configs.map(readConfig);
    const column = values.split === 'none' ? undefined : (values.split ?? runColumnOf(table));
    if (column !== undefined && !table.columns.some((c) => c.name === column)) throw new UserError(`--split: ${file.log} has no column ${quoteText(column)}`, 'usage');
    // A long-format export (W&B history: one row per run and step) is one run per value of its run column.
    const split = column === undefined ? { runs: [{ name: file.name, table }], unnamed: 0 } : splitRuns(table, column);
    if (split.unnamed > 0) unnamed.push({ run: file.name, reason: `rows without a value in the run column '${column}'`, rows: split.unnamed });
    for (const run of split.runs) {
      files.push({ ...file, name: run.name });
      inputs.push({ name: run.name, table: run.table, configs, n: sizes.get(run.name) });
    }
  }
  const unknownSizes = [...sizes.keys()].filter((name) => !files.some((f) => f.name === name));
  if (unknownSizes.length > 0) throw new UserError(`--n: no run named ${unknownSizes.map((n) => quoteText(n)).join(', ')} (runs: ${excerpt(files.map((f) => f.name).join(', '))})`, 'usage');
  const sweep = assembleSweep(inputs, { take });
  pushAll(sweep.excluded, unnamed);
  if (values.out !== undefined) await writeOutputFile('--out', values.out, sweepTableText(sweep));
  if (values.json) printJson(sweepJson(sweep, files, values.out));
  else printHuman(sweep, files, values.out);
  if (sweep.rowCount === 0) throw new UserError('no run gave a row: each needs a loss and an N (see "left out"; --n RUN=N states a size)', 'no-rows');
  return EXIT.ok;
}
