/**
 * The law to take when you don't know better (issue 12), chosen as careful scaling-law researchers
 * choose: by extrapolation error on held-back larger scales (scale-ordered CV), never by in-sample fit or
 * AIC/BIC; the simpler law when the errors are within noise of each other; and a fit whose full-data
 * optimum shows a known failure (a parameter pinned at its bound, an optimiser that did not converge, a
 * BNSL break beyond the data) only when it extrapolates clearly better than every law without one.
 * When the axis the user extrapolates along has too few scales to fold (two model sizes), folds along
 * another axis say little about it, and parsimony decides.
 */
import { maxOf } from '../arrays';
import { formatPercent } from '../format';
import type { CompareRow } from './compare';
import { foldWeightedMean, type CvPlan } from './crossValidate';

export interface Recommendation {
  law: string;
  options?: CompareRow['options'];
  objective: string;
  cvAre: number;
  reason: string;
}

/**
 * CV errors within this factor of the best are within noise: three folds of a few scales each cannot
 * tell 2.0 % from 2.1 % apart, and the law with fewer parameters extrapolates more safely.
 */
export const WITHIN_NOISE = 1.1;
/** Above this CV error no law extrapolates the data; the choice among them is noise and is said to be. */
export const UNPREDICTABLE = 0.2;
/** Warnings that mean the full-data fit cannot be trusted to extrapolate. */
export const DISQUALIFYING = new Set(['parameter-at-bound', 'optimizer-early-stop', 'bnsl-break']);

export function rowLabel(row: Pick<CompareRow, 'law' | 'options'>): string {
  const options = Object.entries(row.options ?? {}).map(([key, value]) => (value === true ? key : `${key}=${value}`));
  return options.length ? `${row.law} (${options.join(', ')})` : row.law;
}

function flaws(row: CompareRow): string[] {
  return [...new Set(row.warnings.filter((w) => DISQUALIFYING.has(w.code)).map((w) => w.code))];
}

/**
 * Each scored law's CV error (foldWeightedMean) on the folds every scored law was scored on (a law too
 * big for the smallest fold must not win by skipping the hardest fold); on its own folds when the laws
 * share none.
 */
function commonScores(rows: readonly CompareRow[]): { score: Map<CompareRow, number>; folds: number } {
  const scored = rows.filter((row) => !row.error && row.cv && row.cv.folds > 0);
  const count = maxOf([0, ...scored.map((row) => row.cv!.foldAre.length)]);
  const common = Array.from({ length: count }, (_, f) => f).filter((f) => scored.every((row) => Number.isFinite(row.cv!.foldAre[f])));
  const score = new Map<CompareRow, number>();
  for (const row of scored) score.set(row, common.length ? foldWeightedMean(row.cv!.foldAre, common) : row.cv!.are);
  return { score, folds: common.length };
}

export function recommendLaw(rows: readonly CompareRow[], plan?: Pick<CvPlan, 'axis' | 'target'>): { recommended?: Recommendation } {
  const { score, folds } = commonScores(rows);
  const scored = [...score.keys()];
  if (scored.length === 0) return {};
  const cv = (row: CompareRow) => score.get(row)!;
  const lowest = (rows: CompareRow[]) => rows.reduce((a, b) => (cv(b) < cv(a) ? b : a));
  const clean = scored.filter((row) => flaws(row).length === 0);
  const flawed = scored.filter((row) => flaws(row).length > 0);
  const offAxis = plan && plan.axis !== plan.target;
  // A flawed fit must earn its place: beat the best clean law by more than the noise. Off the target
  // axis the folds cannot show that it does.
  const pool = !clean.length || (!offAxis && flawed.length && cv(lowest(clean)) > cv(lowest(flawed)) * WITHIN_NOISE) ? scored : clean;
  const best = lowest(pool);
  // Off the target axis every law's extrapolation along it is untested: the fewest parameters, CV breaking ties.
  const near = offAxis ? pool : pool.filter((row) => cv(row) <= cv(best) * WITHIN_NOISE);
  const chosen = near.reduce((a, b) => (b.paramCount < a.paramCount || (b.paramCount === a.paramCount && cv(b) < cv(a)) ? b : a));
  const foldText = folds ? `${folds} fold${folds === 1 ? '' : 's'} shared by every law` : `${chosen.cv!.folds} fold${chosen.cv!.folds === 1 ? '' : 's'}, the laws share none`;
  const parts = [`${formatPercent(cv(chosen))} mean error predicting the next larger scales along ${plan?.axis ?? 'the scale axis'} (${foldText}, the largest fold counting most)`];
  if (offAxis) {
    parts.push(
      `too few ${plan.target} values to fold along ${plan.target}, the axis extrapolated: folds along ${plan.axis} do not test that, so the law with the fewest parameters is taken${chosen !== best ? ` (lowest CV error: ${rowLabel(best)} ${formatPercent(cv(best))})` : ''}`,
    );
  } else if (chosen !== best) {
    parts.push(`within ${formatPercent(WITHIN_NOISE - 1)} of ${rowLabel(best)} (${formatPercent(cv(best))}) with ${best.paramCount - chosen.paramCount} fewer parameters`);
  } else if (pool.length > 1) {
    const next = lowest(pool.filter((row) => row !== best));
    parts.push(`next best ${rowLabel(next)} ${formatPercent(cv(next))}`);
  }
  const refused = scored.filter((row) => !pool.includes(row) && cv(row) < cv(chosen));
  if (refused.length) parts.push(`set aside: ${refused.map((row) => `${rowLabel(row)} ${formatPercent(cv(row))} (${flaws(row).join(', ')})`).join('; ')}`);
  if (flaws(chosen).length) parts.push(`its fit warns ${flaws(chosen).join(', ')}${clean.length ? ' but it extrapolates clearly better than the laws without warnings' : ', as every law here does'}: treat the choice as tentative`);
  if (cv(chosen) > UNPREDICTABLE) parts.push(`no law predicts these data within ${formatPercent(UNPREDICTABLE)}: do not extrapolate them with any`);
  const unscored = rows.filter((row) => !scored.includes(row));
  if (unscored.length) parts.push(`not scored: ${unscored.map((row) => `${rowLabel(row)} (${row.error ?? row.cv?.skipped ?? 'no folds'})`).join('; ')}`);
  return {
    recommended: {
      law: chosen.law,
      ...(chosen.options ? { options: chosen.options } : {}),
      objective: chosen.objective.kind,
      cvAre: cv(chosen),
      reason: parts.join('; '),
    },
  };
}
