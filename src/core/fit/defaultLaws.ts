/**
 * The laws `compare` tries when none are named (issue 12): the ones a researcher would fit to data of
 * this shape, each only when its inputs are there.
 */
import { roleValues } from '../runlog/table';
import type { Role, RunTable } from '../types';
import { FLOPS_PER_TOKEN, isTrainingLog } from './lawInputs';

/** In a law list (`--laws`, a comparison spec's `law:`), `default` stands for the default set of the table's shape. */
export const DEFAULT_LAWS = 'default';

/** Every law a default set can hold, whatever the table (defaultCandidates picks among them). */
const DEFAULT_LAW_IDS: readonly string[] = ['chinchilla', 'over-training', 'kaplan-nd', 'data-constrained', 'saturating-power', 'bnsl', 'lr-annealing'];

/**
 * The law ids a list may fit, for checking options before the table is known: `default` stands for every
 * law a default set can hold, so an option of one of them (bnsl's `breaks`) is accepted beside it.
 */
export function possibleLawIds(laws: readonly string[]): string[] {
  return [...new Set(laws.flatMap((law) => (law === DEFAULT_LAWS ? DEFAULT_LAW_IDS : [law])))];
}

export interface LawCandidate {
  /** A law id, preset id or formula, as in `--laws`. */
  law: string;
  options?: Record<string, number | string | boolean>;
}

/** Tokens per parameter must span at least this factor before the over-training law has anything to fit. */
const M_SPREAD = 2;

function spread(values: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 0 && Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  return hi > 0 ? hi / lo : 1;
}

/** Tokens per parameter of each row, from M, D/N or C/(6N²). */
function tokensPerParam(table: RunTable): ArrayLike<number> | undefined {
  const get = (role: Role) => (table.roles[role] ? roleValues(table, role) : undefined);
  const [M, N, D, C] = [get('M'), get('N'), get('D'), get('C')];
  if (M) return M;
  if (N && D) return Float64Array.from(N, (n, i) => D[i] / n);
  if (N && C) return Float64Array.from(N, (n, i) => C[i] / (FLOPS_PER_TOKEN * n * n));
  return undefined;
}

export function defaultCandidates(table: RunTable): LawCandidate[] {
  const has = (role: Role) => table.roles[role] !== undefined;
  if (isTrainingLog(table)) {
    return [
      { law: 'saturating-power' },
      { law: 'saturating-power', options: { offset: true } },
      { law: 'bnsl' },
      ...(has('lr') && has('step') ? [{ law: 'lr-annealing' }] : []),
    ];
  }
  const M = tokensPerParam(table);
  if (!has('N') || !M) return [{ law: 'saturating-power' }];
  return [
    { law: 'chinchilla' },
    ...(spread(M) >= M_SPREAD ? [{ law: 'over-training' }] : []),
    { law: 'kaplan-nd' },
    ...(has('U') ? [{ law: 'data-constrained' }] : []),
  ];
}
