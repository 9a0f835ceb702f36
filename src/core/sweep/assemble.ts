/**
 * A sweep — several runs, each with its own log and config — as one table of (run, N, D, C, loss):
 * the final row of each run by default, or its checkpoints (`all`, `after=F`). Every value that is not
 * a column of the log says where it came from (SweepRun), and every row left out is counted with why.
 */
import { formatCount, formatNumber } from '../format';
import { isDataRow, roleValues } from '../runlog/table';
import type { Role, RowStatus, RunTable } from '../types';
import { type ConfigText, type ConfigValue, RunConfig } from './config';
import { countParameters } from './paramCount';
import { sizeFromName } from './runName';
import { DEFAULT_TAKE, type Take } from './take';

export interface SweepRunInput {
  /** The run's name: its folder, its file's stem, or its value in a long-format export's run column. */
  name: string;
  table: RunTable;
  /** Config files beside the log (`config.json`, `hparams.yaml`), in the order they are trusted. */
  configs?: readonly ConfigText[];
  /** N the user confirmed or typed: wins over every inference. */
  n?: number;
}

export interface SweepOptions {
  take?: Take;
  /** FLOPs per parameter per token for C when no column gives it (default 6). */
  flopsPerToken?: number;
}

/** A value of a run and where it came from, for the user to check. */
export interface Sourced {
  /** The run's value (per-row columns: the value on its last taken row). */
  value?: number;
  source: string;
}

export interface SweepRun {
  name: string;
  N: Sourced;
  D: Sourced;
  C: Sourced;
  /** Rows of this run in the table. */
  rows: number;
  /** Configs that could not be read. */
  problems: string[];
}

export interface SweepExclusion {
  run: string;
  reason: string;
  rows: number;
}

export interface SweepTable {
  take: Take;
  runs: SweepRun[];
  rowCount: number;
  /** Per row, its run's index in `runs`. */
  runOf: Int32Array;
  N: Float64Array;
  D: Float64Array;
  C: Float64Array;
  loss: Float64Array;
  /** The log's step of each row (NaN when the log has none). */
  step: Float64Array;
  /** The loss columns the runs' logs were read with (several: the runs do not log the same loss; --map loss= picks one). */
  lossColumns: string[];
  excluded: SweepExclusion[];
}

const PARAM_KEYS = ['n_params', 'num_params', 'num_parameters', 'n_parameters', 'parameter_count', 'param_count'];
const BATCH_KEYS = ['global_batch_size', 'train_batch_size', 'total_batch_size', 'batch_size'];
const SEQ_KEYS = ['seq_length', 'seq_len', 'sequence_length', 'max_seq_length', 'max_seq_len', 'block_size', 'context_length'];
const TOKENS_PER_STEP_KEYS = ['tokens_per_step', 'batch_size_tokens'];

const STATUS_REASON: Partial<Record<RowStatus, string>> = {
  planned: 'planned rows (no loss yet)',
  series: 'entries of another loss series',
  summary: 'run summary entries',
};

/** The values of a role that the log itself holds (not derived by the reader from other roles). */
function logged(table: RunTable, role: Role): { values: Float64Array; column: string } | undefined {
  const binding = table.roles[role];
  const values = roleValues(table, role);
  return binding && values && !binding.derived ? { values, column: binding.column } : undefined;
}

function derivedNote(table: RunTable, role: Role): string {
  const column = table.columns.find((c) => c.name === table.roles[role]?.column);
  return column?.derivation ? `${column.derivation} from the log's columns` : `column '${table.roles[role]?.column}'`;
}

/** N of a run with no N column: the user's, a config key, the config's architecture, the name. */
function runSize(input: SweepRunInput, config: RunConfig): Sourced {
  if (input.n !== undefined) return { value: input.n, source: 'entered by you' };
  const stated = config.number(...PARAM_KEYS);
  if (stated) return { value: stated.value, source: stated.source };
  const counted = countParameters(config);
  if (counted) return counted;
  const named = sizeFromName(input.name);
  if ('value' in named) return named;
  return { source: `unknown: no N column, no ${PARAM_KEYS.slice(0, 2).join('/')} or architecture in a config, and ${named.reason}` };
}

/** Tokens per optimiser step from the config, for D = step × batch × sequence length. */
function tokensPerStep(config: RunConfig): ConfigValue<number> | undefined {
  const direct = config.number(...TOKENS_PER_STEP_KEYS);
  if (direct) return direct;
  const batch = config.number(...BATCH_KEYS);
  const seq = config.number(...SEQ_KEYS);
  if (!batch || !seq) return undefined;
  return { value: batch.value * seq.value, source: `${batch.source} × ${seq.source}` };
}

class Exclusions {
  readonly list: SweepExclusion[] = [];
  add(run: string, reason: string, rows: number): void {
    if (rows === 0) return;
    const known = this.list.find((e) => e.run === run && e.reason === reason);
    if (known) known.rows += rows;
    else this.list.push({ run, reason, rows });
  }
}

/** A run whose rows are taken: what pass 2 needs to write them. */
interface Plan {
  run: SweepRun;
  index: number;
  rows: number[];
  loss: Float64Array;
  n: Float64Array | number;
  d: Float64Array | undefined;
  tokensPerStep: number | undefined;
  step: Float64Array | undefined;
  c: Float64Array | undefined;
}

