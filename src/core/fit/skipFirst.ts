/**
 * Leaving the earliest part of a learning curve out of the fit (Hitchhiker's guide, laws.md §4; §2.10
 * for lr-annealing): the first steps (warm-up, the initial drop) follow no scaling law and, with many
 * rows there, pull the fit. The rows stay in the table, plots and the LR history; only the fit skips them.
 */
import { UserError } from '../types';
import type { FitRequest, FitResult, LawInputs, Role, RunTable } from '../types';
import type { Law } from '../law';
import { isTrainingLog, PROGRESS_ROLES } from './lawInputs';

/**
 * Default fraction of the progress axis skipped, per law, for fits of one run's curve. Measured in
 * README "Dropping the earliest part of a learning curve" (fit the first half, error on the rest).
 */
export const DEFAULT_SKIP_FIRST: Readonly<Record<string, number>> = { 'lr-annealing': 0.05, 'saturating-power': 0.1, power: 0.1, bnsl: 0.1 };

/** The progress input a law reads on this table (the key into the law's inputs) and its role. */
export function progressInput(law: Law, xRole: Role | undefined, table: RunTable): { key: Role | 'x'; role: Role } | undefined {
  if (!isTrainingLog(table)) return undefined;
  for (const role of PROGRESS_ROLES) {
    if (law.inputs.includes(role)) return { key: role, role };
    if (law.inputs.includes('x') && xRole === role) return { key: 'x', role };
  }
  return undefined;
}

/** The fraction to skip: the request's, else the law's default on a progress axis, else none. */
export function skipFraction(request: FitRequest, law: Law, progress: { role: Role } | undefined): { fraction: number; requested: boolean } {
  const asked = request.skipFirst;
  if (asked !== undefined) {
    if (!(asked >= 0 && asked < 1)) throw new UserError(`skip-first must be a fraction in [0, 1) of the progress axis (got ${asked})`, 'bad-request');
    if (asked > 0 && !progress) throw new UserError(`skip-first needs a learning-curve fit (x = step or tokens); ${law.id} here reads none`, 'bad-request');
    return { fraction: asked, requested: true };
  }
  return { fraction: progress ? (DEFAULT_SKIP_FIRST[law.id] ?? 0) : 0, requested: false };
}

/**
 * Splits the fitted rows at `fraction` of the largest progress value among them: rows before it are
 * skipped. Returns the rows kept and the report (undefined when nothing is skipped).
 */
export function skipEarliest(
  rows: number[],
  inputs: LawInputs,
  progress: { key: Role | 'x'; role: Role },
  skip: { fraction: number; requested: boolean },
  lawId: string,
): { rows: number[]; skipped?: NonNullable<FitResult['skipped']> } {
  const values = inputs[progress.key];
  if (!values || skip.fraction <= 0 || rows.length === 0) return { rows };
  let last = -Infinity;
  for (const row of rows) if (values[row] > last) last = values[row];
  const below = skip.fraction * last;
  const kept = rows.filter((row) => values[row] >= below);
  const count = rows.length - kept.length;
  if (count === 0) return { rows };
  return {
    rows: kept,
    skipped: { rows: count, role: progress.role, fraction: skip.fraction, below, why: skip.requested ? 'requested' : `default for ${lawId}` },
  };
}
