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
  run: string[];
  N: Float64Array;
  D: Float64Array;
  C: Float64Array;
  loss: Float64Array;
  /** The log's step of each row (NaN when the log has none). */
  step: Float64Array;
  /** The column each value came from (the loss column of each run may differ). */
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

/** Growable columns of the assembled table. */
class Rows {
  run: string[] = [];
  N: number[] = [];
  D: number[] = [];
  C: number[] = [];
  loss: number[] = [];
  step: number[] = [];
}

export function assembleSweep(inputs: readonly SweepRunInput[], options: SweepOptions = {}): SweepTable {
  const take = options.take ?? DEFAULT_TAKE;
  const flopsPerToken = options.flopsPerToken ?? 6;
  const excluded = new Exclusions();
  const out = new Rows();
  const runs: SweepRun[] = [];
  const lossColumns = new Set<string>();

  for (const input of inputs) {
    const { table, name } = input;
    const config = new RunConfig(input.configs ?? []);
    const loss = roleValues(table, 'loss');
    const unknown: Sourced = { source: '-' };
    const run: SweepRun = { name, N: unknown, D: unknown, C: unknown, rows: 0, problems: config.problems };
    runs.push(run);
    if (!loss) {
      excluded.add(name, 'no loss column in the log', table.rowCount);
      continue;
    }
    lossColumns.add(table.roles.loss!.column);

    // Rows with a loss; the others counted by why they have none.
    const candidates: number[] = [];
    for (let i = 0; i < table.rowCount; i++) {
      const status = table.rowStatus[i];
      if (!isDataRow(status)) excluded.add(name, STATUS_REASON[status] ?? 'rows without a loss', 1);
      else if (!Number.isFinite(loss[i])) excluded.add(name, 'rows without a loss value', 1);
      else candidates.push(i);
    }
    if (candidates.length === 0) continue;

    const nColumn = input.n === undefined ? logged(table, 'N') : undefined;
    const size = nColumn ? undefined : runSize(input, config);
    run.N = nColumn ? { source: `column '${nColumn.column}' of the log` } : size!;
    if (!nColumn && size!.value === undefined) {
      excluded.add(name, `N ${size!.source}`, candidates.length);
      continue;
    }

    const step = logged(table, 'step');
    const dValues = roleValues(table, 'D');
    const progress = step?.values ?? dValues;
    const chosen = chooseRows(candidates, progress, take);
    excluded.add(name, take.kind === 'after' ? `checkpoints before ${take.fraction} of training` : 'earlier checkpoints (take final)', candidates.length - chosen.length);

    const perStep = dValues ? undefined : tokensPerStep(config);
    run.D = dValues
      ? { source: table.roles.D!.derived ? derivedNote(table, 'D') : `column '${table.roles.D!.column}' of the log` }
      : perStep && step
        ? { source: `step × ${formatCount(perStep.value)} tokens per step (${perStep.source})` }
        : { source: `unknown: no tokens column in the log${step ? `, and no batch size and sequence length in a config` : ' and no step column'}` };
    const cColumn = logged(table, 'C');
    run.C = cColumn ? { source: `column '${cColumn.column}' of the log` } : { source: `${formatNumber(flopsPerToken)}·N·D` };

    for (const i of chosen) {
      const n = nColumn ? nColumn.values[i] : size!.value!;
      const d = dValues ? dValues[i] : perStep && step ? step.values[i] * perStep.value : NaN;
      out.run.push(name);
      out.N.push(n);
      out.D.push(d);
      out.C.push(cColumn ? cColumn.values[i] : flopsPerToken * n * d);
      out.loss.push(loss[i]);
      out.step.push(step ? step.values[i] : NaN);
    }
    const last = out.run.length - 1;
    run.N = { ...run.N, value: out.N[last] };
    run.D = { ...run.D, value: Number.isNaN(out.D[last]) ? undefined : out.D[last] };
    run.C = { ...run.C, value: Number.isNaN(out.C[last]) ? undefined : out.C[last] };
    run.rows = chosen.length;
  }
  return {
    take,
    runs,
    rowCount: out.run.length,
    run: out.run,
    N: Float64Array.from(out.N),
    D: Float64Array.from(out.D),
    C: Float64Array.from(out.C),
    loss: Float64Array.from(out.loss),
    step: Float64Array.from(out.step),
    lossColumns: [...lossColumns],
    excluded: excluded.list,
  };
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
