/**
 * A learning-rate × batch-size sweep read from a run table: runs grouped by their (N, D) point, with every
 * row that cannot be used counted and explained (the fit's own row accounting), and the batch size in tokens.
 */
import { compileFilterReading } from '../expr/filter';
import { filterChecks, roleChecks, rowProblem, RowTally } from '../fit/rowAccount';
import { formatCount } from '../format';
import { quoteText } from '../quote';
import { roleValues } from '../runlog/table';
import { UserError, type Role, type RowAccount, type RunTable } from '../types';

export interface GridRun {
  row: number;
  /** Source line, for the user to find the run. */
  line: number;
  lr: number;
  bsTokens: number;
  loss: number;
}

export interface GridGroup {
  N: number;
  D: number;
  runs: GridRun[];
}

export type BatchUnit = 'tokens' | 'sequences';

export interface GridRequest {
  where?: string;
  /** Held-out (N, D) groups: the law is fitted without them and judged on them. */
  holdout?: string;
  /** Tokens per sequence, when the batch size counts sequences and no `seq` column is mapped. */
  seqLen?: number;
  /** Overrides the unit read from the batch-size column's name. */
  bsUnit?: BatchUnit;
}

export interface HparamGrid {
  fit: GridGroup[];
  heldOut: GridGroup[];
  rows: RowAccount;
  bsUnit: BatchUnit;
  /** How a batch size in sequences became tokens ('column seq_len', '2048 tokens (--seq-len)'). */
  seqSource?: string;
}

const NEEDED: readonly Role[] = ['N', 'D', 'lr', 'bs', 'loss'];

/** A column named for tokens (`batch_tokens`, `tokens_per_batch`) counts tokens; any other counts sequences. */
function unitOf(column: string): BatchUnit {
  return /token/i.test(column) ? 'tokens' : 'sequences';
}

export function readHparamGrid(table: RunTable, request: GridRequest = {}): HparamGrid {
  const missing = NEEDED.filter((role) => !roleValues(table, role));
  if (missing.length) {
    throw new UserError(`A hyperparameter sweep needs columns for ${missing.join(', ')}: map them with --map ROLE=COLUMN (roles N, D, lr, bs, loss)`, 'missing-role');
  }
  const bsColumn = table.roles.bs!.column;
  const bsUnit = request.bsUnit ?? unitOf(bsColumn);
  const seqColumn = table.roles.seq && !table.roles.seq.derived ? table.roles.seq.column : undefined;
  if (bsUnit === 'sequences' && request.seqLen === undefined && !seqColumn) {
    throw new UserError(
      `The batch size column ${quoteText(bsColumn)} counts sequences: give the sequence length (--seq-len 2048), map a sequence-length column (--map seq=COLUMN), or say --bs-unit tokens`,
      'missing-role',
    );
  }
  const seqValues = bsUnit === 'sequences' && request.seqLen === undefined ? roleValues(table, 'seq') : undefined;
  const seqSource =
    bsUnit === 'tokens' ? undefined : request.seqLen !== undefined ? `${request.seqLen.toLocaleString('en-US')} tokens per sequence (--seq-len)` : `column ${quoteText(seqColumn!)}`;
  const [N, D, lr, bs, loss] = NEEDED.map((role) => roleValues(table, role)!);
  const checks = roleChecks(table, seqValues ? ['N', 'D', 'lr', 'bs', 'seq'] : ['N', 'D', 'lr', 'bs']);
  const where = request.where ? compileFilterReading(request.where, table) : undefined;
  const holdout = request.holdout ? compileFilterReading(request.holdout, table) : undefined;
  const whereChecks = where ? filterChecks(where.columns, 'where') : [];
  const holdoutChecks = holdout ? filterChecks(holdout.columns, 'holdout') : [];
  const tally = new RowTally(table.lines);
  const groups = new Map<string, GridGroup & { held: boolean[] }>();
  let used = 0;
  let held = 0;
  for (let row = 0; row < table.rowCount; row++) {
    const status = table.rowStatus[row];
    if (status === 'planned' || status === 'series' || status === 'summary') {
      tally.leaveNotData(status, row);
      continue;
    }
    if (where && !where.test(row)) {
      tally.leaveUnselected(whereChecks, request.where!, row);
      continue;
    }
    const problem = rowProblem(checks, loss, table.roles.loss!.column, row);
    if (problem) {
      tally.leave('problem', problem.why, row, problem.column);
      continue;
    }
    const isHeld = holdout?.test(row) ?? false;
    const undecided = !isHeld ? holdoutChecks.find((check) => Number.isNaN(check.values[row])) : undefined;
    if (undecided) {
      tally.leave('problem', undecided.why, row, undecided.column);
      continue;
    }
    const key = `${N[row]}|${D[row]}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { N: N[row], D: D[row], runs: [], held: [] }));
    const tokens = bsUnit === 'tokens' ? bs[row] : bs[row] * (seqValues ? seqValues[row] : request.seqLen!);
    group.runs.push({ row, line: table.lines[row], lr: lr[row], bsTokens: tokens, loss: loss[row] });
    group.held.push(isHeld);
    if (isHeld) held++;
    else used++;
  }
  const fit: GridGroup[] = [];
  const heldOut: GridGroup[] = [];
  for (const { held: flags, ...group } of groups.values()) {
    if (flags.some((f) => f) && flags.some((f) => !f)) {
      throw new UserError(
        `--holdout splits the (N, D) group N = ${formatCount(group.N)}, D = ${formatCount(group.D)}: hold out whole groups (a condition on N or D, e.g. "N > 1e9")`,
        'bad-request',
      );
    }
    (flags[0] ? heldOut : fit).push(group);
  }
  const byScale = (a: GridGroup, b: GridGroup) => a.N - b.N || a.D - b.D;
  return { fit: fit.sort(byScale), heldOut: heldOut.sort(byScale), rows: tally.account(table.rowCount, used, held), bsUnit, ...(seqSource ? { seqSource } : {}) };
}