/** Pass 1 of a run: its rows and where its N, D and C come from, or undefined when it gives none. */
function planRun(input: SweepRunInput, index: number, take: Take, flopsPerToken: number, excluded: Exclusions): { run: SweepRun; plan?: Plan; lossColumn?: string } {
  const { table, name } = input;
  const config = new RunConfig(input.configs ?? []);
  const unknown: Sourced = { source: '-' };
  const run: SweepRun = { name, N: unknown, D: unknown, C: unknown, rows: 0, problems: config.problems };
  const loss = roleValues(table, 'loss');
  if (!loss) {
    excluded.add(name, 'no loss column in the log', table.rowCount);
    return { run };
  }
  const lossColumn = table.roles.loss!.column;

  // Rows with a loss; the others counted by why they have none.
  const candidates: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const status = table.rowStatus[i];
    if (!isDataRow(status)) excluded.add(name, STATUS_REASON[status] ?? 'rows without a loss', 1);
    else if (!Number.isFinite(loss[i])) excluded.add(name, 'rows without a loss value', 1);
    else candidates.push(i);
  }
  if (candidates.length === 0) return { run, lossColumn };

  const nColumn = input.n === undefined ? logged(table, 'N') : undefined;
  const size = nColumn ? { source: `column '${nColumn.column}' of the log` } : runSize(input, config);
  run.N = size;
  if (!nColumn && size.value === undefined) {
    excluded.add(name, `N ${size.source}`, candidates.length);
    return { run, lossColumn };
  }

  const step = logged(table, 'step');
  const d = roleValues(table, 'D');
  const rows = chooseRows(candidates, step?.values ?? d, take);
  excluded.add(name, take.kind === 'after' ? `checkpoints before ${take.fraction} of training` : 'earlier checkpoints (take final)', candidates.length - rows.length);

  const perStep = d ? undefined : tokensPerStep(config);
  run.D = d
    ? { source: table.roles.D!.derived ? derivedNote(table, 'D') : `column '${table.roles.D!.column}' of the log` }
    : perStep && step
      ? { source: `step × ${formatCount(perStep.value)} tokens per step (${perStep.source})` }
      : { source: `unknown: no tokens column in the log${step ? `, and no batch size and sequence length in a config` : ' and no step column'}` };
  const c = logged(table, 'C');
  run.C = c ? { source: `column '${c.column}' of the log` } : { source: `${formatNumber(flopsPerToken)}·N·D` };
  run.rows = rows.length;
  const plan: Plan = { run, index, rows, loss, n: nColumn ? nColumn.values : size.value!, d, tokensPerStep: step ? perStep?.value : undefined, step: step?.values, c: c?.values };
  return { run, plan, lossColumn };
}

export function assembleSweep(inputs: readonly SweepRunInput[], options: SweepOptions = {}): SweepTable {
  const take = options.take ?? DEFAULT_TAKE;
  const flopsPerToken = options.flopsPerToken ?? 6;
  const excluded = new Exclusions();
  const lossColumns = new Set<string>();
  const runs: SweepRun[] = [];
  const plans: Plan[] = [];
  inputs.forEach((input, index) => {
    const { run, plan, lossColumn } = planRun(input, index, take, flopsPerToken, excluded);
    runs.push(run);
    if (plan) plans.push(plan);
    if (lossColumn !== undefined) lossColumns.add(lossColumn);
  });

  // Pass 2: the columns, allocated once at their final length (a 2M-row sweep grows no arrays).
  const rowCount = plans.reduce((sum, p) => sum + p.rows.length, 0);
  const table = { runOf: new Int32Array(rowCount), N: new Float64Array(rowCount), D: new Float64Array(rowCount), C: new Float64Array(rowCount), loss: new Float64Array(rowCount), step: new Float64Array(rowCount) };
  let k = 0;
  for (const plan of plans) {
    for (const i of plan.rows) {
      const n = typeof plan.n === 'number' ? plan.n : plan.n[i];
      const d = plan.d ? plan.d[i] : plan.tokensPerStep !== undefined ? plan.step![i] * plan.tokensPerStep : NaN;
      table.runOf[k] = plan.index;
      table.N[k] = n;
      table.D[k] = d;
      table.C[k] = plan.c ? plan.c[i] : flopsPerToken * n * d;
      table.loss[k] = plan.loss[i];
      table.step[k] = plan.step ? plan.step[i] : NaN;
      k++;
    }
    const last = k - 1;
    const value = (x: number) => (Number.isNaN(x) ? undefined : x);
    plan.run.N = { ...plan.run.N, value: table.N[last] };
    plan.run.D = { ...plan.run.D, value: value(table.D[last]) };
    plan.run.C = { ...plan.run.C, value: value(table.C[last]) };
  }
  return { take, runs, rowCount, ...table, lossColumns: [...lossColumns], excluded: excluded.list };
}

/**
 * The rows `take` keeps, in log order. Progress is the step (else tokens seen, else the row's place):
 * `final` is the row furthest into training, `after=F` every row at or past F of the furthest.
 */
function chooseRows(candidates: number[], progress: Float64Array | undefined, take: Take): number[] {
  if (take.kind === 'all') return candidates;
  const at = progress ? (i: number) => (Number.isFinite(progress[i]) ? progress[i] : -Infinity) : (i: number) => i;
  let furthest = candidates[0];
  for (const i of candidates) if (at(i) >= at(furthest)) furthest = i;
  if (take.kind === 'final') return [furthest];
  const threshold = take.fraction * at(furthest);
  return candidates.filter((i) => at(i) >= threshold);
}
